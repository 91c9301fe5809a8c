//! Deterministic synthetic stores for scale tests and demos (`sitrep gen`).
//!
//! One splitmix64 stream seeded from `seed` drives everything, so the same options always give
//! the same bytes. Towns, actors and reports are small and built in memory; incidents are
//! generated into one reused `Incident` and written as they go, so a million never sit in
//! memory. Actor names are real groups used as labels only: every place and event is invented.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, BufWriter, Write};

use chrono::{Datelike, Days, NaiveDate};

use crate::model::{
    Actor, ActorKind, ActorRole, Claim, ContentKind, Coverage, DatePrecision, Fatalities,
    Incident, Meta, Report, Role, SCHEMA_VERSION, Source, Sym, Town,
};

/// Options for `sitrep gen`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SynthOptions {
    pub incidents: usize,
    pub seed: u64,
}

const ACTOR_COUNT: usize = 300;
/// Reporting periods; each has two roundup reports, so 50 reports in all.
const PERIODS: u64 = 25;
const MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
];
/// Invented outlets: synthetic incidents must never appear to cite real media.
const OUTLETS: [(&str, &str); 8] = [
    ("Sahel Wire", "en"),
    ("Radio Boucle du Niger", "fr"),
    ("Le Veilleur du Gourma", "fr"),
    ("Lake Chad Dispatch", "en"),
    ("Agence sahélienne d'information", "fr"),
    ("Northeast Ledger", "en"),
    ("Le Témoin de Tillabéri", "fr"),
    ("Kanem Courier", "en"),
];
const SYLLABLES: [&str; 40] = [
    "ba", "bou", "da", "dia", "djo", "do", "fa", "ga", "gou", "ka", "kou", "ko", "la", "ma",
    "mou", "na", "ni", "sa", "se", "so", "ta", "tou", "wa", "ya", "zou", "bi", "di", "ke", "ti",
    "kal", "sin", "tam", "ban", "dem", "gor", "kan", "lam", "mar", "sir", "ndo",
];

/// `#code|country|demonym|army alias|activity weight|name endings`, then its regions as
/// `admin1|lat|lon|spread in degrees|admin2,...`. Regions are listed most active first.
const GEO: &str = "\
#ML|Mali|Malian|FAMa|28|bougou,dougou,bala,ra,ko,ni,na,ssa,re,ba
Mopti|14.49|-4.18|0.9|Mopti,Bandiagara,Bankass,Djenné,Douentza,Koro,Ténenkou,Youwarou
Ségou|13.43|-6.26|0.9|Ségou,Macina,Niono,San,Tominian,Bla,Barouéli
Tombouctou|16.77|-3.0|1.2|Tombouctou,Niafunké,Goundam,Diré,Gourma-Rharous
Gao|16.27|-0.04|1.0|Gao,Ansongo,Bourem
Ménaka|15.92|2.4|0.8|Ménaka,Andéramboukane,Inékar,Tidermène
Sikasso|11.32|-5.67|0.8|Sikasso,Koutiala,Bougouni,Kadiolo,Yorosso,Kolondiéba
Koulikoro|13.0|-7.5|0.9|Koulikoro,Kati,Banamba,Kolokani,Nara,Dioïla
Kidal|18.44|1.41|1.0|Kidal,Tessalit,Abeïbara,Tin-Essako
Kayes|14.45|-10.5|1.0|Kayes,Kita,Nioro du Sahel,Diéma,Yélimané,Bafoulabé
#BF|Burkina Faso|Burkinabe|FDS|30|tenga,ogo,go,ga,re,le,sso,bo,ri,ma
Sahel|14.05|-0.5|0.7|Soum,Oudalan,Séno,Yagha
Centre-Nord|13.1|-1.1|0.6|Bam,Sanmatenga,Namentenga
Est|12.06|0.9|0.9|Gourma,Gnagna,Komondjari,Kompienga,Tapoa
Nord|13.58|-2.42|0.6|Yatenga,Loroum,Passoré,Zondoma
Boucle du Mouhoun|12.4|-3.5|0.7|Kossi,Sourou,Mouhoun,Banwa,Nayala,Balé
Centre-Est|11.75|-0.35|0.5|Boulgou,Koulpélogo,Kouritenga
Cascades|10.5|-4.6|0.5|Comoé,Léraba
Hauts-Bassins|11.2|-4.3|0.6|Houet,Kénédougou,Tuy
Centre|12.37|-1.53|0.08|Kadiogo
#NE|Niger|Nigerien|FAN|16|dey,kouara,koira,gou,ri,lam,na,ga,ra,bangou
Tillabéri|14.2|1.45|0.9|Tillabéri,Ayorou,Téra,Ouallam,Banibangou,Abala,Filingué,Say,Torodi,Gothèye
Diffa|13.3|12.6|0.7|Diffa,Bosso,Mainé-Soroa,N'Guigmi
Tahoua|14.9|5.27|0.9|Tahoua,Tassara,Tillia,Abalak,Birni N'Konni
Maradi|13.5|7.1|0.6|Maradi,Madarounfa,Guidan Roumdji
Dosso|13.05|3.2|0.6|Dosso,Gaya,Dogondoutchi
Agadez|17.5|8.0|1.2|Agadez,Arlit,Bilma,Tchirozérine
Niamey|13.51|2.11|0.08|Niamey I,Niamey II,Niamey III
#NG|Nigeria|Nigerian|Nigerian Army|18|wa,ri,kin,ram,duwa,bari,ma,gari,kawa,lai
Borno|11.85|13.1|0.9|Maiduguri,Konduga,Bama,Gwoza,Dikwa,Monguno,Damboa,Ngala
Zamfara|12.17|6.25|0.6|Gusau,Maru,Anka,Tsafe,Zurmi
Katsina|12.4|7.6|0.6|Katsina,Batsari,Jibia,Safana
Kaduna|10.5|7.45|0.6|Kaduna North,Kajuru,Chikun,Zangon Kataf
Plateau|9.2|9.5|0.5|Jos North,Bokkos,Mangu,Riyom,Barkin Ladi
Benue|7.35|8.75|0.6|Makurdi,Guma,Agatu,Logo
Yobe|12.3|11.4|0.7|Damaturu,Gujba,Geidam,Yunusari
Adamawa|9.5|12.4|0.7|Madagali,Michika,Mubi North,Yola South
Sokoto|13.06|5.24|0.6|Sokoto North,Sabon Birni,Isa,Goronyo
#TD|Chad|Chadian|ANT|5|ri,lam,dom,na,ga,koua,ra,bol,wa,kaya
Lac|13.45|14.3|0.5|Mamdi,Kaya,Fouli,Wayi
Kanem|14.5|15.3|0.6|Kanem,Nord Kanem,Wadi Bissam
Hadjer-Lamis|12.6|15.3|0.5|Dababa,Haraze Al Biar,Dagana
N'Djamena|12.12|15.05|0.06|1er arrondissement,7e arrondissement,9e arrondissement
Mayo-Kebbi Est|9.9|15.2|0.5|Mayo-Boneye,Kabbia,Mont Illi
#MR|Mauritania|Mauritanian|FAM|3|ra,dra,mit,rat,ba,ni,tin,boub,lem,gui
Hodh Ech Chargui|16.6|-7.3|0.9|Néma,Bassikounou,Amourj,Timbédra,Djiguenni
Hodh El Gharbi|16.6|-9.6|0.6|Aïoun,Tintane,Kobenni
Assaba|16.6|-11.4|0.6|Kiffa,Guerou,Kankossa
Gorgol|16.1|-12.8|0.5|Kaédi,Maghama,M'Bout
Tiris Zemmour|22.7|-12.5|0.8|Zouérate,Bir Moghrein,F'Dérik
Nouakchott|18.08|-15.95|0.05|Tevragh Zeina,Ksar,Sebkha
";

