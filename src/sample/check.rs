//! The sample's own checks, beyond what the loader enforces: references resolve, records
//! agree with their towns, the real and the illustrative never mix, and the sample has the
//! shape it promises (a year of data, every town used, the seven towns' recent history).
//! Dates, kinds, roles and figures are checked by the types when the text is parsed.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};

use crate::model::{ContentKind, DatePrecision, Role, StoreDoc};

use super::{ATTACK_DAY, SEVEN, date};

const EVENT_TYPES: &[(&str, &[&str])] = &[
    (
        "Battles",
        &[
            "Armed clash",
            "Government regains territory",
            "Non-state actor overtakes territory",
        ],
    ),
    (
        "Explosions/Remote violence",
        &[
            "Chemical weapon",
            "Air/drone strike",
            "Suicide bomb",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Grenade",
        ],
    ),
    (
        "Violence against civilians",
        &[
            "Sexual violence",
            "Attack",
            "Abduction/forced disappearance",
        ],
    ),
    (
        "Protests",
        &[
            "Peaceful protest",
            "Protest with intervention",
            "Excessive force against protesters",
        ],
    ),
    ("Riots", &["Violent demonstration", "Mob violence"]),
    (
        "Strategic developments",
        &[
            "Agreement",
            "Arrests",
            "Change to group/activity",
            "Disrupted weapons use",
            "Headquarters or base established",
            "Looting/property destruction",
            "Non-violent transfer of territory",
            "Other",
        ],
    ),
];

fn unique<'a>(
    kind: &str,
    ids: impl Iterator<Item = &'a str>,
    errs: &mut Vec<String>,
) -> HashSet<&'a str> {
    let mut seen = HashSet::new();
    let mut dup = Vec::new();
    for id in ids {
        if !seen.insert(id) && dup.len() < 5 {
            dup.push(id);
        }
    }
    if !dup.is_empty() {
        errs.push(format!("duplicate {kind} ids: {dup:?}"));
    }
    seen
}

fn in_range(lat: Option<f64>, lon: Option<f64>) -> bool {
    matches!((lat, lon), (Some(la), Some(lo)) if (-90.0..=90.0).contains(&la) && (-180.0..=180.0).contains(&lo))
}

