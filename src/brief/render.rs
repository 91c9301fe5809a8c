//! A briefing as plain text (wrapped at 80 columns, for email and terminals), markdown (for
//! pasting into a report) and JSON (for scripts). The same facts in all three.

use std::fmt::Write as _;

use super::{Briefing, Notable, Ranked, Rise, RiseOf, percent_change, signed, week_label};
use crate::text::{sanitize, wrap};

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

fn fatalities_phrase(b: &Briefing) -> String {
    let h = &b.headline;
    if h.fatalities_low == h.fatalities && h.fatalities_high == h.fatalities {
        format!("{} (best estimates)", h.fatalities)
    } else {
        format!(
            "{} (best estimates; range {}-{})",
            h.fatalities, h.fatalities_low, h.fatalities_high
        )
    }
}

pub fn ranked_phrase(r: &Ranked) -> String {
    format!(
        "{} incident{} (previously {}), {} killed",
        r.incidents,
        if r.incidents == 1 { "" } else { "s" },
        r.previous_incidents,
        r.fatalities,
    )
}

pub fn rise_phrase(r: &Rise) -> String {
    format!(
        "{} ({}): {} incidents, usually {:.1} a week ({:.1}x)",
        r.name,
        match r.of {
            RiseOf::Actor => "actor",
            RiseOf::Town => "town",
        },
        r.incidents,
        r.weekly_average,
        r.ratio
    )
}

pub fn notable_title(n: &Notable) -> String {
    format!(
        "{} {}, {}: {}, {} killed",
        n.date,
        n.town,
        n.country,
        n.event_type,
        n.fatalities.display()
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
    let days = b.period.days;
    vec![
        (
            "Incidents".into(),
            format!(
                "{} ({})",
                h.incidents,
                change_phrase(h.incidents, h.previous_incidents, days)
            ),
        ),
        (
            "Fatalities".into(),
            format!(
                "{} ({})",
                fatalities_phrase(b),
                change_phrase(h.fatalities, h.previous_fatalities, days)
            ),
        ),
        (
            "Contested".into(),
            format!(
                "{} incident{} with conflicting claims",
                h.contested,
                if h.contested == 1 { "" } else { "s" }
            ),
        ),
    ]
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
    let ranked = |out: &mut String, heading: &str, list: &[Ranked]| {
        section(out, heading);
        if list.is_empty() {
            push_wrapped(out, "none", 2, 2);
        }
        for r in list {
            push_wrapped(out, &format!("{}: {}", r.name, ranked_phrase(r)), 2, 4);
        }
    };
    ranked(&mut out, "Most active actors", &b.actors);
    ranked(&mut out, "Hotspot towns", &b.towns);
    ranked(
        &mut out,
        "Newly active towns (not seen in the 90 days before)",
        &b.new_towns,
    );
    ranked(
        &mut out,
        "Newly active actors (not seen in the 90 days before)",
        &b.new_actors,
    );
    section(&mut out, "Sharp rises (against the 12 weeks before)");
    if b.rises.is_empty() {
        push_wrapped(&mut out, "none", 2, 2);
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
    section(&mut out, "Activity by week (incidents, fatalities)");
    let max = b
        .weeks
        .iter()
        .map(|w| w.incidents)
        .max()
        .unwrap_or(0)
        .max(1);
    for w in &b.weeks {
        let bar = (w.incidents * 40).div_ceil(max) as usize;
        let line = format!(
            "  {:<6} {:>5} {:>6}  {}",
            week_label(w.start),
            w.incidents,
            w.fatalities,
            "#".repeat(bar)
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

/// Escapes text for a markdown table cell or line (the one escaping `export` uses too).
fn md(s: &str) -> String {
    crate::text::markdown_text(s)
}

pub fn markdown(b: &Briefing) -> String {
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
    let table = |out: &mut String, heading: &str, list: &[Ranked]| {
        let _ = writeln!(out, "\n## {heading}\n");
        if list.is_empty() {
            let _ = writeln!(out, "None.");
            return;
        }
        let _ = writeln!(out, "| Name | Incidents | Killed | Change |");
        let _ = writeln!(out, "|---|---:|---:|---:|");
        for r in list {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                md(&r.name),
                r.incidents,
                r.fatalities,
                signed(r.change)
            );
        }
    };
    table(&mut out, "Most active actors", &b.actors);
    table(&mut out, "Hotspot towns", &b.towns);
    table(
        &mut out,
        "Newly active towns (not seen in the 90 days before)",
        &b.new_towns,
    );
    table(
        &mut out,
        "Newly active actors (not seen in the 90 days before)",
        &b.new_actors,
    );
    let _ = writeln!(out, "\n## Sharp rises (against the 12 weeks before)\n");
    if b.rises.is_empty() {
        let _ = writeln!(out, "None.");
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
    let _ = writeln!(out, "\n## Activity by week\n");
    let _ = writeln!(out, "| Week from | Incidents | Killed |");
    let _ = writeln!(out, "|---|---:|---:|");
    for w in &b.weeks {
        let _ = writeln!(out, "| {} | {} | {} |", w.start, w.incidents, w.fatalities);
    }
    out
}

/// Version of the JSON layout; bumped only when a key changes meaning or goes away.
pub const JSON_SCHEMA: u32 = 1;

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
