//! `sitrep serve` against an in-process russh client: what the OpenSSH client cannot easily
//! do (odd pty sizes, floods, many channels, the auth-attempt cap, the login timeout).

#[path = "common/client.rs"]
mod client;
#[path = "common/ssh.rs"]
mod ssh;

use std::io::{Read, Write};
use std::sync::Arc;
use std::time::Duration;

use client::{Seen, browser, login, read_until};
use russh::keys::{Algorithm, PrivateKey, PrivateKeyWithHashAlg};
use ssh::{Server, timeout};

fn drawn(s: &Seen) -> bool {
    s.text().contains("Incidents")
}

/// The status line, drawn after the panes: once it has come, so has the whole first frame,
/// and an absence (of colour, say) in it means something.
fn whole_frame(s: &Seen) -> bool {
    s.text().contains("no filters")
}

/// Quiet after the first frame before judging what was not sent: long enough for a late
/// redraw on a busy 2-core machine.
const AFTER_FRAME: Duration = Duration::from_secs(1);

async fn quit(ch: &mut russh::Channel<russh::client::Msg>, seen: &mut Seen) {
    ch.data(&b"q"[..]).await.expect("send q");
    assert!(
        read_until(ch, seen, timeout(), |s| s.exit.is_some() && s.closed).await,
        "no exit after q"
    );
    assert_eq!(seen.exit, Some(0));
    // The terminal is put back: leave the alternate screen, show the cursor.
    let tail = seen.text();
    assert!(tail.contains("\x1b[?1049l"), "no leave-alternate-screen");
    assert!(tail.contains("\x1b[?25h"), "no show-cursor");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zero_and_huge_pty_sizes_survive() {
    let mut server = Server::start(&[]);
    let key = client::load_key(&server.key);
    let c = login(server.port, &key).await;

    // 0x0 means "unknown": the browser draws at 80x24.
    let mut ch = browser(&c, 0, 0).await;
    let mut seen = Seen::default();
    assert!(
        read_until(&mut ch, &mut seen, timeout(), drawn).await,
        "{}",
        seen.text()
    );
    // A window change to the largest size the protocol can say, then back to zero.
    ch.window_change(65535, 65535, 0, 0).await.unwrap();
    ch.data(&b"j"[..]).await.unwrap();
    ch.window_change(0, 0, 0, 0).await.unwrap();
    ch.window_change(1, 1, 0, 0).await.unwrap();
    ch.window_change(120, 40, 0, 0).await.unwrap();
    quit(&mut ch, &mut seen).await;

    // Starting huge.
    let mut ch = browser(&c, 65535, 65535).await;
    let mut seen = Seen::default();
    assert!(read_until(&mut ch, &mut seen, timeout(), drawn).await);
    quit(&mut ch, &mut seen).await;

    let log = server.wait_log("500x200");
    assert!(log.contains("80x24"), "{log}");
    assert!(server.alive());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_input_flood_is_survived() {
    let mut server = Server::start(&[]);
    let key = client::load_key(&server.key);
    let c = login(server.port, &key).await;
    let mut ch = browser(&c, 100, 30).await;
    let mut seen = Seen::default();
    assert!(read_until(&mut ch, &mut seen, timeout(), drawn).await);
    // 8 MiB of keys and junk escape sequences, without reading the screen meanwhile.
    let mut chunk = Vec::new();
    for i in 0..4096u32 {
        chunk.extend_from_slice(match i % 5 {
            0 => b"j".as_slice(),
            1 => b"\x1b[B",
            2 => b"\x1b[<0;3;4M",
            3 => b"\x1b[99999999999999999999",
            _ => "é".as_bytes(),
        });
    }
    let mut sent = 0;
    while sent < 8 << 20 {
        ch.data(chunk.as_slice()).await.expect("send");
        sent += chunk.len();
    }
    // The session is still alive and answers: quit (q may need repeating if some input
    // was dropped while the session caught up).
    let rss_after_flood = server.rss_kib();
    let mut ended = false;
    for _ in 0..20 {
        ch.data(&b"\x1b[Aq"[..]).await.unwrap();
        if read_until(&mut ch, &mut seen, Duration::from_secs(3), |s| {
            s.exit.is_some()
        })
        .await
        {
            ended = true;
            break;
        }
    }
    assert!(ended, "session did not quit after the flood");
    eprintln!("server RSS after an 8 MiB input flood: {rss_after_flood} KiB");
    assert!(server.alive());
    // And a new session still works.
    let mut ch = browser(&c, 80, 24).await;
    let mut seen = Seen::default();
    assert!(read_until(&mut ch, &mut seen, timeout(), drawn).await);
    quit(&mut ch, &mut seen).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_channels_on_one_connection_are_capped() {
    let mut server = Server::start(&[]);
    let key = client::load_key(&server.key);
    let c = login(server.port, &key).await;
    let mut open = Vec::new();
    let mut refused = 0;
    for _ in 0..12 {
        match c.channel_open_session().await {
            Ok(ch) => open.push(ch),
            Err(_) => refused += 1,
        }
    }
    // The default cap is 4 session channels per connection.
    assert_eq!(open.len(), 4);
    assert_eq!(refused, 8);
    for ch in &open {
        ch.request_pty(true, "xterm", 80, 24, 0, 0, &[])
            .await
            .unwrap();
        ch.request_shell(true).await.unwrap();
    }
    for mut ch in open {
        let mut seen = Seen::default();
        assert!(read_until(&mut ch, &mut seen, timeout(), drawn).await);
        quit(&mut ch, &mut seen).await;
    }
    server.wait_log("refused session channel");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_attempts_are_capped_and_passwords_refused() {
    let mut server = Server::start(&[]);
    let mut c = client::connect(server.port).await.unwrap();
    let r = c.authenticate_password("analyst", "hunter2").await.unwrap();
    assert!(!r.success());
    if let russh::client::AuthResult::Failure {
        remaining_methods, ..
    } = r
    {
        assert_eq!(
            remaining_methods.iter().collect::<Vec<_>>(),
            vec![&russh::MethodKind::PublicKey]
        );
    }
    // Wrong keys until the server hangs up: it must, within a few attempts past the cap.
    let mut tries = 1;
    let cut = loop {
        let k = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap();
        match c
            .authenticate_publickey("analyst", PrivateKeyWithHashAlg::new(Arc::new(k), None))
            .await
        {
            Ok(r) if !r.success() => tries += 1,
            Ok(_) => panic!("a random key was accepted"),
            Err(_) => break true,
        }
        if tries > 20 {
            break false;
        }
    };
    assert!(cut, "still talking after {tries} failed attempts");
    assert!(tries <= 8, "{tries} attempts before the cut");
    let log = server.wait_log("auth refused: password");
    assert!(log.contains("(attempt 6)"), "{log}");
    assert!(!log.contains("auth ok"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_login_timeout_closes_idle_connections() {
    let mut server = Server::start(&["--login-timeout", "2"]);
    // A raw TCP client that reads the banner and then says nothing.
    let mut raw = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    raw.set_read_timeout(Some(timeout())).unwrap();
    let mut buf = [0u8; 256];
    let n = raw.read(&mut buf).unwrap();
    assert!(buf[..n].starts_with(b"SSH-2.0-"));
    let n = raw.read(&mut buf).unwrap_or(0);
    assert_eq!(n, 0, "still open after the login timeout");

    // A client that does the handshake but never logs in.
    let mut raw2 = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    raw2.write_all(b"SSH-2.0-OpenSSH_9.2\r\n").unwrap();
    let c = client::connect(server.port).await.unwrap();
    let start = std::time::Instant::now();
    while !c.is_closed() {
        assert!(
            start.elapsed() < timeout(),
            "not logged in, but not cut off"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server.wait_log("login timeout");
    assert!(server.alive());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exec_and_shell_without_pty_get_failure_replies() {
    let server = Server::start(&[]);
    let key = client::load_key(&server.key);
    let c = login(server.port, &key).await;

    let mut ch = c.channel_open_session().await.unwrap();
    ch.exec(true, "ls").await.unwrap();
    let mut seen = Seen::default();
    assert!(read_until(&mut ch, &mut seen, timeout(), |s| s.closed).await);
    assert_eq!(seen.failures, 1);
    assert_eq!(seen.exit, Some(1));

    let mut ch = c.channel_open_session().await.unwrap();
    ch.request_shell(true).await.unwrap();
    let mut seen = Seen::default();
    assert!(read_until(&mut ch, &mut seen, timeout(), |s| s.closed).await);
    assert!(
        String::from_utf8_lossy(&seen.stderr).contains("no terminal"),
        "{seen:?}"
    );

    // direct-tcpip is refused, not left hanging.
    let r = c
        .channel_open_direct_tcpip("127.0.0.1", 9, "127.0.0.1", 5555)
        .await;
    assert!(r.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn colour_follows_no_color_and_term() {
    let server = Server::start(&[]);
    let key = client::load_key(&server.key);
    let c = login(server.port, &key).await;
    // Foreground colour escapes: "ESC [ 3x m" or "ESC [ 38;..." (crossterm writes them so).
    let coloured = |s: &Seen| {
        let t = s.text();
        (30..=37).any(|n| t.contains(&format!("\x1b[{n}m"))) || t.contains("\x1b[38;")
    };

    let mut ch = browser(&c, 100, 30).await;
    let mut seen = Seen::default();
    assert!(read_until(&mut ch, &mut seen, timeout(), whole_frame).await);
    read_until(&mut ch, &mut seen, AFTER_FRAME, |_| false).await;
    assert!(coloured(&seen), "no colour with TERM=xterm-256color");
    quit(&mut ch, &mut seen).await;

    let mut ch = c.channel_open_session().await.unwrap();
    ch.set_env(true, "NO_COLOR", "1").await.unwrap();
    ch.request_pty(true, "xterm-256color", 100, 30, 0, 0, &[])
        .await
        .unwrap();
    ch.request_shell(true).await.unwrap();
    let mut seen = Seen::default();
    assert!(read_until(&mut ch, &mut seen, timeout(), whole_frame).await);
    read_until(&mut ch, &mut seen, AFTER_FRAME, |_| false).await;
    assert!(!coloured(&seen), "colour despite NO_COLOR");
    quit(&mut ch, &mut seen).await;

    let mut ch = c.channel_open_session().await.unwrap();
    ch.request_pty(true, "dumb", 100, 30, 0, 0, &[])
        .await
        .unwrap();
    ch.request_shell(true).await.unwrap();
    let mut seen = Seen::default();
    assert!(read_until(&mut ch, &mut seen, timeout(), whole_frame).await);
    read_until(&mut ch, &mut seen, AFTER_FRAME, |_| false).await;
    assert!(!coloured(&seen), "colour on TERM=dumb");
    quit(&mut ch, &mut seen).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_added_to_authorized_keys_is_let_in_without_restart() {
    let server = Server::start(&[]);
    let stranger = ssh::keygen(server.dir.path(), "colleague");
    let key = client::load_key(&stranger);
    let mut c = client::connect(server.port).await.unwrap();
    let r = c
        .authenticate_publickey("colleague", PrivateKeyWithHashAlg::new(key.clone(), None))
        .await
        .unwrap();
    assert!(!r.success());
    let mut ak = std::fs::OpenOptions::new()
        .append(true)
        .open(&server.authorized_keys)
        .unwrap();
    ak.write_all(&std::fs::read(stranger.with_extension("pub")).unwrap())
        .unwrap();
    drop(ak);
    let c = login(server.port, &key).await;
    let mut ch = browser(&c, 80, 24).await;
    let mut seen = Seen::default();
    assert!(read_until(&mut ch, &mut seen, timeout(), drawn).await);
    quit(&mut ch, &mut seen).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_mode_only_with_its_flag() {
    // Without the flag: "none" is refused.
    let server = Server::start(&[]);
    let mut c = client::connect(server.port).await.unwrap();
    assert!(!c.authenticate_none("guest").await.unwrap().success());
    drop(server);

    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(ssh::BIN)
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--anonymous",
            "--host-key",
        ])
        .arg(dir.path().join("hk"))
        .env_remove("SITREP_STORE")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut port = 0u16;
    let mut line = String::new();
    while std::io::BufRead::read_line(&mut err, &mut line).unwrap() > 0 {
        if let Some(a) = line.split("listening on ").nth(1) {
            port = a.trim().rsplit(':').next().unwrap().parse().unwrap();
            break;
        }
        line.clear();
    }
    assert_ne!(port, 0);
    let mut c = client::connect(port).await.unwrap();
    assert!(c.authenticate_none("guest").await.unwrap().success());
    let mut ch = browser(&c, 80, 24).await;
    let mut seen = Seen::default();
    assert!(read_until(&mut ch, &mut seen, timeout(), drawn).await);
    quit(&mut ch, &mut seen).await;
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn host_key_is_reused_and_refused_when_exposed() {
    use std::os::unix::fs::PermissionsExt;
    let fingerprint = |s: &Server| {
        s.log()
            .lines()
            .find_map(|l| l.strip_prefix("sitrep serve: host key "))
            .map(str::to_string)
            .expect("fingerprint printed")
    };
    let first = Server::start(&[]);
    let fp = fingerprint(&first);
    assert!(fp.starts_with("SHA256:"), "{fp}");
    let (key, ak, hk) = (
        first.key.clone(),
        first.authorized_keys.clone(),
        first.host_key.clone(),
    );
    let mode = std::fs::metadata(&hk).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // A restart on the same key file: the same key.
    let home = tempfile::tempdir().unwrap();
    let second = Server::start_in(home, key, ak.clone(), hk.clone(), &[]);
    assert_eq!(fingerprint(&second), fp);
    drop(second);
    // Readable by others: refused, not regenerated.
    std::fs::set_permissions(&hk, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = ssh::run_with_deadline(
        std::process::Command::new(ssh::BIN)
            .args(["serve", "--listen", "127.0.0.1:0", "--authorized-keys"])
            .arg(&ak)
            .arg("--host-key")
            .arg(&hk)
            .env_remove("SITREP_STORE"),
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("can be read by others"), "{err}");
    std::fs::set_permissions(&hk, std::fs::Permissions::from_mode(0o600)).unwrap();
    drop(first);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_idle_timeout_ends_a_session_and_restores_the_terminal() {
    let mut server = Server::start(&["--idle-timeout", "1"]);
    let key = client::load_key(&server.key);
    let c = login(server.port, &key).await;
    let mut ch = browser(&c, 80, 24).await;
    let mut seen = Seen::default();
    assert!(
        read_until(&mut ch, &mut seen, timeout(), |s| s.exit.is_some()
            && s.closed)
        .await,
        "not closed by the idle timeout"
    );
    assert_eq!(seen.exit, Some(0));
    let text = seen.text();
    assert!(text.contains("without a key"), "{text:?}");
    assert!(text.contains("\x1b[?1049l"));
    server.wait_log("ended: idle timeout");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_the_server_restores_every_client_terminal() {
    let mut server = Server::start(&[]);
    let key = client::load_key(&server.key);
    let c = login(server.port, &key).await;
    let mut chans = Vec::new();
    for _ in 0..3 {
        let mut ch = browser(&c, 80, 24).await;
        let mut seen = Seen::default();
        assert!(read_until(&mut ch, &mut seen, timeout(), drawn).await);
        chans.push(ch);
    }
    let code = tokio::task::spawn_blocking(move || {
        let code = server.terminate();
        (code, server)
    });
    for mut ch in chans {
        let mut seen = Seen::default();
        read_until(&mut ch, &mut seen, timeout(), |s| s.closed).await;
        let text = seen.text();
        assert!(text.contains("shutting down"), "{text:?}");
        assert!(text.contains("\x1b[?1049l"));
    }
    let (code, server) = code.await.unwrap();
    assert_eq!(code, Some(0), "{}", server.log());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_and_per_address_limits() {
    let mut server = Server::start(&["--max-sessions", "1", "--max-per-address", "2"]);
    let key = client::load_key(&server.key);
    let c1 = login(server.port, &key).await;
    let mut first = browser(&c1, 80, 24).await;
    let mut seen = Seen::default();
    assert!(read_until(&mut first, &mut seen, timeout(), drawn).await);

    // A second session while the first is open: told the server is full.
    let c2 = login(server.port, &key).await;
    let mut second = browser(&c2, 80, 24).await;
    let mut seen2 = Seen::default();
    assert!(read_until(&mut second, &mut seen2, timeout(), |s| s.closed).await);
    let err = String::from_utf8_lossy(&seen2.stderr).into_owned();
    assert!(err.contains("the server is full"), "{seen2:?}");

    // A third logged-in connection from the same address is refused at login (connections
    // not logged in yet have their own budget, see tests/ssh_hostile.rs).
    let mut c3 = client::connect(server.port).await.unwrap();
    let r = c3
        .authenticate_publickey("analyst", PrivateKeyWithHashAlg::new(key.clone(), None))
        .await
        .unwrap();
    assert!(
        !r.success(),
        "a third logged-in connection from one address"
    );
    server.wait_log("2 connections already open from this address");

    // Once the first leaves, its place is free again.
    quit(&mut first, &mut seen).await;
    drop(c1);
    server.wait_log("ended: quit");
    let mut again = browser(&c2, 80, 24).await;
    let mut seen3 = Seen::default();
    assert!(read_until(&mut again, &mut seen3, timeout(), drawn).await);
    quit(&mut again, &mut seen3).await;
}
