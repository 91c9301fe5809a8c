//! A briefing's activity over time: ISO weeks (Monday to Sunday, labelled with their ISO
//! year, so week 1 of 2026 that starts on 29 December 2025 reads "2026-W01") and calendar
//! months, counted over the same span.

use chrono::{Days, NaiveDate};

use super::{Bucket, CHART_WEEKS, IncidentRefs, MAX_DAYS, Period};
use crate::calendar::{first_of_month, monday_of, month_index, next_month};
pub use crate::calendar::{month_label, week_label};
use crate::model::{FatalityTotal, Incident};
use crate::store::{Ix, Store};

/// The ISO weeks from the one holding the period's start (or `CHART_WEEKS` weeks before its
/// end, whichever is earlier) to the one holding its end, and the calendar months from the
/// one holding that same start. Weeks and months are whole (a week from its Monday, a month
/// from its first day) except the last of each, which stops at the period's end.
pub fn buckets(
    store: &Store,
    period: Period,
    in_scope: &dyn Fn(&Incident) -> bool,
) -> (Vec<Bucket>, Vec<Bucket>) {
    let until = period.until;
    let chart_since = until - Days::new(CHART_WEEKS as u64 * 7 - 1);
    let start_day = period
        .since
        .min(chart_since)
        .max(until - Days::new(MAX_DAYS as u64));
    let since = monday_of(start_day);
    let month_since = first_of_month(start_day);
    let mut weeks = Vec::new();
    let mut start = since;
    while start <= until {
        let end = (start + Days::new(6)).min(until);
        weeks.push(empty(week_label(start), start, end));
        start = start + Days::new(7);
    }
    let mut months = Vec::new();
    let mut start = month_since;
    while start <= until {
        let end = (next_month(start) - Days::new(1)).min(until);
        months.push(empty(month_label(start), start, end));
        start = next_month(first_of_month(start));
    }
    let mut week_totals = vec![FatalityTotal::new(); weeks.len()];
    let mut month_totals = vec![FatalityTotal::new(); months.len()];
    let first_month = month_index(month_since);
    // Newest first, so each bucket's ids come newest first as everywhere else.
    for i in store.incidents_between(since.min(month_since), until) {
        let inc = &store.incidents[i];
        if !in_scope(inc) {
            continue;
        }
        // Before a bucket's start, the index is out of range and nothing is counted.
        let w = usize::try_from((inc.date - since).num_days().div_euclid(7)).unwrap_or(usize::MAX);
        let m = usize::try_from(month_index(inc.date) - first_month).unwrap_or(usize::MAX);
        for (bucket, total) in [
            (weeks.get_mut(w), week_totals.get_mut(w)),
            (months.get_mut(m), month_totals.get_mut(m)),
        ] {
            if let (Some(b), Some(t)) = (bucket, total) {
                b.incidents += 1;
                t.add(&inc.fatalities);
                b.incident_ids.ixs.push(i as Ix);
                b.incident_ids.ids.push(inc.id.clone());
            }
        }
    }
    for (b, t) in weeks
        .iter_mut()
        .zip(&week_totals)
        .chain(months.iter_mut().zip(&month_totals))
    {
        b.fatalities = t.best;
        b.fatalities_unknown = t.unknown;
    }
    (weeks, months)
}

fn empty(label: String, start: NaiveDate, end: NaiveDate) -> Bucket {
    Bucket {
        label,
        start,
        end,
        incidents: 0,
        fatalities: 0,
        fatalities_unknown: 0,
        incident_ids: IncidentRefs::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn week_labels_carry_the_iso_year() {
        assert_eq!(week_label(d("2025-06-30")), "2025-W27");
        // 29 December 2025 is a Monday in ISO week 1 of 2026.
        assert_eq!(week_label(d("2025-12-29")), "2026-W01");
        assert_eq!(week_label(d("2021-01-03")), "2020-W53");
        assert_eq!(monday_of(d("2025-07-06")), d("2025-06-30"));
        assert_eq!(month_label(d("2025-07-06")), "2025-07");
    }

    #[test]
    fn weeks_run_monday_to_sunday_and_months_cover_the_same_days() {
        let store = Store::open(None).unwrap();
        let p = Period::new(d("2025-07-01"), d("2025-07-09"));
        let (weeks, months) = buckets(&store, p, &|_| true);
        assert!(weeks.len() >= CHART_WEEKS as usize);
        for w in &weeks {
            assert_eq!(w.start.weekday(), chrono::Weekday::Mon, "{}", w.label);
        }
        let last = weeks.last().unwrap();
        assert_eq!((last.start, last.end), (d("2025-07-07"), d("2025-07-09")));
        let in_span = |since: NaiveDate| store.incidents_between(since, p.until).count() as u64;
        let weekly: u64 = weeks.iter().map(|w| w.incidents).sum();
        let monthly: u64 = months.iter().map(|m| m.incidents).sum();
        assert_eq!(weekly, in_span(weeks[0].start));
        assert_eq!(monthly, in_span(months[0].start));
        assert_eq!(months[0].start.day(), 1);
        assert_eq!(months.last().unwrap().label, "2025-07");
        assert_eq!(months.last().unwrap().end, d("2025-07-09"));
    }
}
