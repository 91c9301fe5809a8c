//! Incident links as they appear inside details (recent incidents of an actor, a town...).

use crate::store::{EntityRef, Ix, Store};
use crate::ui::panes::incidents::main_actors;
use crate::ui::theme::Theme;
use crate::ui::widgets::Doc;

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
