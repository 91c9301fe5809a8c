//! Drawing the column chooser: reads the app's state, never changes it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::app::App;
use super::columns::Chooser;
use super::widgets::fit;

pub fn draw(frame: &mut Frame, app: &App, ch: &Chooser) {
    let t = &app.theme;
    let full = frame.area();
    let h = (ch.items.len() as u16 + 4).min(full.height);
    let w = 44.min(full.width);
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
