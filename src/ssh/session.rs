//! One SSH browser session: its own `App` (tab, selection, history, search) over the shared
//! store, driven on its own thread by the client's bytes and drawn into the SSH channel.
//!
//! Output goes through a byte-bounded queue to an async task that writes it into the channel
//! at the pace the client's window allows. While the queue is over its bound nothing new is
//! drawn (the state keeps changing; the next frame shows the latest), so a client that stops
//! reading costs at most one bound of memory.

use std::io::{self, Write};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use bytes::Bytes;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::style::ResetColor;
use crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, queue};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use tokio::sync::mpsc::UnboundedSender;

use super::input::{ESC_TIMEOUT, InputParser};
use super::reload::{Snapshot, StoreCell};
use crate::ui::action::Built;
use crate::ui::clipboard::Clipboard;
use crate::ui::effect::{Effect, EffectRunner};
use crate::ui::event_loop::{self, Ended, FrontEnd, Polled, Readiness};
use crate::ui::search_overlay::SearchState;
use crate::ui::term::FrameWriter;
use crate::ui::theme::Theme;
use crate::ui::{Action, App, render};

/// What the connection sends a session.
pub enum Input {
    Bytes(Vec<u8>),
    Resize(u16, u16),
}

/// What a session sends the channel.
pub enum Out {
    Data(Bytes),
    /// Restore done: send the exit status and close the channel.
    Exit(u32),
}

/// The terminal as the client described it.
#[derive(Clone, Debug)]
pub struct TermSettings {
    pub cols: u16,
    pub rows: u16,
    pub color: bool,
    pub ascii: bool,
    pub mouse: bool,
    /// The client's TERM (decides whether copies are tried, see `ui::clipboard`).
    pub term: String,
    /// The server's configuration, the same for every session.
    pub ui: Arc<crate::ui::settings::UiSettings>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndReason {
    Quit,
    ClientGone,
    Idle,
    Shutdown,
    Failed,
}

impl std::fmt::Display for EndReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            EndReason::Quit => "quit",
            EndReason::ClientGone => "client gone",
            EndReason::Idle => "idle timeout",
            EndReason::Shutdown => "server shutting down",
            EndReason::Failed => "failed",
        })
    }
}

#[derive(Default)]
pub struct Stats {
    pub keys: u64,
    pub bytes_sent: u64,
}

pub struct SessionEnd {
    pub reason: EndReason,
    pub bytes_sent: u64,
    pub keys: u64,
}

/// The session's side of the output queue: a `Write` that hands whole frames to the pump.
pub struct ChannelWriter {
    tx: UnboundedSender<Out>,
    queued: Arc<AtomicUsize>,
    /// Past this many queued bytes a frame is dropped outright (a safety net: the driver
    /// stops drawing at `soft`).
    hard: usize,
    dropped: bool,
}

impl ChannelWriter {
    pub fn new(tx: UnboundedSender<Out>, queued: Arc<AtomicUsize>, soft: usize) -> Self {
        ChannelWriter {
            tx,
            queued,
            hard: soft.saturating_mul(4),
            dropped: false,
        }
    }

