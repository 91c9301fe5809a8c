//! Plain data types of a sitrep store, exactly as they appear in the JSON format.
//!
//! Nothing here knows about files or terminals. References between records are ids
//! (`town`, `actor`, `report`); the store resolves them after loading.

use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use rustc_hash::FxHashSet as HashSet;
use serde::{Deserialize, Deserializer, Serialize};

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// A shared, interned string for values that repeat across many records (ids used as
/// references, countries, admin areas, event types, outlets). At a million incidents these
/// are most of the strings in a store; sharing them is where the memory goes.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Sym(Arc<str>);

thread_local! {
    // Per-thread so parallel parsing never contends on a lock; a value may therefore exist
    // once per loader thread, which is still a handful of copies rather than a million.
    static INTERNER: RefCell<HashSet<Arc<str>>> = RefCell::new(HashSet::default());
}

impl Sym {
    pub fn new(s: &str) -> Sym {
        INTERNER.with(|set| {
            let mut set = set.borrow_mut();
            if let Some(existing) = set.get(s) {
                return Sym(existing.clone());
            }
            let arc: Arc<str> = Arc::from(s);
            set.insert(arc.clone());
            Sym(arc)
        })
    }

    /// Drops this thread's intern table (the strings live on in the records using them).
    pub fn clear_interner() {
        INTERNER.with(|set| set.borrow_mut().clear());
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::ops::Deref for Sym {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Sym {
    fn from(s: &str) -> Sym {
        Sym::new(s)
    }
}

impl fmt::Debug for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Sym {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Sym {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Sym, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Sym;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Sym, E> {
                Ok(Sym::new(v))
            }
        }
        d.deserialize_str(V)
    }
}

/// How exact an incident's date is. ACLED calls this time_precision (1, 2, 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    #[default]
    Day,
    Week,
    Month,
}

impl DatePrecision {
    pub fn label(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Week => "week",
            DatePrecision::Month => "month",
        }
    }
}

/// The part an actor played in an incident.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Attacker,
    Target,
    ClaimedBy,
    Associated,
    Responder,
    Mediator,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Attacker => "attacker",
            Role::Target => "target",
            Role::ClaimedBy => "claimed by",
            Role::Associated => "associated",
            Role::Responder => "responder",
            Role::Mediator => "mediator",
        }
    }

    /// Whether this actor is one of the sides that acted or was acted upon (as opposed to
    /// a claimant or an associate). Used to find an actor's counterparts.
    pub fn is_party(self) -> bool {
        matches!(self, Role::Attacker | Role::Target | Role::Responder)
    }
}

/// Broad category of an actor, following ACLED's inter codes plus the categories analysts use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
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

/// Fatalities as a range. Any bound may be unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Fatalities {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<u32>,
}

impl Fatalities {
    pub fn best_or_zero(&self) -> u64 {
        self.best.unwrap_or(0) as u64
    }

    /// True when the bounds contradict each other (low > best, best > high, low > high).
    pub fn is_inconsistent(&self) -> bool {
        let pairs = [
            (self.low, self.best),
            (self.best, self.high),
            (self.low, self.high),
        ];
        pairs
            .iter()
            .any(|(a, b)| matches!((a, b), (Some(a), Some(b)) if a > b))
    }

    /// "12 (10-15)", "12", "?" — for lists and briefings.
    pub fn display(&self) -> String {
        let n = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_else(|| "?".into());
        match (self.low, self.high) {
            (None, None) => n(self.best),
            _ => format!("{} ({}-{})", n(self.best), n(self.low), n(self.high)),
        }
    }
}

/// One actor's part in an incident.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorRole {
    pub actor: Sym,
    pub role: Role,
}

/// A party's claim about an incident. Claims are never merged into the incident's facts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Report id, when the store holds the report itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<Sym>,
    pub outlet: Sym,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// True when the record citing this source is illustrative, not real reporting.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
}

/// Where an imported record came from (file and row), so an analyst can go back to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    pub file: Sym,
    pub line: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    pub id: String,
    pub date: NaiveDate,
    #[serde(default)]
    pub date_precision: DatePrecision,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
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
}

impl Incident {
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub id: Sym,
    pub title: String,
    pub outlet: Sym,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Coverage {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub countries: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
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
    fn sym_interns_equal_strings() {
        let a = Sym::new("town:kayes");
        let b = Sym::new("town:kayes");
        assert!(Arc::ptr_eq(&a.0, &b.0));
    }

    #[test]
    fn fatalities_consistency_and_display() {
        let f = Fatalities {
            low: Some(10),
            best: Some(12),
            high: Some(15),
        };
        assert!(!f.is_inconsistent());
        assert_eq!(f.display(), "12 (10-15)");
        let bad = Fatalities {
            low: Some(20),
            best: Some(12),
            high: None,
        };
        assert!(bad.is_inconsistent());
        assert_eq!(Fatalities::default().display(), "?");
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
