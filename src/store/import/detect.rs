//! Telling the formats apart from the content alone (never the file name).

use super::{acled, ucdp};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Our own store (or something only the store loader can explain, such as an empty file).
    Sitrep,
    AcledCsv,
    AcledJson,
    UcdpCsv,
    UcdpJson,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::Sitrep => "sitrep store",
            Format::AcledCsv => "ACLED CSV",
            Format::AcledJson => "ACLED API JSON",
            Format::UcdpCsv => "UCDP GED CSV",
            Format::UcdpJson => "UCDP GED API JSON",
        }
    }

    /// The dataset's short label, shown beside each incident ("ACLED", "UCDP").
    pub fn dataset(self) -> &'static str {
        match self {
            Format::Sitrep => "",
            Format::AcledCsv | Format::AcledJson => "ACLED",
            Format::UcdpCsv | Format::UcdpJson => "UCDP",
        }
    }
}

#[derive(Debug, PartialEq)]
pub enum Detected {
    Is(Format),
    /// Looks like a table, but not one of ours; the reason names the missing columns.
    Unknown(String),
}

const HEAD: usize = 64 * 1024;

/// Normalises a header cell: BOM, spaces and case removed.
pub fn header_name(h: &[u8]) -> String {
    let h = h.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(h);
    String::from_utf8_lossy(h).trim().to_ascii_lowercase()
}

fn missing<'a>(found: &[String], required: &[&'a str]) -> Vec<&'a str> {
    required
        .iter()
        .filter(|r| !found.iter().any(|f| f == *r))
        .copied()
        .collect()
}

pub fn detect(buf: &[u8]) -> Detected {
    let buf = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buf);
    let head = &buf[..buf.len().min(HEAD)];
    let Some(first) = head.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Detected::Is(Format::Sitrep);
    };
    // Binary data (a NUL byte) is the store loader's to refuse, as it always has. Bytes that
    // are not UTF-8 are not enough: Excel saves CSV in the Windows code page.
    if head.contains(&0) {
        return Detected::Is(Format::Sitrep);
    }
    let text = String::from_utf8_lossy(head);
    let has = |k: &str| text.contains(k);
    match head[first] {
        b'{' => {
            if has("\"schema_version\"") {
                Detected::Is(Format::Sitrep)
            } else if has("\"event_id_cnty\"") || (has("\"event_date\"") && has("\"actor1\"")) {
                Detected::Is(Format::AcledJson)
            } else if has("\"side_a\"") || has("\"type_of_violence\"") {
                Detected::Is(Format::UcdpJson)
            } else {
                Detected::Is(Format::Sitrep)
            }
        }
        b'[' => {
            if has("\"event_id_cnty\"") || (has("\"event_date\"") && has("\"actor1\"")) {
                Detected::Is(Format::AcledJson)
            } else if has("\"side_a\"") || has("\"type_of_violence\"") {
                Detected::Is(Format::UcdpJson)
            } else {
                Detected::Is(Format::Sitrep)
            }
        }
        _ => detect_csv(head),
    }
}

/// A header cell as a message may quote it: names made of letters, digits and `_ -.()/`
/// and at most 32 long are shown; anything else (a line of /etc/shadow behind a symlinked
/// store, escape sequences) is described, not quoted.
fn quoted_header(h: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || " _-.()/".contains(c);
    if !h.is_empty() && h.len() <= 32 && h.chars().all(plain) {
        h.to_string()
    } else {
        format!("<{} characters not shown>", h.chars().count())
    }
}

fn detect_csv(head: &[u8]) -> Detected {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(head);
    let mut rec = csv::ByteRecord::new();
    let found: Vec<String> = match rdr.read_byte_record(&mut rec) {
        Ok(true) => rec.iter().map(header_name).collect(),
        _ => Vec::new(),
    };
    let miss_a = missing(&found, acled::REQUIRED);
    let mut miss_u = missing(&found, ucdp::REQUIRED);
    if !ucdp::best_names()
        .iter()
        .any(|b| found.iter().any(|f| f == b))
    {
        miss_u.push("best (or best_est)");
    }
    if miss_a.is_empty() {
        return Detected::Is(Format::AcledCsv);
    }
    if miss_u.is_empty() {
        return Detected::Is(Format::UcdpCsv);
    }
    if let Some(reason) = aggregated(&found) {
        return Detected::Unknown(reason);
    }
    let mut shown: Vec<String> = found.iter().take(12).map(|h| quoted_header(h)).collect();
    if found.len() > 12 {
        shown.push("...".into());
    }
    Detected::Unknown(format!(
        "expected a sitrep JSON store, ACLED events (CSV or API JSON) or UCDP GED events \
         (CSV or API JSON), one row per event; this table has columns [{}]; \
         missing for ACLED: {}; missing for UCDP GED: {}",
        shown.join(", "),
        miss_a.join(", "),
        miss_u.join(", ")
    ))
}