/// Actors every country has: `name|aliases;...|kind|short name for prose|class`, with
/// {C} country, {D} demonym, {M} army alias. Listed first so they lead their pools.
const GENERIC: &str = "\
Military Forces of {C}|{M};{D} Armed Forces|SF|{D} soldiers|S
Police Forces of {C}|{D} police;Gendarmerie|SF|{D} police|S
Fulani Ethnic Militia ({C})|Peul militia|IM|Fulani militiamen|M
Unidentified Armed Group ({C})|UAG|UN|unidentified gunmen|U
Civilians ({C})||CI|civilians|C
Protesters ({C})||PR|protesters|P
Rioters ({C})||RI|rioters|R
";

/// `id|name|aliases;...|kind|parent id|affiliation|short|countries|class`, most active first.
const CORE: &str = "\
jnim|Jama'at Nusrat al-Islam wal-Muslimin|JNIM;GSIM;Group for the Support of Islam and Muslims|IAG||al-Qaeda|JNIM militants|ML BF NE MR|A
issp|Islamic State Sahel Province|ISSP;ISGS;Islamic State in the Greater Sahara;EIGS|IAG||Islamic State|ISSP fighters|ML NE BF|A
iswap|Islamic State West Africa Province|ISWAP;ISIS-WA|IAG||Islamic State|ISWAP fighters|NG NE TD|A
jas|Jama'atu Ahlis Sunna Lidda'awati wal-Jihad|Boko Haram;JAS|IAG|||Boko Haram fighters|NG NE TD|A
katiba-macina|Katiba Macina|Macina Liberation Front;FLM|IAG|jnim||Katiba Macina militants|ML|A
ansaroul-islam|Ansaroul Islam|Ansar ul Islam|IAG|jnim||Ansaroul Islam militants|BF|A
ansaru|Ansaru|Jama'atu Ansarul Muslimina fi Biladis Sudan|IAG||al-Qaeda|Ansaru militants|NG|A
fla|Azawad Liberation Front|FLA;CSP-DPA|RG|||FLA rebels|ML|A
vdp|Volunteers for the Defence of the Homeland|VDP|PM|military-forces-of-burkina-faso||VDP members|BF|M
dan-na-ambassagou|Dan Na Ambassagou|Dana Amassagou;Dogon militia|IM|||Dan Na Ambassagou militiamen|ML|M
cjtf|Civilian Joint Task Force|CJTF;Yan Gora|PM|||CJTF members|NG|M
koglweogo|Koglweogo|Koglweogo self-defence groups|PM|||Koglweogo members|BF|M
dozo|Dozo hunters' militia|Dozo;Donso|IM|||Dozo hunters|ML BF|M
gatia|Imghad Tuareg and Allies Self-Defence Group|GATIA|PM|||GATIA fighters|ML|M
wagner|Wagner Group|Africa Corps;PMC Wagner|EF|||Wagner Group personnel|ML|E
france|Military Forces of France|Operation Barkhane;Barkhane|EF|||French forces|ML BF NE|E
mnjtf|Multinational Joint Task Force|MNJTF|EF|||MNJTF troops|NG NE TD|E
minusma|United Nations Multidimensional Integrated Stabilization Mission in Mali|MINUSMA;UN peacekeepers|IO|||MINUSMA peacekeepers|ML|E
";

