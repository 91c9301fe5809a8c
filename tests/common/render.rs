//! A browser driven by key sequences and drawn into ratatui's TestBackend, shared by the
//! render tests.
#![allow(dead_code)]

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sitrep::store::Store;
use sitrep::ui::action::Action;
use sitrep::ui::app::App;
use sitrep::ui::render::draw;
use sitrep::ui::theme::Theme;

pub fn sample() -> Arc<Store> {
    Arc::new(Store::open(None).expect("built-in sample loads"))
}

pub struct Harness {
    pub app: App,
    pub term: Terminal<TestBackend>,
}

impl Harness {
    pub fn new(width: u16, height: u16) -> Harness {
        Harness::with_theme(width, height, Theme::new(false, false))
    }

    pub fn with_theme(width: u16, height: u16, theme: Theme) -> Harness {
        Harness::over(sample(), width, height, theme)
    }

    /// A browser over a store of the test's own.
    pub fn over(store: Arc<Store>, width: u16, height: u16, theme: Theme) -> Harness {
        let app = App::new(store, theme, width, height);
        let term = Terminal::new(TestBackend::new(width, height)).unwrap();
        Harness { app, term }
    }

    /// Types keys as the user would: 'x' chars, or names in angle brackets.
    pub fn keys(&mut self, keys: &str) -> &mut Self {
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
            if let Some(action) = self.app.keymap.map_key(ev, self.app.input_mode()) {
                self.app.update(action);
            }
        }
        self
    }

    pub fn screen(&mut self) -> String {
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
    pub fn wait_search(&mut self) -> &mut Self {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while self.app.background_pending() && std::time::Instant::now() < deadline {
            for action in self.app.background_actions() {
                self.app.update(action);
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(
            !self.app.background_pending(),
            "search results never arrived"
        );
        self
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.term.backend_mut().resize(width, height);
        self.app.update(Action::Resize { width, height });
    }
}
