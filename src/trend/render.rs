//! Trends, pivots and changes as text, CSV, markdown and JSON. The JSON layouts are a
//! contract (see README "sitrep trend"): extra keys may be added, these never change.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::SerializeSeq;

use super::changes::Changes;
use super::pivot::{Cols, Pivot};
use super::series::Trend;
use super::{Measure, Span, Tally};
use crate::store::{Ix, Store};
use crate::text::sanitize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
    Json,
    Markdown,
}

/// A table before it is laid out: the first column names, the others are figures.
struct Table {
    title: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    notes: Vec<String>,
}

impl Table {
    fn write(&self, format: Format, out: &mut dyn Write) -> io::Result<()> {
        match format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(&self.header)?;
                for r in &self.rows {
                    w.write_record(r)?;
                }
                w.flush()
            }
            Format::Markdown => {
                writeln!(out, "## {}\n", md(&self.title))?;
                let cells = |r: &[String]| r.iter().map(|c| md(c)).collect::<Vec<_>>().join(" | ");
                writeln!(out, "| {} |", cells(&self.header))?;
                let rule: Vec<&str> = (0..self.header.len())
                    .map(|i| if i == 0 { "---" } else { "---:" })
                    .collect();
                writeln!(out, "| {} |", rule.join(" | "))?;
                for r in &self.rows {
                    writeln!(out, "| {} |", cells(r))?;
                }
                for n in &self.notes {
                    writeln!(out, "\n{}", md(n))?;
                }
                Ok(())
            }
            Format::Text | Format::Json => {
                writeln!(out, "{}\n", sanitize(&self.title, false))?;
                let clean = |r: &[String]| -> Vec<String> {
                    r.iter().map(|c| sanitize(c, false).into_owned()).collect()
                };
                let header = clean(&self.header);
                let rows: Vec<Vec<String>> = self.rows.iter().map(|r| clean(r)).collect();
                let width = |i: usize| {
                    rows.iter()
                        .chain(std::iter::once(&header))
                        .filter_map(|r| r.get(i))
                        .map(|c| unicode_width::UnicodeWidthStr::width(c.as_str()))
                        .max()
                        .unwrap_or(0)
                };
                let widths: Vec<usize> = (0..header.len()).map(width).collect();
                for r in std::iter::once(&header).chain(&rows) {
                    let mut line = String::new();
                    for (i, c) in r.iter().enumerate() {
                        let pad = widths[i]
                            .saturating_sub(unicode_width::UnicodeWidthStr::width(c.as_str()));
                        if i == 0 {
                            line.push_str(c);
                            line.push_str(&" ".repeat(pad));
                        } else {
                            line.push_str("  ");
                            line.push_str(&" ".repeat(pad));
                            line.push_str(c);
                        }
                    }
                    writeln!(out, "{}", line.trim_end())?;
                }
                for n in &self.notes {
                    writeln!(out)?;
                    for l in crate::text::wrap(&sanitize(n, false), 78) {
                        writeln!(out, "{l}")?;
                    }
                }
                Ok(())
            }
        }
    }
}

fn md(s: &str) -> String {
    sanitize(s, false)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('*', "\\*")
        .replace('_', "\\_")
        .replace('<', "&lt;")
}

/// A figure for people: fatalities with incidents of no figure read "17+?".
fn figure(t: &Tally, m: Measure, plain: bool) -> String {
    match m {
        Measure::Fatalities if !plain => t.fatalities.short(),
        _ => t.value(m).to_string(),
    }
}

fn period_name(s: &Span) -> String {
    if s.partial {
        format!("{}*", s.label)
    } else {
        s.label.clone()
    }
}

const PARTIAL_NOTE: &str = "* partial period: cut by the range asked for, or not wholly \
                            covered by the store; not comparable with whole periods.";
const UNKNOWN_NOTE: &str = "+? : some incidents in that figure have no fatality figure \
                            (counted apart, never as zero).";

fn measure_title(m: Measure) -> &'static str {
    match m {
        Measure::Incidents => "Incidents",
        Measure::Fatalities => "Fatalities (sum of best estimates)",
    }
}

fn notes(spans: &[Span], has_unknown: bool, m: Measure) -> Vec<String> {
    let mut n = Vec::new();
    if spans.iter().any(|s| s.partial) {
        n.push(PARTIAL_NOTE.to_string());
    }
    if m == Measure::Fatalities && has_unknown {
        n.push(UNKNOWN_NOTE.to_string());
    }
    n
}

