//! A [`Diff`] as text (for reading), CSV (one row per difference, for a spreadsheet) or JSON
//! (the contract: `{"added": [ids], "removed": [ids], "changed": [{"id", "fields":
//! [{"field", "old", "new"}]}]}`, with `unicode`, `row_level` and `totals` beside).

use std::io::{self, Write};

use super::{Changed, Diff, FieldChange, Totals, Value, km_between};
use crate::store::Store;
use crate::store::export::spreadsheet_safe;

/// What the report says the two sides are.
pub struct Sides<'a> {
    pub old: &'a Store,
    pub new: &'a Store,
    /// The filter line both sides were selected by, when there was one.
    pub filter: Option<String>,
}

/// How a difference only in Unicode form is treated, as the reports print it.
pub const UNICODE_RULE: &str = "values that differ only in Unicode form (NFKC \
    compatibility forms and composed accents, the hyphens and dashes U+2010-U+2015 and the \
    minus sign U+2212 against '-', curly against straight quotes, invisible characters) are \
    listed apart and are not edits";

/// Row-level fields, as the reports print it.
pub const ROW_RULE: &str =
    "a change of the row's data_id or timestamp alone is not an edit of the event";

fn json_fields(list: &[FieldChange]) -> serde_json::Value {
    serde_json::Value::Array(
        list.iter()
            .map(|f| serde_json::json!({"field": f.field, "old": f.old.to_json(), "new": f.new.to_json()}))
            .collect(),
    )
}

