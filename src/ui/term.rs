//! The real terminal: set-up and guaranteed restore, the event loop, and the frame writer.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::{self, Event};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use crossterm::{cursor, execute, terminal};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::text::Line;
use ratatui::widgets::{Gauge, Paragraph};

use super::action::Action;
use super::app::App;
use super::clipboard::Clipboard;
use super::effect::{EffectRunner, LocalEffects};
use super::event_loop::{self, Ended, FrontEnd, Polled, Readiness};
use super::render;
use super::theme::Theme;
use super::workspace_state::WorkspaceState;
use crate::store::{Stage, Store};
use crate::workspace::{StoreKey, Workspace};

/// Collects a frame's bytes and sends them in one write, wrapped in synchronized-update
/// escapes so the terminal paints the frame at once. ratatui's own flushes are ignored; the
/// loop calls `commit`. Counts bytes sent, for measuring what a keystroke costs on the wire.
pub struct FrameWriter<W: Write> {
    out: W,
    buf: Vec<u8>,
    pub bytes_sent: u64,
}

impl<W: Write> FrameWriter<W> {
    pub fn new(out: W) -> Self {
        FrameWriter {
            out,
            buf: Vec::with_capacity(64 * 1024),
            bytes_sent: 0,
        }
    }

    pub fn begin(&mut self) {
        let _ = crossterm::queue!(self.buf, BeginSynchronizedUpdate);
    }

    pub fn commit(&mut self) -> io::Result<()> {
        let _ = crossterm::queue!(self.buf, EndSynchronizedUpdate);
        self.out.write_all(&self.buf)?;
        self.out.flush()?;
        self.bytes_sent += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }

    pub fn inner_mut(&mut self) -> &mut W {
        &mut self.out
    }

    /// Sends `bytes` at once, ahead of any frame being collected (an OSC 52 copy).
    pub fn send_now(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.out.flush()?;
        self.bytes_sent += bytes.len() as u64;
        Ok(())
    }

    /// Sends the copies waiting in `clipboard` (OSC 52); true if there were any.
    pub fn send_copies(&mut self, clipboard: &mut Clipboard) -> io::Result<bool> {
        let copies = clipboard.take();
        for osc in &copies {
            self.send_now(osc)?;
        }
        Ok(!copies.is_empty())
    }
}

impl<W: Write> Write for FrameWriter<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// How a browser session ended; the CLI turns it into an exit status.
#[derive(Debug)]
pub enum Outcome {
    /// The user quit, or a signal ended the session.
    Quit,
    /// The user quit while the store was still loading.
    LoadAbandoned,
    /// The store could not be read; nothing was browsed.
    Unreadable(crate::store::LoadError),
}

#[derive(Clone, Debug)]
pub struct BrowserOptions {
    /// The files to open (none: the built-in sample); several are joined into one store.
    pub store: Vec<PathBuf>,
    /// How actors of several datasets are merged.
    pub crosswalk: crate::store::crosswalk::Crosswalk,
    pub ascii: bool,
    pub mouse: bool,
    /// The workspace file to keep marks, notes, views and seen incidents in (none: the
    /// browser keeps nothing).
    pub workspace: Option<PathBuf>,
    /// A saved view to open first.
    pub view: Option<String>,
    /// What the configuration file sets (bindings, theme, columns, briefing period).
    pub settings: super::settings::UiSettings,
    /// The previous release (`--since-release OLD`), opened by the cli: the browser shows
    /// what changed since.
    pub previous_release: Option<PreviousRelease>,
    /// The watches of the watches file, read by the cli; those saved in the workspace are
    /// added here. The ones that fire are named on the status line at start.
    pub watches: Vec<crate::watch::Watch>,
    /// `--timings`: the stages of the open are marked here, for the cli to print once the
    /// terminal is restored.
    pub timings: Option<super::open_timings::OpenTimings>,
}

