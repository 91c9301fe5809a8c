//! A briefing as plain text (wrapped at 80 columns, for email and terminals), markdown (for
//! pasting into a report) and JSON (for scripts). The same facts in all three.

use std::fmt::Write as _;

use super::{
    Briefing, Bucket, Headline, LookBack, MONTHLY_AFTER_DAYS, Notable, Ranked, Rise, RiseOf,
    percent_change, signed,
};
use crate::model::FatalityTotal;
use crate::text::{count, sanitize, wrap};

pub const TEXT_WIDTH: usize = 80;

/// "previous 7 days: 8; +4, +50%".
pub fn change_phrase(now: u64, before: u64, days: u32) -> String {
    let change = if now == before {
        "no change".to_string()
    } else if before == 0 {
        signed(now as i64)
    } else {
        format!(
            "{}, {}",
            signed(now as i64 - before as i64),
            percent_change(now, before)
        )
    };
    format!(
        "previous {days} day{}: {before}; {change}",
        if days == 1 { "" } else { "s" }
    )
}

/// The comparison with the previous period, or why there is none: a count against a
/// period the store covers only in part is not a trend.
pub fn comparison(b: &Briefing, now: u64, before: u64) -> String {
    let prev = &b.previous_period;
    if prev.is_complete() {
        return change_phrase(now, before, prev.days);
    }
    if prev.covered_days == 0 {
        return format!(
            "previous {}: not in the store; no change computed",
            count(prev.days, "day")
        );
    }
    format!(
        "previous {}: {before}, but the store covers only {} of them; no change computed",
        count(prev.days, "day"),
        prev.covered_days
    )
}

/// The headline's fatalities as a total, for the one way totals are worded.
pub fn headline_total(h: &Headline) -> FatalityTotal {
    FatalityTotal {
        incidents: h.incidents,
        best: h.fatalities,
        unknown: h.fatalities_unknown,
        low: h.fatalities_low,
        high: h.fatalities_high,
    }
}

/// "17 killed, and 5 incidents with no figure (best estimates; range 15-?)".
pub fn fatalities_phrase(h: &Headline) -> String {
    let t = headline_total(h);
    if t.high == Some(t.best) && t.low == t.best {
        format!("{} (best estimates)", t.killed())
    } else {
        format!("{} (best estimates; range {})", t.killed(), t.range())
    }
}

/// "3 incidents (previously 1), 15 killed in its incidents": an actor's toll is of the
/// incidents it was part of, not what it killed.
pub fn ranked_phrase(r: &Ranked, of_actor: bool) -> String {
    let mut s = format!(
        "{} (previously {}), {} killed{}",
        count(r.incidents, "incident"),
        r.previous_incidents,
        r.fatalities,
        if of_actor { " in its incidents" } else { "" }
    );
    if r.fatalities_unknown > 0 {
        let _ = write!(s, ", and {} with no figure", r.fatalities_unknown);
    }
    s
}

/// The actors ranking's heading: an actor's briefing ranks its counterparts.
pub fn actors_heading(b: &Briefing) -> String {
    match &b.about_actor {
        Some(a) => format!("Its counterparts (actors in {a}'s incidents)"),
        None => "Most active actors".into(),
    }
}

pub fn hotspots_heading() -> &'static str {
    "Hotspot towns (incidents placed at a town)"
}

/// "Newly active towns (none of their incidents in the 90 days before)".
pub fn new_heading(b: &Briefing, what: &str) -> String {
    format!(
        "Newly active {what} (none of their incidents in the {} before)",
        count(b.newly_active_window.days, "day")
    )
}

pub fn rises_heading(b: &Briefing) -> String {
    let w = &b.rise_baseline;
    format!(
        "Sharp rises (against the {} before)",
        if w.days.is_multiple_of(7) {
            count(w.days / 7, "week")
        } else {
            count(w.days, "day")
        }
    )
}

