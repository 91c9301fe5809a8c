//! Briefings: what happened in a period, against the period before, as a desk officer would
//! summarise it. Pure queries over the store; `render` turns a `Briefing` into text,
//! markdown or JSON, and the browser's briefing tab draws the same struct.
//!
//! Every figure keeps the incidents behind it (`incidents`), so a reader can check it.

mod activity;
pub mod chart;
pub mod datasets;
mod period;
pub mod render;
pub mod revisions;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate};
use serde::Serialize;

pub use period::{DEFAULT_DAYS, MAX_DAYS, Period, PeriodRequest, Scope, ScopeRequest};

pub use activity::week_label;

use crate::model::{FatalityTotal, Incident, Role};
use crate::store::{Ix, Store};
use crate::trend::Dim;
use crate::trend::changes::{self, Band};

/// How many actors and towns the rankings list.
pub const TOP: usize = 8;
/// How many of the deadliest incidents are listed.
pub const DEADLIEST: usize = 5;
/// How many contested incidents are listed (newest first).
pub const CONTESTED: usize = 10;
/// "Newly active": not seen in this many days before the period, or in as many days as the
/// period is long when that is more (a year's briefing looks back a year).
pub const NEW_WINDOW_DAYS: u32 = 90;
/// Fewest weeks the activity chart shows.
pub const CHART_WEEKS: u32 = 12;
/// Periods longer than this show their activity by month in text and markdown.
pub const MONTHLY_AFTER_DAYS: u32 = 182;

#[derive(Clone, Debug, Serialize)]
pub struct Briefing {
    pub store: String,
    /// Set when the store is not real reporting: the briefing must say so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
    pub scope: String,
    pub period: Covered,
    pub previous_period: Covered,
    pub headline: Headline,
    pub actors: Vec<Ranked>,
    pub towns: Vec<Ranked>,
    pub new_actors: Vec<Ranked>,
    pub new_towns: Vec<Ranked>,
    /// The days "newly active" looks back over, and whether the store covers them (when
    /// not, nothing is called newly active).
    pub newly_active_window: LookBack,
    pub rises: Vec<Rise>,
    /// The baseline sharp rises are measured against, likewise.
    pub rise_baseline: LookBack,
    pub deadliest: Vec<Notable>,
    pub contested: Vec<Notable>,
    /// ISO weeks (Monday to Sunday) from at least `CHART_WEEKS` weeks back to the period's end.
    pub weeks: Vec<Bucket>,
    /// Calendar months over the same span, for long periods.
    pub months: Vec<Bucket>,
    /// Set when the briefing is about one actor: its rankings are its counterparts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about_actor: Option<String>,
    /// A store joined from several datasets: each one's count and the events counted once
    /// (`datasets::annotate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datasets: Option<datasets::Datasets>,
    /// Events the datasets tell differently (toll or perpetrator), newest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disagreements: Option<Vec<datasets::Disagreement>>,
    /// What changed since a previous release (`sitrep brief --since-release OLD`), set by
    /// the caller, which loads that release.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revisions: Option<revisions::Revisions>,
}

/// A period with how many of its days the store covers (a comparison with a period the
/// store covers only in part is not a trend).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Covered {
    #[serde(flatten)]
    pub period: Period,
    pub covered_days: u32,
}

impl Covered {
    pub fn of(store: &Store, period: Period) -> Covered {
        Covered {
            period,
            covered_days: store.covered_days(period.since, period.until),
        }
    }

    pub fn is_complete(&self) -> bool {
        self.covered_days >= self.period.days
    }
}

impl std::ops::Deref for Covered {
    type Target = Period;
    fn deref(&self) -> &Period {
        &self.period
    }
}

/// A window before the period that a figure looks back over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LookBack {
    pub since: NaiveDate,
    pub until: NaiveDate,
    pub days: u32,
    /// False when the store does not reach back to `since`: the figure is not computed.
    pub covered: bool,
}

