//! Drawing: reads the app's state, never changes it. Only visible rows are formatted, so a
//! frame costs the same at a hundred incidents or a million.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Overlay};
use super::keys::HintLine;
use super::layout::{MIN_HEIGHT, MIN_WIDTH, tab_labels};
use super::nav::{Location, Screen, Tab};
use super::panes;
use super::widgets::fit;
use crate::text::sanitize;

pub fn draw(frame: &mut Frame, app: &App) {
    let areas = app.areas();
    let t = &app.theme;
    if areas.too_small {
        let msg = format!(
            "terminal too small: {}x{}, need {MIN_WIDTH}x{MIN_HEIGHT}",
            app.width, app.height
        );
        frame.render_widget(
            Paragraph::new(msg).wrap(ratatui::widgets::Wrap { trim: true }),
            areas.full,
        );
        return;
    }
    draw_title(frame, app, areas.title);
    draw_tabs(frame, app, areas.tabs);
    draw_crumbs(frame, app, areas.crumbs);
    if let (Some(area), Some(tab)) = (areas.list, app.tab()) {
        draw_list(frame, app, tab, area);
    }
    if let Some(area) = areas.detail {
        draw_detail(frame, app, area);
    }
    draw_status(frame, app, areas.status);
    draw_hints(frame, app, areas.hints);
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help { scroll } => draw_help(frame, app, *scroll),
        Overlay::Notice { scroll } => draw_notice(frame, app, *scroll),
        Overlay::Filter { .. } => {} // drawn in the hints line
        Overlay::Search(s) => super::search_view::draw(frame, app, s),
        Overlay::Columns(c) => super::columns_view::draw(frame, app, c),
        Overlay::Message(m) => super::columns_view::draw_message(frame, app, m),
        Overlay::Note { .. }
        | Overlay::ViewName { .. }
        | Overlay::Views { .. }
        | Overlay::Tags(_) => super::workspace_view::draw(frame, app),
    }
    let _ = t;
}

fn block(app: &App, title: &str, focused: bool) -> Block<'static> {
    let t = &app.theme;
    let style = if focused { t.header() } else { t.dim() };
    Block::default()
        .borders(Borders::ALL)
        .border_set(t.border())
        .border_style(style)
        .title(Span::styled(format!(" {title} "), style))
}