/// Why a look-back list is empty when the store does not reach back far enough.
pub fn not_covered(w: &LookBack) -> Option<String> {
    (!w.covered).then(|| {
        format!(
            "not computed: the store does not cover {} to {}",
            w.since, w.until
        )
    })
}

pub fn imprecise_places_phrase(n: u64) -> String {
    format!(
        "{} placed no finer than a region (admin1): counted in the totals, not as any town's activity",
        count(n, "incident")
    )
}

pub fn imprecise_dates_phrase(n: u64) -> String {
    format!("{} dated no finer than a week", count(n, "incident"))
}

/// Placement and dating lines of the headline, when any incident is imprecise.
fn precision_lines(h: &Headline) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if h.imprecise_places > 0 {
        out.push(("Placed".into(), imprecise_places_phrase(h.imprecise_places)));
    }
    if h.imprecise_dates > 0 {
        out.push(("Dated".into(), imprecise_dates_phrase(h.imprecise_dates)));
    }
    out
}

/// The activity the text and markdown show: months for long periods, else ISO weeks.
pub fn activity(b: &Briefing) -> (&'static str, &[Bucket]) {
    if b.period.days > MONTHLY_AFTER_DAYS {
        ("Activity by month", &b.months)
    } else {
        ("Activity by ISO week (Monday to Sunday)", &b.weeks)
    }
}

/// "2025-W27 (from Jun 30)", "2025-07".
pub fn bucket_label(w: &Bucket) -> String {
    if w.label.contains('W') {
        format!("{} {}", w.label, w.start.format("%b %d"))
    } else {
        w.label.clone()
    }
}

/// "Nioro du Sahel, Mali (town): large rise, 7 incidents against 1.33 expected from 4 in the
/// baseline": the counts behind the band, as `sitrep changes` gives them.
pub fn rise_phrase(r: &Rise) -> String {
    format!(
        "{} ({}): {}, {} against {} expected from {} in the baseline",
        r.name,
        match r.of {
            RiseOf::Actor => "actor",
            RiseOf::Town => "town",
        },
        r.band.label(),
        count(r.incidents, "incident"),
        r.expected,
        r.baseline_incidents,
    )
}

/// Why no rise is listed: none found, or the baseline too short to band anything.
pub fn rises_none(b: &Briefing) -> String {
    let w = &b.rise_baseline;
    if w.covered {
        return "none".into();
    }
    format!(
        "not computed: the store covers only {} before the period ({} to {}), fewer than the period's {}",
        count(w.days, "day"),
        w.since,
        w.until,
        count(b.period.days, "day")
    )
}

pub fn notable_title(n: &Notable) -> String {
    let date = match n.end_date {
        Some(end) if end != n.date => format!("{} to {end}", n.date),
        _ => n.date.to_string(),
    };
    let killed = match n.fatalities.best {
        Some(_) => format!("{} killed", n.fatalities.display()),
        None => "no fatality figure".into(),
    };
    let placed = match n.geo_precision {
        Some(g) if g.is_imprecise() => format!(" ({})", g.describe()),
        _ => String::new(),
    };
    format!(
        "{date} {}, {}{placed}: {}, {killed}",
        n.town, n.country, n.event_type
    )
}

pub fn claim_phrase(c: &super::ClaimLine) -> String {
    let mut s = format!("{}: {}", c.party, c.claim);
    if let Some(f) = c.figure {
        let _ = write!(s, " [{f} {}]", c.figure_label.as_deref().unwrap_or(""));
        s = s.trim_end().replace(" ]", "]");
    }
    if let Some(src) = &c.source {
        let _ = write!(s, " (source: {src})");
    }
    s
}

/// Headline lines shared by text and markdown.
fn headline_lines(b: &Briefing) -> Vec<(String, String)> {
    let h = &b.headline;
    let mut lines = vec![
        (
            "Incidents".into(),
            format!(
                "{} ({})",
                h.incidents,
                comparison(b, h.incidents, h.previous_incidents)
            ),
        ),
        (
            "Fatalities".into(),
            format!(
                "{} ({})",
                fatalities_phrase(h),
                comparison(b, h.fatalities, h.previous_fatalities)
            ),
        ),
        (
            "Contested".into(),
            format!("{} with conflicting claims", count(h.contested, "incident")),
        ),
    ];
    lines.extend(precision_lines(h));
    lines
}

