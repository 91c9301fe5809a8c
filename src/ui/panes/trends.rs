//! The Trends tab: a chart of the selection's incidents or fatalities per period (each
//! series in its own colour and marker, so it reads without colour and in ASCII), and under
//! it the pivot table or the changes table. Reads `TrendsView` only: every figure was
//! computed in `App::update`.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::Block;
use ratatui::widgets::canvas::{Canvas, Line as Segment};
use unicode_width::UnicodeWidthStr;

use crate::trend::Measure;
use crate::trend::series::OTHERS;
use crate::ui::theme::Theme;
use crate::ui::trends_view::{SortCol, TableView, TrendResult, TrendsView};
use crate::ui::widgets::fit;

/// What the pane reads.
pub struct TrendsScene<'a> {
    pub theme: &'a Theme,
    pub view: &'a TrendsView,
}

/// Series markers, in rank order; the last is "others".
const MARKS: [&str; 7] = ["●", "■", "▲", "◆", "▼", "□", "·"];
const ASCII_MARKS: [&str; 7] = ["o", "#", "^", "*", "v", "x", "."];
const COLOURS: [Color; 7] = [
    Color::Cyan,
    Color::Yellow,
    Color::Magenta,
    Color::Green,
    Color::LightRed,
    Color::Blue,
    Color::DarkGray,
];

/// The marker and style of series `i` of `n` (the "others" series gets the last).
fn mark(t: &Theme, i: usize, others: bool) -> (&'static str, Style) {
    let k = if others { 6 } else { i.min(5) };
    let m = if t.ascii { ASCII_MARKS[k] } else { MARKS[k] };
    let style = if t.color {
        Style::new().fg(COLOURS[k])
    } else {
        Style::new()
    };
    (m, style)
}

fn sep(t: &Theme) -> &'static str {
    if t.ascii { "-" } else { "·" }
}

/// The pane's title: what is counted, per what, split how, which table.
pub fn title(v: &TrendsView, t: &Theme) -> String {
    let s = sep(t);
    let every = v.result.as_ref().map_or("period", |r| r.trend.every.key());
    let split = v.split.map_or("none", |d| d.key());
    let table = match v.table {
        TableView::Pivot => format!("pivot by {}", v.rows.key()),
        TableView::Changes => format!("changes by {}", v.changes_by.key()),
    };
    format!(
        "Trends {s} {} per {every} {s} split {split} {s} {table}",
        v.measure.key()
    )
}

pub fn draw(frame: &mut Frame, scene: &TrendsScene, area: Rect, block: Block<'static>) {
    let t = scene.theme;
    let v = scene.view;
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 4 || inner.width < 20 {
        return;
    }
    let Some(r) = &v.result else {
        let buf = frame.buffer_mut();
        buf.set_string(inner.x, inner.y, " no incidents in the store", t.dim());
        return;
    };
    let s = sep(t);
    let mut summary = format!(
        " {} incident(s), {} to {} {s} {} per {}",
        r.incidents,
        r.since,
        r.until,
        r.pivot.measure.key(),
        r.trend.every.key()
    );
    if r.pivot.measure == Measure::Fatalities && r.pivot.total.fatalities_unknown() > 0 {
        summary.push_str(&format!(
            " ({} with no figure, not counted)",
            r.pivot.total.fatalities_unknown()
        ));
    }
    let w = inner.width as usize;
    frame
        .buffer_mut()
        .set_string(inner.x, inner.y, fit(&summary, w, t.ellipsis()), t.dim());
    let rest = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
    let show_chart = v.table == TableView::Pivot || rest.height >= 30;
    let chart_h = if show_chart {
        (rest.height * 45 / 100).clamp(6.min(rest.height), 16)
    } else {
        0
    };
    let chart = Rect::new(rest.x, rest.y, rest.width, chart_h);
    let table = Rect::new(rest.x, rest.y + chart_h, rest.width, rest.height - chart_h);
    if chart_h >= 4 {
        draw_chart(frame, t, r, chart);
    }
    let buf = frame.buffer_mut();
    match v.table {
        TableView::Pivot => draw_pivot(buf, t, v, r, table),
        TableView::Changes => draw_changes(buf, t, v, table),
    }
}

