//! Writing an imported store: the same bytes as `serde_json::to_writer`, made faster by
//! serialising incidents on all cores and by writing the common incident shape directly.

use std::io::{self, Write};
use std::sync::Mutex;

use chrono::{Datelike, NaiveDate};
use serde_json::ser::{CompactFormatter, Formatter};

use super::pipeline;
use crate::model::{Incident, StoreDoc};

/// Incidents serialised per batch, on each worker thread.
const BATCH: usize = 1024;

/// Writes `doc` as `serde_json::to_writer(w, doc)` would, byte for byte, with the
/// incidents serialised in batches on all cores while this thread writes finished batches
/// in order.
pub fn write_doc(w: &mut impl Write, doc: &mut StoreDoc) -> io::Result<()> {
    let incidents = std::mem::take(&mut doc.incidents);
    let head = serde_json::to_vec(&*doc);
    doc.incidents = incidents;
    let head = head?;
    // The incidents are the last field, so the document without them ends `"incidents":[]}`.
    let Some(head) = head.strip_suffix(b"[]}") else {
        serde_json::to_writer(&mut *w, &*doc)?;
        return Ok(());
    };
    w.write_all(head)?;
    w.write_all(b"[")?;
    let incidents = &doc.incidents;
    // Batch buffers go back and forth rather than being allocated (and faulted in) anew.
    let spare: Mutex<Vec<Vec<u8>>> = Mutex::default();
    let mut result = Ok(());
    pipeline::in_order(
        incidents.len().div_ceil(BATCH),
        pipeline::workers(),
        |b| -> io::Result<Vec<u8>> {
            let mut out = spare
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .pop()
                .unwrap_or_default();
            out.clear();
            for (k, inc) in incidents[b * BATCH..].iter().take(BATCH).enumerate() {
                if b + k > 0 {
                    out.push(b',');
                }
                write_incident(&mut out, inc)?;
            }
            Ok(out)
        },
        |_, out| {
            result = out.and_then(|out| {
                w.write_all(&out)?;
                spare.lock().unwrap_or_else(|e| e.into_inner()).push(out);
                Ok(())
            });
            result.is_ok()
        },
    );
    result?;
    w.write_all(b"]}")?;
    Ok(())
}