impl LookBack {
    fn before(store: &Store, period: Period, days: u32) -> LookBack {
        let until = period.since - Days::new(1);
        let since = period.since - Days::new(days as u64);
        LookBack {
            since,
            until,
            days,
            covered: store.covered_days(since, until) >= days,
        }
    }
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Headline {
    pub incidents: u64,
    pub previous_incidents: u64,
    pub incidents_change: i64,
    /// Sum of best estimates (see `FatalityTotal`).
    pub fatalities: u64,
    /// Incidents with no best figure: not counted in `fatalities`, not zero either.
    pub fatalities_unknown: u64,
    /// `fatalities_low <= fatalities <= fatalities_high`; the high end is null when some
    /// incident has no upper figure.
    pub fatalities_low: u64,
    pub fatalities_high: Option<u64>,
    pub previous_fatalities: u64,
    pub previous_fatalities_unknown: u64,
    pub fatalities_change: i64,
    /// Incidents where two parties' claims differ.
    pub contested: u64,
    /// Incidents placed no finer than admin1 (region, country, sea): in no town's figures.
    pub imprecise_places: u64,
    /// Incidents dated no finer than a week.
    pub imprecise_dates: u64,
    pub incident_ids: IncidentRefs,
    pub contested_ids: IncidentRefs,
}

/// An actor or a town with its figures for the period and the previous one.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Ranked {
    pub id: String,
    pub name: String,
    pub incidents: u64,
    /// Killed in these incidents (sum of best estimates), whoever killed them.
    pub fatalities: u64,
    pub fatalities_unknown: u64,
    pub previous_incidents: u64,
    pub change: i64,
    pub incident_ids: IncidentRefs,
}

#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RiseOf {
    Actor,
    Town,
}

/// A town or actor well above its own recent baseline: a rise band of the change
/// detection (`trend::changes`), the same result `sitrep changes` and the Trends tab give.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Rise {
    pub of: RiseOf,
    pub id: String,
    pub name: String,
    pub incidents: u64,
    /// The incidents in the baseline window (`rise_baseline`) ...
    pub baseline_incidents: u64,
    /// ... scaled to the period's length.
    pub expected: f64,
    /// `large_rise` or `moderate_rise`.
    #[serde(serialize_with = "band_key")]
    pub band: Band,
    pub incident_ids: IncidentRefs,
}

fn band_key<S: serde::Serializer>(b: &Band, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(b.key())
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Notable {
    pub id: String,
    #[serde(skip)]
    pub ix: Ix,
    pub date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    pub date_precision: crate::model::DatePrecision,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geo_precision: Option<crate::model::GeoPrecision>,
    pub town: String,
    pub country: String,
    pub event_type: String,
    pub actors: Vec<String>,
    pub fatalities: crate::model::Fatalities,
    pub summary: String,
    pub claims: Vec<ClaimLine>,
    pub sources: Vec<String>,
}

/// One party's claim, with where it was reported.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ClaimLine {
    pub party: String,
    pub claim: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub figure: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub figure_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// One ISO week or calendar month of activity.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Bucket {
    /// "2025-W27" or "2025-07".
    pub label: String,
    /// First and last day counted (the last bucket stops at the period's end).
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub incidents: u64,
    pub fatalities: u64,
    pub fatalities_unknown: u64,
    pub incident_ids: IncidentRefs,
}

/// The incidents behind a figure: positions for the browser, ids for everyone else.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IncidentRefs {
    pub ixs: Vec<Ix>,
    pub ids: Vec<String>,
}

impl IncidentRefs {
    fn of(store: &Store, ixs: &[Ix]) -> IncidentRefs {
        IncidentRefs {
            ixs: ixs.to_vec(),
            ids: ixs.iter().map(|&i| store.incident(i).id.clone()).collect(),
        }
    }
}

impl Serialize for IncidentRefs {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.ids.serialize(s)
    }
}

/// Builds the briefing for `period` within `scope`.
pub fn build(store: &Store, period: Period, scope: &Scope) -> Briefing {
    let label = if scope.label.is_empty() {
        "all incidents".to_string()
    } else {
        scope.label.clone()
    };
    build_inner(
        store,
        period,
        label,
        &|i| scope.accepts(store, i),
        scope.actor,
    )
}

/// Builds the briefing for `period` within `scope`, of the incidents `also` accepts too
/// (`sitrep brief --filter`), the filter's text `described` after the scope's label.
pub fn build_filtered(
    store: &Store,
    period: Period,
    scope: &Scope,
    described: &str,
    also: &dyn Fn(&Incident) -> bool,
) -> Briefing {
    let everything = scope.label.is_empty() || scope.label == "all incidents";
    let label = match (everything, described.is_empty()) {
        (true, true) => "all incidents".to_string(),
        (true, false) => described.to_string(),
        (false, true) => scope.label.clone(),
        (false, false) => format!("{}, {described}", scope.label),
    };
    build_inner(
        store,
        period,
        label,
        &|i| scope.accepts(store, i) && also(i),
        scope.actor,
    )
}

