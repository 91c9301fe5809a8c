//! End-to-end tests: the real `sitrep` binary in a real terminal (tmux), driven by keys and
//! checked by what is on screen. Needs tmux; fails (does not skip) without it.
//!
//! Run with `cargo test --test tmux_e2e`.

#[path = "common/run.rs"]
mod run;

use run::OutputWithin;
#[path = "common/tmux.rs"]
mod tmux;

use std::path::Path;
use std::process::{Command, Stdio};

use tmux::{Options, Session, frame};

const BIN: &str = env!("CARGO_BIN_EXE_sitrep");

fn bin() -> &'static Path {
    Path::new(BIN)
}

fn opts(width: u16, height: u16) -> Options<'static> {
    Options {
        width,
        height,
        env: &[],
    }
}

/// Starts `sitrep args` at the given size and waits for the browser to be up.
fn start(label: &str, o: Options<'_>, args: &[&str]) -> Session {
    let s = Session::start_program(label, o, bin(), args);
    s.wait_until("the browser (tab bar and a list position)", ready);
    s
}

fn ready(screen: &str) -> bool {
    screen.contains("1 Incidents") && status_position(screen).is_some()
}

/// A position like "1/40" (the regex `\d+/\d+`) anywhere on the screen's lines.
fn find_position(line: &str) -> Option<(u64, u64)> {
    let b = line.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c != b'/' || i == 0 || !b[i - 1].is_ascii_digit() {
            continue;
        }
        let Some(start) = (0..i).rev().take_while(|&j| b[j].is_ascii_digit()).last() else {
            continue;
        };
        let Some(end) = (i + 1..b.len())
            .take_while(|&j| b[j].is_ascii_digit())
            .last()
        else {
            continue;
        };
        if let (Ok(a), Ok(n)) = (line[start..i].parse(), line[i + 1..=end].parse()) {
            return Some((a, n));
        }
    }
    None
}

/// The position shown in the status line (second line from the bottom).
fn status_position(screen: &str) -> Option<(u64, u64)> {
    let lines: Vec<&str> = screen.lines().collect();
    // capture-pane may drop trailing empty lines; the status line is the last line with a
    // position among the last three.
    lines.iter().rev().take(3).find_map(|l| find_position(l))
}

fn line(screen: &str, n: usize) -> &str {
    screen.lines().nth(n).unwrap_or("")
}

/// The sample's title and warning, as the binary prints them when not on a terminal.
fn sample_summary() -> (String, String) {
    let out = Command::new(BIN)
        .env_remove("SITREP_STORE")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .output_timed();
    assert!(out.status.success(), "sitrep summary failed: {out:?}");
    let text = String::from_utf8(out.stdout).expect("utf-8 summary");
    let mut lines = text.lines();
    let title = lines.next().unwrap_or_default().to_string();
    let warning = lines.next().unwrap_or_default().to_string();
    (title, warning)
}

const BOX: &[char] = &[
    '─', '│', '┌', '┐', '└', '┘', '├', '┤', '┬', '┴', '┼', '═', '║',
];

fn has_box_drawing(screen: &str) -> bool {
    screen
        .chars()
        .any(|c| ('\u{2500}'..='\u{257F}').contains(&c))
}

// ---------------------------------------------------------------------------------------------

/// 1. The built-in sample: title, illustrative warning, tabs, list position.
#[test]
fn start_shows_title_warning_tabs_and_position() {
    let (title, warning) = sample_summary();
    assert!(!title.is_empty(), "sitrep printed no title");
    let s = start("start", opts(80, 24), &[]);
    let screen = s.capture();
    let top = line(&screen, 0);
    // The title may be cut with an ellipsis at 80 columns; its first words must show.
    let head: String = title.chars().take(20).collect();
    assert!(
        top.contains(&head),
        "title line lacks {head:?}\n{}",
        frame(&screen)
    );
    assert!(
        warning.contains("MIXED") || warning.contains("ILLUSTRATIVE"),
        "the sample's summary has no illustrative warning: {warning:?}"
    );
    assert!(
        top.contains("MIXED"),
        "no MIXED warning on the title line\n{}",
        frame(&screen)
    );
    assert!(
        top.contains("ILLUSTRATIVE"),
        "no ILLUSTRATIVE warning\n{}",
        frame(&screen)
    );
    let tabs = line(&screen, 1);
    for t in ["1 Incidents", "2 Actors", "3 Towns"] {
        assert!(tabs.contains(t), "tab bar lacks {t:?}\n{}", frame(&screen));
    }
    let (pos, total) = status_position(&screen).expect("a position in the status line");
    assert_eq!(
        pos,
        1,
        "the first row is selected at start\n{}",
        frame(&screen)
    );
    assert!(total > 1, "the sample has incidents\n{}", frame(&screen));
    // The screen uses the whole 80x24 terminal: a full-width top border, 24 rows.
    assert_eq!(screen.lines().count(), 24, "24 rows\n{}", frame(&screen));
    assert!(
        screen
            .lines()
            .any(|l| l.starts_with('┌') && l.ends_with('┐') && l.chars().count() == 80),
        "no 80-column list border\n{}",
        frame(&screen)
    );
}

