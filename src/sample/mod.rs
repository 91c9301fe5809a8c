//! Builds `data/sample.json`, the sample store shipped in the binary (issue 14; this
//! replaced the former `data/tools/build_sample.py`, and gives the same bytes).
//!
//! Run `cargo run --example build_sample` to write the file, `-- --check` to compare it;
//! `tests/sample_builds.rs` rebuilds it in memory and checks it is the file in the tree.
//!
//! What goes in:
//! * REAL: seven incidents for JNIM's coordinated attacks of 1 July 2025 on army positions
//!   in Diboli, Kayes, Nioro du Sahel, Gogui, Sandaré, Niono and Molodo, coded from a news
//!   report (`data/tools/sources/`, kept in full) and a summary of a Le Quotidien (Senegal)
//!   report. They carry the tag `real`.
//! * ILLUSTRATIVE: every other incident, and the reports it cites, is invented here to give
//!   the sample a realistic shape (13 months, 5 countries). Each cites only reports marked
//!   illustrative, has `illustrative: true` on every source, the tag `illustrative`, and says
//!   so at the end of its notes.
//! * Towns from `data/tools/towns.csv` and actors from `data/tools/actors.json`.
//!
//! The invented records come from a fixed seed through [`pyrandom::PyRandom`], a copy of
//! CPython's generator, so they are the records the Python script made. Nothing else in the
//! crate depends on this module; it uses only the model (through `check`) and the store.

pub mod check;
pub mod json;
pub mod pyrandom;

mod armed;
mod civil;
mod event;
mod plan;
mod real;
mod tables;

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};

use json::J;
use pyrandom::PyRandom;

pub const RANDOM_SEED: u64 = 20_250_701;
pub const START: NaiveDate = date(2024, 7, 1);
pub const END: NaiveDate = date(2025, 7, 31);
pub const ATTACK_DAY: NaiveDate = date(2025, 7, 1);
pub const SEVEN: [&str; 7] = [
    "diboli",
    "kayes",
    "nioro-du-sahel",
    "gogui",
    "sandare",
    "niono",
    "molodo",
];

const ARTICLE_REPORT: &str = "report:mali-renewed-violence-2025-07-01";
const LQ_REPORT: &str = "report:lequotidien-diboli-2025-07-02";
const LQ_URL: &str =
    "https://lequotidien.sn/terrorist-attack-in-diboli-mali-shots-2-km-away-from-senegal/";
const ARTICLE_OUTLET: &str = "News report (publisher not recorded)";
const LQ_OUTLET: &str = "Le Quotidien (Senegal)";

const DIGEST_OUTLET: &str = "Illustrative Sahel Digest (invented)";
const CLAIMS_OUTLET: &str = "Illustrative Claims Monitor (invented)";
const FIELD_OUTLET: &str = "Illustrative Field Network, western Mali (invented)";
const PARTNER_OUTLET: &str = "Illustrative Local Partner Notes (invented)";
const WEST_REPORT: &str = "report:illus-western-mali-roads-2025-q2";
const PARTNER_REPORT: &str = "report:illus-partner-notes-bf-niger";

const ILLUS_BANNER: &str = "ILLUSTRATIVE: this report is invented for the sitrep sample data. It is not real \
                            reporting and no real outlet published it. ";

const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(d) => d,
        None => panic!("not a date"),
    }
}

fn month_end(y: i32, m: u32) -> NaiveDate {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    date(ny, nm, 1)
        .pred_opt()
        .expect("a day before the first of a month")
}

/// The 13 months the sample covers, as (year, month).
fn months() -> Vec<(i32, u32)> {
    let mut out = Vec::new();
    let (mut y, mut m) = (START.year(), START.month());
    while (y, m) <= (END.year(), END.month()) {
        out.push((y, m));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

fn quarter_of(d: NaiveDate) -> String {
    format!("{}q{}", d.year(), (d.month() - 1) / 3 + 1)
}

fn claims_report_id(d: NaiveDate) -> String {
    format!("report:illus-claims-{}", quarter_of(d))
}

fn digest_id(d: NaiveDate) -> String {
    format!("report:illus-digest-{}", d.format("%Y-%m"))
}

/// The date of an illustrative report, from its id.
fn report_date(rid: &str) -> NaiveDate {
    if let Some(ym) = rid.strip_prefix("report:illus-digest-") {
        let (y, m) = ym.split_once('-').expect("digest id ends in YYYY-MM");
        let (y, m) = (y.parse().expect("year"), m.parse().expect("month"));
        return month_end(y, m).min(END);
    }
    if let Some(q) = rid.strip_prefix("report:illus-claims-") {
        let y: i32 = q[..4].parse().expect("year");
        let n: u32 = q[5..6].parse().expect("quarter");
        return month_end(y, n * 3).min(END);
    }
    match rid {
        WEST_REPORT => date(2025, 6, 30),
        PARTNER_REPORT => END,
        other => panic!("no date for report {other}"),
    }
}

/// How a claims digest names a claimant.
fn claimant_name<'a>(id: &str, actor_name: &'a HashMap<String, String>) -> &'a str {
    match id {
        "actor:fama" => "The Malian army",
        "actor:bf-forces" => "The Burkinabe army",
        "actor:niger-forces" => "The Nigerien army",
        "actor:jnim" => "JNIM",
        "actor:is-sahel" => "IS Sahel",
        "actor:fla" => "The FLA",
        other => actor_name
            .get(other)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("claimant {other} is not an actor")),
    }
}

