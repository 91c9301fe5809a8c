//! The fields `sitrep diff` compares, how each is read from an incident, and the one rule
//! that tells a real edit from a difference only in Unicode form.

use std::fmt;

use unicode_normalization::UnicodeNormalization;

use crate::model::{Incident, Role};
use crate::store::Store;

/// One side's value of a field.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Not given (no end date, no coordinates, no figure).
    Null,
    Text(String),
    Number(i64),
    /// Latitude, longitude.
    Coords(f64, f64),
}

impl Value {
    fn text(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    fn count(n: Option<u32>) -> Value {
        n.map_or(Value::Null, |n| Value::Number(n.into()))
    }

    fn opt(s: Option<&str>) -> Value {
        s.map_or(Value::Null, Value::text)
    }

    /// For JSON: null, a string, a number or `[lat, lon]`.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Text(s) => serde_json::Value::String(s.clone()),
            Value::Number(n) => serde_json::Value::from(*n),
            Value::Coords(a, b) => serde_json::json!([a, b]),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("(none)"),
            Value::Text(s) if s.is_empty() => f.write_str("(empty)"),
            Value::Text(s) => f.write_str(s),
            Value::Number(n) => write!(f, "{n}"),
            Value::Coords(a, b) => write!(f, "{a}, {b}"),
        }
    }
}

/// The fields compared, in the order reports list them. `actor1`/`actor2` are UCDP's
/// `side_a`/`side_b` for an incident whose actors are sides.
pub const FIELDS: &[&str] = &[
    "date",
    "end_date",
    "date_precision",
    "event_type",
    "sub_event_type",
    "coded_event_type",
    "country",
    "admin1",
    "admin2",
    "location",
    "coordinates",
    "geo_precision",
    "actor1",
    "actor2",
    "side_a",
    "side_b",
    "associated",
    "other_actors",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "deaths_side_a",
    "deaths_side_b",
    "deaths_civilians",
    "deaths_unknown",
    "claims",
    "summary",
    "notes",
    "sources",
    "tags",
];

/// Row-level fields: ACLED's bookkeeping for the row, not the event. A change of these alone
/// is not an edit of the event.
pub const ROW_FIELDS: &[&str] = &["data_id", "timestamp"];

