//! How a list's columns share the width, and a row's text at those widths. A leaf beside
//! columns.rs (the model).

use unicode_width::UnicodeWidthStr;

use super::columns::Column;

/// Widths for columns wanting `want` (content width, within each column's min and max) in
/// `avail` cells with one space between columns. Spare width is shared evenly among the
/// flexible columns; when short, the flexible columns give up width in proportion to what
/// they have above their minimum, then columns are dropped from the right (width 0).
pub fn share_widths(cols: &[(usize, usize, bool)], avail: usize) -> Vec<usize> {
    // (min, want, flex)
    let mut w: Vec<usize> = cols.iter().map(|&(min, want, _)| want.max(min)).collect();
    let mut n = w.len();
    let total =
        |w: &[usize], n: usize| -> usize { w[..n].iter().sum::<usize>() + n.saturating_sub(1) };
    loop {
        if n == 0 {
            return vec![0; cols.len()];
        }
        let t = total(&w, n);
        if t <= avail {
            let flex: Vec<usize> = (0..n).filter(|&i| cols[i].2).collect();
            let spare = avail - t;
            if !flex.is_empty() {
                let each = spare / flex.len();
                let extra = spare % flex.len();
                for (k, &i) in flex.iter().enumerate() {
                    w[i] += each + usize::from(k < extra);
                }
            }
            break;
        }
        // Flexible columns give up width in proportion to what they have above their
        // minimum; the remainder comes from the one with the most left.
        let deficit = t - avail;
        let slack: Vec<usize> = (0..n)
            .map(|i| if cols[i].2 { w[i] - cols[i].0 } else { 0 })
            .collect();
        let total_slack: usize = slack.iter().sum();
        let take = deficit.min(total_slack);
        let mut taken = 0;
        for i in 0..n {
            let cut = (take * slack[i]).checked_div(total_slack).unwrap_or(0);
            w[i] -= cut;
            taken += cut;
        }
        while taken < take {
            let Some(i) = (0..n)
                .filter(|&i| cols[i].2 && w[i] > cols[i].0)
                .max_by_key(|&i| (w[i] - cols[i].0, std::cmp::Reverse(i)))
            else {
                break;
            };
            w[i] -= 1;
            taken += 1;
        }
        let deficit = deficit - taken;
        if deficit == 0 {
            break;
        }
        n -= 1;
    }
    for x in w.iter_mut().skip(n) {
        *x = 0;
    }
    w
}

/// The widths of `shown` for these rows' cell texts at this width (header arrow included).
pub fn widths(
    texts: &[Vec<String>],
    shown: &[Column],
    sort: Option<Column>,
    width: usize,
) -> Vec<usize> {
    let specs: Vec<(usize, usize, bool)> = shown
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let s = c.spec();
            let header = s.header.width() + usize::from(sort == Some(c));
            let content = texts
                .iter()
                .filter_map(|row| row.get(i))
                .map(|t| t.width())
                .max()
                .unwrap_or(0)
                .max(header);
            (s.min, content.clamp(s.min, s.max.max(header)), s.flex)
        })
        .collect();
    share_widths(&specs, width)
}

/// One line of cells at these widths (columns of width 0 are left out).
pub fn line(cells: &[String], shown: &[Column], widths: &[usize], ellipsis: &str) -> String {
    let mut out = String::new();
    let mut first = true;
    for ((text, c), &w) in cells.iter().zip(shown).zip(widths) {
        if w == 0 {
            continue;
        }
        if !first {
            out.push(' ');
        }
        first = false;
        let fitted = super::widgets::fit(text, w, ellipsis);
        if c.spec().right {
            let body = fitted.trim_end();
            out.push_str(&" ".repeat(w.saturating_sub(body.width())));
            out.push_str(body);
        } else {
            out.push_str(&fitted);
        }
    }
    out
}

/// The header cells: each column's name, the sorted one with an arrow.
pub fn header_cells(
    shown: &[Column],
    sort: Option<Column>,
    descending: bool,
    ascii: bool,
) -> Vec<String> {
    shown
        .iter()
        .map(|&c| {
            let h = c.spec().header;
            if sort == Some(c) {
                let arrow = match (descending, ascii) {
                    (true, false) => "▼",
                    (false, false) => "▲",
                    (true, true) => "v",
                    (false, true) => "^",
                };
                format!("{h}{arrow}")
            } else {
                h.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spare_width_is_shared_among_the_flexible_columns() {
        // Date (fixed 10), two flexible columns wanting 8 and 20, a number (fixed 5).
        let cols = [(10, 10, false), (6, 8, true), (6, 20, true), (5, 5, false)];
        // 10+8+20+5 + 3 spaces = 46; 80 leaves 34 to share: 17 each, not 34 to one.
        let w = share_widths(&cols, 80);
        assert_eq!(w, vec![10, 8 + 17, 20 + 17, 5]);
        assert_eq!(w.iter().sum::<usize>() + 3, 80);
        // An odd remainder goes one cell each from the left.
        let w = share_widths(&cols, 81);
        assert_eq!(w, vec![10, 26, 37, 5]);
    }

    #[test]
    fn short_width_shrinks_flexible_columns_by_their_slack_then_drops_columns() {
        let cols = [(10, 10, false), (6, 8, true), (6, 20, true), (5, 5, false)];
        // 46 wanted in 40: the 20-wide column (14 above its minimum) gives 6, the 8-wide
        // (2 above) none.
        assert_eq!(share_widths(&cols, 40), vec![10, 8, 14, 5]);
        // Down to the minimums: 10+6+6+5+3 = 30.
        assert_eq!(share_widths(&cols, 30), vec![10, 6, 6, 5]);
        // Narrower still: the rightmost column goes.
        let w = share_widths(&cols, 25);
        assert_eq!(w[3], 0);
        assert!(w.iter().filter(|&&x| x > 0).count() == 3);
        assert!(w[..3].iter().sum::<usize>() + 2 <= 25, "{w:?}");
    }
}
