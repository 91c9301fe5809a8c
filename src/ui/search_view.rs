//! Drawing the search overlay: the query, the count, and ranked hits with their kind and
//! the matched characters highlighted (computed for the visible rows only).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthChar;

use super::app::App;
use super::search_overlay::SearchOverlay;
use crate::search::label_with_highlights;
use crate::store::EntityRef;
use crate::text::sanitize;

/// The overlay's rectangle for a screen area (shared with scrolling).
pub fn area(full: Rect) -> Rect {
    let w = full.width.saturating_sub(4).min(110);
    let h = full.height.saturating_sub(4);
    Rect::new(full.x + (full.width - w) / 2, full.y + 2, w, h)
}

/// Rows of hits that fit in the overlay.
pub fn visible_rows(full: Rect) -> usize {
    area(full).height.saturating_sub(4) as usize
}

pub fn draw(frame: &mut Frame, app: &App, s: &SearchOverlay) {
    let t = &app.theme;
    let area = area(frame.area());
    frame.render_widget(Clear, area);
    let b = Block::default()
        .borders(Borders::ALL)
        .border_set(t.border())
        .border_style(t.header())
        .title(Span::styled(
            " Search incidents, actors, towns (Enter opens, Esc closes) ",
            t.header(),
        ));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let status = if !app.search.ready() {
        "building the search index...".to_string()
    } else if s.query.trim().is_empty() {
        "type a name, place or words; several words must all match".to_string()
    } else if s.waiting && s.shown_query != s.query {
        format!("searching... ({} shown for '{}')", s.total, s.shown_query)
    } else {
        format!("{} match(es)", s.total)
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled("> ", t.header()),
            Span::raw(sanitize(&s.query, false).into_owned()),
            Span::styled("_", t.header()),
        ]),
        Line::from(Span::styled(status, t.dim())),
    ];
    let width = inner.width.saturating_sub(12) as usize;
    let visible = inner.height.saturating_sub(2) as usize;
    for (n, hit) in s.hits.iter().enumerate().skip(s.offset).take(visible) {
        let kind = match hit.entity {
            EntityRef::Incident(_) => "incident",
            EntityRef::Actor(_) => "actor",
            EntityRef::Town(_) => "town",
            EntityRef::Report(_) => "report",
        };
        let selected = n == s.selected;
        let (label, marks) = label_with_highlights(&app.store, hit.entity, &s.shown_query);
        let base = if selected { t.selected() } else { Style::new() };
        let mut spans = vec![Span::styled(
            format!("{} {kind:<9}", if selected { t.cursor() } else { " " }),
            t.dim(),
        )];
        spans.extend(highlighted(
            &label,
            &marks,
            width,
            base,
            t.highlight().patch(base),
        ));
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Splits `label` into spans, marked characters in `mark` style, cut to `width` columns.
fn highlighted(
    label: &str,
    marks: &[usize],
    width: usize,
    base: Style,
    mark: Style,
) -> Vec<Span<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_marked = false;
    let mut used = 0;
    for (i, c) in label.chars().enumerate() {
        let cw = c.width().unwrap_or(0);
        if used + cw > width {
            break;
        }
        used += cw;
        let marked = marks.binary_search(&i).is_ok();
        if marked != run_marked && !run.is_empty() {
            let style = if run_marked { mark } else { base };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_marked = marked;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_marked { mark } else { base }));
    }
    spans
}
