//! The report reader: a source document's text, with the incidents it supports.

use super::incidents_link;
use crate::store::{EntityRef, Ix, Store};
use crate::ui::theme::Theme;
use crate::ui::widgets::Doc;

pub fn detail(store: &Store, t: &Theme, ix: Ix, width: usize) -> Doc {
    let r = store.report(ix);
    let mut doc = Doc::new(width);
    doc.heading(&r.title, t.header());
    if r.illustrative {
        doc.plain("ILLUSTRATIVE report: not real reporting", t.warning());
    }
    doc.field("Outlet", &r.outlet, t.label());
    if let Some(d) = r.date {
        doc.field("Date", &d.to_string(), t.label());
    }
    doc.field("URL", r.url.as_deref().unwrap_or(""), t.label());
    doc.field("Language", &r.language, t.label());
    doc.field("Licence", &r.licence, t.label());
    let supports = &store.by_report[ix as usize];
    doc.heading(
        &format!("Supports {} incident(s)", supports.len()),
        t.header(),
    );
    for &i in supports.iter().take(50) {
        let label = incidents_link::label(store, i);
        doc.link(&label, EntityRef::Incident(i), t.link(), t.ellipsis());
    }
    if supports.len() > 50 {
        doc.para(&format!("... and {} more", supports.len() - 50), t.dim());
    }
    doc.heading(if r.excerpt_only { "Excerpt" } else { "Text" }, t.header());
    if r.text.trim().is_empty() {
        doc.para("(no text kept for this report)", t.dim());
    } else {
        for para in r.text.split('\n').filter(|p| !p.trim().is_empty()) {
            doc.para(para, ratatui::style::Style::new());
            doc.blank();
        }
    }
    doc
}