/// 2. Tabs by digit keys.
#[test]
fn digit_keys_switch_tabs() {
    let s = start("tabs", opts(80, 24), &[]);
    s.send_keys(&["2"]);
    let screen = s.wait_for("┌ Actors ");
    assert!(
        screen.contains("JNIM"),
        "actors list lacks JNIM\n{}",
        frame(&screen)
    );
    assert!(
        screen.contains("Kind"),
        "actors header lacks Kind\n{}",
        frame(&screen)
    );
    s.send_keys(&["3"]);
    let screen = s.wait_for("┌ Towns ");
    assert!(
        screen.contains("Admin1"),
        "towns header lacks Admin1\n{}",
        frame(&screen)
    );
    s.send_keys(&["1"]);
    let screen = s.wait_for("┌ Incidents ");
    assert!(
        !screen.contains("┌ Towns "),
        "towns still shown\n{}",
        frame(&screen)
    );
    assert!(
        status_position(&screen).is_some(),
        "no position\n{}",
        frame(&screen)
    );
}

/// The row of the detail pane's link cursor and the heading it sits under.
fn cursor_section(screen: &str) -> Option<(usize, String, String)> {
    let lines: Vec<&str> = screen.lines().collect();
    let row = lines.iter().position(|l| l.starts_with("│▶ "))?;
    let heading = lines[..row]
        .iter()
        .rev()
        .map(|l| l.trim_start_matches('│'))
        .find(|l| l.chars().next().is_some_and(|c| c.is_alphabetic()) && !l.starts_with(' '))
        .map(|l| l.trim_end_matches('│').trim().to_string())?;
    let text = lines[row]
        .trim_start_matches("│▶ ")
        .trim_end_matches('│')
        .trim()
        .to_string();
    Some((row, heading, text))
}

