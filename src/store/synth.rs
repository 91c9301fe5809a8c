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

const ACTOR_COUNT: usize = 300;
/// Days covered: 2016-01-01 through 2025-12-31.
const SPAN: u64 = 3653;
/// Reporting periods; each has two roundup reports, so 50 reports in all.
const PERIODS: u64 = 25;
/// Casting classes: State, Armed group, Militia, External, Civilians, Protesters, Rioters,
/// Unidentified. An actor's pool is its class's index here.
const CLASSES: &[u8] = b"SAMECPRU";
/// Invented outlets (`name|language`): synthetic incidents must never seem to cite real media.
const OUTLETS: &str = "Sahel Wire|en;Radio Boucle du Niger|fr;Le Veilleur du Gourma|fr;\
    Lake Chad Dispatch|en;Agence sahélienne d'information|fr;Northeast Ledger|en;\
    Le Témoin de Tillabéri|fr;Kanem Courier|en";
const SYLLABLES: &str = "ba bou da dia djo do fa ga gou ka kou ko la ma mou na ni sa se so ta \
    tou wa ya zou bi di ke ti kal sin tam ban dem gor kan lam mar sir ndo";

/// `#code|country|demonym|army alias|activity weight|name endings`, then its regions as
/// `admin1|lat|lon|spread in degrees|admin2,...`, most active first.
const GEO: &str = "\
#ML|Mali|Malian|FAMa|28|bougou,dougou,bala,ra,ko,ni,na,ssa,re,ba
Mopti|14.49|-4.18|0.9|Mopti,Bandiagara,Bankass,Djenné,Douentza,Koro,Ténenkou,Youwarou
Ségou|13.43|-6.26|0.9|Ségou,Macina,Niono,San,Tominian,Bla,Barouéli
Tombouctou|16.77|-3.0|1.2|Tombouctou,Niafunké,Goundam,Diré,Gourma-Rharous
Gao|16.27|-0.04|1.0|Gao,Ansongo,Bourem
Ménaka|15.92|2.4|0.8|Ménaka,Andéramboukane,Inékar,Tidermène
Sikasso|11.32|-5.67|0.8|Sikasso,Koutiala,Bougouni,Kadiolo,Yorosso,Kolondiéba
Kidal|18.44|1.41|1.0|Kidal,Tessalit,Abeïbara,Tin-Essako
#BF|Burkina Faso|Burkinabe|FDS|30|tenga,ogo,go,ga,re,le,sso,bo,ri,ma
Sahel|14.05|-0.5|0.7|Soum,Oudalan,Séno,Yagha
Centre-Nord|13.1|-1.1|0.6|Bam,Sanmatenga,Namentenga
Est|12.06|0.9|0.9|Gourma,Gnagna,Komondjari,Kompienga,Tapoa
Nord|13.58|-2.42|0.6|Yatenga,Loroum,Passoré,Zondoma
Boucle du Mouhoun|12.4|-3.5|0.7|Kossi,Sourou,Mouhoun,Banwa,Nayala,Balé
Centre|12.37|-1.53|0.08|Kadiogo
#NE|Niger|Nigerien|FAN|16|dey,kouara,koira,gou,ri,lam,na,ga,ra,bangou
Tillabéri|14.2|1.45|0.9|Tillabéri,Ayorou,Téra,Ouallam,Banibangou,Abala,Filingué,Say,Torodi
Diffa|13.3|12.6|0.7|Diffa,Bosso,Mainé-Soroa,N'Guigmi
Tahoua|14.9|5.27|0.9|Tahoua,Tassara,Tillia,Abalak,Birni N'Konni
Maradi|13.5|7.1|0.6|Maradi,Madarounfa,Guidan Roumdji
Niamey|13.51|2.11|0.08|Niamey I,Niamey II,Niamey III
#NG|Nigeria|Nigerian|Nigerian Army|18|wa,ri,kin,ram,duwa,bari,ma,gari,kawa,lai
Borno|11.85|13.1|0.9|Maiduguri,Konduga,Bama,Gwoza,Dikwa,Monguno,Damboa,Ngala
Zamfara|12.17|6.25|0.6|Gusau,Maru,Anka,Tsafe,Zurmi
Katsina|12.4|7.6|0.6|Katsina,Batsari,Jibia,Safana
Plateau|9.2|9.5|0.5|Jos North,Bokkos,Mangu,Riyom,Barkin Ladi
Benue|7.35|8.75|0.6|Makurdi,Guma,Agatu,Logo
Yobe|12.3|11.4|0.7|Damaturu,Gujba,Geidam,Yunusari
#TD|Chad|Chadian|ANT|5|ri,lam,dom,na,ga,koua,ra,bol,wa,kaya
Lac|13.45|14.3|0.5|Mamdi,Kaya,Fouli,Wayi
Kanem|14.5|15.3|0.6|Kanem,Nord Kanem,Wadi Bissam
N'Djamena|12.12|15.05|0.06|1er arrondissement,7e arrondissement,9e arrondissement
#MR|Mauritania|Mauritanian|FAM|3|ra,dra,mit,rat,ba,ni,tin,boub,lem,gui
Hodh Ech Chargui|16.6|-7.3|0.9|Néma,Bassikounou,Amourj,Timbédra,Djiguenni
Assaba|16.6|-11.4|0.6|Kiffa,Guerou,Kankossa
Tiris Zemmour|22.7|-12.5|0.8|Zouérate,Bir Moghrein,F'Dérik";