pub fn trend(store: &Store, t: &Trend, format: Format, out: &mut dyn Write) -> io::Result<()> {
    if format == Format::Json {
        return trend_json(store, t, out);
    }
    let plain = format == Format::Csv;
    let mut header = vec!["period".to_string()];
    if plain {
        header.extend(["start", "end", "partial"].map(String::from));
    }
    header.extend(t.series.iter().map(|s| s.name.clone()));
    let rows = t
        .periods
        .iter()
        .enumerate()
        .map(|(p, span)| {
            let mut r = if plain {
                vec![
                    span.label.clone(),
                    span.start.to_string(),
                    span.end.to_string(),
                    span.partial.to_string(),
                ]
            } else {
                vec![period_name(span)]
            };
            r.extend(
                t.series
                    .iter()
                    .map(|s| figure(&s.points[p], t.measure, plain)),
            );
            r
        })
        .collect();
    let by =
        t.by.map(|d| format!(", by {}", d.key()))
            .unwrap_or_default();
    let title = format!(
        "{} per {}{by}, {} to {} ({})",
        measure_title(t.measure),
        t.every.key(),
        t.periods
            .first()
            .map_or(String::new(), |s| s.start.to_string()),
        t.periods
            .last()
            .map_or(String::new(), |s| s.end.to_string()),
        super::dataset_name(store)
    );
    let notes = notes(
        &t.periods,
        t.series
            .iter()
            .flat_map(|s| &s.points)
            .any(|p| p.fatalities.unknown > 0),
        t.measure,
    );
    Table {
        title,
        header,
        rows,
        notes,
    }
    .write(format, out)
}

/// An incident list serialised as its ids, straight from the store.
struct Ids<'a>(&'a Store, &'a [Ix]);

impl Serialize for Ids<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.1.len()))?;
        for &i in self.1 {
            seq.serialize_element(&self.0.incident(i).id)?;
        }
        seq.end()
    }
}

fn write_json(out: &mut dyn Write, v: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, v)?;
    writeln!(out)
}

fn trend_json(store: &Store, t: &Trend, out: &mut dyn Write) -> io::Result<()> {
    #[derive(Serialize)]
    struct Point<'a> {
        period: &'a str,
        value: u64,
        incident_ids: Ids<'a>,
        start: chrono::NaiveDate,
        end: chrono::NaiveDate,
        partial: bool,
        fatalities_unknown: u64,
    }
    #[derive(Serialize)]
    struct Series<'a> {
        name: &'a str,
        points: Vec<Point<'a>>,
        total: u64,
    }
    #[derive(Serialize)]
    struct Out<'a> {
        every: &'a str,
        measure: &'a str,
        series: Vec<Series<'a>>,
        by: Option<&'a str>,
        store: String,
    }
    let series = t
        .series
        .iter()
        .map(|s| Series {
            name: &s.name,
            total: s.total,
            points: s
                .points
                .iter()
                .zip(&t.periods)
                .map(|(p, span)| Point {
                    period: &span.label,
                    value: p.value(t.measure),
                    incident_ids: Ids(store, &p.ixs),
                    start: span.start,
                    end: span.end,
                    partial: span.partial,
                    fatalities_unknown: p.fatalities_unknown(),
                })
                .collect(),
        })
        .collect();
    write_json(
        out,
        &Out {
            every: t.every.key(),
            measure: t.measure.key(),
            series,
            by: t.by.map(|d| d.key()),
            store: super::dataset_name(store),
        },
    )
}

pub fn pivot(store: &Store, p: &Pivot, format: Format, out: &mut dyn Write) -> io::Result<()> {
    if format == Format::Json {
        return pivot_json(store, p, out);
    }
    let plain = format == Format::Csv;
    let m = p.measure;
    let grand = p.total.value(m);
    let share = |t: &Tally| {
        if grand == 0 {
            "-".to_string()
        } else {
            format!("{:.1}%", t.value(m) as f64 * 100.0 / grand as f64)
        }
    };
    let col_names: Vec<String> = match &p.periods {
        Some(spans) if !plain => spans.iter().map(period_name).collect(),
        _ => p.columns.clone(),
    };
    let mut header = vec![p.rows_by.key().to_string()];
    header.extend(col_names);
    header.extend(["total", "share"].map(String::from));
    let mut rows: Vec<Vec<String>> = p
        .rows
        .iter()
        .enumerate()
        .map(|(r, name)| {
            let mut row = vec![name.clone()];
            row.extend(p.cells[r].iter().map(|t| figure(t, m, plain)));
            row.push(figure(&p.row_totals[r], m, plain));
            row.push(share(&p.row_totals[r]));
            row
        })
        .collect();
    let mut last = vec!["total".to_string()];
    last.extend(p.column_totals.iter().map(|t| figure(t, m, plain)));
    last.push(figure(&p.total, m, plain));
    last.push(share(&p.total));
    rows.push(last);
    let cols = match p.cols {
        Cols::Period(e) => e.key(),
        Cols::Dim(d) => d.key(),
    };
    let title = format!(
        "{} by {} and {cols} ({})",
        measure_title(m),
        p.rows_by.key(),
        super::dataset_name(store)
    );
    let mut notes = notes(
        p.periods.as_deref().unwrap_or(&[]),
        p.total.fatalities.unknown > 0,
        m,
    );
    if p.rows_by == super::Dim::Actor || p.cols == Cols::Dim(super::Dim::Actor) {
        notes.push(
            "An incident counts for each of its parties, so cells may add up to more than \
             their total; totals count each incident once."
                .into(),
        );
    }
    Table {
        title,
        header,
        rows,
        notes,
    }
    .write(format, out)
}

