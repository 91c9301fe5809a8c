//! The briefing tab: the generated briefing as a detail whose every figure opens the
//! incidents behind it, and the rows of the reports list beside it.

use crate::brief::render::{
    change_phrase, claim_phrase, notable_title, ranked_phrase, rise_phrase,
};
use crate::brief::{Briefing, IncidentRefs, Ranked, week_label};
use crate::store::{EntityRef, Ix, Store};
use crate::ui::filters::IncidentSet;
use crate::ui::theme::Theme;
use crate::ui::widgets::{Doc, Link, fit, sparkline};

const DATE: usize = 10;

pub fn header(width: usize) -> String {
    let title = width.saturating_sub(DATE + 1);
    format!("{} {}", fit("Date", DATE, ""), fit("Report", title, ""))
}

pub fn row(store: &Store, ix: Ix, width: usize, theme: &Theme) -> String {
    let r = store.report(ix);
    let title = width.saturating_sub(DATE + 1);
    let date = r
        .date
        .map(|d| d.to_string())
        .unwrap_or_else(|| "undated".into());
    format!(
        "{} {}",
        fit(&date, DATE, ""),
        fit(
            &format!("{} ({})", r.title, r.outlet),
            title,
            theme.ellipsis()
        )
    )
}

fn set(label: impl Into<String>, refs: &IncidentRefs) -> Link {
    Link::Incidents(IncidentSet::new(label, &refs.ixs))
}

/// The briefing as detail text. Lines with figures are links to their incidents.
pub fn doc(b: &Briefing, width: usize, t: &Theme) -> Doc {
    let mut d = Doc::new(width);
    let e = t.ellipsis();
    d.plain(&format!("Briefing: {}", b.scope), t.header());
    d.plain(&b.period.label(), t.label());
    d.plain(
        "Enter: the incidents behind a line · + - period · [ ] move",
        t.dim(),
    );
    let h = &b.headline;
    d.heading("Headline", t.header());
    let days = b.period.days;
    d.link_to(
        &format!(
            "{} incidents ({})",
            h.incidents,
            change_phrase(h.incidents, h.previous_incidents, days)
        ),
        set("incidents in the period", &h.incident_ids),
        t.link(),
        e,
    );
    let range = if h.fatalities_low != h.fatalities || h.fatalities_high != h.fatalities {
        format!(" (range {}-{})", h.fatalities_low, h.fatalities_high)
    } else {
        String::new()
    };
    d.link_to(
        &format!(
            "{} killed{range} ({})",
            h.fatalities,
            change_phrase(h.fatalities, h.previous_fatalities, days)
        ),
        set("incidents in the period", &h.incident_ids),
        t.link(),
        e,
    );
    d.link_to(
        &format!(
            "{} incident{} with contested claims",
            h.contested,
            if h.contested == 1 { "" } else { "s" }
        ),
        set("contested claims", &h.contested_ids),
        t.link(),
        e,
    );
    let ranked = |d: &mut Doc, heading: &str, list: &[Ranked]| {
        d.heading(heading, t.header());
        if list.is_empty() {
            d.para("none", t.dim());
        }
        for r in list {
            d.link_to(
                &format!("{}: {}", r.name, ranked_phrase(r)),
                set(r.name.clone(), &r.incident_ids),
                t.link(),
                e,
            );
        }
    };
    ranked(&mut d, "Most active actors", &b.actors);
    ranked(&mut d, "Hotspot towns", &b.towns);
    ranked(
        &mut d,
        "Newly active towns (none in the 90 days before)",
        &b.new_towns,
    );
    ranked(
        &mut d,
        "Newly active actors (none in the 90 days before)",
        &b.new_actors,
    );
    d.heading("Sharp rises (against the 12 weeks before)", t.header());
    if b.rises.is_empty() {
        d.para("none", t.dim());
    }
    for r in &b.rises {
        d.link_to(
            &rise_phrase(r),
            set(format!("rise: {}", r.name), &r.incident_ids),
            t.link(),
            e,
        );
    }
    d.heading("Deadliest incidents", t.header());
    if b.deadliest.is_empty() {
        d.para("none", t.dim());
    }
    for n in &b.deadliest {
        d.link(&notable_title(n), EntityRef::Incident(n.ix), t.link(), e);
    }
    d.heading(
        &format!("Contested claims ({})", b.headline.contested),
        t.header(),
    );
    if b.contested.is_empty() {
        d.para("none", t.dim());
    }
    for n in &b.contested {
        d.link(
            &notable_title(n),
            EntityRef::Incident(n.ix),
            t.contested(),
            e,
        );
        for c in &n.claims {
            d.para(&claim_phrase(c), ratatui::style::Style::new());
        }
    }
    d.heading("Activity by week", t.header());
    let counts: Vec<u64> = b.weeks.iter().map(|w| w.incidents).collect();
    d.plain(&format!("  {}", sparkline(&counts, t)), t.label());
    for w in b.weeks.iter().rev() {
        d.link_to(
            &format!(
                "{:<7}{:>5} incidents {:>6} killed",
                week_label(w.start),
                w.incidents,
                w.fatalities
            ),
            set(format!("week from {}", w.start), &w.incident_ids),
            t.link(),
            e,
        );
    }
    if let Some(w) = &b.warning {
        d.heading(w, t.warning());
    }
    d
}