/// 3. Follow a link from an incident to an actor; back and forward through history.
#[test]
fn follow_actor_link_back_and_forward() {
    let s = start("links", opts(80, 24), &[]);
    s.send_keys(&["Enter"]);
    let mut screen = s.wait_for("┌ Incident ─");
    assert!(
        screen.contains("Actors"),
        "incident detail lacks Actors\n{}",
        frame(&screen)
    );
    let incident_crumb = line(&screen, 2).to_string();
    assert!(
        incident_crumb.contains("Incidents:"),
        "crumb {incident_crumb:?}\n{}",
        frame(&screen)
    );

    // Step through links with j / Down until the cursor is on a line under "Actors".
    let mut keys = ["j", "Down"].iter().cycle();
    let mut steps = 0;
    let actor_line = loop {
        if let Some((_, heading, text)) = cursor_section(&screen)
            && heading.starts_with("Actors")
        {
            break text;
        }
        steps += 1;
        assert!(
            steps <= 30,
            "no actor link reached with j/Down\n{}",
            frame(&screen)
        );
        let before = screen.clone();
        s.send_keys(&[keys.next().unwrap()]);
        screen = s.wait_until("the link cursor to move", |now| now != before);
    };
    let actor = actor_line
        .rsplit_once(" - ")
        .map_or(actor_line.as_str(), |(n, _)| n)
        .to_string();

    s.send_keys(&["Enter"]);
    let screen = s.wait_for("┌ Actor profile ");
    assert!(
        screen.contains("Aliases"),
        "profile lacks Aliases\n{}",
        frame(&screen)
    );
    assert!(
        screen.contains("Kind"),
        "profile lacks Kind\n{}",
        frame(&screen)
    );
    let actor_crumb = line(&screen, 2).to_string();
    assert_ne!(
        actor_crumb,
        incident_crumb,
        "breadcrumb did not change\n{}",
        frame(&screen)
    );
    assert!(
        line(&screen, 4).contains(&actor),
        "the profile does not start with the followed actor {actor:?}\n{}",
        frame(&screen)
    );
    // The crumb keeps its newest steps: it ends with the actor (cut at the front if long).
    let tail: String = {
        let chars: Vec<char> = format!("Actors: {actor}").chars().collect();
        chars[chars.len().saturating_sub(30)..].iter().collect()
    };
    assert!(
        actor_crumb.trim_end().ends_with(&tail),
        "breadcrumb {actor_crumb:?} does not end with {tail:?}\n{}",
        frame(&screen)
    );
    if !actor_crumb.contains('…') {
        assert!(
            actor_crumb.starts_with(incident_crumb.trim_end()),
            "breadcrumb {actor_crumb:?} should extend {incident_crumb:?}"
        );
    }

    s.send_keys(&["b"]);
    let screen = s.wait_for("┌ Incident ─");
    assert_eq!(
        line(&screen, 2),
        incident_crumb,
        "back: crumb\n{}",
        frame(&screen)
    );
    assert!(
        !screen.contains("Actor profile"),
        "back: still the profile\n{}",
        frame(&screen)
    );

    s.send_keys(&["L"]);
    let screen = s.wait_for("┌ Actor profile ");
    assert_eq!(
        line(&screen, 2),
        actor_crumb,
        "forward: crumb\n{}",
        frame(&screen)
    );
    assert!(
        screen.contains("Aliases"),
        "forward: profile\n{}",
        frame(&screen)
    );
}

/// 4. Help overlay lists the keys; Esc closes it.
#[test]
fn help_overlay_opens_and_closes() {
    let s = start("help", opts(80, 24), &[]);
    s.send_keys(&["?"]);
    let screen = s.wait_for("Help: keys");
    for word in [
        "quit",
        "search",
        "filter",
        "back in history",
        "forward in history",
    ] {
        assert!(
            screen.contains(word),
            "help lacks {word:?}\n{}",
            frame(&screen)
        );
    }
    s.send_keys(&["Escape"]);
    let screen = s.wait_gone("Help: keys");
    assert!(
        screen.contains("┌ Incidents "),
        "list not back after Esc\n{}",
        frame(&screen)
    );
}

/// Quitting leaves the alternate screen and exits 0; `how` makes it quit.
fn assert_quits_cleanly(label: &str, how: impl FnOnce(&Session)) {
    let s = start(label, opts(80, 24), &[]);
    assert_eq!(
        s.display("#{alternate_on}"),
        "1",
        "the browser uses the alternate screen"
    );
    assert_eq!(
        s.display("#{mouse_any_flag}"),
        "1",
        "mouse capture is on by default"
    );
    how(&s);
    let screen = s.wait_for("EXIT=");
    assert!(screen.contains("EXIT=0"), "exit status\n{}", frame(&screen));
    assert!(
        !screen.contains("1 Incidents"),
        "tab bar still shown\n{}",
        frame(&screen)
    );
    assert!(
        !has_box_drawing(&screen),
        "borders still shown\n{}",
        frame(&screen)
    );
    s.wait_display("#{alternate_on}", "0");
    s.wait_display("#{mouse_any_flag}", "0");
    s.wait_display("#{mouse_sgr_flag}", "0");
    // The cursor is visible again (crossterm hid it).
    s.wait_display("#{cursor_flag}", "1");
    // Raw mode is off: the tty echoes and translates newlines again. Typed text at a `read`
    // would show; simplest check is the shell's tty settings via stty.
    let modes = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("stty -a < {}", s.display("#{pane_tty}")))
        .output()
        .expect("stty");
    assert!(
        modes.status.success(),
        "stty on the pane's tty failed: {modes:?}"
    );
    let modes = String::from_utf8_lossy(&modes.stdout);
    let words: Vec<&str> = modes.split_whitespace().collect();
    assert!(
        words.contains(&"icanon") && words.contains(&"echo"),
        "terminal left in raw mode after quitting:\n{modes}"
    );
}

