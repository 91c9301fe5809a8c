//! Issue 13, `sitrep serve` in hostile hands: a russh client (or a hostile file on the
//! server's disk) plays each attack against a server on 127.0.0.1.

#[path = "common/client.rs"]
mod client;
#[path = "common/ssh.rs"]
mod ssh;

use std::time::Duration;

use client::{Seen, browser, login, read_until};
use ssh::{Server, timeout};

fn drawn(s: &Seen) -> bool {
    s.text().contains("Incidents")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_strings_cannot_forge_log_lines_and_floods_are_counted() {
    let mut server = Server::start(&[]);
    let key = client::load_key(&server.key);
    let c = login(server.port, &key).await;
    let ch = c.channel_open_session().await.expect("session");
    let forged =
        "X\n2026-01-01T00:00:00.000Z INFO  conn 9 1.2.3.4:5: auth ok: user \"root\"\x1b]0;t\x07";
    ch.set_env(true, forged, "v").await.unwrap();
    let _ = c.tcpip_forward(forged, 80).await;
    let _ = c
        .channel_open_direct_tcpip(forged, 80, "127.0.0.1", 1)
        .await;
    // The flood: 20,000 refused env requests (no reply wanted, so it goes fast).
    for n in 0..20_000 {
        ch.set_env(false, format!("FLOOD{n}"), "v").await.unwrap();
    }
    // Known to be processed once a request after them is answered.
    ch.request_pty(true, "xterm", 80, 24, 0, 0, &[])
        .await
        .unwrap();
    drop(ch);
    drop(c);
    let log = server.wait_log("further warning(s) not logged");
    assert!(
        !log.lines()
            .any(|l| l.contains("auth ok") && l.contains("root") && !l.contains("refused")),
        "a forged line:\n{log}"
    );
    assert!(
        !log.contains('\x1b') && !log.contains('\x07'),
        "escapes in the log"
    );
    let flood_lines = log.lines().filter(|l| l.contains("FLOOD")).count();
    assert!(flood_lines <= 10, "{flood_lines} lines for the flood");
    assert!(
        log.lines().count() < 100,
        "{} log lines",
        log.lines().count()
    );
}

fn write_store(path: &std::path::Path, keep: usize) {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample.json");
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sample).unwrap()).unwrap();
    doc["incidents"].as_array_mut().unwrap().truncate(keep);
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, serde_json::to_vec(&doc).unwrap()).unwrap();
    std::fs::rename(tmp, path).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fifo_over_the_store_is_refused_and_a_good_store_after_it_loads() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.json");
    write_store(&store, 50);
    let mut server = Server::start(&["--store", store.to_str().unwrap()]);
    server.wait_log("store ");
    let fifo = dir.path().join("fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::fs::rename(&fifo, &store).unwrap();
    server.wait_log("FIFO");
    write_store(&store, 40);
    server.wait_log("reloaded: 40 incidents");
    assert!(server.alive());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_symlink_to_a_private_file_shows_sessions_nothing_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.json");
    write_store(&store, 50);
    let secret = dir.path().join("shadow");
    std::fs::write(
        &secret,
        "root:$6$SECRETHASH:19000:0:99999:7:::\nbin:*:19000::::::\n",
    )
    .unwrap();
    let mut server = Server::start(&["--store", store.to_str().unwrap()]);
    let key = client::load_key(&server.key);
    let c = login(server.port, &key).await;
    let mut ch = browser(&c, 160, 40).await;
    let mut seen = Seen::default();
    assert!(read_until(&mut ch, &mut seen, timeout(), drawn).await);
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    std::fs::rename(&link, &store).unwrap();
    let log = server.wait_log("reload failed");
    assert!(
        !log.to_lowercase().contains("secrethash") && !log.contains("root:"),
        "{log}"
    );
    let shown = read_until(&mut ch, &mut seen, Duration::from_secs(5), |s| {
        s.text().contains("reload failed")
    })
    .await;
    assert!(shown, "the session is told the reload failed");
    assert!(!seen.text().to_lowercase().contains("secret") && !seen.text().contains("root"));
}