pub fn title(b: &Briefing) -> String {
    format!("Situation briefing: {}", b.scope)
}

pub fn period_line(b: &Briefing) -> String {
    format!(
        "{}, against {} to {}",
        b.period.label(),
        b.previous_period.since,
        b.previous_period.until
    )
}

/// Wraps `text` after `indent` spaces, continuation lines indented by `indent + hang`.
fn push_wrapped(out: &mut String, text: &str, indent: usize, hang: usize) {
    let first = TEXT_WIDTH - indent;
    let lines = wrap(text, first);
    let mut rest = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i == 0 {
            let _ = writeln!(out, "{}{l}", " ".repeat(indent));
        } else {
            rest.push_str(l);
            rest.push(' ');
        }
    }
    if !rest.is_empty() {
        for l in wrap(rest.trim_end(), TEXT_WIDTH - indent - hang) {
            let _ = writeln!(out, "{}{l}", " ".repeat(indent + hang));
        }
    }
}

/// "  Label      value", the value wrapped under itself.
fn push_field(out: &mut String, label: &str, value: &str) {
    const LABEL: usize = 12;
    for (i, l) in wrap(value, TEXT_WIDTH - LABEL - 2).iter().enumerate() {
        let head = if i == 0 { label } else { "" };
        let _ = writeln!(out, "  {head:<LABEL$}{l}");
    }
}

fn section(out: &mut String, heading: &str) {
    let _ = writeln!(out, "\n{}", heading.to_uppercase());
}

