//! Drawing the workspace's overlays: the note editor, the tag editor, the view-name prompt
//! and the list of saved views. Reads the app, never changes it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::app::{App, Overlay};
use super::widgets::{fit, wrap};
use crate::text::sanitize;

pub fn draw(frame: &mut Frame, app: &App) {
    match &app.overlay {
        Overlay::Note {
            label,
            input,
            record,
        } => {
            let count = app
                .workspace
                .as_ref()
                .map_or(0, |ws| ws.notes_on(&app.store, *record).len());
            draw_note(frame, app, label, input, count)
        }
        Overlay::Tags(ed) => draw_tags(frame, app, ed),
        Overlay::ViewName { input } => draw_view_name(frame, app, input),
        Overlay::Views { query, selected } => draw_views(frame, app, query, *selected),
        _ => {}
    }
}

fn boxed(app: &App, title: &str) -> Block<'static> {
    let t = &app.theme;
    Block::default()
        .borders(Borders::ALL)
        .border_set(t.border())
        .border_style(t.header())
        .title(Span::styled(format!(" {title} "), t.header()))
}

/// A hint, with `·` as `-` in ASCII mode.
fn hint(app: &App, text: &str) -> String {
    if app.theme.ascii {
        text.replace('·', "-")
    } else {
        text.to_string()
    }
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn draw_note(frame: &mut Frame, app: &App, label: &str, input: &str, count: usize) {
    let t = &app.theme;
    let area = centered(frame.area(), 70, 10);
    frame.render_widget(Clear, area);
    let e = t.ellipsis();
    let title = fit(
        &format!("Note on {label}"),
        area.width.saturating_sub(4) as usize,
        e,
    );
    let b = boxed(app, title.trim_end());
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let w = inner.width.saturating_sub(1) as usize;
    let mut lines = vec![Line::from(Span::styled(
        match count {
            0 => "No notes yet on this record.".to_string(),
            n => format!("{n} note(s) already; this one is added."),
        },
        t.dim(),
    ))];
    // The text as typed, wrapped; the cursor after it. The last lines when it runs long.
    let typed = format!("{}_", sanitize(input, false));
    let mut body = wrap(&typed, w.max(1));
    let room = inner.height.saturating_sub(3) as usize;
    if body.len() > room {
        body.drain(..body.len() - room);
    }
    for part in body {
        lines.push(Line::from(Span::raw(part)));
    }
    while lines.len() < inner.height.saturating_sub(1) as usize {
        lines.push(Line::default());
    }
    lines.push(Line::from(Span::styled(
        hint(app, "Enter save · Esc cancel · Ctrl-U clear"),
        t.dim(),
    )));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The tag editor: the line a new tag is typed on, the record's tags (the selected one in
/// reverse video with a marker), and the keys in effect, from the key table.
fn draw_tags(frame: &mut Frame, app: &App, ed: &super::tags::TagEditor) {
    use super::bindings::HintLine;
    let t = &app.theme;
    let tags = app.tags_on(&ed.id);
    let area = centered(frame.area(), 60, (tags.len() as u16 + 6).clamp(8, 18));
    frame.render_widget(Clear, area);
    let e = t.ellipsis();
    let title = fit(
        &format!("Tags on {}", ed.label),
        area.width.saturating_sub(4) as usize,
        e,
    );
    let b = boxed(app, title.trim_end());
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let w = inner.width as usize;
    let typing = ed.selected.is_none();
    let cursor = if typing { "_" } else { "" };
    let mut lines = vec![
        Line::from(vec![
            Span::styled("tag> ", t.label()),
            Span::raw(sanitize(&ed.input, false).into_owned()),
            Span::styled(cursor, t.header()),
        ]),
        Line::default(),
    ];
    // Room for the tags between the input line (and a blank) and the hint line.
    let room = (inner.height as usize).saturating_sub(3);
    let sel = ed.selected.unwrap_or(0);
    let first = sel.saturating_sub(room.saturating_sub(1));
    if tags.is_empty() {
        lines.push(Line::from(Span::styled(
            "  no tags yet on this record",
            t.dim(),
        )));
    }
    for (i, tag) in tags.iter().enumerate().skip(first).take(room) {
        let text = fit(&sanitize(tag, false), w.saturating_sub(2), e);
        lines.push(if ed.selected == Some(i) {
            Line::from(Span::styled(format!("{} {text}", t.cursor()), t.selected()))
        } else {
            Line::from(Span::raw(format!("  {text}")))
        });
    }
    while lines.len() < inner.height.saturating_sub(1) as usize {
        lines.push(Line::default());
    }
    let line = if typing {
        HintLine::TagPrompt
    } else {
        HintLine::TagList
    };
    lines.push(Line::from(Span::styled(
        hint(app, &app.keymap.hint_items(line).join(" · ")),
        t.dim(),
    )));
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_view_name(frame: &mut Frame, app: &App, input: &str) {
    let t = &app.theme;
    let area = centered(frame.area(), 60, 5);
    frame.render_widget(Clear, area);
    let b = boxed(app, "Save this view as");
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let lines = vec![
        Line::from(vec![
            Span::styled("name> ", t.label()),
            Span::raw(sanitize(input, false).into_owned()),
            Span::styled("_", t.header()),
        ]),
        Line::from(Span::styled(
            hint(
                app,
                "tab, filters and sort are kept · Enter save · Esc cancel",
            ),
            t.dim(),
        )),
    ];
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_views(frame: &mut Frame, app: &App, query: &str, selected: usize) {
    let t = &app.theme;
    let views = app.views_matching(query);
    let area = centered(frame.area(), 76, (views.len() as u16 + 4).clamp(6, 20));
    frame.render_widget(Clear, area);
    let b = boxed(app, "Saved views (Enter opens, Esc closes)");
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let w = inner.width as usize;
    let e = t.ellipsis();
    let mut lines = vec![Line::from(vec![
        Span::styled("name> ", t.label()),
        Span::raw(sanitize(query, false).into_owned()),
        Span::styled("_", t.header()),
    ])];
    let room = inner.height.saturating_sub(1) as usize;
    let first = selected.saturating_sub(room.saturating_sub(1));
    for (i, v) in views.iter().enumerate().skip(first).take(room) {
        let text = format!("{:<16} {:<10} {}", fit(&v.name, 16, e), v.tab, v.filter);
        let text = fit(&text, w.saturating_sub(2), e);
        lines.push(if i == selected {
            Line::from(Span::styled(format!("{} {text}", t.cursor()), t.selected()))
        } else {
            Line::from(Span::raw(format!("  {text}")))
        });
    }
    if views.is_empty() {
        lines.push(Line::from(Span::styled(
            "  no view has this in its name",
            t.dim(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
