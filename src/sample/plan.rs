//! The illustrative incidents: monthly quotas per theatre, the towns that must appear, the
//! days, the precision and the kind of each event, then the records themselves.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveDate};

use super::event::{Ctx, Parts};
use super::json::J;
use super::pyrandom::PyRandom;
use super::tables::{MONTHLY, TownRow, templates, theatre_of, town_weight};
use super::{ATTACK_DAY, END, SEVEN, START, date, month_end, months};
use super::{
    DIGEST_OUTLET, FIELD_OUTLET, PARTNER_OUTLET, PARTNER_REPORT, WEST_REPORT, report_date,
};
use super::{armed, civil};

/// An illustrative incident, with what the reports citing it need.
pub struct Illus {
    pub id: String,
    pub date: String,
    pub town_name: String,
    pub summary: String,
    pub json: J,
}

impl Illus {
    pub fn claims(&self) -> &[J] {
        match self.json.get("claims") {
            Some(J::Arr(c)) => c,
            _ => &[],
        }
    }

    pub fn cited_reports(&self) -> Vec<String> {
        match self.json.get("sources") {
            Some(J::Arr(s)) => s
                .iter()
                .filter_map(|s| s.str_of("report").map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    }
}

fn long_date(d: NaiveDate) -> String {
    format!("{} {}", d.day(), d.format("%B %Y"))
}

fn days_in(y: i32, m: u32) -> u32 {
    month_end(y, m).day()
}

fn pick_date(
    rng: &mut PyRandom,
    y: i32,
    m: u32,
    hot_days: &[i64],
    forbid: &HashSet<NaiveDate>,
) -> NaiveDate {
    let last = days_in(y, m) as i64;
    for _ in 0..50 {
        let d = if !hot_days.is_empty() && rng.random() < 0.45 {
            *rng.choice(hot_days) + rng.randint(-2, 2)
        } else {
            rng.randint(1, last)
        };
        let dd = date(y, m, d.clamp(1, last) as u32);
        if START <= dd && dd <= END && !forbid.contains(&dd) {
            return dd;
        }
    }
    panic!("no date found in {y}-{m:02}");
}

fn run_template(kind: &str, ctx: &mut Ctx) -> Parts {
    match kind {
        "attack" => armed::attack(ctx),
        "army_op" => armed::army_op(ctx),
        "drone" => armed::drone(ctx),
        "ied" => armed::ied(ctx),
        "territory" => armed::territory(ctx),
        "militia" => armed::militia(ctx),
        "fla" => armed::fla(ctx),
        "shelling" => armed::shelling(ctx),
        "vac" => civil::vac(ctx),
        "vac_state" => civil::vac_state(ctx),
        "abduct" => civil::abduct(ctx),
        "loot" => civil::loot(ctx),
        "protest" => civil::protest(ctx),
        "arrests" => civil::arrests(ctx),
        "agreement" => civil::agreement(ctx),
        "deploy" => civil::deploy(ctx),
        other => panic!("no template {other}"),
    }
}

type Slot<'a> = (&'static str, Option<&'a TownRow>, i32, u32);
/// A planned incident: theatre, town, year, month.
type Planned<'a> = (&'static str, &'a TownRow, i32, u32);

/// Which theatre, town and month each illustrative incident gets, and which plan slots
/// must fall inside the 90 days before 1 July 2025.
fn plan<'a>(rng: &mut PyRandom, towns: &'a [TownRow]) -> (Vec<Planned<'a>>, HashSet<usize>) {
    let mut by_theatre: HashMap<&str, Vec<&TownRow>> = HashMap::new();
    for t in towns {
        by_theatre.entry(theatre_of(t)).or_default().push(t);
    }
    let ms = months();
    let mut plan: Vec<Slot> = Vec::new();
    // 1. every month's quota per theatre
    for (th, counts) in MONTHLY {
        for (&(y, m), &n) in ms.iter().zip(counts.iter()) {
            for _ in 0..n {
                plan.push((th, None, y, m));
            }
        }
    }
    // 2. the seven towns' recent history: two incidents each in April-June 2025
    let mut forced: Vec<(&str, i32, u32)> = Vec::new();
    for slug in SEVEN {
        for m in rng.sample(&[4u32, 5, 6], 2) {
            forced.push((slug, 2025, m));
        }
    }
    // 3. every town at least once somewhere in the 13 months
    let used: HashSet<&str> = forced.iter().map(|(s, _, _)| *s).collect();
    for t in towns {
        if !used.contains(t.slug.as_str()) {
            let mut ym = *rng.choice(&ms);
            if matches!(t.slug.as_str(), "kidira" | "bakel" | "tambacounda") {
                ym = *rng.choice(&[(2024, 10), (2025, 2), (2025, 5), (2025, 7), (2025, 7)]);
            }
            forced.push((t.slug.as_str(), ym.0, ym.1));
        }
    }
    let by_slug: HashMap<&str, &TownRow> = towns.iter().map(|t| (t.slug.as_str(), t)).collect();
    let mut open_slots: HashMap<(&str, i32, u32), std::collections::VecDeque<usize>> =
        HashMap::new();
    for (i, (th, _, y, m)) in plan.iter().enumerate() {
        open_slots.entry((th, *y, *m)).or_default().push_back(i);
    }
    let mut history = HashSet::new();
    for (k, (slug, y, m)) in forced.iter().enumerate() {
        let t = by_slug[slug];
        let th = theatre_of(t);
        let i = match open_slots.entry((th, *y, *m)).or_default().pop_front() {
            Some(i) => {
                plan[i] = (th, Some(t), *y, *m);
                i
            }
            None => {
                plan.push((th, Some(t), *y, *m));
                plan.len() - 1
            }
        };
        if k < 2 * SEVEN.len() {
            history.insert(i);
        }
    }
    // fill the rest by weight
    let mut assigned = Vec::with_capacity(plan.len());
    for (th, t, y, m) in plan {
        let t = match t {
            Some(t) => t,
            None => {
                let cands = &by_theatre[th];
                let weights: Vec<f64> = cands.iter().map(|c| town_weight(&c.slug)).collect();
                cands[rng.weighted_index(&weights)]
            }
        };
        assigned.push((th, t, y, m));
    }
    (assigned, history)
}

pub fn build_illustrative(rng: &mut PyRandom, towns: &[TownRow]) -> Vec<Illus> {
    let (assigned, history) = plan(rng, towns);
    let ms = months();
    let mut hot: HashMap<(&str, i32, u32), Vec<i64>> = HashMap::new();
    for (th, _) in MONTHLY {
        for &(y, m) in &ms {
            let last = days_in(y, m) as i64;
            let days: Vec<i64> = (3..last - 1).collect();
            hot.insert((th, y, m), rng.sample(&days, 2));
        }
    }
    // western Mali: the days after 1 July 2025 are busy (aftermath); 1 July itself is left
    // to the real records
    hot.insert(("west_mali", 2025, 7), vec![3, 5, 9]);
    hot.insert(("border_west", 2025, 7), vec![2, 4]);

    let west = |th: &str| th == "west_mali" || th == "border_west";
    let window: HashSet<NaiveDate> = [date(2025, 4, 1)].into(); // outside the 90 days
    let mut incidents = Vec::new();
    for (k, (th, t, y, m)) in assigned.into_iter().enumerate() {
        let mut forbid = HashSet::new();
        if west(th) || SEVEN.contains(&t.slug.as_str()) {
            forbid.insert(ATTACK_DAY);
        }
        if history.contains(&k) {
            forbid.extend(window.iter().copied());
        }
        let mut d = pick_date(rng, y, m, &hot[&(th, y, m)], &forbid);
        let r = if history.contains(&k) {
            1.0
        } else {
            rng.random()
        };
        let (precision, end_date, lead);
        if r < 0.04 && (y, m) != (2025, 7) {
            precision = "month";
            d = date(y, m, 1);
            end_date = Some(month_end(y, m));
            lead = format!("In {},", d.format("%B %Y"));
        } else if r < 0.14 {
            precision = "week";
            d -= Duration::days(d.weekday().num_days_from_monday() as i64);
            if d < START {
                d = START;
            }
            if d == ATTACK_DAY && west(th) {
                d += Duration::days(7);
            }
            end_date = Some((d + Duration::days(6)).min(END));
            lead = format!("During the week of {},", long_date(d));
        } else {
            precision = "day";
            end_date = None;
            lead = format!("On {},", long_date(d));
        }
        let counter = k + 1;
        let after_attack = west(th) && d > ATTACK_DAY;
        let mut ctx = Ctx {
            rng: &mut *rng,
            town: t,
            theatre: th,
            lead,
            claims_report: super::claims_report_id(d),
            after_attack,
        };
        let mut kind = super::event::pick(ctx.rng, templates(th));
        if t.slug == "bamako" && kind != "protest" && kind != "arrests" {
            kind = "arrests"; // no invented armed attacks in the capital
        }
        let parts = run_template(kind, &mut ctx);
        incidents.push(record(
            rng,
            th,
            t,
            d,
            precision,
            end_date,
            counter,
            after_attack,
            parts,
        ));
    }
    incidents
}

#[allow(clippy::too_many_arguments)]
fn record(
    rng: &mut PyRandom,
    th: &str,
    t: &TownRow,
    d: NaiveDate,
    precision: &str,
    end_date: Option<NaiveDate>,
    counter: usize,
    after_attack: bool,
    parts: Parts,
) -> Illus {
    // western Mali after 1 July 2025: make the aftermath visible in the notes
    let mut sentences = parts.sentences;
    if after_attack {
        let aftermath = match t.country.as_str() {
            "Mali" => {
                "The incident follows JNIM's coordinated attacks of 1 July on army positions in seven \
                 towns, five of them in the Kayes region."
            }
            "Senegal" => "It follows the 1 July attack on Diboli, across the border from Kidira.",
            "Mauritania" => {
                "It follows JNIM's 1 July attacks in western Mali, including on Gogui at the \
                 Mauritanian border."
            }
            other => panic!("no aftermath sentence for {other}"),
        };
        sentences.insert(1, aftermath.to_string());
    }
    sentences.push("(Illustrative record, not real reporting.)".to_string());
    let source = |report: &str, outlet: &str, day: NaiveDate| {
        J::obj()
            .with("report", report)
            .with("outlet", outlet)
            .with("date", day.to_string())
            .with("illustrative", true)
    };
    let digest = super::digest_id(d);
    let mut sources = vec![source(&digest, DIGEST_OUTLET, report_date(&digest))];
    if th == "west_mali" && date(2025, 4, 1) <= d && d <= date(2025, 6, 30) {
        sources.push(source(WEST_REPORT, FIELD_OUTLET, date(2025, 6, 30)));
    }
    if (th == "burkina" || th == "niger") && rng.random() < 0.35 {
        sources.push(source(PARTNER_REPORT, PARTNER_OUTLET, END));
    }
    let mut tags = vec!["illustrative"];
    tags.extend(parts.tags.iter().copied());
    if th == "west_mali" {
        tags.push("western-mali");
    }
    let claimants: HashSet<&str> = parts
        .claims
        .iter()
        .filter_map(|c| c.str_of("claimant"))
        .collect();
    if claimants.len() > 1 {
        tags.push("contested-claims");
    }
    // an actor may appear twice only with different roles
    let mut seen = HashSet::new();
    let mut actors = Vec::new();
    for (a, role) in &parts.actors {
        if seen.insert((a.clone(), *role)) {
            actors.push(J::obj().with("actor", a).with("role", *role));
        }
    }
    let id = format!("inc-{}-{}-i{counter:03}", d.format("%Y%m%d"), t.slug);
    let mut inc = J::obj()
        .with("id", id.as_str())
        .with("date", d.to_string())
        .with("date_precision", precision);
    if let Some(e) = end_date {
        inc.set("end_date", e.to_string());
    }
    inc = inc
        .with("town", t.id.as_str())
        .with("country", t.country.as_str())
        .with("admin1", t.admin1.as_str())
        .with("admin2", t.admin2.as_str())
        .with("lat", t.lat)
        .with("lon", t.lon)
        .with("event_type", parts.event_type)
        .with("sub_event_type", parts.sub)
        .with("actors", actors)
        .with("fatalities", parts.fat.to_json());
    if !parts.claims.is_empty() {
        inc.set("claims", parts.claims);
    }
    inc = inc
        .with("summary", parts.summary.as_str())
        .with("notes", sentences.join(" "))
        .with("sources", sources)
        .with("tags", J::Arr(tags.iter().map(|s| J::from(*s)).collect()));
    Illus {
        id,
        date: d.to_string(),
        town_name: t.name.clone(),
        summary: parts.summary,
        json: inc,
    }
}
