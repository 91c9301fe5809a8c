//! `sitrep cache`: the snapshot cache's directory and snapshots, listed or cleared.

use std::time::{SystemTime, UNIX_EPOCH};

use super::tty::{errln, outln};
use super::{EXIT_OK, EXIT_UNREADABLE};
use crate::cache::Config;

#[derive(clap::Args, Debug)]
pub struct CacheArgs {
    /// Remove every snapshot (the sources are untouched).
    #[arg(long)]
    pub clear: bool,
    /// List the snapshots with their sources and whether each is still fresh (the default).
    #[arg(long)]
    pub list: bool,
    /// List as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(config: &Config, args: &CacheArgs) -> anyhow::Result<u8> {
    let dir = match config {
        Config::Dir(d) => d,
        Config::Off => {
            errln!(
                "sitrep: no cache directory (--no-cache, or neither XDG_CACHE_HOME nor HOME set)"
            );
            return Ok(EXIT_UNREADABLE);
        }
    };
    let name = crate::text::sanitize(&dir.display().to_string(), false).into_owned();
    if args.clear {
        let (n, bytes) =
            crate::cache::clear(dir).map_err(|e| anyhow::anyhow!("{name}: cannot clear: {e}"))?;
        outln!("removed {n} snapshot(s), {} from {name}", size(bytes));
        if !args.list {
            return Ok(EXIT_OK);
        }
    }
    let entries =
        crate::cache::list(dir, super::crosswalk()).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    if args.json {
        let v = serde_json::json!({ "dir": dir, "snapshots": entries });
        outln!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(EXIT_OK);
    }
    let total: u64 = entries.iter().map(|e| e.bytes).sum();
    outln!("{name}: {} snapshot(s), {}", entries.len(), size(total));
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    for e in &entries {
        let file = e.file.file_name().unwrap_or_default().to_string_lossy();
        let source = crate::text::sanitize(&e.source, false);
        let state = crate::text::sanitize(&e.state, false);
        outln!(
            "{file}  {:>9}  {:>9} incidents  {:>8}  {state}  {source}",
            size(e.bytes),
            e.incidents,
            age(now.saturating_sub(e.created_secs)),
        );
    }
    Ok(EXIT_OK)
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GB", b as f64 / (1u64 << 30) as f64),
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / (1u64 << 20) as f64),
        b if b >= 1 << 10 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}

fn age(secs: u64) -> String {
    match secs {
        s if s < 120 => format!("{s}s ago"),
        s if s < 7200 => format!("{}m ago", s / 60),
        s if s < 172_800 => format!("{}h ago", s / 3600),
        s => format!("{}d ago", s / 86_400),
    }
}
