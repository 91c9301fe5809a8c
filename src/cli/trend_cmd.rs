//! `sitrep trend`, `sitrep pivot` and `sitrep changes`: the trend queries over the incidents
//! that pass the export filters, as text, CSV, markdown, JSON (and SVG for a trend).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::bail;
use clap::{Args, ValueEnum};

use super::filter_args::FilterArgs;
use crate::store::Store;
use crate::trend::pivot::Cols;
use crate::trend::render::Format;
use crate::trend::series::TOP_SERIES;
use crate::trend::{Dim, Every, Measure, Selection, changes, pivot, render, series, svg};

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum EveryArg {
    Week,
    Month,
    Quarter,
}

impl From<EveryArg> for Every {
    fn from(e: EveryArg) -> Every {
        match e {
            EveryArg::Week => Every::Week,
            EveryArg::Month => Every::Month,
            EveryArg::Quarter => Every::Quarter,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum MeasureArg {
    Incidents,
    /// The sum of best estimates; incidents with no figure are counted apart.
    Fatalities,
}

impl From<MeasureArg> for Measure {
    fn from(m: MeasureArg) -> Measure {
        match m {
            MeasureArg::Incidents => Measure::Incidents,
            MeasureArg::Fatalities => Measure::Fatalities,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum DimArg {
    /// Each party to an incident (an incident between two actors counts for both).
    Actor,
    Country,
    Admin1,
    Admin2,
    /// Only incidents placed at town level; the rest in a row of their own.
    Town,
    /// Event type.
    Type,
    /// Sub-event type.
    #[value(name = "sub_type", alias = "sub-type")]
    SubType,
    /// Each incident's dataset (several when --store is given more than once).
    Dataset,
}

impl From<DimArg> for Dim {
    fn from(d: DimArg) -> Dim {
        match d {
            DimArg::Actor => Dim::Actor,
            DimArg::Country => Dim::Country,
            DimArg::Admin1 => Dim::Admin1,
            DimArg::Admin2 => Dim::Admin2,
            DimArg::Town => Dim::Town,
            DimArg::Type => Dim::Type,
            DimArg::SubType => Dim::SubType,
            DimArg::Dataset => Dim::Dataset,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ChangeByArg {
    Admin1,
    Admin2,
    Actor,
    /// Towns (incidents placed at a town), as the briefing's sharp rises count them.
    Town,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum TableFormat {
    Text,
    Csv,
    Json,
    Markdown,
}

impl From<TableFormat> for Format {
    fn from(f: TableFormat) -> Format {
        match f {
            TableFormat::Text => Format::Text,
            TableFormat::Csv => Format::Csv,
            TableFormat::Json => Format::Json,
            TableFormat::Markdown => Format::Markdown,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum TrendFormat {
    Text,
    Csv,
    Json,
    Markdown,
    /// A line chart (SVG) to paste into a report.
    Svg,
}

/// Where and how to write, shared by the three commands.
#[derive(Args, Debug)]
pub struct OutputArgs {
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Print the time taken to load the store, select, compute and write to stderr.
    #[arg(long)]
    pub timings: bool,
}

#[derive(Args, Debug)]
pub struct TrendArgs {
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Period length (default: weeks up to about four months, months up to three years,
    /// quarters beyond).
    #[arg(long, value_enum)]
    pub every: Option<EveryArg>,
    /// Split into one series per value of DIM (the largest --top, then "others").
    #[arg(long, value_enum, value_name = "DIM")]
    pub by: Option<DimArg>,
    #[arg(long, value_enum, default_value = "incidents")]
    pub measure: MeasureArg,
    /// Series shown before "others" when split.
    #[arg(long, default_value_t = TOP_SERIES, value_name = "N")]
    pub top: usize,
    /// Default: from the -o extension (.csv, .json, .md, .svg), else text.
    #[arg(long, value_enum)]
    pub format: Option<TrendFormat>,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Args, Debug)]
pub struct PivotArgs {
    #[command(flatten)]
    pub filters: FilterArgs,
    /// What the rows are.
    #[arg(long, value_enum, value_name = "DIM")]
    pub rows: DimArg,
    /// What the columns are: `period` (default) or a DIM.
    #[arg(long, value_name = "DIM|period", default_value = "period", value_parser = parse_cols)]
    pub cols: ColsArg,
    /// Period length when the columns are periods (default: month).
    #[arg(long, value_enum)]
    pub every: Option<EveryArg>,
    #[arg(long, value_enum, default_value = "incidents")]
    pub measure: MeasureArg,
    /// Default: from the -o extension (.csv, .json, .md), else text.
    #[arg(long, value_enum)]
    pub format: Option<TableFormat>,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColsArg {
    Period,
    Dim(DimArg),
}

fn parse_cols(s: &str) -> Result<ColsArg, String> {
    if s.eq_ignore_ascii_case("period") {
        return Ok(ColsArg::Period);
    }
    DimArg::from_str(s, true).map(ColsArg::Dim).map_err(|_| {
        "expected `period` or one of actor, country, admin1, admin2, town, type, sub_type, \
         dataset"
            .to_string()
    })
}

#[derive(Args, Debug)]
pub struct ChangesArgs {
    /// --since/--until set the period (default: the 28 days up to the newest incident).
    #[command(flatten)]
    pub filters: FilterArgs,
    #[arg(long, value_enum, default_value = "admin1")]
    pub by: ChangeByArg,
    /// Default: from the -o extension (.csv, .json, .md), else text.
    #[arg(long, value_enum)]
    pub format: Option<TableFormat>,
    #[command(flatten)]
    pub out: OutputArgs,
}

fn from_extension(output: Option<&Path>) -> Option<TrendFormat> {
    let ext = output?.extension()?.to_string_lossy().to_ascii_lowercase();
    Some(match ext.as_str() {
        "csv" => TrendFormat::Csv,
        "json" => TrendFormat::Json,
        "md" | "markdown" => TrendFormat::Markdown,
        "svg" => TrendFormat::Svg,
        _ => return None,
    })
}

fn table_format(given: Option<TableFormat>, output: Option<&Path>) -> anyhow::Result<Format> {
    if let Some(f) = given {
        return Ok(f.into());
    }
    Ok(match from_extension(output) {
        Some(TrendFormat::Svg) => bail!("only `sitrep trend` draws SVG charts"),
        Some(TrendFormat::Csv) => Format::Csv,
        Some(TrendFormat::Json) => Format::Json,
        Some(TrendFormat::Markdown) => Format::Markdown,
        _ => Format::Text,
    })
}

/// Load, select, compute and write times, for --timings.
struct Clock {
    on: bool,
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Clock {
    fn start(on: bool) -> Clock {
        Clock {
            on,
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.laps.push((name, now - self.last));
        self.last = now;
    }

    fn report(&self) {
        if !self.on {
            return;
        }
        let parts: Vec<String> = self
            .laps
            .iter()
            .map(|(n, d)| format!("{n} {:.3} s", d.as_secs_f64()))
            .collect();
        let beyond: Duration = self.laps.iter().skip(1).map(|(_, d)| *d).sum();
        super::tty::errln!(
            "sitrep: timings: {} (beyond the load {:.3} s)",
            parts.join(", "),
            beyond.as_secs_f64()
        );
    }
}

/// The incidents passing the filters; a scope that names nothing is an error, as in export.
fn select(store: &Store, filters: &FilterArgs) -> anyhow::Result<Selection> {
    let f = filters.filters(store)?;
    f.check(store)?;
    match Selection::of(store, &f) {
        Some(sel) => Ok(sel),
        None => bail!(
            "{}: the store has no incidents and no coverage",
            store.source
        ),
    }
}

pub fn run_trend(store_path: &[std::path::PathBuf], args: &TrendArgs) -> anyhow::Result<u8> {
    let format = args
        .format
        .or_else(|| from_extension(args.out.output.as_deref()))
        .unwrap_or(TrendFormat::Text);
    let mut clock = Clock::start(args.out.timings);
    let store = super::open_store(store_path)?;
    clock.lap("load");
    let sel = select(&store, &args.filters)?;
    clock.lap("select");
    let every = args
        .every
        .map(Every::from)
        .unwrap_or_else(|| Every::fitting(sel.since, sel.until));
    let t = series::build(
        &store,
        &sel,
        every,
        args.measure.into(),
        args.by.map(Dim::from),
        args.top,
    );
    clock.lap("compute");
    let format = match format {
        TrendFormat::Text => Format::Text,
        TrendFormat::Csv => Format::Csv,
        TrendFormat::Json => Format::Json,
        TrendFormat::Markdown => Format::Markdown,
        TrendFormat::Svg => {
            let title = format!(
                "{} per {}, {} to {}",
                match t.measure {
                    Measure::Incidents => "Incidents",
                    Measure::Fatalities => "Fatalities",
                },
                every.key(),
                sel.since,
                sel.until
            );
            let chart = svg::chart(&t, &title)?;
            super::export_cmd::emit(args.out.output.as_deref(), args.out.force, |w| {
                w.write_all(chart.as_bytes())
            })?;
            clock.lap("write");
            clock.report();
            return Ok(super::EXIT_OK);
        }
    };
    super::export_cmd::emit(args.out.output.as_deref(), args.out.force, |w| {
        render::trend(&store, &t, format, w)
    })?;
    clock.lap("write");
    clock.report();
    Ok(super::EXIT_OK)
}

pub fn run_pivot(store_path: &[std::path::PathBuf], args: &PivotArgs) -> anyhow::Result<u8> {
    let format = table_format(args.format, args.out.output.as_deref())?;
    let mut clock = Clock::start(args.out.timings);
    let store = super::open_store(store_path)?;
    clock.lap("load");
    let sel = select(&store, &args.filters)?;
    clock.lap("select");
    let cols = match args.cols {
        ColsArg::Period => Cols::Period(args.every.map_or(Every::Month, Every::from)),
        ColsArg::Dim(d) => Cols::Dim(d.into()),
    };
    let p = pivot::build(&store, &sel, args.rows.into(), cols, args.measure.into());
    clock.lap("compute");
    super::export_cmd::emit(args.out.output.as_deref(), args.out.force, |w| {
        render::pivot(&store, &p, format, w)
    })?;
    clock.lap("write");
    clock.report();
    Ok(super::EXIT_OK)
}

pub fn run_changes(store_path: &[std::path::PathBuf], args: &ChangesArgs) -> anyhow::Result<u8> {
    let format = table_format(args.format, args.out.output.as_deref())?;
    let mut clock = Clock::start(args.out.timings);
    let store = super::open_store(store_path)?;
    clock.lap("load");
    let f = args.filters.filters(&store)?;
    f.check(&store)?;
    let by = match args.by {
        ChangeByArg::Admin1 => Dim::Admin1,
        ChangeByArg::Admin2 => Dim::Admin2,
        ChangeByArg::Actor => Dim::Actor,
        ChangeByArg::Town => Dim::Town,
    };
    let Some(c) = changes::build(&store, &f, by) else {
        bail!("{}: the store has no incidents", store.source);
    };
    clock.lap("compute");
    super::export_cmd::emit(args.out.output.as_deref(), args.out.force, |w| {
        render::changes(&store, &c, format, w)
    })?;
    clock.lap("write");
    clock.report();
    Ok(super::EXIT_OK)
}
