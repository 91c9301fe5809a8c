//! Starting a browser session on a channel that asked for a shell, and feeding it the
//! client's input.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::TrySendError;
use std::time::Instant;

use russh::server::{Msg, Session};
use russh::{ChannelId, ChannelWriteHalf};

use super::Shared;
use super::handler::{Conn, NO_PTY, Pty};
use super::session::{Driver, Input, Out, TermSettings};

impl Conn {
    pub(super) fn start_browser(&mut self, channel: ChannelId, session: &mut Session) {
        let Some(chan) = self.channels.get_mut(&channel) else {
            return;
        };
        if chan.input.is_some() {
            self.warn("a second shell request on one channel");
            let _ = session.channel_failure(channel);
            return;
        }
        if self.no_pty {
            self.warn("shell: the key's authorized_keys options say no-pty (or restrict)");
            let _ = session.channel_success(channel);
            self.refuse_channel(channel, NO_PTY, session);
            return;
        }
        let Some(chan) = self.channels.get_mut(&channel) else {
            return;
        };
        let Some(pty) = chan.pty.clone() else {
            self.warn("shell without a pty");
            let _ = session.channel_success(channel);
            self.refuse_channel(channel, NO_PTY, session);
            return;
        };
        let guard = match self.shared.tracker.open_session(&self.key_id) {
            Ok(g) => g,
            Err(why) => {
                self.warn(&format!("a session: {why}"));
                let _ = session.channel_success(channel);
                let msg = format!("sitrep: {why}; try again later\r\n");
                self.refuse_channel(channel, &msg, session);
                return;
            }
        };
        let Some(write) = chan.write.take() else {
            return;
        };
        let settings = settings(&self.shared, &pty, &chan.env);
        let limits = self.shared.tracker.limits().clone();
        let (in_tx, in_rx) = std::sync::mpsc::sync_channel(limits.max_input_queue);
        let (out_tx, out_rx) = tokio::sync::mpsc::unbounded_channel();
        let queued = Arc::new(AtomicUsize::new(0));
        tokio::spawn(pump(out_rx, queued.clone(), write));
        let sid = self.shared.next_session.fetch_add(1, Ordering::Relaxed);
        let label = format!(
            "session {sid} (conn {} {}, {})",
            self.id,
            self.peer,
            self.identity.as_deref().unwrap_or("-")
        );
        // A login with an authorised key gets its own workspace file, by user and key.
        let workspace = match &self.shared.opts.workspace_dir {
            Some(dir) if self.with_key => Some((
                super::workspace_file(dir, &self.user, &self.key_id),
                self.user.clone(),
            )),
            _ => None,
        };
        let driver = Driver {
            workspace,
            settings: settings.clone(),
            store: self.shared.store.clone(),
            input: in_rx,
            out: out_tx,
            queued,
            max_output_queue: limits.max_output_queue,
            idle_timeout: limits.idle_timeout,
            label: label.clone(),
            stopping: self.shared.stopping.clone(),
            client_gone: chan.gone.clone(),
        };
        log::info!(
            target: "sitrep::ssh",
            "{label} started: TERM={:?} {}x{} colour={} ascii={}",
            pty.term,
            settings.cols,
            settings.rows,
            color_depth(&pty.term, &chan.env),
            settings.ascii
        );
        let spawned = std::thread::Builder::new()
            .name(format!("sitrep-ssh-{sid}"))
            .spawn(move || {
                let started = Instant::now();
                let end = driver.run();
                drop(guard);
                log::info!(
                    target: "sitrep::ssh",
                    "{label} ended: {} after {:.1}s, {} keys, {} bytes sent",
                    end.reason,
                    started.elapsed().as_secs_f64(),
                    end.keys,
                    end.bytes_sent
                );
            });
        match spawned {
            Ok(_) => {
                chan.input = Some(in_tx);
                let _ = session.channel_success(channel);
            }
            Err(e) => {
                log::error!(target: "sitrep::ssh", "cannot start a session thread: {e}");
                let _ = session.channel_success(channel);
                self.refuse_channel(channel, "sitrep: cannot start a session\r\n", session);
            }
        }
    }

    pub(super) fn send_input(&mut self, channel: ChannelId, input: Input) {
        let Some(chan) = self.channels.get_mut(&channel) else {
            return;
        };
        let Some(tx) = &chan.input else {
            return;
        };
        match tx.try_send(input) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                if !chan.input_dropped {
                    chan.input_dropped = true;
                    log::warn!(
                        target: "sitrep::ssh",
                        "conn {} {}: input faster than the session reads it; dropping input",
                        self.id,
                        self.peer
                    );
                }
            }
            Err(TrySendError::Disconnected(_)) => chan.input = None,
        }
    }
}

/// Colour depth from TERM and the NO_COLOR / COLORTERM the client sent.
pub fn color_depth(term: &str, env: &[(String, String)]) -> &'static str {
    let get = |k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if get("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return "none";
    }
    let term = term.to_ascii_lowercase();
    if term.is_empty() || term == "dumb" || term.starts_with("vt1") || term.starts_with("vt2") {
        return "none";
    }
    if matches!(get("COLORTERM"), Some("truecolor" | "24bit")) || term.contains("direct") {
        return "truecolor";
    }
    if term.contains("256color") {
        return "256";
    }
    "16"
}

fn settings(shared: &Shared, pty: &Pty, env: &[(String, String)]) -> TermSettings {
    let get = |k: &str| {
        env.iter()
            .find(|(n, v)| n == k && !v.is_empty())
            .map(|(_, v)| v.to_ascii_lowercase())
    };
    let locale = get("LC_ALL")
        .or_else(|| get("LC_CTYPE"))
        .or_else(|| get("LANG"));
    let not_utf8 = locale.is_some_and(|l| !(l.contains("utf-8") || l.contains("utf8")));
    let term = pty.term.to_ascii_lowercase();
    let plain_term = term == "dumb" || term.starts_with("vt1") || term.starts_with("vt2");
    TermSettings {
        cols: pty.cols,
        rows: pty.rows,
        color: color_depth(&pty.term, env) != "none",
        ascii: shared.opts.ascii || not_utf8 || plain_term,
        mouse: shared.opts.mouse,
        term: pty.term.clone(),
        ui: shared.opts.settings.clone(),
    }
}

/// Writes a session's output into its channel at the client's pace, then closes it.
async fn pump(
    mut rx: tokio::sync::mpsc::UnboundedReceiver<Out>,
    queued: Arc<AtomicUsize>,
    ch: ChannelWriteHalf<Msg>,
) {
    let mut code = 1;
    while let Some(out) = rx.recv().await {
        match out {
            Out::Data(b) => {
                let n = b.len();
                let sent = ch.data_bytes(b).await;
                queued.fetch_sub(n, Ordering::AcqRel);
                if sent.is_err() {
                    return;
                }
            }
            Out::Exit(c) => {
                code = c;
                break;
            }
        }
    }
    let _ = ch.exit_status(code).await;
    let _ = ch.eof().await;
    let _ = ch.close().await;
}
