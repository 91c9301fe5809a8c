//! Small drawing helpers: width-aware text fitting and wrapping, sparklines, and `Doc`, the
//! scrollable detail text with its followable links.

use chrono::{Datelike, NaiveDate};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::theme::Theme;
use crate::search::filters::IncidentSet;
use crate::store::EntityRef;
use crate::text::sanitize;
pub use crate::text::wrap;

/// Cuts `s` to at most `width` display columns, ending in an ellipsis when cut, and pads it
/// with spaces to exactly `width`. Data text is sanitised first.
pub fn fit(s: &str, width: usize, ellipsis: &str) -> String {
    let s = sanitize(s, false);
    let w = s.width();
    if w <= width {
        let mut out = s.into_owned();
        out.extend(std::iter::repeat_n(' ', width - w));
        return out;
    }
    if width == 0 {
        return String::new();
    }
    let room = width.saturating_sub(ellipsis.width());
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > room {
            break;
        }
        used += cw;
        out.push(c);
    }
    out.push_str(ellipsis);
    used += ellipsis.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

/// A sparkline of `values` as a string of bar characters, scaled to the largest value.
pub fn sparkline(values: &[u64], theme: &Theme) -> String {
    let bars = theme.bars();
    let max = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(|&v| {
            if max == 0 || v == 0 {
                bars[0]
            } else {
                // Any activity shows at least the lowest bar.
                let level = ((v as f64 / max as f64) * (bars.len() - 1) as f64).ceil() as usize;
                bars[level.clamp(1, bars.len() - 1)]
            }
        })
        .collect()
}

/// Counts dates per month for the last `months` months ending at `end`.
pub fn monthly_counts(
    dates: impl Iterator<Item = NaiveDate>,
    end: NaiveDate,
    months: usize,
) -> Vec<u64> {
    let mut counts = vec![0u64; months];
    let end_m = end.year() as i64 * 12 + end.month0() as i64;
    for d in dates {
        let m = d.year() as i64 * 12 + d.month0() as i64;
        let back = end_m - m;
        if (0..months as i64).contains(&back) {
            counts[months - 1 - back as usize] += 1;
        }
    }
    counts
}

/// Where a line in a detail leads: one record, or the incidents behind a figure.
#[derive(Clone, Debug, PartialEq)]
pub enum Link {
    Record(EntityRef),
    Incidents(IncidentSet),
}

/// Detail text with the links it contains, one link per line at most.
#[derive(Default)]
pub struct Doc {
    pub lines: Vec<Line<'static>>,
    /// (line index, target) in reading order.
    pub links: Vec<(usize, Link)>,
    pub width: usize,
}

impl Doc {
    pub fn new(width: usize) -> Doc {
        Doc {
            width: width.max(10),
            ..Default::default()
        }
    }

    pub fn blank(&mut self) {
        self.lines.push(Line::default());
    }

    pub fn heading(&mut self, text: &str, style: Style) {
        if !self.lines.is_empty() {
            self.blank();
        }
        self.lines.push(Line::from(Span::styled(
            sanitize(text, false).into_owned(),
            style,
        )));
    }

    /// "Label       value", the value wrapped under itself.
    pub fn field(&mut self, label: &str, value: &str, label_style: Style) {
        const LABEL: usize = 12;
        if value.trim().is_empty() {
            return;
        }
        let wrapped = wrap(value, self.width.saturating_sub(LABEL + 1));
        for (i, part) in wrapped.into_iter().enumerate() {
            let head = if i == 0 {
                fit(label, LABEL, "")
            } else {
                " ".repeat(LABEL)
            };
            self.lines.push(Line::from(vec![
                Span::styled(head, label_style),
                Span::raw(" "),
                Span::raw(part),
            ]));
        }
    }

    /// A paragraph wrapped to the width, indented by two.
    pub fn para(&mut self, text: &str, style: Style) {
        for part in wrap(text, self.width.saturating_sub(2)) {
            self.lines
                .push(Line::from(vec![Span::raw("  "), Span::styled(part, style)]));
        }
    }

    /// A followable line. `text` is fitted to the width.
    pub fn link(&mut self, text: &str, target: EntityRef, style: Style, ellipsis: &str) {
        self.link_to(text, Link::Record(target), style, ellipsis);
    }

    /// A followable line to any kind of target.
    pub fn link_to(&mut self, text: &str, target: Link, style: Style, ellipsis: &str) {
        self.links.push((self.lines.len(), target));
        let body = fit(text, self.width.saturating_sub(2), ellipsis);
        self.lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(body.trim_end().to_string(), style),
        ]));
    }

    pub fn plain(&mut self, text: &str, style: Style) {
        let body = fit(text, self.width, "~");
        self.lines
            .push(Line::from(Span::styled(body.trim_end().to_string(), style)));
    }

    /// Puts `other`'s lines (and links) in before line `at`, moving the later links down.
    pub fn splice(&mut self, at: usize, other: Doc) {
        let at = at.min(self.lines.len());
        let n = other.lines.len();
        for (line, _) in &mut self.links {
            if *line >= at {
                *line += n;
            }
        }
        let moved = other.links.into_iter().map(|(l, target)| (l + at, target));
        let pos = self.links.partition_point(|(l, _)| *l < at);
        self.links.splice(pos..pos, moved);
        self.lines.splice(at..at, other.lines);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_pads_and_cuts_by_display_width() {
        assert_eq!(fit("abc", 5, "…"), "abc  ");
        assert_eq!(fit("abcdef", 4, "…"), "abc…");
        // Wide characters count two columns each.
        assert_eq!(fit("日本語", 5, "…").width(), 5);
        assert_eq!(fit("a\x1b[2Jb", 6, "…"), "a [2Jb");
    }

    #[test]
    fn wrap_respects_width_and_paragraphs() {
        let lines = wrap("one two three four five six", 10);
        assert!(lines.iter().all(|l| l.width() <= 10));
        assert_eq!(lines.join(" "), "one two three four five six");
        assert_eq!(wrap("a\nb", 10), vec!["a", "b"]);
        assert!(wrap(&"x".repeat(30), 10).iter().all(|l| l.width() <= 10));
    }

    #[test]
    fn sparkline_scales_to_max() {
        let t = Theme::new(false, true);
        assert_eq!(sparkline(&[0, 1, 8], &t), " .@");
    }

    #[test]
    fn monthly_counts_bucket_by_month() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let c = monthly_counts(
            [
                d("2025-07-01"),
                d("2025-07-20"),
                d("2025-05-03"),
                d("2023-01-01"),
            ]
            .into_iter(),
            d("2025-07-31"),
            3,
        );
        assert_eq!(c, vec![1, 0, 2]);
    }
}