/// A round number at or above `v`: 1, 2 or 5 times a power of ten.
fn nice_ceiling(v: u64) -> u64 {
    let mut p = 1u64;
    loop {
        for m in [1, 2, 5] {
            if p.saturating_mul(m) >= v {
                return p.saturating_mul(m);
            }
        }
        if p > u64::MAX / 10 {
            return v;
        }
        p *= 10;
    }
}

fn draw_chart(frame: &mut Frame, t: &Theme, r: &TrendResult, area: Rect) {
    let series = &r.trend.series;
    let n = r.trend.periods.len();
    let m = r.trend.measure;
    // The legend: "● Kayes 13", wrapped onto up to two lines.
    let w = area.width as usize;
    let name_w = if w >= 110 { 22 } else { 14 };
    let items: Vec<(String, Style)> = series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (mk, style) = mark(t, i, s.name == OTHERS);
            let name = fit(&s.name, name_w, t.ellipsis());
            (format!("{mk} {} {}", name.trim_end(), s.total), style)
        })
        .collect();
    let mut legend: Vec<Vec<(String, Style)>> = vec![Vec::new()];
    let mut used = 1;
    for (text, style) in items {
        let tw = text.width() + 2;
        if used + tw > w && !legend.last().is_some_and(Vec::is_empty) {
            legend.push(Vec::new());
            used = 1;
        }
        used += tw;
        if let Some(line) = legend.last_mut() {
            line.push((text, style));
        }
    }
    legend.truncate(2);
    let plot_h = area.height.saturating_sub(1 + legend.len() as u16);
    if plot_h < 2 || n == 0 {
        return;
    }
    let ymax = nice_ceiling(
        series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.value(m)))
            .max()
            .unwrap_or(0)
            .max(1),
    );
    let ylab_w = ymax.to_string().len() as u16;
    let x0 = area.x + ylab_w + 1;
    let plot_w = area.width.saturating_sub(ylab_w + 2);
    if plot_w < 4 {
        return;
    }
    let plot = Rect::new(x0, area.y, plot_w, plot_h);
    let col_of = |p: usize| -> u16 {
        if n == 1 {
            plot_w / 2
        } else {
            (p as u64 * (plot_w as u64 - 1) / (n as u64 - 1)) as u16
        }
    };
    let row_of = |v: u64| -> u16 {
        let f = v as f64 / ymax as f64;
        ((1.0 - f) * (plot_h - 1) as f64).round() as u16
    };
    // Lines first (Unicode only), then the markers over them, the top series last.
    if !t.ascii && n > 1 {
        let canvas = Canvas::default()
            .marker(ratatui::symbols::Marker::Braille)
            .x_bounds([0.0, (plot_w - 1) as f64])
            .y_bounds([0.0, (plot_h - 1) as f64])
            .paint(|ctx| {
                for (i, s) in series.iter().enumerate().rev() {
                    let (_, style) = mark(t, i, s.name == OTHERS);
                    let colour = style.fg.unwrap_or(Color::Reset);
                    for p in 1..n {
                        let y = |v: u64| (plot_h - 1) as f64 - row_of(v) as f64;
                        ctx.draw(&Segment {
                            x1: col_of(p - 1) as f64,
                            y1: y(s.points[p - 1].value(m)),
                            x2: col_of(p) as f64,
                            y2: y(s.points[p].value(m)),
                            color: colour,
                        });
                    }
                }
            });
        frame.render_widget(canvas, plot);
    }
    let buf = frame.buffer_mut();
    // The y axis: its top, middle and zero, and the axis line.
    let axis = if t.ascii { "|" } else { "│" };
    for row in 0..plot_h {
        buf.set_string(x0 - 1, area.y + row, axis, t.dim());
    }
    let ylabel = |buf: &mut Buffer, row: u16, v: u64| {
        let s = format!("{v:>w$}", w = ylab_w as usize);
        buf.set_string(area.x, area.y + row, s, t.dim());
    };
    ylabel(buf, 0, ymax);
    if plot_h >= 5 && ymax.is_multiple_of(2) {
        ylabel(buf, row_of(ymax / 2), ymax / 2);
    }
    ylabel(buf, plot_h - 1, 0);
    for (i, s) in series.iter().enumerate().rev() {
        let (mk, style) = mark(t, i, s.name == OTHERS);
        for (p, point) in s.points.iter().enumerate() {
            let (cx, cy) = (x0 + col_of(p), area.y + row_of(point.value(m)));
            buf.set_string(cx, cy, mk, style);
        }
    }
    // The x axis: period labels (with their years) where they fit, first and last always.
    let label_y = area.y + plot_h;
    let labels: Vec<&str> = r.trend.periods.iter().map(|s| s.label.as_str()).collect();
    let lw = labels.iter().map(|l| l.width()).max().unwrap_or(0) as u16;
    let place = |p: usize| -> u16 {
        let c = x0 + col_of(p);
        c.saturating_sub(lw / 2)
            .max(x0)
            .min(area.right().saturating_sub(lw))
    };
    let last_x = place(n - 1);
    let mut next_free = area.x;
    for (p, l) in labels.iter().enumerate() {
        let x = place(p);
        let last = p == n - 1;
        if x < next_free || (!last && x + lw + 2 > last_x && n > 1) {
            continue;
        }
        buf.set_string(x, label_y, *l, t.dim());
        next_free = x + lw + 2;
    }
    for (k, line) in legend.iter().enumerate() {
        let mut x = area.x + 1;
        for (text, style) in line {
            buf.set_string(x, label_y + 1 + k as u16, text, *style);
            x += text.width() as u16 + 2;
        }
    }
}

