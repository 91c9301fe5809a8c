//! The sample's fixed tables: how notes name actors, which forces belong to which country,
//! the monthly quotas per theatre and the weights of towns and kinds of event. Order matters
//! wherever a table feeds a weighted draw: it is the order the draws bisect.

use serde::Deserialize;

/// A town from `data/tools/towns.csv`.
#[derive(Clone, Debug)]
pub struct TownRow {
    pub slug: String,
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub country: String,
    pub admin1: String,
    pub admin2: String,
    pub lat: f64,
    pub lon: f64,
}

/// An actor from `data/tools/actors.json` (real organisations, general descriptions).
#[derive(Clone, Debug, Deserialize)]
pub struct ActorRow {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: String,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub affiliation: Option<String>,
    pub description: String,
}

pub const TOWNS_CSV: &str = include_str!("../../data/tools/towns.csv");
pub const ACTORS_JSON: &str = include_str!("../../data/tools/actors.json");
pub const ARTICLE: &str =
    include_str!("../../data/tools/sources/mali_renewed_violence_2025-07-01.txt");

pub fn load_towns(csv_text: &str) -> Result<Vec<TownRow>, String> {
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = rdr.headers().map_err(|e| e.to_string())?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("towns.csv has no column {name}"))
    };
    let (slug, name, aliases, country) =
        (col("slug")?, col("name")?, col("aliases")?, col("country")?);
    let (admin1, admin2, lat, lon) = (col("admin1")?, col("admin2")?, col("lat")?, col("lon")?);
    let mut out = Vec::new();
    for row in rdr.records() {
        let row = row.map_err(|e| e.to_string())?;
        let number = |i: usize| {
            row[i]
                .parse::<f64>()
                .map_err(|e| format!("towns.csv {}: {e}", &row[slug]))
        };
        out.push(TownRow {
            slug: row[slug].to_string(),
            id: format!("town:{}", &row[slug]),
            name: row[name].to_string(),
            aliases: row[aliases]
                .split(';')
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect(),
            country: row[country].to_string(),
            admin1: row[admin1].to_string(),
            admin2: row[admin2].to_string(),
            lat: number(lat)?,
            lon: number(lon)?,
        });
    }
    Ok(out)
}

pub fn load_actors(json: &str) -> Result<Vec<ActorRow>, String> {
    serde_json::from_str(json).map_err(|e| format!("actors.json: {e}"))
}

/// How the text of the notes names each actor.
pub fn short(actor: &str) -> &'static str {
    match actor {
        "actor:jnim" => "JNIM militants",
        "actor:katiba-macina" => "Katiba Macina (JNIM) militants",
        "actor:is-sahel" => "IS Sahel militants",
        "actor:fama" => "FAMa soldiers",
        "actor:africa-corps" => "Africa Corps personnel",
        "actor:fla" => "FLA fighters",
        "actor:bf-forces" => "Burkinabe soldiers",
        "actor:vdp" => "VDP members",
        "actor:niger-forces" => "Nigerien soldiers",
        "actor:dan-na-ambassagou" => "Dan Na Ambassagou militiamen",
        "actor:dozo" => "Dozo militiamen",
        "actor:unidentified-mali" => "unidentified gunmen",
        "actor:senegal-forces" => "Senegalese soldiers",
        "actor:mauritania-forces" => "Mauritanian soldiers",
        other => panic!("no short name for {other}"),
    }
}

/// The group as a claimant or a noun.
pub fn group(actor: &str) -> Option<&'static str> {
    Some(match actor {
        "actor:jnim" | "actor:katiba-macina" => "JNIM",
        "actor:is-sahel" => "IS Sahel",
        "actor:fla" => "the FLA",
        "actor:fama" | "actor:bf-forces" | "actor:niger-forces" => "the army",
        _ => return None,
    })
}

pub fn group_of(actor: &str) -> &'static str {
    group(actor).unwrap_or_else(|| panic!("no group name for {actor}"))
}

/// Who speaks for a group: Katiba Macina claims through JNIM.
pub fn claimant(actor: &str) -> &str {
    if actor == "actor:katiba-macina" {
        "actor:jnim"
    } else {
        actor
    }
}

/// A drone's owner in a sentence and at the start of a summary.
pub fn drone_owner(state: &str) -> (&'static str, &'static str) {
    match state {
        "actor:fama" => ("a FAMa", "FAMa"),
        "actor:bf-forces" => ("a Burkinabe army", "Burkinabe army"),
        "actor:niger-forces" => ("a Nigerien army", "Nigerien army"),
        other => panic!("no drones for {other}"),
    }
}