/// Builds the briefing for the incidents `in_scope` accepts (the browser passes its list
/// filters), described as `label`.
pub fn build_with(
    store: &Store,
    period: Period,
    label: String,
    in_scope: &dyn Fn(&Incident) -> bool,
) -> Briefing {
    build_inner(store, period, label, in_scope, None)
}

/// `skip_actor`: the actor a briefing is about, left out of its own actor rankings.
fn build_inner(
    store: &Store,
    period: Period,
    label: String,
    in_scope: &dyn Fn(&Incident) -> bool,
    skip_actor: Option<Ix>,
) -> Briefing {
    let previous = period.previous();
    let now: Vec<Ix> = scoped(store, period.since, period.until, in_scope);
    let before: Vec<Ix> = scoped(store, previous.since, previous.until, in_scope);

    let total = |ixs: &[Ix]| FatalityTotal::of(ixs.iter().map(|&i| &store.incident(i).fatalities));
    let count = |ixs: &[Ix], f: &dyn Fn(&Incident) -> bool| -> u64 {
        ixs.iter().filter(|&&i| f(store.incident(i))).count() as u64
    };
    let contested: Vec<Ix> = now
        .iter()
        .copied()
        .filter(|&i| store.incident(i).has_contested_claims())
        .collect();
    let (killed_now, killed_before) = (total(&now), total(&before));
    let headline = Headline {
        incidents: now.len() as u64,
        previous_incidents: before.len() as u64,
        incidents_change: now.len() as i64 - before.len() as i64,
        fatalities: killed_now.best,
        fatalities_unknown: killed_now.unknown,
        fatalities_low: killed_now.low,
        fatalities_high: killed_now.high,
        previous_fatalities: killed_before.best,
        previous_fatalities_unknown: killed_before.unknown,
        fatalities_change: killed_now.best as i64 - killed_before.best as i64,
        contested: contested.len() as u64,
        imprecise_places: count(&now, &|i| !i.is_town_level()),
        imprecise_dates: count(&now, &|i| i.date_precision.is_week_or_coarser()),
        incident_ids: IncidentRefs::of(store, &now),
        contested_ids: IncidentRefs::of(store, &contested),
    };

    // Look-back windows scale with the period and must lie inside the store's coverage.
    let new_window = LookBack::before(store, period, NEW_WINDOW_DAYS.max(period.days));
    let window: Vec<Ix> = scoped(store, new_window.since, previous.until, in_scope);
    let (actors_now, towns_now) = group(store, &now, skip_actor);
    let (actors_before, towns_before) = group(store, &before, skip_actor);
    let mut seen_actors: HashMap<Ix, u64> = HashMap::new();
    let mut seen_towns: HashMap<Ix, u64> = HashMap::new();
    for &i in &window {
        let inc = store.incident(i);
        for a in actors_of(store, inc, skip_actor) {
            *seen_actors.entry(a).or_default() += 1;
        }
        if let Some(t) = town_of(store, inc) {
            *seen_towns.entry(t).or_default() += 1;
        }
    }

    let rank = |groups: &HashMap<Ix, Vec<Ix>>,
                before: &HashMap<Ix, Vec<Ix>>,
                name: &dyn Fn(Ix) -> (String, String)|
     -> Vec<Ranked> {
        let mut out: Vec<Ranked> = groups
            .iter()
            .map(|(&k, ixs)| {
                let (id, name) = name(k);
                let prev = before.get(&k).map_or(0, Vec::len) as u64;
                let killed = total(ixs);
                Ranked {
                    id,
                    name,
                    incidents: ixs.len() as u64,
                    fatalities: killed.best,
                    fatalities_unknown: killed.unknown,
                    previous_incidents: prev,
                    change: ixs.len() as i64 - prev as i64,
                    incident_ids: IncidentRefs::of(store, ixs),
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.incidents
                .cmp(&a.incidents)
                .then(b.fatalities.cmp(&a.fatalities))
                .then(a.name.cmp(&b.name))
        });
        out
    };
    let actor_name = |a: Ix| {
        let a = store.actor(a);
        (a.id.to_string(), a.name.clone())
    };
    let town_name = |t: Ix| {
        let t = store.town(t);
        (t.id.to_string(), format!("{}, {}", t.name, t.country))
    };
    let all_actors = rank(&actors_now, &actors_before, &actor_name);
    let all_towns = rank(&towns_now, &towns_before, &town_name);

    let is_new_actor = |r: &&Ranked| {
        store
            .actor_ix(&r.id)
            .is_some_and(|a| !seen_actors.contains_key(&a))
    };
    let is_new_town = |r: &&Ranked| {
        store
            .town_ix(&r.id)
            .is_some_and(|t| !seen_towns.contains_key(&t))
    };
    // Only call an actor or town "new" when the store reaches back far enough to know.
    let new_of = |all: &[Ranked], is_new: &dyn Fn(&&Ranked) -> bool| -> Vec<Ranked> {
        if !new_window.covered {
            return Vec::new();
        }
        all.iter().filter(is_new).take(TOP).cloned().collect()
    };
    let new_actors = new_of(&all_actors, &is_new_actor);
    let new_towns = new_of(&all_towns, &is_new_town);

    let (rises, baseline) = sharp_rises(store, period, in_scope, skip_actor);

    let mut deadly: Vec<Ix> = now
        .iter()
        .copied()
        .filter(|&i| store.incident(i).fatalities.best_or_zero() > 0)
        .collect();
    // Deadliest first; ties newest first (positions are newest first already).
    deadly.sort_by_key(|&i| {
        (
            std::cmp::Reverse(store.incident(i).fatalities.best_or_zero()),
            i,
        )
    });
    let deadliest = deadly
        .iter()
        .take(DEADLIEST)
        .map(|&i| notable(store, i))
        .collect();
    let contested = contested
        .iter()
        .take(CONTESTED)
        .map(|&i| notable(store, i))
        .collect();
    let (weeks, months) = activity::buckets(store, period, in_scope);

    Briefing {
        store: store.source.clone(),
        warning: store.meta.content.warning().map(str::to_string),
        scope: label,
        period: Covered::of(store, period),
        previous_period: Covered::of(store, previous),
        headline,
        actors: all_actors.into_iter().take(TOP).collect(),
        towns: all_towns.into_iter().take(TOP).collect(),
        new_actors,
        new_towns,
        newly_active_window: new_window,
        rises,
        rise_baseline: baseline,
        deadliest,
        contested,
        weeks,
        months,
        about_actor: skip_actor.map(|a| store.actor(a).name.clone()),
        datasets: None,
        disagreements: None,
        revisions: None,
    }
}

/// Towns and actors in a rise band of the change detection, largest first, and the
/// baseline they were measured against (not `covered` when it is shorter than the period:
/// then nothing is banded and the briefing says why).
fn sharp_rises(
    store: &Store,
    period: Period,
    in_scope: &dyn Fn(&Incident) -> bool,
    skip_actor: Option<Ix>,
) -> (Vec<Rise>, LookBack) {
    let Some(window) = changes::Window::of(store, Some(period.since), Some(period.until)) else {
        unreachable!("a window with both ends given always exists")
    };
    let baseline = LookBack {
        since: window.baseline_since,
        until: window.baseline_until,
        days: window.baseline_days,
        covered: window.has_baseline(),
    };
    if !baseline.covered {
        return (Vec::new(), baseline);
    }
    let ixs = scoped(store, NaiveDate::MIN, period.until, in_scope);
    let skip = skip_actor.map(|a| store.actor(a).id.to_string());
    let mut rises: Vec<Rise> = Vec::new();
    for (of, dim) in [(RiseOf::Actor, Dim::Actor), (RiseOf::Town, Dim::Town)] {
        let found = changes::of_incidents(store, &ixs, window, dim, skip.as_deref());
        rises.extend(
            found
                .items
                .into_iter()
                .filter(|c| matches!(c.band, Band::LargeRise | Band::ModerateRise))
                .map(|c| Rise {
                    of,
                    id: c.key,
                    name: c.name,
                    incidents: c.current,
                    baseline_incidents: c.baseline_incidents,
                    expected: c.expected,
                    band: c.band,
                    incident_ids: IncidentRefs::of(store, &c.ixs),
                }),
        );
    }
    let gap = |r: &Rise| r.incidents as f64 - r.expected;
    rises.sort_by(|a, b| {
        a.band
            .cmp(&b.band)
            .then_with(|| gap(b).total_cmp(&gap(a)))
            .then_with(|| a.name.cmp(&b.name))
    });
    rises.truncate(TOP);
    (rises, baseline)
}

/// The town an incident counts for: none when it is placed no finer than admin1.
fn town_of(store: &Store, inc: &Incident) -> Option<Ix> {
    if inc.is_town_level() {
        store.town_ix(&inc.town)
    } else {
        None
    }
}

/// Incidents within `since..=until` in scope, newest first.
fn scoped(
    store: &Store,
    since: NaiveDate,
    until: NaiveDate,
    in_scope: &dyn Fn(&Incident) -> bool,
) -> Vec<Ix> {
    store
        .incidents_between(since, until)
        .filter(|&i| in_scope(&store.incidents[i]))
        .map(|i| i as Ix)
        .collect()
}

/// The actors an incident counts for: its parties (not mediators or responders named in
/// passing), without the scope's own actor when the briefing is about one actor.
fn actors_of<'a>(
    store: &'a Store,
    inc: &'a Incident,
    skip: Option<Ix>,
) -> impl Iterator<Item = Ix> + 'a {
    let mut seen = HashSet::new();
    inc.actors
        .iter()
        .filter(|r| r.role.is_party() || r.role == Role::ClaimedBy)
        .filter_map(|r| store.actor_ix(&r.actor))
        .filter(move |a| Some(*a) != skip)
        .filter(move |a| seen.insert(*a))
}

