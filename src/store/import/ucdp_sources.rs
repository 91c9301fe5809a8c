//! UCDP's source columns: `source_article` (each article as `"Outlet,date,headline"`, the
//! articles joined by `;`, with one to three layers of quotes depending on the release),
//! `source_office`, `source_date`, `source_headline` (the same, as parallel `;` lists) and
//! `source_original` (who the articles cite).

use chrono::NaiveDate;

use super::trim;

/// One article a UCDP event is coded from.
#[derive(Debug, PartialEq)]
pub struct Article<'a> {
    pub outlet: &'a str,
    pub date: Option<NaiveDate>,
    /// As written, quotes and surrounding whitespace removed (see [`clean_text`]).
    pub headline: String,
}

/// `,YYYY-MM-DD,` (spaces allowed around the date) at byte `i` of `b`, which holds a comma:
/// the byte range of the date.
fn date_at(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let mut a = i + 1;
    while b.get(a) == Some(&b' ') {
        a += 1;
    }
    let d = b.get(a..a + 10)?;
    let digits = |r: std::ops::Range<usize>| d[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && d[4] == b'-' && digits(5..7) && d[7] == b'-' && digits(8..10)) {
        return None;
    }
    let mut e = a + 10;
    while b.get(e) == Some(&b' ') {
        e += 1;
    }
    matches!(b.get(e), None | Some(b',' | b'"' | b';')).then_some((a, a + 10))
}

/// Quote characters (and whitespace) at the start of `s`.
fn leading_quotes(s: &str) -> usize {
    s.bytes()
        .take_while(|b| matches!(b, b'"' | b' '))
        .filter(|&b| b == b'"')
        .count()
}

/// Removes at most `n` quote characters (and whitespace) from the end of `s`: exactly the
/// quotes that close the article, so a headline ending in a quoted word keeps its own quote.
fn strip_closing(s: &str, n: usize) -> &str {
    let mut t = s.trim_end();
    for _ in 0..n {
        match t.strip_suffix('"') {
            Some(r) => t = r.trim_end(),
            None => break,
        }
    }
    t
}

/// The articles of a `source_article` value, found by their dates: the outlet is what comes
/// between the previous article's `;` and the date, the headline what follows the date up
/// to the next article's `;`. A `;` or comma inside a headline is kept. An article with no
/// date cannot be told apart from its neighbours, so a value without any yields nothing
/// and the caller falls back on `source_office`.
pub fn parse_articles(s: &str) -> Vec<Article<'_>> {
    let b = s.as_bytes();
    let dates: Vec<(usize, usize, usize)> = b
        .iter()
        .enumerate()
        .filter(|&(_, &c)| c == b',')
        .filter_map(|(i, _)| date_at(b, i).map(|(a, e)| (i, a, e)))
        .collect();
    let mut out = Vec::with_capacity(dates.len());
    // Where each article starts: the text start, then after the last ';' before its date.
    let starts: Vec<usize> = dates
        .iter()
        .enumerate()
        .map(|(k, &(comma, _, _))| {
            let from = if k == 0 { 0 } else { dates[k - 1].2 };
            if k == 0 {
                0
            } else {
                s[from..comma].rfind(';').map_or(from, |p| from + p + 1)
            }
        })
        .collect();
    for (k, &(comma, a, e)) in dates.iter().enumerate() {
        let item = &s[starts[k]..];
        let quotes = leading_quotes(item);
        let outlet =
            trim(s[starts[k]..comma].trim_matches(|c: char| c == '"' || c.is_whitespace()));
        // Up to the ';' that starts the next article (none found: the next date's comma).
        let end = if k + 1 < dates.len() {
            starts[k + 1].saturating_sub(1).max(e)
        } else {
            s.len()
        };
        // After the date: the comma before the headline, if there is one.
        let rest = s[e..end].trim_start();
        let rest = rest.strip_prefix(',').unwrap_or(rest);
        let headline = strip_closing(rest, quotes);
        let headline = headline.trim_start_matches(|c: char| c.is_whitespace());
        out.push(Article {
            outlet,
            date: NaiveDate::parse_from_str(&s[a..a + 10], "%Y-%m-%d").ok(),
            headline: clean_text(headline),
        });
    }
    out
}

/// Free text from UCDP's source columns on one line: runs of whitespace (the newlines and
/// tabs left by news databases) become one space, and one pair of quotes wrapping the whole
/// value (`'Officials from the Ministry of⏎Justice'`) is removed.
pub fn clean_text(s: &str) -> String {
    let mut t = s.trim();
    for q in ['"', '\''] {
        if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) && !t[1..t.len() - 1].contains(q) {
            t = t[1..t.len() - 1].trim();
        }
    }
    super::actors::clean(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        s.parse().ok()
    }

    #[test]
    fn website_export_articles_one_layer_of_quotes() {
        let a = parse_articles(
            "\"Crisis Watch ,2023-11-02,Burkina Faso OCTOBER 2023\";\"@Sahel_Security,2022-12-16,#Burkina #Banwa\"",
        );
        assert_eq!(
            a,
            vec![
                Article {
                    outlet: "Crisis Watch",
                    date: d("2023-11-02"),
                    headline: "Burkina Faso OCTOBER 2023".into()
                },
                Article {
                    outlet: "@Sahel_Security",
                    date: d("2022-12-16"),
                    headline: "#Burkina #Banwa".into()
                },
            ]
        );
    }

    #[test]
    fn quotes_semicolons_and_commas_inside_headlines_are_kept() {
        let a = parse_articles(
            "\"AFP,2021-06-10,Burkina: une \"dizaine de terroristes neutralisés\"\";\"Jeune Afrique,2022-08-20,a \"hundred\" of terrorists; one month, two\"",
        );
        assert_eq!(a.len(), 2);
        assert_eq!(
            a[0].headline,
            "Burkina: une \"dizaine de terroristes neutralisés\""
        );
        assert_eq!(a[1].outlet, "Jeune Afrique");
        assert_eq!(a[1].headline, "a \"hundred\" of terrorists; one month, two");
    }

    #[test]
    fn release_19_1_articles_three_layers_of_quotes_and_newlines() {
        let a = parse_articles(
            "\"\"\"AFP,2019-09-30,Attack\"\"\";\"\"\"Reuters,2019-10-01,Mali\n\nAU \tJane Doe\"\"\"",
        );
        assert_eq!(a.len(), 2);
        assert_eq!((a[0].outlet, a[0].headline.as_str()), ("AFP", "Attack"));
        assert_eq!(a[1].date, d("2019-10-01"));
        assert_eq!(a[1].headline, "Mali AU Jane Doe");
    }

    #[test]
    fn no_dated_article_yields_nothing() {
        assert!(parse_articles("").is_empty());
        assert!(parse_articles("AFP Attack Reuters Mali").is_empty());
    }

    #[test]
    fn clean_text_unwraps_and_joins_lines() {
        assert_eq!(
            clean_text("'Officials from the Ministry of\nJustice'"),
            "Officials from the Ministry of Justice"
        );
        assert_eq!(
            clean_text("\"eye witness; \nthe MBDHP\""),
            "eye witness; the MBDHP"
        );
        assert_eq!(clean_text(" Army statement "), "Army statement");
        assert_eq!(
            clean_text("the \"army\" said \"so\""),
            "the \"army\" said \"so\""
        );
    }
}
