//! `sitrep brief`: the briefing as text, markdown or JSON.

use std::path::PathBuf;

use anyhow::bail;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use crate::brief::{self, PeriodRequest, ScopeRequest};
use crate::store::Store;

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum BriefFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Args, Debug)]
pub struct BriefArgs {
    /// Days covered, ending at --until or the newest incident (default 7).
    #[arg(long, value_name = "N")]
    pub days: Option<u32>,
    /// First day covered (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Last day covered (YYYY-MM-DD; default: the store's newest incident).
    #[arg(long, value_name = "DATE")]
    pub until: Option<NaiveDate>,
    /// Only incidents in this country: its whole name (or, when no country has the name, an
    /// admin1 region's), case and accents ignored. A name the store lacks is an error that
    /// lists the closest names.
    #[arg(long, value_name = "NAME")]
    pub country: Option<String>,
    /// Only incidents in this town: its id, whole name or an alias, or "Name, Country".
    #[arg(long, value_name = "TOWN")]
    pub town: Option<String>,
    /// Only incidents involving this actor: its id, whole name or an alias.
    #[arg(long, value_name = "ACTOR")]
    pub actor: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: BriefFormat,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(store: &Store, args: &BriefArgs) -> anyhow::Result<u8> {
    let period = PeriodRequest {
        since: args.since,
        until: args.until,
        days: args.days,
    }
    .resolve(store);
    let scope = ScopeRequest {
        country: args.country.clone(),
        town: args.town.clone(),
        actor: args.actor.clone(),
    }
    .resolve(store);
    let (period, scope) = match (period, scope) {
        (Ok(p), Ok(s)) => (p, s),
        (Err(e), _) | (_, Err(e)) => bail!("{e}"),
    };
    let b = brief::build(store, period, &scope);
    let text = match args.format {
        BriefFormat::Text => brief::render::text(&b),
        BriefFormat::Markdown => brief::render::markdown(&b),
        BriefFormat::Json => brief::render::json(&b),
    };
    super::export_cmd::emit(args.output.as_deref(), args.force, |w| {
        w.write_all(text.as_bytes())
    })?;
    Ok(super::EXIT_OK)
}
