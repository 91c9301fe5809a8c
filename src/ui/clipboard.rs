//! Copying to the user's clipboard with OSC 52: the text goes to the terminal as
//! `ESC ] 52 ; c ; <base64> BEL`, and the terminal (or tmux with `set-clipboard on`) puts it
//! on its clipboard. Over SSH the bytes travel to the client's terminal like any frame, so
//! nothing is written on the server.
//!
//! Whether a terminal takes OSC 52 cannot be asked portably; the rule here is small and
//! says only what is known: TERM unset or empty, `dumb`, `linux` (the Linux console) and the
//! `vt1xx`/`vt2xx` family do not. Everything else is tried.

use base64::Engine;

/// The most text one copy sends (1 MiB); longer text is cut at a character boundary and the
/// status line says so.
pub const MAX_COPY: usize = 1 << 20;

/// Whether a terminal with this TERM is known not to take OSC 52 copies.
pub fn known_unsupported(term: &str) -> bool {
    let t = term.trim().to_ascii_lowercase();
    t.is_empty()
        || t == "dumb"
        || t == "linux"
        || t.starts_with("linux-")
        || t.starts_with("vt1")
        || t.starts_with("vt2")
}

/// The OSC 52 sequence that puts `text` on the clipboard.
pub fn osc52(text: &str) -> Vec<u8> {
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let mut out = Vec::with_capacity(b64.len() + 8);
    out.extend_from_slice(b"\x1b]52;c;");
    out.extend_from_slice(b64.as_bytes());
    out.push(0x07);
    out
}

/// `text` cut to at most `max` bytes at a character boundary; true if it was cut.
pub fn cap(mut text: String, max: usize) -> (String, bool) {
    if text.len() <= max {
        return (text, false);
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    (text, true)
}

/// A copy `update` asks for: the text and what it is, for the message ("incident i123 as a
/// citation").
#[derive(Debug, Clone, PartialEq)]
pub struct Copy {
    pub text: String,
    pub what: String,
}

/// A front end's clipboard: whether its terminal takes OSC 52, and the sequences waiting to
/// be written with the next frame.
#[derive(Debug, Default)]
pub struct Clipboard {
    /// The terminal's TERM, when known not to take OSC 52 (None: try it).
    pub unsupported: Option<String>,
    pending: Vec<Vec<u8>>,
}

impl Clipboard {
    /// A clipboard for a terminal with this TERM (None: TERM unset).
    pub fn for_term(term: Option<&str>) -> Clipboard {
        let term = term.unwrap_or("");
        Clipboard {
            unsupported: known_unsupported(term).then(|| term.to_string()),
            pending: Vec::new(),
        }
    }

    /// Queues the copy (capped at [`MAX_COPY`]); returns the message for the status line.
    pub fn copy(&mut self, copy: Copy) -> String {
        if let Some(term) = &self.unsupported {
            let term = if term.is_empty() { "unset" } else { term };
            return format!(
                "not copied: this terminal (TERM={term}) does not take OSC 52 copies \
                 (m turns the mouse off to select text)"
            );
        }
        let full = copy.text.len();
        let (text, cut) = cap(copy.text, MAX_COPY);
        let n = text.len();
        self.pending.push(osc52(&text));
        if cut {
            format!(
                "copied the first {n} of {full} bytes of {} (cut at 1 MiB)",
                copy.what
            )
        } else {
            format!("copied {} ({n} bytes)", copy.what)
        }
    }

    /// The sequences to write, oldest first.
    pub fn take(&mut self) -> Vec<Vec<u8>> {
        std::mem::take(&mut self.pending)
    }

    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_wraps_the_base64_of_the_text_in_esc_52_and_bel() {
        assert_eq!(osc52("hi"), b"\x1b]52;c;aGk=\x07".to_vec());
    }

    #[test]
    fn linux_console_dumb_and_unset_terms_are_known_not_to_copy() {
        for t in ["", "dumb", "linux", "LINUX", "vt100", "vt220"] {
            assert!(known_unsupported(t), "{t}");
        }
        for t in ["xterm-256color", "tmux-256color", "screen", "alacritty"] {
            assert!(!known_unsupported(t), "{t}");
        }
        let mut c = Clipboard::for_term(Some("linux"));
        let m = c.copy(Copy {
            text: "x".into(),
            what: "it".into(),
        });
        assert!(m.contains("TERM=linux") && m.contains("OSC 52"), "{m}");
        assert!(!c.has_pending());
    }

    #[test]
    fn a_copy_over_the_cap_is_cut_at_a_char_boundary_and_says_so() {
        let (t, cut) = cap("aé".repeat(3), 4);
        assert!(cut);
        assert_eq!(t, "aéa");
        let mut c = Clipboard::for_term(Some("xterm"));
        let big = "é".repeat(MAX_COPY);
        let m = c.copy(Copy {
            text: big,
            what: "the list".into(),
        });
        assert!(m.contains("cut at 1 MiB"), "{m}");
        let sent = c.take();
        assert_eq!(sent.len(), 1);
        // 1 MiB of text is at most 4/3 MiB of base64 plus the frame.
        assert!(sent[0].len() <= MAX_COPY / 3 * 4 + 16, "{}", sent[0].len());
        let m = c.copy(Copy {
            text: "abc".into(),
            what: "incident x".into(),
        });
        assert_eq!(m, "copied incident x (3 bytes)");
    }
}