/// Local units named after a town ({}), filling the actor list up to `ACTOR_COUNT`:
/// `country|name|short|kind|parent id|class`.
const UNITS: &str = "\
ML|Katiba {}|Katiba {} militants|IAG|jnim|A
ML|Katiba {} of the Macina|Katiba Macina militants from {}|IAG|katiba-macina|A
ML|ISSP cell of {}|ISSP fighters from {}|IAG|issp|A
ML|Dozo militia of {}|Dozo hunters from {}|IM|dozo|M
BF|Ansaroul Islam cell of {}|Ansaroul Islam militants from {}|IAG|ansaroul-islam|A
BF|JNIM unit of {}|JNIM militants from {}|IAG|jnim|A
BF|VDP of {}|VDP members from {}|PM|vdp|M
BF|Koglweogo of {}|Koglweogo members from {}|PM|koglweogo|M
NE|ISSP cell of {}|ISSP fighters from {}|IAG|issp|A
NE|{} communal militia|members of the {} communal militia|IM||M
NG|ISWAP markaz of {}|ISWAP fighters of the {} markaz|IAG|iswap|A
NG|{} bandit gang|bandits of the {} gang|PM||M
NG|{} vigilante group|{} vigilantes|PM||M
TD|JAS faction of {}|Boko Haram fighters from {}|IAG|jas|A
TD|{} communal militia|members of the {} communal militia|IM||M
MR|{} communal militia|members of the {} communal militia|IM||M
";

/// `>event type|sub-event type|weight|scheme|share with no fatalities|tail scale|summary|tags`,
/// then lead sentences. Placeholders: {D} date opening, {a}/{A} first actor (A capitalised),
/// {t} second actor, {w} town, {p} town with admin areas, {o} another town, {r} admin1.
const EVENTS: &str = "\
>Battles|Armed clash|30|clash|0.35|2.5|{A} clash with {t} near {w}, {r}|ambush,checkpoint,convoy
{D}, {a} clashed with {t} near {p}. The fighting reportedly lasted several hours.
{D}, {a} ambushed a patrol of {t} on the road between {w} and {o} ({r}).
{D}, {a} attacked a position held by {t} in {p}, arriving on motorbikes and in pickups.
>Battles|Non-state actor overtakes territory|2|clash|0.5|1.5|{A} take control of {w}, {r}|territory
{D}, {a} took control of {p} after {t} withdrew from their base in the town.
>Violence against civilians|Attack|22|civ|0.2|1.5|{A} attack {t} in {w}, {r}|market,village-raid,displacement
{D}, {a} raided {p} and opened fire on {t}, accusing residents of collaborating with the army.
{D}, {a} attacked {t} at the weekly market of {p}.
{D}, {a} attacked {t} returning from the fields near {p}.
>Violence against civilians|Abduction/forced disappearance|7|civ|0.9|0.5|{A} abduct {t} in {w}, {r}|kidnapping,ransom
{D}, {a} abducted several {t} in {p}, including a village chief.
{D}, {a} kidnapped {t} travelling between {w} and {o} ({r}); a ransom was reportedly demanded.
>Strategic developments|Looting/property destruction|5|civ|0.95|0.3|{A} loot and burn property in {w}, {r}|livestock,granary
{D}, {a} looted shops and set granaries on fire in {p}, and drove away livestock belonging to {t}.
>Explosions/Remote violence|Remote explosive/landmine/IED|7|remote|0.4|1.5|IED attributed to {a} hits {t} near {w}, {r}|ied,convoy
{D}, a vehicle carrying {t} struck an improvised explosive device near {p}. The device was attributed to {a}.
{D}, an IED planted by {a} exploded as {t} passed on the road between {w} and {o} ({r}).
>Explosions/Remote violence|Air/drone strike|5|air|0.3|3.0|{A} strike {t} near {w}, {r}|drone,airstrike
{D}, {a} carried out a drone strike on a gathering of {t} near {p}.
{D}, {a} conducted air strikes against {t} in the area of {p}.
>Explosions/Remote violence|Shelling/artillery/missile attack|2|clash|0.7|1.0|{A} shell {t} positions in {w}, {r}|mortar
{D}, {a} fired several mortar rounds at a camp of {t} in {p}.
>Protests|Peaceful protest|10|protest|1.0|0|Protest against insecurity in {w}, {r}|protest
{D}, residents of {p} demonstrated peacefully against rising insecurity and called on the authorities to reopen the road to {o}.
{D}, {a} held a sit-in in {p} to demand the release of people detained in {o}.
>Protests|Protest with intervention|2|intervened|0.9|0.5|Protest in {w}, {r} dispersed by {t}|protest,tear-gas
{D}, {a} gathered in {p} to protest against the arrest of a local leader; {t} dispersed them with tear gas.
>Riots|Mob violence|5|riot|0.8|0.5|Mob attacks {t} in {w}, {r}|mob
{D}, {a} attacked {t} accused of theft in {p} and set fire to a motorbike.
{D}, {a} clashed with {t} in {p} after the death of a motorcycle taxi driver.
>Strategic developments|Arrests|3|arrest|1.0|0|{A} arrest {t} in {w}, {r}|arrest
{D}, {a} arrested several {t} in {p} on suspicion of links with armed groups.
";

/// Extra sentences that bring notes to ACLED-like length.
const FILLERS: [&str; 10] = [
    " Several others were wounded and evacuated to {o}.",
    " The assailants withdrew toward {o} on motorbikes.",
    " Residents of nearby villages fled toward {o}.",
    " Local sources said livestock and motorbikes were taken.",
    " Reinforcements were sent from {o} the following day.",
    " The road between {w} and {o} remained closed for several days.",
    " The incident followed weeks of threats against the community.",
    " Humanitarian organisations suspended movements in {r} after the incident.",
    " Telephone networks in the area had been cut, delaying reports.",
    " Details could not be independently verified.",
];

