//! Deterministic synthetic stores for scale tests and demos (`sitrep gen`).
//!
//! One splitmix64 stream seeded from `seed` drives everything, so the same options always give
//! the same bytes. Towns, actors and reports are small and built in memory; incidents are
//! generated into one reused `Incident` and written as they go, so a million never sit in
//! memory. Real group names are used as labels only: every place, outlet and event is invented.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, BufWriter, Write};

use chrono::{Datelike, Days, Month, NaiveDate};

use crate::model::{
    Actor, ActorKind, ActorRole, Claim, ContentKind, Coverage, DatePrecision, Fatalities, Incident,
    Meta, Report, Role, SCHEMA_VERSION, Source, Sym, Town,
};

/// Options for `sitrep gen`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SynthOptions {
    pub incidents: usize,
    pub seed: u64,
}

mod tables;
#[cfg(test)]
mod tests;

use tables::*;

/// splitmix64: tiny, fast, and stable across platforms and crate versions.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let z = (self.0 ^ (self.0 >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        let z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    /// Zipf-like index in 0..n: P(i < x) = (x/n)^(1/k), so low indexes dominate.
    fn skewed(&mut self, n: usize, k: f64) -> usize {
        ((self.unit().powf(k) * n as f64) as usize).min(n - 1)
    }
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let mut x = self.unit() * weights.iter().sum::<f64>();
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

/// The fields of one table line.
type Row = Vec<&'static str>;

/// Everything small enough to hold in memory, plus the lookup tables incidents draw from.
#[derive(Default)]
struct World {
    start: NaiveDate,
    /// Per country: its `GEO` header and region rows.
    countries: Vec<(Row, Vec<Row>)>,
    towns: Vec<Town>,
    /// Per town: "Name (admin2, admin1)" as notes cite it.
    places: Vec<String>,
    town_country: Vec<usize>,
    country_towns: Vec<Vec<usize>>,
    actors: Vec<Actor>,
    /// Per actor: class letter and the name used in prose.
    class: Vec<u8>,
    short: Vec<String>,
    /// Per country, per class: actor indexes, most active first.
    pools: Vec<[Vec<usize>; 8]>,
    reports: Vec<Report>,
    /// Per report: a citation of it, cloned into incidents.
    sources: Vec<Source>,
    /// Per sub-event type: its `EVENTS` header, [event, sub-event] symbols, lead sentences.
    subs: Vec<(Row, [Sym; 2], Row)>,
    sub_weights: Vec<f64>,
}

fn num(s: &str) -> f64 {
    s.parse().expect("number in a synth table")
}

fn class_index(class: u8) -> usize {
    CLASSES.iter().position(|&c| c == class).unwrap_or(7)
}

fn slug(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    s.to_ascii_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
}

/// Appends `s` with its first letter upper-cased.
fn push_cap(out: &mut String, s: &str) {
    let mut cs = s.chars();
    if let Some(c) = cs.next() {
        out.extend(c.to_uppercase());
        out.push_str(cs.as_str());
    }
}

/// A unique id `prefix + base`, suffixed `-2`, `-3`... on collision.
fn unique_id(seen: &mut HashMap<String, u32>, prefix: &str, base: &str) -> Sym {
    let n = seen.entry(base.to_string()).or_insert(0);
    *n += 1;
    match *n {
        1 => Sym::new(&format!("{prefix}{base}")),
        n => Sym::new(&format!("{prefix}{base}-{n}")),
    }
}

fn month(d: NaiveDate) -> &'static str {
    Month::try_from(d.month() as u8).map_or("", |m| m.name())
}

/// A date as ACLED notes write it, "4 August 2020" (hand-rolled: strftime is slow here).
struct Long(NaiveDate);

impl std::fmt::Display for Long {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{} {} {}", self.0.day(), month(self.0), self.0.year())
    }
}

