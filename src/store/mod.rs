//! The loaded event store: records, resolved references and the indexes queries need.
//!
//! Incidents are kept newest first, so an incident's position is also its rank by date and
//! every per-town or per-actor list built here is already in date order.

pub mod atomic;
mod content_hash;
pub mod crosswalk;
pub mod export;
pub mod facts;
pub mod import;
pub mod incidents;
pub mod load;
pub mod merge;
pub mod problem;
pub mod synth;

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;

pub use load::{Progress, Stage};
pub use problem::{LoadError, Problem};

use crate::model::{Actor, FatalityTotal, Incident, Meta, Report, StoreDoc, Town};
use crate::text::fold;

/// The sample store shipped in the binary, so `sitrep` works from any folder.
pub const SAMPLE_JSON: &str = include_str!("../../data/sample.json");
pub const SAMPLE_LABEL: &str = "<built-in sample>";

/// Index of a record in its store vector. u32 keeps the indexes small at a million records.
pub type Ix = u32;

#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
pub enum EntityRef {
    Incident(Ix),
    Actor(Ix),
    Town(Ix),
    Report(Ix),
}

/// Activity figures for a town or an actor (over the whole store, or a filtered list).
/// A town's activity counts only incidents placed at town level (see
/// [`Incident::is_town_level`]).
#[derive(Clone, Copy, Debug, PartialEq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Activity {
    pub incidents: u32,
    pub fatalities: FatalityTotal,
    #[rkyv(with = rkyv::with::Map<crate::model::archive::Day>)]
    pub first: Option<NaiveDate>,
    #[rkyv(with = rkyv::with::Map<crate::model::archive::Day>)]
    pub last: Option<NaiveDate>,
}

impl Default for Activity {
    fn default() -> Activity {
        Activity {
            incidents: 0,
            fatalities: FatalityTotal::new(),
            first: None,
            last: None,
        }
    }
}

impl Activity {
    pub fn add(&mut self, inc: &Incident) {
        self.add_fact(inc.date, facts::Toll::of(&inc.fatalities));
    }

    /// [`Self::add`] from an incident's [`facts::Facts`].
    pub fn add_fact(&mut self, date: NaiveDate, toll: facts::Toll) {
        self.incidents += 1;
        self.fatalities.add_figures(toll.low, toll.best, toll.high);
        self.first = Some(self.first.map_or(date, |d| d.min(date)));
        self.last = Some(self.last.map_or(date, |d| d.max(date)));
    }
}

/// Archived for the snapshot cache (`crate::cache`, issue 18) without its source, its
/// incidents (archived apart, in chunks read in parallel) and its id maps (rebuilt).
#[derive(Clone, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Store {
    /// Where the store came from: a path or [`SAMPLE_LABEL`].
    #[rkyv(with = rkyv::with::Skip)]
    pub source: String,
    pub meta: Meta,
    pub towns: Vec<Town>,
    pub actors: Vec<Actor>,
    pub reports: Vec<Report>,
    /// Newest first.
    #[rkyv(with = rkyv::with::Skip)]
    pub incidents: incidents::Incidents,
    /// Problems found at load; the records they name were skipped or repaired.
    pub problems: Vec<Problem>,
    #[rkyv(with = rkyv::with::Skip)]
    town_by_id: HashMap<String, Ix>,
    #[rkyv(with = rkyv::with::Skip)]
    actor_by_id: HashMap<String, Ix>,
    #[rkyv(with = rkyv::with::Skip)]
    report_by_id: HashMap<String, Ix>,
    /// Incident indices sorted by id, for lookups without a million-entry map.
    incident_ids: Vec<Ix>,
    /// Folded names and aliases of towns and actors.
    names: HashMap<String, Vec<EntityRef>>,
    /// A town's incidents placed at town level, newest first.
    pub by_town: Vec<Vec<Ix>>,
    /// Incidents that name a town but are placed no finer than admin1: not its activity.
    pub imprecise_by_town: Vec<Vec<Ix>>,
    pub by_actor: Vec<Vec<Ix>>,
    pub by_report: Vec<Vec<Ix>>,
    pub town_activity: Vec<Activity>,
    pub actor_activity: Vec<Activity>,
    /// Incidents placed no finer than admin1 (in no town's activity).
    pub imprecise_incidents: usize,
    /// Built on first use (see [`Store::facts`] and the rest of facts.rs); not archived.
    #[rkyv(with = rkyv::with::Skip)]
    derived: facts::Derived,
}

