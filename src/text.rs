//! Text helpers shared by every layer: folding for matching, and sanitising for display.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// "1 incident", "3 incidents": a count with its noun, singular or plural (the plural
/// adds "s", which is all the nouns counted here need).
pub fn count(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Folds text for matching: lower case, accents removed, typographic apostrophes and dashes
/// made plain, so "Sandaré" = "sandare" and "Jama’at" = "jama'at".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Like [`fold`], appending to `out` (avoids an allocation per field in hot loops).
pub fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.extend(s.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' | '`' => out.push('\''),
            '\u{2010}'..='\u{2015}' => out.push('-'),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' => out.push('d'),
            'ł' | 'Ł' => out.push('l'),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Makes text from the data safe to draw: control characters (including escape sequences'
/// ESC) become spaces, so a hostile or broken record cannot move the cursor or recolour the
/// screen. Newlines are kept only when `keep_newlines` is set.
pub fn sanitize(s: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() && !(keep_newlines && c == '\n') || is_bidi_control(c);
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .filter_map(|c| {
                if bad(c) {
                    (c != '\r').then_some(' ')
                } else {
                    Some(c)
                }
            })
            .collect(),
    )
}

/// Bidirectional overrides can reorder what follows them on the line.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// Greedy word wrap by display width; words longer than a line are split. Newlines in the
/// text start new lines (paragraphs).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    let text = sanitize(text, true);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in para.split_whitespace() {
            let ww = word.width();
            if used > 0 && used + 1 + ww > width {
                out.push(std::mem::take(&mut line));
                used = 0;
            }
            if ww > width {
                for c in word.chars() {
                    let cw = c.width().unwrap_or(0);
                    if used + cw > width {
                        out.push(std::mem::take(&mut line));
                        used = 0;
                    }
                    line.push(c);
                    used += cw;
                }
                continue;
            }
            if used > 0 {
                line.push(' ');
                used += 1;
            }
            line.push_str(word);
            used += ww;
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_singular_only_for_one() {
        assert_eq!(count(1u32, "incident"), "1 incident");
        assert_eq!(count(0u32, "incident"), "0 incidents");
        assert_eq!(count(12u64, "town"), "12 towns");
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Sandaré"), "sandare");
        assert_eq!(fold("SÉGOU"), "segou");
        assert_eq!(fold("Ménaka"), "menaka");
        assert_eq!(fold("Jama’at Nusrat al-Islam"), "jama'at nusrat al-islam");
        assert_eq!(fold("Tombouctou"), "tombouctou");
        assert_eq!(fold("Côte d'Ivoire"), "cote d'ivoire");
    }

    #[test]
    fn sanitize_strips_escapes_and_controls() {
        assert_eq!(sanitize("ok", false), "ok");
        assert_eq!(sanitize("a\x1b[31mred", false), "a [31mred");
        assert_eq!(sanitize("line1\nline2", false), "line1 line2");
        assert_eq!(sanitize("line1\r\nline2", true), "line1\nline2");
        assert_eq!(sanitize("x\u{202E}y", false), "x y");
    }
}