fn illustrative_reports(incidents: &[plan::Illus], actor_name: &HashMap<String, String>) -> Vec<J> {
    let mut cites: BTreeMap<String, Vec<&plan::Illus>> = BTreeMap::new();
    for inc in incidents {
        for r in inc.cited_reports() {
            cites.entry(r).or_default().push(inc);
        }
        for c in inc.claims() {
            if let Some(src) = c
                .str_of("source")
                .filter(|s| s.starts_with("report:illus-claims-"))
            {
                cites.entry(src.to_string()).or_default().push(inc);
            }
        }
    }
    let mut out = Vec::new();
    for (rid, incs) in cites.iter().filter(|(r, _)| r.starts_with("report:illus-")) {
        let mut incs: Vec<&plan::Illus> = incs.clone();
        incs.sort_by(|a, b| (&a.date, &a.id).cmp(&(&b.date, &b.id)));
        incs.dedup_by(|a, b| a.id == b.id);
        let d = report_date(rid);
        let listed = |incs: &[&plan::Illus]| -> Vec<String> {
            incs.iter()
                .map(|i| format!("- {} {}: {}", i.date, i.town_name, i.summary))
                .collect()
        };
        let (title, outlet, intro, lines);
        if rid.starts_with("report:illus-digest-") {
            title = format!("ILLUSTRATIVE: Sahel security digest, {}", d.format("%B %Y"));
            outlet = DIGEST_OUTLET;
            intro = format!(
                "Invented monthly digest of {} incidents in Mali and neighbouring countries.",
                incs.len()
            );
            lines = listed(&incs);
        } else if let Some(q) = rid.strip_prefix("report:illus-claims-") {
            title = format!(
                "ILLUSTRATIVE: Claims monitor, Q{} {} (army communiques and armed-group statements)",
                &q[5..6],
                &q[..4]
            );
            outlet = CLAIMS_OUTLET;
            intro = "Invented digest of parties' claims about incidents; claims are reported as made, not verified."
                .to_string();
            let mut l = Vec::new();
            for i in &incs {
                for c in i.claims() {
                    if c.str_of("source") == Some(rid.as_str()) {
                        let who =
                            claimant_name(c.str_of("claimant").expect("claimant"), actor_name);
                        let what = c.str_of("claim").expect("claim");
                        l.push(format!("- {} {}: {who} {what}.", i.date, i.town_name));
                    }
                }
            }
            lines = l;
        } else if rid == WEST_REPORT {
            title = "ILLUSTRATIVE: Roads under pressure: armed-group activity in western Mali, April-June 2025"
                .to_string();
            outlet = FIELD_OUTLET;
            intro = "Invented field report on the spread of attacks, abductions and truck burnings along the \
                     roads linking Kayes, Nioro du Sahel and Diéma to Senegal, Mauritania and Bamako."
                .to_string();
            lines = listed(&incs);
        } else {
            title = "ILLUSTRATIVE: Local partner notes, Burkina Faso and western Niger".to_string();
            outlet = PARTNER_OUTLET;
            intro = "Invented running notes from local contacts in Burkina Faso and Niger's Tillaberi region."
                .to_string();
            lines = listed(&incs);
        }
        out.push(
            J::obj()
                .with("id", rid.as_str())
                .with("title", title)
                .with("outlet", outlet)
                .with("date", d.to_string())
                .with("language", "en")
                .with("licence", "CC BY 4.0 (invented sample text)")
                .with(
                    "text",
                    format!("{ILLUS_BANNER}{intro}\n\n{}", lines.join("\n")),
                )
                .with("excerpt_only", false)
                .with("illustrative", true),
        );
    }
    out
}

/// The inputs the sample is built from (the files under `data/tools/`).
pub struct Inputs<'a> {
    pub towns_csv: &'a str,
    pub actors_json: &'a str,
    pub article: &'a str,
}

impl Inputs<'static> {
    /// The files in the tree, compiled in.
    pub fn bundled() -> Inputs<'static> {
        Inputs {
            towns_csv: tables::TOWNS_CSV,
            actors_json: tables::ACTORS_JSON,
            article: tables::ARTICLE,
        }
    }
}