impl Store {
    /// Opens the store at `path`, or the built-in sample when `path` is None.
    pub fn open(path: Option<&Path>) -> Result<Store, LoadError> {
        Store::open_with_progress(path, &|_, _| {})
    }

    pub fn open_with_progress(path: Option<&Path>, progress: Progress) -> Result<Store, LoadError> {
        progress(Stage::Reading, 0.0);
        match path {
            None => Store::from_bytes(Path::new(SAMPLE_LABEL), SAMPLE_JSON.as_bytes(), progress),
            // Read, not mapped (issue 13): a mapped file truncated or copied over in place
            // while it parses kills the process with SIGBUS; a private copy cannot.
            Some(p) => Store::open_copied(p, progress),
        }
    }

    /// Opens the store at `path` from a private copy read into memory rather than a mapping:
    /// a file truncated or rewritten in place while it loads (a `cp` over it) cannot kill
    /// the process with SIGBUS, as a mapped page that no longer exists would. For the
    /// server's loads and reloads and for `validate`, which must survive such files.
    pub fn open_copied(path: &Path, progress: Progress) -> Result<Store, LoadError> {
        progress(Stage::Reading, 0.0);
        let buf = load::read_file(path)?;
        if buf.is_empty() {
            return Err(LoadError::Empty {
                path: path.to_path_buf(),
            });
        }
        Store::from_bytes(path, &buf, progress)
    }

    pub fn from_bytes(path: &Path, buf: &[u8], progress: Progress) -> Result<Store, LoadError> {
        Store::from_bytes_releasing(path, buf, progress, &|_, _| {})
    }

    fn from_bytes_releasing(
        path: &Path,
        buf: &[u8],
        progress: Progress,
        release: load::Release,
    ) -> Result<Store, LoadError> {
        if let Some(what) = load::foreign_encoding(buf) {
            return Err(LoadError::UnknownFormat {
                path: path.to_path_buf(),
                reason: what.to_string(),
            });
        }
        // ACLED and UCDP GED files (CSV or API JSON) are imported on the fly.
        if let Some(imported) = import::import_if_foreign(path, buf, progress)? {
            progress(Stage::Indexing, 0.0);
            let source = path.display().to_string();
            return Ok(Store::from_doc(source, imported.doc, imported.problems));
        }
        let parsed = load::parse_store(path, buf, progress, release)?;
        progress(Stage::Indexing, 0.0);
        Ok(Store::from_doc(
            path.display().to_string(),
            parsed.doc,
            parsed.problems,
        ))
    }