/// Calls `differs(field, old, new)` for each field whose values differ between `o` (in
/// `old`) and `n` (in `new`). Values are built only for the fields that differ.
pub fn each_difference(
    old: &Store,
    o: &Incident,
    new: &Store,
    n: &Incident,
    differs: &mut dyn FnMut(&'static str, Value, Value),
) {
    let text = |differs: &mut dyn FnMut(&'static str, Value, Value),
                field: &'static str,
                a: &str,
                b: &str| {
        if a != b {
            differs(field, Value::text(a), Value::text(b));
        }
    };
    if o.date != n.date {
        text(differs, "date", &o.date.to_string(), &n.date.to_string());
    }
    if o.end_date != n.end_date {
        differs(
            "end_date",
            Value::opt(o.end_date.map(|d| d.to_string()).as_deref()),
            Value::opt(n.end_date.map(|d| d.to_string()).as_deref()),
        );
    }
    text(
        differs,
        "date_precision",
        o.date_precision.key(),
        n.date_precision.key(),
    );
    text(differs, "event_type", &o.event_type, &n.event_type);
    text(
        differs,
        "sub_event_type",
        &o.sub_event_type,
        &n.sub_event_type,
    );
    if o.coded_event_type != n.coded_event_type {
        differs(
            "coded_event_type",
            Value::opt(o.coded_event_type.as_deref()),
            Value::opt(n.coded_event_type.as_deref()),
        );
    }
    text(differs, "country", &o.country, &n.country);
    text(differs, "admin1", &o.admin1, &n.admin1);
    text(differs, "admin2", &o.admin2, &n.admin2);
    text(differs, "location", location(old, o), location(new, n));
    let (co, cn) = (coords(o), coords(n));
    if co != cn {
        differs("coordinates", co, cn);
    }
    if o.geo_precision != n.geo_precision {
        differs(
            "geo_precision",
            Value::opt(o.geo_precision.map(|g| g.key())),
            Value::opt(n.geo_precision.map(|g| g.key())),
        );
    }
    let sides = is_sides(o) || is_sides(n);
    let (first, second) = if sides {
        ("side_a", "side_b")
    } else {
        ("actor1", "actor2")
    };
    for (field, group) in [
        (first, Group::First),
        (second, Group::Second),
        ("associated", Group::Associated),
        ("other_actors", Group::Other),
    ] {
        if !same_actors(old, o, new, n, group) {
            differs(
                field,
                Value::Text(actors(old, o, group)),
                Value::Text(actors(new, n, group)),
            );
        }
    }
    let (fo, f_n) = (&o.fatalities, &n.fatalities);
    for (field, a, b) in [
        ("fatalities", fo.best, f_n.best),
        ("fatalities_low", fo.low, f_n.low),
        ("fatalities_high", fo.high, f_n.high),
        ("deaths_side_a", fo.side_a, f_n.side_a),
        ("deaths_side_b", fo.side_b, f_n.side_b),
        ("deaths_civilians", fo.civilians, f_n.civilians),
        ("deaths_unknown", fo.unknown, f_n.unknown),
    ] {
        if a != b {
            differs(field, Value::count(a), Value::count(b));
        }
    }
    if !o.claims.is_empty() || !n.claims.is_empty() {
        let (a, b) = (claims(old, o), claims(new, n));
        if a != b {
            differs("claims", Value::Text(a), Value::Text(b));
        }
    }
    // An imported record's summary is made from its type, actors and place, which are
    // compared themselves; a sitrep store's is written by hand.
    if o.origin.is_none() && n.origin.is_none() {
        text(differs, "summary", &o.summary, &n.summary);
    }
    if o.notes != n.notes {
        differs("notes", Value::text(&o.notes), Value::text(&n.notes));
    }
    if o.sources != n.sources {
        let (a, b) = (sources(o), sources(n));
        if a != b {
            differs("sources", Value::Text(a), Value::Text(b));
        }
    }
    if o.tags != n.tags {
        differs(
            "tags",
            Value::Text(join(&o.tags)),
            Value::Text(join(&n.tags)),
        );
    }
}

/// The row-level fields that differ (see [`ROW_FIELDS`]).
pub fn each_row_difference(
    o: &Incident,
    n: &Incident,
    differs: &mut dyn FnMut(&'static str, Value, Value),
) {
    let (a, b) = (o.origin.as_ref(), n.origin.as_ref());
    let data_id = |x: Option<&crate::model::Origin>| x.and_then(|x| x.data_id);
    let stamp = |x: Option<&crate::model::Origin>| x.and_then(|x| x.timestamp);
    if data_id(a) != data_id(b) {
        let v = |d: Option<u64>| d.map_or(Value::Null, |d| Value::Number(d as i64));
        differs("data_id", v(data_id(a)), v(data_id(b)));
    }
    if stamp(a) != stamp(b) {
        let v = |d: Option<i64>| d.map_or(Value::Null, Value::Number);
        differs("timestamp", v(stamp(a)), v(stamp(b)));
    }
}

/// The place as the incident's row spelled it, else its town's name.
pub fn location<'a>(store: &'a Store, inc: &'a Incident) -> &'a str {
    match inc.origin.as_ref().and_then(|o| o.location.as_ref()) {
        Some(l) => l,
        None => store.town_name(&inc.town),
    }
}

fn coords(inc: &Incident) -> Value {
    match (inc.lat, inc.lon) {
        (Some(a), Some(b)) => Value::Coords(a, b),
        _ => Value::Null,
    }
}

fn is_sides(inc: &Incident) -> bool {
    inc.actors
        .iter()
        .any(|r| matches!(r.role, Role::SideA | Role::SideB))
}

#[derive(Clone, Copy, PartialEq)]
enum Group {
    /// ACLED actor1 (attacker or actor1), UCDP side_a.
    First,
    Second,
    Associated,
    /// Claimants, responders, mediators (sitrep stores).
    Other,
}

fn group(role: Role) -> Group {
    match role {
        Role::Attacker | Role::Actor1 | Role::SideA => Group::First,
        Role::Target | Role::Actor2 | Role::SideB => Group::Second,
        Role::Associated => Group::Associated,
        Role::ClaimedBy | Role::Responder | Role::Mediator => Group::Other,
    }
}

/// Compares one group's actor names in order without building strings.
fn same_actors(old: &Store, o: &Incident, new: &Store, n: &Incident, g: Group) -> bool {
    let mut a = o.actors.iter().filter(|r| group(r.role) == g);
    let mut b = n.actors.iter().filter(|r| group(r.role) == g);
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) => {
                if old.actor_name(&x.actor) != new.actor_name(&y.actor)
                    || (g == Group::Other && x.role != y.role)
                {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// One group's actors by name, joined with "; " (others with their role).
fn actors(store: &Store, inc: &Incident, g: Group) -> String {
    let names: Vec<String> = inc
        .actors
        .iter()
        .filter(|r| group(r.role) == g)
        .map(|r| {
            let name = store.actor_name(&r.actor);
            if g == Group::Other {
                format!("{} ({})", name, r.role.label())
            } else {
                name.to_string()
            }
        })
        .collect();
    names.join("; ")
}

fn claims(store: &Store, inc: &Incident) -> String {
    let each: Vec<String> = inc
        .claims
        .iter()
        .map(|c| {
            let mut s = format!("{}: {}", store.actor_name(&c.claimant), c.claim);
            if let Some(f) = c.figure {
                s.push_str(&format!(" [{f}"));
                if let Some(l) = &c.figure_label {
                    s.push(' ');
                    s.push_str(l);
                }
                s.push(']');
            }
            if let Some(src) = &c.source {
                s.push_str(&format!(" ({src})"));
            }
            s
        })
        .collect();
    each.join("; ")
}

fn sources(inc: &Incident) -> String {
    let each: Vec<String> = inc
        .sources
        .iter()
        .map(|s| {
            let mut t = s.outlet.to_string();
            if let Some(d) = s.date {
                t.push_str(&format!(" {d}"));
            }
            if let Some(u) = &s.url {
                t.push_str(&format!(" <{u}>"));
            }
            t
        })
        .collect();
    each.join("; ")
}

fn join(v: &[crate::model::Sym]) -> String {
    let each: Vec<&str> = v.iter().map(|s| s.as_str()).collect();
    each.join("; ")
}

/// Text in the form [`unicode_only`] compares: compatibility-normalised (NFKC: composed
/// accents, full-width and other compatibility forms, no-break spaces as spaces), the
/// hyphens and dashes U+2010 to U+2015 and the minus sign U+2212 as '-', curly quotes as
/// straight ones, and invisible characters (zero-width space, byte-order mark, soft hyphen)
/// left out.
pub fn unicode_form(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfkc() {
        match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => out.push('"'),
            '\u{200B}' | '\u{FEFF}' | '\u{00AD}' | '\u{2060}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether two values differ only in Unicode form (see [`unicode_form`]): the same text
/// saved by another program (Excel writes U+2010 hyphens, some tools decompose accents).
/// Two ASCII texts that differ are never the same text in another form.
pub fn unicode_only(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Text(a), Value::Text(b)) => {
            a != b && !(a.is_ascii() && b.is_ascii()) && unicode_form(a) == unicode_form(b)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_hyphens_and_decomposed_accents_are_unicode_only_differences() {
        let t = |s: &str| Value::Text(s.to_string());
        assert!(unicode_only(
            &t("Gourma\u{2010}Rharous"),
            &t("Gourma-Rharous")
        ));
        assert!(unicode_only(&t("Se\u{301}gou"), &t("Ségou")));
        assert!(unicode_only(&t("Jama\u{2019}at"), &t("Jama'at")));
        assert!(unicode_only(&t("Tin\u{a0}Essako"), &t("Tin Essako")));
        // A respelling is an edit, whatever characters it uses.
        assert!(!unicode_only(&t("Gourma-Rharous"), &t("Gourma Rharous")));
        assert!(!unicode_only(&t("Segou"), &t("Ségou")));
        assert!(!unicode_only(&t("Kidal"), &t("Kidal")));
        assert!(!unicode_only(&Value::Number(1), &Value::Number(2)));
    }
}