/// A store opened as the previous release of the one browsed.
#[derive(Clone)]
pub struct PreviousRelease(pub Arc<crate::store::Store>);

impl std::fmt::Debug for PreviousRelease {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PreviousRelease({})", self.0.source)
    }
}

/// Puts the terminal back however we leave: normal exit, error, or panic unwinding.
struct Restore {
    mouse: Arc<AtomicBool>,
}

impl Drop for Restore {
    fn drop(&mut self) {
        restore_terminal(self.mouse.load(Ordering::Relaxed));
    }
}

fn restore_terminal(mouse: bool) {
    let mut out = io::stdout();
    if mouse {
        let _ = execute!(out, event::DisableMouseCapture);
    }
    let _ = execute!(
        out,
        EndSynchronizedUpdate,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

type Term = Terminal<CrosstermBackend<FrameWriter<io::Stdout>>>;

fn draw(term: &mut Term, f: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
    term.backend_mut().writer_mut().begin();
    term.draw(f)?;
    term.backend_mut().writer_mut().commit()
}

/// Runs the browser on the local terminal until the user quits or a signal arrives. The
/// terminal is restored before this returns, so the caller may print.
pub fn run_browser(opts: BrowserOptions) -> anyhow::Result<Outcome> {
    // SIGTERM, SIGHUP (the SSH link dropped) and SIGINT from outside end the loop cleanly.
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(sig, stop.clone())?;
    }
    let mouse_on = Arc::new(AtomicBool::new(false));
    spawn_watchdog(stop.clone(), mouse_on.clone());
    let hook_mouse = mouse_on.clone();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal(hook_mouse.load(Ordering::Relaxed));
        previous(info);
    }));

    terminal::enable_raw_mode()?;
    let _restore = Restore {
        mouse: mouse_on.clone(),
    };
    execute!(io::stdout(), terminal::EnterAlternateScreen, cursor::Hide)?;
    let mut term: Term = Terminal::new(CrosstermBackend::new(FrameWriter::new(io::stdout())))?;
    let theme = opts.settings.theme(Theme::from_env(opts.ascii));

    let mut typed_ahead = Vec::new();
    let Some(store) = load_with_gauge(&mut term, &opts, &stop, &theme, &mut typed_ahead)? else {
        return Ok(Outcome::LoadAbandoned);
    };
    let mut opened = match store {
        Ok(o) => o,
        Err(e) => return Ok(Outcome::Unreadable(e)),
    };
    let mark = |what: &str| {
        if let Some(t) = &opts.timings {
            t.mark(what);
        }
    };
    mark(if opened.cached {
        "store restored from its snapshot"
    } else {
        "store loaded"
    });
    if let Some(t) = &opts.timings {
        let (t, store) = (t.clone(), opened.store.clone());
        std::thread::spawn(move || {
            store.incidents.all();
            t.mark("every record read (search and filters answer from here)");
        });
    }
    let store = opened.store.clone();
    let size = term.size()?;
    // The search index builds in the background so the browser opens at once (restored
    // from the snapshot cache, it is ready now; built, the snapshot is written after it).
    let index = opened.index_in_background();
    let index = match &opts.timings {
        Some(t) => t.relay(index, "search index ready"),
        None => index,
    };
    let search = super::search_overlay::SearchState::from_receiver(index);
    let mut app = App::for_terminal(
        store.clone(),
        theme,
        size.width,
        size.height,
        search,
        opts.mouse,
    );
    app.matches = super::matches::MatchState::from_cache(
        opened.take_matches(),
        store,
        opts.crosswalk.clone(),
    );
    app.apply_settings(&opts.settings);
    let mut effects = LocalEffects::in_working_dir();
    let mut watches = opts.watches.clone();
    if let Some(path) = &opts.workspace {
        match open_workspace(path, &app.store, &effects.author) {
            Ok((ws, state)) => {
                watches.extend(saved_watches(&ws, &mut app, &mut effects));
                effects.workspace = Some(ws);
                app.set_workspace(state);
            }
            Err(e) => app.dispatch(Action::Notice(e.to_string()), &mut effects),
        }
    }
    if let Some(PreviousRelease(old)) = &opts.previous_release {
        app.set_release(crate::diff::ReleaseChanges::between(old, &app.store));
    }
    app.show_watches(watches);
    if let Some(name) = &opts.view {
        app.dispatch(Action::OpenView(name.clone()), &mut effects);
    }
    mark("browser ready to draw");
    let mut front = LocalTerminal {
        term,
        stop,
        mouse_on,
        effects,
        derive_after_first_frame: Some(app.store.clone()),
        timings: opts.timings.clone(),
        typed_ahead,
    };
    let ended = event_loop::run(&mut app, &mut front)?;
    // A signal ends the loop without a key: the incidents shown are still kept as seen.
    app.dispatch(Action::Quit, &mut front.effects);
    match ended {
        Ended::Quit | Ended::By(Signalled) => Ok(Outcome::Quit),
    }
}

