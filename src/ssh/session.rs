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
use crate::ui::effect::{Effect, EffectRunner};
use crate::ui::search_overlay::SearchState;
use crate::ui::term::{FrameWriter, to_action};
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
        let mut generation = current.generation;
        let mut snapshot = current.snapshot;
        let mut app = new_app(&snapshot, &settings);
        let mut effects = ServedEffects::default();
        if let Some((path, user)) = &workspace {
            // The session is this login's front end: it opens the login's own file.
            match crate::ui::term::open_workspace(path, &snapshot.store, user) {
                Ok((ws, state)) => {
                    effects = ServedEffects {
                        workspace: Some(ws),
                        author: user.clone(),
                    };
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
        let mut parser = InputParser::new();
        let mut events: Vec<Event> = Vec::new();
        let mut mouse_applied = false;
        let mut last_key = Instant::now();
        let mut stalled = false;
        // Whether a frame must be sent: after any action, a reload, a mouse switch.
        let mut dirty = true;
        let reason = loop {
            if stopping.load(Ordering::Acquire) {
                break EndReason::Shutdown;
            }
            if client_gone.load(Ordering::Acquire) {
                app.dispatch(Action::Quit, &mut effects);
                return Ok(EndReason::ClientGone);
            }
            if store.generation() != generation {
                // A reload happened (or failed): move to the new data, keeping our place.
                let now = store.current();
                generation = now.generation;
                if !Arc::ptr_eq(&now.snapshot, &snapshot) {
                    snapshot = now.snapshot;
                    let rebase = Action::Rebase {
                        store: Built(snapshot.store.clone()),
                        index: Built(snapshot.index.clone()),
                    };
                    app.dispatch(rebase, &mut effects);
                    dirty = true;
                }
                if let Some(e) = now.error {
                    let notice = format!("store reload failed, keeping the old data: {e}");
                    app.dispatch(Action::Notice(notice), &mut effects);
                    dirty = true;
                }
            }
            if app.mouse != mouse_applied {
                let w = term.backend_mut().writer_mut();
                if app.mouse {
                    queue!(w, EnableMouseCapture)?;
                } else {
                    queue!(w, DisableMouseCapture)?;
                }
                mouse_applied = app.mouse;
                dirty = true;
            }
            let backlog = queued.load(Ordering::Acquire) > max_output_queue;
            if backlog != stalled {
                stalled = backlog;
                if backlog {
                    log::warn!(
                        target: "sitrep::ssh",
                        "{label}: client not reading its output; frames held until it does"
                    );
                } else {
                    log::info!(target: "sitrep::ssh", "{label}: client reading again");
                }
            }
            if !backlog {
                let fw = term.backend_mut().writer_mut();
                if fw.inner_mut().dropped {
                    fw.inner_mut().dropped = false;
                    term.clear()?;
                    dirty = true;
                }
                if dirty {
                    term.backend_mut().writer_mut().begin();
                    term.draw(|f| render::draw(f, &app))?;
                    let fw = term.backend_mut().writer_mut();
                    fw.commit()?;
                    stats.bytes_sent = fw.bytes_sent;
                    dirty = false;
                }
            }
            let wait = if parser.waiting() {
                ESC_TIMEOUT
            } else if backlog || app.background_pending() {
                Duration::from_millis(20)
            } else if app.detail_deferred() {
                Duration::from_millis(60)
            } else {
                Duration::from_millis(250)
            };
            let first = match input.recv_timeout(wait) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => {
                    parser.timeout(&mut events);
                    dirty |= apply(&mut app, &mut events, &mut stats.keys, &mut effects);
                    dirty |= app.dispatch_idle(&mut effects);
                    if app.quit {
                        break EndReason::Quit;
                    }
                    if last_key.elapsed() >= idle_timeout {
                        break EndReason::Idle;
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => {
                    app.dispatch(Action::Quit, &mut effects);
                    return Ok(EndReason::ClientGone);
                }
            };
            // Everything already queued is handled before the next frame, so a burst of
            // keys costs one frame.
            let mut next = Some(first);
            let mut handled = 0;
            while let Some(msg) = next.take() {
                match msg {
                    Input::Bytes(b) => {
                        last_key = Instant::now();
                        parser.feed(&b, &mut events);
                        dirty |= apply(&mut app, &mut events, &mut stats.keys, &mut effects);
                    }
                    Input::Resize(w, h) => {
                        term.resize(Rect::new(0, 0, w, h))?;
                        app.dispatch(
                            Action::Resize {
                                width: w,
                                height: h,
                            },
                            &mut effects,
                        );
                        dirty = true;
                    }
                }
                handled += 1;
                if app.quit || handled >= 64 || client_gone.load(Ordering::Acquire) {
                    break;
                }
                next = input.try_recv().ok();
            }
            dirty |= app.dispatch_background(&mut effects);
            if app.quit {
                break EndReason::Quit;
            }
        };
        // However the session ends, the incidents shown are kept as seen.
        app.dispatch(Action::Quit, &mut effects);
        let mut restore = restore_bytes(mouse_applied);
        match reason {
            EndReason::Idle => {
                restore.extend_from_slice(b"sitrep: closed after a long time without a key\r\n")
            }
            EndReason::Shutdown => {
                restore.extend_from_slice(b"sitrep: the server is shutting down\r\n")
            }
            _ => {}
        }
        term.backend_mut()
            .writer_mut()
            .inner_mut()
            .send(&restore, true)?;
        stats.bytes_sent += restore.len() as u64;
        Ok(reason)
    }
}

/// Applies the parsed events; true if any became an action (redraw).
fn apply(
    app: &mut App,
    events: &mut Vec<Event>,
    keys: &mut u64,
    effects: &mut ServedEffects,
) -> bool {
    let mut any = false;
    for ev in events.drain(..) {
        if app.quit {
            // Keys after q are not for the browser.
            continue;
        }
        if matches!(ev, Event::Key(_)) {
            *keys += 1;
        }
        if let Some(action) = to_action(app, ev) {
            app.dispatch(action, effects);
            any = true;
        }
    }
    any
}

/// The effects of a served session. The people served are read-only: this runner has no
/// way to write a file on the server, only to say so. Workspace changes go to the login's
/// own workspace, when the server gives logins one (`--workspace-dir`).
#[derive(Default)]
pub struct ServedEffects {
    pub workspace: Option<crate::workspace::Workspace>,
    /// The login's user name: the author of its notes.
    pub author: String,
}

impl EffectRunner for ServedEffects {
    fn run(&mut self, effect: Effect) -> Option<Action> {
        match effect {
            Effect::WriteFile(_) => Some(Action::Notice(
                "export is off in this session (read-only)".into(),
            )),
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
    let theme = Theme::new(s.color, s.ascii);
    let mut app = App::with_search(snap.store.clone(), theme, s.cols, s.rows, search);
    app.mouse = s.mouse;
    app.lazy_detail = true;
    app
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn a_served_session_refuses_to_write_files() {
        let snap = Snapshot::new(Store::open(None).unwrap());
        let settings = TermSettings {
            cols: 120,
            rows: 40,
            color: false,
            ascii: false,
            mouse: false,
        };
        let mut app = new_app(&snap, &settings);
        let effects = app.update(Action::Export);
        assert!(matches!(effects.as_slice(), [Effect::WriteFile(_)]));
        // The runner answers with a refusal, whatever the effect asks.
        let answers: Vec<Option<Action>> = effects
            .into_iter()
            .map(|e| ServedEffects::default().run(e))
            .collect();
        assert_eq!(
            answers,
            [Some(Action::Notice(
                "export is off in this session (read-only)".into()
            ))]
        );
        // Through the session's own path: the refusal reaches the status bar.
        app.dispatch(Action::Export, &mut ServedEffects::default());
        assert_eq!(
            app.message.as_deref(),
            Some("export is off in this session (read-only)")
        );
    }
}
