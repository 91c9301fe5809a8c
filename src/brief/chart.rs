//! The briefing's activity (its ISO weeks, or months for a long period) as a trend, for the
//! SVG charts `sitrep brief --charts DIR` writes beside the markdown.

use super::Briefing;
use super::render::activity;
use crate::store::Store;
use crate::trend::series::{ALL, Series, Trend};
use crate::trend::{Every, Measure, Span, Tally};

/// A chart to write: its file name, the trend it draws and the caption.
pub struct Chart {
    pub file: String,
    pub alt: String,
    pub trend: Trend,
}

/// One chart of incidents and one of fatalities per bucket of the briefing's activity, the
/// same buckets (and incidents) as its activity table.
pub fn activity_charts(store: &Store, b: &Briefing) -> Vec<Chart> {
    let (_, buckets) = activity(b);
    let monthly = buckets.first().is_some_and(|w| !w.label.contains('W'));
    let (every, per) = if monthly {
        (Every::Month, "month")
    } else {
        (Every::Week, "week")
    };
    let periods: Vec<Span> = buckets
        .iter()
        .map(|w| {
            let days = (w.end - w.start).num_days() as u32 + 1;
            let whole =
                (every.next(every.start_of(w.start)) - every.start_of(w.start)).num_days() as u32;
            let covered_days = store.covered_days(w.start, w.end);
            Span {
                label: w.label.clone(),
                start: w.start,
                end: w.end,
                days,
                covered_days,
                partial: days < whole || covered_days < days,
            }
        })
        .collect();
    let points: Vec<Tally> = buckets
        .iter()
        .map(|w| {
            let mut t = Tally::default();
            for &i in &w.incident_ids.ixs {
                t.add(i, store.incident(i));
            }
            t
        })
        .collect();
    let per_label = if monthly { "month" } else { "ISO week" };
    [
        (Measure::Incidents, "incidents"),
        (Measure::Fatalities, "fatalities"),
    ]
    .into_iter()
    .map(|(measure, what)| {
        let total = points.iter().map(|p| p.value(measure)).sum();
        Chart {
            file: format!("{what}-by-{per}.svg"),
            alt: format!(
                "{} per {per_label}, {} to {}",
                capitalised(what),
                b.period.since,
                b.period.until
            ),
            trend: Trend {
                every,
                measure,
                by: None,
                periods: periods.clone(),
                series: vec![Series {
                    name: ALL.into(),
                    points: points.clone(),
                    total,
                }],
            },
        }
    })
    .collect()
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brief::{PeriodRequest, Scope, build};
    use crate::trend::fixture::{d, store};

    #[test]
    fn the_charts_count_what_the_activity_table_counts() {
        let s = store();
        let period = PeriodRequest {
            since: Some(d("2025-07-02")),
            until: Some(d("2025-07-29")),
            days: None,
        }
        .resolve(&s)
        .unwrap();
        let b = build(&s, period, &Scope::default());
        let charts = activity_charts(&s, &b);
        let names: Vec<&str> = charts.iter().map(|c| c.file.as_str()).collect();
        assert_eq!(names, ["incidents-by-week.svg", "fatalities-by-week.svg"]);
        let incidents = &charts[0].trend;
        assert_eq!(incidents.periods.len(), b.weeks.len());
        let per_week: Vec<u64> = incidents.series[0]
            .points
            .iter()
            .map(|p| p.value(Measure::Incidents))
            .collect();
        let table: Vec<u64> = b.weeks.iter().map(|w| w.incidents).collect();
        assert_eq!(per_week, table);
        assert_eq!(
            per_week.iter().sum::<u64>(),
            b.weeks.iter().map(|w| w.incidents).sum::<u64>()
        );
        let killed: Vec<u64> = charts[1].trend.series[0]
            .points
            .iter()
            .map(|p| p.value(Measure::Fatalities))
            .collect();
        assert_eq!(
            killed,
            b.weeks.iter().map(|w| w.fatalities).collect::<Vec<_>>()
        );
        // The briefing's last week ends with the period (Tuesday 29 July): a partial week.
        assert!(incidents.periods.last().unwrap().partial);
    }
}
