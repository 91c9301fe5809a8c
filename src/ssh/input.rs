//! Bytes from the client's terminal to the key and mouse events the local browser gets from
//! crossterm. Handles what the browser uses: printable UTF-8, Enter, Tab, Shift-Tab,
//! Backspace, Ctrl-letters, Alt-keys, arrows, Home/End, PgUp/PgDn, Delete, SGR mouse, and a
//! lone Esc, told from the start of a sequence by a short timeout. Anything else is dropped;
//! nothing here can fail or grow without bound.

use std::time::Duration;

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// How long a lone ESC waits for the rest of a sequence before it counts as the Esc key.
pub const ESC_TIMEOUT: Duration = Duration::from_millis(60);

/// Longest escape sequence kept while waiting for its end; longer ones are dropped.
const MAX_PENDING: usize = 64;

#[derive(Default)]
pub struct InputParser {
    pending: Vec<u8>,
}

fn key(code: KeyCode, mods: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, mods))
}

enum Step {
    /// An event (or nothing) and the bytes it used.
    Done(Option<Event>, usize),
    /// The bytes so far may be the start of a longer sequence.
    NeedMore,
}

impl InputParser {
    pub fn new() -> InputParser {
        InputParser::default()
    }

    /// Whether bytes are held waiting for the rest of a sequence (call `timeout` after
    /// [`ESC_TIMEOUT`] without input).
    pub fn waiting(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Parses `data` (after anything held back), appending events to `out`.
    pub fn feed(&mut self, data: &[u8], out: &mut Vec<Event>) {
        self.pending.extend_from_slice(data);
        let mut pos = 0;
        while pos < self.pending.len() {
            match parse(&self.pending[pos..]) {
                Step::Done(ev, used) => {
                    out.extend(ev);
                    pos += used.max(1);
                }
                Step::NeedMore => {
                    if self.pending.len() - pos > MAX_PENDING {
                        pos = self.pending.len();
                    }
                    break;
                }
            }
        }
        self.pending.drain(..pos);
    }

    /// No more bytes came: a held ESC is the Esc key; what followed it is read as keys.
    pub fn timeout(&mut self, out: &mut Vec<Event>) {
        let held = std::mem::take(&mut self.pending);
        let mut rest: &[u8] = &held;
        while !rest.is_empty() {
            if rest[0] == 0x1b {
                out.push(key(KeyCode::Esc, KeyModifiers::NONE));
                rest = &rest[1..];
                continue;
            }
            match parse(rest) {
                Step::Done(ev, used) => {
                    out.extend(ev);
                    rest = &rest[used.max(1)..];
                }
                // An incomplete UTF-8 character: drop it.
                Step::NeedMore => break,
            }
        }
    }
}

fn parse(b: &[u8]) -> Step {
    let none = KeyModifiers::NONE;
    match b[0] {
        0x1b => parse_escape(b),
        b'\r' | b'\n' => Step::Done(Some(key(KeyCode::Enter, none)), 1),
        b'\t' => Step::Done(Some(key(KeyCode::Tab, none)), 1),
        0x7f | 0x08 => Step::Done(Some(key(KeyCode::Backspace, none)), 1),
        c @ 0x01..=0x1a => Step::Done(
            Some(key(
                KeyCode::Char((b'a' + c - 1) as char),
                KeyModifiers::CONTROL,
            )),
            1,
        ),
        0x00 | 0x1c..=0x1f => Step::Done(None, 1),
        _ => parse_utf8(b, none),
    }
}

fn parse_utf8(b: &[u8], mods: KeyModifiers) -> Step {
    let len = match b[0] {
        0x20..=0x7e => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Step::Done(None, 1),
    };
    if b.len() < len {
        // Wait for the rest unless a byte so far is not a continuation byte.
        if b[1..].iter().all(|&c| c & 0xc0 == 0x80) {
            return Step::NeedMore;
        }
        return Step::Done(None, 1);
    }
    match std::str::from_utf8(&b[..len]) {
        Ok(s) => {
            let c = s.chars().next().unwrap_or(' ');
            Step::Done(Some(key(KeyCode::Char(c), mods)), len)
        }
        Err(_) => Step::Done(None, 1),
    }
}

fn parse_escape(b: &[u8]) -> Step {
    let Some(&next) = b.get(1) else {
        return Step::NeedMore;
    };
    match next {
        b'[' => parse_csi(b),
        b'O' => match b.get(2) {
            None => Step::NeedMore,
            Some(&c) => Step::Done(ss3_key(c).map(|k| key(k, KeyModifiers::NONE)), 3),
        },
        // ESC ESC: the first is a lone Esc.
        0x1b => Step::Done(Some(key(KeyCode::Esc, KeyModifiers::NONE)), 1),
        _ => match parse(&b[1..]) {
            Step::NeedMore => Step::NeedMore,
            Step::Done(Some(Event::Key(mut k)), used) => {
                k.modifiers |= KeyModifiers::ALT;
                Step::Done(Some(Event::Key(k)), used + 1)
            }
            Step::Done(_, used) => Step::Done(None, used + 1),
        },
    }
}

fn ss3_key(c: u8) -> Option<KeyCode> {
    Some(match c {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        _ => return None,
    })
}

/// xterm's modifier parameter: 1 + (shift 1, alt 2, ctrl 4).
fn modifiers(param: u16) -> KeyModifiers {
    let bits = param.saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    if bits & 1 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        m |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    m
}

fn parse_csi(b: &[u8]) -> Step {
    // ESC [ params (0x30..=0x3f)* intermediates (0x20..=0x2f)* final (0x40..=0x7e)
    let mut end = 2;
    loop {
        let Some(&c) = b.get(end) else {
            return Step::NeedMore;
        };
        match c {
            0x20..=0x3f => end += 1,
            0x40..=0x7e => break,
            // Not a CSI after all: drop the introducer.
            _ => return Step::Done(None, end),
        }
    }
    let used = end + 1;
    let fin = b[end];
    let body = &b[2..end];
    if body.first() == Some(&b'<') {
        return Step::Done(sgr_mouse(&body[1..], fin), used);
    }
    let params: Vec<u16> = body
        .split(|&c| c == b';')
        .map(|p| {
            std::str::from_utf8(p)
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0)
        })
        .collect();
    let mods = modifiers(params.get(1).copied().unwrap_or(1));
    let code = match fin {
        b'A' | b'B' | b'C' | b'D' | b'H' | b'F' => ss3_key(fin),
        b'Z' => return Step::Done(Some(key(KeyCode::BackTab, KeyModifiers::SHIFT)), used),
        b'~' => match params.first().copied().unwrap_or(0) {
            1 | 7 => Some(KeyCode::Home),
            2 => Some(KeyCode::Insert),
            3 => Some(KeyCode::Delete),
            4 | 8 => Some(KeyCode::End),
            5 => Some(KeyCode::PageUp),
            6 => Some(KeyCode::PageDown),
            _ => None,
        },
        _ => None,
    };
    Step::Done(code.map(|c| key(c, mods)), used)
}