/// splitmix64: tiny, fast, and stable across platforms and crate versions.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
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
    fn between(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// Zipf-like index in 0..n: P(i < x) = (x/n)^(1/k), so low indexes dominate.
    fn skewed(&mut self, n: usize, k: f64) -> usize {
        ((self.unit().powf(k) * n as f64) as usize).min(n - 1)
    }
    fn weighted<T: Copy>(&mut self, opts: &[(T, f64)]) -> T {
        let mut x = self.unit() * opts.iter().map(|o| o.1).sum::<f64>();
        for &(v, w) in opts {
            if x < w {
                return v;
            }
            x -= w;
        }
        opts[opts.len() - 1].0
    }
}

/// Which pool an actor is drawn from when casting an incident.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    State,
    Armed,
    Militia,
    Ext,
    Civ,
    Prot,
    Riot,
    Unid,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scheme {
    Clash,
    Civ,
    Remote,
    Air,
    Protest,
    Intervened,
    Riot,
    Arrest,
}

struct Region {
    sym: Sym,
    lat: f64,
    lon: f64,
    spread: f64,
    districts: Vec<Sym>,
}

struct Country {
    code: &'static str,
    name: &'static str,
    sym: Sym,
    demonym: &'static str,
    army: &'static str,
    weight: f64,
    endings: Vec<&'static str>,
    regions: Vec<Region>,
}

struct SubEvent {
    event: Sym,
    sub: Sym,
    weight: f64,
    scheme: Scheme,
    zero: f64,
    scale: f64,
    summary: &'static str,
    tags: Vec<Sym>,
    leads: Vec<&'static str>,
}

/// Everything small enough to hold in memory, plus the lookup tables incidents draw from.
struct World {
    countries: Vec<Country>,
    towns: Vec<Town>,
    town_country: Vec<usize>,
    country_towns: Vec<Vec<usize>>,
    actors: Vec<Actor>,
    class: Vec<Class>,
    short: Vec<String>,
    /// Per country, per class: actor indexes, most active first.
    pools: Vec<[Vec<usize>; 8]>,
    reports: Vec<Report>,
    subs: Vec<SubEvent>,
    sub_weights: Vec<(usize, f64)>,
    start: NaiveDate,
    span: u64,
}

fn actor_kind(code: &str) -> ActorKind {
    match code {
        "SF" => ActorKind::StateForces,
        "RG" => ActorKind::RebelGroup,
        "IAG" => ActorKind::IslamistArmedGroup,
        "PM" => ActorKind::PoliticalMilitia,
        "IM" => ActorKind::IdentityMilitia,
        "RI" => ActorKind::Rioters,
        "PR" => ActorKind::Protesters,
        "CI" => ActorKind::Civilians,
        "EF" => ActorKind::ExternalForce,
        "IO" => ActorKind::InternationalOrganisation,
        "UN" => ActorKind::Unidentified,
        _ => ActorKind::Other,
    }
}

fn class_of(code: &str) -> Class {
    match code {
        "S" => Class::State,
        "A" => Class::Armed,
        "M" => Class::Militia,
        "E" => Class::Ext,
        "C" => Class::Civ,
        "P" => Class::Prot,
        "R" => Class::Riot,
        _ => Class::Unid,
    }
}

fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c != '\'' && !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Appends `s` with its first letter upper-cased.
fn push_cap(out: &mut String, s: &str) {
    let mut cs = s.chars();
    if let Some(c) = cs.next() {
        out.extend(c.to_uppercase());
        out.push_str(cs.as_str());
    }
}

/// A unique id `prefix + base`, suffixed `-2`, `-3`... on collision (bases have no digits).
fn unique_id(seen: &mut HashMap<String, u32>, prefix: &str, base: &str) -> Sym {
    let n = seen.entry(base.to_string()).or_insert(0);
    *n += 1;
    match *n {
        1 => Sym::new(&format!("{prefix}{base}")),
        n => Sym::new(&format!("{prefix}{base}-{n}")),
    }
}

fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

fn parse_geo() -> Vec<Country> {
    let num = |s: &str| s.parse::<f64>().expect("GEO number");
    let mut out: Vec<Country> = Vec::new();
    for line in GEO.lines() {
        let f: Vec<&'static str> = line.split('|').collect();
        if let Some(code) = f[0].strip_prefix('#') {
            out.push(Country {
                code,
                name: f[1],
                sym: Sym::new(f[1]),
                demonym: f[2],
                army: f[3],
                weight: num(f[4]),
                endings: f[5].split(',').collect(),
                regions: Vec::new(),
            });
        } else {
            out.last_mut().expect("GEO starts with a country").regions.push(Region {
                sym: Sym::new(f[0]),
                lat: num(f[1]),
                lon: num(f[2]),
                spread: num(f[3]),
                districts: f[4].split(',').map(Sym::new).collect(),
            });
        }
    }
    out
}

fn parse_events() -> Vec<SubEvent> {
    let mut out: Vec<SubEvent> = Vec::new();
    for line in EVENTS.lines() {
        let Some(head) = line.strip_prefix('>') else {
            out.last_mut().expect("EVENTS starts with a head").leads.push(line);
            continue;
        };
        let f: Vec<&'static str> = head.split('|').collect();
        let scheme = match f[3] {
            "clash" => Scheme::Clash,
            "civ" => Scheme::Civ,
            "remote" => Scheme::Remote,
            "air" => Scheme::Air,
            "protest" => Scheme::Protest,
            "intervened" => Scheme::Intervened,
            "riot" => Scheme::Riot,
            _ => Scheme::Arrest,
        };
        out.push(SubEvent {
            event: Sym::new(f[0]),
            sub: Sym::new(f[1]),
            weight: f[2].parse().expect("EVENTS weight"),
            scheme,
            zero: f[4].parse().expect("EVENTS zero share"),
            scale: f[5].parse().expect("EVENTS scale"),
            summary: f[6],
            tags: f[7].split(',').map(Sym::new).collect(),
            leads: Vec::new(),
        });
    }
    out
}

