//! Watchlists: a watch is a filter line (the browser's grammar) with a rule that says when
//! it fires. `sitrep watch` evaluates every watch of a `watches.toml` against the store, for
//! cron and scripts; the browser shows the fired ones on its status line at start. A pure
//! query over the store: `file` reads the watches, `render` writes the results.
//!
//! Rules, each over the store's latest period (the ISO week, Monday to Sunday, or the
//! calendar month holding its newest incident, whatever the filter keeps):
//!
//! - `count > N per week|month`: more than N incidents pass the filter in the latest week or
//!   month;
//! - `any`: any incident passes the filter (the filter's own dates, if any, limit it);
//! - `fatalities above K-week high`: the latest week's fatalities (sum of best estimates)
//!   are above the highest weekly figure of the K weeks before it.

pub mod file;
pub mod render;
#[cfg(test)]
mod tests;

use chrono::{Days, NaiveDate};

pub use file::{Watch, WatchError, load, parse};

use crate::calendar::{first_of_month, monday_of, month_label, next_month, week_label};
use crate::model::FatalityTotal;
use crate::search::filters::filtered_incidents;
use crate::store::{Ix, Store};

/// How long a counting period is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Every {
    Week,
    Month,
}

/// When a watch fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// More than `n` incidents in the latest week or month.
    CountAbove { n: u64, every: Every },
    /// Any incident at all.
    Any,
    /// The latest week's fatalities above the highest of the `weeks` weeks before.
    FatalitiesAboveHigh { weeks: u32 },
}

/// The rules as a watches file writes them, for messages.
pub const RULE_FORMS: &str =
    "`count > N per week`, `count > N per month`, `any`, `fatalities above K-week high`";

impl Rule {
    /// Reads a rule: `count > 3 per week`, `any`, `fatalities above 12-week high` (also
    /// `fatalities above its 12-week high`); case and spacing are free.
    pub fn parse(text: &str) -> Result<Rule, String> {
        let t = text.trim().to_ascii_lowercase();
        let bad = || format!("rule '{}' is not one of {RULE_FORMS}", text.trim());
        if t == "any" {
            return Ok(Rule::Any);
        }
        let words: Vec<&str> = t
            .split(|c: char| c.is_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        if let Some(rest) = t
            .strip_prefix("count")
            .or_else(|| t.strip_prefix("incidents"))
        {
            let rest = rest.trim_start();
            let rest = rest.strip_prefix('>').ok_or_else(bad)?.trim_start();
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let n: u64 = digits.parse().map_err(|_| bad())?;
            let tail: Vec<&str> = rest[digits.len()..].split_whitespace().collect();
            let every = match tail.as_slice() {
                ["per", "week"] | ["a", "week"] => Every::Week,
                ["per", "month"] | ["a", "month"] => Every::Month,
                _ => return Err(bad()),
            };
            return Ok(Rule::CountAbove { n, every });
        }
        let body = match words.as_slice() {
            ["fatalities", "above", "its", k, "high"] | ["fatalities", "above", k, "high"] => *k,
            ["fatalities", "above", "its", k, "week", "high"]
            | ["fatalities", "above", k, "week", "high"] => *k,
            _ => return Err(bad()),
        };
        let k = body.strip_suffix("-week").unwrap_or(body);
        match k.parse::<u32>() {
            Ok(weeks) if (1..=520).contains(&weeks) => Ok(Rule::FatalitiesAboveHigh { weeks }),
            Ok(_) => Err(format!(
                "rule '{}': the number of weeks must be 1 to 520",
                text.trim()
            )),
            Err(_) => Err(bad()),
        }
    }

    /// The rule as written back: `count > 3 per week`.
    pub fn text(&self) -> String {
        match self {
            Rule::CountAbove { n, every } => format!(
                "count > {n} per {}",
                match every {
                    Every::Week => "week",
                    Every::Month => "month",
                }
            ),
            Rule::Any => "any".into(),
            Rule::FatalitiesAboveHigh { weeks } => format!("fatalities above {weeks}-week high"),
        }
    }
}

/// A span of days with its label (`2025-W27`, `2025-07`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Span {
    pub label: String,
    pub since: NaiveDate,
    pub until: NaiveDate,
}

impl Span {
    fn week_of(d: NaiveDate) -> Span {
        let since = monday_of(d);
        Span {
            label: week_label(since),
            since,
            until: since + Days::new(6),
        }
    }