fn counts(list: &[(&'static str, usize)]) -> serde_json::Value {
    serde_json::Value::Object(
        list.iter()
            .map(|(f, n)| (f.to_string(), serde_json::Value::from(*n)))
            .collect(),
    )
}

fn totals_json(t: &Totals) -> serde_json::Value {
    serde_json::json!({
        "added": t.added,
        "removed": t.removed,
        "changed": t.changed,
        "unchanged": t.unchanged,
        "unicode_only": t.unicode_only,
        "row_level_only": t.row_level_only,
        "fields": counts(&t.fields),
        "unicode_fields": counts(&t.unicode_fields),
        "row_level_fields": counts(&t.row_fields),
    })
}

/// Writes one array of the JSON, an element per line (a release's diff can hold a million
/// ids: written as it goes, never built whole).
fn array<T>(
    w: &mut dyn Write,
    key: &str,
    items: impl Iterator<Item = T>,
    value: impl Fn(T) -> serde_json::Value,
    last: bool,
) -> io::Result<()> {
    write!(w, "  \"{key}\": [")?;
    let mut first = true;
    for item in items {
        w.write_all(if first { b"\n    " } else { b",\n    " })?;
        first = false;
        crate::text::json::to_writer(&mut *w, &value(item))?;
    }
    w.write_all(if first { b"]" } else { b"\n  ]" })?;
    w.write_all(if last { b"\n" } else { b",\n" })
}

pub fn json(d: &Diff, sides: &Sides, w: &mut dyn Write) -> io::Result<()> {
    let (old, new) = (sides.old, sides.new);
    let entry = |c: &Changed, list: &[FieldChange]| serde_json::json!({"id": c.id, "fields": json_fields(list)});
    w.write_all(b"{\n")?;
    let head = serde_json::json!({
        "old": old.source,
        "new": new.source,
        "filter": sides.filter,
        "unicode_is_edit": d.unicode_is_edit,
        "rules": [UNICODE_RULE, ROW_RULE],
    });
    if let serde_json::Value::Object(map) = head {
        for (k, v) in map {
            write!(w, "  \"{k}\": ")?;
            crate::text::json::to_writer(&mut *w, &v)?;
            w.write_all(b",\n")?;
        }
    }
    write!(w, "  \"totals\": ")?;
    crate::text::json::to_writer(&mut *w, &totals_json(&d.totals()))?;
    w.write_all(b",\n")?;
    array(
        w,
        "added",
        d.added.iter(),
        |&i| serde_json::Value::String(new.incident(i).id.clone()),
        false,
    )?;
    array(
        w,
        "removed",
        d.removed.iter(),
        |&i| serde_json::Value::String(old.incident(i).id.clone()),
        false,
    )?;
    array(w, "changed", d.changed(), |c| entry(c, &c.fields), false)?;
    array(
        w,
        "unicode",
        d.entries.iter().filter(|c| !c.unicode.is_empty()),
        |c| entry(c, &c.unicode),
        false,
    )?;
    array(
        w,
        "row_level",
        d.entries.iter().filter(|c| !c.row_level.is_empty()),
        |c| entry(c, &c.row_level),
        true,
    )?;
    w.write_all(b"}\n")
}

/// One row per difference: `change,id,field,old,new`, `change` being `added`, `removed`,
/// `changed` (an edit), `unicode` (Unicode form only) or `row_level`. Text cells are made
/// safe for spreadsheets unless `raw`.
pub fn csv(d: &Diff, sides: &Sides, raw: bool, w: &mut dyn Write) -> io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    let cell = |v: &Value| -> String {
        let s = match v {
            Value::Null => String::new(),
            other => other.to_string(),
        };
        if raw || matches!(v, Value::Number(_) | Value::Coords(..)) {
            s
        } else {
            spreadsheet_safe(&s).into_owned()
        }
    };
    out.write_record(["change", "id", "field", "old", "new"])?;
    for &i in &d.added {
        out.write_record(["added", sides.new.incident(i).id.as_str(), "", "", ""])?;
    }
    for &i in &d.removed {
        out.write_record(["removed", sides.old.incident(i).id.as_str(), "", "", ""])?;
    }
    for c in &d.entries {
        for (kind, list) in [
            ("changed", &c.fields),
            ("unicode", &c.unicode),
            ("row_level", &c.row_level),
        ] {
            for f in list {
                out.write_record([kind, &c.id, f.field, &cell(&f.old), &cell(&f.new)])?;
            }
        }
    }
    out.flush()
}

/// Longer values are shown on lines of their own (`- old`, `+ new`).
const INLINE: usize = 40;

/// The code points that tell two texts apart when they differ only in Unicode form: "U+2010
/// -> '-'".
pub fn unicode_note(a: &str, b: &str) -> String {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    while let (Some(p), Some(q)) = (x.peek(), y.peek()) {
        if p != q {
            break;
        }
        x.next();
        y.next();
    }
    let show = |c: Option<char>| match c {
        Some(c) if c.is_ascii_graphic() => format!("'{c}'"),
        Some(c) => format!("U+{:04X}", c as u32),
        None => "nothing".into(),
    };
    format!("{} -> {}", show(x.next()), show(y.next()))
}

/// The lines of one field change, indented by `indent`.
pub fn field_lines(f: &FieldChange, indent: &str) -> Vec<String> {
    let (o, n) = (f.old.to_string(), f.new.to_string());
    let mut extra = String::new();
    if let (Value::Coords(a, b), Value::Coords(c, e)) = (&f.old, &f.new) {
        let km = km_between((*a, *b), (*c, *e));
        extra = if km < 1.0 {
            format!(" (moved {:.0} m)", km * 1000.0)
        } else {
            format!(" (moved {km:.1} km)")
        };
    }
    if f.field == "timestamp"
        && let (Value::Number(a), Value::Number(b)) = (&f.old, &f.new)
    {
        let day = |t: i64| {
            chrono::DateTime::from_timestamp(t, 0)
                .map(|d| d.date_naive().to_string())
                .unwrap_or_default()
        };
        extra = format!(" ({} -> {})", day(*a), day(*b));
    }
    if let (Value::Text(a), Value::Text(b)) = (&f.old, &f.new)
        && super::unicode_only(&f.old, &f.new)
    {
        extra = format!(" (Unicode form only: {})", unicode_note(a, b));
    }
    if o.chars().count() + n.chars().count() <= 2 * INLINE && !o.contains('\n') && !n.contains('\n')
    {
        vec![format!("{indent}{}: {o} -> {n}{extra}", f.field)]
    } else {
        let one = |s: &str| s.replace('\n', " / ");
        vec![
            format!("{indent}{}:{extra}", f.field),
            format!("{indent}  - {}", one(&o)),
            format!("{indent}  + {}", one(&n)),
        ]
    }
}

fn count_line(list: &[(&'static str, usize)]) -> String {
    let each: Vec<String> = list.iter().map(|(f, n)| format!("{f} {n}")).collect();
    if each.is_empty() {
        "none".into()
    } else {
        each.join(", ")
    }
}

/// An incident in one line: id, date, place, type.
fn incident_line(store: &Store, i: crate::store::Ix) -> String {
    let inc = store.incident(i);
    let place = crate::text::place([
        super::location(store, inc),
        inc.admin1.as_str(),
        inc.country.as_str(),
    ]);
    format!("{}  {}  {}  {}", inc.id, inc.date, place, inc.type_label())
}

pub fn text(d: &Diff, sides: &Sides, w: &mut dyn Write) -> io::Result<()> {
    let t = d.totals();
    let (old, new) = (sides.old, sides.new);
    writeln!(w, "WHAT CHANGED: {} -> {}", old.source, new.source)?;
    writeln!(
        w,
        "Matched by event id{}.",
        sides
            .filter
            .as_ref()
            .map(|f| format!("; both sides filtered by: {f}"))
            .unwrap_or_default()
    )?;
    writeln!(w)?;
    writeln!(w, "  added      {:>8}", t.added)?;
    writeln!(w, "  removed    {:>8}", t.removed)?;
    writeln!(
        w,
        "  changed    {:>8}  (edited in at least one field)",
        t.changed
    )?;
    writeln!(w, "  unchanged  {:>8}", t.unchanged)?;
    if !d.unicode_is_edit {
        writeln!(
            w,
            "    of which {} differ only in Unicode form, {} only in row-level fields",
            t.unicode_only, t.row_level_only
        )?;
    } else {
        writeln!(
            w,
            "    of which {} differ only in row-level fields",
            t.row_level_only
        )?;
    }
    writeln!(w)?;
    writeln!(w, "Edits by field (incidents): {}", count_line(&t.fields))?;
    if !d.unicode_is_edit {
        writeln!(
            w,
            "Unicode form only, not edits (incidents): {}",
            count_line(&t.unicode_fields)
        )?;
    }
    writeln!(
        w,
        "Row-level, not edits (incidents): {}",
        count_line(&t.row_fields)
    )?;
    if !d.unicode_is_edit {
        writeln!(w, "Rule: {UNICODE_RULE}; {ROW_RULE}.")?;
    } else {
        writeln!(
            w,
            "Rule: --strict-unicode: a difference only in Unicode form is an edit; {ROW_RULE}."
        )?;
    }
    writeln!(w, "\nADDED ({})", t.added)?;
    for &i in &d.added {
        writeln!(w, "  {}", incident_line(new, i))?;
    }
    writeln!(w, "\nREMOVED ({})", t.removed)?;
    for &i in &d.removed {
        writeln!(w, "  {}", incident_line(old, i))?;
    }
    writeln!(w, "\nCHANGED ({})", t.changed)?;
    for c in d.changed() {
        writeln!(w, "  {}", incident_line(new, c.new))?;
        for f in c.fields.iter().chain(&c.unicode).chain(&c.row_level) {
            for line in field_lines(f, "    ") {
                writeln!(w, "{line}")?;
            }
        }
    }
    let unicode_only: Vec<&Changed> = d
        .entries
        .iter()
        .filter(|c| !c.is_edited() && !c.unicode.is_empty())
        .collect();
    if !d.unicode_is_edit {
        writeln!(w, "\nUNICODE FORM ONLY ({}; not edits)", unicode_only.len())?;
        for c in unicode_only {
            writeln!(w, "  {}", incident_line(new, c.new))?;
            for f in c.unicode.iter().chain(&c.row_level) {
                for line in field_lines(f, "    ") {
                    writeln!(w, "{line}")?;
                }
            }
        }
    }
    writeln!(w, "\nROW-LEVEL ONLY ({}; not edits)", t.row_level_only)?;
    for c in d
        .entries
        .iter()
        .filter(|c| !c.is_edited() && c.unicode.is_empty())
    {
        let each: Vec<String> = c
            .row_level
            .iter()
            .map(|f| format!("{} {} -> {}", f.field, f.old, f.new))
            .collect();
        writeln!(w, "  {}: {}", c.id, each.join("; "))?;
    }
    Ok(())
}