    /// Builds the indexes over an already-checked document (our own, or an import).
    pub fn from_doc(source: String, doc: StoreDoc, problems: Vec<Problem>) -> Store {
        let StoreDoc {
            mut meta,
            towns,
            actors,
            reports,
            mut incidents,
            ..
        } = doc;
        if meta.dataset.trim().is_empty() && meta.datasets.is_empty() {
            meta.dataset = merge::label_of(&source);
        }
        // Unstable sorts (ids are unique, so the order is total): no N-sized scratch buffer.
        incidents.par_sort_unstable_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
        let ids = |v: Vec<&str>| -> HashMap<String, Ix> {
            v.into_iter()
                .enumerate()
                .map(|(i, id)| (id.to_string(), i as Ix))
                .collect()
        };
        let town_by_id = ids(towns.iter().map(|t| t.id.as_str()).collect());
        let actor_by_id = ids(actors.iter().map(|a| a.id.as_str()).collect());
        let report_by_id = ids(reports.iter().map(|r| r.id.as_str()).collect());
        let mut incident_ids: Vec<Ix> = (0..incidents.len() as Ix).collect();
        incident_ids
            .par_sort_unstable_by(|&a, &b| incidents[a as usize].id.cmp(&incidents[b as usize].id));

        let mut by_town = vec![Vec::new(); towns.len()];
        let mut imprecise_by_town = vec![Vec::new(); towns.len()];
        let incidents_imprecise = incidents.iter().filter(|i| !i.is_town_level()).count();
        let mut by_actor = vec![Vec::new(); actors.len()];
        let mut by_report = vec![Vec::new(); reports.len()];
        let mut town_activity = vec![Activity::default(); towns.len()];
        let mut actor_activity = vec![Activity::default(); actors.len()];
        for (i, inc) in incidents.iter().enumerate() {
            let i = i as Ix;
            if let Some(&t) = town_by_id.get(inc.town.as_str()) {
                if inc.is_town_level() {
                    by_town[t as usize].push(i);
                    town_activity[t as usize].add(inc);
                } else {
                    imprecise_by_town[t as usize].push(i);
                }
            }
            let mut last_actor = None;
            for ar in &inc.actors {
                if let Some(&a) = actor_by_id.get(ar.actor.as_str()) {
                    // An actor listed twice (two roles) counts once per incident.
                    if by_actor[a as usize].last() != Some(&i) && last_actor != Some(a) {
                        by_actor[a as usize].push(i);
                        actor_activity[a as usize].add(inc);
                    }
                    last_actor = Some(a);
                }
            }
            let cited = inc
                .sources
                .iter()
                .filter_map(|s| s.report.as_ref())
                .chain(inc.claims.iter().filter_map(|c| c.source.as_ref()));
            for r in cited {
                if let Some(&r) = report_by_id.get(r.as_str())
                    && by_report[r as usize].last() != Some(&i)
                {
                    by_report[r as usize].push(i);
                }
            }
        }

        let mut names: HashMap<String, Vec<EntityRef>> = HashMap::new();
        let mut add_name = |name: &str, e: EntityRef| {
            let list = names.entry(fold(name.trim())).or_default();
            if !list.contains(&e) {
                list.push(e);
            }
        };
        for (i, t) in towns.iter().enumerate() {
            let e = EntityRef::Town(i as Ix);
            add_name(&t.name, e);
            t.aliases.iter().for_each(|a| add_name(a, e));
        }
        for (i, a) in actors.iter().enumerate() {
            let e = EntityRef::Actor(i as Ix);
            add_name(&a.name, e);
            a.aliases.iter().for_each(|al| add_name(al, e));
        }

        Store {
            source,
            meta,
            towns,
            actors,
            reports,
            incidents: incidents.into(),
            problems,
            town_by_id,
            actor_by_id,
            report_by_id,
            incident_ids,
            names,
            by_town,
            imprecise_by_town,
            by_actor,
            by_report,
            town_activity,
            actor_activity,
            imprecise_incidents: incidents_imprecise,
            derived: facts::Derived::default(),
        }
    }

    /// A store read back from the snapshot cache (its incidents and source were archived
    /// apart; its id maps were not archived at all): gives it those and rebuilds the maps.
    /// Refused (None) when the parts disagree: an index naming a record that is not there.
    pub(crate) fn restored(
        mut self,
        source: String,
        incidents: incidents::Incidents,
    ) -> Option<Store> {
        let n = incidents.len();
        let within = |lists: &[Vec<Ix>], len: usize, of: usize| {
            lists.len() == len && lists.iter().flatten().all(|&i| (i as usize) < of)
        };
        let (towns, actors, reports) = (self.towns.len(), self.actors.len(), self.reports.len());
        let names_ok = self.names.values().flatten().all(|e| match *e {
            EntityRef::Incident(i) => (i as usize) < n,
            EntityRef::Actor(i) => (i as usize) < actors,
            EntityRef::Town(i) => (i as usize) < towns,
            EntityRef::Report(i) => (i as usize) < reports,
        });
        let consistent = self.incident_ids.len() == n
            && self.incident_ids.iter().all(|&i| (i as usize) < n)
            && within(&self.by_town, towns, n)
            && within(&self.imprecise_by_town, towns, n)
            && within(&self.by_actor, actors, n)
            && within(&self.by_report, reports, n)
            && self.town_activity.len() == towns
            && self.actor_activity.len() == actors
            && names_ok;
        if !consistent {
            return None;
        }
        let ids = |v: Vec<&str>| -> HashMap<String, Ix> {
            v.into_iter()
                .enumerate()
                .map(|(i, id)| (id.to_string(), i as Ix))
                .collect()
        };
        self.town_by_id = ids(self.towns.iter().map(|t| t.id.as_str()).collect());
        self.actor_by_id = ids(self.actors.iter().map(|a| a.id.as_str()).collect());
        self.report_by_id = ids(self.reports.iter().map(|r| r.id.as_str()).collect());
        self.source = source;
        self.incidents = incidents;
        Some(self)
    }

    /// The label of the dataset an incident came from ("ACLED", "UCDP", a file's name).
    pub fn dataset_of<'a>(&'a self, inc: &'a Incident) -> &'a str {
        if inc.dataset.is_empty() {
            &self.meta.dataset
        } else {
            &inc.dataset
        }
    }

