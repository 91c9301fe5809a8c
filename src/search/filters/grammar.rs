//! The filter grammar, one for the browser's filter line and `--filter`: the keys, the
//! tokens (`key:value`, `key:a,b`, `-key:value`, `key:"two words"`, bare flags and free
//! words), dates (absolute and relative to today) and the errors a line can have.

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::model::GeoPrecision;

/// A filter key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Since,
    Until,
    Type,
    Country,
    Region,
    Admin1,
    Admin2,
    Town,
    Actor,
    Dataset,
    Precision,
    Min,
    Contested,
    Marked,
    Noted,
    New,
    Tag,
    /// `changed`, `changed:added`, `changed:edited`: since the previous release.
    Changed,
    /// `near:TOWN,50km`: within a distance of a town.
    Near,
}

/// One key of the grammar: the names it is typed with (the first is the one written back),
/// how a term looks, and what it keeps. The help screen and the README list these.
pub struct KeyDoc {
    pub key: Key,
    pub names: &'static [&'static str],
    pub syntax: &'static str,
    pub help: &'static str,
}

/// Every key, in the order the help lists them.
pub const KEYS: &[KeyDoc] = &[
    KeyDoc {
        key: Key::Since,
        names: &["since", "from"],
        syntax: "since:DATE",
        help: "on or after DATE: YYYY-MM-DD, YYYY-MM, today, yesterday, or 30d, 12w, 6m, 1y \
               before today",
    },
    KeyDoc {
        key: Key::Until,
        names: &["until", "to"],
        syntax: "until:DATE",
        help: "on or before DATE (YYYY-MM is the month's last day)",
    },
    KeyDoc {
        key: Key::Type,
        names: &["type"],
        syntax: "type:TEXT",
        help: "event type or sub-type contains TEXT (type:battles, type:armed_clash)",
    },
    KeyDoc {
        key: Key::Country,
        names: &["country", "in"],
        syntax: "country:NAME",
        help: "in this country (or, when no country has the name, admin1 region)",
    },
    KeyDoc {
        key: Key::Region,
        names: &["region"],
        syntax: "region:NAME",
        help: "the same as country: (a country, else an admin1 region)",
    },
    KeyDoc {
        key: Key::Admin1,
        names: &["admin1"],
        syntax: "admin1:NAME",
        help: "in this admin1 region (first-level division)",
    },
    KeyDoc {
        key: Key::Admin2,
        names: &["admin2"],
        syntax: "admin2:NAME",
        help: "in this admin2 area (second-level division)",
    },
    KeyDoc {
        key: Key::Town,
        names: &["town", "at"],
        syntax: "town:NAME",
        help: "at this town: id, name, alias or \"Name, Country\"",
    },
    KeyDoc {
        key: Key::Actor,
        names: &["actor", "by"],
        syntax: "actor:NAME",
        help: "involving this actor: id, name or alias",
    },
    KeyDoc {
        key: Key::Dataset,
        names: &["dataset"],
        syntax: "dataset:NAME",
        help: "from this dataset: the store's title or file name, or the imported file",
    },
    KeyDoc {
        key: Key::Precision,
        names: &["precision"],
        syntax: "precision:P",
        help: "placed this exactly: exact, near, admin2, admin1, region, country, sea, unknown",
    },
    KeyDoc {
        key: Key::Near,
        names: &["near"],
        syntax: "near:TOWN[,KM]",
        help: "placed within KM km (default 25) of this town: near:diboli,50km; several towns \
               are any of them",
    },
    KeyDoc {
        key: Key::Min,
        names: &["min"],
        syntax: "min:N",
        help: "at least N fatalities (best estimate)",
    },
    KeyDoc {
        key: Key::Contested,
        names: &["contested"],
        syntax: "contested",
        help: "incidents whose claims disagree (two parties claim; '!' in lists)",
    },
    KeyDoc {
        key: Key::Marked,
        names: &["marked"],
        syntax: "marked",
        help: "incidents you marked (needs a workspace)",
    },
    KeyDoc {
        key: Key::Noted,
        names: &["noted"],
        syntax: "noted",
        help: "incidents you wrote a note on (needs a workspace)",
    },
    KeyDoc {
        key: Key::New,
        names: &["new"],
        syntax: "new",
        help: "incidents not seen before in this dataset ('+' in lists; needs a workspace)",
    },
    KeyDoc {
        key: Key::Tag,
        names: &["tag"],
        syntax: "tag:NAME",
        help: "incidents you tagged NAME, or whose town or an actor you tagged NAME (t tags; \
               needs a workspace)",
    },
    KeyDoc {
        key: Key::Changed,
        names: &["changed"],
        syntax: "changed[:added|edited]",
        help: "added or edited since the previous release ('^' added, '~' edited in lists; \
               needs --since-release OLD)",
    },
];

