//! The briefing (4) and map (5) tabs rendered into ratatui's TestBackend: snapshots at two
//! sizes, figures that open their incidents, reports that open in the reader, zoom and pan.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sitrep::store::Store;
use sitrep::ui::action::Action;
use sitrep::ui::app::App;
use sitrep::ui::keys::map_key;
use sitrep::ui::render::draw;
use sitrep::ui::theme::Theme;

fn sample() -> Arc<Store> {
    Arc::new(Store::open(None).expect("built-in sample loads"))
}

struct Harness {
    app: App,
    term: Terminal<TestBackend>,
}

impl Harness {
    fn new(width: u16, height: u16) -> Harness {
        Harness::with_theme(width, height, Theme::new(false, false))
    }

    fn with_theme(width: u16, height: u16, theme: Theme) -> Harness {
        let app = App::new(sample(), theme, width, height);
        let term = Terminal::new(TestBackend::new(width, height)).unwrap();
        Harness { app, term }
    }

    /// Types keys as the user would: 'x' chars, or names in angle brackets.
    fn keys(&mut self, keys: &str) -> &mut Self {
        let mut chars = keys.chars().peekable();
        while let Some(c) = chars.next() {
            let code = if c == '<' {
                let name: String = chars.by_ref().take_while(|&c| c != '>').collect();
                match name.as_str() {
                    "enter" => KeyCode::Enter,
                    "esc" => KeyCode::Esc,
                    "down" => KeyCode::Down,
                    "up" => KeyCode::Up,
                    "tab" => KeyCode::Tab,
                    "bs" => KeyCode::Backspace,
                    "pgdn" => KeyCode::PageDown,
                    "end" => KeyCode::End,
                    "left" => KeyCode::Left,
                    "right" => KeyCode::Right,
                    other => panic!("unknown key <{other}>"),
                }
            } else {
                KeyCode::Char(c)
            };
            let ev = KeyEvent::new(code, KeyModifiers::NONE);
            if let Some(action) = map_key(ev, self.app.input_mode()) {
                self.app.update(action);
            }
        }
        self
    }

    fn screen(&mut self) -> String {
        self.term.draw(|f| draw(f, &self.app)).unwrap();
        let buf = self.term.backend().buffer().clone();
        let mut out = String::new();
        for y in 0..buf.area.height {
            let mut line = String::new();
            for x in 0..buf.area.width {
                line.push_str(buf[(x, y)].symbol());
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// Waits for the background searcher's results (the overlay never blocks on it).
    #[allow(dead_code)]
    fn wait_search(&mut self) -> &mut Self {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while self.app.background_pending() && std::time::Instant::now() < deadline {
            self.app.poll_background();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(
            !self.app.background_pending(),
            "search results never arrived"
        );
        self
    }

    #[allow(dead_code)]
    fn resize(&mut self, width: u16, height: u16) {
        self.term.backend_mut().resize(width, height);
        self.app.update(Action::Resize { width, height });
    }
}

#[test]
fn briefing_tab_at_120x40_and_80x24() {
    let mut h = Harness::new(120, 40);
    h.keys("4");
    let s = h.screen();
    assert!(
        s.contains("Briefing: all incidents") && s.contains("Reports"),
        "{s}"
    );
    insta::assert_snapshot!("briefing_120x40", s);
    let mut h = Harness::new(80, 24);
    h.keys("4");
    let s = h.screen();
    // Narrow: the briefing has the screen; Left shows the reports list.
    assert!(s.contains("Headline"), "{s}");
    insta::assert_snapshot!("briefing_80x24", s);
    h.keys("<left>");
    assert!(h.screen().contains("Reports"));
}

#[test]
fn briefing_figure_opens_the_incidents_behind_it() {
    let mut h = Harness::new(120, 40);
    h.keys("4<down><enter>");
    let s = h.screen();
    // The headline's 7 incidents of the last week, as a filtered incident list.
    assert!(s.contains("7 incident(s): incidents in the period"), "{s}");
    assert_eq!(h.app.list(sitrep::ui::app::Tab::Incidents).rows.len(), 7);
    assert!(
        s.contains("[incidents in the period]"),
        "status shows the set: {s}"
    );
    // x clears it; b goes back to the briefing.
    h.keys("b");
    assert!(h.screen().contains("Briefing: all incidents"));
    h.keys("x");
    assert_eq!(
        h.app.list(sitrep::ui::app::Tab::Incidents).rows.len(),
        h.app.store.incidents.len()
    );
}

#[test]
fn briefing_period_keys_and_report_list() {
    let mut h = Harness::new(120, 40);
    h.keys("4+");
    assert!(h.screen().contains("(14 days)"));
    h.keys("[");
    let s = h.screen();
    assert!(s.contains("2025-07-02 to 2025-07-15 (14 days)"), "{s}");
    h.keys("0");
    assert!(h.screen().contains("(7 days)"));
    // The reports list: Left focuses it, Enter opens the newest report in the reader.
    h.keys("<left><enter>");
    let s = h.screen();
    assert!(s.contains("Report"), "{s}");
    h.keys("<esc>");
    assert!(h.screen().contains("Briefing: all incidents"));
}

#[test]
fn map_at_80x24_and_120x40() {
    for (w, hgt) in [(80, 24), (120, 40)] {
        let mut h = Harness::new(w, hgt);
        h.keys("5");
        let s = h.screen();
        assert!(s.contains("357/357 incidents in view"), "{s}");
        assert!(s.contains("Kayes"), "the busiest town is labelled: {s}");
        insta::assert_snapshot!(format!("map_{w}x{hgt}"), s);
    }
}

#[test]
fn map_zooms_pans_and_follows_filters() {
    let mut h = Harness::new(120, 40);
    h.keys("5++");
    let s = h.screen();
    assert!(
        !s.contains("357/357"),
        "zoomed in, some incidents leave the view: {s}"
    );
    h.keys("0");
    assert!(h.screen().contains("357/357"));
    h.keys("f");
    h.keys("country:senegal<enter>");
    let s = h.screen();
    let n = h.app.list(sitrep::ui::app::Tab::Incidents).rows.len();
    assert!(s.contains(&format!("{n}/{n} incidents in view")), "{s}");
    // Panning moves the view; Enter opens a town near the centre mark when there is one.
    h.keys("lljj");
    assert!(h.screen().contains("+"));
}

#[test]
fn map_in_ascii_mode_is_plain_ascii() {
    let mut h = Harness::with_theme(80, 24, Theme::new(false, true));
    h.keys("5");
    let s = h.screen();
    // Only town names from the data may be non-ASCII: no braille, no box drawing, no marks.
    let stripped: String = s.chars().filter(|c| !"éèàôÉ".contains(*c)).collect();
    assert!(stripped.is_ascii(), "{s}");
    assert!(s.contains('.') && s.contains('@'), "{s}");
    insta::assert_snapshot!("map_ascii_80x24", s);
}
