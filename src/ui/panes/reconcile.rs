//! The Reconcile view (briefing tab, `R`): for each pair of a joined store's datasets, the
//! rules, the counts, and the matched, ambiguous and one-sided records, each a link (a
//! count opens its incidents as a list; a row opens the record).

use crate::reconcile::joined::StoreMatches;
use crate::search::filters::IncidentSet;
use crate::store::{EntityRef, Ix, Store};
use crate::ui::theme::Theme;
use crate::ui::widgets::{Doc, Link};

/// Rows listed per kind; the count's link opens them all.
const LISTED: usize = 300;

pub fn doc(store: &Store, m: &StoreMatches, width: usize, t: &Theme) -> Doc {
    let mut d = Doc::new(width);
    let e = t.ellipsis();
    d.plain("Reconcile: the same event in two datasets", t.header());
    d.plain(
        "Enter: the records behind a line · R back to the briefing",
        t.dim(),
    );
    let id = |i: Ix| store.incident(i).id.as_str();
    let line = |i: Ix| {
        let inc = store.incident(i);
        format!(
            "{} {} {}",
            inc.id,
            inc.date_label(),
            store.town_name(&inc.town)
        )
    };
    for p in &m.pairs {
        let r = &p.result;
        d.heading(&format!("{} with {}", p.a, p.b), t.header());
        let set = |label: String, ixs: &[Ix]| Link::Incidents(IncidentSet::new(label, ixs));
        let both: Vec<Ix> = r.matched.iter().flat_map(|x| [x.a, x.b]).collect();
        d.link_to(
            &format!("{} matched (both records of each)", r.matched.len()),
            set(format!("matched {} and {}", p.a, p.b), &both),
            t.link(),
            e,
        );
        let amb: Vec<Ix> = r
            .ambiguous
            .iter()
            .flat_map(|x| std::iter::once(x.a).chain(x.candidates.iter().map(|c| c.0)))
            .collect();
        d.link_to(
            &format!(
                "{} ambiguous in {} (with their candidates)",
                r.ambiguous.len(),
                p.a
            ),
            set(format!("ambiguous {} and {}", p.a, p.b), &amb),
            t.link(),
            e,
        );
        d.link_to(
            &format!("{} only in {}", r.only_a.len(), p.a),
            set(format!("only in {}", p.a), &r.only_a),
            t.link(),
            e,
        );
        d.link_to(
            &format!("{} only in {}", r.only_b.len(), p.b),
            set(format!("only in {}", p.b), &r.only_b),
            t.link(),
            e,
        );
        d.heading("Rules", t.label());
        for rule in &r.rules {
            d.para(rule, t.dim());
        }
        d.heading(&format!("Matched ({})", r.matched.len()), t.header());
        for x in r.matched.iter().take(LISTED) {
            let days = match x.days {
                0 => "same day".to_string(),
                1 => "1 day".to_string(),
                n => format!("{n} days"),
            };
            let head = format!(
                "{} = {}  {}, {} km, {} (score {})",
                line(x.a),
                id(x.b),
                days,
                x.km,
                x.verdict.key(),
                x.score
            );
            d.link(&head, EntityRef::Incident(x.a), t.link(), e);
            for diff in &x.differences {
                let text = match diff.field {
                    "fatalities" => format!("fatalities {}", x.fatalities),
                    f => format!("{f} {}: {}; {}: {}", p.a, diff.a, p.b, diff.b),
                };
                d.para(&format!("  {text}"), t.dim());
            }
        }
        more(&mut d, r.matched.len(), t);
        d.heading(&format!("Ambiguous ({})", r.ambiguous.len()), t.header());
        for x in r.ambiguous.iter().take(LISTED) {
            let cands: Vec<String> = x
                .candidates
                .iter()
                .map(|(c, s)| format!("{} ({s})", id(*c)))
                .collect();
            let text = format!("{}: {}", line(x.a), cands.join(", "));
            d.link(&text, EntityRef::Incident(x.a), t.link(), e);
        }
        more(&mut d, r.ambiguous.len(), t);
        for (label, list) in [(&p.a, &r.only_a), (&p.b, &r.only_b)] {
            d.heading(&format!("Only in {label} ({})", list.len()), t.header());
            for &i in list.iter().take(LISTED) {
                d.link(&line(i), EntityRef::Incident(i), t.link(), e);
            }
            more(&mut d, list.len(), t);
        }
    }
    if m.pairs.is_empty() {
        d.para(
            "One dataset is open: give --store twice (or SITREP_STORE=a:b) to reconcile two.",
            t.dim(),
        );
    }
    d
}

fn more(d: &mut Doc, n: usize, t: &Theme) {
    if n > LISTED {
        d.para(
            &format!("  and {} more: the count above lists them all", n - LISTED),
            t.dim(),
        );
    }
}