/// Columns that hold a count of events (HDX's ACLED summaries call it `events`).
const COUNT_COLUMNS: &[&str] = &["events", "event_count", "number_of_events", "events_count"];
/// Columns that name a period of time rather than a day.
const PERIOD_COLUMNS: &[&str] = &[
    "reference_period_start",
    "reference_period_end",
    "month",
    "year_month",
    "week",
    "period",
];

/// Why a table of counts (one row per area, period and type, each with a number of events)
/// is not an event table, or None when it does not look like one. Such tables match an
/// event table's columns in part (`event_type`, `fatalities`, admin names), so they are
/// told apart by a count of events and a period in place of a date.
fn aggregated(found: &[String]) -> Option<String> {
    fn has(found: &[String], names: &[&'static str]) -> Option<&'static str> {
        names.iter().copied().find(|n| found.iter().any(|f| f == n))
    }
    let has = |names: &[&'static str]| has(found, names);
    let count = has(COUNT_COLUMNS)?;
    let period = has(PERIOD_COLUMNS)?;
    let area = has(&[
        "admin2_name",
        "admin1_name",
        "location_name",
        "admin1",
        "country",
    ]);
    let per = match area {
        Some(a) => format!("per {period} and {a}"),
        None => format!("per {period}"),
    };
    Some(format!(
        "this table holds aggregated counts (a number of events, column '{count}', {per}), \
         not events: sitrep needs one row per event, such as an ACLED or UCDP GED export \
         (CSV or API JSON), not a summary such as HDX's monthly ACLED figures"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_quotes_no_more_than_plain_header_names() {
        let Detected::Unknown(why) = detect(b"root:*:19000:0:99999:7:::\nx\n") else {
            panic!("detected as a format");
        };
        assert!(!why.contains("root"), "{why}");
        assert!(why.contains("<25 characters not shown>"), "{why}");
        let Detected::Unknown(why) = detect(b"name,event date\n1,2\n") else {
            panic!("detected as a format");
        };
        assert!(why.contains("[name, event date]"), "{why}");
    }

    #[test]
    fn detects_by_content() {
        assert_eq!(
            detect(b"\xEF\xBB\xBFevent_id_cnty,event_date,actor1,country,fatalities\r\n"),
            Detected::Is(Format::AcledCsv)
        );
        assert_eq!(
            detect(b"id,year,side_a,side_b,date_start,best,country\n"),
            Detected::Is(Format::UcdpCsv)
        );
        assert_eq!(
            detect(b"{\"schema_version\":1}"),
            Detected::Is(Format::Sitrep)
        );
        assert_eq!(
            detect(b"{\"status\":200,\"data\":[{\"event_id_cnty\":\"MLI1\"}]}"),
            Detected::Is(Format::AcledJson)
        );
        assert_eq!(detect(b"[]"), Detected::Is(Format::Sitrep));
        // Without event ids (a 2019-2021 extract keeping data_id only): still ACLED.
        assert_eq!(
            detect(b"[{\"data_id\":\"7\",\"event_date\":\"2019-01-01\",\"actor1\":\"X\"}]"),
            Detected::Is(Format::AcledJson)
        );
        assert_eq!(
            detect(b"data_id,event_date,actor1,country,fatalities\n"),
            Detected::Is(Format::AcledCsv)
        );
        assert_eq!(
            detect(b"id,relid,side_a,side_b,date_start,best_est,country\n"),
            Detected::Is(Format::UcdpCsv)
        );
        assert_eq!(detect(b""), Detected::Is(Format::Sitrep));
        match detect(b"country,region,total\nMali,Kayes,4\n") {
            Detected::Unknown(r) => {
                assert!(r.contains("event_date"), "{r}");
                assert!(r.contains("date_start"), "{r}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn tables_of_counts_are_refused_as_aggregated() {
        let hdx = b"location_code,has_hrp,in_gho,provider_admin1_name,provider_admin2_name,\
admin1_code,admin1_name,admin2_code,admin2_name,admin_level,event_type,events,fatalities,\
reference_period_start,reference_period_end\n\
MLI,Y,Y,Kayes,Kita,ML01,Kayes,ML0101,Kita,2,political_violence,3,4,2024-01-01,2024-01-31\n";
        match detect(hdx) {
            Detected::Unknown(r) => {
                assert!(r.contains("aggregated counts"), "{r}");
                assert!(
                    r.contains("per reference_period_start and admin2_name"),
                    "{r}"
                );
                assert!(r.contains("not events"), "{r}");
            }
            other => panic!("{other:?}"),
        }
        match detect(b"country,month,events,fatalities\nMali,2024-01,3,4\n") {
            Detected::Unknown(r) => assert!(r.contains("aggregated counts"), "{r}"),
            other => panic!("{other:?}"),
        }
    }
}