/// Everything wrong with the sample, as messages (none when it is sound).
pub fn check(doc: &StoreDoc) -> Vec<String> {
    let mut errs = Vec::new();
    if doc.schema_version != 1 {
        errs.push("schema_version must be 1".to_string());
    }
    if doc.meta.content != ContentKind::Mixed {
        errs.push("meta.content must be mixed".to_string());
    }
    if doc.meta.coverage.from.is_none() || doc.meta.coverage.to.is_none() {
        errs.push("meta.coverage needs from and to".to_string());
    }
    let town_ids = unique("town", doc.towns.iter().map(|t| t.id.as_str()), &mut errs);
    let actor_ids = unique("actor", doc.actors.iter().map(|a| a.id.as_str()), &mut errs);
    let report_ids = unique(
        "report",
        doc.reports.iter().map(|r| r.id.as_str()),
        &mut errs,
    );
    unique(
        "incident",
        doc.incidents.iter().map(|i| i.id.as_str()),
        &mut errs,
    );
    let towns: HashMap<&str, _> = doc.towns.iter().map(|t| (t.id.as_str(), t)).collect();
    for t in &doc.towns {
        if !t.id.as_str().starts_with("town:") {
            errs.push(format!("{}: town id prefix", t.id.as_str()));
        }
        if !in_range(t.lat, t.lon) {
            errs.push(format!(
                "{}: coordinates missing or out of range",
                t.id.as_str()
            ));
        }
    }
    for a in &doc.actors {
        if !a.id.as_str().starts_with("actor:") {
            errs.push(format!("{}: actor id prefix", a.id.as_str()));
        }
        if let Some(p) = &a.parent
            && !actor_ids.contains(p.as_str())
        {
            errs.push(format!("{}: parent {} missing", a.id.as_str(), p.as_str()));
        }
    }
    for r in &doc.reports {
        if !r.id.as_str().starts_with("report:") {
            errs.push(format!("{}: report id prefix", r.id.as_str()));
        }
        if r.date.is_none() {
            errs.push(format!("{}: no date", r.id.as_str()));
        }
        if r.illustrative && !r.text.starts_with("ILLUSTRATIVE") {
            errs.push(format!(
                "{}: illustrative report text must say so first",
                r.id.as_str()
            ));
        }
    }
    let illus_reports: HashSet<&str> = doc
        .reports
        .iter()
        .filter(|r| r.illustrative)
        .map(|r| r.id.as_str())
        .collect();
    let roles = [
        Role::Attacker,
        Role::Target,
        Role::ClaimedBy,
        Role::Associated,
        Role::Responder,
        Role::Mediator,
    ];
    for inc in &doc.incidents {
        let i = inc.id.as_str();
        if let Some(end) = inc.end_date
            && end < inc.date
        {
            errs.push(format!("{i}: end_date before date"));
        }
        if !matches!(
            inc.date_precision,
            DatePrecision::Day | DatePrecision::Week | DatePrecision::Month
        ) {
            errs.push(format!("{i}: date_precision"));
        }
        match towns.get(inc.town.as_str()) {
            None => errs.push(format!("{i}: town {} missing", inc.town.as_str())),
            Some(t) => {
                let same = inc.country == t.country
                    && inc.admin1 == t.admin1
                    && inc.admin2 == t.admin2
                    && inc.lat == t.lat
                    && inc.lon == t.lon;
                if !same {
                    errs.push(format!("{i}: place differs from its town"));
                }
            }
        }
        if !in_range(inc.lat, inc.lon) {
            errs.push(format!("{i}: coordinates missing or out of range"));
        }
        let subs = EVENT_TYPES
            .iter()
            .find(|(t, _)| *t == inc.event_type.as_str())
            .map_or(&[][..], |(_, s)| *s);
        if !subs.contains(&inc.sub_event_type.as_str()) {
            errs.push(format!(
                "{i}: {} / {}",
                inc.event_type.as_str(),
                inc.sub_event_type.as_str()
            ));
        }
        if inc.actors.is_empty() {
            errs.push(format!("{i}: no actors"));
        }
        for ar in &inc.actors {
            if !actor_ids.contains(ar.actor.as_str()) {
                errs.push(format!("{i}: actor {} missing", ar.actor.as_str()));
            }
            if !roles.contains(&ar.role) {
                errs.push(format!("{i}: role {}", ar.role.key()));
            }
        }
        let f = &inc.fatalities;
        let known: Vec<u32> = [f.low, f.best, f.high].into_iter().flatten().collect();
        if known.windows(2).any(|w| w[0] > w[1]) {
            errs.push(format!("{i}: fatalities low<=best<=high violated"));
        }
        for c in &inc.claims {
            if !actor_ids.contains(c.claimant.as_str()) {
                errs.push(format!("{i}: claimant {} missing", c.claimant.as_str()));
            }
            if let Some(s) = &c.source
                && !report_ids.contains(s.as_str())
            {
                errs.push(format!("{i}: claim source {} missing", s.as_str()));
            }
        }
        if inc.sources.is_empty() {
            errs.push(format!("{i}: no sources"));
        }
        for s in &inc.sources {
            if let Some(r) = &s.report
                && !report_ids.contains(r.as_str())
            {
                errs.push(format!("{i}: source report {} missing", r.as_str()));
            }
            if s.date.is_none() {
                errs.push(format!("{i}: source without a date"));
            }
        }
        let tagged = |t: &str| inc.tags.iter().any(|x| x.as_str() == t);
        let (is_real, is_illus) = (tagged("real"), tagged("illustrative"));
        if is_real == is_illus {
            errs.push(format!(
                "{i}: must be tagged exactly one of real / illustrative"
            ));
        }
        if is_illus {
            if !inc.sources.iter().all(|s| s.illustrative) {
                errs.push(format!(
                    "{i}: illustrative incident with a non-illustrative source"
                ));
            }
            if inc.sources.iter().any(|s| {
                !s.report
                    .as_ref()
                    .is_some_and(|r| illus_reports.contains(r.as_str()))
            }) {
                errs.push(format!("{i}: illustrative incident citing a real report"));
            }
            if !inc.notes.contains("Illustrative record") {
                errs.push(format!("{i}: illustrative notes must say so"));
            }
        }
        if is_real && inc.sources.iter().any(|s| s.illustrative) {
            errs.push(format!("{i}: real incident with an illustrative source"));
        }
        if inc.summary.chars().count() < 20 || inc.notes.is_empty() {
            errs.push(format!("{i}: summary/notes"));
        }
    }
    errs.extend(targets(doc, &town_ids));
    errs
}

/// The shape the sample promises.
fn targets(doc: &StoreDoc, town_ids: &HashSet<&str>) -> Vec<String> {
    let mut errs = Vec::new();
    let first = doc.incidents.iter().map(|i| i.date).min();
    let last = doc.incidents.iter().map(|i| i.date).max();
    let span = match (first, last) {
        (Some(a), Some(b)) => (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32 + 1,
        _ => 0,
    };
    if doc.incidents.len() < 300 {
        errs.push("fewer than 300 incidents".to_string());
    }
    if span < 12 {
        errs.push("span under 12 months".to_string());
    }
    if doc.towns.len() < 40 {
        errs.push("fewer than 40 towns".to_string());
    }
    if doc.actors.len() < 15 {
        errs.push("fewer than 15 actors".to_string());
    }
    let used: HashSet<&str> = doc.incidents.iter().map(|i| i.town.as_str()).collect();
    let mut unused: Vec<&&str> = town_ids.iter().filter(|t| !used.contains(**t)).collect();
    unused.sort();
    if !unused.is_empty() {
        errs.push(format!("towns without incidents: {unused:?}"));
    }
    let recent: NaiveDate = date(2025, 4, 2);
    for slug in SEVEN {
        let id = format!("town:{slug}");
        let n = doc
            .incidents
            .iter()
            .filter(|i| i.town.as_str() == id && recent <= i.date && i.date < ATTACK_DAY)
            .count();
        if n < 2 {
            errs.push(format!(
                "{slug}: fewer than 2 incidents in the 90 days before 1 July 2025"
            ));
        }
    }
    errs
}