/// The watches saved in the workspace (one that does not parse is said on the status
/// line, and left out).
fn saved_watches(
    ws: &crate::workspace::Workspace,
    app: &mut App,
    effects: &mut LocalEffects,
) -> Vec<crate::watch::Watch> {
    let at = format!("workspace {}", ws.path().display());
    let mut out = Vec::new();
    for s in ws.watches().unwrap_or_default() {
        match crate::watch::Watch::from_text(&s.name, &s.filter, &s.rule, at.clone()) {
            Ok(w) => out.push(w),
            Err(e) => app.dispatch(
                Action::Notice(format!("watch '{}' in {at}: {e}", s.name)),
                effects,
            ),
        }
    }
    out
}

/// A signal ended the local session.
struct Signalled;

/// The local terminal as the event loop's front end.
struct LocalTerminal {
    term: Term,
    stop: Arc<AtomicBool>,
    /// Shared with the restore guard and the watchdog, which must know whether to switch
    /// the mouse off.
    mouse_on: Arc<AtomicBool>,
    effects: LocalEffects,
    /// The store whose facts are built once the first frame is on screen (built before it,
    /// they would take both cores from the lists and the first frame).
    derive_after_first_frame: Option<Arc<crate::store::Store>>,
    timings: Option<super::open_timings::OpenTimings>,
    /// Keys typed while the store loaded, handed to the browser first.
    typed_ahead: Vec<Event>,
}

impl FrontEnd for LocalTerminal {
    type End = Signalled;

    fn turn(&mut self, _app: &mut App) -> io::Result<(Option<Signalled>, bool)> {
        if self.stop.load(Ordering::Relaxed) {
            return Ok((Some(Signalled), false));
        }
        // Copies go to the terminal ahead of the frame that reports them.
        let copied = self
            .term
            .backend_mut()
            .writer_mut()
            .send_copies(&mut self.effects.clipboard)?;
        Ok((None, copied))
    }

    fn set_mouse(&mut self, on: bool) -> io::Result<()> {
        if on {
            execute!(io::stdout(), event::EnableMouseCapture)?;
        } else {
            execute!(io::stdout(), event::DisableMouseCapture)?;
        }
        self.mouse_on.store(on, Ordering::Relaxed);
        Ok(())
    }

    fn readiness(&mut self) -> Readiness {
        Readiness::Ready
    }

    fn draw(&mut self, app: &App, repaint: bool) -> io::Result<()> {
        if repaint {
            self.term.clear()?;
        }
        draw(&mut self.term, |f| render::draw(f, app))?;
        if let Some(t) = &self.timings {
            t.mark("first frame");
        }
        if let Some(store) = self.derive_after_first_frame.take() {
            let timings = self.timings.clone();
            crate::store::Store::derive_in_background(&store, move || {
                if let Some(t) = timings {
                    t.mark("filters and trends ready (facts derived)");
                }
            });
        }
        Ok(())
    }