/// Expands a template's `{x}` placeholders (see `EVENTS`); `v` holds D a t w p o r.
fn fill(out: &mut String, tpl: &str, v: &[&str; 7]) {
    let mut rest = tpl;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        match rest.as_bytes()[i + 1] {
            b'A' => push_cap(out, v[1]),
            k => out.push_str(v[b"Datwpor".iter().position(|&c| c == k).unwrap_or(6)]),
        }
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
}

impl World {
    fn build(n: usize, rng: &mut Rng) -> World {
        let start = NaiveDate::from_ymd_opt(2016, 1, 1).expect("valid date");
        let mut w = World {
            start,
            ..World::default()
        };
        for line in GEO.lines() {
            let f: Row = line.split('|').collect();
            match w.countries.last_mut() {
                Some(c) if !line.starts_with('#') => c.1.push(f),
                _ => w.countries.push((f, Vec::new())),
            }
        }
        for line in EVENTS.lines() {
            match (line.strip_prefix('>'), w.subs.last_mut()) {
                (None, Some(sub)) => sub.2.push(line),
                (head, _) => {
                    let h: Row = head.unwrap_or(line).split('|').collect();
                    w.sub_weights.push(num(h[2]));
                    let syms = [Sym::new(h[0]), Sym::new(h[1])];
                    w.subs.push((h, syms, Vec::new()));
                }
            }
        }
        w.country_towns = vec![Vec::new(); w.countries.len()];
        w.pools = vec![Default::default(); w.countries.len()];
        w.build_towns((n / 250).clamp(200, 5000), rng);
        w.build_actors(rng);
        w.build_reports(rng);
        w
    }

