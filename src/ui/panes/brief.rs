//! The briefing tab: the generated briefing as a detail whose every figure opens the
//! incidents behind it, and the rows of the reports list beside it.

use crate::brief::render::{
    actors_heading, bucket_label, claim_phrase, comparison, fatalities_phrase, hotspots_heading,
    imprecise_dates_phrase, imprecise_places_phrase, new_heading, not_covered, notable_title,
    ranked_phrase, rise_phrase, rises_heading, rises_none,
};
use crate::brief::{Briefing, IncidentRefs, Ranked};
use crate::search::filters::IncidentSet;
use crate::store::{EntityRef, Ix, Store};
use crate::text::count;
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
    let keys = if b.datasets.is_some() {
        "Enter: the incidents behind a line · + - period · [ ] move · R reconcile the datasets"
    } else {
        "Enter: the incidents behind a line · + - period · [ ] move"
    };
    d.plain(keys, t.dim());
    let h = &b.headline;
    d.heading("Headline", t.header());
    d.link_to(
        &format!(
            "{} ({})",
            count(h.incidents, "incident"),
            comparison(b, h.incidents, h.previous_incidents)
        ),
        set("incidents in the period", &h.incident_ids),
        t.link(),
        e,
    );
    d.link_to(
        &format!(
            "{} ({})",
            fatalities_phrase(h),
            comparison(b, h.fatalities, h.previous_fatalities)
        ),
        set("incidents in the period", &h.incident_ids),
        t.link(),
        e,
    );
    d.link_to(
        &format!("{} with contested claims", count(h.contested, "incident")),
        set("contested claims", &h.contested_ids),
        t.link(),
        e,
    );
    if let Some(ds) = &b.datasets {
        d.para(&crate::brief::datasets::phrase(ds, h.incidents), t.label());
    }
    if h.imprecise_places > 0 {
        d.para(&imprecise_places_phrase(h.imprecise_places), t.dim());
    }
    if h.imprecise_dates > 0 {
        d.para(&imprecise_dates_phrase(h.imprecise_dates), t.dim());
    }
    let ranked =
        |d: &mut Doc, heading: &str, list: &[Ranked], of_actor: bool, why: Option<String>| {
            d.heading(heading, t.header());
            if list.is_empty() {
                d.para(why.as_deref().unwrap_or("none"), t.dim());
            }
            for r in list {
                d.link_to(
                    &format!("{}: {}", r.name, ranked_phrase(r, of_actor)),
                    set(r.name.clone(), &r.incident_ids),
                    t.link(),
                    e,
                );
            }
        };
    ranked(&mut d, &actors_heading(b), &b.actors, true, None);
    ranked(&mut d, hotspots_heading(), &b.towns, false, None);
    let why_not_new = not_covered(&b.newly_active_window);
    ranked(
        &mut d,
        &new_heading(b, "towns"),
        &b.new_towns,
        false,
        why_not_new.clone(),
    );
    ranked(
        &mut d,
        &new_heading(b, "actors"),
        &b.new_actors,
        true,
        why_not_new,
    );
    d.heading(&rises_heading(b), t.header());
    if b.rises.is_empty() {
        d.para(&rises_none(b), t.dim());
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
    if let Some(list) = &b.disagreements {
        let both: Vec<crate::store::Ix> = list.iter().flat_map(|x| x.ixs).collect();
        d.heading(
            &format!("Where the datasets disagree ({})", list.len()),
            t.header(),
        );
        if list.is_empty() {
            d.para("none", t.dim());
        } else {
            d.link_to(
                "all their records",
                Link::Incidents(IncidentSet::new("where the datasets disagree", &both)),
                t.link(),
                e,
            );
        }
        for x in list {
            let line = crate::brief::datasets::disagreement_phrase(x);
            d.link(&line, EntityRef::Incident(x.ixs[0]), t.contested(), e);
        }
    }
    let (heading, buckets) = crate::brief::render::activity(b);
    d.heading(heading, t.header());
    let counts: Vec<u64> = buckets.iter().map(|w| w.incidents).collect();
    d.plain(&format!("  {}", sparkline(&counts, t)), t.label());
    if let (Some(first), Some(last)) = (buckets.first(), buckets.last()) {
        d.plain(&format!("  {} to {}", first.label, last.label), t.dim());
    }
    for w in buckets.iter().rev() {
        d.link_to(
            &format!(
                "{:<16}{:>5} incidents {:>6} killed{}",
                bucket_label(w),
                w.incidents,
                w.fatalities,
                if w.fatalities_unknown > 0 { "+?" } else { "" }
            ),
            set(
                format!("{} ({} to {})", w.label, w.start, w.end),
                &w.incident_ids,
            ),
            t.link(),
            e,
        );
    }
    if let Some(w) = &b.warning {
        d.heading(w, t.warning());
    }
    d
}
