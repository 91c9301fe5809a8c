//! Linking parsed rows into a store document: incidents, towns and actors with stable ids.

use std::path::Path;

use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;

use super::actors::{self, normalise_actor, slug};
use super::{Event, Format, Imported, Merge, RowError};
use crate::model::{
    Actor, ActorKind, ActorRole, Coverage, DatePrecision, Fatalities, GeoPrecision, Incident, Meta,
    Origin, Role, SCHEMA_VERSION, Source, StoreDoc, Sym, Town,
};

/// An [`Event`] that owns its values, so rows parsed on other threads can be handed over.
/// Repeated values are interned ([`Sym`]), which also makes the hand-over cheap.
#[derive(Debug)]
pub struct Staged {
    pub line: u64,
    pub id: String,
    pub date: Option<NaiveDate>,
    pub precision: DatePrecision,
    pub end_date: Option<NaiveDate>,
    pub geo_precision: Option<GeoPrecision>,
    pub country: Sym,
    pub admin1: Sym,
    pub admin2: Sym,
    pub location: Sym,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub event_type: Sym,
    pub sub_event_type: Sym,
    pub coded_event_type: Option<Sym>,
    pub actors: Vec<(Sym, Role, Option<ActorKind>)>,
    pub fatalities: Fatalities,
    pub summary: String,
    pub notes: String,
    pub sources: Vec<Source>,
    pub tags: Vec<Sym>,
    pub timestamp: Option<i64>,
    pub data_id: Option<u64>,
    pub warnings: Vec<(&'static str, String)>,
}

impl Staged {
    pub fn new(ev: Event<'_>) -> Staged {
        Staged {
            line: ev.line,
            id: ev.id,
            date: ev.date,
            precision: ev.precision,
            end_date: ev.end_date,
            geo_precision: ev.geo_precision,
            country: Sym::new(ev.country),
            admin1: Sym::new(ev.admin1),
            admin2: Sym::new(ev.admin2),
            location: Sym::new(ev.location),
            lat: ev.lat,
            lon: ev.lon,
            event_type: Sym::new(ev.event_type),
            sub_event_type: Sym::new(ev.sub_event_type),
            coded_event_type: ev.coded_event_type.map(Sym::new),
            // into_iter: same-sized items, so the vectors are reused, not reallocated.
            actors: ev
                .actors
                .into_iter()
                .map(|(name, role, kind)| (Sym::new(name), role, kind))
                .collect(),
            fatalities: ev.fatalities,
            summary: ev.summary,
            notes: ev.notes,
            sources: ev
                .sources
                .iter()
                .map(|s| Source {
                    report: None,
                    outlet: Sym::new(s.outlet),
                    url: None,
                    date: s.date,
                    illustrative: false,
                })
                .collect(),
            tags: ev.tags.into_iter().map(Sym::new).collect(),
            timestamp: ev.timestamp,
            data_id: ev.data_id,
            warnings: ev.warnings,
        }
    }
}

fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(id)
}

/// A symbol's address. Rows parsed on one thread share their symbols, so most lookups can
/// go by address, with neither hashing nor comparing text; the builder keeps every symbol
/// it has used as a key ([`Builder::kept`]), so no address can be reused by another text.
fn addr(s: &Sym) -> usize {
    s.as_str().as_ptr() as usize
}

/// The value trimmed, as a symbol (the same one when there is nothing to trim).
fn trimmed(s: &Sym) -> Sym {
    let t = s.as_str().trim();
    if t.len() == s.as_str().len() {
        s.clone()
    } else {
        Sym::new(t)
    }
}

/// [`trimmed`], taking the symbol: the parsers hand over values already trimmed, so they
/// are moved rather than cloned and dropped.
fn into_trimmed(s: Sym) -> Sym {
    if s.as_str().trim().len() == s.as_str().len() {
        s
    } else {
        Sym::new(s.as_str().trim())
    }
}
use crate::store::problem::Problem;

/// How an event placed no finer than its admin1 region (or a wider area, the country, the
/// sea) is placed; None for one placed at or near a town (or not said).
///
/// Such an event still needs a place record, but not the town its location column names:
/// ACLED's geo_precision 3 rows name the region's capital and carry the region's
/// coordinates, so linking them to the town would count them as the town's activity and
/// could give the town the region's coordinates. They get a place record of their own,
/// its id ending in the precision (`town:mali:kayes:kayes:admin1`), its name saying so
/// ("Kayes (admin1 only)"); the incident's `geo_precision` says it is not a town
/// ([`Incident::is_town_level`]).
fn area_only(ev: &Staged) -> Option<GeoPrecision> {
    ev.geo_precision.filter(|g| g.is_imprecise())
}