    fn code(&self, c: usize) -> &'static str {
        &self.countries[c].0[0][1..]
    }

    /// Indexes of the countries whose codes appear in `codes` ("ML BF").
    fn countries_in(&self, codes: &str) -> Vec<usize> {
        (0..self.countries.len())
            .filter(|&c| codes.contains(self.code(c)))
            .collect()
    }

    fn build_towns(&mut self, count: usize, rng: &mut Rng) {
        let weights: Vec<f64> = self.countries.iter().map(|c| num(c.0[4])).collect();
        let syllables: Row = SYLLABLES.split(' ').collect();
        let mut seen = HashMap::new();
        let nc = self.countries.len();
        for i in 0..count {
            // Town order is activity rank; the least active few go round-robin so that every
            // country has towns to name its local units after.
            let ci = if i + nc * 3 < count {
                rng.weighted(&weights)
            } else {
                i % nc
            };
            let (head, regions) = &self.countries[ci];
            let r = &regions[rng.skewed(regions.len(), 1.5)];
            // A pronounceable made-up name such as "koumbala", "tin-sadey" or "n'gouri".
            let mut base = ["tin-", "n'"].get(rng.below(40)).unwrap_or(&"").to_string();
            for _ in 0..1 + usize::from(rng.chance(0.4)) {
                base.push_str(rng.pick(&syllables));
            }
            base.push_str(rng.pick(&head[5].split(',').collect::<Row>()));
            let (mut name, mut up) = (String::new(), true);
            for ch in base.chars() {
                name.push(if up { ch.to_ascii_uppercase() } else { ch });
                up = ch == '-' || ch == '\'';
            }
            let mut aliases = Vec::new();
            if let Some(p) = name.rfind('e').filter(|_| rng.chance(0.15)) {
                // French spelling with an accent; the plain spelling stays findable.
                aliases.push(name.clone());
                name.replace_range(p..p + 1, "é");
            }
            let english = name.replacen("ou", "u", 1).replacen("Dj", "J", 1);
            if english != name && rng.chance(0.15) {
                aliases.push(english);
            }
            let spread = num(r[3]);
            let lat = (num(r[1]) + (rng.unit() * 2.0 - 1.0) * spread).clamp(4.0, 25.0);
            let lon = (num(r[2]) + (rng.unit() * 2.4 - 1.2) * spread).clamp(-17.0, 16.0);
            let admin2 = rng.pick(&r[4].split(',').collect::<Row>());
            self.places.push(format!("{name} ({admin2}, {})", r[0]));
            self.towns.push(Town {
                id: unique_id(&mut seen, "town:", &slug(&base)),
                name,
                aliases,
                country: Sym::new(head[1]),
                admin1: Sym::new(r[0]),
                admin2: Sym::new(admin2),
                lat: Some((lat * 1e4).round() / 1e4),
                lon: Some((lon * 1e4).round() / 1e4),
                merged_from: Vec::new(),
            });
            self.town_country.push(ci);
            self.country_towns[ci].push(i);
        }
    }

    /// Adds one actor row (see `GENERIC`).
    fn add_actor(&mut self, row: &str, seen: &mut HashMap<String, u32>) {
        let f: Vec<&str> = row.split('|').collect();
        let cs = self.countries_in(f[7]);
        let names: Vec<&str> = cs.iter().map(|&c| self.countries[c].0[1]).collect();
        let kind: ActorKind = serde_json::from_value(f[3].into()).expect("actor kind");
        let mut description = String::new();
        push_cap(&mut description, kind.label());
        let _ = write!(description, " active in {}.", names.join(", "));
        let class = class_index(f[8].as_bytes()[0]);
        for &c in &cs {
            self.pools[c][class].push(self.actors.len());
        }
        self.class.push(CLASSES[class]);
        self.short.push(f[6].to_string());
        let base = if f[0].is_empty() {
            slug(f[1])
        } else {
            f[0].to_string()
        };
        self.actors.push(Actor {
            id: unique_id(seen, "actor:", &base),
            name: f[1].to_string(),
            aliases: f[2].split_terminator(';').map(String::from).collect(),
            kind,
            parent: (!f[4].is_empty()).then(|| Sym::new(&format!("actor:{}", f[4]))),
            affiliation: (!f[5].is_empty()).then(|| f[5].to_string()),
            description,
            merged_from: Vec::new(),
        });
    }

    fn build_actors(&mut self, rng: &mut Rng) {
        let mut seen = HashMap::new();
        for c in 0..self.countries.len() {
            let h = self.countries[c].0.clone();
            for line in GENERIC.lines() {
                let row = line.replace("{C}", h[1]).replace("{D}", h[2]);
                let row = row.replace("{M}", h[3]).replace("{K}", self.code(c));
                self.add_actor(&row, &mut seen);
            }
        }
        for line in CORE.lines() {
            self.add_actor(line, &mut seen);
        }
        let units: Vec<Row> = UNITS.lines().map(|l| l.split('|').collect()).collect();
        while self.actors.len() < ACTOR_COUNT {
            let u = &units[rng.below(units.len())];
            let c = rng.pick(&self.countries_in(u[7]));
            let town = &self.towns[rng.pick(&self.country_towns[c])];
            // Ids come from the town id so they stay ASCII; names keep the accents.
            let id = slug(&u[1].replace("{}", &town.id[5..]));
            let mut f: Vec<String> = u.iter().map(|x| x.replace("{}", &town.name)).collect();
            (f[0], f[7]) = (id, self.code(c).to_string());
            self.add_actor(&f.join("|"), &mut seen);
        }
    }

    fn build_reports(&mut self, rng: &mut Rng) {
        let outlets: Vec<_> = OUTLETS
            .split(';')
            .filter_map(|o| o.split_once('|'))
            .collect();
        for p in 0..PERIODS {
            let from = self.start + Days::new(p * SPAN / PERIODS);
            // On or after the last day of period p, so a report never predates its incidents.
            let to = self.start + Days::new(((p + 1) * SPAN).div_ceil(PERIODS) - 1);
            let a = rng.below(outlets.len());
            let b = (a + 1 + rng.below(outlets.len() - 1)) % outlets.len();
            for (outlet, lang) in [outlets[a], outlets[b]] {
                let id = Sym::new(&format!("report:syn-{:03}", self.reports.len() + 1));
                self.sources.push(Source {
                    report: Some(id.clone()),
                    outlet: Sym::new(outlet),
                    url: None,
                    date: Some(to),
                    illustrative: true,
                });
                self.reports.push(Report {
                    url: Some(format!("https://example.org/synthetic/{}", &id[7..])),
                    id,
                    title: format!("{outlet}: security roundup, {from} to {to}"),
                    outlet: Sym::new(outlet),
                    date: Some(to),
                    language: lang.to_string(),
                    licence: "CC0-1.0 (synthetic)".to_string(),
                    text: format!(
                        "Synthetic roundup of security incidents in the Sahel from {from} to \
                         {to}, generated by sitrep gen. It describes no real events; the outlet \
                         is invented."
                    ),
                    excerpt_only: false,
                    illustrative: true,
                });
            }
        }
    }

    /// An actor of `class` active in country `c`, skewed towards the most active.
    fn pick(&self, rng: &mut Rng, c: usize, class: u8) -> usize {
        let pools = &self.pools[c];
        let mut pool = &pools[class_index(class)];
        if pool.is_empty() {
            // No foreign force here: the state flies its own strikes; else "unidentified".
            pool = &pools[if class == b'E' { 0 } else { 7 }];
        }
        pool[rng.skewed(pool.len(), 2.5)]
    }

    /// One side of an incident in country `c`: the class is drawn from `spec` (repeats weight
    /// a class), and the actor is never `other`; state forces never fight each other.
    fn cast(&self, rng: &mut Rng, c: usize, spec: &str, other: Option<usize>) -> usize {
        let state = other.is_some_and(|o| self.class[o] == b'S');
        let class = match rng.pick(spec.as_bytes()) {
            b'S' if state => b'A',
            class => class,
        };
        for _ in 0..4 {
            let x = self.pick(rng, c, class);
            if Some(x) != other {
                return x;
            }
        }
        self.pick(rng, c, if state { b'U' } else { b'S' })
    }
}

