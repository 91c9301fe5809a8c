//! A trend as an SVG line chart (plotters' SVG backend): periods along the bottom with their
//! years, the measure up the side, one line per series with its own colour and marker, and
//! a legend when the trend is split.

use plotters::prelude::*;

use super::Measure;
use super::series::Trend;
use crate::text::sanitize;

pub const WIDTH: u32 = 960;
pub const HEIGHT: u32 = 540;

#[derive(Debug, thiserror::Error)]
#[error("drawing the chart: {0}")]
pub struct ChartError(String);

fn err(e: impl std::fmt::Display) -> ChartError {
    ChartError(e.to_string())
}

/// The chart as an SVG document.
pub fn chart(t: &Trend, title: &str) -> Result<String, ChartError> {
    let labels: Vec<String> = t
        .periods
        .iter()
        .map(|s| {
            if s.partial {
                format!("{}*", s.label)
            } else {
                s.label.clone()
            }
        })
        .collect();
    let n = labels.len() as i32;
    let max = t
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.value(t.measure)))
        .max()
        .unwrap_or(0);
    let y_top = (max + max / 10 + 1) as f64;
    let y_desc = match t.measure {
        Measure::Incidents => "incidents",
        Measure::Fatalities => "fatalities (sum of best estimates)",
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(sanitize(title, false), ("sans-serif", 20))
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(64)
            .build_cartesian_2d(0..(n - 1).max(1), 0f64..y_top)
            .map_err(err)?;
        let x_label = |x: &i32| {
            usize::try_from(*x)
                .ok()
                .and_then(|i| labels.get(i))
                .cloned()
                .unwrap_or_default()
        };
        chart
            .configure_mesh()
            .x_labels(labels.len().clamp(1, 12))
            .x_label_formatter(&x_label)
            // No more ticks than whole numbers in range, so no label repeats ("0, 0, 1").
            .y_labels((y_top as usize + 1).clamp(2, 10))
            .y_label_formatter(&|y: &f64| format!("{y:.0}"))
            .x_desc(format!("{} (* partial)", t.every.key()))
            .y_desc(y_desc)
            .draw()
            .map_err(err)?;
        for (k, s) in t.series.iter().enumerate() {
            let color = Palette99::pick(k).to_rgba();
            let pts: Vec<(i32, f64)> = s
                .points
                .iter()
                .enumerate()
                .map(|(i, p)| (i as i32, p.value(t.measure) as f64))
                .collect();
            chart
                .draw_series(LineSeries::new(pts.clone(), color.stroke_width(2)))
                .map_err(err)?
                .label(sanitize(&s.name, false))
                .legend(move |(x, y)| legend_marker(k, (x + 10, y), color));
            let drawn = match k % 4 {
                0 => chart.draw_series(pts.iter().map(|&p| Circle::new(p, 4, color.filled()))),
                1 => chart.draw_series(
                    pts.iter()
                        .map(|&p| TriangleMarker::new(p, 5, color.filled())),
                ),
                2 => {
                    chart.draw_series(pts.iter().map(|&p| Cross::new(p, 4, color.stroke_width(2))))
                }
                _ => chart.draw_series(
                    pts.iter()
                        .map(|&p| Circle::new(p, 4, color.stroke_width(2))),
                ),
            };
            drawn.map_err(err)?;
        }
        if t.by.is_some() {
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .position(SeriesLabelPosition::UpperLeft)
                .draw()
                .map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// Series told apart by shape as well as colour (for print and colour-blind readers):
/// filled circle, triangle, cross, open circle, then again in the next colours.
fn legend_marker<DB: DrawingBackend>(
    k: usize,
    at: (i32, i32),
    color: RGBAColor,
) -> DynElement<'static, DB, (i32, i32)> {
    match k % 4 {
        0 => Circle::new(at, 4, color.filled()).into_dyn(),
        1 => TriangleMarker::new(at, 5, color.filled()).into_dyn(),
        2 => Cross::new(at, 4, color.stroke_width(2)).into_dyn(),
        _ => Circle::new(at, 4, color.stroke_width(2)).into_dyn(),
    }
}