/// How terms combine, for the help screen and the README: (syntax, meaning).
pub const RULES: &[(&str, &str)] = &[
    ("a:x b:y", "terms all apply (AND)"),
    ("a:x,y", "either value (OR within a key)"),
    ("-a:x", "excludes what a:x keeps (-contested too)"),
    ("a:\"x y\"", "a value with spaces (or a:x_y)"),
    (
        "words",
        "other words narrow by text, like / (quote one to search for a key's name)",
    ),
    (
        "places",
        "an incident has one place: repeated country:, region:, admin1:, admin2:, town:, \
         dataset: or precision: terms widen, like a comma",
    ),
];

impl Key {
    pub fn doc(self) -> &'static KeyDoc {
        KEYS.iter()
            .find(|d| d.key == self)
            .expect("every key is documented")
    }

    /// The name the key is written back with.
    pub fn name(self) -> &'static str {
        self.doc().names[0]
    }

    fn named(name: &str) -> Option<Key> {
        let name = name.to_ascii_lowercase();
        KEYS.iter()
            .find(|d| d.names.contains(&name.as_str()))
            .map(|d| d.key)
    }

    /// A key that takes no value (`contested`, `marked`, `noted`, `new`).
    pub fn is_flag(self) -> bool {
        matches!(self, Key::Contested | Key::Marked | Key::Noted | Key::New)
    }

    /// A key that reads the workspace's sets (`marked`, `noted`, `new`, `tag:`).
    pub fn uses_workspace(self) -> bool {
        matches!(self, Key::Marked | Key::Noted | Key::New | Key::Tag)
    }

    /// A key that may be written bare, as a flag, or with values (`changed`,
    /// `changed:edited`).
    pub fn may_be_bare(self) -> bool {
        self.is_flag() || self == Key::Changed
    }

    /// A key one incident has only one value of, so repeated terms widen.
    pub fn is_place_like(self) -> bool {
        matches!(
            self,
            Key::Country
                | Key::Region
                | Key::Admin1
                | Key::Admin2
                | Key::Town
                | Key::Dataset
                | Key::Precision
        )
    }
}

/// One value of a term: its meaning and how it was typed (written back as typed).
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    /// The value meant: quotes removed, and when unquoted `_` read as a space.
    pub text: String,
    /// The value as typed (`al_shabaab`, `"katiba macina"`).
    pub raw: String,
}

impl Value {
    /// A value given whole (a command-line option): quoted when written back if it needs it.
    pub fn plain(text: &str) -> Value {
        let text = text.trim().to_string();
        let raw = if text.contains(|c: char| c.is_whitespace() || c == ',' || c == '_') {
            format!("\"{}\"", text.replace('"', ""))
        } else {
            text.clone()
        };
        Value { text, raw }
    }
}

/// One `key:a,b` term, or a flag; `exclude` for `-key:...`.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    pub key: Key,
    /// Either of these (empty for a flag).
    pub values: Vec<Value>,
    pub exclude: bool,
}

impl Term {
    pub fn new(key: Key, values: Vec<Value>) -> Term {
        Term {
            key,
            values,
            exclude: false,
        }
    }

    /// The term as the filter line writes it.
    pub fn to_line(&self) -> String {
        let minus = if self.exclude { "-" } else { "" };
        if self.key.is_flag() || self.values.is_empty() {
            return format!("{minus}{}", self.key.name());
        }
        let values: Vec<&str> = self.values.iter().map(|v| v.raw.as_str()).collect();
        format!("{minus}{}:{}", self.key.name(), values.join(","))
    }
}