    fn month_of(d: NaiveDate) -> Span {
        let since = first_of_month(d);
        Span {
            label: month_label(since),
            since,
            until: next_month(since) - Days::new(1),
        }
    }

    fn contains(&self, d: NaiveDate) -> bool {
        self.since <= d && d <= self.until
    }
}

/// One watch evaluated.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub name: String,
    pub rule: Rule,
    pub filter: String,
    pub fired: bool,
    /// What the rule measured: incidents, or fatalities for the fatalities rule.
    pub value: u64,
    /// What `value` must be above to fire (0 for `any`).
    pub threshold: u64,
    /// The period measured (none for `any`).
    pub period: Option<Span>,
    /// The incidents behind `value`, newest first.
    pub incidents: Vec<Ix>,
    /// Something the reader must know about the figures (the store does not reach back
    /// over the weeks a high is taken from).
    pub note: Option<String>,
}

/// The day the latest period holds: the store's newest incident.
pub fn latest_day(store: &Store) -> Option<NaiveDate> {
    store.newest_date()
}

/// Evaluates one watch (its filters already checked against `store`).
pub fn evaluate(store: &Store, w: &Watch) -> Outcome {
    let matching = filtered_incidents(store, &w.filters, None);
    let mut out = Outcome {
        name: w.name.clone(),
        rule: w.rule,
        filter: w.filter.clone(),
        fired: false,
        value: 0,
        threshold: 0,
        period: None,
        incidents: Vec::new(),
        note: None,
    };
    let Some(newest) = latest_day(store) else {
        out.note = Some("the store has no incidents".into());
        return out;
    };
    let within = |span: &Span| -> Vec<Ix> {
        matching
            .iter()
            .copied()
            .filter(|&i| span.contains(store.incident(i).date))
            .collect()
    };
    match w.rule {
        Rule::Any => {
            out.value = matching.len() as u64;
            out.fired = !matching.is_empty();
            out.incidents = matching;
        }
        Rule::CountAbove { n, every } => {
            let span = match every {
                Every::Week => Span::week_of(newest),
                Every::Month => Span::month_of(newest),
            };
            out.incidents = within(&span);
            out.value = out.incidents.len() as u64;
            out.threshold = n;
            out.fired = out.value > n;
            out.period = Some(span);
        }
        Rule::FatalitiesAboveHigh { weeks } => {
            let latest = Span::week_of(newest);
            let killed = |ixs: &[Ix]| {
                FatalityTotal::of(ixs.iter().map(|&i| &store.incident(i).fatalities)).best
            };
            out.incidents = within(&latest);
            out.value = killed(&out.incidents);
            let before_since = latest.since - Days::new(7 * weeks as u64);
            let before_until = latest.since - Days::new(1);
            let covered = store.covered_days(before_since, before_until);
            let mut high = 0;
            for k in 1..=weeks as u64 {
                let since = latest.since - Days::new(7 * k);
                let span = Span::week_of(since);
                high = high.max(killed(&within(&span)));
            }
            out.threshold = high;
            out.period = Some(latest);
            if covered == 0 {
                out.note = Some(format!(
                    "the store covers none of the {weeks} weeks before: no high to compare with"
                ));
            } else {
                out.fired = out.value > high;
                if covered < 7 * weeks {
                    out.note = Some(format!(
                        "the store covers {covered} of the {} days before; the high is of those",
                        7 * weeks
                    ));
                }
            }
        }
    }
    out
}

/// Evaluates every watch, in the file's order.
pub fn evaluate_all(store: &Store, watches: &[Watch]) -> Vec<Outcome> {
    watches.iter().map(|w| evaluate(store, w)).collect()
}

/// The status line's words for the fired watches, none when nothing fired: "watches: 2 of
/// 3 fired: Kayes region busy (9 > 3), JNIM near Diboli (4)".
pub fn status_line(outcomes: &[Outcome]) -> Option<String> {
    let fired: Vec<String> = outcomes
        .iter()
        .filter(|o| o.fired)
        .map(|o| match o.rule {
            Rule::Any => format!("{} ({})", o.name, o.value),
            _ => format!("{} ({} > {})", o.name, o.value, o.threshold),
        })
        .collect();
    (!fired.is_empty()).then(|| {
        format!(
            "watches: {} of {} fired: {}",
            fired.len(),
            outcomes.len(),
            fired.join(", ")
        )
    })
}