/// 5. `q` quits and restores the shell.
#[test]
fn q_quits_and_restores_terminal() {
    assert_quits_cleanly("quit", |s| s.send_keys(&["q"]));
}

/// Ctrl-C quits the same way (raw mode turns it into a key).
#[test]
fn ctrl_c_quits_and_restores_terminal() {
    assert_quits_cleanly("ctrlc", |s| s.send_keys(&["C-c"]));
}

/// 10. SIGTERM from outside ends the browser and restores the terminal.
#[test]
fn sigterm_restores_terminal() {
    assert_quits_cleanly("sigterm", |s| {
        let shell = s.pane_pid();
        let kids = tmux::children(shell);
        let pid = kids
            .iter()
            .find(|(_, comm)| comm.starts_with("sitrep"))
            .map(|(p, _)| *p)
            .unwrap_or_else(|| panic!("no sitrep child of pane pid {shell}: {kids:?}"));
        let st = Command::new("kill")
            .arg("-TERM")
            .arg(pid.to_string())
            .status()
            .expect("kill");
        assert!(st.success(), "kill -TERM {pid} failed");
    });
}

/// 6. Wide screens show the list and the detail side by side.
#[test]
fn wide_screen_side_by_side() {
    let s = start("wide", opts(200, 50), &[]);
    let screen = s.wait_until("list and detail side by side", |sc| {
        sc.lines()
            .any(|l| l.contains("┌ Incidents ") && l.contains("┌ Incident ─"))
    });
    assert_eq!(screen.lines().count(), 50, "50 rows\n{}", frame(&screen));
    let top = screen.lines().find(|l| l.contains("┌ Incidents ")).unwrap();
    assert_eq!(
        top.chars().count(),
        200,
        "borders span 200 columns\n{}",
        frame(&screen)
    );
}

/// 7. A resize redraws at the new size.
#[test]
fn resize_redraws() {
    let s = start("resize", opts(80, 24), &[]);
    let screen = s.capture();
    assert!(
        !screen.contains("┌ Incident ─"),
        "no detail at 80x24 before Enter\n{}",
        frame(&screen)
    );
    s.resize(120, 40);
    let screen = s.wait_until("side-by-side at 120x40, status on row 38", |sc| {
        let rows: Vec<&str> = sc.lines().collect();
        rows.iter()
            .any(|l| l.contains("┌ Incidents ") && l.contains("┌ Incident ─"))
            && rows.get(38).is_some_and(|l| find_position(l).is_some())
    });
    let top = screen.lines().find(|l| l.contains("┌ Incidents ")).unwrap();
    assert_eq!(
        top.chars().count(),
        120,
        "borders span 120 columns\n{}",
        frame(&screen)
    );
    // The status line moved to the new second-last row.
    let rows: Vec<&str> = screen.lines().collect();
    let status_row = rows.iter().rposition(|l| find_position(l).is_some());
    assert_eq!(
        status_row,
        Some(38),
        "status line on row 38 of 40\n{}",
        frame(&screen)
    );
    // And back down: single pane again, nothing left over from the wide frame.
    s.resize(80, 24);
    let screen = s.wait_until("single pane at 80x24", |sc| {
        !sc.contains("┌ Incident ─")
            && sc
                .lines()
                .any(|l| l.starts_with("┌ Incidents ") && l.chars().count() == 80)
    });
    assert!(
        screen.lines().all(|l| l.chars().count() <= 80),
        "{}",
        frame(&screen)
    );
}

/// 8. Too small says so; growing recovers.
#[test]
fn tiny_terminal_then_recover() {
    let s = Session::start_program("tiny", opts(30, 8), bin(), &[]);
    let screen = s.wait_for("terminal too small");
    assert!(
        !screen.contains("EXIT="),
        "crashed at 30x8\n{}",
        frame(&screen)
    );
    s.resize(80, 24);
    let screen = s.wait_until("the browser after growing to 80x24", ready);
    assert!(
        !screen.contains("too small"),
        "stale message\n{}",
        frame(&screen)
    );
    // And shrinking again says so again, without crashing.
    s.resize(39, 24);
    s.wait_for("terminal too small");
    s.resize(80, 11);
    s.wait_for("terminal too small");
    s.resize(80, 24);
    s.wait_until("the browser again", ready);
}

