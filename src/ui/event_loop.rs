//! The one event loop, shared by the local terminal (`term.rs`) and every served session
//! (`ssh/session.rs`). Each is a `FrontEnd`: it reads input as crossterm events, writes a
//! frame, switches the mouse and carries out effects; the loop decides when to wait, what
//! to dispatch and when to draw, the same way for both.
//!
//! One turn: the front end's outside checks (a signal, the server stopping, a reload), the
//! mouse, a frame if anything changed and the front end can take one, then a wait for input
//! whose length says what is due (background work, a deferred detail, nothing). Everything
//! already queued is handled before the next frame, so a burst of keys costs one frame.

use std::io;
use std::time::Duration;

use crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};

use super::action::Action;
use super::app::App;
use super::effect::EffectRunner;

/// What a wait for input found.
pub enum Polled<E> {
    /// Events were queued (possibly none that map to an action).
    Events,
    /// The wait ran out; the front end may still have queued events (an Esc that timed
    /// out into a key).
    Timeout,
    /// The session is over for a reason of the front end's.
    Ended(E),
}

/// Whether the front end can take a frame now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Readiness {
    /// Hold frames (a served client not reading its output); the state goes on changing
    /// and the next frame shows the latest.
    Hold,
    /// Draw if anything changed.
    Ready,
    /// Frames were lost: repaint the whole screen whether or not anything changed.
    Repaint,
}

/// How the loop ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended<E> {
    /// The user quit.
    Quit,
    /// The front end ended it (signal, shutdown, client gone, idle).
    By(E),
}

/// A terminal the loop drives: the local one or an SSH channel.
pub trait FrontEnd {
    /// The front end's own reasons to end a session.
    type End;

    /// Checks made once a turn, before drawing: a reason to end, or news for the app (a
    /// reload, dispatched as actions through `effects`). True in the second field when the
    /// app changed and must be redrawn.
    fn turn(&mut self, app: &mut App) -> io::Result<(Option<Self::End>, bool)>;

    fn set_mouse(&mut self, on: bool) -> io::Result<()>;

    fn readiness(&mut self) -> Readiness;

    /// Writes one frame of `app`; `repaint` asks for the whole screen.
    fn draw(&mut self, app: &App, repaint: bool) -> io::Result<()>;

    /// A shorter wait the front end needs (an Esc waiting to be told from a sequence, a
    /// backlog to watch), if any.
    fn wait_hint(&self) -> Option<Duration>;

    /// Waits up to `wait` for input and appends every event already queued to `events`.
    fn poll(&mut self, wait: Duration, events: &mut Vec<Event>) -> io::Result<Polled<Self::End>>;

    fn effects(&mut self) -> &mut dyn EffectRunner;
}

/// How long to wait for input when the front end has no reason of its own: short while
/// background search work is pending, a little longer while a deferred detail waits for
/// keys to pause, otherwise a quarter second.
pub fn wait_for(app: &App) -> Duration {
    if app.background_pending() {
        Duration::from_millis(20)
    } else if app.detail_deferred() {
        Duration::from_millis(60)
    } else {
        Duration::from_millis(250)
    }
}

/// Runs `app` on `front` until the user quits or the front end ends the session.
pub fn run<F: FrontEnd>(app: &mut App, front: &mut F) -> io::Result<Ended<F::End>> {
    let mut events: Vec<Event> = Vec::new();
    let mut mouse_applied = false;
    // Whether a frame must be sent: after any action, a reload, a mouse switch.
    let mut dirty = true;
    loop {
        if app.quit {
            return Ok(Ended::Quit);
        }
        let (end, changed) = front.turn(app)?;
        if let Some(end) = end {
            return Ok(Ended::By(end));
        }
        dirty |= changed;
        if app.mouse != mouse_applied {
            front.set_mouse(app.mouse)?;
            mouse_applied = app.mouse;
            dirty = true;
        }
        match front.readiness() {
            Readiness::Hold => {}
            Readiness::Repaint => {
                front.draw(app, true)?;
                dirty = false;
            }
            Readiness::Ready if dirty => {
                front.draw(app, false)?;
                dirty = false;
            }
            Readiness::Ready => {}
        }
        let wait = front.wait_hint().unwrap_or_else(|| wait_for(app));
        match front.poll(wait, &mut events)? {
            Polled::Ended(end) => return Ok(Ended::By(end)),
            Polled::Timeout => {
                dirty |= apply(app, &mut events, front.effects());
                dirty |= app.dispatch_idle(front.effects());
            }
            Polled::Events => {
                dirty |= apply(app, &mut events, front.effects());
                dirty |= app.dispatch_background(front.effects());
            }
        }
    }
}

/// Dispatches the queued events; true if any became an action (redraw).
fn apply(app: &mut App, events: &mut Vec<Event>, effects: &mut dyn EffectRunner) -> bool {
    let mut any = false;
    for ev in events.drain(..) {
        if app.quit {
            // Keys after q are not for the browser.
            continue;
        }
        if let Some(action) = to_action(app, ev) {
            app.dispatch(action, effects);
            any = true;
        }
    }
    any
}