    fn send(&mut self, data: &[u8], force: bool) -> io::Result<()> {
        let q = self.queued.load(Ordering::Acquire);
        if !force && q > 0 && q + data.len() > self.hard {
            self.dropped = true;
            return Ok(());
        }
        self.queued.fetch_add(data.len(), Ordering::AcqRel);
        self.tx
            .send(Out::Data(Bytes::copy_from_slice(data)))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "channel closed"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.send(data, false)?;
        Ok(data.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

type Term = Terminal<CrosstermBackend<FrameWriter<ChannelWriter>>>;

/// The bytes that put the client's terminal back as it was.
pub fn restore_bytes(mouse: bool) -> Vec<u8> {
    let mut b = Vec::new();
    if mouse {
        let _ = queue!(b, DisableMouseCapture);
    }
    let _ = queue!(
        b,
        crossterm::terminal::EndSynchronizedUpdate,
        ResetColor,
        LeaveAlternateScreen,
        cursor::Show
    );
    b
}

pub struct Driver {
    pub settings: TermSettings,
    pub store: Arc<StoreCell>,
    pub input: Receiver<Input>,
    pub out: UnboundedSender<Out>,
    pub queued: Arc<AtomicUsize>,
    pub max_output_queue: usize,
    pub idle_timeout: Duration,
    /// Names the session in log lines.
    pub label: String,
    /// Set when the server stops: the session restores the client's terminal and ends.
    pub stopping: Arc<AtomicBool>,
    /// Set when the client has gone: input still queued from it is dropped, not worked on.
    pub client_gone: Arc<AtomicBool>,
    /// This login's workspace file and user name (the notes' author), if it has one.
    pub workspace: Option<(std::path::PathBuf, String)>,
}

impl Driver {
    /// Runs the session to its end (on the calling thread) and closes the channel. A panic
    /// inside is caught: the client's terminal is restored and only this session ends.
    pub fn run(self) -> SessionEnd {
        let out = self.out.clone();
        let queued = self.queued.clone();
        let label = self.label.clone();
        let mut stats = Stats::default();
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| self.drive(&mut stats)));
        let failed = |why: String| {
            log::error!(target: "sitrep::ssh", "{label}: {why}");
            let b = restore_bytes(true);
            queued.fetch_add(b.len(), Ordering::AcqRel);
            let _ = out.send(Out::Data(Bytes::from(b)));
            let _ = out.send(Out::Exit(1));
            EndReason::Failed
        };
        let reason = match result {
            Ok(Ok(reason)) => {
                let _ = out.send(Out::Exit(0));
                reason
            }
            // The channel went away while a frame was being sent.
            Ok(Err(e)) if e.kind() == io::ErrorKind::BrokenPipe => EndReason::ClientGone,
            Ok(Err(e)) => failed(format!("session failed: {e}")),
            Err(_) => failed("session panicked (see above); the others go on".into()),
        };
        SessionEnd {
            reason,
            bytes_sent: stats.bytes_sent,
            keys: stats.keys,
        }
    }

    fn drive(self, stats: &mut Stats) -> io::Result<EndReason> {
        let Driver {
            settings,
            store,
            input,
            out,
            queued,
            max_output_queue,
            idle_timeout,
            label,
            stopping,
            client_gone,
            workspace,
        } = self;
        let writer = ChannelWriter::new(out, queued.clone(), max_output_queue);
        let area = Rect::new(0, 0, settings.cols, settings.rows);
        let mut term: Term = Terminal::with_options(
            CrosstermBackend::new(FrameWriter::new(writer)),
            TerminalOptions {
                viewport: Viewport::Fixed(area),
            },
        )?;
        {
            let w = term.backend_mut().writer_mut();
            queue!(w, EnterAlternateScreen, cursor::Hide, Clear(ClearType::All))?;
        }
        let current = store.current();
        let mut app = new_app(&current.snapshot, &settings);
        let mut effects = ServedEffects::for_term(&settings.term);
        if let Some((path, user)) = &workspace {
            // The session is this login's front end: it opens the login's own file.
            match crate::ui::term::open_workspace(path, &current.snapshot.store, user) {
                Ok((ws, state)) => {
                    effects.workspace = Some(ws);
                    effects.author = user.clone();
                    app.set_workspace(state);
                }
                Err(e) => {
                    log::warn!(target: "sitrep::ssh", "{label}: {e}");
                    app.dispatch(
                        Action::Notice("workspace unavailable: nothing is kept".into()),
                        &mut effects,
                    );
                }
            }
        }
        let mut front = Served {
            term,
            store,
            generation: current.generation,
            snapshot: current.snapshot,
            input,
            parser: InputParser::new(),
            queued,
            max_output_queue,
            idle_timeout,
            last_key: Instant::now(),
            stalled: false,
            mouse_applied: false,
            label,
            stopping,
            client_gone,
            stats,
            effects,
        };
        let ended = event_loop::run(&mut app, &mut front)?;
        // However the session ends, the incidents shown are kept as seen.
        app.dispatch(Action::Quit, &mut front.effects);
        let reason = match ended {
            Ended::Quit => EndReason::Quit,
            // The client will not see a restore: nothing more to send.
            Ended::By(EndReason::ClientGone) => return Ok(EndReason::ClientGone),
            Ended::By(reason) => reason,
        };
        let mut restore = restore_bytes(front.mouse_applied);
        match reason {
            EndReason::Idle => {
                restore.extend_from_slice(b"sitrep: closed after a long time without a key\r\n")
            }
            EndReason::Shutdown => {
                restore.extend_from_slice(b"sitrep: the server is shutting down\r\n")
            }
            _ => {}
        }
        front
            .term
            .backend_mut()
            .writer_mut()
            .inner_mut()
            .send(&restore, true)?;
        front.stats.bytes_sent += restore.len() as u64;
        Ok(reason)
    }
}

/// A served session as the event loop's front end: input from the connection's bytes,
/// frames into the bounded output queue, reloads of the shared store.
struct Served<'s> {
    term: Term,
    store: Arc<StoreCell>,
    generation: u64,
    snapshot: Arc<Snapshot>,
    input: Receiver<Input>,
    parser: InputParser,
    queued: Arc<AtomicUsize>,
    max_output_queue: usize,
    idle_timeout: Duration,
    last_key: Instant,
    /// Whether the client had stopped reading at the last look (to log each change once).
    stalled: bool,
    mouse_applied: bool,
    label: String,
    stopping: Arc<AtomicBool>,
    client_gone: Arc<AtomicBool>,
    stats: &'s mut Stats,
    effects: ServedEffects,
}