async fn logs_in(port: u16, key: &std::sync::Arc<russh::keys::PrivateKey>) -> bool {
    let mut c = client::connect(port).await.expect("connect");
    let r = c
        .authenticate_publickey(
            "analyst",
            russh::keys::PrivateKeyWithHashAlg::new(key.clone(), None),
        )
        .await
        .expect("auth exchange");
    r.success()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorized_keys_options_are_honoured() {
    let mut server = Server::start(&[]);
    let key = client::load_key(&server.key);
    let public = std::fs::read_to_string(server.key.with_extension("pub")).unwrap();
    let public = public.trim();
    let keys_file = server.authorized_keys.clone();
    let set = |text: String| std::fs::write(&keys_file, text).unwrap();

    set(format!("from=\"10.9.9.9\" {public}\n"));
    assert!(
        !logs_in(server.port, &key).await,
        "from= another address let the key in"
    );
    set(format!("from=\"10.0.0.0/8,127.0.0.?\" {public}\n"));
    assert!(
        logs_in(server.port, &key).await,
        "from= with CIDR and ? matching 127.0.0.1"
    );
    set(format!("from=\"!127.0.0.1,127.*\" {public}\n"));
    assert!(!logs_in(server.port, &key).await, "a negated match refuses");

    set(format!("expiry-time=\"20200101\" {public}\n"));
    assert!(!logs_in(server.port, &key).await, "an expired key got in");
    set(format!("expiry-time=\"29991231Z\" {public}\n"));
    assert!(logs_in(server.port, &key).await);

    set(format!("cert-authority {public}\n"));
    assert!(
        !logs_in(server.port, &key).await,
        "a CA key got in as a user key"
    );
    server.wait_log("cert-authority");

    set(format!("command=\"/bin/sh -c \\\"x\\\" {public}\n"));
    assert!(
        !logs_in(server.port, &key).await,
        "a line with an unterminated quote got in"
    );
    server.wait_log("line 1: unterminated quote");

    // One bad line costs only that line.
    set(format!("not a key\n{public}\n"));
    assert!(logs_in(server.port, &key).await);

    // no-pty (and restrict without pty): in, but no browser; the one-line message.
    for opts in ["no-pty", "restrict,command=\"/x\""] {
        set(format!("{opts} {public}\n"));
        let c = login(server.port, &key).await;
        let mut ch = c.channel_open_session().await.unwrap();
        ch.request_pty(true, "xterm", 80, 24, 0, 0, &[])
            .await
            .unwrap();
        ch.request_shell(true).await.unwrap();
        let mut seen = Seen::default();
        assert!(read_until(&mut ch, &mut seen, timeout(), |s| s.closed).await);
        let said = String::from_utf8_lossy(&seen.stderr).into_owned();
        assert!(said.contains("no terminal"), "{opts}: {said:?}");
        assert!(!drawn(&seen), "{opts}: the browser was drawn");
    }
    set(format!("restrict,pty {public}\n"));
    let c = login(server.port, &key).await;
    let mut ch = browser(&c, 80, 24).await;
    let mut seen = Seen::default();
    assert!(
        read_until(&mut ch, &mut seen, timeout(), drawn).await,
        "restrict,pty browses"
    );
    server.wait_log("restrict has no effect");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revocation_fails_closed() {
    let mut server = Server::start(&[]);
    let key = client::load_key(&server.key);
    let public = std::fs::read_to_string(server.key.with_extension("pub")).unwrap();
    assert!(logs_in(server.port, &key).await);
    // Rewritten with a line that is not UTF-8: no keys at all.
    let mut bytes = public.clone().into_bytes();
    bytes.extend_from_slice(b"\xff\xfe junk\n");
    std::fs::write(&server.authorized_keys, bytes).unwrap();
    assert!(
        !logs_in(server.port, &key).await,
        "a non-UTF-8 file kept the old keys"
    );
    server.wait_log("NO KEY IS ALLOWED IN");
    std::fs::write(&server.authorized_keys, &public).unwrap();
    assert!(
        logs_in(server.port, &key).await,
        "a good file lets the key in again"
    );
    std::fs::remove_file(&server.authorized_keys).unwrap();
    assert!(
        !logs_in(server.port, &key).await,
        "a deleted file kept the old keys"
    );
    // A FIFO in its place: refused without blocking the server.
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&server.authorized_keys)
            .status()
            .unwrap()
            .success()
    );
    let t = std::time::Instant::now();
    assert!(!logs_in(server.port, &key).await);
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "the FIFO stalled the login"
    );
    assert!(server.alive());
}

