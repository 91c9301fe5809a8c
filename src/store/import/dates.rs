//! Dates as the datasets write them: ISO dates and date-times, "22 February 2019",
//! Excel's "9-May-20" and "31-12-19" (century from the row's `year`), and "20190222".

use chrono::{Datelike, NaiveDate};

fn month_from_name(s: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let b = s.as_bytes();
    // No month name is longer than "september"; lowered on the stack (once per row).
    if b.len() < 3 || b.len() > 9 || !b.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let mut lower = [0u8; 9];
    for (l, c) in lower.iter_mut().zip(b) {
        *l = c.to_ascii_lowercase();
    }
    let l = &lower[..b.len()];
    let m = NAMES.iter().position(|n| l.starts_with(n.as_bytes()))?;
    // "Sept" is common; anything else must be the short or the full name.
    (l.len() == 3 || l == FULL[m].as_bytes() || l == b"sept").then_some(m as u32 + 1)
}

fn num(s: &str, max_len: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A two-digit year placed in its century: the row's `year` when it agrees, else 1970-2069.
fn century(yy: u32, hint: Option<i32>) -> i32 {
    if let Some(h) = hint
        && h.rem_euclid(100) as u32 == yy
    {
        return h;
    }
    if yy < 70 {
        2000 + yy as i32
    } else {
        1900 + yy as i32
    }
}

fn year(s: &str, hint: Option<i32>) -> Option<i32> {
    match s.len() {
        4 => num(s, 4).map(|y| y as i32),
        1 | 2 => num(s, 2).map(|y| century(y, hint)),
        _ => None,
    }
}

/// Exactly three parts, or None.
fn three<'a>(mut parts: impl Iterator<Item = &'a str>) -> Option<[&'a str; 3]> {
    let three = [parts.next()?, parts.next()?, parts.next()?];
    parts.next().is_none().then_some(three)
}

/// Parses a date in any of the forms seen in ACLED and UCDP files.
pub fn parse_date(s: &str, year_hint: Option<i32>) -> Option<NaiveDate> {
    let s = super::trim(s);
    let b = s.as_bytes();
    // ISO date, possibly with a time: 2008-04-24T00:00:00, 2024-01-01 00:00:00
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' && b[..4].iter().all(u8::is_ascii_digit) {
        let rest = s.get(10..)?;
        if rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ') {
            let y = num(s.get(..4)?, 4)? as i32;
            let m = num(s.get(5..7)?, 2)?;
            return NaiveDate::from_ymd_opt(y, m, num(s.get(8..10)?, 2)?);
        }
        return None;
    }
    if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
        return NaiveDate::from_ymd_opt(
            num(&s[..4], 4)? as i32,
            num(&s[4..6], 2)?,
            num(&s[6..], 2)?,
        );
    }
    let [d, m, y] = if s.contains(' ') {
        three(s.split_whitespace())?
    } else if s.contains('-') {
        three(s.split('-'))?
    } else if s.contains('/') {
        three(s.split('/'))?
    } else {
        return None;
    };
    let m = m.trim_end_matches(',');
    let day = num(d, 2)?;
    let month = month_from_name(m).or_else(|| num(m, 2))?;
    let y = year(y, year_hint)?;
    NaiveDate::from_ymd_opt(y, month, day)
}

/// A date as UCDP's website export writes it, month first with a midnight time
/// (`10/06/2023 00:00:00` is 6 October 2023), or without the time. Any other form is left
/// to [`parse_date`]. A first part over 12 can only be a day, so `25/12/2023` is read day
/// first rather than refused.
pub fn parse_month_first(s: &str, year_hint: Option<i32>) -> Option<NaiveDate> {
    let s = super::trim(s);
    let day_part = match s.split_once(' ') {
        Some((d, t)) if t.bytes().all(|b| b.is_ascii_digit() || b == b':') => d,
        Some(_) => return parse_date(s, year_hint),
        None => s,
    };
    let Some([a, b, y]) = three(day_part.split('/')) else {
        return parse_date(s, year_hint);
    };
    let (a, b, y) = (num(a, 2)?, num(b, 2)?, year(y, year_hint)?);
    let (month, day) = if a > 12 { (b, a) } else { (a, b) };
    NaiveDate::from_ymd_opt(y, month, day)
}

/// Whether a date agrees with the row's `year` column (when it has one).
pub fn agrees_with_year(d: NaiveDate, hint: Option<i32>) -> bool {
    hint.is_none_or(|h| h == d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn every_form_seen() {
        assert_eq!(parse_date("22 February 2019", None), d(2019, 2, 22));
        assert_eq!(parse_date("01 November 2024", None), d(2024, 11, 1));
        assert_eq!(parse_date("2016-07-02", None), d(2016, 7, 2));
        assert_eq!(parse_date("2008-04-24T00:00:00", None), d(2008, 4, 24));
        assert_eq!(parse_date("9-May-20", Some(2020)), d(2020, 5, 9));
        assert_eq!(parse_date("5-Aug-24", None), d(2024, 8, 5));
        assert_eq!(parse_date("31-12-19", Some(2019)), d(2019, 12, 31));
        assert_eq!(parse_date("29-12-07", Some(2007)), d(2007, 12, 29));
        assert_eq!(parse_date("29-12-97", Some(1997)), d(1997, 12, 29));
        assert_eq!(parse_date("20190222", None), d(2019, 2, 22));
        assert_eq!(parse_date("31 February 2019", None), None);
        assert_eq!(parse_date("yesterday", None), None);
        assert_eq!(parse_date("", None), None);
        assert_eq!(parse_date("2019-02-2x", None), None);
    }

    #[test]
    fn website_export_dates_are_month_first() {
        assert_eq!(
            parse_month_first("10/06/2023 00:00:00", None),
            d(2023, 10, 6)
        );
        assert_eq!(parse_month_first("1/31/2016", None), d(2016, 1, 31));
        assert_eq!(parse_month_first("25/12/2023", None), d(2023, 12, 25));
        assert_eq!(parse_month_first("2023-10-06", None), d(2023, 10, 6));
        assert_eq!(
            parse_month_first("2008-04-24T00:00:00", None),
            d(2008, 4, 24)
        );
        assert_eq!(parse_month_first("13/13/2023 00:00:00", None), None);
        assert_eq!(parse_month_first("", None), None);
    }
}
