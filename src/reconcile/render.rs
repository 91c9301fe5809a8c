//! A reconciliation as text, CSV or JSON. The JSON layout is a contract (README
//! "sitrep reconcile"): `{"rules", "matched": [{"a", "b", "days", "km", "score",
//! "differences"}], "only_a", "only_b", "ambiguous": [{"a", "candidates"}]}`.

use std::collections::HashSet;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Reconciliation, Side};
use crate::store::Ix;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
    Json,
}

/// The id a dataset gives an incident: UCDP's `id` (sitrep keeps it as `ged:<id>`),
/// ACLED's `event_id_cnty` (kept as it is).
pub fn dataset_id(id: &str) -> &str {
    id.strip_prefix("ged:").unwrap_or(id)
}

/// Ids as the datasets give them, prefixed `a:`/`b:` only where both sides hold the id.
struct Ids<'s> {
    a: &'s Side<'s>,
    b: &'s Side<'s>,
    clash: HashSet<String>,
}

impl<'s> Ids<'s> {
    fn new(a: &'s Side<'s>, b: &'s Side<'s>) -> Ids<'s> {
        let ida: HashSet<&str> = a
            .incidents
            .iter()
            .map(|&i| dataset_id(&a.store.incident(i).id))
            .collect();
        let clash = b
            .incidents
            .iter()
            .map(|&i| dataset_id(&b.store.incident(i).id))
            .filter(|id| ida.contains(id))
            .map(str::to_string)
            .collect();
        Ids { a, b, clash }
    }
    fn id(&self, side: &Side, prefix: &str, i: Ix) -> String {
        let id = dataset_id(&side.store.incident(i).id);
        if self.clash.contains(id) {
            format!("{prefix}:{id}")
        } else {
            id.to_string()
        }
    }
    fn a(&self, i: Ix) -> String {
        self.id(self.a, "a", i)
    }
    fn b(&self, i: Ix) -> String {
        self.id(self.b, "b", i)
    }
}