fn pivot_json(store: &Store, p: &Pivot, out: &mut dyn Write) -> io::Result<()> {
    #[derive(Serialize)]
    struct Out<'a> {
        rows: &'a [String],
        columns: &'a [String],
        cells: Vec<Vec<u64>>,
        row_totals: Vec<u64>,
        column_totals: Vec<u64>,
        total: u64,
        measure: &'a str,
        rows_by: &'a str,
        columns_by: &'a str,
        cell_incident_ids: Vec<Vec<Ids<'a>>>,
        store: String,
    }
    let m = p.measure;
    let values = |v: &[Tally]| v.iter().map(|t| t.value(m)).collect::<Vec<_>>();
    write_json(
        out,
        &Out {
            rows: &p.rows,
            columns: &p.columns,
            cells: p.cells.iter().map(|r| values(r)).collect(),
            row_totals: values(&p.row_totals),
            column_totals: values(&p.column_totals),
            total: p.total.value(m),
            measure: m.key(),
            rows_by: p.rows_by.key(),
            columns_by: match p.cols {
                Cols::Period(e) => e.key(),
                Cols::Dim(d) => d.key(),
            },
            cell_incident_ids: p
                .cells
                .iter()
                .map(|r| r.iter().map(|t| Ids(store, &t.ixs)).collect())
                .collect(),
            store: super::dataset_name(store),
        },
    )
}

pub fn changes(store: &Store, c: &Changes, format: Format, out: &mut dyn Write) -> io::Result<()> {
    if format == Format::Json {
        return changes_json(store, c, out);
    }
    let header = [c.by.key(), "current", "baseline", "expected", "band"]
        .map(String::from)
        .to_vec();
    let rows = c
        .items
        .iter()
        .map(|i| {
            vec![
                i.name.clone(),
                i.current.to_string(),
                i.baseline_incidents.to_string(),
                format!("{:.2}", i.expected),
                if format == Format::Csv {
                    i.band.key().to_string()
                } else {
                    i.describe()
                },
            ]
        })
        .collect();
    let title = format!(
        "Changes by {}, {} to {} against the {} days before ({})",
        c.by.key(),
        c.window.since,
        c.window.until,
        c.window.baseline_days,
        super::dataset_name(store)
    );
    let notes = if format == Format::Csv {
        Vec::new()
    } else {
        vec![c.rule.clone()]
    };
    Table {
        title,
        header,
        rows,
        notes,
    }
    .write(format, out)
}

fn changes_json(store: &Store, c: &Changes, out: &mut dyn Write) -> io::Result<()> {
    #[derive(Serialize)]
    struct Item<'a> {
        name: &'a str,
        by: &'a str,
        current: u64,
        baseline: f64,
        band: &'a str,
        incident_ids: Ids<'a>,
        baseline_incidents: u64,
        label: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        last_before: Option<chrono::NaiveDate>,
        #[serde(skip_serializing_if = "Option::is_none")]
        quiet_months: Option<u32>,
    }
    #[derive(Serialize)]
    struct Window {
        since: chrono::NaiveDate,
        until: chrono::NaiveDate,
        days: u32,
        baseline_since: chrono::NaiveDate,
        baseline_until: chrono::NaiveDate,
        baseline_days: u32,
    }
    #[derive(Serialize)]
    struct Out<'a> {
        rule: &'a str,
        items: Vec<Item<'a>>,
        window: Window,
        store: String,
    }
    let w = &c.window;
    write_json(
        out,
        &Out {
            rule: &c.rule,
            items: c
                .items
                .iter()
                .map(|i| Item {
                    name: &i.name,
                    by: c.by.key(),
                    current: i.current,
                    baseline: i.expected,
                    band: i.band.key(),
                    incident_ids: Ids(store, &i.ixs),
                    baseline_incidents: i.baseline_incidents,
                    label: i.describe(),
                    last_before: i.last_before,
                    quiet_months: i.quiet_months,
                })
                .collect(),
            window: Window {
                since: w.since,
                until: w.until,
                days: w.days,
                baseline_since: w.baseline_since,
                baseline_until: w.baseline_until,
                baseline_days: w.baseline_days,
            },
            store: super::dataset_name(store),
        },
    )
}
