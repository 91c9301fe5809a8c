//! `sitrep brief`: the briefing as text, markdown or JSON.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use crate::brief::{self, PeriodRequest, ScopeRequest};
use crate::search::filters::IncidentFilter;
use crate::store::Store;
use crate::workspace::Note;

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
    /// Overwrite the output file (and the chart files) if they exist.
    #[arg(long)]
    pub force: bool,
    /// With --format markdown: write the activity charts (incidents and fatalities per
    /// ISO week, or per month for long periods) as SVG files into DIR, created if missing,
    /// and show them in the markdown (linked relative to the -o file when DIR is beside it).
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    /// Only the incidents that pass this filter line (the browser's grammar, e.g.
    /// "type:battles -actor:fama precision:exact,near"; see the README's filter keys). Its
    /// since:/until: terms give the period when --days/--since/--until do not.
    #[arg(long, value_name = "LINE", allow_hyphen_values = true)]
    pub filter: Option<String>,
    /// Add the workspace's notes and tags on the briefing's incidents (see `sitrep notes`).
    #[arg(long)]
    pub with_notes: bool,
    /// Add a "Revisions since" section: what changed since OLD, the previous release of
    /// the dataset (any file sitrep opens), in the incidents of the briefing's scope,
    /// filters and period: added, removed and edited field by field, as `sitrep diff`.
    #[arg(long, value_name = "OLD")]
    pub since_release: Option<PathBuf>,
    /// The global `--workspace FILE`, set by the caller.
    #[arg(skip)]
    pub workspace: Option<PathBuf>,
}

/// The --filter line's filters on `store`, checked, without its dates (which the caller
/// takes as the period when no option gives one).
fn filter_of(
    store: &Store,
    args: &BriefArgs,
) -> anyhow::Result<Option<crate::search::filters::Filters>> {
    let Some(line) = &args.filter else {
        return Ok(None);
    };
    let f = super::filter_args::FilterArgs {
        filter: Some(line.clone()),
        workspace: args.workspace.clone(),
        ..Default::default()
    }
    .filters(store)?;
    f.check(store)
        .map_err(|e| anyhow::anyhow!("--filter: {e}"))?;
    Ok(Some(f))
}

/// Which incidents of `store` the briefing's scope, filter and period keep, by position.
/// A scope or filter naming nothing in `store` (a town only the other release has) keeps
/// none of it.
fn selected(store: &Store, args: &BriefArgs, period: brief::Period) -> Vec<bool> {
    let none = vec![false; store.incidents.len()];
    let scope = ScopeRequest {
        country: args.country.clone(),
        town: args.town.clone(),
        actor: args.actor.clone(),
    }
    .resolve(store);
    let (Ok(scope), Ok(mut filters)) = (scope, filter_of(store, args)) else {
        return none;
    };
    if let Some(f) = filters.as_mut() {
        f.since = None;
        f.until = None;
    }
    let accepts = filters.as_ref().map(|f| IncidentFilter::new(store, f));
    store
        .incidents
        .iter()
        .map(|i| {
            period.contains(i.date)
                && scope.accepts(store, i)
                && accepts.as_ref().is_none_or(|a| a.accepts(i))
        })
        .collect()
}

/// The revisions since `old_path` of the briefing's incidents.
fn revisions(
    store: &Store,
    args: &BriefArgs,
    period: brief::Period,
    old_path: &Path,
) -> anyhow::Result<brief::revisions::Revisions> {
    let old = super::open_store(std::slice::from_ref(&old_path.to_path_buf()))
        .with_context(|| format!("--since-release {}", old_path.display()))?;
    let (k_old, k_new) = (selected(&old, args, period), selected(store, args, period));
    let d = crate::diff::compare(
        &old,
        store,
        Some(&k_old),
        Some(&k_new),
        crate::diff::Options::default(),
    );
    let selection = format!(
        "Compared: the incidents dated {} to {} in the briefing's scope{} in either \
         release, matched by event id.",
        period.since,
        period.until,
        args.filter
            .as_deref()
            .map(|f| format!(" and filter \"{f}\""))
            .unwrap_or_default()
    );
    Ok(brief::revisions::of(&old, store, &d, selection))
}