/// Actor rows: `id|name|aliases;...|kind|parent id|affiliation|short name for prose|country
/// codes|class`; an empty id is derived from the name. Most active first within a class.
/// Every country gets the generic rows ({C} country, {D} demonym, {M} army, {K} code).
const GENERIC: &str = "\
|Military Forces of {C}|{M};{D} Armed Forces|state_forces|||{D} soldiers|{K}|S
|Police Forces of {C}|{D} police;Gendarmerie|state_forces|||{D} police|{K}|S
|Fulani Ethnic Militia ({C})|Peul militia|identity_militia|||Fulani militiamen|{K}|M
|Unidentified Armed Group ({C})|UAG|unidentified|||unidentified gunmen|{K}|U
|Civilians ({C})||civilians|||civilians|{K}|C
|Protesters ({C})||protesters|||protesters|{K}|P
|Rioters ({C})||rioters|||rioters|{K}|R";
const CORE: &str = "\
jnim|Jama'at Nusrat al-Islam wal-Muslimin|JNIM;GSIM;Group for the Support of Islam and Muslims|islamist_armed_group||al-Qaeda|JNIM militants|ML BF NE MR|A
issp|Islamic State Sahel Province|ISSP;ISGS;Islamic State in the Greater Sahara|islamist_armed_group||Islamic State|ISSP fighters|ML NE BF|A
iswap|Islamic State West Africa Province|ISWAP;ISIS-WA|islamist_armed_group||Islamic State|ISWAP fighters|NG NE TD|A
jas|Jama'atu Ahlis Sunna Lidda'awati wal-Jihad|Boko Haram;JAS|islamist_armed_group|||Boko Haram fighters|NG NE TD|A
katiba-macina|Katiba Macina|Macina Liberation Front;FLM|islamist_armed_group|jnim||Katiba Macina militants|ML|A
ansaroul-islam|Ansaroul Islam|Ansar ul Islam|islamist_armed_group|jnim||Ansaroul Islam militants|BF|A
fla|Azawad Liberation Front|FLA;CSP-DPA|rebel_group|||FLA rebels|ML|A
vdp|Volunteers for the Defence of the Homeland|VDP|political_militia|military-forces-of-burkina-faso||VDP members|BF|M
dan-na-ambassagou|Dan Na Ambassagou|Dana Amassagou;Dogon militia|identity_militia|||Dan Na Ambassagou militiamen|ML|M
cjtf|Civilian Joint Task Force|CJTF;Yan Gora|political_militia|||CJTF members|NG|M
koglweogo|Koglweogo|Koglweogo self-defence groups|political_militia|||Koglweogo members|BF|M
dozo|Dozo hunters' militia|Dozo;Donso|identity_militia|||Dozo hunters|ML BF|M
wagner|Wagner Group|Africa Corps;PMC Wagner|external_force|||Wagner Group personnel|ML|E
france|Military Forces of France|Operation Barkhane;Barkhane|external_force|||French forces|ML BF NE|E
mnjtf|Multinational Joint Task Force|MNJTF|external_force|||MNJTF troops|NG NE TD|E";
/// Local units named after a town ({}), topping the list up to `ACTOR_COUNT`.
const UNITS: &str = "\
|Katiba {}||islamist_armed_group|jnim||Katiba {} militants|ML|A
|ISSP cell of {}||islamist_armed_group|issp||ISSP fighters from {}|ML|A
|Dozo militia of {}||identity_militia|dozo||Dozo hunters from {}|ML|M
|Ansaroul Islam cell of {}||islamist_armed_group|ansaroul-islam||Ansaroul Islam militants from {}|BF|A
|VDP of {}||political_militia|vdp||VDP members from {}|BF|M
|Koglweogo of {}||political_militia|koglweogo||Koglweogo members from {}|BF|M
|ISSP cell of {}||islamist_armed_group|issp||ISSP fighters from {}|NE|A
|{} communal militia||identity_militia|||members of the {} communal militia|NE TD MR|M
|ISWAP markaz of {}||islamist_armed_group|iswap||ISWAP fighters of the {} markaz|NG|A
|{} bandit gang||political_militia|||bandits of the {} gang|NG|M
|JAS faction of {}||islamist_armed_group|jas||Boko Haram fighters from {}|TD|A";