/// What an area's record adds to its name.
fn area_label(g: GeoPrecision) -> &'static str {
    match g {
        GeoPrecision::Region => "wide area only",
        GeoPrecision::Country => "country only",
        GeoPrecision::Sea => "sea or air",
        _ => "admin1 only",
    }
}

/// Links events into a store document.
pub struct Builder {
    file: Sym,
    label: String,
    merge: Merge,
    towns: Vec<Town>,
    town_ix: HashMap<String, usize>,
    /// Exact spellings already linked (country, admin1, admin2, location) to their town.
    town_raw: HashMap<String, usize>,
    key_buf: String,
    /// Places already linked, by the addresses of their symbols (and whether they had
    /// coordinates), to their town.
    town_sym: HashMap<[usize; 5], usize>,
    /// Actor names already linked, by the address of their symbol.
    actor_sym: HashMap<usize, usize>,
    /// Every symbol used as a key by address, kept alive so its address stays its own.
    kept: Vec<Sym>,
    actors: Vec<Actor>,
    /// Exact spellings already linked to their actor.
    actor_raw: HashMap<String, usize>,
    /// The kind codes each actor's rows gave it: (kind, whether as a main actor, rows), in
    /// the order first seen. Its kind is chosen from them at the end ([`choose_kind`]).
    kind_votes: Vec<Vec<(ActorKind, bool, u32)>>,
    actor_ix: HashMap<String, usize>,
    incidents: Vec<Incident>,
    timestamps: Vec<Option<i64>>,
    /// Incidents by id: positions in `incidents`, hashed by their id (no copy of the id).
    incident_ix: hashbrown::HashTable<u32>,
    problems: Vec<Problem>,
    rows: usize,
    skipped: usize,
    /// The store's coverage, kept up as incidents are made rather than found by passes
    /// over a million incidents at the end. A replaced incident may take its country or
    /// date with it: then `finish` counts again.
    countries: rustc_hash::FxHashSet<Sym>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    recount: bool,
}

impl Builder {
    pub fn new(path: &Path, merge: Merge) -> Builder {
        let label = path.display().to_string();
        Builder {
            file: Sym::new(&label),
            label,
            merge,
            towns: Vec::new(),
            town_ix: HashMap::default(),
            town_raw: HashMap::default(),
            key_buf: String::new(),
            town_sym: HashMap::default(),
            actor_sym: HashMap::default(),
            kept: Vec::new(),
            actors: Vec::new(),
            actor_raw: HashMap::default(),
            kind_votes: Vec::new(),
            actor_ix: HashMap::default(),
            incidents: Vec::new(),
            timestamps: Vec::new(),
            incident_ix: hashbrown::HashTable::new(),
            problems: Vec::new(),
            rows: 0,
            skipped: 0,
            countries: Default::default(),
            from: None,
            to: None,
            recount: false,
        }
    }

    /// Makes room for about `rows` more rows.
    pub fn reserve(&mut self, rows: usize) {
        self.incidents.reserve(rows);
        self.timestamps.reserve(rows);
        let incidents = &self.incidents;
        self.incident_ix
            .reserve(rows, |&i| id_hash(&incidents[i as usize].id));
    }

    pub fn set_merge(&mut self, merge: Merge) {
        self.merge = merge;
    }

    fn problem(&mut self, line: u64, id: Option<&str>, field: &str, msg: String, skipped: bool) {
        self.problems.push(Problem {
            file: self.label.clone(),
            line: Some(line as usize),
            column: None,
            kind: "incident",
            record: id.map(str::to_string),
            field: (!field.is_empty()).then(|| field.to_string()),
            message: msg,
            skipped,
        });
    }

    pub fn bad_row(&mut self, e: RowError) {
        self.rows += 1;
        self.skipped += 1;
        self.problem(e.line, e.id.as_deref(), e.field, e.message, true);
    }