/// Generates incidents one at a time into a reused `Incident` and text buffers.
struct Gen<'w> {
    w: &'w World,
    rng: Rng,
    inc: Incident,
    /// Scratch text: the date opening of the notes, and a filler sentence.
    bufs: [String; 2],
}

impl Gen<'_> {
    /// Overwrites `self.inc` with incident `i` of `n`. Incidents come out in date order.
    fn next(&mut self, i: usize, n: usize) {
        let (w, rng, inc) = (self.w, &mut self.rng, &mut self.inc);
        // Density grows linearly from 0.2 to 1.2 over the span, so recent years are busier.
        let frac = (0.04 + 1.4 * (i as f64 + rng.unit()) / n as f64).sqrt() - 0.2;
        let off = ((frac * SPAN as f64) as u64).min(SPAN - 1);
        inc.date = w.start + Days::new(off);
        let roll = rng.unit();
        inc.date_precision = match roll {
            r if r < 0.03 => DatePrecision::Month,
            r if r < 0.10 => DatePrecision::Week,
            _ => DatePrecision::Day,
        };
        let end = w.start + Days::new((off + 1 + rng.below(6) as u64).min(SPAN - 1));
        inc.end_date = (roll > 0.98 && end > inc.date).then_some(end);
        let [date, buf] = &mut self.bufs;
        let d = inc.date;
        date.clear();
        let _ = match (inc.date_precision, inc.end_date) {
            (DatePrecision::Month, _) => write!(date, "In {} {}", month(d), d.year()),
            (DatePrecision::Week, _) => write!(date, "On or around {}", Long(d)),
            (_, Some(e)) => write!(date, "Between {} and {}", Long(d), Long(e)),
            _ => write!(date, "On {}", Long(d)),
        };
        if inc.date_precision == DatePrecision::Month {
            inc.date = d.with_day(1).expect("day 1 exists");
        }

        inc.id.clear();
        let _ = write!(inc.id, "syn-{:07}", i + 1);
        let ti = rng.skewed(w.towns.len(), 2.0);
        let (town, c) = (&w.towns[ti], w.town_country[ti]);
        inc.town = town.id.clone();
        inc.country = town.country.clone();
        inc.admin1 = town.admin1.clone();
        inc.admin2 = town.admin2.clone();
        (inc.lat, inc.lon) = (town.lat, town.lon);
        let other = &w.towns[rng.pick(&w.country_towns[c])].name;

        let (head, [event, sub_event], leads) = &w.subs[rng.weighted(&w.sub_weights)];
        inc.event_type = event.clone();
        inc.sub_event_type = sub_event.clone();
        let (a_spec, t_spec) = head[3].split_once(['>', '~']).unwrap_or((head[3], ""));
        let (ra, rt) = match head[3].contains('>') {
            true => (Role::Attacker, Role::Target),
            false => (Role::Associated, Role::Responder),
        };
        let a = w.cast(rng, c, a_spec, None);
        let actor = w.actors[a].id.clone();
        inc.actors.clear();
        inc.actors.push(ActorRole { actor, role: ra });
        let t = (!t_spec.is_empty()).then(|| w.cast(rng, c, t_spec, Some(a)));
        if let Some(t) = t {
            let actor = w.actors[t].id.clone();
            inc.actors.push(ActorRole { actor, role: rt });
            // Foreign partners fighting alongside state forces.
            let state = w.class[a] == b'S' || w.class[t] == b'S';
            let e = w.pick(rng, c, b'E');
            if event.as_str() == "Battles" && state && w.class[e] == b'E' && rng.chance(0.15) {
                let (actor, role) = (w.actors[e].id.clone(), Role::Associated);
                inc.actors.push(ActorRole { actor, role });
            }
        }

        // Fatalities: many zeros, a Pareto tail, the odd range and a few unknowns.
        let (zero, scale) = (num(head[4]), num(head[5]));
        let x = (1.0 - rng.unit()).powf(-1.0 / 1.2) - 1.0;
        let best = (1 + (x * scale) as u32).min(600) * u32::from(!rng.chance(zero));
        let low = best - rng.below(best as usize / 2 + 1) as u32;
        let high = best + 1 + rng.below(best as usize + 1) as u32;
        let range = best >= 3 && rng.chance(0.25);
        let f = &mut inc.fatalities;
        (f.low, f.best, f.high) = (range.then_some(low), Some(best), range.then_some(high));
        if zero < 1.0 && rng.chance(0.03) {
            *f = Fatalities::default();
        }

        // Sources: one or both roundups of the incident's period.
        let first = 2 * (off * PERIODS / SPAN) as usize + rng.below(2);
        inc.sources.clear();
        inc.sources.push(w.sources[first].clone());
        if rng.chance(0.35) {
            inc.sources.push(w.sources[first ^ 1].clone());
        }

        // Contested claims: both sides of a fight give different figures.
        inc.claims.clear();
        let fighting = |x: usize| b"SAME".contains(&w.class[x]);
        if let Some(t) = t.filter(|&t| fighting(a) && fighting(t) && rng.chance(0.2)) {
            let source = Some(w.reports[first].id.clone());
            let f1 = best + 2 + rng.below(40) as u32;
            let f2 = 3 + rng.below(80) as u32;
            let f2 = f2 + u32::from(f2 == f1);
            let who = ["fighters", "soldiers"][usize::from(w.class[t] == b'S')];
            inc.claims.push(Claim {
                claimant: w.actors[a].id.clone(),
                claim: format!("Claimed to have killed {f1} {who} and seized weapons."),
                figure: Some(f1),
                figure_label: Some(format!("{who} killed")),
                source: source.clone(),
            });
            inc.claims.push(Claim {
                claimant: w.actors[t].id.clone(),
                claim: format!("Said it repelled the assault and neutralised {f2} assailants."),
                figure: Some(f2),
                figure_label: Some("attackers neutralised".to_string()),
                source,
            });
        }

        inc.tags.clear();
        if rng.chance(0.15) {
            let tags: Row = head[7].split(',').collect();
            inc.tags.push(Sym::new(rng.pick(&tags)));
            let extra = Sym::new(rng.pick(&tags));
            if rng.chance(0.2) && !inc.tags.contains(&extra) {
                inc.tags.push(extra);
            }
        }

        let t_short = t.map_or("", |t| w.short[t].as_str());
        let (place, region) = (&w.places[ti], &town.admin1);
        let v: [&str; 7] = [date, &w.short[a], t_short, &town.name, place, other, region];
        inc.summary.clear();
        fill(&mut inc.summary, head[6], &v);
        let _ = match inc.fatalities.best {
            None => write!(inc.summary, "; toll unknown"),
            Some(0) => Ok(()),
            Some(b) => write!(inc.summary, "; {b} killed"),
        };
        let notes = &mut inc.notes;
        notes.clear();
        fill(notes, rng.pick(leads), &v);
        let _ = match (inc.fatalities.best, range) {
            (None, _) => write!(notes, " The number of fatalities is unknown."),
            (Some(0), _) => write!(notes, " No fatalities were reported."),
            (Some(b), true) => write!(notes, " Reported toll {low} to {high}; best {b}."),
            (Some(1), _) => write!(notes, " One person was reported killed."),
            (Some(b), _) => write!(notes, " {b} people were reported killed."),
        };
        let calm = head[0] == "Protests" || head[1] == "Arrests";
        let fillers = &FILLERS[if calm { VIOLENT } else { 0 }..];
        let (target, mut used) = (200 + rng.below(150), 0u32);
        for _ in 0..6 {
            let k = rng.below(fillers.len());
            if notes.len() >= target || used & 1 << k != 0 {
                continue;
            }
            buf.clear();
            fill(buf, fillers[k], &v);
            if notes.len() + buf.len() <= 400 {
                notes.push_str(buf);
                used |= 1 << k;
            }
        }
    }
}