    fn wait_hint(&self) -> Option<Duration> {
        // An export under way reports its progress and its end: look again soon.
        self.effects.busy().then_some(Duration::from_millis(20))
    }

    fn poll(&mut self, wait: Duration, events: &mut Vec<Event>) -> io::Result<Polled<Signalled>> {
        if !self.typed_ahead.is_empty() {
            events.append(&mut self.typed_ahead);
            return Ok(Polled::Events);
        }
        if !event::poll(wait)? {
            return Ok(Polled::Timeout);
        }
        // Drain everything queued so a burst of keys costs one frame, not one per key.
        loop {
            events.push(event::read()?);
            if !event::poll(Duration::ZERO)? {
                return Ok(Polled::Events);
            }
        }
    }

    fn effects(&mut self) -> &mut dyn EffectRunner {
        &mut self.effects
    }
}

/// Opens the workspace for this store and reads what the browser shows of it.
pub fn open_workspace(
    path: &std::path::Path,
    store: &Store,
    author: &str,
) -> Result<(Workspace, WorkspaceState), crate::workspace::WorkspaceError> {
    let mut ws = Workspace::open(path)?;
    let key = StoreKey::of(store);
    ws.register(&key, &store.source)?;
    let snapshot = ws.snapshot(&key.title)?;
    Ok((ws, WorkspaceState::new(key, author.to_string(), snapshot)))
}

/// Ends the process when the terminal is gone. crossterm's blocking read spins on a hung-up
/// terminal (read returns 0 bytes forever) and never returns to the loop, so a signal or a
/// vanished terminal is handled here: restore what can be restored and exit.
fn spawn_watchdog(stop: Arc<AtomicBool>, mouse: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(200));
            let hung_up = terminal::size().is_err();
            if stop.load(Ordering::Relaxed) || hung_up {
                // Give the main loop a moment to leave cleanly on its own.
                std::thread::sleep(Duration::from_millis(500));
                restore_terminal(mouse.load(Ordering::Relaxed));
                std::process::exit(0);
            }
        }
    });
}

type Loaded = Result<crate::cache::Opened, crate::store::LoadError>;

/// Loads the store on a worker thread while a gauge shows progress. None if the user quit.
/// Other keys typed meanwhile are kept in `typed_ahead`, for the browser to take once it
/// is up (a store restored from its snapshot is there in a fraction of a second, and a
/// user who typed `/` at once expects the search).
fn load_with_gauge(
    term: &mut Term,
    opts: &BrowserOptions,
    stop: &AtomicBool,
    theme: &Theme,
    typed_ahead: &mut Vec<Event>,
) -> anyhow::Result<Option<Loaded>> {
    let progress = Arc::new(Mutex::new((Stage::Reading, 0.0f64)));
    let p = progress.clone();
    let path = opts.store.clone();
    let crosswalk = opts.crosswalk.clone();
    let worker = std::thread::spawn(move || {
        let report = move |stage, frac| {
            if let Ok(mut g) = p.lock() {
                *g = (stage, frac);
            }
        };
        crate::cache::open_all(&path, &crosswalk, &report)
    });
    let label = if opts.store.is_empty() {
        "built-in sample".to_string()
    } else {
        opts.store
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" + ")
    };
    loop {
        if worker.is_finished() {
            return Ok(Some(
                worker
                    .join()
                    .map_err(|_| anyhow::anyhow!("loader thread panicked"))?,
            ));
        }
        if stop.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let (stage, frac) = *progress
            .lock()
            .map_err(|_| anyhow::anyhow!("progress lock"))?;
        let stage = match stage {
            Stage::Reading => "reading",
            Stage::Parsing => "parsing",
            Stage::Indexing => "indexing",
        };
        draw(term, |f| {
            let area = f.area();
            let msg = Paragraph::new(Line::from(format!(" sitrep: loading {label} ({stage})")))
                .style(theme.header());
            f.render_widget(msg, ratatui::layout::Rect::new(0, 0, area.width, 1));
            if area.height > 3 {
                let g = Gauge::default()
                    .ratio(frac.clamp(0.0, 1.0))
                    .gauge_style(theme.selected())
                    .use_unicode(!theme.ascii);
                f.render_widget(
                    g,
                    ratatui::layout::Rect::new(1, 2, area.width.saturating_sub(2), 1),
                );
            }
        })?;
        // Keys during loading: q or Ctrl-C abandon it; the rest wait for the browser. Looked
        // at every 10 ms so that the end of the load is seen at once; the gauge is redrawn
        // every 100 ms.
        let redraw = std::time::Instant::now() + Duration::from_millis(100);
        while !worker.is_finished() && std::time::Instant::now() < redraw {
            if !event::poll(Duration::from_millis(10))? {
                continue;
            }
            let ev = event::read()?;
            if abandons_load(&ev, typed_ahead) {
                return Ok(None);
            }
            typed_ahead.push(ev);
        }
    }
}