/// `--no-mouse` leaves the mouse to the terminal (text selection works); `m` toggles it.
#[test]
fn no_mouse_option_and_toggle() {
    let s = start("nomouse", opts(80, 24), &["--no-mouse"]);
    assert_eq!(
        s.display("#{mouse_any_flag}"),
        "0",
        "--no-mouse still captures the mouse"
    );
    s.send_keys(&["m"]);
    s.wait_for("mouse on");
    s.wait_display("#{mouse_any_flag}", "1");
    s.send_keys(&["m"]);
    s.wait_for("mouse off");
    s.wait_display("#{mouse_any_flag}", "0");
}

/// Narrow but tall (80x40): the detail folds below the list, both visible.
#[test]
fn tall_narrow_detail_below_list() {
    let s = start("tall", opts(80, 40), &[]);
    let screen = s.wait_for("┌ Incident ─");
    let rows: Vec<&str> = screen.lines().collect();
    let list = rows
        .iter()
        .position(|l| l.starts_with("┌ Incidents "))
        .expect("list border");
    let detail = rows
        .iter()
        .position(|l| l.starts_with("┌ Incident ─"))
        .expect("detail border");
    assert!(
        list < detail,
        "detail should be below the list\n{}",
        frame(&screen)
    );
}

/// Moving in a list: a burst of keys, End, Home, PgDn; the position follows.
#[test]
fn list_navigation_updates_position() {
    let s = start("nav", opts(80, 24), &[]);
    let (_, total) = status_position(&s.capture()).unwrap();
    s.send_keys(&["j", "j", "j", "Down", "Down"]);
    s.wait_until("position 6", |sc| status_position(sc) == Some((6, total)));
    s.send_keys(&["G"]);
    let screen = s.wait_until("the last row", |sc| {
        status_position(sc) == Some((total, total))
    });
    assert!(
        screen.contains("▶"),
        "cursor visible on the last row\n{}",
        frame(&screen)
    );
    s.send_keys(&["g"]);
    s.wait_until("the first row", |sc| {
        status_position(sc) == Some((1, total))
    });
    s.send_keys(&["PageDown"]);
    s.wait_until("a page down", |sc| {
        status_position(sc).is_some_and(|(p, _)| p > 5)
    });
    s.send_keys(&["k"]);
    let screen = s.wait_until("one up", |sc| {
        status_position(sc).is_some_and(|(p, _)| p > 4)
    });
    assert!(!screen.contains("EXIT="), "{}", frame(&screen));
}

/// 9a. `--ascii` draws with + - | and no box-drawing or other drawing symbols.
#[test]
fn ascii_option_has_no_box_drawing() {
    let s = start("ascii", opts(80, 24), &["--ascii"]);
    s.send_keys(&["Enter"]);
    let screen = s.wait_for("Coordinates");
    check_ascii_screen(&screen);
    s.send_keys(&["?"]);
    let screen = s.wait_for("Help: keys");
    check_ascii_screen(&screen);
}

fn check_ascii_screen(screen: &str) {
    for c in BOX {
        assert!(
            !screen.contains(*c),
            "--ascii screen contains {c:?}\n{}",
            frame(screen)
        );
    }
    assert!(
        !has_box_drawing(screen),
        "box drawing in --ascii\n{}",
        frame(screen)
    );
    for c in ['▶', '›', '…', '↑', '↓', '▁', '█'] {
        assert!(
            !screen.contains(c),
            "--ascii screen contains {c:?}\n{}",
            frame(screen)
        );
    }
    assert!(screen.contains("+-"), "no '+-' corner\n{}", frame(screen));
    assert!(
        screen.lines().any(|l| l.starts_with('|')),
        "no '|' side\n{}",
        frame(screen)
    );
}

/// 9b. A non-UTF-8 locale falls back to ASCII drawing.
#[test]
fn non_utf8_locale_falls_back_to_ascii() {
    let env = [("LANG", "C")];
    let s = start(
        "clocale",
        Options {
            width: 80,
            height: 24,
            env: &env,
        },
        &[],
    );
    let screen = s.capture();
    assert!(
        !has_box_drawing(&screen),
        "box drawing with LANG=C\n{}",
        frame(&screen)
    );
    assert!(
        screen.contains("+-"),
        "no ASCII border with LANG=C\n{}",
        frame(&screen)
    );
}

