//! `sitrep search`: ranked fuzzy search from the command line, with timings for measuring
//! the search engine the browser uses.

use super::tty::errln;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use serde_json::json;
use unicode_width::UnicodeWidthStr;

use super::{EXIT_OK, EXIT_PROBLEMS, KindArg};
use crate::search::{Hit, SearchIndex, TypeAhead, label_with_highlights, search};
use crate::store::{EntityRef, Kind, Store};

#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// What to find: every word must match a name, alias, place, type, id or note word
    /// (case and accents ignored).
    #[arg(required = true, num_args = 1.., value_name = "QUERY")]
    pub query: Vec<String>,
    /// Only this kind of record.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Most results to print.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print a JSON array of {kind, id, label, score, highlights}.
    #[arg(long)]
    pub json: bool,
    /// Print load, index and search times (ms) on stderr.
    #[arg(long)]
    pub timings: bool,
    /// Also replay QUERY as typed, one prefix at a time, through the browser's incremental
    /// search, and print per-keystroke times on stderr (implies --timings).
    #[arg(long)]
    pub type_ahead: bool,
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

pub fn run(store_path: &[std::path::PathBuf], args: &SearchArgs) -> anyhow::Result<u8> {
    let query = args.query.join(" ");
    let kind = args.kind.map(Kind::from);

    let t = Instant::now();
    let mut opened = super::open_cached(store_path)?;
    let load = t.elapsed();
    let cache = match (opened.cached, opened.snapshot_due()) {
        (true, _) => "hit",
        (false, true) => "miss",
        (false, false) => "off",
    };
    let t = Instant::now();
    // Restored from the snapshot cache, or built now (index_ms is then ~0).
    let index = opened.index_now();
    let store = opened.store.clone();
    let build = t.elapsed();
    let t = Instant::now();
    let results = search(&store, &index, &query, kind, args.limit);
    let took = t.elapsed();

    if args.timings || args.type_ahead {
        errln!(
            "load_ms={} index_ms={} search_ms={}",
            ms(load),
            ms(build),
            ms(took)
        );
        // Whether the store came from the snapshot cache (a line of its own).
        errln!("cache={cache}");
        if store.is_joined() {
            // Several files: each part's open, the join, and the matching the browser
            // runs in the background once the store is open.
            for (what, d) in &opened.timings {
                match what.split_once(' ') {
                    Some((kind, path)) => errln!("{kind}_ms={} {path}", ms(*d)),
                    None => errln!("{what}_ms={}", ms(*d)),
                }
            }
            // Restored with a joined snapshot (match_ms is then ~0), or matched now.
            let t = Instant::now();
            let m = opened.matches_now(super::crosswalk());
            let count = |f: &dyn Fn(&crate::reconcile::Reconciliation) -> usize| -> usize {
                m.pairs.iter().map(|p| f(&p.result)).sum()
            };
            errln!(
                "match_ms={} matched={} ambiguous={} only_a={} only_b={}",
                ms(t.elapsed()),
                count(&|r| r.matched.len()),
                count(&|r| r.ambiguous.len()),
                count(&|r| r.only_a.len()),
                count(&|r| r.only_b.len())
            );
        }
    }
    // A joined store's snapshot is written once its matches are known too.
    opened.save_in_background();
    if args.type_ahead {
        let times = replay(&store, &index, &query, kind, args.limit);
        let pct = |p: usize| times[(times.len() - 1) * p / 100];
        errln!(
            "keystroke_ms p50={} p95={} max={}",
            ms(pct(50)),
            ms(pct(95)),
            ms(times[times.len() - 1])
        );
    }

    let rows: Vec<Row> = results
        .hits
        .iter()
        .map(|h| Row::new(&store, h, &query))
        .collect();
    // Raw: every field is already sanitised (ids and labels here, JSON by its escaping),
    // and the bold highlights are escape sequences of our own.
    let mut out = std::io::stdout().lock();
    if args.json {
        let list: Vec<_> = rows
            .iter()
            .map(|r| {
                json!({
                    "kind": r.kind, "id": r.id, "label": r.label,
                    "score": r.score, "highlights": r.marks,
                })
            })
            .collect();
        writeln!(out, "{}", crate::text::json::to_string_pretty(&list)?)?;
    } else {
        print_text(&mut out, &rows)?;
    }
    if results.total == 0 {
        errln!("sitrep: nothing matches '{query}'");
        return Ok(EXIT_PROBLEMS);
    }
    if !args.json {
        errln!("{} of {} matches", rows.len(), results.total);
    }
    Ok(EXIT_OK)
}

/// Times each prefix of `query` through one TypeAhead, plus the labels of the rows shown,
/// as the browser does per keystroke. Sorted ascending.
fn replay(
    store: &Store,
    index: &SearchIndex,
    query: &str,
    kind: Option<Kind>,
    limit: usize,
) -> Vec<Duration> {
    let mut typing = TypeAhead::new();
    let mut times: Vec<Duration> = query
        .char_indices()
        .map(|(at, c)| &query[..at + c.len_utf8()])
        .map(|prefix| {
            let t = Instant::now();
            let r = typing.update(store, index, prefix, kind, limit);
            for h in &r.hits {
                std::hint::black_box(label_with_highlights(store, h.entity, prefix));
            }
            t.elapsed()
        })
        .collect();
    times.sort();
    times
}

struct Row {
    kind: &'static str,
    id: String,
    label: String,
    marks: Vec<usize>,
    score: i64,
}

impl Row {
    fn new(store: &Store, hit: &Hit, query: &str) -> Row {
        let (kind, id) = match hit.entity {
            EntityRef::Incident(i) => ("incident", store.incident(i).id.clone()),
            EntityRef::Actor(i) => ("actor", store.actor(i).id.to_string()),
            EntityRef::Town(i) => ("town", store.town(i).id.to_string()),
            EntityRef::Report(i) => ("report", store.report(i).id.to_string()),
        };
        let (label, marks) = label_with_highlights(store, hit.entity, query);
        Row {
            kind,
            id: crate::text::sanitize(&id, false).into_owned(),
            label,
            marks,
            score: hit.score,
        }
    }
}

/// Columns kind, id, label, score; matched characters bold on a terminal (unless NO_COLOR).
fn print_text(out: &mut impl Write, rows: &[Row]) -> std::io::Result<()> {
    let bold = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let id_w = rows.iter().map(|r| r.id.width()).max().unwrap_or(0);
    let label_w = rows
        .iter()
        .map(|r| r.label.width())
        .max()
        .unwrap_or(0)
        .min(72);
    for r in rows {
        let mut label = String::new();
        for (k, c) in r.label.chars().enumerate() {
            if bold && r.marks.binary_search(&k).is_ok() {
                label.push_str("\x1b[1m");
                label.push(c);
                label.push_str("\x1b[22m");
            } else {
                label.push(c);
            }
        }
        let pad = label_w.saturating_sub(r.label.width());
        writeln!(
            out,
            "{:<8}  {}{}  {}{}  {}",
            r.kind,
            r.id,
            " ".repeat(id_w - r.id.width()),
            label,
            " ".repeat(pad),
            r.score
        )?;
    }
    Ok(())
}
