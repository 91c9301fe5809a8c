//! Plain data types of a sitrep store, exactly as they appear in the JSON format.
//!
//! Nothing here knows about files or terminals. References between records are ids
//! (`town`, `actor`, `report`); the store resolves them after loading.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub mod archive;
mod fatalities;
mod precision;
mod sym;

pub use fatalities::{Fatalities, FatalityTotal};
pub use precision::{DatePrecision, GeoPrecision};
pub use sym::Sym;

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// The part an actor played in an incident. Only what the data says: UCDP's sides are
/// `side_a`/`side_b` (neither is the attacker), ACLED's actor1/actor2 are `attacker`/`target`
/// only for event types the codebook gives a perpetrator, else `actor1`/`actor2`.
#[derive(
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    PartialOrd,
    Ord,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Attacker,
    Target,
    ClaimedBy,
    Associated,
    Responder,
    Mediator,
    /// UCDP side_a: the government, or the first party of a non-state dyad.
    SideA,
    /// UCDP side_b: the opponent ("Civilians" in one-sided violence).
    SideB,
    /// ACLED actor1 where the event type names no perpetrator (battles, protests, ...).
    #[serde(rename = "actor1")]
    Actor1,
    /// ACLED actor2 where the event type names no perpetrator.
    #[serde(rename = "actor2")]
    Actor2,
}

impl Role {
    /// The name in the store's JSON.
    pub fn key(self) -> &'static str {
        match self {
            Role::Attacker => "attacker",
            Role::Target => "target",
            Role::ClaimedBy => "claimed_by",
            Role::Associated => "associated",
            Role::Responder => "responder",
            Role::Mediator => "mediator",
            Role::SideA => "side_a",
            Role::SideB => "side_b",
            Role::Actor1 => "actor1",
            Role::Actor2 => "actor2",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Attacker => "attacker",
            Role::Target => "target",
            Role::ClaimedBy => "claimed by",
            Role::Associated => "associated",
            Role::Responder => "responder",
            Role::Mediator => "mediator",
            Role::SideA => "side A",
            Role::SideB => "side B",
            Role::Actor1 => "actor 1",
            Role::Actor2 => "actor 2",
        }
    }

    /// Whether this actor is one of the sides that acted or was acted upon (as opposed to
    /// a claimant or an associate). Used to find an actor's counterparts.
    pub fn is_party(self) -> bool {
        matches!(
            self,
            Role::Attacker
                | Role::Target
                | Role::Responder
                | Role::SideA
                | Role::SideB
                | Role::Actor1
                | Role::Actor2
        )
    }

    /// A main actor of the row (not an associate, claimant or mediator): the rows that say
    /// what kind of actor it is.
    pub fn is_main(self) -> bool {
        self.is_party()
    }
}

/// Broad category of an actor, following ACLED's inter codes plus the categories analysts use.
#[derive(
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    PartialOrd,
    Ord,
)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    StateForces,
    RebelGroup,
    IslamistArmedGroup,
    PoliticalMilitia,
    IdentityMilitia,
    Rioters,
    Protesters,
    Civilians,
    ExternalForce,
    InternationalOrganisation,
    Unidentified,
    Other,
}

impl ActorKind {
    pub fn label(self) -> &'static str {
        match self {
            ActorKind::StateForces => "state forces",
            ActorKind::RebelGroup => "rebel group",
            ActorKind::IslamistArmedGroup => "Islamist armed group",
            ActorKind::PoliticalMilitia => "political militia",
            ActorKind::IdentityMilitia => "identity militia",
            ActorKind::Rioters => "rioters",
            ActorKind::Protesters => "protesters",
            ActorKind::Civilians => "civilians",
            ActorKind::ExternalForce => "external force",
            ActorKind::InternationalOrganisation => "international organisation",
            ActorKind::Unidentified => "unidentified",
            ActorKind::Other => "other",
        }
    }
}