    /// The event's town: its id and position.
    fn town(&mut self, ev: &Staged) -> (Sym, usize) {
        let parts = [&ev.country, &ev.admin1, &ev.admin2, &ev.location];
        let [c, a1, a2, l] = parts.map(addr);
        let flags = usize::from(ev.lat.is_some()) | usize::from(area_only(ev).is_some()) << 1;
        let addr = [c, a1, a2, l, flags];
        if let Some(&i) = self.town_sym.get(&addr) {
            return (self.towns[i].id.clone(), i);
        }
        let sym = self.town_by_text(ev);
        let i = self.town_ix[sym.as_str()];
        self.town_sym.insert(addr, i);
        self.kept.extend(parts.into_iter().cloned());
        (sym, i)
    }

    /// The row's own spelling of its place, when its town's name is not that spelling (the
    /// town was named by an earlier row spelled another way, or the row names no place).
    fn spelled_location(&self, ev: &Staged, town: usize) -> Option<Sym> {
        let name = self.towns[town].name.as_str();
        let loc = ev.location.as_str();
        let same = match area_only(ev) {
            None => name == loc,
            // "Kayes (admin1 only)" for the row's "Kayes".
            Some(g) => name
                .strip_prefix(loc)
                .and_then(|rest| rest.strip_prefix(" ("))
                .and_then(|rest| rest.strip_suffix(')'))
                .is_some_and(|label| label == area_label(g)),
        };
        (!same).then(|| ev.location.clone())
    }

    fn town_by_text(&mut self, ev: &Staged) -> Sym {
        // Most rows repeat a place spelled exactly as before: skip the folding then.
        let mut raw_key = std::mem::take(&mut self.key_buf);
        raw_key.clear();
        for part in [&ev.country, &ev.admin1, &ev.admin2, &ev.location] {
            raw_key.push_str(part);
            raw_key.push('\u{1f}');
        }
        raw_key.push(if ev.lat.is_some() { '1' } else { '0' });
        raw_key.push_str(area_only(ev).map_or("", GeoPrecision::key));
        if let Some(&i) = self.town_raw.get(&raw_key) {
            self.key_buf = raw_key;
            return self.towns[i].id.clone();
        }
        let sym = self.town_slow(ev);
        let i = self.town_ix[sym.as_str()];
        self.town_raw.insert(raw_key, i);
        sym
    }

    fn town_slow(&mut self, ev: &Staged) -> Sym {
        let name = actors::clean(&ev.location);
        let name = if name.is_empty() {
            [&ev.admin2, &ev.admin1, &ev.country]
                .iter()
                .map(|s| actors::clean(s))
                .find(|s| !s.is_empty())
                .unwrap_or_else(|| "Unknown".into())
        } else {
            name
        };
        let mut id = format!(
            "town:{}:{}:{}",
            slug(&ev.country),
            slug(&ev.admin1),
            slug(&name)
        );
        // An area's record says in its name that it is not a town ("Niamey (admin1 only)"
        // beside the town Niamey), wherever a list or a search shows it.
        let name = match area_only(ev) {
            Some(g) => {
                id.push(':');
                id.push_str(g.key());
                format!("{name} ({})", area_label(g))
            }
            None => name,
        };
        if let Some(&i) = self.town_ix.get(&id) {
            let t = &mut self.towns[i];
            if t.name != name && !t.aliases.contains(&name) {
                t.aliases.push(name);
            }
            if t.lat.is_none() && ev.lat.is_some() && ev.lon.is_some() {
                (t.lat, t.lon) = (ev.lat, ev.lon);
            }
            return t.id.clone();
        }
        let sym = Sym::new(&id);
        self.town_ix.insert(id, self.towns.len());
        let (lat, lon) = match (ev.lat, ev.lon) {
            (Some(a), Some(b)) => (Some(a), Some(b)),
            _ => (None, None),
        };
        self.towns.push(Town {
            id: sym.clone(),
            name,
            aliases: Vec::new(),
            country: trimmed(&ev.country),
            admin1: trimmed(&ev.admin1),
            admin2: trimmed(&ev.admin2),
            lat,
            lon,
            merged_from: Vec::new(),
        });
        sym
    }

    /// The actor named `name`, made when new; a kind code the row gives it counts as a vote
    /// for its kind, a main actor's more than an associate's.
    fn actor(&mut self, name: &Sym, kind: Option<ActorKind>, role: Role) -> Option<Sym> {
        let i = match self.actor_sym.get(&addr(name)) {
            Some(&i) => i,
            None => {
                let id = self.actor_by_text(name)?;
                let i = self.actor_ix[id.as_str()];
                self.actor_sym.insert(addr(name), i);
                self.kept.push(name.clone());
                i
            }
        };
        if let Some(k) = kind {
            let main = role.is_main();
            let votes = &mut self.kind_votes[i];
            match votes.iter_mut().find(|v| v.0 == k && v.1 == main) {
                Some(v) => v.2 += 1,
                None => votes.push((k, main, 1)),
            }
        }
        Some(self.actors[i].id.clone())
    }