impl Served<'_> {
    fn backlog(&self) -> bool {
        self.queued.load(Ordering::Acquire) > self.max_output_queue
    }

    /// Feeds bytes or a resize from the connection into `events`.
    fn take(&mut self, msg: Input, events: &mut Vec<Event>) -> io::Result<()> {
        match msg {
            Input::Bytes(b) => {
                self.last_key = Instant::now();
                let before = events.len();
                self.parser.feed(&b, events);
                self.count_keys(&events[before..]);
            }
            Input::Resize(w, h) => {
                self.term.resize(Rect::new(0, 0, w, h))?;
                events.push(Event::Resize(w, h));
            }
        }
        Ok(())
    }

    fn count_keys(&mut self, events: &[Event]) {
        self.stats.keys += events.iter().filter(|e| matches!(e, Event::Key(_))).count() as u64;
    }
}

impl FrontEnd for Served<'_> {
    type End = EndReason;

    fn turn(&mut self, app: &mut App) -> io::Result<(Option<EndReason>, bool)> {
        if self.stopping.load(Ordering::Acquire) {
            return Ok((Some(EndReason::Shutdown), false));
        }
        if self.client_gone.load(Ordering::Acquire) {
            return Ok((Some(EndReason::ClientGone), false));
        }
        if self.last_key.elapsed() >= self.idle_timeout {
            return Ok((Some(EndReason::Idle), false));
        }
        let mut changed = false;
        if self.store.generation() != self.generation {
            // A reload happened (or failed): move to the new data, keeping our place.
            let now = self.store.current();
            self.generation = now.generation;
            if !Arc::ptr_eq(&now.snapshot, &self.snapshot) {
                self.snapshot = now.snapshot;
                let rebase = Action::Rebase {
                    store: Built(self.snapshot.store.clone()),
                    index: Built(self.snapshot.index.clone()),
                };
                app.dispatch(rebase, &mut self.effects);
                if let Some(m) = &self.snapshot.matches {
                    app.dispatch(Action::MatchesReady(Built(m.clone())), &mut self.effects);
                }
                changed = true;
            }
            if let Some(e) = now.error {
                let notice = format!("store reload failed, keeping the old data: {e}");
                app.dispatch(Action::Notice(notice), &mut self.effects);
                changed = true;
            }
        }
        // Copies go to the client's terminal ahead of the frame that reports them, past
        // the queue's bound (they were asked for).
        for osc in self.effects.clipboard.take() {
            let channel = self.term.backend_mut().writer_mut().inner_mut();
            channel.send(&osc, true)?;
            changed = true;
        }
        Ok((None, changed))
    }

    fn set_mouse(&mut self, on: bool) -> io::Result<()> {
        let w = self.term.backend_mut().writer_mut();
        if on {
            queue!(w, EnableMouseCapture)?;
        } else {
            queue!(w, DisableMouseCapture)?;
        }
        self.mouse_applied = on;
        Ok(())
    }

    fn readiness(&mut self) -> Readiness {
        let backlog = self.backlog();
        if backlog != self.stalled {
            self.stalled = backlog;
            let label = &self.label;
            if backlog {
                log::warn!(
                    target: "sitrep::ssh",
                    "{label}: client not reading its output; frames held until it does"
                );
            } else {
                log::info!(target: "sitrep::ssh", "{label}: client reading again");
            }
        }
        if backlog {
            return Readiness::Hold;
        }
        let channel = self.term.backend_mut().writer_mut().inner_mut();
        if std::mem::take(&mut channel.dropped) {
            Readiness::Repaint
        } else {
            Readiness::Ready
        }
    }

    fn draw(&mut self, app: &App, repaint: bool) -> io::Result<()> {
        if repaint {
            self.term.clear()?;
        }
        self.term.backend_mut().writer_mut().begin();
        self.term.draw(|f| render::draw(f, app))?;
        let fw = self.term.backend_mut().writer_mut();
        fw.commit()?;
        self.stats.bytes_sent = fw.bytes_sent;
        Ok(())
    }

    fn wait_hint(&self) -> Option<Duration> {
        if self.parser.waiting() {
            Some(ESC_TIMEOUT)
        } else if self.backlog() {
            Some(Duration::from_millis(20))
        } else {
            None
        }
    }

    fn poll(&mut self, wait: Duration, events: &mut Vec<Event>) -> io::Result<Polled<EndReason>> {
        let first = match self.input.recv_timeout(wait) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => {
                let before = events.len();
                self.parser.timeout(events);
                self.count_keys(&events[before..]);
                return Ok(Polled::Timeout);
            }
            Err(RecvTimeoutError::Disconnected) => return Ok(Polled::Ended(EndReason::ClientGone)),
        };
        // Everything already queued is handled before the next frame (up to a bound, so
        // a flood still lets frames and checks through).
        self.take(first, events)?;
        for _ in 1..64 {
            if self.client_gone.load(Ordering::Acquire) {
                break;
            }
            match self.input.try_recv() {
                Ok(msg) => self.take(msg, events)?,
                Err(_) => break,
            }
        }
        Ok(Polled::Events)
    }

    fn effects(&mut self) -> &mut dyn EffectRunner {
        &mut self.effects
    }
}