/// Streams a synthetic store to `out` without holding all incidents in memory.
pub fn write_synthetic(opts: &SynthOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut rng = Rng(opts.seed);
    let world = World::build(opts.incidents, &mut rng);
    let (incidents, seed) = (opts.incidents, opts.seed);
    let meta = Meta {
        title: format!("Synthetic store ({incidents} incidents, seed {seed})"),
        description: "Generated by `sitrep gen` for scale tests and demonstrations. Towns, \
                      reports, outlets and events are invented; real group names are labels \
                      only. Nothing here is real reporting."
            .to_string(),
        coverage: Coverage {
            from: Some(world.start),
            to: Some(world.start + Days::new(SPAN - 1)),
            countries: world.countries.iter().map(|c| c.0[1].to_string()).collect(),
        },
        licence: "CC0-1.0".to_string(),
        attribution: vec!["sitrep synthetic generator".to_string()],
        content: ContentKind::Synthetic,
        dataset: "synthetic".to_string(),
        datasets: Vec::new(),
    };
    let mut out = BufWriter::with_capacity(1 << 16, out);
    write!(out, "{{\"schema_version\":{SCHEMA_VERSION},\"meta\":")?;
    serde_json::to_writer(&mut out, &meta)?;
    out.write_all(b",\n\"towns\":")?;
    serde_json::to_writer(&mut out, &world.towns)?;
    out.write_all(b",\n\"actors\":")?;
    serde_json::to_writer(&mut out, &world.actors)?;
    out.write_all(b",\n\"reports\":")?;
    serde_json::to_writer(&mut out, &world.reports)?;
    out.write_all(b",\n\"incidents\":[")?;
    let blank = r#"{"id":"","date":"2016-01-01","town":"","country":"","event_type":""}"#;
    let (w, inc, bufs) = (&world, serde_json::from_str(blank)?, Default::default());
    let mut g = Gen { w, rng, inc, bufs };
    for i in 0..incidents {
        // One incident per line keeps the file friendly to head and grep.
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        g.next(i, incidents);
        serde_json::to_writer(&mut out, &g.inc)?;
    }
    out.write_all(b"\n]}\n")?;
    out.flush()
}