    fn actor_by_text(&mut self, name: &str) -> Option<Sym> {
        if let Some(&i) = self.actor_raw.get(name) {
            return Some(self.actors[i].id.clone());
        }
        let id = self.actor_slow(name)?;
        let i = self.actor_ix[id.as_str()];
        self.actor_raw.insert(name.to_string(), i);
        Some(id)
    }

    fn actor_slow(&mut self, name: &str) -> Option<Sym> {
        let n = normalise_actor(name)?;
        let id = format!("actor:{}", slug(&n.canonical));
        let i = match self.actor_ix.get(&id) {
            Some(&i) => i,
            None => {
                let i = self.actors.len();
                self.actor_ix.insert(id.clone(), i);
                self.actors.push(Actor {
                    id: Sym::new(&id),
                    name: n.canonical.clone(),
                    aliases: Vec::new(),
                    // A guess from the name, until the rows' codes say otherwise.
                    kind: actors::kind_from_name(&n.canonical),
                    parent: None,
                    affiliation: None,
                    description: String::new(),
                    merged_from: Vec::new(),
                });
                self.kind_votes.push(Vec::new());
                i
            }
        };
        let a = &mut self.actors[i];
        for alias in std::iter::once(&n.raw).chain(&n.extra) {
            if *alias != a.name && !a.aliases.contains(alias) {
                a.aliases.push(alias.clone());
            }
        }
        Some(a.id.clone())
    }

    /// The actors' ids and roles, each pair once. Built in the vector the parsed names came
    /// in (same-sized items), so no allocation here and none freed on another thread.
    fn roles(&mut self, actors: Vec<(Sym, Role, Option<ActorKind>)>) -> Vec<ActorRole> {
        let mut out: Vec<ActorRole> = actors
            .into_iter()
            .filter_map(|(name, role, kind)| {
                let actor = self.actor(&name, kind, role)?;
                Some(ActorRole { actor, role })
            })
            .collect();
        let mut kept = 0;
        for j in 0..out.len() {
            let (a, b) = out.split_at(j);
            if !a[..kept]
                .iter()
                .any(|r| r.actor == b[0].actor && r.role == b[0].role)
            {
                out.swap(kept, j);
                kept += 1;
            }
        }
        out.truncate(kept);
        out
    }

    pub fn add(&mut self, ev: Event<'_>) {
        self.add_staged(Staged::new(ev));
    }

    pub fn add_staged(&mut self, mut ev: Staged) {
        self.rows += 1;
        let Some(date) = ev.date else {
            let id = ev.id.clone();
            self.bad_row(RowError {
                line: ev.line,
                id: Some(id),
                field: "date",
                message: "no date".into(),
            });
            self.rows -= 1;
            return;
        };
        for (field, msg) in std::mem::take(&mut ev.warnings) {
            self.problem(ev.line, Some(&ev.id), field, msg, false);
        }
        if ev.fatalities.is_inconsistent() {
            let f = ev.fatalities;
            let o = |v: Option<u32>| v.map_or("unknown".into(), |v| v.to_string());
            let msg = format!(
                "fatalities do not bracket: low {}, best {}, high {}; kept as given",
                o(f.low),
                o(f.best),
                o(f.high)
            );
            self.problem(ev.line, Some(&ev.id), "fatalities", msg, false);
        }
        let hash = id_hash(&ev.id);
        let incidents = &self.incidents;
        let found = self
            .incident_ix
            .find(hash, |&i| incidents[i as usize].id == ev.id);
        if let Some(&i) = found {
            let i = i as usize;
            match self.merge {
                Merge::Monadic => {
                    let roles = self.roles(std::mem::take(&mut ev.actors));
                    let inc = &mut self.incidents[i];
                    for mut r in roles {
                        if inc.actors.iter().any(|x| x.actor == r.actor) {
                            continue;
                        }
                        // The second actor of a monadic event is the other side.
                        r.role = match r.role {
                            Role::Attacker => Role::Target,
                            Role::Actor1 => Role::Actor2,
                            Role::SideA => Role::SideB,
                            other => other,
                        };
                        inc.actors.push(r);
                    }
                    return;
                }
                Merge::Newest => {
                    let newer = ev.timestamp >= self.timestamps[i];
                    let msg = if newer {
                        "repeated event id: this newer row replaces the earlier one"
                    } else {
                        "repeated event id: an earlier row with a newer timestamp is kept"
                    };
                    let id = ev.id.clone();
                    self.problem(ev.line, Some(&id), "id", msg.into(), !newer);
                    if !newer {
                        self.skipped += 1;
                        return;
                    }
                    self.skipped += 1;
                    self.recount = true;
                    let inc = self.incident(ev, date);
                    self.timestamps[i] = inc.1;
                    self.incidents[i] = inc.0;
                    return;
                }
            }
        }
        let (inc, ts) = self.incident(ev, date);
        let incidents = &self.incidents;
        self.incident_ix
            .insert_unique(hash, incidents.len() as u32, |&i| {
                id_hash(&incidents[i as usize].id)
            });
        self.incidents.push(inc);
        self.timestamps.push(ts);
    }