/// A pronounceable made-up place name in lower-case ASCII, e.g. "koumbala", "tin-sadey".
fn town_base(rng: &mut Rng, c: &Country) -> String {
    let mut s = String::new();
    if rng.chance(0.04) {
        s.push_str("tin-");
    } else if rng.chance(0.03) {
        s.push_str("n'");
    }
    for _ in 0..1 + usize::from(rng.chance(0.4)) {
        s.push_str(rng.pick(&SYLLABLES));
    }
    s.push_str(rng.pick(&c.endings));
    s
}

impl World {
    fn build(n: usize, rng: &mut Rng) -> World {
        let countries = parse_geo();
        let subs = parse_events();
        let sub_weights = subs.iter().enumerate().map(|(i, s)| (i, s.weight)).collect();
        let start = NaiveDate::from_ymd_opt(2016, 1, 1).expect("valid date");
        let end = NaiveDate::from_ymd_opt(2025, 12, 31).expect("valid date");
        let span = (end - start).num_days() as u64 + 1;
        let mut w = World {
            country_towns: vec![Vec::new(); countries.len()],
            pools: vec![Default::default(); countries.len()],
            countries,
            towns: Vec::new(),
            town_country: Vec::new(),
            actors: Vec::new(),
            class: Vec::new(),
            short: Vec::new(),
            reports: Vec::new(),
            subs,
            sub_weights,
            start,
            span,
        };
        w.build_towns((n / 250).clamp(200, 5000), rng);
        w.build_actors(rng);
        w.build_reports(rng);
        w
    }