/// `>event type|sub-event type|weight|cast|share with no deaths|tail scale|summary|tags`, then
/// lead sentences. Cast `XY>Z` draws the attacker's class from XY and the target's from Z
/// (repeats weight a class); `P~S` is associated + responder; `P` a lone associated actor.
/// Placeholders: {D} date opening, {a}/{A} first actor (A capitalised), {t} second actor,
/// {w} town, {p} town with admin areas, {o} another town, {r} admin1.
const EVENTS: &str = "\
>Battles|Armed clash|30|AAAAAAAMMS>SSSSSSMMMA|0.35|2.5|{A} clash with {t} near {w}, {r}|ambush,checkpoint,convoy
{D}, {a} clashed with {t} near {p}. The fighting reportedly lasted several hours.
{D}, {a} ambushed a patrol of {t} on the road between {w} and {o} ({r}).
{D}, {a} attacked a position held by {t} in {p}, arriving on motorbikes and in pickups.
>Battles|Non-state actor overtakes territory|2|AAAAAAAAMM>SSSSSSSSMA|0.5|1.5|{A} take control of {w}, {r}|territory
{D}, {a} took control of {p} after {t} withdrew from their base in the town.
>Violence against civilians|Attack|22|AAAAAMMMSU>C|0.2|1.5|{A} attack {t} in {w}, {r}|market,village-raid,displacement
{D}, {a} raided {p} and opened fire on {t}, accusing residents of collaborating with the army.
{D}, {a} attacked {t} at the weekly market of {p}.
{D}, {a} attacked {t} returning from the fields near {p}.
>Violence against civilians|Abduction/forced disappearance|7|AAAAAAMUUU>C|0.9|0.5|{A} abduct {t} in {w}, {r}|kidnapping,ransom
{D}, {a} abducted several {t} in {p}, including a village chief.
{D}, {a} kidnapped {t} travelling between {w} and {o} ({r}); a ransom was reportedly demanded.
>Strategic developments|Looting/property destruction|5|AAAAAMMMUU>C|0.95|0.3|{A} loot and burn property in {w}, {r}|livestock,granary
{D}, {a} looted shops and set granaries on fire in {p}, and drove away livestock belonging to {t}.
>Explosions/Remote violence|Remote explosive/landmine/IED|7|AAAU>SSSSSSSCCC|0.4|1.5|IED attributed to {a} hits {t} near {w}, {r}|ied,convoy
{D}, a vehicle carrying {t} struck an improvised explosive device near {p}. The device was attributed to {a}.
{D}, an IED planted by {a} exploded as {t} passed on the road between {w} and {o} ({r}).
>Explosions/Remote violence|Air/drone strike|5|SSSSSSSE>AAAAAAACCC|0.3|3.0|{A} strike {t} near {w}, {r}|drone,airstrike
{D}, {a} carried out a drone strike on a gathering of {t} near {p}.
{D}, {a} conducted air strikes against {t} in the area of {p}.
>Explosions/Remote violence|Shelling/artillery/missile attack|2|AAAS>SSSA|0.7|1.0|{A} shell {t} positions in {w}, {r}|mortar
{D}, {a} fired several mortar rounds at a camp of {t} in {p}.
>Protests|Peaceful protest|10|P|1.0|0|Protest against insecurity in {w}, {r}|protest
{D}, residents of {p} demonstrated peacefully against rising insecurity and called on the authorities to reopen the road to {o}.
{D}, {a} held a sit-in in {p} to demand the release of people detained in {o}.
>Protests|Protest with intervention|2|P~S|0.9|0.5|Protest in {w}, {r} dispersed by {t}|protest,tear-gas
{D}, {a} gathered in {p} to protest against the arrest of a local leader; {t} dispersed them with tear gas.
>Riots|Mob violence|5|R>CCCS|0.8|0.5|Mob attacks {t} in {w}, {r}|mob
{D}, {a} attacked {t} in {p} after a dispute over a stolen motorbike.
{D}, {a} clashed with {t} in {p} after the death of a motorcycle taxi driver.
>Strategic developments|Arrests|3|S>C|1.0|0|{A} arrest {t} in {w}, {r}|arrest
{D}, {a} arrested several {t} in {p} on suspicion of links with armed groups.";