    fn incident(&mut self, mut ev: Staged, date: NaiveDate) -> (Incident, Option<i64>) {
        let (town, town_ix) = self.town(&ev);
        let location = self.spelled_location(&ev, town_ix);
        let actors = self.roles(std::mem::take(&mut ev.actors));
        let inc = Incident {
            id: ev.id,
            date,
            date_precision: ev.precision,
            end_date: ev.end_date.filter(|e| *e > date),
            geo_precision: ev.geo_precision,
            town,
            country: into_trimmed(ev.country),
            admin1: into_trimmed(ev.admin1),
            admin2: into_trimmed(ev.admin2),
            lat: ev.lat,
            lon: ev.lon,
            event_type: into_trimmed(ev.event_type),
            sub_event_type: into_trimmed(ev.sub_event_type),
            coded_event_type: ev.coded_event_type.map(into_trimmed),
            actors,
            fatalities: ev.fatalities,
            claims: Vec::new(),
            summary: ev.summary,
            notes: ev.notes,
            sources: ev.sources,
            tags: ev.tags,
            origin: Some(Origin {
                file: self.file.clone(),
                line: ev.line,
                data_id: ev.data_id,
                timestamp: ev.timestamp,
                location,
            }),
            dataset: Sym::default(),
        };
        if !self.countries.contains(&inc.country) {
            self.countries.insert(inc.country.clone());
        }
        self.from = Some(self.from.map_or(date, |d| d.min(date)));
        self.to = Some(self.to.map_or(date, |d| d.max(date)));
        (inc, ev.timestamp)
    }

    pub fn finish(mut self, format: Format, attribution: &str, licence: &str) -> Imported {
        let title = Path::new(&self.label)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.label.clone());
        if self.recount {
            self.countries = self.incidents.iter().map(|i| i.country.clone()).collect();
            self.from = self.incidents.iter().map(|i| i.date).min();
            self.to = self.incidents.iter().map(|i| i.date).max();
        }
        let mut countries: Vec<String> = self
            .countries
            .iter()
            .map(|c| c.to_string())
            .filter(|c| !c.is_empty())
            .collect();
        countries.sort();
        let meta = Meta {
            title,
            description: format!(
                "Imported from {} ({}): {} rows, {} incidents, {} rows skipped",
                format.label(),
                self.label,
                self.rows,
                self.incidents.len(),
                self.skipped
            ),
            coverage: Coverage {
                from: self.from,
                to: self.to,
                countries,
            },
            licence: licence.into(),
            attribution: vec![attribution.into()],
            content: crate::model::ContentKind::Real,
            dataset: format.dataset().to_string(),
            datasets: Vec::new(),
        };
        for (a, votes) in self.actors.iter_mut().zip(&self.kind_votes) {
            if let Some(k) = actors::choose_kind(votes) {
                a.kind = k;
            }
        }
        self.problems.sort_by_key(|p| p.line);
        Sym::clear_interner();
        Imported {
            doc: StoreDoc {
                schema_version: SCHEMA_VERSION,
                meta,
                towns: self.towns,
                actors: self.actors,
                reports: Vec::new(),
                incidents: self.incidents,
            },
            problems: self.problems,
            format,
            rows: self.rows,
            skipped: self.skipped,
        }
    }
}
