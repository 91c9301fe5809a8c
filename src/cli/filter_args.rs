//! The incident filters shared by `export`, `trend`, `pivot` and `changes`: the same
//! options with the same meanings, added to an optional filter line.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::bail;
use clap::Args;

use crate::search::filters::{FilterError, Filters, Key, RecordSets, grammar, today};
use crate::store::Store;
use crate::workspace::{Snapshot, StoreKey, Workspace};

#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// First day: YYYY-MM-DD, YYYY-MM, today, yesterday, or 30d, 12w, 6m, 1y before today
    /// (SITREP_TODAY=YYYY-MM-DD fixes today).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Last day, written as for --since (YYYY-MM is the month's last day).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only incidents in this country: its whole name (or, when no country has the name, an
    /// admin1 region's), case and accents ignored. Repeat for several: any of them.
    #[arg(long, value_name = "NAME")]
    pub country: Vec<String>,
    /// Only incidents in this town: its id, whole name or an alias, or "Name, Country".
    /// Repeat for several: any of them.
    #[arg(long, value_name = "TOWN")]
    pub town: Vec<String>,
    /// Only incidents involving this actor: its id, whole name or an alias. Repeat for
    /// several: incidents involving every one.
    #[arg(long, value_name = "ACTOR")]
    pub actor: Vec<String>,
    /// Event type or sub-type contains this.
    #[arg(long = "type", value_name = "TYPE")]
    pub event_type: Option<String>,
    /// At least this many fatalities (best estimate).
    #[arg(long, value_name = "N")]
    pub min_fatalities: Option<u32>,
    /// The browser's filter line (e.g. "since:30d type:battles,riots -actor:fama kayes"; see
    /// the README's filter keys); the options above are added to it.
    #[arg(long, value_name = "LINE", allow_hyphen_values = true)]
    pub filter: Option<String>,
    /// The global `--workspace FILE`, set by the caller: `marked`, `noted`, `new` and `tag:`
    /// read their sets from it.
    #[arg(skip)]
    pub workspace: Option<PathBuf>,
}

/// The workspace's sets for the filters: the dataset's marked, noted and tagged records and
/// the incidents seen in it.
pub fn record_sets(snapshot: &Snapshot) -> RecordSets {
    RecordSets {
        marked: snapshot.marks.iter().map(|m| m.record.clone()).collect(),
        noted: snapshot.notes.iter().map(|n| n.record.clone()).collect(),
        seen: Arc::new(snapshot.seen.clone()),
        tags: {
            let mut by_tag: std::collections::HashMap<String, std::collections::HashSet<String>> =
                std::collections::HashMap::new();
            for t in &snapshot.tags {
                by_tag
                    .entry(t.tag.clone())
                    .or_default()
                    .insert(t.record.clone());
            }
            by_tag
        },
    }
}

impl FilterArgs {
    /// The filters over `store`, with the workspace's sets when a term needs them (the
    /// workspace is opened only then).
    pub fn filters(&self, store: &Store) -> anyhow::Result<Filters> {
        let mut f = self.filters_alone()?;
        if let Some(t) = f.terms.iter().find(|t| t.key.uses_workspace()) {
            let Some(path) = self.workspace.clone().or_else(Workspace::default_path) else {
                bail!(
                    "--filter: {} (give --workspace FILE, or set XDG_DATA_HOME or HOME)",
                    FilterError::NeedsWorkspace(t.key)
                );
            };
            let ws = Workspace::open(&path)?;
            let snapshot = ws.snapshot(&StoreKey::of(store).title)?;
            f.records = Some(Arc::new(record_sets(&snapshot)));
        }
        Ok(f)
    }

    fn filters_alone(&self) -> anyhow::Result<Filters> {
        let today = today();
        let mut f = match &self.filter {
            Some(line) => {
                Filters::parse_at(line, today).map_err(|e| anyhow::anyhow!("--filter: {e}"))?
            }
            None => Filters::default(),
        };
        let date = |flag: &str, key: Key, v: &Option<String>| -> anyhow::Result<_> {
            v.as_deref()
                .map(|v| grammar::date(key, v, today))
                .transpose()
                .map_err(|e| anyhow::anyhow!("--{flag}: {e}"))
        };
        f.since = date("since", Key::Since, &self.since)?.or(f.since);
        f.until = date("until", Key::Until, &self.until)?.or(f.until);
        for (key, values) in [
            (Key::Country, &self.country),
            (Key::Town, &self.town),
            (Key::Actor, &self.actor),
        ] {
            for v in values {
                f.push(key, v);
            }
        }
        if let Some(t) = &self.event_type {
            f.push(Key::Type, t);
        }
        f.min_fatalities = self.min_fatalities.or(f.min_fatalities);
        if f.since.zip(f.until).is_some_and(|(s, u)| s > u) {
            bail!("--since is after --until");
        }
        Ok(f)
    }
}
