//! Load: 50 concurrent SSH sessions each draw the browser and move through the list while
//! one more client stalls (an OpenSSH client that keeps typing but whose output nobody
//! reads). Measures, does not time: server memory per session and bytes sent per
//! keystroke are printed (run with `-- --nocapture`; README "Performance" has the figures).
//! Asserts only that every session worked and that the stalled one was held, not buffered.

#[path = "common/client.rs"]
mod client;
#[path = "common/ssh.rs"]
mod ssh;

use std::io::Write;
use std::process::{Command, Stdio};
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
async fn fifty_sessions_and_a_stalled_client() {
    let mut server = Server::start(&["--max-per-address", "64", "--max-sessions", "64"]);
    let key = client::load_key(&server.key);

    // The staller: switches tabs every 2 ms (each a large redraw) for as long as the test
    // runs; its stdout is a pipe nobody reads, so ssh stops reading the channel, the
    // server's window runs out, and the session's output queue fills to its bound.
    let mut staller = Command::new("ssh")
        .arg("-tt")
        .args(server.ssh_args(&server.key))
        .arg("staller@127.0.0.1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("ssh");
    let mut stdin = staller.stdin.take().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let typing = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            // Bounded: at most 60 000 keys (a few minutes).
            for k in b"123".iter().cycle().take(60_000) {
                if stop.load(Ordering::Relaxed) || stdin.write_all(&[*k]).is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        })
    };
    server.wait_log("client not reading its output");
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
                    .contains("1/357"))
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
    let _ = staller.kill();
    let _ = staller.wait();
    let _ = typing.join();

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