/// The effects of a served session. The people served are read-only: this runner has no
/// way to write a file on the server, only to say so. Copies go to the client's terminal
/// (OSC 52 in the channel), so they work here. Workspace changes go to the login's own
/// workspace, when the server gives logins one (`--workspace-dir`).
#[derive(Default)]
pub struct ServedEffects {
    pub clipboard: Clipboard,
    pub workspace: Option<crate::workspace::Workspace>,
    /// The login's user name: the author of its notes.
    pub author: String,
}

impl ServedEffects {
    pub fn for_term(term: &str) -> ServedEffects {
        ServedEffects {
            clipboard: Clipboard::for_term(Some(term)),
            ..ServedEffects::default()
        }
    }
}

/// What a served session says to `e`.
pub const EXPORT_REFUSED: &str = "export is not available in a served session (nothing is written on the server); \
     y copies the record, Y the list, to your clipboard";

impl EffectRunner for ServedEffects {
    fn run(&mut self, effect: Effect) -> Option<Action> {
        match effect {
            Effect::WriteFile(_) => Some(Action::Notice(EXPORT_REFUSED.into())),
            Effect::Copy(copy) => Some(Action::Notice(self.clipboard.copy(copy))),
            Effect::Workspace { key, change } => crate::ui::effect::workspace_write(
                self.workspace.as_mut(),
                &key,
                &change,
                &self.author,
            ),
        }
    }
}