    /// Whether the store joins several datasets (see [`merge`]).
    pub fn is_joined(&self) -> bool {
        self.meta.datasets.len() > 1
    }

    /// The datasets the store holds: those it was joined from, or itself alone.
    pub fn datasets(&self) -> Vec<crate::model::DatasetInfo> {
        if !self.meta.datasets.is_empty() {
            return self.meta.datasets.clone();
        }
        vec![crate::model::DatasetInfo {
            label: self.meta.dataset.clone(),
            title: self.meta.title.clone(),
            source: self.source.clone(),
            coverage: self.meta.coverage.clone(),
            licence: self.meta.licence.clone(),
            content: self.meta.content,
            incidents: self.incidents.len(),
        }]
    }

    pub fn town_ix(&self, id: &str) -> Option<Ix> {
        self.town_by_id.get(id).copied()
    }

    pub fn actor_ix(&self, id: &str) -> Option<Ix> {
        self.actor_by_id.get(id).copied()
    }

    pub fn report_ix(&self, id: &str) -> Option<Ix> {
        self.report_by_id.get(id).copied()
    }

    /// Every incident's position, in the order of their ids (for walking two stores side
    /// by side, as `sitrep diff` does).
    pub fn incidents_by_id(&self) -> &[Ix] {
        &self.incident_ids
    }

    pub fn incident_ix(&self, id: &str) -> Option<Ix> {
        let pos = self
            .incident_ids
            .binary_search_by(|&i| self.incidents[i as usize].id.as_str().cmp(id))
            .ok()?;
        Some(self.incident_ids[pos])
    }

    pub fn town(&self, ix: Ix) -> &Town {
        &self.towns[ix as usize]
    }

    pub fn actor(&self, ix: Ix) -> &Actor {
        &self.actors[ix as usize]
    }

    pub fn report(&self, ix: Ix) -> &Report {
        &self.reports[ix as usize]
    }

    /// The incident at `ix` (one of the newest, or the oldest, without waiting for a
    /// snapshot's records still being read: see [`incidents::Incidents`]).
    pub fn incident(&self, ix: Ix) -> &Incident {
        self.incidents
            .get(ix as usize)
            .unwrap_or_else(|| panic!("no incident {ix} of {}", self.incidents.len()))
    }