/// SGR mouse report `ESC [ < button ; column ; row (M|m)`, 1-based coordinates.
fn sgr_mouse(body: &[u8], fin: u8) -> Option<Event> {
    let s = std::str::from_utf8(body).ok()?;
    let mut it = s.split(';').map(|p| p.parse::<u16>().ok());
    let (b, x, y) = (it.next()??, it.next()??, it.next()??);
    let mut mods = KeyModifiers::NONE;
    if b & 4 != 0 {
        mods |= KeyModifiers::SHIFT;
    }
    if b & 8 != 0 {
        mods |= KeyModifiers::ALT;
    }
    if b & 16 != 0 {
        mods |= KeyModifiers::CONTROL;
    }
    let button = match b & 3 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        _ => MouseButton::Right,
    };
    let kind = if b & 64 != 0 {
        match b & 3 {
            0 => MouseEventKind::ScrollUp,
            1 => MouseEventKind::ScrollDown,
            2 => MouseEventKind::ScrollLeft,
            _ => MouseEventKind::ScrollRight,
        }
    } else if b & 32 != 0 {
        if b & 3 == 3 {
            MouseEventKind::Moved
        } else {
            MouseEventKind::Drag(button)
        }
    } else if fin == b'm' {
        MouseEventKind::Up(button)
    } else if fin == b'M' {
        MouseEventKind::Down(button)
    } else {
        return None;
    };
    Some(Event::Mouse(MouseEvent {
        kind,
        column: x.saturating_sub(1),
        row: y.saturating_sub(1),
        modifiers: mods,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(data: &[u8]) -> Vec<Event> {
        let mut p = InputParser::new();
        let mut out = Vec::new();
        p.feed(data, &mut out);
        p.timeout(&mut out);
        out
    }

    fn k(code: KeyCode) -> Event {
        key(code, KeyModifiers::NONE)
    }

    #[test]
    fn plain_keys_and_control() {
        assert_eq!(
            keys(b"jq\r\t\x7f\x03"),
            vec![
                k(KeyCode::Char('j')),
                k(KeyCode::Char('q')),
                k(KeyCode::Enter),
                k(KeyCode::Tab),
                k(KeyCode::Backspace),
                key(KeyCode::Char('c'), KeyModifiers::CONTROL),
            ]
        );
    }

    #[test]
    fn utf8_split_across_reads() {
        let mut p = InputParser::new();
        let mut out = Vec::new();
        let bytes = "é€".as_bytes();
        for b in bytes {
            p.feed(std::slice::from_ref(b), &mut out);
        }
        assert_eq!(out, vec![k(KeyCode::Char('é')), k(KeyCode::Char('€'))]);
        assert!(!p.waiting());
    }

    #[test]
    fn arrows_home_end_pages_backtab() {
        assert_eq!(
            keys(b"\x1b[A\x1bOB\x1b[H\x1b[4~\x1b[5~\x1b[6~\x1b[Z\x1b[1;3D"),
            vec![
                k(KeyCode::Up),
                k(KeyCode::Down),
                k(KeyCode::Home),
                k(KeyCode::End),
                k(KeyCode::PageUp),
                k(KeyCode::PageDown),
                key(KeyCode::BackTab, KeyModifiers::SHIFT),
                key(KeyCode::Left, KeyModifiers::ALT),
            ]
        );
    }

    #[test]
    fn lone_escape_waits_for_the_timeout() {
        let mut p = InputParser::new();
        let mut out = Vec::new();
        p.feed(b"\x1b", &mut out);
        assert!(out.is_empty() && p.waiting());
        p.feed(b"[B", &mut out);
        assert_eq!(out, vec![k(KeyCode::Down)]);
        p.feed(b"\x1b", &mut out);
        p.timeout(&mut out);
        assert_eq!(out, vec![k(KeyCode::Down), k(KeyCode::Esc)]);
        assert_eq!(keys(b"\x1b\x1b"), vec![k(KeyCode::Esc), k(KeyCode::Esc)]);
        assert_eq!(
            keys(b"\x1bb"),
            vec![key(KeyCode::Char('b'), KeyModifiers::ALT)]
        );
    }

    #[test]
    fn sgr_mouse_click_and_wheel() {
        assert_eq!(
            keys(b"\x1b[<0;5;3M\x1b[<65;1;1M"),
            vec![
                Event::Mouse(MouseEvent {
                    kind: MouseEventKind::Down(MouseButton::Left),
                    column: 4,
                    row: 2,
                    modifiers: KeyModifiers::NONE
                }),
                Event::Mouse(MouseEvent {
                    kind: MouseEventKind::ScrollDown,
                    column: 0,
                    row: 0,
                    modifiers: KeyModifiers::NONE
                }),
            ]
        );
    }

    #[test]
    fn garbage_never_panics_or_grows() {
        let mut p = InputParser::new();
        let mut out = Vec::new();
        let mut seed = 7u32;
        for _ in 0..20_000 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let b = (seed >> 16) as u8;
            p.feed(&[b], &mut out);
            assert!(p.pending.len() <= MAX_PENDING + 1);
        }
        p.feed(b"\x1b[", &mut out);
        p.feed(&[b'1'; 200], &mut out);
        assert!(p.pending.len() <= MAX_PENDING + 1);
        p.timeout(&mut out);
    }
}