    fn build_towns(&mut self, count: usize, rng: &mut Rng) {
        let weights: Vec<(usize, f64)> =
            self.countries.iter().enumerate().map(|(i, c)| (i, c.weight)).collect();
        let mut seen = HashMap::new();
        let nc = self.countries.len();
        for i in 0..count {
            // Town order is activity rank; the least active few go round-robin so every
            // country has towns to name its local units after.
            let ci = if i + nc * 3 >= count { i % nc } else { rng.weighted(&weights) };
            let c = &self.countries[ci];
            let r = &c.regions[rng.skewed(c.regions.len(), 1.5)];
            let base = town_base(rng, c);
            let mut name = String::with_capacity(base.len() + 2);
            let mut up = true;
            for ch in base.chars() {
                name.extend(if up { ch.to_uppercase().next() } else { Some(ch) });
                up = ch == '-' || ch == '\'';
            }
            let mut aliases = Vec::new();
            if rng.chance(0.15) {
                // French spelling with an accent; the plain spelling stays findable.
                let plain = name.clone();
                if let Some(p) = name.rfind('e') {
                    name.replace_range(p..p + 1, "é");
                } else if let Some(p) = name[1..].find('i') {
                    name.replace_range(p + 1..p + 2, "ï");
                }
                if name != plain {
                    aliases.push(plain);
                }
            }
            if rng.chance(0.15) {
                // English transliteration, as in Nigerian or UN reporting.
                let alt = name.replacen("ou", "u", 1).replacen("Dj", "J", 1);
                if alt != name {
                    aliases.push(alt);
                }
            }
            let lat = r.lat + (rng.unit() * 2.0 - 1.0) * r.spread;
            let lon = r.lon + (rng.unit() * 2.0 - 1.0) * r.spread * 1.2;
            self.towns.push(Town {
                id: unique_id(&mut seen, "town:", &slug(&base)),
                name,
                aliases,
                country: c.sym.clone(),
                admin1: r.sym.clone(),
                admin2: rng.pick(&r.districts).clone(),
                lat: Some(round4(lat.clamp(4.0, 25.0))),
                lon: Some(round4(lon.clamp(-17.0, 16.0))),
            });
            self.town_country.push(ci);
            self.country_towns[ci].push(i);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn add_actor(
        &mut self,
        id: Sym,
        name: String,
        aliases: &str,
        kind: &str,
        parent: &str,
        affiliation: &str,
        short: String,
        class: &str,
        countries: &[usize],
        description: String,
    ) {
        let idx = self.actors.len();
        self.actors.push(Actor {
            id,
            name,
            aliases: aliases.split(';').filter(|a| !a.is_empty()).map(String::from).collect(),
            kind: actor_kind(kind),
            parent: (!parent.is_empty()).then(|| Sym::new(&format!("actor:{parent}"))),
            affiliation: (!affiliation.is_empty()).then(|| affiliation.to_string()),
            description,
        });
        let class = class_of(class);
        self.class.push(class);
        self.short.push(short);
        for &c in countries {
            self.pools[c][class as usize].push(idx);
        }
    }

    fn build_actors(&mut self, rng: &mut Rng) {
        let mut seen = HashMap::new();
        for ci in 0..self.countries.len() {
            let c = &self.countries[ci];
            let (cname, dem, army) = (c.name, c.demonym, c.army);
            let sub = |s: &str| s.replace("{C}", cname).replace("{D}", dem).replace("{M}", army);
            for line in GENERIC.lines() {
                let f: Vec<&str> = line.split('|').collect();
                let name = sub(f[0]);
                let id = unique_id(&mut seen, "actor:", &slug(&name));
                let kind = actor_kind(f[2]).label();
                let mut desc = String::new();
                push_cap(&mut desc, kind);
                let desc = format!("{desc} in {cname}.");
                self.add_actor(id, name, &sub(f[1]), f[2], "", "", sub(f[3]), f[4], &[ci], desc);
            }
        }
        for line in CORE.lines() {
            let f: Vec<&str> = line.split('|').collect();
            let cs: Vec<usize> = f[7]
                .split(' ')
                .filter_map(|code| self.countries.iter().position(|c| c.code == code))
                .collect();
            let names: Vec<&str> = cs.iter().map(|&c| self.countries[c].name).collect();
            let mut desc = String::new();
            push_cap(&mut desc, actor_kind(f[3]).label());
            let desc = format!("{desc} active in {}.", join_and(&names));
            let id = unique_id(&mut seen, "actor:", f[0]);
            let (name, short) = (f[1].to_string(), f[6].to_string());
            self.add_actor(id, name, f[2], f[3], f[4], f[5], short, f[8], &cs, desc);
        }
        let units: Vec<Vec<&str>> = UNITS.lines().map(|l| l.split('|').collect()).collect();
        let weights: Vec<(usize, f64)> =
            self.countries.iter().enumerate().map(|(i, c)| (i, c.weight)).collect();
        while self.actors.len() < ACTOR_COUNT {
            let ci = rng.weighted(&weights);
            let options: Vec<&Vec<&str>> =
                units.iter().filter(|u| u[0] == self.countries[ci].code).collect();
            if options.is_empty() || self.country_towns[ci].is_empty() {
                continue;
            }
            let u = options[rng.below(options.len())];
            let town = &self.towns[*rng.pick(&self.country_towns[ci])];
            let (name, short) = (u[1].replace("{}", &town.name), u[2].replace("{}", &town.name));
            let desc = format!(
                "Local {} unit named after {}, {} ({}).",
                actor_kind(u[3]).label(),
                town.name,
                town.admin1,
                town.country
            );
            let id = unique_id(&mut seen, "actor:", &slug(&name));
            self.add_actor(id, name, "", u[3], u[4], "", short, u[5], &[ci], desc);
        }
    }

    fn build_reports(&mut self, rng: &mut Rng) {
        for p in 0..PERIODS {
            let first = self.start + Days::new(p * self.span / PERIODS);
            // Ends on or after the last day of period p, so reports never predate incidents.
            let date = self.start + Days::new(((p + 1) * self.span).div_ceil(PERIODS) - 1);
            let a = rng.below(OUTLETS.len());
            let b = (a + 1 + rng.below(OUTLETS.len() - 1)) % OUTLETS.len();
            for (k, o) in [a, b].into_iter().enumerate() {
                let (outlet, lang) = OUTLETS[o];
                let idx = 2 * p as usize + k + 1;
                self.reports.push(Report {
                    id: Sym::new(&format!("report:syn-{idx:03}")),
                    title: format!("{outlet}: security roundup, {first} to {date}"),
                    outlet: Sym::new(outlet),
                    date: Some(date),
                    url: Some(format!("https://example.org/synthetic/report-{idx:03}")),
                    language: lang.to_string(),
                    licence: "CC0-1.0 (synthetic)".to_string(),
                    text: format!(
                        "Synthetic roundup of security incidents in the Sahel between {first} \
                         and {date}, generated by sitrep gen for testing. It describes no real \
                         events and the outlet is invented."
                    ),
                    excerpt_only: false,
                    illustrative: true,
                });
            }
        }
    }

    fn meta(&self, opts: &SynthOptions) -> Meta {
        Meta {
            title: format!("Synthetic store ({} incidents, seed {})", opts.incidents, opts.seed),
            description: "Generated by `sitrep gen` for scale tests and demonstrations. Towns, \
                          reports, outlets and events are invented; real group names are used \
                          as labels only. Nothing here is real reporting."
                .to_string(),
            coverage: Coverage {
                from: Some(self.start),
                to: Some(self.start + Days::new(self.span - 1)),
                countries: self.countries.iter().map(|c| c.name.to_string()).collect(),
            },
            licence: "CC0-1.0".to_string(),
            attribution: vec!["sitrep synthetic generator".to_string()],
            content: ContentKind::Synthetic,
        }
    }

    /// An actor of `class` active in country `c`, skewed towards the most active.
    fn pick(&self, rng: &mut Rng, c: usize, class: Class) -> usize {
        let pools = &self.pools[c];
        // No foreign forces here: the state flies its own strikes; otherwise "unidentified".
        let fallback = if class == Class::Ext { Class::State } else { Class::Unid };
        let pool = match &pools[class as usize] {
            p if p.is_empty() => &pools[fallback as usize],
            p => p,
        };
        pool[rng.skewed(pool.len(), 2.5)]
    }

    /// Picks from `class` avoiding `other`, falling back to state forces.
    fn pick_other(&self, rng: &mut Rng, c: usize, class: Class, other: usize) -> usize {
        for _ in 0..4 {
            let x = self.pick(rng, c, class);
            if x != other {
                return x;
            }
        }
        let alt = if self.class[other] == Class::State { Class::Unid } else { Class::State };
        self.pick(rng, c, alt)
    }
}

/// Text scratch buffers reused across incidents.
#[derive(Default)]
struct Scratch {
    date: String,
    place: String,
    buf: String,
}

struct Ctx<'a> {
    date: &'a str,
    a: &'a str,
    t: &'a str,
    town: &'a str,
    place: &'a str,
    other: &'a str,
    region: &'a str,
}

/// Expands a template's `{x}` placeholders (see `EVENTS`) into `out`.
fn fill(out: &mut String, tpl: &str, c: &Ctx) {
    let mut rest = tpl;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        match rest.as_bytes()[i + 1] {
            b'D' => out.push_str(c.date),
            b'A' => push_cap(out, c.a),
            b'a' => out.push_str(c.a),
            b't' => out.push_str(c.t),
            b'w' => out.push_str(c.town),
            b'p' => out.push_str(c.place),
            b'o' => out.push_str(c.other),
            _ => out.push_str(c.region),
        }
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
}

fn write_day(out: &mut String, d: NaiveDate) {
    let _ = write!(out, "{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year());
}

/// Overwrites `inc` with incident `i` of `n`. Incidents come out in date order.
fn next_incident(w: &World, i: usize, n: usize, rng: &mut Rng, inc: &mut Incident, s: &mut Scratch) {
    // Density grows linearly with time: more recent years see more activity.
    let frac = ((i as f64 + rng.unit()) / n as f64).sqrt();
    let off = ((frac * w.span as f64) as u64).min(w.span - 1);
    let last = w.start + Days::new(w.span - 1);
    inc.date = w.start + Days::new(off);
    inc.end_date = None;
    s.date.clear();
    let roll = rng.unit();
    if roll < 0.03 {
        inc.date_precision = DatePrecision::Month;
        inc.date = inc.date.with_day(1).expect("day 1 exists");
        let d = inc.date;
        let _ = write!(s.date, "In {} {}", MONTHS[d.month0() as usize], d.year());
    } else if roll < 0.10 {
        inc.date_precision = DatePrecision::Week;
        s.date.push_str("On or around ");
        write_day(&mut s.date, inc.date);
    } else if roll < 0.12 {
        inc.date_precision = DatePrecision::Day;
        let end = (inc.date + Days::new(rng.between(1, 6) as u64)).min(last);
        inc.end_date = (end > inc.date).then_some(end);
        s.date.push_str("Between ");
        write_day(&mut s.date, inc.date);
        s.date.push_str(" and ");
        write_day(&mut s.date, end);
    } else {
        inc.date_precision = DatePrecision::Day;
        s.date.push_str("On ");
        write_day(&mut s.date, inc.date);
    }

    inc.id.clear();
    let _ = write!(inc.id, "syn-{:07}", i + 1);
    let ti = rng.skewed(w.towns.len(), 2.5);
    let town = &w.towns[ti];
    let c = w.town_country[ti];
    inc.town = town.id.clone();
    inc.country = town.country.clone();
    inc.admin1 = town.admin1.clone();
    inc.admin2 = town.admin2.clone();
    inc.lat = town.lat;
    inc.lon = town.lon;
    let peers = &w.country_towns[c];
    let mut oi = *rng.pick(peers);
    if oi == ti {
        oi = *rng.pick(peers);
    }
    s.place.clear();
    let _ = write!(s.place, "{} ({}, {})", town.name, town.admin2, town.admin1);

    let sub = &w.subs[rng.weighted(&w.sub_weights)];
    inc.event_type = sub.event.clone();
    inc.sub_event_type = sub.sub.clone();

    // Cast the incident: (first actor, its role), (second actor, its role).
    use Class::*;
    let a_class = match sub.scheme {
        Scheme::Clash => rng.weighted(&[(Armed, 0.7), (Militia, 0.2), (State, 0.1)]),
        Scheme::Civ => rng.weighted(&[(Armed, 0.5), (Militia, 0.25), (State, 0.15), (Unid, 0.1)]),
        Scheme::Remote => rng.weighted(&[(Armed, 0.75), (Unid, 0.25)]),
        Scheme::Air => rng.weighted(&[(State, 0.85), (Ext, 0.15)]),
        Scheme::Protest | Scheme::Intervened => Prot,
        Scheme::Riot => Riot,
        Scheme::Arrest => State,
    };
    let t_class = match sub.scheme {
        Scheme::Clash if a_class == State => rng.weighted(&[(Armed, 0.8), (Militia, 0.2)]),
        Scheme::Clash => rng.weighted(&[(State, 0.6), (Militia, 0.25), (Armed, 0.15)]),
        Scheme::Civ | Scheme::Arrest => Civ,
        Scheme::Remote => rng.weighted(&[(State, 0.7), (Civ, 0.3)]),
        Scheme::Air => rng.weighted(&[(Armed, 0.7), (Civ, 0.3)]),
        Scheme::Intervened => State,
        Scheme::Riot => rng.weighted(&[(Civ, 0.6), (State, 0.4)]),
        Scheme::Protest => Prot,
    };
    let a = w.pick(rng, c, a_class);
    inc.actors.clear();
    let t = if sub.scheme == Scheme::Protest {
        inc.actors.push(ActorRole { actor: w.actors[a].id.clone(), role: Role::Associated });
        None
    } else {
        let t = w.pick_other(rng, c, t_class, a);
        let (ra, rt) = match sub.scheme {
            Scheme::Intervened => (Role::Associated, Role::Responder),
            _ => (Role::Attacker, Role::Target),
        };
        inc.actors.push(ActorRole { actor: w.actors[a].id.clone(), role: ra });
        inc.actors.push(ActorRole { actor: w.actors[t].id.clone(), role: rt });
        Some(t)
    };
    // Foreign partners fighting alongside state forces, as associated actors.
    if sub.scheme == Scheme::Clash
        && (w.class[a] == State || t.is_some_and(|t| w.class[t] == State))
        && rng.chance(0.15)
    {
        let e = w.pick(rng, c, Ext);
        if w.class[e] == Ext {
            inc.actors.push(ActorRole { actor: w.actors[e].id.clone(), role: Role::Associated });
        }
    }

    // Fatalities: many zeros, a Pareto tail, the odd range and a few unknowns.
    inc.fatalities = Fatalities::default();
    if sub.zero >= 1.0 || !rng.chance(0.03) {
        let best = if rng.chance(sub.zero) {
            0
        } else {
            let x = (1.0 - rng.unit()).powf(-1.0 / 1.2) - 1.0;
            (1 + (x * sub.scale) as u32).min(600)
        };
        inc.fatalities.best = Some(best);
        if best >= 3 && rng.chance(0.25) {
            inc.fatalities.low = Some(best - rng.below(best as usize / 2 + 1) as u32);
            inc.fatalities.high = Some(best + 1 + rng.below(best as usize + 1) as u32);
        }
    }

    // Sources: one or both roundups of the incident's period.
    let period = (off * PERIODS / w.span) as usize;
    let first = rng.below(2);
    inc.sources.clear();
    for k in 0..1 + usize::from(rng.chance(0.35)) {
        let r = &w.reports[2 * period + (first + k) % 2];
        inc.sources.push(Source {
            report: Some(r.id.clone()),
            outlet: r.outlet.clone(),
            url: None,
            date: r.date,
            illustrative: true,
        });
    }

    // Claims: the two sides give different figures (contested), or the attacker alone claims.
    inc.claims.clear();
    let fighting = |x: usize| matches!(w.class[x], State | Armed | Militia | Ext);
    let report = Sym::clone(&w.reports[2 * period + first].id);
    if let Some(t) = t.filter(|&t| fighting(a) && fighting(t)) {
        let contested = rng.chance(0.2);
        if contested || (w.class[a] == Armed && rng.chance(0.05)) {
            let f1 = inc.fatalities.best.unwrap_or(0) + rng.between(2, 40);
            let label = if w.class[t] == State { "soldiers killed" } else { "fighters killed" };
            inc.claims.push(Claim {
                claimant: w.actors[a].id.clone(),
                claim: format!("Claimed to have killed {f1} {label} and seized weapons."),
                figure: Some(f1),
                figure_label: Some(label.to_string()),
                source: Some(report.clone()),
            });
            if contested {
                let mut f2 = rng.between(3, 80);
                if f2 == f1 {
                    f2 += 1;
                }
                inc.claims.push(Claim {
                    claimant: w.actors[t].id.clone(),
                    claim: format!("Said it repelled the assault and neutralised {f2} assailants."),
                    figure: Some(f2),
                    figure_label: Some("attackers neutralised".to_string()),
                    source: Some(report),
                });
            }
        }
    }

    inc.tags.clear();
    if rng.chance(0.15) {
        inc.tags.push(rng.pick(&sub.tags).clone());
        let extra = rng.pick(&sub.tags);
        if rng.chance(0.2) && !inc.tags.contains(extra) {
            inc.tags.push(extra.clone());
        }
    }

    let Scratch { date, place, buf } = s;
    let ctx = Ctx {
        date,
        a: &w.short[a],
        t: t.map_or("", |t| &w.short[t]),
        town: &town.name,
        place,
        other: &w.towns[oi].name,
        region: &town.admin1,
    };
    inc.summary.clear();
    fill(&mut inc.summary, sub.summary, &ctx);
    match inc.fatalities.best {
        None => inc.summary.push_str("; toll unknown"),
        Some(0) => {}
        Some(b) => {
            let _ = write!(inc.summary, "; {b} killed");
        }
    }

    let notes = &mut inc.notes;
    notes.clear();
    fill(notes, rng.pick(&sub.leads), &ctx);
    let f = inc.fatalities;
    match (f.best, f.low, f.high) {
        (None, ..) => notes.push_str(" The number of fatalities is unknown."),
        (Some(0), ..) => notes.push_str(" No fatalities were reported."),
        (Some(b), Some(l), Some(h)) => {
            let _ = write!(notes, " Reports put the toll between {l} and {h}; {b} is retained.");
        }
        (Some(1), ..) => notes.push_str(" One person was reported killed."),
        (Some(b), ..) => {
            let _ = write!(notes, " {b} people were reported killed.");
        }
    }
    let target = rng.between(200, 380) as usize;
    for _ in 0..6 {
        if notes.len() >= target {
            break;
        }
        buf.clear();
        fill(buf, rng.pick(&FILLERS), &ctx);
        if notes.len() + buf.len() <= 400 && !notes.contains(buf.as_str()) {
            notes.push_str(buf);
        }
    }
}

/// Streams a synthetic store to `out` without holding all incidents in memory.
pub fn write_synthetic(opts: &SynthOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut rng = Rng(opts.seed);
    let world = World::build(opts.incidents, &mut rng);
    let mut w = BufWriter::with_capacity(1 << 16, out);
    write!(w, "{{\"schema_version\":{SCHEMA_VERSION},\"meta\":")?;
    serde_json::to_writer(&mut w, &world.meta(opts))?;
    w.write_all(b",\n\"towns\":")?;
    serde_json::to_writer(&mut w, &world.towns)?;
    w.write_all(b",\n\"actors\":")?;
    serde_json::to_writer(&mut w, &world.actors)?;
    w.write_all(b",\n\"reports\":")?;
    serde_json::to_writer(&mut w, &world.reports)?;
    w.write_all(b",\n\"incidents\":[")?;
    let d = world.start;
    let mut inc = Incident {
        id: String::new(),
        date: d,
        date_precision: DatePrecision::Day,
        end_date: None,
        town: Sym::default(),
        country: Sym::default(),
        admin1: Sym::default(),
        admin2: Sym::default(),
        lat: None,
        lon: None,
        event_type: Sym::default(),
        sub_event_type: Sym::default(),
        actors: Vec::new(),
        fatalities: Fatalities::default(),
        claims: Vec::new(),
        summary: String::new(),
        notes: String::new(),
        sources: Vec::new(),
        tags: Vec::new(),
        origin: None,
    };
    let mut scratch = Scratch::default();
    for i in 0..opts.incidents {
        // One incident per line keeps the file friendly to head/grep.
        w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        next_incident(&world, i, opts.incidents, &mut rng, &mut inc, &mut scratch);
        serde_json::to_writer(&mut w, &inc)?;
    }
    w.write_all(b"\n]}\n")?;
    w.flush()
}
