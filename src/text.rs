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

/// Place names from the most local to the widest, the empty ones left out:
/// "Nioro, Kayes, Mali".
pub fn place<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let named: Vec<&str> = parts.into_iter().filter(|s| !s.is_empty()).collect();
    named.join(", ")
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

/// Characters a terminal may act on rather than draw: C0 and C1 controls (ESC, CSI, OSC,
/// DCS, NEL), bidi overrides, and the Unicode line and paragraph separators.
pub fn is_unsafe_for_terminal(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// A writer to a terminal that passes every line through [`sanitize`] (newlines kept), so
/// escape sequences in the data cannot reach the terminal. Lines are held until their
/// newline: a UTF-8 character never contains the newline byte, so no character is split.
pub struct SanitizingWriter<W: std::io::Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: std::io::Write> SanitizingWriter<W> {
    pub fn new(inner: W) -> Self {
        SanitizingWriter {
            inner,
            pending: Vec::new(),
        }
    }

    fn emit(&mut self, upto: usize) -> std::io::Result<()> {
        let line: Vec<u8> = self.pending.drain(..upto).collect();
        let text = String::from_utf8_lossy(&line);
        self.inner.write_all(sanitize(&text, true).as_bytes())
    }
}

impl<W: std::io::Write> std::io::Write for SanitizingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if let Some(last) = memchr::memrchr(b'\n', &self.pending) {
            self.emit(last + 1)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            self.emit(self.pending.len())?;
        }
        self.inner.flush()
    }
}

impl<W: std::io::Write> Drop for SanitizingWriter<W> {
    fn drop(&mut self) {
        let _ = std::io::Write::flush(self);
    }
}

/// JSON as serde_json writes it, with the characters of [`is_unsafe_for_terminal`] that
/// serde_json leaves raw (C1 controls, bidi overrides, U+2028/2029) written as `\uXXXX`
/// escapes: the same data once parsed, but harmless when the JSON is shown in a terminal.
pub mod json {
    use serde::Serialize;
    use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};
    use std::io::{self, Write};

    /// Wraps a formatter, escaping unsafe characters inside strings.
    pub struct Safe<F>(pub F);

    macro_rules! delegate {
        ($($name:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {
            $(fn $name<W: ?Sized + Write>(&mut self, w: &mut W $(, $arg: $ty)*) -> io::Result<()> {
                self.0.$name(w $(, $arg)*)
            })*
        };
    }

    impl<F: Formatter> Formatter for Safe<F> {
        delegate!(
            begin_array(),
            end_array(),
            begin_array_value(first: bool),
            end_array_value(),
            begin_object(),
            end_object(),
            begin_object_key(first: bool),
            end_object_key(),
            begin_object_value(),
            end_object_value(),
        );

        fn write_string_fragment<W: ?Sized + Write>(
            &mut self,
            w: &mut W,
            fragment: &str,
        ) -> io::Result<()> {
            let mut start = 0;
            for (i, c) in fragment.char_indices() {
                if super::is_unsafe_for_terminal(c) {
                    w.write_all(&fragment.as_bytes()[start..i])?;
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        write!(w, "\\u{:04x}", u)?;
                    }
                    start = i + c.len_utf8();
                }
            }
            w.write_all(&fragment.as_bytes()[start..])
        }
    }

    /// Like `serde_json::to_writer_pretty`, escaping unsafe characters.
    pub fn to_writer_pretty<W: Write, T: ?Sized + Serialize>(
        w: W,
        value: &T,
    ) -> serde_json::Result<()> {
        let mut ser = serde_json::Serializer::with_formatter(w, Safe(PrettyFormatter::new()));
        value.serialize(&mut ser)
    }

    /// Like `serde_json::to_string_pretty`, escaping unsafe characters.
    pub fn to_string_pretty<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
        let mut out = Vec::new();
        to_writer_pretty(&mut out, value)?;
        Ok(String::from_utf8(out).expect("serde_json writes UTF-8"))
    }

    /// Like `serde_json::to_writer`, escaping unsafe characters.
    pub fn to_writer<W: Write, T: ?Sized + Serialize>(w: W, value: &T) -> serde_json::Result<()> {
        let mut ser = serde_json::Serializer::with_formatter(w, Safe(CompactFormatter));
        value.serialize(&mut ser)
    }
}

/// Escapes text from the data for markdown (a table cell or a line): no control
/// characters, no markdown emphasis or table breaks, no raw HTML (`<`, `>`, `&` become
/// entities, so no autolink either), and `javascript:` is written `javascript&#58;` so no
/// renderer makes a working script link of `[x](javascript:...)`. `brief` and `export` both use it.
pub fn markdown_text(s: &str) -> String {
    let clean = sanitize(s, false);
    let mut out = String::with_capacity(clean.len() + 8);
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '*' | '_' | '`' => {
                out.push('\\');
                out.push(c);
            }
            ':' if out.to_ascii_lowercase().ends_with("javascript") => out.push_str("&#58;"),
            c => out.push(c),
        }
    }
    out
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
    fn place_joins_the_named_parts_and_skips_the_empty_ones() {
        assert_eq!(place(["Nioro", "", "Kayes", "Mali"]), "Nioro, Kayes, Mali");
        assert_eq!(place(["", ""]), "");
    }

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
        // OSC 52 (clipboard), C1 CSI and DCS: no introducer survives.
        let osc = sanitize("\x1b]52;c;cm0gLXJmIH4=\x07 \u{9b}2J \u{90}q\u{9c}", false);
        assert!(!osc.chars().any(is_unsafe_for_terminal), "{osc:?}");
    }

    #[test]
    fn markdown_text_escapes_html_links_and_table_breaks() {
        let md = markdown_text("<img src=x onerror=alert(1)> a|b [x](JavaScript:alert(1)) & *y*");
        assert!(!md.contains('<') && !md.contains('>'), "{md}");
        assert!(md.contains("&lt;img"), "{md}");
        assert!(md.contains("a\\|b"), "{md}");
        assert!(md.contains("[x](JavaScript&#58;alert(1))"), "{md}");
        assert!(md.contains("&amp; \\*y\\*"), "{md}");
        assert!(!md.to_ascii_lowercase().contains("javascript:"), "{md}");
    }

    #[test]
    fn sanitizing_writer_cleans_lines_and_keeps_newlines() {
        use std::io::Write;
        let mut out = Vec::new();
        {
            let mut w = SanitizingWriter::new(&mut out);
            // Written in pieces, with a character split between two writes.
            w.write_all(b"a\x1b]0;title\x07b\n\xc3").unwrap();
            w.write_all(b"\xa9\xc2\x9b2J").unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), "a ]0;title b\n\u{e9} 2J");
    }

    #[test]
    fn json_escapes_c1_and_bidi_and_reads_back_the_same() {
        let v = serde_json::json!({"s": "a\u{85}b\u{202e}c\u{9b}d\u{2028}", "n": -1.5});
        let text = json::to_string_pretty(&v).unwrap();
        assert!(text.contains(r"a\u0085b\u202ec\u009bd\u2028"), "{text}");
        assert!(!text.chars().any(|c| is_unsafe_for_terminal(c) && c != '\n'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
    }
}
