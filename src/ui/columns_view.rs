//! Drawing the column chooser: reads the app's state, never changes it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::app::App;
use super::columns::{self, Chooser};
use super::lists::SortKey;
use super::nav::Tab;
use super::widgets::fit;
use crate::store::Ix;

pub fn draw(frame: &mut Frame, app: &App, ch: &Chooser) {
    let t = &app.theme;
    let full = frame.area();
    let h = (ch.items.len() as u16 + 4).min(full.height);
    let w = 52.min(full.width);
    let area = Rect::new(
        full.x + (full.width - w) / 2,
        full.y + (full.height - h) / 2,
        w,
        h,
    );
    frame.render_widget(Clear, area);
    let title = format!(" {} columns ", ch.tab.title());
    let b = Block::default()
        .borders(Borders::ALL)
        .border_set(t.border())
        .border_style(t.header())
        .title(Span::styled(title, t.header()));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let width = inner.width as usize;
    let (on, off) = if t.ascii {
        ("[x]", "[ ]")
    } else {
        ("[✓]", "[ ]")
    };
    let mut lines: Vec<Line> = Vec::new();
    let rows = inner.height.saturating_sub(2) as usize;
    let top = ch.cursor.saturating_sub(rows.saturating_sub(1));
    for (i, (col, shown)) in ch.items.iter().enumerate().skip(top).take(rows) {
        let mark = if *shown { on } else { off };
        let text = fit(
            &format!("{mark} {}", col.label()),
            width.saturating_sub(2),
            t.ellipsis(),
        );
        if i == ch.cursor {
            lines.push(Line::from(vec![
                Span::raw(format!("{} ", t.cursor())),
                Span::styled(text, t.selected()),
            ]));
        } else {
            lines.push(Line::from(format!("  {text}")));
        }
    }
    lines.push(Line::default());
    let help = "Space show/hide  K J move  Enter apply  Esc cancel";
    lines.push(Line::from(Span::styled(
        fit(help, width, t.ellipsis()),
        t.dim(),
    )));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A list's header and the text of `rows` (the rows on screen) in its shown columns, at
/// `width`: the widths follow these rows' content (see `columns::widths`).
pub fn list_text(app: &App, tab: Tab, rows: &[Ix], width: usize) -> (String, Vec<String>) {
    let store = &app.store;
    let list = app.list(tab);
    let cells = app.cells(tab, store);
    let shown = &list.columns;
    let sort = match list.sort {
        SortKey::Column(c) => Some(c),
        _ => None,
    };
    // The header marks a sort other than the list's default (the status line always
    // names the sort).
    let marked = sort.filter(|&c| c != columns::default_sort(tab) || !list.descending);
    // Each cell's text once: the widths follow it, then the lines are cut from it.
    let texts: Vec<Vec<String>> = rows
        .iter()
        .map(|&ix| shown.iter().map(|&c| cells.text(ix, c)).collect())
        .collect();
    let widths = columns::widths(&texts, shown, marked, width);
    let header = columns::header_cells(shown, marked, list.descending, app.theme.ascii);
    let header = columns::line(&header, shown, &widths, "");
    let e = app.theme.ellipsis();
    let lines = texts
        .iter()
        .map(|row| columns::line(row, shown, &widths, e))
        .collect();
    (header, lines)
}

/// A message wrapped at 80 columns (at most) in a box: an export's whole path.
pub fn draw_message(frame: &mut Frame, app: &App, text: &str) {
    let t = &app.theme;
    let full = frame.area();
    let w = 80.min(full.width);
    let lines = crate::text::wrap(text, w.saturating_sub(2) as usize);
    let h = (lines.len() as u16 + 2).min(full.height);
    let area = Rect::new(
        full.x + (full.width - w) / 2,
        full.y + (full.height - h) / 2,
        w,
        h,
    );
    frame.render_widget(Clear, area);
    let b = Block::default()
        .borders(Borders::ALL)
        .border_set(t.border())
        .border_style(t.header())
        .title(Span::styled(" Export (Esc closes) ", t.header()));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let body: Vec<Line> = lines.into_iter().map(Line::from).collect();
    frame.render_widget(Paragraph::new(body), inner);
}