/// Extra sentences that bring notes to ACLED-like length; the first `VIOLENT` fit violent
/// events only.
const FILLERS: [&str; 10] = [
    " Several others were wounded and evacuated to {o}.",
    " The assailants withdrew toward {o} on motorbikes.",
    " Residents of nearby villages fled toward {o}.",
    " Local sources said livestock and motorbikes were taken.",
    " Reinforcements were sent from {o} the following day.",
    " The incident followed weeks of threats against the community.",
    " The road between {w} and {o} remained closed for several days.",
    " Humanitarian organisations suspended movements in {r} after the incident.",
    " Telephone networks in the area had been cut, delaying reports.",
    " Details could not be independently verified.",
];
const VIOLENT: usize = 6;

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

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::*;
    use crate::model::StoreDoc;

    fn generate(incidents: usize, seed: u64) -> Vec<u8> {
        let mut out = Vec::new();
        write_synthetic(&SynthOptions { incidents, seed }, &mut out).unwrap();
        out
    }

    fn parse(incidents: usize, seed: u64) -> StoreDoc {
        serde_json::from_slice(&generate(incidents, seed)).expect("output parses as a store")
    }

    #[test]
    fn same_seed_same_bytes_other_seed_differs() {
        assert_eq!(generate(200, 7), generate(200, 7));
        assert_ne!(generate(200, 7), generate(200, 8));
    }

    #[test]
    fn counts_ids_and_references() {
        let doc = parse(200, 42);
        assert_eq!(
            (doc.schema_version, doc.meta.content),
            (1, ContentKind::Synthetic)
        );
        assert_eq!(doc.meta.title, "Synthetic store (200 incidents, seed 42)");
        let towns: HashMap<_, _> = doc.towns.iter().map(|t| (t.id.clone(), t)).collect();
        let actors: HashSet<_> = doc.actors.iter().map(|a| a.id.clone()).collect();
        let reports: HashMap<_, _> = doc.reports.iter().map(|r| (r.id.clone(), r)).collect();
        let ids: HashSet<_> = doc.incidents.iter().map(|i| i.id.as_str()).collect();
        // Distinct ids equal to the record counts: counts right and ids unique.
        let counts = [towns.len(), actors.len(), reports.len(), ids.len()];
        assert_eq!(counts, [200, ACTOR_COUNT, 50, 200]);
        assert_eq!(doc.actors.len(), ACTOR_COUNT);
        assert!(
            doc.actors
                .iter()
                .filter_map(|a| a.parent.as_ref())
                .all(|p| actors.contains(p))
        );
        assert!(doc.reports.iter().all(|r| r.illustrative));
        for inc in &doc.incidents {
            let t = towns[&inc.town];
            let place = (&inc.country, &inc.admin1, &inc.admin2, inc.lat, inc.lon);
            assert_eq!(place, (&t.country, &t.admin1, &t.admin2, t.lat, t.lon));
            assert!((1..=3).contains(&inc.actors.len()));
            assert!(inc.actors.iter().all(|r| actors.contains(&r.actor)));
            for c in &inc.claims {
                assert!(actors.contains(&c.claimant));
                assert!(reports.contains_key(c.source.as_ref().unwrap()));
            }
            assert!(!inc.fatalities.is_inconsistent(), "{}", inc.id);
            assert!(inc.is_illustrative() && (1..=2).contains(&inc.sources.len()));
            for s in &inc.sources {
                let r = reports[s.report.as_ref().unwrap()];
                assert_eq!(s.outlet, r.outlet);
                assert!(r.date >= Some(inc.date), "report predates {}", inc.id);
            }
            assert!(
                !inc.summary.is_empty() && inc.notes.len() <= 400,
                "{}",
                inc.notes
            );
        }
    }

    #[test]
    fn shape_is_realistic() {
        let doc = parse(1000, 1);
        let share = |f: &dyn Fn(&Incident) -> bool| {
            doc.incidents.iter().filter(|i| f(i)).count() as f64 / 1000.0
        };
        let contested = share(&|i| i.has_contested_claims());
        assert!((0.04..0.13).contains(&contested), "contested {contested}");
        assert!(share(&|i| i.date_precision == DatePrecision::Day) > 0.8);
        assert!(share(&|i| i.end_date.is_some()) > 0.0);
        assert!(share(&|i| i.fatalities.best.is_none()) > 0.0);
        assert!(share(&|i| (200..=400).contains(&i.notes.len())) > 0.95);
        assert!(
            share(&|i| i.date.year() >= 2021) > 0.6,
            "recent years are busier"
        );
        assert!(doc.incidents.windows(2).all(|p| p[0].id < p[1].id));
        // A few towns see far more incidents than the median town.
        let mut per_town: HashMap<&str, usize> = HashMap::new();
        for i in &doc.incidents {
            *per_town.entry(i.town.as_str()).or_default() += 1;
        }
        let mut counts: Vec<usize> = per_town.into_values().collect();
        counts.sort_unstable();
        assert!(
            counts[counts.len() - 1] > 10 * counts[counts.len() / 2],
            "{counts:?}"
        );
    }
}
