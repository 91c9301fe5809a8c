//! Load: 50 concurrent SSH sessions each draw the browser and move through the list while
//! one more client stalls (an OpenSSH client in tmux that keeps typing but whose output
//! nobody reads). Measures, does not time: server memory per session and bytes sent per
//! keystroke are printed (run with `-- --nocapture`; README "Performance" has the figures).
//! Asserts only that every session worked and that the stalled one was held, not buffered.

#[path = "common/client.rs"]
mod client;
#[path = "common/sample.rs"]
mod sample;
#[path = "common/ssh.rs"]
mod ssh;
#[path = "common/tmux.rs"]
mod tmux;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use client::{Seen, browser, login, read_until};
use ssh::{Server, timeout};

const SESSIONS: usize = 50;
const KEYS: usize = 20;

struct Figures {
    first_frame: usize,
    key_bytes: usize,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "long: run by .ci/run with --ignored"]
async fn fifty_sessions_and_a_stalled_client() {
    let mut server = Server::start(&[
        "--max-per-address",
        "64",
        "--max-sessions",
        "64",
        "--max-per-key",
        "64",
    ]);
    let key = client::load_key(&server.key);

    // The staller: an OpenSSH client in a large terminal (tmux, 400x150) whose output goes
    // into a pipe nobody reads, switching tabs as fast as tmux can type (each key a new
    // screen of tens of KB). ssh stops reading the channel, the server's window runs out,
    // and the session's output queue fills to its bound.
    let mut script = String::from("ssh -tt");
    for a in server.ssh_args(&server.key) {
        script.push(' ');
        script.push_str(&tmux::sh_quote(&a));
    }
    script.push_str(" staller@127.0.0.1 | sleep 3600");
    let staller = Arc::new(tmux::Session::start(
        "staller",
        tmux::Options {
            width: 400,
            height: 150,
            env: &[],
        },
        &script,
    ));
    server.wait_log("staller");
    let stop = Arc::new(AtomicBool::new(false));
    let typing = {
        let (stop, staller) = (stop.clone(), staller.clone());
        std::thread::spawn(move || {
            // Bounded: at most 30 000 keys.
            for k in ["1", "2", "3"].iter().cycle().take(30_000) {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                staller.send_keys(&[k]);
            }
        })
    };
    // How soon depends on the kernel's socket buffers and the client's window (a few MB
    // to fill before the server's queue starts to grow), so allow for a slow machine.
    server.wait_log_within(timeout() * 6, "the staller to stall", |l| {
        l.contains("client not reading its output")
    });
    let rss_base = server.rss_kib();

    let ready = Arc::new(tokio::sync::Barrier::new(SESSIONS + 1));
    let done = Arc::new(tokio::sync::Barrier::new(SESSIONS + 1));
    let mut tasks = Vec::new();
    for _ in 0..SESSIONS {
        let key = key.clone();
        let port = server.port;
        let (ready, done) = (ready.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            let c = login(port, &key).await;
            let mut ch = browser(&c, 100, 30).await;
            let mut seen = Seen::default();
            assert!(
                read_until(&mut ch, &mut seen, timeout() * 4, |s| s
                    .text()
                    .contains(&sample::at(1)))
                .await,
                "no first frame"
            );
            // Let the first frame finish (the detail follows the list).
            read_until(&mut ch, &mut seen, Duration::from_millis(300), |_| false).await;
            let first_frame = seen.data.len();
            for _ in 0..KEYS {
                let before = seen.data.len();
                ch.data(&b"j"[..]).await.unwrap();
                assert!(
                    read_until(&mut ch, &mut seen, timeout() * 4, |s| s.data.len() > before).await,
                    "no frame after a key"
                );
            }
            // The deferred detail of the last row arrives once keys pause.
            read_until(&mut ch, &mut seen, Duration::from_millis(500), |_| false).await;
            let key_bytes = seen.data.len() - first_frame;
            ready.wait().await;
            done.wait().await;
            let mut tail = Seen::default();
            ch.data(&b"q"[..]).await.unwrap();
            assert!(
                read_until(&mut ch, &mut tail, timeout() * 4, |s| s.exit.is_some()).await,
                "no exit"
            );
            assert_eq!(tail.exit, Some(0));
            Figures {
                first_frame,
                key_bytes,
            }
        }));
    }
    ready.wait().await;
    let rss_full = server.rss_kib();
    let held = server.log().matches("started: TERM").count();
    done.wait().await;
    let mut figures = Vec::new();
    for t in tasks {
        figures.push(t.await.expect("session task"));
    }
    stop.store(true, Ordering::Relaxed);
    let _ = typing.join();
    drop(staller);

    let log = server.wait_log_until("every session to end", |l| {
        l.matches("ended: quit").count() >= SESSIONS
    });
    server.wait_log("ended: client gone");
    let per_session = rss_full.saturating_sub(rss_base) / SESSIONS as u64;
    let first = figures.iter().map(|f| f.first_frame).sum::<usize>() / SESSIONS;
    let per_key = figures.iter().map(|f| f.key_bytes).sum::<usize>() / (SESSIONS * KEYS);
    println!("sessions held at once: {held} ({SESSIONS} navigating + 1 stalled)");
    println!(
        "server RSS: {rss_base} KiB with the stalled client, {rss_full} KiB with {SESSIONS} more \
         sessions: {per_session} KiB per session"
    );
    println!("bytes sent: first frame {first} (100x30), {per_key} per keystroke (j, averaged)");
    assert_eq!(held, SESSIONS + 1, "{log}");
    assert!(server.alive());
}
