//! Incident links as they appear inside details (recent incidents of an actor, a town...).

use chrono::{Datelike, NaiveDate};

use crate::store::{EntityRef, Ix, Store};
use crate::ui::panes::incidents::main_actors;
use crate::ui::theme::Theme;
use crate::ui::widgets::{Doc, monthly_counts, sparkline};

pub fn label(store: &Store, i: Ix) -> String {
    let inc = store.incident(i);
    let fatal = match inc.fatalities.best {
        Some(b) => format!("{b} killed"),
        None => "no fatality figure".into(),
    };
    let mark = if inc.has_contested_claims() {
        " [contested]"
    } else {
        ""
    };
    format!(
        "{} {} - {}, {fatal}{mark}",
        inc.date_label(),
        store.town_name(&inc.town),
        main_actors(store, inc)
    )
}

/// "Recent incidents (N)" with the newest `n` as links.
pub fn recent(doc: &mut Doc, store: &Store, list: &[Ix], n: usize, t: &Theme) {
    doc.heading(
        &format!("Recent incidents ({} in all)", list.len()),
        t.header(),
    );
    for &i in list.iter().take(n) {
        doc.link(
            &label(store, i),
            EntityRef::Incident(i),
            t.link(),
            t.ellipsis(),
        );
    }
    if list.len() > n {
        doc.para(&format!("... {} older", list.len() - n), t.dim());
    }
}

/// "By month" sparkline of `list`'s incidents up to the store's newest date: one column a
/// month, as many months as the width allows (up to 36) and no more than the store covers,
/// labelled with its first and last month.
pub fn by_month(doc: &mut Doc, store: &Store, list: &[Ix], width: usize, t: &Theme) {
    let Some((from, end)) = store.coverage() else {
        return;
    };
    let months = months_to_show(from, end, width.saturating_sub(16));
    let counts = monthly_counts(list.iter().map(|&i| store.incident(i).date), end, months);
    let peak = counts.iter().max().copied().unwrap_or(0);
    let line = format!("{} max {peak}", sparkline(&counts, t));
    doc.field("By month", &line, t.label());
    let first = first_month(end, months);
    let span = if months == 1 {
        format!("1 month: {}", month_label(end))
    } else {
        format!(
            "{months} months: {} to {}",
            month_label(first),
            month_label(end)
        )
    };
    doc.para(&span, t.dim());
}

/// Months from the one holding `from` to the one holding `end`, at most `room` (and 36).
pub fn months_to_show(from: NaiveDate, end: NaiveDate, room: usize) -> usize {
    let index = |d: NaiveDate| d.year() as i64 * 12 + d.month0() as i64;
    let covered = (index(end) - index(from) + 1).max(1) as usize;
    covered.min(room.clamp(1, 36))
}

/// The first day of the month `months - 1` months before `end`'s.
fn first_month(end: NaiveDate, months: usize) -> NaiveDate {
    let index = end.year() as i64 * 12 + end.month0() as i64 - (months as i64 - 1);
    NaiveDate::from_ymd_opt(
        index.div_euclid(12) as i32,
        index.rem_euclid(12) as u32 + 1,
        1,
    )
    .unwrap_or(end)
}

/// "Jul 2025".
pub fn month_label(d: NaiveDate) -> String {
    d.format("%b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_sparkline_covers_no_more_months_than_the_store() {
        // 13 months of coverage, room for 36: 13 columns.
        assert_eq!(months_to_show(d(2024, 7, 1), d(2025, 7, 31), 80), 13);
        // Room for 10 only: the last 10.
        assert_eq!(months_to_show(d(2024, 7, 1), d(2025, 7, 31), 10), 10);
        assert_eq!(months_to_show(d(2025, 7, 3), d(2025, 7, 9), 80), 1);
        assert_eq!(first_month(d(2025, 7, 31), 13), d(2024, 7, 1));
        assert_eq!(first_month(d(2025, 1, 31), 2), d(2024, 12, 1));
        assert_eq!(month_label(d(2024, 7, 1)), "Jul 2024");
    }
}