/// "+4", "-2", "0".
fn signed(x: i64) -> String {
    if x == 0 { "0".into() } else { format!("{x:+}") }
}

/// "+4 +133%", "+3 new", "0", "n/a".
fn change_text(d: &crate::trend::compare::PeriodChange) -> String {
    match (d.delta(), d.percent()) {
        (Some(x), Some(p)) => format!("{} {}%", signed(x), signed(p)),
        (Some(x), None) if x != 0 => format!("{} new", signed(x)),
        (Some(x), None) => signed(x),
        (None, _) => "n/a".into(),
    }
}

fn draw_pivot(buf: &mut Buffer, t: &Theme, v: &TrendsView, r: &TrendResult, area: Rect) {
    if area.height < 3 {
        return;
    }
    let p = &r.pivot;
    let m = p.measure;
    let n = p.columns.len();
    let w = area.width as usize;
    let total = p.total.value(m);
    let partial: Vec<bool> = p
        .periods
        .as_deref()
        .unwrap_or(&[])
        .iter()
        .map(|s| s.partial)
        .collect();
    let arrow = match (t.ascii, v.descending) {
        (true, true) => "v",
        (true, false) => "^",
        (false, true) => "▼",
        (false, false) => "▲",
    };
    let head = |label: String, col: SortCol| -> String {
        if v.sort == col {
            format!("{label}{arrow}")
        } else {
            label
        }
    };
    // Layout: header, rows, the totals row, then notes; only the rows in view are
    // formatted (a pivot by town can have thousands).
    let notes = 1 + usize::from(partial.iter().any(|&b| b));
    let body_h = (area.height as usize).saturating_sub(2 + notes).max(1);
    let nrows = p.rows.len();
    let sel = v.row;
    let offset = if sel >= nrows {
        nrows.saturating_sub(body_h)
    } else {
        sel.saturating_sub(body_h - 1)
    };
    let visible: &[usize] =
        &v.order[offset.min(v.order.len())..(offset + body_h).min(v.order.len())];
    // Column texts: the header, the rows in view, then the totals row.
    let period_texts: Vec<Vec<String>> = (0..n)
        .map(|c| {
            let mut label = p.columns[c].clone();
            if partial.get(c) == Some(&true) {
                label.push('*');
            }
            let mut col = vec![head(label, SortCol::Period(c))];
            col.extend(
                visible
                    .iter()
                    .map(|&i| p.cells[i].get(c).map_or(0, |x| x.value(m)).to_string()),
            );
            col.push(p.column_totals[c].value(m).to_string());
            col
        })
        .collect();
    let share = |x: u64| {
        if total == 0 {
            "-".to_string()
        } else {
            format!("{:.1}%", x as f64 * 100.0 / total as f64)
        }
    };
    let mut total_col = vec![head("total".into(), SortCol::Total)];
    let mut share_col = vec!["share".to_string()];
    let mut change_col = vec![head("change".into(), SortCol::Change)];
    for &i in visible {
        let x = p.row_totals[i].value(m);
        total_col.push(x.to_string());
        share_col.push(share(x));
        change_col.push(r.deltas.get(i).map_or_else(String::new, change_text));
    }
    total_col.push(total.to_string());
    share_col.push(share(total));
    change_col.push(r.deltas.last().map_or_else(String::new, change_text));
    let width_of = |col: &[String]| col.iter().map(|s| s.width()).max().unwrap_or(0);
    let (tw, sw, chw) = (
        width_of(&total_col),
        width_of(&share_col),
        width_of(&change_col),
    );
    let widest_name = p
        .rows
        .iter()
        .map(|s| s.width())
        .max()
        .unwrap_or(0)
        .max(p.rows_by.key().len() + 2);
    let name_w = widest_name.clamp(8, (w / 4).max(8));
    let fixed = 2 + name_w + (tw + 1) + (sw + 1) + (chw + 1);
    let pw: Vec<usize> = period_texts.iter().map(|c| width_of(c)).collect();
    // As many periods as fit, the newest first, keeping the selected one in view.
    let room = w.saturating_sub(fixed);
    // How many of `widths` fit in `room`, each with a space before it.
    let fitting = |widths: &mut dyn Iterator<Item = &usize>| -> usize {
        let mut used = 0;
        widths
            .take_while(|&&x| {
                used += x + 1;
                used <= room
            })
            .count()
    };
    let mut k = fitting(&mut pw.iter().rev());
    let mut start = n - k;
    if v.col < start {
        // The selected column first, and as many after it as fit.
        start = v.col;
        k = fitting(&mut pw[start..].iter());
    }
    let shown: Vec<usize> = (start..start + k).collect();
    let right = |s: &str, width: usize| format!("{s:>width$}");
    let mut y = area.y;
    let put_row = |buf: &mut Buffer, y: u16, idx: Option<usize>, name: &str, texts: usize| {
        // `texts`: the index into each column's texts (0 = header).
        let is_sel = idx.is_some_and(|i| i == sel);
        let base = if texts == 0 { t.label() } else { Style::new() };
        let marker = if is_sel { t.cursor() } else { " " };
        let mut x = area.x;
        buf.set_string(x, y, format!("{marker} "), base);
        x += 2;
        buf.set_string(x, y, fit(name, name_w, t.ellipsis()), base);
        x += name_w as u16;
        let cell = |buf: &mut Buffer, x: &mut u16, text: &str, width: usize, col: usize| {
            let style = if is_sel && v.col == col {
                t.selected()
            } else {
                base
            };
            buf.set_string(*x, y, " ", base);
            buf.set_string(*x + 1, y, right(text, width), style);
            *x += width as u16 + 1;
        };
        for &c in &shown {
            cell(buf, &mut x, &period_texts[c][texts], pw[c], c);
        }
        cell(buf, &mut x, &total_col[texts], tw, n);
        cell(buf, &mut x, &share_col[texts], sw, n + 1);
        cell(buf, &mut x, &change_col[texts], chw, n + 2);
    };
    let rows_label = if start > 0 {
        format!("{} {}", p.rows_by.key(), t.ellipsis())
    } else {
        p.rows_by.key().to_string()
    };
    put_row(buf, y, None, &rows_label, 0);
    y += 1;
    for (k, &i) in visible.iter().enumerate() {
        put_row(buf, y, Some(offset + k), &p.rows[i], k + 1);
        y += 1;
    }
    if nrows == 0 {
        buf.set_string(area.x + 2, y, "no incidents pass the filters", t.dim());
        y += 1;
    }
    put_row(buf, y, Some(nrows), "total", visible.len() + 1);
    y += 1;
    let note = match r.deltas.last() {
        Some(d) if d.previous.is_some() => format!(
            "change: {} to {} against {} to {}",
            d.since, d.until, d.prev_since, d.prev_until
        ),
        Some(d) => format!(
            "change: n/a, the {} days before {} are outside the dates or the store's coverage",
            (d.until - d.since).num_days() + 1,
            d.since
        ),
        None => String::new(),
    };
    let mut notes_lines = vec![note];
    if partial.iter().any(|&b| b) {
        notes_lines.push("* a partial period (cut by the dates or the coverage)".into());
    }
    for line in notes_lines {
        if y >= area.bottom() {
            break;
        }
        buf.set_string(area.x + 1, y, fit(&line, w - 1, t.ellipsis()), t.dim());
        y += 1;
    }
}