fn draw_title(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let meta = &app.store.meta;
    let mut spans = vec![Span::styled(" sitrep ", t.selected())];
    // The warning must always show in full: fall back to its short form, then drop the title.
    let warning = match meta.content.warning() {
        Some(w) if w.width() + 3 + 9 + 10 > area.width as usize => meta.content.short_warning(),
        other => other,
    };
    let room = (area.width as usize).saturating_sub(9 + warning.map_or(0, |w| w.width() + 3));
    spans.push(Span::styled(
        format!(" {}", fit(&meta.title, room, t.ellipsis())),
        t.header(),
    ));
    if let Some(w) = warning {
        spans.push(Span::styled(format!(" {w} "), t.warning()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_tabs(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let mut spans = vec![Span::raw(" ")];
    for (tab, label, ..) in tab_labels() {
        let style = if app.screen == Screen::List(tab) {
            t.tab_active()
        } else {
            t.dim()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    if let Screen::Report(_) = app.screen {
        spans.push(Span::styled(" Report ", t.tab_active()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn crumb_label(app: &App, loc: &Location) -> String {
    let store = &app.store;
    let name = match (loc.screen, loc.record) {
        (Screen::Report(r), _) => format!("report: {}", store.report(r).title),
        (Screen::List(tab), Some(e)) if loc.detail => {
            let l = match e {
                crate::store::EntityRef::Incident(i) => {
                    let inc = store.incident(i);
                    format!("{} {}", inc.date, store.town_name(&inc.town))
                }
                other => store.label(other),
            };
            format!("{}: {l}", tab.title())
        }
        (Screen::List(tab), _) => tab.title().to_string(),
    };
    sanitize(&name, false).into_owned()
}

fn draw_crumbs(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let sep = t.crumb_sep();
    let upto = &app.history[..=app.history_pos.min(app.history.len().saturating_sub(1))];
    let mut parts: Vec<String> = upto
        .iter()
        .rev()
        .take(4)
        .map(|l| crumb_label(app, l))
        .collect();
    parts.reverse();
    // Keep the most recent steps; the oldest are cut first when space runs out.
    let mut text = parts.join(sep);
    if upto.len() > 4 {
        text = format!("{}{sep}{text}", t.ellipsis());
    }
    let w = area.width as usize - 1;
    if text.width() > w {
        let chars: Vec<char> = text.chars().collect();
        let mut start = 0;
        while start < chars.len() && chars[start..].iter().collect::<String>().width() + 1 > w {
            start += 1;
        }
        text = format!(
            "{}{}",
            t.ellipsis(),
            chars[start..].iter().collect::<String>()
        );
    }
    frame.render_widget(
        Paragraph::new(Span::styled(format!(" {text}"), t.dim())),
        area,
    );
}

fn draw_list(frame: &mut Frame, app: &App, tab: Tab, area: Rect) {
    let t = &app.theme;
    let list = app.list(tab);
    let focused = !app.detail.focused || app.areas().detail.is_none();
    let title = if tab == Tab::Briefing {
        "Reports"
    } else {
        tab.title()
    };
    let b = block(app, title, focused);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    if inner.height == 0 {
        return;
    }
    let width = inner.width.saturating_sub(2) as usize;
    let store = &app.store;
    let visible = inner.height.saturating_sub(1) as usize;
    let end = (list.offset + visible).min(list.rows.len());
    let on_screen = &list.rows[list.offset.min(end)..end];
    // Incidents, actors and towns draw their chosen columns (columns_view.rs).
    let (header, texts) = match tab {
        Tab::Incidents | Tab::Actors | Tab::Towns => {
            super::columns_view::list_text(app, tab, on_screen, width)
        }
        Tab::Briefing => (
            panes::brief::header(width),
            on_screen
                .iter()
                .map(|&ix| panes::brief::row(store, ix, width, t))
                .collect(),
        ),
        Tab::Map | Tab::Trends => (String::new(), Vec::new()),
    };
    let mut lines = vec![Line::from(Span::styled(format!("  {header}"), t.label()))];
    for (k, (&ix, text)) in on_screen.iter().zip(texts).enumerate() {
        let n = list.offset + k;
        let selected = n == list.selected;
        // The gutter's second column: '*' marked, else '^' added or '~' edited since the
        // previous release (--since-release), else '+' new since the last visit.
        let release = (tab == Tab::Incidents)
            .then(|| app.release_change(&store.incident(ix).id))
            .flatten()
            .map_or(' ', super::release::glyph);
        let glyph = app.workspace.as_ref().map_or(' ', |ws| {
            let id: &str = match tab {
                Tab::Incidents => &store.incident(ix).id,
                Tab::Actors => &store.actor(ix).id,
                Tab::Towns => &store.town(ix).id,
                Tab::Briefing | Tab::Map | Tab::Trends => return ' ',
            };
            if ws.is_marked(id) {
                '*'
            } else if tab == Tab::Incidents && ws.is_new(id) {
                '+'
            } else {
                ' '
            }
        });
        let glyph = if glyph == '*' || release == ' ' {
            glyph
        } else {
            release
        };
        let line = if selected {
            let marker = if focused { t.cursor() } else { " " };
            Line::from(Span::styled(format!("{marker}{glyph}{text}"), t.selected()))
        } else if glyph != ' ' {
            Line::from(vec![
                Span::styled(format!(" {glyph}"), t.header()),
                Span::raw(text),
            ])
        } else {
            let style = if tab == Tab::Incidents && store.incident(ix).has_contested_claims() {
                t.contested()
            } else {
                Style::new()
            };
            Line::from(vec![Span::raw("  "), Span::styled(text, style)])
        };
        lines.push(line);
    }
    if list.rows.is_empty() {
        let msg = if app.filters.is_empty() {
            "nothing here"
        } else {
            "no rows match the filters (x clears them)"
        };
        lines.push(Line::from(Span::styled(format!("  {msg}"), t.dim())));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_detail(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let d = &app.detail;
    let focused = d.focused || app.areas().list.is_none();
    let title = match app.screen {
        Screen::Report(_) => "Report",
        Screen::List(Tab::Incidents) => "Incident",
        Screen::List(Tab::Actors) => "Actor profile",
        Screen::List(Tab::Towns) => "Town",
        Screen::List(Tab::Briefing) => "Briefing",
        Screen::List(Tab::Map) => {
            let mut title = format!(
                "Map · {}",
                app.keymap.hint_items(HintLine::MapTitle).join(" · ")
            );
            if t.ascii {
                title = title.replace('·', "-");
            }
            let scene = panes::map::MapScene {
                store: &app.store,
                theme: &app.theme,
                view: &app.map,
                town: app.list(Tab::Towns).current(),
                incident: app.list(Tab::Incidents).current(),
            };
            panes::map::draw(frame, &scene, area, block(app, &title, true));
            return;
        }
        Screen::List(Tab::Trends) => {
            let title = panes::trends::title(&app.trends, t);
            let scene = panes::trends::TrendsScene {
                theme: &app.theme,
                view: &app.trends,
            };
            panes::trends::draw(frame, &scene, area, block(app, &title, true));
            return;
        }
    };
    let b = block(app, title, focused);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let h = inner.height as usize;
    let selected_line = d.doc.links.get(d.link).map(|(l, _)| *l).filter(|_| focused);
    let lines: Vec<Line> = d
        .doc
        .lines
        .iter()
        .enumerate()
        .skip(d.scroll)
        .take(h)
        .map(|(i, line)| {
            if Some(i) == selected_line {
                let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                let body = text.trim_start();
                Line::from(vec![
                    Span::raw(format!("{} ", t.cursor())),
                    Span::styled(body.to_string(), t.selected()),
                ])
            } else {
                line.clone()
            }
        })
        .collect();
    if lines.is_empty() {
        let p = Paragraph::new(Span::styled(" select a row to see its detail", t.dim()));
        frame.render_widget(p, inner);
        return;
    }
    frame.render_widget(Paragraph::new(lines), inner);
    // A scroll hint when the text runs past the bottom.
    let total = d.doc.lines.len();
    if total > d.scroll + h && area.height > 2 {
        let more = format!(" {}% ", ((d.scroll + h) * 100 / total.max(1)).min(100));
        let x = area.right().saturating_sub(more.width() as u16 + 1);
        frame.render_widget(
            Paragraph::new(Span::styled(more, t.dim())),
            Rect::new(x, area.bottom() - 1, area.right() - x, 1),
        );
    }
}

fn draw_status(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let mut spans = Vec::new();
    if let Some(tab) = app.tab().filter(|t| !matches!(t, Tab::Map | Tab::Trends)) {
        let list = app.list(tab);
        let pos = if list.rows.is_empty() {
            0
        } else {
            list.selected + 1
        };
        spans.push(Span::styled(
            format!(" {pos}/{} ", list.rows.len()),
            t.selected(),
        ));
        let dir = if list.descending { "desc" } else { "asc" };
        spans.push(Span::raw(format!(" sort: {} {dir} ", list.sort.label())));
    }
    // A message that would not fit takes the place of the sort, then of "no filters".
    let message_w = app.message.as_ref().map_or(0, |m| m.width() + 1);
    let used = |spans: &[Span]| spans.iter().map(|s| s.width()).sum::<usize>();
    let room = area.width as usize;
    if message_w > 0 && spans.len() == 2 && used(&spans) + 12 + message_w > room {
        spans.pop();
    }
    if app.filters.is_empty() {
        if message_w == 0 || used(&spans) + 12 + message_w <= room {
            spans.push(Span::styled(" no filters ", t.dim()));
        }
    } else {
        let mut line = app.filters.to_line();
        if let Some(set) = &app.filters.set {
            line = format!("[{}] {line}", set.label);
        }
        spans.push(Span::styled(
            format!(" filter: {} ", line.trim_end()),
            t.contested(),
        ));
    }
    if !app.store.problems.is_empty() {
        spans.push(Span::styled(
            format!(" {} load problem(s) ", app.store.problems.len()),
            t.error(),
        ));
    }
    if let Some(m) = &app.message {
        spans.push(Span::styled(format!(" {m}"), t.header()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_hints(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    if let Overlay::Filter { input, error } = &app.overlay {
        let mut spans = vec![
            Span::styled(" filter> ", t.selected()),
            Span::raw(sanitize(input, false).into_owned()),
            Span::styled("_", t.header()),
        ];
        match error {
            Some(e) => spans.push(Span::styled(format!("  {e}"), t.error())),
            None => spans.push(Span::styled(
                format!(
                    "  key:a,b -key:x since:30d actor:\"two words\" contested words (keys: Esc then ?) · {}",
                    app.keymap.hint_items(HintLine::FilterPrompt).join(" · ")
                ),
                t.dim(),
            )),
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    let line = if app.tab() == Some(Tab::Map) {
        HintLine::Map
    } else if app.tab() == Some(Tab::Trends) {
        HintLine::Trends
    } else if app.tab() == Some(Tab::Briefing) && app.detail.focused {
        HintLine::Briefing
    } else if app.detail.focused || matches!(app.screen, Screen::Report(_)) {
        HintLine::Links
    } else {
        HintLine::List
    };
    // ASCII spells "↑↓" as "j/k": a column more for each.
    let room = (area.width as usize).saturating_sub(if t.ascii { 2 } else { 0 });
    let items = app.keymap.hint_items_fitting(line, room);
    let hints = format!(" {}", items.join(" "));
    let hints = if t.ascii {
        hints
            .replace("←↑↓→", "hjkl")
            .replace("↑↓", "j/k")
            .replace('←', "h")
            .replace('·', "-")
    } else {
        hints
    };
    frame.render_widget(Paragraph::new(Span::styled(hints, t.dim())), area);
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

fn draw_help(frame: &mut Frame, app: &App, scroll: usize) {
    let area = centered(frame.area(), 76, 24);
    frame.render_widget(Clear, area);
    let b = block(app, "Help: keys (Esc closes)", true);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let lines: Vec<Line> = help_lines(app, inner.width as usize)
        .into_iter()
        .skip(scroll)
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The filter grammar's rows for the help: how terms combine, then every key.
fn filter_help_rows() -> impl Iterator<Item = (&'static str, &'static str)> {
    use crate::search::filters::{KEYS, RULES};
    RULES
        .iter()
        .copied()
        .chain(KEYS.iter().map(|k| (k.syntax, k.help)))
}

/// Every line of the help at this inner width: the keys (from the bindings table), then the
/// filter line's grammar.
fn help_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let (key_w, desc_w) = help_columns(app, width);
    let mut lines: Vec<Line> = Vec::new();
    let rows = |lines: &mut Vec<Line>, rows: &mut dyn Iterator<Item = (&str, &str)>| {
        for (k, d) in rows {
            // Descriptions wrap under themselves so nothing is cut at 80 columns.
            for (i, part) in super::widgets::wrap(d, desc_w).into_iter().enumerate() {
                let key = if i == 0 {
                    fit(k, key_w, t.ellipsis())
                } else {
                    " ".repeat(key_w)
                };
                lines.push(Line::from(vec![
                    Span::styled(key, t.label()),
                    Span::raw(" "),
                    Span::raw(part),
                ]));
            }
        }
    };
    rows(&mut lines, &mut app.keymap.help_rows());
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "Mouse: click a tab or a row (click again to open), wheel scrolls.",
        t.dim(),
    )));
    lines.push(Line::from(Span::styled(
        "A '!' marks incidents with contested claims.",
        t.dim(),
    )));
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "Filter line (f, or --filter on the command line)",
        t.header(),
    )));
    rows(&mut lines, &mut filter_help_rows());
    lines
}

/// The help's key and description columns in `width`: the keys as wide as the widest row's
/// (so no key name is cut), up to half the width.
fn help_columns(app: &App, width: usize) -> (usize, usize) {
    let widest = app
        .keymap
        .help_rows()
        .map(|(k, _)| k.width())
        .chain(filter_help_rows().map(|(k, _)| k.width()))
        .max()
        .unwrap_or(0);
    let key_w = widest.min(width / 2);
    (key_w, width.saturating_sub(key_w + 1))
}

/// How far the help overlay can scroll at this size (its last line at the bottom).
pub fn help_max_scroll(app: &App) -> usize {
    let area = centered(
        ratatui::layout::Rect::new(0, 0, app.width, app.height),
        76,
        24,
    );
    let lines = help_lines(app, area.width.saturating_sub(2) as usize).len();
    lines.saturating_sub(area.height.saturating_sub(2) as usize)
}

/// How far the load-problems notice can scroll.
pub fn notice_max_scroll(app: &App) -> usize {
    let area = centered(
        ratatui::layout::Rect::new(0, 0, app.width, app.height),
        100,
        20,
    );
    let lines = notice_lines(app, area.width.saturating_sub(2) as usize).len();
    lines.saturating_sub(area.height.saturating_sub(2) as usize)
}

fn draw_notice(frame: &mut Frame, app: &App, scroll: usize) {
    let t = &app.theme;
    let problems = &app.store.problems;
    let area = centered(frame.area(), 100, 20);
    frame.render_widget(Clear, area);
    let skipped = problems.iter().filter(|p| p.skipped).count();
    let title = format!(
        "{} problem(s) at load, {skipped} record(s) skipped (Esc dismisses)",
        problems.len()
    );
    let b = block(app, &title, true);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let lines: Vec<Line> = notice_lines(app, inner.width as usize)
        .into_iter()
        .skip(scroll)
        .take(inner.height as usize)
        .map(|(text, skipped)| {
            let style = if skipped { t.error() } else { Style::new() };
            Line::from(Span::styled(text, style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The load problems wrapped to `width`, continuation lines indented; flag = record skipped.
/// Capped so a store with a million bad rows does not wrap them all on every frame.
fn notice_lines(app: &App, width: usize) -> Vec<(String, bool)> {
    const SHOWN: usize = 2000;
    let problems = &app.store.problems;
    let mut out = Vec::new();
    for p in problems.iter().take(SHOWN) {
        for (i, part) in super::widgets::wrap(&p.to_string(), width.saturating_sub(2))
            .into_iter()
            .enumerate()
        {
            let indent = if i == 0 { "" } else { "  " };
            out.push((format!("{indent}{part}"), p.skipped));
        }
    }
    if problems.len() > SHOWN {
        let more = format!(
            "... and {} more: run `sitrep validate` for all",
            problems.len() - SHOWN
        );
        out.push((more, false));
    }
    out
}
