//! Drawing the search overlay.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::app::App;
use super::search_overlay::SearchOverlay;
use super::widgets::fit;
use crate::store::EntityRef;
use crate::text::sanitize;

pub fn draw(frame: &mut Frame, app: &App, s: &SearchOverlay) {
    let t = &app.theme;
    let full = frame.area();
    let w = full.width.saturating_sub(4).min(100);
    let h = full.height.saturating_sub(4);
    let area = Rect::new(full.x + (full.width - w) / 2, full.y + 2, w, h);
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
    let mut lines = vec![
        Line::from(vec![
            Span::styled("> ", t.header()),
            Span::raw(sanitize(&s.query, false).into_owned()),
            Span::styled("_", t.header()),
        ]),
        Line::from(Span::styled(format!("{} result(s)", s.total), t.dim())),
    ];
    let visible = inner.height.saturating_sub(2) as usize;
    let width = inner.width.saturating_sub(12) as usize;
    for (n, e) in s.results.iter().enumerate().skip(s.offset).take(visible) {
        let kind = match e {
            EntityRef::Incident(_) => "incident",
            EntityRef::Actor(_) => "actor",
            EntityRef::Town(_) => "town",
            EntityRef::Report(_) => "report",
        };
        let label = fit(&app.store.label(*e), width, t.ellipsis());
        let style = if n == s.selected {
            t.selected()
        } else {
            ratatui::style::Style::new()
        };
        let marker = if n == s.selected { t.cursor() } else { " " };
        lines.push(Line::from(vec![
            Span::styled(format!("{marker} {kind:<9}"), t.dim()),
            Span::styled(label, style),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
