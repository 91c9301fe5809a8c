//! Incident links as they appear inside details (recent incidents of an actor, a town...).

use crate::store::{EntityRef, Ix, Store};
use crate::ui::panes::incidents::main_actors;
use crate::ui::theme::Theme;
use crate::ui::widgets::{Doc, monthly_counts, sparkline};

pub fn label(store: &Store, i: Ix) -> String {
    let inc = store.incident(i);
    let fatal = inc.fatalities.best.map_or("?".into(), |b| b.to_string());
    let mark = if inc.has_contested_claims() {
        " [contested]"
    } else {
        ""
    };
    format!(
        "{} {} - {}, {} killed{mark}",
        inc.date,
        store.town_name(&inc.town),
        main_actors(store, inc),
        fatal
    )
}

/// "Recent incidents (N)" with the newest `n` as links.
pub fn recent(doc: &mut Doc, store: &Store, list: &[Ix], n: usize, t: &Theme) {
    doc.heading(
        &format!("Recent incidents ({} in all)", list.len()),
        t.header(),
    );
    for &i in list.iter().take(n) {
        doc.link(
            &label(store, i),
            EntityRef::Incident(i),
            t.link(),
            t.ellipsis(),
        );
    }
    if list.len() > n {
        doc.para(&format!("... {} older", list.len() - n), t.dim());
    }
}

/// "By month" sparkline of `list`'s incidents up to the store's newest date, as many months
/// as the width allows (6 to 36).
pub fn by_month(doc: &mut Doc, store: &Store, list: &[Ix], width: usize, t: &Theme) {
    let Some(end) = store.newest_date() else {
        return;
    };
    let months = width.saturating_sub(16).clamp(6, 36);
    let counts = monthly_counts(list.iter().map(|&i| store.incident(i).date), end, months);
    let peak = counts.iter().max().copied().unwrap_or(0);
    let line = format!("{} max {peak}", sparkline(&counts, t));
    doc.field("By month", &line, t.label());
    doc.para(&format!("last {months} months to {end}"), t.dim());
}
