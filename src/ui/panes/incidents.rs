//! The incidents pane: the incident detail, claims side by side, and the main actors a
//! list row names (the rows themselves are drawn from columns.rs).

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::short_name;
use crate::model::{Claim, Incident};
use crate::store::{EntityRef, Ix, Store};
use crate::ui::theme::Theme;
use crate::ui::widgets::{Doc, fit, wrap};

/// "JNIM vs FAMa": the first two main actors, the attacker (or side A, actor 1) first.
pub fn main_actors(store: &Store, inc: &Incident) -> String {
    let mut names: Vec<&str> = Vec::new();
    let mut sorted: Vec<_> = inc.actors.iter().collect();
    // Main actors (attacker, side A, actor 1 ...) before associates and claimants.
    sorted.sort_by_key(|a| (!a.role.is_main(), a.role));
    for a in sorted {
        let name = store
            .actor_ix(&a.actor)
            .map_or(a.actor.as_str(), |ix| short_name(store.actor(ix)));
        if !names.contains(&name) {
            names.push(name);
        }
    }
    match names.len() {
        0 => String::new(),
        1 => names[0].to_string(),
        _ => format!("{} vs {}", names[0], names[1]),
    }
}

/// "UCDP (ucdp_gedevents_burkina.csv)": the incident's dataset and the file it came from.
fn dataset_line(store: &Store, inc: &crate::model::Incident) -> String {
    let label = store.dataset_of(inc);
    match store.meta.datasets.iter().find(|d| d.label == label) {
        Some(d) => {
            let file = d.source.rsplit(['/', '\\']).next().unwrap_or(&d.source);
            format!("{label} ({file})")
        }
        None => label.to_string(),
    }
}

pub fn detail(store: &Store, t: &Theme, ix: Ix, width: usize) -> Doc {
    let inc = store.incident(ix);
    let mut doc = Doc::new(width);
    let e = t.ellipsis();
    let title = format!(
        "{} {} - {}",
        inc.date,
        store.town_name(&inc.town),
        if inc.sub_event_type.is_empty() {
            &inc.event_type
        } else {
            &inc.sub_event_type
        }
    );
    doc.heading(&title, t.header());
    if inc.is_illustrative() {
        doc.plain("ILLUSTRATIVE record: not real reporting", t.warning());
    }
    doc.field(
        "Date",
        &format!("{} ({})", inc.date_label(), inc.date_precision.describe()),
        t.label(),
    );
    let place = crate::text::place([
        inc.admin2.as_str(),
        inc.admin1.as_str(),
        inc.country.as_str(),
    ]);
    doc.field("Area", &place, t.label());
    if let Some(g) = inc.geo_precision {
        doc.field("Placed", g.describe(), t.label());
    }
    if let (Some(lat), Some(lon)) = (inc.lat, inc.lon) {
        doc.field("Coordinates", &format!("{lat:.4}, {lon:.4}"), t.label());
    }
    doc.field("Type", &inc.type_label(), t.label());
    if let Some(coded) = &inc.coded_event_type {
        doc.field("Coded as", coded, t.label());
    }
    let f = inc.fatalities;
    let n = |v: Option<u32>| v.map_or("unknown".to_string(), |v| v.to_string());
    doc.field(
        "Fatalities",
        &format!("best {}  (low {}, high {})", n(f.best), n(f.low), n(f.high)),
        t.label(),
    );
    if f.has_sides() {
        doc.field(
            "By side",
            &format!(
                "side A {}, side B {}, civilians {}, unknown {}",
                n(f.side_a),
                n(f.side_b),
                n(f.civilians),
                n(f.unknown)
            ),
            t.label(),
        );
    }
    doc.field("Id", &inc.id, t.label());
    if store.is_joined() {
        doc.field("Dataset", &dataset_line(store, inc), t.label());
    }

    doc.heading("Place", t.header());
    match store.town_ix(&inc.town) {
        Some(town) => {
            let tw = store.town(town);
            let label = format!("{} ({}, {})", tw.name, tw.admin1, tw.country);
            doc.link(&label, EntityRef::Town(town), t.link(), e);
        }
        None => doc.para(&format!("{} (not in this store)", inc.town), t.dim()),
    }

    doc.heading("Actors", t.header());
    if inc.actors.is_empty() {
        doc.para("none recorded", t.dim());
    }
    for a in &inc.actors {
        match store.actor_ix(&a.actor) {
            Some(ax) => {
                let label = format!("{} - {}", store.actor(ax).name, a.role.label());
                doc.link(&label, EntityRef::Actor(ax), t.link(), e);
            }
            None => doc.para(&format!("{} - {}", a.actor, a.role.label()), t.dim()),
        }
    }

    if !inc.claims.is_empty() {
        let title = if inc.has_contested_claims() {
            "Claims (contested)"
        } else {
            "Claims"
        };
        doc.heading(title, t.contested());
        claims(&mut doc, store, &inc.claims, t);
    }
    if !inc.summary.is_empty() {
        doc.heading("Summary", t.header());
        doc.para(&inc.summary, ratatui::style::Style::new());
    }
    if !inc.notes.is_empty() {
        doc.heading("Notes", t.header());
        doc.para(&inc.notes, ratatui::style::Style::new());
    }
    doc.heading("Sources", t.header());
    if inc.sources.is_empty() {
        doc.para("none recorded", t.dim());
    }
    for s in &inc.sources {
        let mut label = s.outlet.to_string();
        if let Some(d) = s.date {
            label.push_str(&format!(", {d}"));
        }
        if s.illustrative {
            label.push_str(" [illustrative]");
        }
        match s.report.as_ref().and_then(|r| store.report_ix(r)) {
            Some(r) => {
                let label = format!("{label}: {}", store.report(r).title);
                doc.link(&label, EntityRef::Report(r), t.link(), e);
            }
            None => doc.para(&label, ratatui::style::Style::new()),
        }
        // The address, whole: what a citation needs.
        if let Some(u) = &s.url {
            doc.para(u, t.dim());
        }
    }
    if !inc.tags.is_empty() {
        let tags: Vec<&str> = inc.tags.iter().map(|t| t.as_str()).collect();
        doc.heading("Tags", t.header());
        doc.para(&tags.join(", "), t.dim());
    }
    doc
}