/// One incident as `serde_json::to_writer` writes it. Imports give every incident the same
/// simple shape, written here field by field; anything else (claims, sources with more
/// than an outlet, years outside 0-9999) goes through serde.
pub fn write_incident(out: &mut Vec<u8>, inc: &Incident) -> io::Result<()> {
    let simple = inc.claims.is_empty()
        && inc
            .sources
            .iter()
            .all(|s| s.report.is_none() && s.url.is_none() && s.date.is_none() && !s.illustrative)
        && plain_date(inc.date)
        && inc.end_date.is_none_or(plain_date);
    if !simple {
        return Ok(serde_json::to_writer(out, inc)?);
    }
    out.extend_from_slice(b"{\"id\":");
    string(out, &inc.id)?;
    out.extend_from_slice(b",\"date\":");
    date(out, inc.date);
    out.extend_from_slice(b",\"date_precision\":\"");
    out.extend_from_slice(inc.date_precision.key().as_bytes());
    out.push(b'"');
    if let Some(d) = inc.end_date {
        out.extend_from_slice(b",\"end_date\":");
        date(out, d);
    }
    if let Some(g) = inc.geo_precision {
        out.extend_from_slice(b",\"geo_precision\":\"");
        out.extend_from_slice(g.key().as_bytes());
        out.push(b'"');
    }
    out.extend_from_slice(b",\"town\":");
    string(out, &inc.town)?;
    out.extend_from_slice(b",\"country\":");
    string(out, &inc.country)?;
    out.extend_from_slice(b",\"admin1\":");
    string(out, &inc.admin1)?;
    out.extend_from_slice(b",\"admin2\":");
    string(out, &inc.admin2)?;
    if let Some(v) = inc.lat {
        out.extend_from_slice(b",\"lat\":");
        float(out, v)?;
    }
    if let Some(v) = inc.lon {
        out.extend_from_slice(b",\"lon\":");
        float(out, v)?;
    }
    out.extend_from_slice(b",\"event_type\":");
    string(out, &inc.event_type)?;
    out.extend_from_slice(b",\"sub_event_type\":");
    string(out, &inc.sub_event_type)?;
    if let Some(t) = &inc.coded_event_type {
        out.extend_from_slice(b",\"coded_event_type\":");
        string(out, t)?;
    }
    out.extend_from_slice(b",\"actors\":[");
    for (k, a) in inc.actors.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"actor\":");
        string(out, &a.actor)?;
        out.extend_from_slice(b",\"role\":\"");
        out.extend_from_slice(a.role.key().as_bytes());
        out.extend_from_slice(b"\"}");
    }
    out.extend_from_slice(b"],\"fatalities\":{");
    let mut first = true;
    let f = &inc.fatalities;
    for (key, v) in [
        ("low", f.low),
        ("best", f.best),
        ("high", f.high),
        ("side_a", f.side_a),
        ("side_b", f.side_b),
        ("civilians", f.civilians),
        ("unknown", f.unknown),
    ] {
        if let Some(v) = v {
            if !first {
                out.push(b',');
            }
            first = false;
            out.push(b'"');
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(b"\":");
            CompactFormatter.write_u32(out, v)?;
        }
    }
    out.extend_from_slice(b"},\"summary\":");
    string(out, &inc.summary)?;
    if !inc.notes.is_empty() {
        out.extend_from_slice(b",\"notes\":");
        string(out, &inc.notes)?;
    }
    out.extend_from_slice(b",\"sources\":[");
    for (k, s) in inc.sources.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"outlet\":");
        string(out, &s.outlet)?;
        out.push(b'}');
    }
    out.push(b']');
    if !inc.tags.is_empty() {
        out.extend_from_slice(b",\"tags\":[");
        for (k, t) in inc.tags.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            string(out, t)?;
        }
        out.push(b']');
    }
    if let Some(o) = &inc.origin {
        out.extend_from_slice(b",\"origin\":{\"file\":");
        string(out, &o.file)?;
        out.extend_from_slice(b",\"line\":");
        CompactFormatter.write_u64(out, o.line)?;
        if let Some(d) = o.data_id {
            out.extend_from_slice(b",\"data_id\":");
            CompactFormatter.write_u64(out, d)?;
        }
        if let Some(t) = o.timestamp {
            out.extend_from_slice(b",\"timestamp\":");
            CompactFormatter.write_i64(out, t)?;
        }
        if let Some(l) = &o.location {
            out.extend_from_slice(b",\"location\":");
            string(out, l)?;
        }
        out.push(b'}');
    }
    if !inc.dataset.is_empty() {
        out.extend_from_slice(b",\"dataset\":");
        string(out, &inc.dataset)?;
    }
    out.push(b'}');
    Ok(())
}

/// A JSON string; copied as is when nothing in it needs escaping, which is nearly always.
fn string(out: &mut Vec<u8>, s: &str) -> io::Result<()> {
    // No early exit, so the check compiles to vector compares.
    let escapes = s
        .bytes()
        .fold(false, |e, b| e | (b < 0x20) | (b == b'"') | (b == b'\\'));
    if !escapes {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        Ok(())
    } else {
        Ok(serde_json::to_writer(out, s)?)
    }
}

/// Years chrono writes as four plain digits.
fn plain_date(d: NaiveDate) -> bool {
    (0..=9999).contains(&d.year())
}

/// "YYYY-MM-DD" in quotes, as chrono's serde writes a date of a [`plain_date`] year.
fn date(out: &mut Vec<u8>, d: NaiveDate) {
    let (y, m, day) = (d.year() as u32, d.month(), d.day());
    let digit = |v: u32| b'0' + (v % 10) as u8;
    out.extend_from_slice(&[
        b'"',
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(day / 10),
        digit(day),
        b'"',
    ]);
}