/// Whether a store (or a report) is real reporting or made up for demonstration.
#[derive(
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    Default,
)]
#[serde(rename_all = "snake_case")]
pub enum ContentKind {
    /// Every record comes from real reporting.
    #[default]
    Real,
    /// Real reporting mixed with illustrative records (each marked in its source).
    Mixed,
    /// Made up to illustrate; not real reporting.
    Illustrative,
    /// Machine generated for scale tests.
    Synthetic,
}

impl ContentKind {
    /// A short form of the warning for narrow screens.
    pub fn short_warning(self) -> Option<&'static str> {
        match self {
            ContentKind::Real => None,
            ContentKind::Mixed => Some("PART ILLUSTRATIVE"),
            ContentKind::Illustrative => Some("ILLUSTRATIVE"),
            ContentKind::Synthetic => Some("SYNTHETIC"),
        }
    }

    /// The warning the UI shows at all times, if any.
    pub fn warning(self) -> Option<&'static str> {
        match self {
            ContentKind::Real => None,
            ContentKind::Mixed => Some("MIXED: some records ILLUSTRATIVE"),
            ContentKind::Illustrative => Some("ILLUSTRATIVE data: not real reporting"),
            ContentKind::Synthetic => Some("SYNTHETIC data: generated, not real"),
        }
    }
}

/// One actor's part in an incident.
#[derive(
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
    Clone,
    Debug,
    PartialEq,
    Serialize,
    Deserialize,
)]
pub struct ActorRole {
    pub actor: Sym,
    pub role: Role,
}

/// A party's claim about an incident. Claims are never merged into the incident's facts.
#[derive(
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
    Clone,
    Debug,
    PartialEq,
    Serialize,
    Deserialize,
)]
pub struct Claim {
    /// Actor id of the party making the claim.
    pub claimant: Sym,
    /// The claim in words, as reported.
    pub claim: String,
    /// A figure the claim gives, if any (e.g. 80 militants "neutralised").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<u32>,
    /// What the figure counts ("militants killed", "soldiers killed", "barracks seized").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure_label: Option<String>,
    /// Report id where the claim is reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Sym>,
}

/// A citation of a report by an incident.
#[derive(
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
    Clone,
    Debug,
    PartialEq,
    Serialize,
    Deserialize,
)]
pub struct Source {
    /// Report id, when the store holds the report itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<Sym>,
    pub outlet: Sym,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[rkyv(with = rkyv::with::Map<archive::Day>)]
    pub date: Option<NaiveDate>,
    /// True when the record citing this source is illustrative, not real reporting.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
}

/// Where an imported record came from (file and row), so an analyst can go back to it.
#[derive(
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
    Clone,
    Debug,
    PartialEq,
    Serialize,
    Deserialize,
)]
pub struct Origin {
    pub file: Sym,
    pub line: u64,
    /// ACLED's number for the row (`data_id`, 2019-2021 exports), which a release may change
    /// without editing the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_id: Option<u64>,
    /// When the row was last edited (ACLED's `timestamp`, Unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<i64>,
    /// The place as the row spells it, when that is not the name of its town (a town is
    /// named by the first spelling seen; an area's record adds "(admin1 only)"): so a later
    /// release's respelling of this one row can be told (see `sitrep diff`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Sym>,
}