/// Reads until nothing has come for `quiet`, or `limit` passes.
async fn drain(
    ch: &mut russh::Channel<russh::client::Msg>,
    seen: &mut Seen,
    quiet: Duration,
    limit: Duration,
) {
    let end = tokio::time::Instant::now() + limit;
    while tokio::time::Instant::now() < end {
        let before = seen.data.len();
        read_until(ch, seen, quiet, |s| s.data.len() > before).await;
        if seen.data.len() == before {
            return;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_100kb_paste_leaves_the_server_small_and_answering() {
    let server = Server::start(&[]);
    let key = client::load_key(&server.key);
    let c = login(server.port, &key).await;
    let mut ch = browser(&c, 120, 40).await;
    let mut seen = Seen::default();
    assert!(read_until(&mut ch, &mut seen, timeout(), drawn).await);
    ch.data(&b"/"[..]).await.unwrap();
    drain(
        &mut ch,
        &mut seen,
        Duration::from_millis(300),
        Duration::from_secs(5),
    )
    .await;
    let before = seen.data.len();
    let t = std::time::Instant::now();
    ch.data(&b"k"[..]).await.unwrap();
    assert!(read_until(&mut ch, &mut seen, timeout(), |s| s.data.len() > before).await);
    let unloaded = t.elapsed();
    drain(
        &mut ch,
        &mut seen,
        Duration::from_millis(300),
        Duration::from_secs(5),
    )
    .await;
    let word = "q".repeat(100 * 1024);
    ch.data(word.as_bytes()).await.unwrap();
    drain(
        &mut ch,
        &mut seen,
        Duration::from_millis(500),
        Duration::from_secs(20),
    )
    .await;
    let rss_mb = server.rss_kib() / 1024;
    assert!(rss_mb < 100, "server at {rss_mb} MB after the paste");
    // The next key is answered quickly: Ctrl-U clears the prompt and redraws.
    let before = seen.data.len();
    let t = std::time::Instant::now();
    ch.data(&b"\x15"[..]).await.unwrap();
    assert!(read_until(&mut ch, &mut seen, timeout(), |s| s.data.len() > before).await);
    let answer = t.elapsed();
    eprintln!(
        "paste: server {rss_mb} MB, next key answered in {answer:?} (a key before the paste: \
         {unloaded:?})"
    );
    // The next key is answered at all (read_until above, within the generous timeout); its
    // time is a measurement, not an assertion, since a timed assertion flakes on a busy
    // machine. The 100 ms target is measured against a release build: README, Performance.
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_good_key_gets_in_while_300_silent_sockets_from_its_address_are_open() {
    let mut server = Server::start(&[]);
    let key = client::load_key(&server.key);
    let silent: Vec<std::net::TcpStream> = (0..300)
        .map(|_| std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap())
        .collect();
    server.wait_log("evicted");
    let t = std::time::Instant::now();
    assert!(
        logs_in(server.port, &key).await,
        "locked out by silent sockets"
    );
    eprintln!("logged in past 300 silent sockets in {:?}", t.elapsed());
    // Failed logins from the same address do not lock the good key out either.
    for _ in 0..40 {
        let stranger = std::sync::Arc::new(
            russh::keys::PrivateKey::random(&mut rand::rng(), russh::keys::Algorithm::Ed25519)
                .unwrap(),
        );
        assert!(!logs_in(server.port, &stranger).await);
    }
    assert!(
        logs_in(server.port, &key).await,
        "failed logins locked the good key out"
    );
    drop(silent);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_key_cannot_take_every_session() {
    let server = Server::start(&["--max-sessions", "4", "--max-per-key", "2"]);
    let key = client::load_key(&server.key);
    let c = login(server.port, &key).await;
    let mut open = Vec::new();
    for _ in 0..2 {
        let mut ch = browser(&c, 80, 24).await;
        let mut seen = Seen::default();
        assert!(read_until(&mut ch, &mut seen, timeout(), drawn).await);
        open.push(ch);
    }
    let c2 = login(server.port, &key).await;
    let mut third = browser(&c2, 80, 24).await;
    let mut seen = Seen::default();
    assert!(read_until(&mut third, &mut seen, timeout(), |s| s.closed).await);
    let said = String::from_utf8_lossy(&seen.stderr).into_owned();
    assert!(
        said.contains("sessions already open with this key"),
        "{said:?}"
    );
}

/// A client that sends its version line and then stalls in the key exchange holds its
/// pre-login slot (and its socket) only until the 10 s handshake deadline, not the 30 s
/// login timeout. Before, the socket stayed open past both.
#[test]
fn a_client_stalled_after_its_version_line_is_dropped_at_the_handshake_deadline() {
    use std::io::{Read, Write};
    let mut server = Server::start(&[]);
    let mut sock = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    sock.write_all(b"SSH-2.0-stalled_test\r\n").unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(40)))
        .unwrap();
    let t = std::time::Instant::now();
    let mut buf = [0u8; 4096];
    // Read the server's version and key-exchange init, then wait for it to hang up.
    let hung_up = loop {
        match sock.read(&mut buf) {
            Ok(0) => break true,
            Ok(_) => {}
            Err(e) => {
                break e.kind() != std::io::ErrorKind::WouldBlock
                    && e.kind() != std::io::ErrorKind::TimedOut;
            }
        }
    };
    let closed_after = t.elapsed();
    assert!(hung_up, "still open after {closed_after:?}");
    server.wait_log("handshake timeout (no key exchange or login attempt)");
    assert!(
        closed_after >= Duration::from_secs(8) && closed_after < Duration::from_secs(25),
        "closed after {closed_after:?}"
    );
}