type Groups = HashMap<Ix, Vec<Ix>>;

fn group(store: &Store, ixs: &[Ix], skip: Option<Ix>) -> (Groups, Groups) {
    let mut actors: Groups = HashMap::new();
    let mut towns: Groups = HashMap::new();
    for &i in ixs {
        let inc = store.incident(i);
        for a in actors_of(store, inc, skip) {
            actors.entry(a).or_default().push(i);
        }
        if let Some(t) = town_of(store, inc) {
            towns.entry(t).or_default().push(i);
        }
    }
    (actors, towns)
}

fn notable(store: &Store, i: Ix) -> Notable {
    let inc = store.incident(i);
    let report_name = |id: &str| {
        store
            .report_ix(id)
            .map(|r| {
                let r = store.report(r);
                match r.date {
                    Some(d) => format!("{} ({})", r.outlet, d),
                    None => r.outlet.to_string(),
                }
            })
            .unwrap_or_else(|| id.to_string())
    };
    Notable {
        id: inc.id.clone(),
        ix: i,
        date: inc.date,
        end_date: inc.end_date,
        date_precision: inc.date_precision,
        geo_precision: inc.geo_precision,
        town: store.town_name(&inc.town).to_string(),
        country: inc.country.to_string(),
        event_type: inc.type_label(),
        actors: inc
            .actors
            .iter()
            .filter(|r| r.role.is_party())
            .map(|r| store.actor_name(&r.actor).to_string())
            .collect(),
        fatalities: inc.fatalities,
        summary: inc.summary.clone(),
        claims: inc
            .claims
            .iter()
            .map(|c| ClaimLine {
                party: store.actor_name(&c.claimant).to_string(),
                claim: c.claim.clone(),
                figure: c.figure,
                figure_label: c.figure_label.clone(),
                source: c.source.as_deref().map(report_name),
            })
            .collect(),
        sources: inc
            .sources
            .iter()
            .map(|s| match s.date {
                Some(d) => format!("{} ({})", s.outlet, d),
                None => s.outlet.to_string(),
            })
            .collect(),
    }
}

/// "+4", "-2", "0".
pub fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

/// "+50%" against a previous figure, or "new" when there was none.
pub fn percent_change(now: u64, before: u64) -> String {
    if before == 0 {
        return if now == 0 {
            "no change".into()
        } else {
            "new".into()
        };
    }
    let pct = (now as f64 - before as f64) / before as f64 * 100.0;
    format!("{}{:.0}%", if pct > 0.0 { "+" } else { "" }, pct)
}