#[derive(
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
    Clone,
    Debug,
    PartialEq,
    Serialize,
    Deserialize,
)]
pub struct Incident {
    pub id: String,
    #[rkyv(with = archive::Day)]
    pub date: NaiveDate,
    #[serde(default)]
    pub date_precision: DatePrecision,
    /// The end of the span the event happened in, when the data gives one (UCDP date_end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[rkyv(with = rkyv::with::Map<archive::Day>)]
    pub end_date: Option<NaiveDate>,
    /// How exactly the place is known; absent when the file does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo_precision: Option<GeoPrecision>,
    /// Town id.
    pub town: Sym,
    pub country: Sym,
    #[serde(default)]
    pub admin1: Sym,
    #[serde(default)]
    pub admin2: Sym,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    pub event_type: Sym,
    #[serde(default)]
    pub sub_event_type: Sym,
    /// The event type as the file coded it, when it was mapped to the current codebook's
    /// (pre-2019 ACLED "Remote violence" is now "Explosions/Remote violence").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coded_event_type: Option<Sym>,
    #[serde(default)]
    pub actors: Vec<ActorRole>,
    #[serde(default)]
    pub fatalities: Fatalities,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Claim>,
    #[serde(default)]
    pub summary: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Sym>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// The dataset the incident came from when the store joins several files
    /// (`store::merge`); empty in a store of one dataset, whose label is its meta's.
    #[serde(default, skip_serializing_if = "Sym::is_empty")]
    pub dataset: Sym,
}

impl Incident {
    /// Whether the incident counts as its town's activity: placed no finer than admin1, it
    /// is not a town event (it still counts in totals, actors and regions).
    pub fn is_town_level(&self) -> bool {
        !self.geo_precision.is_some_and(GeoPrecision::is_imprecise)
    }

    /// "Battles / Armed clash", or "Battles" when the sub-type is empty.
    pub fn type_label(&self) -> String {
        match (self.event_type.is_empty(), self.sub_event_type.is_empty()) {
            (_, true) => self.event_type.to_string(),
            (true, false) => self.sub_event_type.to_string(),
            (false, false) => format!("{} / {}", self.event_type, self.sub_event_type),
        }
    }

    /// "2025-07-01", or "2025-06-28 to 2025-07-03" for a span.
    pub fn date_label(&self) -> String {
        match self.end_date {
            Some(end) if end != self.date => format!("{} to {end}", self.date),
            _ => self.date.to_string(),
        }
    }

    /// Claims are contested when two different parties make claims about the incident.
    pub fn has_contested_claims(&self) -> bool {
        let mut first: Option<&Sym> = None;
        for c in &self.claims {
            match first {
                None => first = Some(&c.claimant),
                Some(f) if *f != c.claimant => return true,
                _ => {}
            }
        }
        false
    }

    pub fn is_illustrative(&self) -> bool {
        !self.sources.is_empty() && self.sources.iter().all(|s| s.illustrative)
    }
}

#[derive(
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
    Clone,
    Debug,
    PartialEq,
    Serialize,
    Deserialize,
)]
pub struct Actor {
    pub id: Sym,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub kind: ActorKind,
    /// Actor id of the parent organisation or affiliation, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Sym>,
    /// Free-text affiliation where there is no parent record ("al-Qaeda").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
    #[serde(default)]
    pub description: String,
    /// When datasets were joined, the records this one was merged from ("UCDP: JNIM").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<String>,
}

#[derive(
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
    Clone,
    Debug,
    PartialEq,
    Serialize,
    Deserialize,
)]
pub struct Town {
    pub id: Sym,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub country: Sym,
    #[serde(default)]
    pub admin1: Sym,
    #[serde(default)]
    pub admin2: Sym,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// When datasets were joined, the records this one was merged from ("UCDP: Djibo").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<String>,
}

#[derive(
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
    Clone,
    Debug,
    PartialEq,
    Serialize,
    Deserialize,
)]
pub struct Report {
    pub id: Sym,
    pub title: String,
    pub outlet: Sym,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[rkyv(with = rkyv::with::Map<archive::Day>)]
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub licence: String,
    /// The text, or an excerpt where we may not keep all of it.
    #[serde(default)]
    pub text: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub excerpt_only: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
}