    /// The display name of an actor id, or the id itself when the store lacks it.
    pub fn actor_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.actor_ix(id)
            .map(|i| self.actor(i).name.as_str())
            .unwrap_or(id)
    }

    /// The display name of a town id, or the id itself when the store lacks it.
    pub fn town_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.town_ix(id)
            .map(|i| self.town(i).name.as_str())
            .unwrap_or(id)
    }

    /// Towns and actors whose name or alias equals `name`, ignoring case and accents.
    pub fn named(&self, name: &str) -> &[EntityRef] {
        self.names
            .get(&fold(name.trim()))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Every folded name and alias with what it names (for search indexes).
    pub fn name_table(&self) -> impl Iterator<Item = (&str, &[EntityRef])> {
        self.names.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// Incidents dated within `from..=to`, as a range of positions (incidents are newest first).
    pub fn incidents_between(&self, from: NaiveDate, to: NaiveDate) -> Range<usize> {
        let start = self.incidents.partition_point(|i| i.date > to);
        let end = self.incidents.partition_point(|i| i.date >= from);
        start..end.max(start)
    }

    pub fn newest_date(&self) -> Option<NaiveDate> {
        self.incidents.first().map(|i| i.date)
    }

    pub fn oldest_date(&self) -> Option<NaiveDate> {
        self.incidents.last().map(|i| i.date)
    }

    /// Every incident's fatalities, summed as [`FatalityTotal`] does.
    pub fn total_fatalities(&self) -> FatalityTotal {
        FatalityTotal::of(self.incidents.iter().map(|i| &i.fatalities))
    }

    /// The days the store covers: its stated coverage, widened to its oldest and newest
    /// incidents (a store holding an incident covers that day whatever its metadata says).
    pub fn coverage(&self) -> Option<(NaiveDate, NaiveDate)> {
        let c = &self.meta.coverage;
        let from = [c.from, self.oldest_date()].into_iter().flatten().min()?;
        let to = [c.to, self.newest_date()].into_iter().flatten().max()?;
        Some((from, to))
    }

    /// How many days of `since..=until` the store covers.
    pub fn covered_days(&self, since: NaiveDate, until: NaiveDate) -> u32 {
        match self.coverage() {
            Some((from, to)) => {
                let (a, b) = (since.max(from), until.min(to));
                if b < a {
                    0
                } else {
                    (b - a).num_days() as u32 + 1
                }
            }
            None => 0,
        }
    }

    /// Finds a record of one kind by id, then by exact name or alias (case- and
    /// accent-insensitive), then by a unique name containing the query. An incident's name
    /// is its id: `90001` finds `MLI90001` when no other id holds it.
    pub fn lookup(&self, kind: Kind, query: &str) -> Lookup {
        let q = query.trim();
        let direct = match kind {
            Kind::Incident => self.incident_ix(q).map(EntityRef::Incident),
            Kind::Actor => self.actor_ix(q).map(EntityRef::Actor),
            Kind::Town => self.town_ix(q).map(EntityRef::Town),
        };
        if let Some(e) = direct {
            return Lookup::Found(e);
        }
        if kind == Kind::Incident {
            return self.lookup_incident_by_part(q);
        }
        let of_kind = |e: &&EntityRef| kind.matches(**e);
        let exact: Vec<EntityRef> = self.named(q).iter().filter(of_kind).copied().collect();
        match exact.len() {
            1 => return Lookup::Found(exact[0]),
            n if n > 1 => return Lookup::Ambiguous(exact),
            _ => {}
        }
        let fq = fold(q);
        if fq.is_empty() {
            return Lookup::NotFound;
        }
        let mut partial: Vec<EntityRef> = self
            .names
            .iter()
            .filter(|(name, _)| name.contains(&fq))
            .flat_map(|(_, es)| es.iter().filter(of_kind).copied())
            .collect();
        partial.sort();
        partial.dedup();
        match partial.len() {
            0 => Lookup::NotFound,
            1 => Lookup::Found(partial[0]),
            _ => Lookup::Ambiguous(partial),
        }
    }

    /// Incidents whose id equals `q` ignoring case, else those whose id holds it (newest
    /// first).
    fn lookup_incident_by_part(&self, q: &str) -> Lookup {
        let fq = fold(q);
        if fq.is_empty() {
            return Lookup::NotFound;
        }
        let folded_id = |i: usize| {
            let mut buf = String::new();
            crate::text::fold_into(&self.incidents[i].id, &mut buf);
            buf
        };
        let hits: Vec<(Ix, bool)> = (0..self.incidents.len())
            .into_par_iter()
            .filter_map(|i| {
                let id = folded_id(i);
                id.contains(&fq).then_some((i as Ix, id == fq))
            })
            .collect();
        if let Some(&(i, _)) = hits.iter().find(|(_, whole)| *whole) {
            return Lookup::Found(EntityRef::Incident(i));
        }
        match hits.as_slice() {
            [] => Lookup::NotFound,
            [(i, _)] => Lookup::Found(EntityRef::Incident(*i)),
            many => Lookup::Ambiguous(many.iter().map(|&(i, _)| EntityRef::Incident(i)).collect()),
        }
    }

    /// A short label for any record, for lists and messages.
    pub fn label(&self, e: EntityRef) -> String {
        match e {
            EntityRef::Incident(i) => {
                let inc = self.incident(i);
                format!(
                    "{} {} {}",
                    inc.date,
                    self.town_name(&inc.town),
                    inc.event_type
                )
            }
            EntityRef::Actor(i) => self.actor(i).name.clone(),
            EntityRef::Town(i) => {
                let t = self.town(i);
                format!("{}, {}", t.name, t.country)
            }
            EntityRef::Report(i) => self.report(i).title.clone(),
        }
    }
}

/// The three kinds of record a user looks up by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Incident,
    Actor,
    Town,
}

impl Kind {
    pub fn matches(self, e: EntityRef) -> bool {
        matches!(
            (self, e),
            (Kind::Incident, EntityRef::Incident(_))
                | (Kind::Actor, EntityRef::Actor(_))
                | (Kind::Town, EntityRef::Town(_))
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Incident => "incident",
            Kind::Actor => "actor",
            Kind::Town => "town",
        }
    }
}

#[derive(Debug, PartialEq)]
pub enum Lookup {
    Found(EntityRef),
    Ambiguous(Vec<EntityRef>),
    NotFound,
}