/// SGR parameters in a `capture-pane -e` dump that set a colour (not the default colour).
fn colour_sgrs(dump: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = dump;
    while let Some(i) = rest.find("\x1b[") {
        rest = &rest[i + 2..];
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ';' || c == ':'))
            .unwrap_or(rest.len());
        let (params, tail) = rest.split_at(end);
        if tail.starts_with('m') {
            let coloured = params
                .split(';')
                .filter_map(|p| p.split(':').next()?.parse::<u32>().ok())
                .any(|p| matches!(p, 30..=37 | 38 | 40..=47 | 48 | 90..=97 | 100..=107));
            if coloured {
                found.push(params.to_string());
            }
        }
        rest = tail;
    }
    found
}

/// 9c. NO_COLOR removes colour but the selection stays visible (reverse video).
#[test]
fn no_color_has_no_colour_but_visible_selection() {
    // Control: without NO_COLOR the same screen has colour, so the check below means something.
    let coloured = start("colour", opts(80, 24), &[]);
    let dump = coloured.capture_escapes();
    assert!(
        !colour_sgrs(&dump).is_empty(),
        "default palette shows no colour at all:\n{dump:?}"
    );
    drop(coloured);

    let env = [("NO_COLOR", "1")];
    let s = start(
        "nocolor",
        Options {
            width: 80,
            height: 24,
            env: &env,
        },
        &["--ascii"],
    );
    let dump = s.capture_escapes();
    let colours = colour_sgrs(&dump);
    assert!(
        colours.is_empty(),
        "NO_COLOR screen sets colours {colours:?}\n{dump}"
    );
    // The selected row is drawn in reverse video.
    let reverse = dump.lines().any(|l| {
        l.contains("\x1b[7m") || l.contains(";7m") || l.contains("[7;") || l.contains(";7;")
    });
    assert!(
        reverse,
        "no reverse-video selection with NO_COLOR:\n{dump:?}"
    );
    let screen = s.capture();
    assert!(
        !has_box_drawing(&screen),
        "--ascii with NO_COLOR\n{}",
        frame(&screen)
    );
}

/// Mouse: a click on a tab label switches tabs (xterm SGR mouse report sent to the pane).
#[test]
fn mouse_click_on_tab() {
    let s = start("mouse", opts(80, 24), &[]);
    let screen = s.capture();
    let tabs = line(&screen, 1);
    let col = tabs.find("2 Actors").expect("tab label") + 3; // 0-based column inside the label
    // SGR mouse: ESC [ < button ; x ; y M (press) / m (release), 1-based.
    s.send_literal(&format!("\x1b[<0;{};2M\x1b[<0;{};2m", col + 1, col + 1));
    let screen = s.wait_for("┌ Actors ");
    assert!(screen.contains("JNIM"), "{}", frame(&screen));
}

#[test]
fn position_regex_helper() {
    assert_eq!(find_position(" 1/40  sort: date desc"), Some((1, 40)));
    assert_eq!(find_position(" 0/0 "), Some((0, 0)));
    assert_eq!(find_position("a/b 12/"), None);
    assert_eq!(find_position("a/b 12/ 3/4"), Some((3, 4)));
    assert_eq!(find_position("Explosions/Remote"), None);
}

/// An unreadable store: the browser restores the terminal, then the CLI names the file on
/// the normal screen and exits with status 2.
#[test]
fn unreadable_store_is_reported_after_the_terminal_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-store.json");
    let s = Session::start_program(
        "unreadable",
        opts(80, 24),
        bin(),
        &["--store", missing.to_str().unwrap()],
    );
    let screen = s.wait_for("EXIT=");
    assert!(screen.contains("EXIT=2"), "exit status\n{}", frame(&screen));
    assert!(
        screen.contains("no-such-store.json"),
        "the message names the file\n{}",
        frame(&screen)
    );
    assert_eq!(
        s.display("#{alternate_on}"),
        "0",
        "left the alternate screen"
    );
}