#[derive(
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
    Clone,
    Debug,
    PartialEq,
    Serialize,
    Deserialize,
    Default,
)]
pub struct Coverage {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[rkyv(with = rkyv::with::Map<archive::Day>)]
    pub from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[rkyv(with = rkyv::with::Map<archive::Day>)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub countries: Vec<String>,
}

#[derive(
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
    Clone,
    Debug,
    PartialEq,
    Serialize,
    Deserialize,
    Default,
)]
pub struct Meta {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub coverage: Coverage,
    #[serde(default)]
    pub licence: String,
    #[serde(default)]
    pub attribution: Vec<String>,
    #[serde(default)]
    pub content: ContentKind,
    /// A short label for the dataset ("ACLED", "UCDP", a file's name), shown in the list's
    /// dataset column and matched by `dataset:`. Empty when the store joins several
    /// (`datasets`), each incident then naming its own.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub dataset: String,
    /// The datasets a joined store was made from, in the order given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datasets: Vec<DatasetInfo>,
}

/// One of the datasets a joined store was made from.
#[derive(
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
    Clone,
    Debug,
    PartialEq,
    Serialize,
    Deserialize,
    Default,
)]
pub struct DatasetInfo {
    pub label: String,
    pub title: String,
    /// The file it was read from.
    pub source: String,
    #[serde(default)]
    pub coverage: Coverage,
    #[serde(default)]
    pub licence: String,
    #[serde(default)]
    pub content: ContentKind,
    #[serde(default)]
    pub incidents: usize,
}

/// A whole store as written to disk: a single JSON document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct StoreDoc {
    pub schema_version: u32,
    pub meta: Meta,
    #[serde(default)]
    pub towns: Vec<Town>,
    #[serde(default)]
    pub actors: Vec<Actor>,
    #[serde(default)]
    pub reports: Vec<Report>,
    #[serde(default)]
    pub incidents: Vec<Incident>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imprecise_places_are_not_town_level() {
        let mut inc: Incident = serde_json::from_str(
            r#"{"id":"i1","date":"2025-07-01","town":"t","country":"Mali","event_type":"Battles","geo_precision":"admin2"}"#,
        )
        .unwrap();
        assert!(inc.is_town_level());
        for g in [
            GeoPrecision::Admin1,
            GeoPrecision::Region,
            GeoPrecision::Country,
            GeoPrecision::Sea,
        ] {
            inc.geo_precision = Some(g);
            assert!(!inc.is_town_level(), "{g:?}");
        }
        inc.geo_precision = None;
        assert!(inc.is_town_level());
        assert_eq!(inc.type_label(), "Battles");
        inc.sub_event_type = Sym::new("Armed clash");
        assert_eq!(inc.type_label(), "Battles / Armed clash");
        inc.end_date = NaiveDate::from_ymd_opt(2025, 7, 4);
        assert_eq!(inc.date_label(), "2025-07-01 to 2025-07-04");
    }

    #[test]
    fn precision_keys_are_the_serde_names() {
        for p in [
            DatePrecision::Day,
            DatePrecision::Days,
            DatePrecision::Week,
            DatePrecision::Month,
            DatePrecision::Months,
        ] {
            assert_eq!(
                serde_json::to_string(&p).unwrap(),
                format!("\"{}\"", p.key())
            );
        }
        for r in [
            Role::SideA,
            Role::SideB,
            Role::Actor1,
            Role::Actor2,
            Role::ClaimedBy,
        ] {
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.key())
            );
        }
        assert!(
            DatePrecision::Week.is_week_or_coarser() && !DatePrecision::Days.is_week_or_coarser()
        );
    }

    #[test]
    fn contested_claims_need_two_parties() {
        let claim = |who: &str| Claim {
            claimant: Sym::new(who),
            claim: "x".into(),
            figure: None,
            figure_label: None,
            source: None,
        };
        let mut inc: Incident = serde_json::from_str(
            r#"{"id":"i1","date":"2025-07-01","town":"t","country":"Mali","event_type":"Battles"}"#,
        )
        .unwrap();
        inc.claims = vec![claim("a"), claim("a")];
        assert!(!inc.has_contested_claims());
        inc.claims.push(claim("b"));
        assert!(inc.has_contested_claims());
    }
}