/// Claims grouped by claimant, in columns when two or three parties fit side by side.
fn claims(doc: &mut Doc, store: &Store, claims: &[Claim], t: &Theme) {
    let mut parties: Vec<(&str, Vec<&Claim>)> = Vec::new();
    for c in claims {
        match parties.iter_mut().find(|(p, _)| *p == c.claimant.as_str()) {
            Some((_, list)) => list.push(c),
            None => parties.push((c.claimant.as_str(), vec![c])),
        }
    }
    let cells: Vec<Vec<String>> = parties
        .iter()
        .map(|(who, list)| {
            let mut cell = Vec::new();
            for c in list {
                let figure = c.figure.map_or("no figure given".to_string(), |n| {
                    format!("{n} {}", c.figure_label.as_deref().unwrap_or(""))
                });
                cell.push(format!("Figure: {}", figure.trim()));
                cell.push(format!("\"{}\"", c.claim));
                if let Some(src) = &c.source {
                    let outlet = store
                        .report_ix(src)
                        .map_or(src.to_string(), |r| store.report(r).outlet.to_string());
                    cell.push(format!("Source: {outlet}"));
                }
            }
            let _ = who;
            cell
        })
        .collect();
    let n = parties.len();
    let col_w = doc
        .width
        .saturating_sub(2 + 3 * n.saturating_sub(1))
        .checked_div(n)
        .unwrap_or(0);
    if (2..=3).contains(&n) && col_w >= 22 {
        let names: Vec<String> = parties
            .iter()
            .map(|(who, _)| fit(store.actor_name(who), col_w, t.ellipsis()))
            .collect();
        let mut header = vec![Span::raw("  ")];
        for (i, name) in names.into_iter().enumerate() {
            if i > 0 {
                header.push(Span::styled(" | ", t.dim()));
            }
            header.push(Span::styled(name, t.label()));
        }
        doc.lines.push(Line::from(header));
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .map(|cell| cell.iter().flat_map(|p| wrap(p, col_w)).collect())
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(0);
        for row in 0..height {
            let mut spans = vec![Span::raw("  ")];
            for (i, col) in wrapped.iter().enumerate() {
                if i > 0 {
                    spans.push(Span::styled(" | ", t.dim()));
                }
                let text = col.get(row).map_or("", |s| s.as_str());
                let pad = col_w.saturating_sub(text.width());
                spans.push(Span::raw(format!("{text}{}", " ".repeat(pad))));
            }
            doc.lines.push(Line::from(spans));
        }
    } else {
        for ((who, _), cell) in parties.iter().zip(cells) {
            doc.plain(&format!("  {} claims:", store.actor_name(who)), t.label());
            for part in cell {
                doc.para(&format!("  {part}"), ratatui::style::Style::new());
            }
        }
    }
}