/// Plain text, every line at most 80 columns, ASCII bars.
pub fn text(b: &Briefing) -> String {
    let mut out = String::new();
    push_wrapped(&mut out, &title(b).to_uppercase(), 0, 2);
    push_wrapped(&mut out, &period_line(b), 0, 2);
    push_wrapped(&mut out, &format!("Store: {}", b.store), 0, 2);
    if let Some(w) = &b.warning {
        push_wrapped(&mut out, &format!("WARNING: {w}"), 0, 2);
    }
    section(&mut out, "Headline");
    for (label, value) in headline_lines(b) {
        push_field(&mut out, &label, &value);
    }
    if let Some(d) = &b.datasets {
        section(&mut out, "Datasets");
        push_wrapped(
            &mut out,
            &super::datasets::phrase(d, b.headline.incidents),
            2,
            4,
        );
    }
    let ranked = |out: &mut String,
                  heading: &str,
                  list: &[Ranked],
                  of_actor: bool,
                  why_empty: Option<String>| {
        section(out, heading);
        if list.is_empty() {
            push_wrapped(out, why_empty.as_deref().unwrap_or("none"), 2, 2);
        }
        for r in list {
            push_wrapped(
                out,
                &format!("{}: {}", r.name, ranked_phrase(r, of_actor)),
                2,
                4,
            );
        }
    };
    ranked(&mut out, &actors_heading(b), &b.actors, true, None);
    ranked(&mut out, hotspots_heading(), &b.towns, false, None);
    let why_not_new = not_covered(&b.newly_active_window);
    ranked(
        &mut out,
        &new_heading(b, "towns"),
        &b.new_towns,
        false,
        why_not_new.clone(),
    );
    ranked(
        &mut out,
        &new_heading(b, "actors"),
        &b.new_actors,
        true,
        why_not_new,
    );
    section(&mut out, &rises_heading(b));
    if b.rises.is_empty() {
        push_wrapped(&mut out, &rises_none(b), 2, 2);
    }
    for r in &b.rises {
        push_wrapped(&mut out, &rise_phrase(r), 2, 4);
    }
    let notables = |out: &mut String, heading: &str, list: &[Notable], claims: bool| {
        section(out, heading);
        if list.is_empty() {
            push_wrapped(out, "none", 2, 2);
        }
        for n in list {
            push_wrapped(out, &format!("{} [{}]", notable_title(n), n.id), 2, 4);
            if !n.actors.is_empty() {
                push_wrapped(out, &n.actors.join("; "), 4, 2);
            }
            if claims {
                for c in &n.claims {
                    push_wrapped(out, &format!("- {}", claim_phrase(c)), 4, 2);
                }
            } else if !n.summary.is_empty() {
                push_wrapped(out, &sanitize(&n.summary, false), 4, 0);
            }
            if !n.sources.is_empty() {
                push_wrapped(out, &format!("Sources: {}", n.sources.join("; ")), 4, 2);
            }
        }
    };
    notables(&mut out, "Deadliest incidents", &b.deadliest, false);
    notables(&mut out, "Contested claims", &b.contested, true);
    if let Some(list) = &b.disagreements {
        section(
            &mut out,
            "Where the datasets disagree (toll or perpetrator)",
        );
        if list.is_empty() {
            push_wrapped(&mut out, "none", 2, 2);
        }
        for d in list {
            push_wrapped(&mut out, &super::datasets::disagreement_phrase(d), 2, 4);
        }
    }
    let (heading, buckets) = activity(b);
    section(&mut out, &format!("{heading} (incidents, killed)"));
    let max = buckets
        .iter()
        .map(|w| w.incidents)
        .max()
        .unwrap_or(0)
        .max(1);
    for w in buckets {
        let bar = (w.incidents * 36).div_ceil(max) as usize;
        let unknown = if w.fatalities_unknown > 0 { "+?" } else { "  " };
        let line = format!(
            "  {:<15} {:>5} {:>6}{unknown} {}",
            bucket_label(w),
            w.incidents,
            w.fatalities,
            "#".repeat(bar)
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if let Some(r) = &b.revisions {
        out.push_str(&r.text(TEXT_WIDTH));
    }
    out
}

/// Escapes text for a markdown table cell or line (the one escaping `export` uses too).
fn md(s: &str) -> String {
    crate::text::markdown_text(s)
}

pub fn markdown(b: &Briefing) -> String {
    markdown_with_charts(b, &[])
}

/// The markdown with images (`(caption, link)`, links as written) under the activity
/// heading: the charts `sitrep brief --charts DIR` writes.
pub fn markdown_with_charts(b: &Briefing, charts: &[(String, String)]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(&title(b)));
    let _ = writeln!(out, "**Period:** {}  ", md(&period_line(b)));
    let _ = writeln!(out, "**Store:** {}", md(&b.store));
    if let Some(w) = &b.warning {
        let _ = writeln!(out, "\n> **Warning:** {}", md(w));
    }
    let _ = writeln!(out, "\n## Headline\n");
    for (label, value) in headline_lines(b) {
        let _ = writeln!(out, "- **{label}:** {}", md(&value));
    }
    if let Some(d) = &b.datasets {
        let phrase = super::datasets::phrase(d, b.headline.incidents);
        let _ = writeln!(out, "- **Datasets:** {}", md(&phrase));
    }
    let table = |out: &mut String,
                 heading: &str,
                 list: &[Ranked],
                 of_actor: bool,
                 why_empty: Option<String>| {
        let _ = writeln!(out, "\n## {}\n", md(heading));
        if list.is_empty() {
            match why_empty {
                Some(why) => {
                    let _ = writeln!(out, "{}", md(&why));
                }
                None => {
                    let _ = writeln!(out, "None.");
                }
            }
            return;
        }
        let killed = if of_actor {
            "Killed in its incidents"
        } else {
            "Killed"
        };
        let _ = writeln!(
            out,
            "| Name | Incidents | {killed} | No figure | Previous | Change |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|");
        for r in list {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                md(&r.name),
                r.incidents,
                r.fatalities,
                r.fatalities_unknown,
                r.previous_incidents,
                signed(r.change)
            );
        }
    };
    table(&mut out, &actors_heading(b), &b.actors, true, None);
    table(&mut out, hotspots_heading(), &b.towns, false, None);
    let why_not_new = not_covered(&b.newly_active_window);
    table(
        &mut out,
        &new_heading(b, "towns"),
        &b.new_towns,
        false,
        why_not_new.clone(),
    );
    table(
        &mut out,
        &new_heading(b, "actors"),
        &b.new_actors,
        true,
        why_not_new,
    );
    let _ = writeln!(out, "\n## {}\n", md(&rises_heading(b)));
    if b.rises.is_empty() {
        match rises_none(b).as_str() {
            "none" => {
                let _ = writeln!(out, "None.");
            }
            why => {
                let _ = writeln!(out, "{}", md(why));
            }
        }
    }
    for r in &b.rises {
        let _ = writeln!(out, "- {}", md(&rise_phrase(r)));
    }
    let notables = |out: &mut String, heading: &str, list: &[Notable], claims: bool| {
        let _ = writeln!(out, "\n## {heading}\n");
        if list.is_empty() {
            let _ = writeln!(out, "None.");
        }
        for n in list {
            let _ = writeln!(out, "- **{}** `{}`", md(&notable_title(n)), md(&n.id));
            if !n.actors.is_empty() {
                let _ = writeln!(out, "  - Actors: {}", md(&n.actors.join("; ")));
            }
            if claims {
                for c in &n.claims {
                    let _ = writeln!(out, "  - {}", md(&claim_phrase(c)));
                }
            } else if !n.summary.is_empty() {
                let _ = writeln!(out, "  - {}", md(&n.summary));
            }
            if !n.sources.is_empty() {
                let _ = writeln!(out, "  - Sources: {}", md(&n.sources.join("; ")));
            }
        }
    };
    notables(&mut out, "Deadliest incidents", &b.deadliest, false);
    notables(&mut out, "Contested claims", &b.contested, true);
    if let Some(list) = &b.disagreements {
        let _ = writeln!(
            out,
            "\n## Where the datasets disagree (toll or perpetrator)\n"
        );
        if list.is_empty() {
            let _ = writeln!(out, "none");
        }
        for d in list {
            let _ = writeln!(out, "- {}", md(&super::datasets::disagreement_phrase(d)));
        }
    }
    let (heading, buckets) = activity(b);
    let _ = writeln!(out, "\n## {heading}\n");
    for (caption, link) in charts {
        let _ = writeln!(out, "![{}]({})\n", md(caption), link_target(link));
    }
    let _ = writeln!(
        out,
        "| Period | From | To | Incidents | Killed | No figure |"
    );
    let _ = writeln!(out, "|---|---|---|---:|---:|---:|");
    for w in buckets {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            w.label, w.start, w.end, w.incidents, w.fatalities, w.fatalities_unknown
        );
    }
    if let Some(r) = &b.revisions {
        out.push_str(&r.markdown());
    }
    out
}

/// A link target as markdown reads it: spaces and parentheses would end or break it.
fn link_target(link: &str) -> String {
    let mut out = String::with_capacity(link.len());
    for c in link.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Version of the JSON layout; bumped only when a key changes meaning or goes away.
/// 2: `fatalities_high` may be null (open), `fatalities_low` leaves out incidents with no
/// best figure, `weeks` are ISO weeks with a `label` and an `end`. 3: a rise is a band of
/// the change rule (`band`, `expected`) instead of a ratio to a weekly average.
pub const JSON_SCHEMA: u32 = 3;

pub fn json(b: &Briefing) -> String {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        schema: u32,
        #[serde(flatten)]
        briefing: &'a Briefing,
    }
    crate::text::json::to_string_pretty(&Out {
        schema: JSON_SCHEMA,
        briefing: b,
    })
    .expect("a briefing always serialises")
        + "\n"
}