pub fn forces(country: &str) -> &'static str {
    match country {
        "Mali" => "actor:fama",
        "Burkina Faso" => "actor:bf-forces",
        "Niger" => "actor:niger-forces",
        "Senegal" => "actor:senegal-forces",
        "Mauritania" => "actor:mauritania-forces",
        other => panic!("no forces for {other}"),
    }
}

pub fn civilians(country: &str) -> Option<&'static str> {
    match country {
        "Mali" => Some("actor:civilians-mali"),
        "Burkina Faso" => Some("actor:civilians-burkina-faso"),
        "Niger" => Some("actor:civilians-niger"),
        _ => None,
    }
}

pub fn civilians_of(country: &str) -> &'static str {
    civilians(country).unwrap_or_else(|| panic!("no civilians actor for {country}"))
}

pub fn protesters(country: &str) -> &'static str {
    match country {
        "Mali" => "actor:protesters-mali",
        "Burkina Faso" => "actor:protesters-burkina-faso",
        "Niger" => "actor:protesters-niger",
        "Mauritania" => "actor:protesters-mauritania",
        "Senegal" => "actor:protesters-senegal",
        other => panic!("no protesters for {other}"),
    }
}

pub fn theatre_of(t: &TownRow) -> &'static str {
    let (c, a1, slug) = (t.country.as_str(), t.admin1.as_str(), t.slug.as_str());
    match c {
        "Burkina Faso" => return "burkina",
        "Niger" => return "niger",
        "Senegal" | "Mauritania" => return "border_west",
        _ => {}
    }
    if a1 == "Kayes" || matches!(slug, "nara" | "kolokani" | "banamba") {
        return "west_mali";
    }
    match a1 {
        "Ségou" => "segou",
        "Mopti" => "mopti",
        "Tombouctou" | "Gao" | "Ménaka" | "Kidal" => "north_mali",
        _ => "south_mali",
    }
}

