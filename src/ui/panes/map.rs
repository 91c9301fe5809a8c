//! The map tab: country borders (Natural Earth) and the selection's incidents as markers
//! sized and coloured by fatalities, drawn with ratatui's Canvas. In --ascii mode the
//! canvas uses dots, turned into '.', and markers are letters.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker as Dots;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::canvas::{Canvas, Circle, Line as Segment, Points};

use crate::borders::borders;
use crate::store::{Ix, Store};
use crate::ui::map_view::{MapView, Marker};
use crate::ui::theme::Theme;

/// Size class of a marker by fatalities: 0 none, 1 some, 2 ten or more, 3 fifty or more.
fn size_class(m: &Marker) -> usize {
    match m.fatalities {
        0 => 0,
        1..=9 => 1,
        10..=49 => 2,
        _ => 3,
    }
}

fn colour(t: &Theme, class: usize) -> Color {
    if !t.color {
        return Color::Reset;
    }
    [Color::Cyan, Color::Yellow, Color::LightRed, Color::Red][class]
}

/// Markers in view merged per screen cell (figures summed, placed at the busiest), so a
/// frame draws at most one marker per cell however many places the store has.
fn bin_by_cell(markers: &[Marker], xb: [f64; 2], yb: [f64; 2], area: Rect) -> Vec<Marker> {
    let (w, h) = (area.width.max(1) as usize, area.height.max(1) as usize);
    let mut grid: Vec<Option<(Marker, u32)>> = vec![None; w * h];
    for m in markers {
        if m.lon < xb[0] || m.lon > xb[1] || m.lat < yb[0] || m.lat > yb[1] {
            continue;
        }
        let cx = (((m.lon - xb[0]) / (xb[1] - xb[0]) * w as f64) as usize).min(w - 1);
        let cy = (((yb[1] - m.lat) / (yb[1] - yb[0]) * h as f64) as usize).min(h - 1);
        match &mut grid[cy * w + cx] {
            Some((merged, best)) => {
                merged.fatalities += m.fatalities;
                if m.incidents > *best {
                    (merged.lon, merged.lat, merged.town, *best) =
                        (m.lon, m.lat, m.town, m.incidents);
                }
                merged.incidents += m.incidents;
            }
            slot => *slot = Some((m.clone(), m.incidents)),
        }
    }
    let mut out: Vec<Marker> = grid.into_iter().flatten().map(|(m, _)| m).collect();
    out.sort_by_key(|m| (m.incidents, m.fatalities));
    out
}

/// What the map pane reads: the store, the theme, the map's view and the records selected
/// in the towns and incidents lists (marked on the map).
pub struct MapScene<'a> {
    pub store: &'a Store,
    pub theme: &'a Theme,
    pub view: &'a MapView,
    pub town: Option<Ix>,
    pub incident: Option<Ix>,
}