pub fn write(
    r: &Reconciliation,
    a: &Side,
    b: &Side,
    format: Format,
    out: &mut dyn Write,
) -> io::Result<()> {
    let ids = Ids::new(a, b);
    match format {
        Format::Json => {
            let v = json!({
                "rules": r.rules,
                "matched": r.matched.iter().map(|m| json!({
                    "a": ids.a(m.a), "b": ids.b(m.b), "days": m.days, "km": m.km,
                    "score": m.score,
                    "differences": m.differences.iter().map(|d| json!({
                        "field": d.field, "a": d.a, "b": d.b})).collect::<Vec<Value>>(),
                })).collect::<Vec<Value>>(),
                "only_a": r.only_a.iter().map(|&i| ids.a(i)).collect::<Vec<_>>(),
                "only_b": r.only_b.iter().map(|&i| ids.b(i)).collect::<Vec<_>>(),
                "ambiguous": r.ambiguous.iter().map(|x| json!({
                    "a": ids.a(x.a),
                    "candidates": x.candidates.iter().map(|c| ids.b(c.0)).collect::<Vec<_>>(),
                })).collect::<Vec<Value>>(),
            });
            crate::text::json::to_writer_pretty(&mut *out, &v).map_err(io::Error::other)?;
            writeln!(out)
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "status", "a", "b", "days", "km", "score", "actors", "details",
            ])?;
            for rule in &r.rules {
                w.write_record(["rule", "", "", "", "", "", "", rule])?;
            }
            for m in &r.matched {
                let mut det = vec![format!("fatalities: {}", m.fatalities)];
                det.extend(
                    m.differences
                        .iter()
                        .filter(|d| d.field != "fatalities")
                        .map(|d| {
                            format!("{}: {}: {}; {}: {}", d.field, a.label, d.a, b.label, d.b)
                        }),
                );
                let det: Vec<String> = det
                    .iter()
                    .map(|s| crate::store::export::spreadsheet_safe(s).into_owned())
                    .collect();
                w.write_record([
                    "matched",
                    &ids.a(m.a),
                    &ids.b(m.b),
                    &m.days.to_string(),
                    &m.km.to_string(),
                    &m.score.to_string(),
                    m.verdict.key(),
                    &det.join(" | "),
                ])?;
            }
            for &i in &r.only_a {
                w.write_record(["only_a", &ids.a(i), "", "", "", "", "", ""])?;
            }
            for &i in &r.only_b {
                w.write_record(["only_b", "", &ids.b(i), "", "", "", "", ""])?;
            }
            for x in &r.ambiguous {
                let c: Vec<String> = x
                    .candidates
                    .iter()
                    .map(|c| format!("{} ({})", ids.b(c.0), c.1))
                    .collect();
                w.write_record(["ambiguous", &ids.a(x.a), &c.join("; "), "", "", "", "", ""])?;
            }
            w.flush()
        }
        Format::Text => {
            writeln!(
                out,
                "RECONCILE A: {} ({}, {} incidents) with B: {} ({}, {} incidents)",
                a.store.source,
                a.label,
                a.incidents.len(),
                b.store.source,
                b.label,
                b.incidents.len()
            )?;
            writeln!(out, "Rules:")?;
            for rule in &r.rules {
                for (k, line) in crate::text::wrap(rule, 76).iter().enumerate() {
                    writeln!(out, "  {} {line}", if k == 0 { "-" } else { " " })?;
                }
            }
            writeln!(
                out,
                "\nMatched {}, ambiguous {} (of A), only in A {}, only in B {}",
                r.matched.len(),
                r.ambiguous.len(),
                r.only_a.len(),
                r.only_b.len()
            )?;
            writeln!(out, "\nMATCHED ({})", r.matched.len())?;
            for m in &r.matched {
                let (x, y) = (a.store.incident(m.a), b.store.incident(m.b));
                writeln!(
                    out,
                    "  {} = {}  score {}, {} day(s) apart, {} km apart, {}",
                    ids.a(m.a),
                    ids.b(m.b),
                    m.score,
                    m.days,
                    m.km,
                    m.verdict.key()
                )?;
                writeln!(
                    out,
                    "    {}: {} {}; {}: {} {}",
                    a.label,
                    x.date_label(),
                    a.store.town_name(&x.town),
                    b.label,
                    y.date_label(),
                    b.store.town_name(&y.town)
                )?;
                writeln!(out, "    fatalities: {}", m.fatalities)?;
                for d in m.differences.iter().filter(|d| d.field != "fatalities") {
                    writeln!(
                        out,
                        "    {}: {}: {}; {}: {}",
                        d.field, a.label, d.a, b.label, d.b
                    )?;
                }
            }
            writeln!(out, "\nAMBIGUOUS ({})", r.ambiguous.len())?;
            for x in &r.ambiguous {
                let c: Vec<String> = x
                    .candidates
                    .iter()
                    .map(|c| format!("{} ({})", ids.b(c.0), c.1))
                    .collect();
                writeln!(out, "  {}: candidates {}", ids.a(x.a), c.join(", "))?;
            }
            let list = |out: &mut dyn Write,
                        title: &str,
                        side: &Side,
                        v: &[Ix],
                        id: &dyn Fn(Ix) -> String|
             -> io::Result<()> {
                writeln!(out, "\n{title} ({})", v.len())?;
                for &i in v {
                    let inc = side.store.incident(i);
                    writeln!(
                        out,
                        "  {}  {} {}",
                        id(i),
                        inc.date_label(),
                        side.store.town_name(&inc.town)
                    )?;
                }
                Ok(())
            };
            list(out, "ONLY IN A", a, &r.only_a, &|i| ids.a(i))?;
            list(out, "ONLY IN B", b, &r.only_b, &|i| ids.b(i))?;
            Ok(())
        }
    }
}
