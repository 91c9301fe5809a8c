//! Calendar periods shared by the briefing and the trends: ISO weeks (Monday to Sunday,
//! labelled with their ISO year, so the week starting 29 December 2025 reads "2026-W01"),
//! calendar months ("2025-07") and quarters ("2025-Q3").

use chrono::{Datelike, Days, NaiveDate};

/// "2025-W27": the ISO year and week of `d`.
pub fn week_label(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// "2025-07".
pub fn month_label(d: NaiveDate) -> String {
    format!("{}-{:02}", d.year(), d.month())
}

/// "2025-Q3".
pub fn quarter_label(d: NaiveDate) -> String {
    format!("{}-Q{}", d.year(), d.month0() / 3 + 1)
}

pub fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Days::new(d.weekday().num_days_from_monday() as u64)
}

pub fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The first day of the month after `d`'s.
pub fn next_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d)
}

pub fn first_of_quarter(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), d.month0() / 3 * 3 + 1, 1).unwrap_or(d)
}

/// Months since year 0, so consecutive months differ by one.
pub fn month_index(d: NaiveDate) -> i64 {
    d.year() as i64 * 12 + d.month0() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn labels_carry_the_right_year() {
        assert_eq!(week_label(d("2025-06-30")), "2025-W27");
        assert_eq!(week_label(d("2025-12-29")), "2026-W01");
        assert_eq!(week_label(d("2021-01-03")), "2020-W53");
        assert_eq!(month_label(d("2025-07-06")), "2025-07");
        assert_eq!(quarter_label(d("2025-07-06")), "2025-Q3");
        assert_eq!(quarter_label(d("2025-12-31")), "2025-Q4");
        assert_eq!(quarter_label(d("2026-01-01")), "2026-Q1");
    }

    #[test]
    fn period_starts_and_steps() {
        assert_eq!(monday_of(d("2025-07-06")), d("2025-06-30"));
        assert_eq!(first_of_month(d("2025-07-06")), d("2025-07-01"));
        assert_eq!(next_month(d("2025-12-06")), d("2026-01-01"));
        assert_eq!(first_of_quarter(d("2025-09-30")), d("2025-07-01"));
        assert_eq!(
            month_index(d("2026-01-01")) - month_index(d("2025-12-31")),
            1
        );
    }
}