/// A number as serde_json writes an f64 (null when not finite).
fn float(out: &mut Vec<u8>, v: f64) -> io::Result<()> {
    if v.is_finite() {
        CompactFormatter.write_f64(out, v)?;
    } else {
        out.extend_from_slice(b"null");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorRole, Claim, Fatalities, Origin, Role, Source, Sym};

    fn check(inc: &Incident) {
        let mut fast = Vec::new();
        write_incident(&mut fast, inc).unwrap();
        let serde = serde_json::to_vec(inc).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&fast),
            String::from_utf8_lossy(&serde)
        );
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn sample() -> Incident {
        Incident {
            id: "MLI1".into(),
            date: d(2024, 2, 9),
            date_precision: crate::model::DatePrecision::Week,
            end_date: None,
            geo_precision: Some(crate::model::GeoPrecision::Admin1),
            town: Sym::new("town:mali:kayes:kayes"),
            country: Sym::new("Mali"),
            admin1: Sym::new("Ségou"),
            admin2: Sym::new(""),
            lat: Some(14.2),
            lon: Some(-6.0),
            event_type: Sym::new("Battles"),
            sub_event_type: Sym::new("Armed \"clash\""),
            coded_event_type: Some(Sym::new("Battle-No change of territory")),
            actors: vec![
                ActorRole {
                    actor: Sym::new("actor:a"),
                    role: Role::ClaimedBy,
                },
                ActorRole {
                    actor: Sym::new("actor:b\\"),
                    role: Role::Target,
                },
                ActorRole {
                    actor: Sym::new("actor:c"),
                    role: Role::SideB,
                },
                ActorRole {
                    actor: Sym::new("actor:d"),
                    role: Role::Actor1,
                },
            ],
            fatalities: Fatalities {
                low: Some(1),
                best: None,
                high: Some(4_000_000_000),
                side_a: Some(2),
                civilians: Some(0),
                ..Fatalities::default()
            },
            claims: Vec::new(),
            summary: "a\tb\u{1}\u{7f}é".into(),
            notes: "line\nline".into(),
            sources: vec![Source {
                report: None,
                outlet: Sym::new("AFP"),
                url: None,
                date: None,
                illustrative: false,
            }],
            tags: vec![Sym::new("x"), Sym::new("")],
            origin: Some(Origin {
                file: Sym::new("a.csv"),
                line: 7,
                data_id: Some(1884506),
                timestamp: Some(-1),
                location: Some(Sym::new("Toguere\u{2010}Koumbe \"x\"")),
            }),
            dataset: Sym::new("ACLED"),
        }
    }

    #[test]
    fn a_document_in_many_batches_is_what_serde_json_writes() {
        let mut doc = StoreDoc::default();
        doc.meta.title = "batches".into();
        for k in 0..2 * BATCH + 7 {
            let mut inc = sample();
            inc.id = format!("X{k}");
            if k % 3 == 0 {
                inc.notes = "a \"quote\"".into();
            }
            doc.incidents.push(inc);
        }
        let mut out = Vec::new();
        write_doc(&mut out, &mut doc).unwrap();
        assert!(out == serde_json::to_vec(&doc).unwrap());
        doc.incidents.clear();
        out.clear();
        write_doc(&mut out, &mut doc).unwrap();
        assert_eq!(out, serde_json::to_vec(&doc).unwrap());
    }

    #[test]
    fn same_bytes_as_serde() {
        let mut inc = sample();
        check(&inc);
        if let Some(o) = inc.origin.as_mut() {
            o.data_id = None;
            o.location = None;
        }
        check(&inc);
        inc.end_date = Some(d(2024, 12, 31));
        inc.lat = Some(f64::NAN);
        inc.lon = None;
        inc.notes.clear();
        inc.tags.clear();
        inc.origin = None;
        inc.actors.clear();
        inc.sources.clear();
        inc.fatalities = Fatalities::default();
        inc.geo_precision = None;
        inc.coded_event_type = None;
        inc.date_precision = crate::model::DatePrecision::Days;
        check(&inc);
        inc.date_precision = crate::model::DatePrecision::Months;
        check(&inc);
        inc.date = d(33, 1, 5);
        check(&inc);
        inc.date = d(-3, 1, 5);
        check(&inc);
        inc.date = d(12000, 1, 5);
        check(&inc);
        inc.sources.push(Source {
            report: Some(Sym::new("r")),
            outlet: Sym::new("o"),
            url: Some("u".into()),
            date: Some(d(2020, 1, 1)),
            illustrative: true,
        });
        check(&inc);
        inc.claims.push(Claim {
            claimant: Sym::new("actor:a"),
            claim: "c".into(),
            figure: Some(3),
            figure_label: None,
            source: None,
        });
        check(&inc);
    }
}