pub fn draw(
    frame: &mut Frame,
    scene: &MapScene,
    area: Rect,
    block: ratatui::widgets::Block<'static>,
) {
    let t = scene.theme;
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 3 || inner.width < 10 {
        return;
    }
    let legend_area = Rect::new(inner.x, inner.bottom() - 1, inner.width, 1);
    // A line listing the towns new to an actor, when there are any and room for it.
    let expanding = &scene.view.expanding;
    let list_line = u16::from(!expanding.is_empty() && inner.height >= 8);
    let map_area = Rect::new(inner.x, inner.y, inner.width, inner.height - 1 - list_line);
    let (xb, yb) = scene.view.bounds(map_area.width, map_area.height);
    let in_view = |x: f64, y: f64| x >= xb[0] && x <= xb[1] && y >= yb[0] && y <= yb[1];
    let selected_town = scene.town.map(|ix| scene.store.town(ix));
    let selected_incident = scene.incident.map(|ix| scene.store.incident(ix));
    // One dot is this many degrees wide (braille: 2 per cell; dots: 1 per cell).
    let per_dot = (xb[1] - xb[0]) / map_area.width.max(1) as f64 / if t.ascii { 1.0 } else { 2.0 };
    let border_colour = if t.color {
        Color::DarkGray
    } else {
        Color::Reset
    };
    let markers = &scene.view.markers;
    let cells = bin_by_cell(markers, xb, yb, map_area);
    let canvas = Canvas::default()
        .marker(if t.ascii { Dots::Dot } else { Dots::Braille })
        .x_bounds(xb)
        .y_bounds(yb)
        .paint(|ctx| {
            for poly in borders() {
                let b = poly.bbox;
                if b.2 < xb[0] || b.0 > xb[1] || b.3 < yb[0] || b.1 > yb[1] {
                    continue;
                }
                // Skip points closer than a dot to the last one drawn: at a wide view a
                // coastline of thousands of points becomes a few dozen segments.
                let mut last = poly.points[0];
                let n = poly.points.len();
                for (k, &p) in poly.points.iter().enumerate().skip(1) {
                    let far = (p.0 - last.0).abs() >= per_dot || (p.1 - last.1).abs() >= per_dot;
                    if !far && k + 1 < n {
                        continue;
                    }
                    ctx.draw(&Segment {
                        x1: last.0,
                        y1: last.1,
                        x2: p.0,
                        y2: p.1,
                        color: border_colour,
                    });
                    last = p;
                }
            }
            ctx.layer();
            if t.ascii {
                return;
            }
            for m in &cells {
                let class = size_class(m);
                let c = colour(t, class);
                ctx.draw(&Points {
                    coords: &[(m.lon, m.lat)],
                    color: c,
                });
                if class > 0 {
                    ctx.draw(&Circle {
                        x: m.lon,
                        y: m.lat,
                        radius: per_dot * (class as f64 * 1.5),
                        color: c,
                    });
                }
            }
        });
    frame.render_widget(canvas, map_area);

    let buf = frame.buffer_mut();
    let cell_of = |x: f64, y: f64| -> Option<(u16, u16)> {
        if !in_view(x, y) {
            return None;
        }
        let cx = ((x - xb[0]) / (xb[1] - xb[0]) * map_area.width as f64) as u16;
        let cy = ((yb[1] - y) / (yb[1] - yb[0]) * map_area.height as f64) as u16;
        Some((
            map_area.x + cx.min(map_area.width - 1),
            map_area.y + cy.min(map_area.height - 1),
        ))
    };
    if t.ascii {
        // Dots become '.', markers letters by size: o O @ #.
        for y in map_area.top()..map_area.bottom() {
            for x in map_area.left()..map_area.right() {
                if buf[(x, y)].symbol() == "•" {
                    buf[(x, y)].set_symbol(".");
                }
            }
        }
        for m in &cells {
            if let Some(p) = cell_of(m.lon, m.lat) {
                let class = size_class(m);
                buf[p].set_symbol(["o", "O", "@", "#"][class]);
                buf[p].set_style(Style::new().fg(colour(t, class)));
            }
        }
    }
    // Town labels where there is room, busiest first; the selection always.
    let mut taken: Vec<(u16, u16, u16)> = Vec::new();
    let mut label =
        |buf: &mut ratatui::buffer::Buffer, x: f64, y: f64, text: &str, style: Style| {
            let Some((cx, cy)) = cell_of(x, y) else {
                return false;
            };
            let text = crate::text::sanitize(text, false);
            let w = unicode_width::UnicodeWidthStr::width(text.as_ref()) as u16;
            let start = cx + 1;
            if start + w > map_area.right() {
                return false;
            }
            if taken
                .iter()
                .any(|&(tx, ty, tw)| ty == cy && start < tx + tw + 1 && tx < start + w + 1)
            {
                return false;
            }
            buf.set_string(start, cy, text, style);
            taken.push((start, cy, w));
            true
        };
    // Towns new to an actor: their own mark and style, over the incident markers.
    let new_mark = if t.ascii { "*" } else { "◇" };
    for e in expanding {
        let town = scene.store.town(e.town);
        if let (Some(lon), Some(lat)) = (town.lon, town.lat)
            && let Some(p) = cell_of(lon, lat)
        {
            buf[p].set_symbol(new_mark);
            buf[p].set_style(t.contested());
        }
    }
    if list_line == 1 {
        let mut names: Vec<String> = Vec::new();
        for e in expanding {
            let item = format!("{} in {}", e.actor_name, scene.store.town(e.town).name);
            if !names.contains(&item) {
                names.push(item);
            }
        }
        let mut towns: Vec<Ix> = expanding.iter().map(|e| e.town).collect();
        towns.sort_unstable();
        towns.dedup();
        let text = format!(
            " {new_mark} {} new to an actor in the period (none in its look-back): {}",
            crate::text::count(towns.len() as u64, "town"),
            names.join(", ")
        );
        let y = inner.bottom() - 2;
        let text = crate::ui::widgets::fit(&text, inner.width as usize, t.ellipsis());
        buf.set_string(inner.x, y, text, t.contested());
    }
    let marker_style = t.highlight();
    if let Some(inc) = selected_incident
        && let (Some(lon), Some(lat)) = (inc.lon, inc.lat)
        && let Some(p) = cell_of(lon, lat)
    {
        buf[p].set_symbol(if t.ascii { "X" } else { "◆" });
        buf[p].set_style(marker_style);
        label(
            buf,
            lon,
            lat,
            &format!("{} {}", inc.date, scene.store.town_name(&inc.town)),
            marker_style,
        );
    }
    if let Some(town) = selected_town
        && let (Some(lon), Some(lat)) = (town.lon, town.lat)
        && let Some(p) = cell_of(lon, lat)
    {
        buf[p].set_symbol(if t.ascii { "T" } else { "▲" });
        buf[p].set_style(marker_style);
        label(buf, lon, lat, &town.name, marker_style);
    }
    let mut labelled = 0;
    // A label per ~150 cells keeps the borders readable at 80x24.
    let max_labels = (map_area.width as usize * map_area.height as usize / 150).clamp(3, 40);
    for m in cells.iter().rev() {
        if labelled >= max_labels {
            break;
        }
        if let Some(town) = m.town
            && label(buf, m.lon, m.lat, &scene.store.town(town).name, t.label())
        {
            labelled += 1;
        }
    }
    if scene.view.center.is_some()
        && let Some(p) = cell_of((xb[0] + xb[1]) / 2.0, (yb[0] + yb[1]) / 2.0)
    {
        buf[p].set_symbol("+");
        buf[p].set_style(t.header());
    }
    let shown: u32 = markers
        .iter()
        .filter(|m| in_view(m.lon, m.lat))
        .map(|m| m.incidents)
        .sum();
    let total: u32 = markers.iter().map(|m| m.incidents).sum();
    let key = if t.ascii {
        "killed: o 0, O 1-9, @ 10-49, # 50+"
    } else {
        "rings widen with deaths: 1-9, 10-49, 50+"
    };
    let sep = if t.ascii { "-" } else { "·" };
    let legend = Line::from(vec![
        Span::styled(
            format!(
                " {shown}/{total} incidents in view {sep} {}{key} ",
                match scene.view.imprecise {
                    0 => String::new(),
                    n => format!("{n} placed only by region, not drawn {sep} "),
                }
            ),
            t.dim(),
        ),
        Span::styled(
            format!(
                "lon {:.1}..{:.1} lat {:.1}..{:.1} ",
                xb[0], xb[1], yb[0], yb[1]
            ),
            t.dim(),
        ),
    ]);
    frame.render_widget(Paragraph::new(legend), legend_area);
}