/// What is wrong with a filter line, or with one of its values in a store.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum FilterError {
    #[error("unknown filter key '{key}:'{}", unknown_key_tail(closest))]
    UnknownKey {
        key: String,
        closest: Option<&'static str>,
    },
    #[error("unterminated quote in '{0}'")]
    Unterminated(String),
    #[error("'{0}:' needs a value")]
    EmptyValue(&'static str),
    #[error(
        "{key}:{value} is not a date (YYYY-MM-DD, YYYY-MM, today, yesterday, or 30d, 12w, 6m, 1y before today)"
    )]
    BadDate { key: &'static str, value: String },
    #[error("min:{0} is not a whole number")]
    BadNumber(String),
    #[error("'-{0}:' cannot be excluded (use since: and until: for dates, min: for fatalities)")]
    NotExcludable(&'static str),
    #[error("'{0}:' takes one value, not a list")]
    OneValue(&'static str),
    #[error("'{0}' takes no value (write {0} or -{0})")]
    FlagValue(&'static str),
    #[error("since:{since} is after until:{until}")]
    Reversed { since: NaiveDate, until: NaiveDate },
    #[error("no precision '{value}'{}", precision_tail(closest))]
    BadPrecision {
        value: String,
        closest: Option<&'static str>,
    },
    /// A value that names nothing in the store: the scope keys' message, or the same for
    /// the other keys.
    #[error("{0}")]
    Scope(#[from] super::super::scope::NoMatch),
    #[error("no {what} '{query}'{}", closest_tail(suggestions))]
    NoValue {
        key: Key,
        what: &'static str,
        query: String,
        suggestions: Vec<String>,
    },
    #[error("{}: needs a workspace", .0.name())]
    NeedsWorkspace(Key),
    #[error("changed: needs a previous release (--since-release OLD)")]
    NeedsRelease,
    #[error("no change '{0}' (changed:added or changed:edited)")]
    BadChange(String),
    #[error("near: needs a town (near:diboli,50km)")]
    NearNoTown,
    #[error("near: takes one distance, not {0}")]
    NearDistances(usize),
}

fn unknown_key_tail(closest: &Option<&'static str>) -> String {
    match closest {
        Some(k) => format!("; closest: {k}:"),
        None => format!("; keys: {}", key_list()),
    }
}

fn precision_tail(closest: &Option<&'static str>) -> String {
    let all = PRECISIONS
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ");
    match closest {
        Some(p) => format!("; closest: {p} (precision: {all})"),
        None => format!(" (precision: {all})"),
    }
}

fn closest_tail(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        " in this store".to_string()
    } else {
        format!("; closest: {}", suggestions.join(", "))
    }
}

/// "since: until: type: ... contested marked noted new".
pub fn key_list() -> String {
    KEYS.iter()
        .map(|d| {
            if d.key.may_be_bare() {
                d.names[0].to_string()
            } else {
                format!("{}:", d.names[0])
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl FilterError {
    /// The message with suggested names written as terms to type (`town:Nioro_du_Sahel`).
    pub fn as_filter_line(&self) -> String {
        match self {
            FilterError::Scope(e) => e.as_filter_line(),
            FilterError::NoValue {
                key,
                what,
                query,
                suggestions,
            } => FilterError::NoValue {
                key: *key,
                what,
                query: query.clone(),
                suggestions: suggestions
                    .iter()
                    .map(|s| format!("{}:{}", key.name(), s.replace(' ', "_")))
                    .collect(),
            }
            .to_string(),
            other => other.to_string(),
        }
    }
}

/// Default distance of `near:` without one, in kilometres.
pub const NEAR_KM: f64 = 25.0;

/// A `near:` value that is a distance ("50km", "50 km", "12.5"), in kilometres.
pub fn near_distance(value: &str) -> Option<f64> {
    let v = value.trim().to_ascii_lowercase();
    let number = v.strip_suffix("km").unwrap_or(&v).trim();
    number
        .parse::<f64>()
        .ok()
        .filter(|k| k.is_finite() && *k >= 0.0)
}

/// The `precision:` values: each name and the precision it keeps (`unknown`: not given).
pub const PRECISIONS: &[(&str, Option<GeoPrecision>)] = &[
    ("exact", Some(GeoPrecision::Exact)),
    ("near", Some(GeoPrecision::Near)),
    ("admin2", Some(GeoPrecision::Admin2)),
    ("admin1", Some(GeoPrecision::Admin1)),
    ("region", Some(GeoPrecision::Region)),
    ("country", Some(GeoPrecision::Country)),
    ("sea", Some(GeoPrecision::Sea)),
    ("unknown", None),
];

/// The precision a `precision:` value names.
pub fn precision_named(value: &str) -> Result<Option<GeoPrecision>, FilterError> {
    let v = value.trim().to_ascii_lowercase();
    if let Some((_, p)) = PRECISIONS.iter().find(|(n, _)| *n == v) {
        return Ok(*p);
    }
    let closest = PRECISIONS
        .iter()
        .map(|(n, _)| (super::super::scope::edit_distance(n, &v), *n))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, n)| n);
    Err(FilterError::BadPrecision {
        value: value.trim().to_string(),
        closest,
    })
}

/// A line cut into tokens: whitespace separates them except inside double quotes.
pub fn tokens(input: &str) -> Result<Vec<String>, FilterError> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in input.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if quoted {
        return Err(FilterError::Unterminated(cur));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// One token, read.
#[derive(Debug, PartialEq)]
pub enum Token {
    Term(Term),
    /// A free word (quotes removed).
    Word(String),
}

/// Reads one token (from [`tokens`]).
pub fn token(tok: &str) -> Result<Token, FilterError> {
    let (exclude, body) = match tok.strip_prefix('-') {
        Some(rest) if !rest.is_empty() => (true, rest),
        _ => (false, tok),
    };
    let Some((key, value)) = split_outside_quotes(body, ':') else {
        // A bare flag (`contested`, `-marked`), else a word.
        if let Some(k) = Key::named(body).filter(|k| k.may_be_bare()) {
            return Ok(Token::Term(Term {
                key: k,
                values: Vec::new(),
                exclude,
            }));
        }
        return Ok(Token::Word(tok.replace('"', "")));
    };
    let Some(k) = Key::named(key) else {
        return Err(FilterError::UnknownKey {
            key: key.to_string(),
            closest: closest_key(key),
        });
    };
    if k.is_flag() {
        return Err(FilterError::FlagValue(k.name()));
    }
    let mut values = Vec::new();
    let mut rest = value;
    loop {
        let (piece, more) = match split_outside_quotes(rest, ',') {
            Some((a, b)) => (a, Some(b)),
            None => (rest, None),
        };
        let v = read_value(piece);
        if v.text.trim().is_empty() {
            return Err(FilterError::EmptyValue(k.name()));
        }
        values.push(v);
        match more {
            Some(m) => rest = m,
            None => break,
        }
    }
    Ok(Token::Term(Term {
        key: k,
        values,
        exclude,
    }))
}

fn read_value(piece: &str) -> Value {
    let raw = piece.to_string();
    let text = if piece.contains('"') {
        piece.replace('"', "")
    } else {
        piece.replace('_', " ")
    };
    Value {
        text: text.trim().to_string(),
        raw,
    }
}

/// Splits at the first `sep` outside double quotes. A comma followed by `_` is no separator:
/// `town:koro,_mali` is the one town "Koro, Mali".
fn split_outside_quotes(s: &str, sep: char) -> Option<(&str, &str)> {
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if sep == ',' && s[i + 1..].starts_with('_') => {}
            c if c == sep && !quoted => return Some((&s[..i], &s[i + c.len_utf8()..])),
            _ => {}
        }
    }
    None
}

/// The key name a few edits from a mistyped one.
fn closest_key(typed: &str) -> Option<&'static str> {
    let typed = typed.to_ascii_lowercase();
    KEYS.iter()
        .flat_map(|d| d.names.iter().map(move |n| (n, d.names[0])))
        .map(|(n, first)| (super::super::scope::edit_distance(n, &typed), first))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, first)| first)
}

/// A date as `since:` (`start` true) or `until:` reads it, relative ones from `today`.
pub fn date(key: Key, value: &str, today: NaiveDate) -> Result<NaiveDate, FilterError> {
    let v = value.trim().to_ascii_lowercase();
    let bad = || FilterError::BadDate {
        key: key.name(),
        value: value.to_string(),
    };
    match v.as_str() {
        "today" => return Ok(today),
        "yesterday" => return today.checked_sub_days(Days::new(1)).ok_or_else(bad),
        _ => {}
    }
    if let Ok(d) = NaiveDate::parse_from_str(&v, "%Y-%m-%d") {
        return Ok(d);
    }
    // YYYY-MM: the month's first day for since:, its last for until:.
    if let Some((y, m)) = v.split_once('-')
        && y.len() == 4
        && m.len() == 2
        && let (Ok(y), Ok(m)) = (y.parse::<i32>(), m.parse::<u32>())
        && let Some(first) = NaiveDate::from_ymd_opt(y, m, 1)
    {
        return Ok(if key == Key::Until {
            crate::calendar::next_month(first) - Days::new(1)
        } else {
            first
        });
    }
    // 30d, 12w, 6m, 1y: that long before today.
    let split = v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len());
    let (n, unit) = v.split_at(split);
    let n: u32 = n.parse().map_err(|_| bad())?;
    let d = match unit {
        "d" => today.checked_sub_days(Days::new(n.into())),
        "w" => today.checked_sub_days(Days::new(u64::from(n) * 7)),
        "m" => today.checked_sub_months(Months::new(n)),
        "y" => n
            .checked_mul(12)
            .and_then(|m| today.checked_sub_months(Months::new(m))),
        _ => None,
    };
    d.filter(|d| d.year() > 0).ok_or_else(bad)
}

/// The day relative dates count from: `SITREP_TODAY` (YYYY-MM-DD) when set, for scripts and
/// tests that need a fixed day, else the local date.
pub fn today() -> NaiveDate {
    std::env::var("SITREP_TODAY")
        .ok()
        .and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}