pub fn new_app(snap: &Snapshot, s: &TermSettings) -> App {
    let search = SearchState::with_index(&snap.store, snap.index.clone());
    let theme = s.ui.theme(Theme::new(s.color, s.ascii));
    let mut app = App::for_terminal(snap.store.clone(), theme, s.cols, s.rows, search, s.mouse);
    app.apply_settings(&s.ui);
    if let Some(m) = &snap.matches {
        app.matches.install(m.clone());
    }
    app
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn a_served_session_takes_the_servers_configuration() {
        use crate::ui::keymap::Keymap;
        use crate::ui::keys::{HintLine, Key};
        let snap = Snapshot::new(Store::open(None).unwrap());
        let keymap = Keymap::with_overrides(&[(Action::OpenFilter, vec![Key::ch('F')])]).unwrap();
        let ui = crate::ui::settings::UiSettings {
            keymap: Arc::new(keymap),
            briefing_days: Some(30),
            ..Default::default()
        };
        let settings = TermSettings {
            cols: 120,
            rows: 40,
            color: false,
            ascii: false,
            mouse: false,
            term: "xterm-256color".into(),
            ui: Arc::new(ui),
        };
        let app = new_app(&snap, &settings);
        let ev = crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char('F'),
            crossterm::event::KeyModifiers::NONE,
        );
        assert_eq!(
            app.keymap.map_key(ev, app.input_mode()),
            Some(Action::OpenFilter)
        );
        assert!(
            app.keymap
                .hint_items(HintLine::List)
                .contains(&"F filter".into())
        );
        assert_eq!(app.briefing.days(), 30);
    }

    #[test]
    fn a_served_session_refuses_to_write_files() {
        let snap = Snapshot::new(Store::open(None).unwrap());
        let settings = TermSettings {
            cols: 120,
            rows: 40,
            color: false,
            ascii: false,
            mouse: false,
            term: "xterm-256color".into(),
            ui: Default::default(),
        };
        let mut app = new_app(&snap, &settings);
        let effects = app.update(Action::Export);
        assert!(matches!(effects.as_slice(), [Effect::WriteFile(_)]));
        // The runner answers with a refusal, whatever the effect asks.
        let mut served = ServedEffects::for_term("xterm-256color");
        let answers: Vec<Option<Action>> = effects.into_iter().map(|e| served.run(e)).collect();
        assert_eq!(answers, [Some(Action::Notice(EXPORT_REFUSED.into()))]);
        assert!(EXPORT_REFUSED.contains("not available") && EXPORT_REFUSED.contains("y copies"));
        // Through the session's own path: the refusal reaches the status bar.
        app.dispatch(Action::Export, &mut served);
        assert_eq!(app.message.as_deref(), Some(EXPORT_REFUSED));
    }

    #[test]
    fn a_served_copy_queues_osc52_for_the_channel_and_a_linux_console_gets_none() {
        let snap = Snapshot::new(Store::open(None).unwrap());
        let settings = TermSettings {
            cols: 120,
            rows: 40,
            color: false,
            ascii: false,
            mouse: false,
            term: "xterm-256color".into(),
            ui: Default::default(),
        };
        let mut app = new_app(&snap, &settings);
        let mut served = ServedEffects::for_term(&settings.term);
        app.dispatch(Action::CopyRecord, &mut served);
        let sent = served.clipboard.take();
        assert_eq!(sent.len(), 1);
        assert!(sent[0].starts_with(b"\x1b]52;c;"));
        assert!(
            app.message
                .as_deref()
                .unwrap()
                .starts_with("copied incident ")
        );
        let mut console = ServedEffects::for_term("linux");
        app.dispatch(Action::CopyRecord, &mut console);
        assert!(console.clipboard.take().is_empty());
        assert!(app.message.as_deref().unwrap().contains("TERM=linux"));
    }
}