pub fn run(store: &Store, args: &BriefArgs) -> anyhow::Result<u8> {
    let mut filters = filter_of(store, args)?;
    let given = args.since.is_some() || args.until.is_some() || args.days.is_some();
    // The filter's dates are the period unless the options give one; either way they are
    // taken out of the filter, so the comparison period before it is not cut away.
    let (mut since, mut until) = (args.since, args.until);
    if let Some(f) = filters.as_mut() {
        let (fs, fu) = (f.since.take(), f.until.take());
        if !given {
            since = fs;
            until = fu;
        }
    }
    let period = PeriodRequest {
        since,
        until,
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
    if args.charts.is_some() && args.format != BriefFormat::Markdown {
        bail!("--charts needs --format markdown (the charts are images in the markdown)");
    }
    let mut b = match &filters {
        Some(f) => {
            let accepts = IncidentFilter::new(store, f);
            let described = f.to_line();
            brief::build_filtered(store, period, &scope, &described, &|i| accepts.accepts(i))
        }
        None => brief::build(store, period, &scope),
    };
    if store.is_joined() {
        // Several datasets: count an event they both recorded once, list where they differ.
        let rules = crate::reconcile::Rules::default();
        let matches = crate::reconcile::joined::StoreMatches::of(store, super::crosswalk(), &rules);
        brief::datasets::annotate(&mut b, store, &matches);
    }
    if let Some(old) = &args.since_release {
        b.revisions = Some(revisions(store, args, period, old)?);
    }
    let notes = if args.with_notes {
        Some(briefing_notes(store, &b, args.workspace.as_deref())?)
    } else {
        None
    };
    let mut text = match (&args.format, &args.charts) {
        (BriefFormat::Markdown, Some(dir)) => {
            let links = write_charts(store, &b, dir, args.output.as_deref(), args.force)?;
            brief::render::markdown_with_charts(&b, &links)
        }
        (BriefFormat::Text, _) => brief::render::text(&b),
        (BriefFormat::Markdown, None) => brief::render::markdown(&b),
        (BriefFormat::Json, _) => brief::render::json(&b),
    };
    if let Some((notes, tags)) = &notes {
        text = with_notes(text, args.format, notes)?;
        text = with_tags(text, args.format, tags)?;
    }
    super::export_cmd::emit(args.output.as_deref(), args.force, |w| {
        w.write_all(text.as_bytes())
    })?;
    Ok(super::EXIT_OK)
}

/// The workspace's notes on the briefing's incidents, oldest first, and their tags.
fn briefing_notes(
    store: &Store,
    b: &brief::Briefing,
    workspace: Option<&Path>,
) -> anyhow::Result<(Vec<Note>, Vec<crate::workspace::Tag>)> {
    let ws = super::notes_cmd::open_workspace(workspace)?;
    let ids: std::collections::HashSet<&str> = b
        .headline
        .incident_ids
        .ids
        .iter()
        .map(String::as_str)
        .collect();
    let title = crate::workspace::StoreKey::of(store).title;
    let notes = ws
        .notes(&title)?
        .into_iter()
        .filter(|n| ids.contains(n.record.as_str()))
        .collect();
    let tags = ws
        .all_tags(&title)?
        .into_iter()
        .filter(|t| ids.contains(t.record.as_str()))
        .collect();
    Ok((notes, tags))
}

/// The briefing with its incidents' tags: a section after the notes (text, markdown) or a
/// `tags` array (JSON, each `{record, tag}` as in `sitrep notes`).
fn with_tags(
    text: String,
    format: BriefFormat,
    tags: &[crate::workspace::Tag],
) -> anyhow::Result<String> {
    Ok(match format {
        BriefFormat::Json => {
            let mut v: serde_json::Value = serde_json::from_str(&text)?;
            let list: Vec<serde_json::Value> = tags
                .iter()
                .map(|t| serde_json::json!({"record": t.record, "tag": t.tag}))
                .collect();
            if let Some(obj) = v.as_object_mut() {
                obj.insert("tags".into(), serde_json::Value::Array(list));
            }
            crate::text::json::to_string_pretty(&v)? + "\n"
        }
        BriefFormat::Markdown => {
            use crate::text::markdown_text as md;
            let mut out = text;
            out.push_str(&format!("\n## Tags ({})\n\n", tags.len()));
            if tags.is_empty() {
                out.push_str("No tags on these incidents.\n");
            }
            for t in tags {
                out.push_str(&format!("- **{}**: {}\n", md(&t.record), md(&t.tag)));
            }
            out
        }
        BriefFormat::Text => {
            let mut out = text;
            out.push_str(&format!("\nTags ({})\n", tags.len()));
            if tags.is_empty() {
                out.push_str("  No tags on these incidents.\n");
            }
            for t in tags {
                out.push_str(&format!("  {}: {}\n", t.record, t.tag));
            }
            out
        }
    })
}

/// The briefing with its notes: a section at the end (text, markdown) or a `notes` array
/// (JSON, each `{record, text, created, author}` as in `sitrep notes`).
fn with_notes(text: String, format: BriefFormat, notes: &[Note]) -> anyhow::Result<String> {
    Ok(match format {
        BriefFormat::Json => {
            let mut v: serde_json::Value = serde_json::from_str(&text)?;
            let list: Vec<serde_json::Value> = notes
                .iter()
                .map(|n| {
                    serde_json::json!({
                        "record": n.record,
                        "text": n.text,
                        "created": n.created,
                        "author": n.author,
                    })
                })
                .collect();
            if let Some(obj) = v.as_object_mut() {
                obj.insert("notes".into(), serde_json::Value::Array(list));
            }
            crate::text::json::to_string_pretty(&v)? + "\n"
        }
        BriefFormat::Markdown => {
            use crate::text::markdown_text as md;
            let mut out = text;
            out.push_str(&format!("\n## Notes ({})\n\n", notes.len()));
            if notes.is_empty() {
                out.push_str("No notes on these incidents.\n");
            }
            for n in notes {
                out.push_str(&format!(
                    "- **{}** ({}, {}): {}\n",
                    md(&n.record),
                    md(&n.author),
                    md(&n.created),
                    md(&n.text)
                ));
            }
            out
        }
        BriefFormat::Text => {
            let mut out = text;
            out.push_str(&format!("\nNotes ({})\n", notes.len()));
            if notes.is_empty() {
                out.push_str("  No notes on these incidents.\n");
            }
            for n in notes {
                let line = format!("{} ({}, {}): {}", n.record, n.author, n.created, n.text);
                for (i, part) in crate::text::wrap(&line, brief::render::TEXT_WIDTH - 4)
                    .into_iter()
                    .enumerate()
                {
                    out.push_str(if i == 0 { "  " } else { "    " });
                    out.push_str(&part);
                    out.push('\n');
                }
            }
            out
        }
    })
}

/// Writes the briefing's charts into `dir` (each atomically, as every sitrep file) and
/// returns each one's caption and the link the markdown uses: relative to the markdown
/// file's folder when `dir` lies inside it, else `dir` as given.
fn write_charts(
    store: &Store,
    b: &brief::Briefing,
    dir: &Path,
    markdown: Option<&Path>,
    force: bool,
) -> anyhow::Result<Vec<(String, String)>> {
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let title = |c: &brief::chart::Chart| format!("{}: {}", b.scope, c.alt);
    let mut links = Vec::new();
    for c in brief::chart::activity_charts(store, b) {
        let svg = crate::trend::svg::chart(&c.trend, &title(&c))?;
        let path = dir.join(&c.file);
        crate::store::export::write_file_atomic(&path, force, |w| w.write_all(svg.as_bytes()))?;
        links.push((c.alt, link_to(&path, markdown)));
    }
    Ok(links)
}

fn link_to(chart: &Path, markdown: Option<&Path>) -> String {
    let beside = markdown.filter(|p| p.as_os_str() != "-").and_then(|md| {
        let folder = md.parent().filter(|p| !p.as_os_str().is_empty());
        let folder = std::fs::canonicalize(folder.unwrap_or(Path::new("."))).ok()?;
        let chart = std::fs::canonicalize(chart).ok()?;
        chart.strip_prefix(folder).ok().map(Path::to_path_buf)
    });
    let link = beside.unwrap_or_else(|| chart.to_path_buf());
    // Markdown links use forward slashes on every system.
    link.to_string_lossy()
        .replace(std::path::MAIN_SEPARATOR, "/")
}