/// The sample store as a JSON document, in the order and format of `data/sample.json`.
pub fn build_doc(inputs: &Inputs) -> Result<J, String> {
    let mut rng = PyRandom::new(RANDOM_SEED);
    let towns = tables::load_towns(inputs.towns_csv)?;
    let actors = tables::load_actors(inputs.actors_json)?;
    let real = real::real_incidents(&towns);
    let illus = plan::build_illustrative(&mut rng, &towns);
    let actor_name: HashMap<String, String> = actors
        .iter()
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();
    let mut reports = real::real_reports(inputs.article);
    reports.extend(illustrative_reports(&illus, &actor_name));
    let n_illus = illus.len();
    let mut incidents: Vec<(String, String, J)> = real
        .into_iter()
        .map(|j| {
            let date = j.str_of("date").expect("date").to_string();
            let id = j.str_of("id").expect("id").to_string();
            (date, id, j)
        })
        .chain(illus.into_iter().map(|i| (i.date, i.id, i.json)))
        .collect();
    let n_real = incidents.len() - n_illus;
    incidents.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let towns_json: Vec<J> = towns
        .iter()
        .map(|t| {
            J::obj()
                .with("id", t.id.as_str())
                .with("name", t.name.as_str())
                .with("aliases", t.aliases.clone())
                .with("country", t.country.as_str())
                .with("admin1", t.admin1.as_str())
                .with("admin2", t.admin2.as_str())
                .with("lat", t.lat)
                .with("lon", t.lon)
        })
        .collect();
    let actors_json: Vec<J> = actors
        .iter()
        .map(|a| {
            let mut rec = J::obj()
                .with("id", a.id.as_str())
                .with("name", a.name.as_str())
                .with("aliases", a.aliases.clone())
                .with("kind", a.kind.as_str());
            if let Some(p) = a.parent.as_deref().filter(|p| !p.is_empty()) {
                rec.set("parent", p);
            }
            if let Some(f) = a.affiliation.as_deref().filter(|f| !f.is_empty()) {
                rec.set("affiliation", f);
            }
            rec.with("description", a.description.as_str())
        })
        .collect();
    Ok(J::obj()
        .with("schema_version", 1i64)
        .with("meta", real::meta(n_real, n_illus))
        .with("towns", towns_json)
        .with("actors", actors_json)
        .with("reports", reports)
        .with(
            "incidents",
            incidents.into_iter().map(|(_, _, j)| j).collect::<Vec<J>>(),
        ))
}

/// The text of `data/sample.json`.
pub fn build(inputs: &Inputs) -> Result<String, String> {
    Ok(build_doc(inputs)?.to_python_json())
}

/// The first line where two texts differ: (1-based line number, line of `a`, line of `b`).
/// A missing line reads as `<end of file>`.
pub fn first_difference(a: &str, b: &str) -> Option<(usize, String, String)> {
    if a == b {
        return None;
    }
    let (mut la, mut lb) = (a.split('\n'), b.split('\n'));
    let mut n = 0;
    loop {
        n += 1;
        match (la.next(), lb.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (None, None) => return Some((n, "<same lines>".into(), "<same lines>".into())),
            (x, y) => {
                let show = |l: Option<&str>| l.map_or("<end of file>".to_string(), str::to_string);
                return Some((n, show(x), show(y)));
            }
        }
    }
}

/// Counts to print after a build (what the Python script printed).
pub fn summary(doc: &crate::model::StoreDoc) -> String {
    let incs = &doc.incidents;
    let real = incs
        .iter()
        .filter(|i| i.tags.iter().any(|t| t.as_str() == "real"))
        .count();
    let contested = incs.iter().filter(|i| i.has_contested_claims()).count();
    let first = incs.iter().map(|i| i.date).min();
    let last = incs.iter().map(|i| i.date).max();
    let illus_reports = doc.reports.iter().filter(|r| r.illustrative).count();
    let unknown = incs
        .iter()
        .filter(|i| i.fatalities == Default::default())
        .count();
    let total: u64 = incs.iter().map(|i| i.fatalities.best_or_zero()).sum();
    let mut out = format!(
        "incidents: {} ({real} real, {} illustrative)\n\
         towns: {}  actors: {}  reports: {} ({illus_reports} illustrative)\n",
        incs.len(),
        incs.len() - real,
        doc.towns.len(),
        doc.actors.len(),
        doc.reports.len()
    );
    if let (Some(a), Some(b)) = (first, last) {
        out.push_str(&format!("date span: {a} .. {b}\n"));
    }
    out.push_str(&format!(
        "contested claims: {contested}\nfatalities: best total {total}; {unknown} unknown"
    ));
    out
}
