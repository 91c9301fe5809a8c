//! Watches evaluated, as text (for a terminal or a cron mail) and JSON (the contract:
//! `{"watches": [{"name", "rule", "fired", "value", "threshold", "incident_ids"}]}`, with
//! `filter`, `period`, `incidents` and `note` beside).

use std::fmt::Write as _;

use super::{Outcome, Rule};
use crate::store::{Ix, Store};

/// How many incidents text lists under a fired watch (JSON lists every one).
pub const LISTED: usize = 20;

/// "inc-1 (2025-07-29) Diboli, Kayes, Mali: 12 killed".
pub fn incident_line(store: &Store, i: Ix) -> String {
    let inc = store.incident(i);
    let place = crate::text::place([
        store.town_name(&inc.town),
        inc.admin1.as_str(),
        inc.country.as_str(),
    ]);
    let killed = match inc.fatalities.best {
        Some(n) => format!("{n} killed"),
        None => "no figure".into(),
    };
    format!("{} ({}) {place}: {killed}", inc.id, inc.date)
}

/// What was measured, in words: "9 incidents in 2025-W31 (2025-07-28 to 2025-08-03),
/// above 3".
pub fn measured(o: &Outcome) -> String {
    let period = o
        .period
        .as_ref()
        .map(|p| format!(" in {} ({} to {})", p.label, p.since, p.until))
        .unwrap_or_default();
    let verdict = |above: bool| if above { "above" } else { "not above" };
    match o.rule {
        Rule::Any => format!(
            "{} incident{} match{}",
            o.value,
            if o.value == 1 { "" } else { "s" },
            if o.value == 1 { "es" } else { "" }
        ),
        Rule::CountAbove { .. } => format!(
            "{} incident{}{period}, {} {}",
            o.value,
            if o.value == 1 { "" } else { "s" },
            verdict(o.value > o.threshold),
            o.threshold
        ),
        Rule::FatalitiesAboveHigh { weeks } => format!(
            "{} killed{period}; the high of the {weeks} weeks before: {}",
            o.value, o.threshold
        ),
    }
}

pub fn text(store: &Store, outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    let fired = outcomes.iter().filter(|o| o.fired).count();
    let newest = store
        .newest_date()
        .map(|d| format!(" (newest incident {d})"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "WATCHES: {}{newest}: {fired} of {} fired",
        store.source,
        outcomes.len()
    );
    // Every line at most 80 columns, continuation lines under their first.
    let push = |out: &mut String, text: &str, indent: usize| {
        for (k, l) in crate::text::wrap(text, 80 - indent - 2).iter().enumerate() {
            let pad = if k == 0 { indent } else { indent + 2 };
            let _ = writeln!(out, "{:pad$}{l}", "");
        }
    };
    for o in outcomes {
        let state = if o.fired { "FIRED" } else { "quiet" };
        out.push('\n');
        push(&mut out, &format!("{state}  {}", o.name), 0);
        let filter = if o.filter.is_empty() {
            "(none: every incident)"
        } else {
            o.filter.as_str()
        };
        push(
            &mut out,
            &format!("rule: {}; filter: {filter}", o.rule.text()),
            7,
        );
        push(&mut out, &measured(o), 7);
        if let Some(n) = &o.note {
            push(&mut out, &format!("note: {n}"), 7);
        }
        if o.fired {
            for &i in o.incidents.iter().take(LISTED) {
                push(&mut out, &incident_line(store, i), 9);
            }
            if o.incidents.len() > LISTED {
                push(
                    &mut out,
                    &format!(
                        "... and {} more (--format json lists every one)",
                        o.incidents.len() - LISTED
                    ),
                    9,
                );
            }
        }
    }
    out
}

pub fn json(store: &Store, outcomes: &[Outcome]) -> String {
    let watches: Vec<serde_json::Value> = outcomes
        .iter()
        .map(|o| {
            serde_json::json!({
                "name": o.name,
                "rule": o.rule.text(),
                "filter": o.filter,
                "fired": o.fired,
                "value": o.value,
                "threshold": o.threshold,
                "period": o.period,
                "incident_ids": o.incidents.iter().map(|&i| store.incident(i).id.clone()).collect::<Vec<_>>(),
                "incidents": o.incidents.iter().map(|&i| {
                    let inc = store.incident(i);
                    serde_json::json!({
                        "id": inc.id,
                        "date": inc.date.to_string(),
                        "place": crate::text::place([
                            store.town_name(&inc.town),
                            inc.admin1.as_str(),
                            inc.country.as_str(),
                        ]),
                        "fatalities": inc.fatalities.best,
                    })
                }).collect::<Vec<_>>(),
                "note": o.note,
            })
        })
        .collect();
    let v = serde_json::json!({
        "store": store.source,
        "newest": store.newest_date().map(|d| d.to_string()),
        "fired": outcomes.iter().filter(|o| o.fired).count(),
        "watches": watches,
    });
    crate::text::json::to_string_pretty(&v).expect("watches always serialise") + "\n"
}