/// The action an input event stands for in the app's current mode, if any.
pub fn to_action(app: &App, ev: Event) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind == KeyEventKind::Press => app.keymap.map_key(k, app.input_mode()),
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        Event::Mouse(m) if app.mouse => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: m.column,
                row: m.row,
            }),
            MouseEventKind::ScrollDown => Some(Action::Scroll {
                down: true,
                column: m.column,
                row: m.row,
            }),
            MouseEventKind::ScrollUp => Some(Action::Scroll {
                down: false,
                column: m.column,
                row: m.row,
            }),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::ui::effect::Effect;
    use crate::ui::theme::Theme;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use std::collections::VecDeque;
    use std::sync::Arc;

    /// A scripted front end: each poll hands over the next batch of events (or times out
    /// when the script has an empty batch); it records frames and mouse switches.
    struct Script {
        batches: VecDeque<Vec<Event>>,
        frames: Vec<(String, bool)>,
        mouse: Vec<bool>,
        hold: bool,
        effects: Refuse,
    }

    struct Refuse;
    impl EffectRunner for Refuse {
        fn run(&mut self, _: Effect) -> Option<Action> {
            Some(Action::Notice("refused".into()))
        }
    }

    impl FrontEnd for Script {
        type End = &'static str;
        fn turn(&mut self, _: &mut App) -> io::Result<(Option<&'static str>, bool)> {
            Ok((None, false))
        }
        fn set_mouse(&mut self, on: bool) -> io::Result<()> {
            self.mouse.push(on);
            Ok(())
        }
        fn readiness(&mut self) -> Readiness {
            if self.hold {
                Readiness::Hold
            } else {
                Readiness::Ready
            }
        }
        fn draw(&mut self, app: &App, repaint: bool) -> io::Result<()> {
            let row = app
                .list(app.tab().unwrap_or(crate::ui::nav::Tab::Incidents))
                .selected;
            self.frames
                .push((format!("{:?}:{row}", app.tab()), repaint));
            Ok(())
        }
        fn wait_hint(&self) -> Option<Duration> {
            Some(Duration::ZERO)
        }
        fn poll(
            &mut self,
            _: Duration,
            events: &mut Vec<Event>,
        ) -> io::Result<Polled<&'static str>> {
            match self.batches.pop_front() {
                None => Ok(Polled::Ended("script over")),
                Some(b) if b.is_empty() => Ok(Polled::Timeout),
                Some(b) => {
                    events.extend(b);
                    Ok(Polled::Events)
                }
            }
        }
        fn effects(&mut self) -> &mut dyn EffectRunner {
            &mut self.effects
        }
    }

    fn key(c: char) -> Event {
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    fn app() -> App {
        App::new(
            Arc::new(Store::open(None).unwrap()),
            Theme::new(false, false),
            100,
            30,
        )
    }

    fn script(batches: Vec<Vec<Event>>) -> Script {
        Script {
            batches: batches.into(),
            frames: Vec::new(),
            mouse: Vec::new(),
            hold: false,
            effects: Refuse,
        }
    }

    #[test]
    fn a_burst_of_keys_costs_one_frame() {
        let mut app = app();
        let mut front = script(vec![vec![key('j'), key('j'), key('j')]]);
        let end = run(&mut app, &mut front).unwrap();
        assert_eq!(end, Ended::By("script over"));
        // The first frame, then one for the whole burst, showing the third row.
        assert_eq!(front.frames.len(), 2, "{:?}", front.frames);
        assert!(front.frames[1].0.ends_with(":3"), "{:?}", front.frames);
    }

    #[test]
    fn keys_after_quit_are_not_dispatched_and_the_loop_ends_quit() {
        let mut app = app();
        let mut front = script(vec![vec![key('j'), key('q'), key('j'), key('j')]]);
        assert_eq!(run(&mut app, &mut front).unwrap(), Ended::Quit);
        assert_eq!(app.list(crate::ui::nav::Tab::Incidents).selected, 1);
    }

    #[test]
    fn a_held_front_end_gets_no_frames_but_the_state_moves_on() {
        let mut app = app();
        let mut front = script(vec![vec![key('j')], vec![], vec![key('j')]]);
        front.hold = true;
        run(&mut app, &mut front).unwrap();
        assert!(front.frames.is_empty());
        assert_eq!(app.list(crate::ui::nav::Tab::Incidents).selected, 2);
    }

    #[test]
    fn the_mouse_is_switched_as_the_app_asks() {
        let mut app = app();
        app.mouse = true;
        // `m` toggles the mouse off again.
        let mut front = script(vec![vec![key('m')], vec![]]);
        run(&mut app, &mut front).unwrap();
        assert_eq!(front.mouse, [true, false]);
    }
}
