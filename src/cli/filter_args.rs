//! The incident filters shared by `export`, `trend`, `pivot` and `changes`: the same
//! options with the same meanings, added to an optional filter line.

use anyhow::bail;
use chrono::NaiveDate;
use clap::Args;

use crate::search::filters::Filters;
use crate::text::fold;

#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// First day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Last day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<NaiveDate>,
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
    /// The browser's filter line (e.g. "since:2025-06-01 type:battles kayes"); the options
    /// above are added to it.
    #[arg(long, value_name = "LINE")]
    pub filter: Option<String>,
}

impl FilterArgs {
    pub fn filters(&self) -> anyhow::Result<Filters> {
        let mut f = match &self.filter {
            Some(line) => Filters::parse(line).map_err(|e| anyhow::anyhow!("--filter: {e}"))?,
            None => Filters::default(),
        };
        f.since = self.since.or(f.since);
        f.until = self.until.or(f.until);
        let folded = |s: &Option<String>| s.as_deref().map(|s| fold(s.trim()));
        let all_folded = |v: &[String]| v.iter().map(|s| fold(s.trim())).collect::<Vec<_>>();
        f.countries.extend(all_folded(&self.country));
        f.towns.extend(all_folded(&self.town));
        f.actors.extend(all_folded(&self.actor));
        f.event_type = folded(&self.event_type).or(f.event_type);
        f.min_fatalities = self.min_fatalities.or(f.min_fatalities);
        if f.since.zip(f.until).is_some_and(|(s, u)| s > u) {
            bail!("--since is after --until");
        }
        Ok(f)
    }
}