/// Illustrative incidents per month, 2024-07 .. 2025-07 (13 months). Western Mali rises
/// sharply through the first half of 2025; the real attacks of 1 July 2025 come on top.
pub const MONTHLY: &[(&str, [u32; 13])] = &[
    ("west_mali", [1, 1, 2, 1, 2, 2, 3, 3, 4, 6, 7, 9, 8]),
    ("segou", [4, 4, 3, 4, 3, 4, 4, 3, 4, 4, 5, 5, 3]),
    ("mopti", [6, 5, 5, 6, 5, 4, 5, 6, 5, 5, 5, 4, 3]),
    ("north_mali", [6, 5, 4, 4, 5, 4, 4, 4, 3, 4, 4, 4, 3]),
    ("south_mali", [1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
    ("burkina", [6, 6, 5, 5, 6, 5, 5, 5, 6, 6, 5, 5, 4]),
    ("niger", [3, 3, 3, 3, 3, 3, 2, 3, 3, 3, 3, 3, 2]),
    ("border_west", [0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 1, 1, 3]),
];

/// How often a town is picked within its theatre (default 1).
pub fn town_weight(slug: &str) -> f64 {
    match slug {
        "kayes" => 2.0,
        "nioro-du-sahel" => 3.0,
        "diema" => 3.0,
        "diboli" => 1.5,
        "sandare" => 2.0,
        "gogui" => 1.5,
        "yelimane" => 1.5,
        "kita" => 1.0,
        "bafoulabe" => 0.7,
        "nara" => 1.5,
        "kolokani" => 1.0,
        "banamba" => 1.0,
        "niono" => 3.0,
        "molodo" => 2.0,
        "sokolo" => 2.0,
        "macina" => 2.0,
        "segou" => 1.0,
        "markala" => 1.0,
        "san" => 1.0,
        "tominian" => 1.0,
        "mopti" => 1.0,
        "djenne" => 2.0,
        "douentza" => 2.0,
        "bandiagara" => 2.0,
        "bankass" => 2.5,
        "koro" => 2.5,
        "tenenkou" => 2.0,
        "youwarou" => 1.5,
        "diafarabe" => 1.5,
        "tombouctou" => 2.0,
        "goundam" => 1.5,
        "niafunke" => 1.0,
        "gourma-rharous" => 1.5,
        "gao" => 1.5,
        "bourem" => 1.5,
        "ansongo" => 2.0,
        "tessit" => 2.0,
        "menaka" => 3.0,
        "inekar" => 1.5,
        "anderamboukane" => 2.0,
        "kidal" => 1.5,
        "tessalit" => 1.5,
        "aguelhok" => 1.5,
        "bamako" => 3.0,
        "kati" => 1.5,
        "sikasso" => 1.0,
        "koutiala" => 1.0,
        "djibo" => 3.0,
        "arbinda" => 2.0,
        "dori" => 2.0,
        "gorom-gorom" => 1.5,
        "sebba" => 1.5,
        "kaya" => 1.0,
        "kongoussi" => 1.0,
        "ouahigouya" => 1.0,
        "titao" => 1.5,
        "fada-ngourma" => 1.5,
        "diapaga" => 2.0,
        "tougan" => 1.0,
        "barani" => 1.5,
        "ouagadougou" => 0.5,
        "tillaberi" => 1.5,
        "ayorou" => 1.0,
        "tera" => 1.5,
        "ouallam" => 1.0,
        "torodi" => 1.5,
        "banibangou" => 1.5,
        "niamey" => 0.7,
        "kidira" => 2.0,
        "bakel" => 1.0,
        "tambacounda" => 0.5,
        "selibaby" => 1.0,
        "kobenni" => 1.0,
        "nema" => 0.5,
        "bassikounou" => 1.5,
        "mbera" => 1.0,
        _ => 1.0,
    }
}

/// Which kinds of event each theatre has, and how often.
pub fn templates(theatre: &str) -> &'static [(&'static str, f64)] {
    match theatre {
        "west_mali" => &[
            ("attack", 3.0),
            ("ied", 2.0),
            ("abduct", 3.0),
            ("loot", 3.0),
            ("vac", 2.0),
            ("drone", 2.0),
            ("army_op", 1.0),
            ("protest", 1.0),
            ("territory", 0.5),
            ("arrests", 0.5),
        ],
        "segou" => &[
            ("attack", 3.0),
            ("drone", 2.0),
            ("vac", 2.0),
            ("abduct", 1.5),
            ("ied", 1.5),
            ("militia", 1.5),
            ("army_op", 1.5),
            ("loot", 1.0),
            ("agreement", 0.5),
            ("vac_state", 0.5),
        ],
        "mopti" => &[
            ("attack", 2.5),
            ("vac", 3.0),
            ("militia", 2.0),
            ("ied", 2.0),
            ("drone", 2.0),
            ("abduct", 1.5),
            ("army_op", 1.5),
            ("loot", 1.0),
            ("vac_state", 0.7),
            ("protest", 0.3),
        ],
        "north_mali" => &[
            ("vac", 2.5),
            ("militia", 1.5),
            ("fla", 1.5),
            ("drone", 2.0),
            ("shelling", 1.5),
            ("ied", 2.0),
            ("abduct", 1.0),
            ("army_op", 1.0),
            ("protest", 0.5),
            ("vac_state", 0.5),
        ],
        "south_mali" => &[
            ("protest", 3.0),
            ("arrests", 2.0),
            ("ied", 0.5),
            ("attack", 0.5),
            ("abduct", 0.5),
        ],
        "burkina" => &[
            ("attack", 4.0),
            ("vac", 3.0),
            ("drone", 2.0),
            ("ied", 1.5),
            ("army_op", 1.5),
            ("abduct", 1.0),
            ("vac_state", 1.0),
            ("territory", 0.5),
            ("militia", 0.5),
            ("protest", 0.5),
        ],
        "niger" => &[
            ("attack", 3.0),
            ("vac", 2.5),
            ("ied", 1.0),
            ("drone", 1.5),
            ("army_op", 1.0),
            ("abduct", 1.0),
            ("protest", 0.5),
        ],
        "border_west" => &[("deploy", 3.0), ("protest", 2.0)],
        other => panic!("no templates for theatre {other}"),
    }
}

pub const NORTH_IS: &[&str] = &["menaka", "inekar", "anderamboukane", "tessit", "ansongo"];
pub const NORTH_MIXED: &[&str] = &["gao", "bourem"];
pub const FLA_TOWNS: &[&str] = &[
    "kidal",
    "tessalit",
    "aguelhok",
    "bourem",
    "goundam",
    "gourma-rharous",
    "tombouctou",
];
pub const DOGON_COUNTRY: &[&str] = &["bankass", "koro", "bandiagara", "douentza"];
pub const BF_IS: &[&str] = &["dori", "gorom-gorom", "sebba"];
pub const NE_IS: &[&str] = &["tillaberi", "ayorou", "banibangou", "ouallam"];