/// Ctrl-C always abandons a load; `q` only when it is the first key, since after `/` it is
/// part of a search being typed ahead.
fn abandons_load(ev: &Event, typed_ahead: &[Event]) -> bool {
    let Event::Key(k) = ev else {
        return false;
    };
    let ctrl_c =
        k.code == event::KeyCode::Char('c') && k.modifiers.contains(event::KeyModifiers::CONTROL);
    ctrl_c || (k.code == event::KeyCode::Char('q') && typed_ahead.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::action::Action;
    use crate::ui::effect::LocalEffects;
    use base64::Engine;

    #[test]
    fn the_frame_writer_sends_a_copy_as_osc52_ahead_of_the_frame() {
        let store = Arc::new(Store::open(None).unwrap());
        let mut app = App::new(store.clone(), Theme::new(false, false), 100, 30);
        let mut effects = LocalEffects::new(PathBuf::from("."));
        let mut fw = FrameWriter::new(Vec::new());
        fw.begin();
        fw.write_all(b"half a frame").unwrap();
        app.dispatch(Action::CopyRecord, &mut effects);
        assert!(fw.send_copies(&mut effects.clipboard).unwrap());
        let first = store.incident(app.list(crate::ui::nav::Tab::Incidents).rows[0]);
        let text = crate::ui::copy::citation(&store, crate::store::EntityRef::Incident(0));
        assert!(text.contains(&first.id), "{text}");
        let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
        let expected = format!("\x1b]52;c;{b64}\x07");
        // Sent at once and alone: the frame being collected is not in it.
        assert_eq!(fw.inner_mut().as_slice(), expected.as_bytes());
        fw.commit().unwrap();
        let out = String::from_utf8(fw.inner_mut().clone()).unwrap();
        assert!(out.starts_with(&expected) && out.contains("half a frame"));
        assert_eq!(fw.bytes_sent, out.len() as u64);
        // Nothing waits any more.
        assert!(!fw.send_copies(&mut effects.clipboard).unwrap());
    }

    fn key(c: char, modifiers: event::KeyModifiers) -> Event {
        Event::Key(event::KeyEvent::new(event::KeyCode::Char(c), modifiers))
    }

    #[test]
    fn q_abandons_a_load_only_as_the_first_key_and_ctrl_c_always() {
        let none = event::KeyModifiers::NONE;
        let ctrl_c = key('c', event::KeyModifiers::CONTROL);
        assert!(abandons_load(&key('q', none), &[]));
        assert!(abandons_load(&ctrl_c, &[]));
        // After `/`, q is part of a search typed ahead.
        let typed = [key('/', none)];
        assert!(!abandons_load(&key('q', none), &typed));
        assert!(abandons_load(&ctrl_c, &typed));
        assert!(!abandons_load(&key('c', none), &[]));
        assert!(!abandons_load(&Event::Resize(80, 24), &[]));
    }
}