fn draw_changes(buf: &mut Buffer, t: &Theme, v: &TrendsView, area: Rect) {
    if area.height < 3 {
        return;
    }
    let w = area.width as usize;
    let Some(c) = &v.changes else {
        buf.set_string(
            area.x + 1,
            area.y,
            "no changes: the store is empty",
            t.dim(),
        );
        return;
    };
    let rule = crate::text::wrap(&c.rule, w.saturating_sub(2));
    // The table keeps at least a header and three rows; the rule gets the rest.
    let rows_h = (area.height as usize)
        .saturating_sub(1 + rule.len())
        .max(4.min(area.height as usize - 1));
    let num = |s: String| format!("{s:>9}");
    let name_w = w.saturating_sub(2 + 9 * 3 + 2 + 26).clamp(8, 30);
    let header = format!(
        "  {}{}{}{}  {}",
        fit(c.by.key(), name_w, t.ellipsis()),
        num("now".into()),
        num("before".into()),
        num("expected".into()),
        "band"
    );
    let mut y = area.y;
    buf.set_string(area.x, y, fit(&header, w, t.ellipsis()), t.label());
    y += 1;
    let body = rows_h.saturating_sub(1).max(1);
    let sel = v.change_row;
    let offset = sel.saturating_sub(body - 1);
    for (k, item) in c.items.iter().enumerate().skip(offset).take(body) {
        let is_sel = k == sel;
        let marker = if is_sel { t.cursor() } else { " " };
        let line = format!(
            "{marker} {}{}{}{}  {}",
            fit(&item.name, name_w, t.ellipsis()),
            num(item.current.to_string()),
            num(item.baseline_incidents.to_string()),
            num(format!("{:.2}", item.expected)),
            item.describe()
        );
        let style = if is_sel { t.selected() } else { Style::new() };
        buf.set_string(area.x, y, fit(&line, w, t.ellipsis()), style);
        y += 1;
    }
    if c.items.is_empty() {
        buf.set_string(
            area.x + 2,
            y,
            "no incidents in the period or its baseline",
            t.dim(),
        );
        y += 1;
    }
    for line in rule {
        if y >= area.bottom() {
            break;
        }
        buf.set_string(area.x + 1, y, line, t.dim());
        y += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_tops_are_round_numbers_at_or_above_the_peak() {
        assert_eq!(nice_ceiling(1), 1);
        assert_eq!(nice_ceiling(3), 5);
        assert_eq!(nice_ceiling(12), 20);
        assert_eq!(nice_ceiling(50), 50);
        assert_eq!(nice_ceiling(51), 100);
    }

    #[test]
    fn every_series_has_its_own_marker_in_both_modes() {
        for ascii in [false, true] {
            let t = Theme::new(false, ascii);
            let mut marks: Vec<&str> = (0..6).map(|i| mark(&t, i, false).0).collect();
            marks.push(mark(&t, 0, true).0);
            let mut unique = marks.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), 7, "{marks:?}");
            if ascii {
                assert!(marks.iter().all(|m| m.is_ascii()));
            }
        }
    }
}
