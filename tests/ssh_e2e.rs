//! `sitrep serve` end to end with the OpenSSH client: `ssh -tt` inside tmux for the browser
//! (keys, resize, quit), and plain `ssh` runs for what is refused. Needs tmux, ssh and
//! ssh-keygen (.ci/run installs them); fails, does not skip, without them.

#[path = "common/sample.rs"]
mod sample;
#[path = "common/ssh.rs"]
mod ssh;
#[path = "common/tmux.rs"]
mod tmux;

use std::io::Read;
use std::process::Command;

use ssh::{Server, run_with_deadline};
use tmux::{Options, Session, sh_quote};

fn ssh_script(server: &Server, extra: &str) -> String {
    let mut s = String::from("ssh -tt");
    for a in server.ssh_args(&server.key) {
        s.push(' ');
        s.push_str(&sh_quote(&a));
    }
    format!("{s} {extra} analyst@127.0.0.1; echo EXIT=$?; exec sleep 600")
}

fn position(screen: &str) -> Option<String> {
    // The status line's "n/N", N the sample's incidents.
    screen
        .lines()
        .rev()
        .take(3)
        .flat_map(|l| l.split_whitespace())
        .find(|w| {
            w.ends_with(&format!("/{}", sample::incidents()))
                && w.split('/').all(|p| p.parse::<u32>().is_ok())
        })
        .map(str::to_string)
}

#[test]
fn browser_over_openssh_keys_resize_and_quit_restore_the_terminal() {
    let mut server = Server::start(&[]);
    let s = Session::start(
        "sshbrowse",
        Options {
            width: 100,
            height: 30,
            env: &[],
        },
        &ssh_script(&server, ""),
    );
    s.wait_until("the browser over ssh", |sc| {
        sc.contains("1 Incidents") && position(sc) == Some(sample::at(1))
    });
    s.wait_display("#{alternate_on}", "1");

    // Keys: down twice, then the Actors tab, then back to Incidents.
    s.send_keys(&["j", "Down"]);
    s.wait_until("the selection on the third row", |sc| {
        position(sc) == Some(sample::at(3))
    });
    s.send_keys(&["2"]);
    s.wait_until("the Actors tab", |sc| sc.contains("┌ Actors"));
    s.send_keys(&["1"]);
    s.wait_until("back on Incidents", |sc| sc.contains("┌ Incidents"));
    // The briefing and the map work over SSH; export (which would write on the server) not.
    s.send_keys(&["4"]);
    s.wait_until("the briefing", |sc| sc.contains("Briefing: all incidents"));
    s.send_keys(&["5"]);
    s.wait_until("the map", |sc| sc.contains(&sample::all_in_view()));
    s.send_keys(&["e"]);
    s.wait_until("export refused", |sc| {
        sc.contains("export is not available")
    });
    s.send_keys(&["1"]);
    s.wait_until("back on Incidents", |sc| sc.contains("┌ Incidents"));

    // Resize: the window-change request redraws at the new width.
    s.resize(70, 20);
    let screen = s.wait_until("a 70-column frame", |sc| {
        sc.lines()
            .any(|l| l.starts_with('┌') && l.ends_with('┐') && l.chars().count() == 70)
    });
    assert!(screen.lines().count() <= 20, "{}", tmux::frame(&screen));

    // Search works the same (type-ahead overlay), Esc closes it after its timeout.
    s.send_keys(&["/"]);
    s.send_literal("kayes");
    s.wait_until("search results", |sc| {
        sc.contains("Search incidents") && sc.to_lowercase().contains("kayes")
    });
    // A lone Esc is told from the start of a sequence by a short pause, so wait for the
    // overlay to close before the next key (an Esc followed at once by q reads as Alt-q).
    s.send_keys(&["Escape"]);
    s.wait_until("the overlay closed", |sc| !sc.contains("Search incidents"));

    // Quit: the connection ends with status 0 and the terminal is back to normal.
    s.send_keys(&["q"]);
    s.wait_for("EXIT=0");
    s.wait_display("#{alternate_on}", "0");
    s.wait_display("#{cursor_flag}", "1");
    let log = server.wait_log("ended: quit");
    assert!(log.contains("auth ok"), "{log}");
    assert!(log.contains("TERM=\"xterm-256color\" 100x30"), "{log}");
    server.wait_log("closed after");
}

#[test]
fn client_vanishing_frees_the_session() {
    let mut server = Server::start(&[]);
    let s = Session::start(
        "sshvanish",
        Options {
            width: 80,
            height: 24,
            env: &[],
        },
        &ssh_script(&server, ""),
    );
    s.wait_for("1 Incidents");
    // Kill the ssh client outright: no goodbye on the wire.
    let pane = s.pane_pid();
    for (pid, comm) in tmux::children(pane) {
        if comm == "ssh" {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        }
    }
    server.wait_log("ended: client gone");
    assert!(server.alive());
}

fn refused(server: &Server, key: &std::path::Path, args: &[&str]) -> String {
    let mut cmd = Command::new("ssh");
    cmd.args(server.ssh_args(key)).args(args);
    let out = run_with_deadline(&mut cmd);
    assert!(!out.status.success(), "{args:?} succeeded");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn openssh_refusals_fail_fast_with_a_message() {
    let mut server = Server::start(&[]);
    let key = server.key.clone();

    // A key not in authorized_keys.
    let stranger = ssh::keygen(server.dir.path(), "stranger");
    let err = refused(&server, &stranger, &["x@127.0.0.1", "true"]);
    assert!(err.contains("Permission denied (publickey)"), "{err}");
    server.wait_log("auth refused: unknown key SHA256:");

    // A password: the server offers public keys only, so the client has nothing to try.
    let err = refused(
        &server,
        &key,
        &[
            "-o",
            "BatchMode=no",
            "-o",
            "PubkeyAuthentication=no",
            "-o",
            "PreferredAuthentications=password,keyboard-interactive",
            "x@127.0.0.1",
        ],
    );
    assert!(err.contains("Permission denied (publickey)"), "{err}");

    // A command (exec).
    let err = refused(&server, &key, &["x@127.0.0.1", "cat /etc/passwd"]);
    assert!(err.contains("exec request failed"), "{err}");
    server.wait_log("refused exec \"cat /etc/passwd\"");

    // No pty: one line saying what to do.
    let err = refused(&server, &key, &["-T", "x@127.0.0.1"]);
    assert!(err.contains("no terminal: connect with `ssh -t`"), "{err}");

    // -W (stdio forwarding, a direct-tcpip channel).
    let err = refused(&server, &key, &["-W", "127.0.0.1:9", "x@127.0.0.1"]);
    assert!(err.contains("stdio forwarding failed"), "{err}");
    server.wait_log("refused direct-tcpip to \"127.0.0.1\":9");

    // -R (remote forwarding).
    let err = refused(
        &server,
        &key,
        &[
            "-N",
            "-o",
            "ExitOnForwardFailure=yes",
            "-R",
            "127.0.0.1:0:127.0.0.1:9",
            "x@127.0.0.1",
        ],
    );
    assert!(err.contains("remote port forwarding failed"), "{err}");
    server.wait_log("refused tcpip-forward");

    // A subsystem (sftp).
    let err = refused(&server, &key, &["-s", "x@127.0.0.1", "sftp"]);
    assert!(err.contains("subsystem request failed"), "{err}");

    let log = server.log();
    assert!(log.matches(" WARN ").count() >= 6, "{log}");
    assert!(server.alive());
}

#[test]
fn openssh_local_forward_is_refused() {
    let mut server = Server::start(&[]);
    // Pick a free local port for -L.
    let lport = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // INFO: OpenSSH reports a refused channel open at that level.
    let args: Vec<String> = server
        .ssh_args(&server.key)
        .into_iter()
        .map(|a| {
            if a == "LogLevel=ERROR" {
                "LogLevel=INFO".into()
            } else {
                a
            }
        })
        .collect();
    let mut child = Command::new("ssh")
        .args(&args)
        .args([
            "-N",
            "-L",
            &format!("127.0.0.1:{lport}:127.0.0.1:9"),
            "x@127.0.0.1",
        ])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    server.wait_log("auth ok");
    // Connect through the forward until ssh is listening; the server refuses the channel,
    // so the connection is closed at once.
    let start = std::time::Instant::now();
    loop {
        if let Ok(mut c) = std::net::TcpStream::connect(("127.0.0.1", lport)) {
            c.set_read_timeout(Some(ssh::timeout())).unwrap();
            let mut buf = [0u8; 16];
            let n = c.read(&mut buf).unwrap_or(0);
            assert_eq!(n, 0, "data through a refused forward");
            break;
        }
        assert!(start.elapsed() < ssh::timeout(), "ssh -L never listened");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    server.wait_log("refused direct-tcpip to \"127.0.0.1\":9");
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("administratively prohibited"), "{err}");
}

/// The status line's "n/total" for any total.
fn position_any(screen: &str) -> Option<String> {
    screen
        .lines()
        .rev()
        .take(3)
        .flat_map(|l| l.split_whitespace())
        .find(|w| {
            let parts: Vec<&str> = w.split('/').collect();
            parts.len() == 2
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.parse::<u32>().is_ok())
        })
        .map(str::to_string)
}

fn id_line(screen: &str) -> Option<String> {
    screen
        .lines()
        .find(|l| l.contains("Id ") && l.contains("inc-"))
        .map(|l| {
            l.trim_matches(|c: char| c == '│' || c.is_whitespace())
                .to_string()
        })
}

#[test]
fn a_new_store_file_is_picked_up_by_every_session_keeping_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.json");
    std::fs::write(&store, sitrep::store::SAMPLE_JSON).unwrap();
    let mut server = Server::start(&["--store", store.to_str().unwrap()]);
    let start = |label: &str| {
        let s = Session::start(
            label,
            Options {
                width: 100,
                height: 30,
                env: &[],
            },
            &ssh_script(&server, ""),
        );
        s.wait_until("the browser", |sc| position_any(sc) == Some(sample::at(1)));
        s
    };
    let a = start("reloada");
    let b = start("reloadb");
    // Session a stands on the third incident with its detail open; b on the Towns tab.
    a.send_keys(&["j", "j"]);
    a.wait_until("third row", |sc| position_any(sc) == Some(sample::at(3)));
    a.send_keys(&["Enter"]);
    let before = a.wait_until("the detail", |sc| id_line(sc).is_some());
    let id = id_line(&before).unwrap();
    b.send_keys(&["3"]);
    b.wait_until("the Towns tab", |sc| sc.contains("┌ Towns"));

    // A new export dropped in place: the oldest incident gone.
    let mut doc: serde_json::Value = serde_json::from_str(sitrep::store::SAMPLE_JSON).unwrap();
    let incidents = doc["incidents"].as_array_mut().unwrap();
    let oldest = incidents
        .iter()
        .enumerate()
        .min_by_key(|(_, i)| i["date"].as_str().unwrap().to_string())
        .map(|(n, _)| n)
        .unwrap();
    incidents.remove(oldest);
    let tmp = dir.path().join("store.json.new");
    std::fs::write(&tmp, serde_json::to_vec(&doc).unwrap()).unwrap();
    std::fs::rename(&tmp, &store).unwrap();

    let after = a.wait_until("the reload in session a", |sc| {
        sc.contains("store reloaded: 356 incidents")
    });
    assert_eq!(
        id_line(&after).as_deref(),
        Some(id.as_str()),
        "{}",
        tmux::frame(&after)
    );
    a.send_keys(&["Escape"]);
    a.wait_until("same row of the new list", |sc| {
        position_any(sc).as_deref() == Some("3/356")
    });
    b.wait_until("the reload in session b, still on Towns", |sc| {
        sc.contains("store reloaded: 356") && sc.contains("┌ Towns")
    });
    server.wait_log("reloaded: 356 incidents");

    // A bad file: reported, the data kept.
    std::fs::write(&tmp, "{ not json").unwrap();
    std::fs::rename(&tmp, &store).unwrap();
    a.wait_for("store reload failed");
    a.send_keys(&["j"]);
    a.wait_until("still 356", |sc| {
        position_any(sc).as_deref() == Some("4/356")
    });
    server.wait_log("store reload failed, keeping the old data");
    a.send_keys(&["q"]);
    a.wait_for("EXIT=0");
    b.send_keys(&["q"]);
    b.wait_for("EXIT=0");
}

/// `y` over SSH: the citation travels to the client's terminal as OSC 52 (the base64 of the
/// text is in the bytes the OpenSSH client prints), tmux with `set-clipboard on` puts it in
/// a paste buffer, and nothing is written on the server.
#[test]
fn y_over_openssh_sends_the_citation_to_the_clients_terminal_as_osc52() {
    use base64::Engine;
    use sitrep::ui::effect::Effect;

    // What the session will copy: the first incident of the sample as a citation.
    let store = std::sync::Arc::new(sitrep::store::Store::open(None).unwrap());
    let mut app = sitrep::ui::App::new(store, sitrep::ui::theme::Theme::new(false, false), 100, 30);
    let effects = app.update(sitrep::ui::Action::CopyRecord);
    let [Effect::Copy(copy)] = effects.as_slice() else {
        panic!("y asks for one copy");
    };
    let b64 = base64::engine::general_purpose::STANDARD.encode(copy.text.as_bytes());
    assert!(copy.text.starts_with("Incident: "), "{}", copy.text);

    let server = Server::start(&[]);
    let s = Session::start(
        "sshcopy",
        Options {
            width: 130,
            height: 30,
            env: &[],
        },
        &ssh_script(&server, ""),
    );
    s.tmux(&["set-option", "-g", "set-clipboard", "on"]);
    let raw = server.dir.path().join("client-output");
    s.tmux(&[
        "pipe-pane",
        "-o",
        "-t",
        &s.target,
        &format!("cat >> {}", sh_quote(raw.to_str().unwrap())),
    ]);
    s.wait_until("the browser over ssh", |sc| {
        sc.contains("1 Incidents") && position(sc) == Some(sample::at(1))
    });
    let files_before = std::fs::read_dir(server.dir.path()).unwrap().count();
    s.send_keys(&["y"]);
    let screen = s.wait_until("the copy reported", |sc| sc.contains("as a citation ("));
    let bytes = format!("({} bytes)", copy.text.len());
    assert!(screen.contains(&bytes), "{}", tmux::frame(&screen));
    // The client's terminal received ESC ] 52 ; c ; <base64 of the citation> BEL.
    let expected = format!("\x1b]52;c;{b64}\x07");
    let deadline = std::time::Instant::now() + tmux::timeout();
    loop {
        let got = std::fs::read(&raw).unwrap_or_default();
        if got
            .windows(expected.len())
            .any(|w| w == expected.as_bytes())
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no OSC 52 with the citation in {} bytes of client output",
            got.len()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // tmux took it as a paste buffer: the clipboard holds the citation itself.
    assert_eq!(s.tmux(&["show-buffer"]), copy.text);
    // Nothing was written on the server's side (its directory holds what it held, plus the
    // file this test's own pipe writes).
    let files_after = std::fs::read_dir(server.dir.path()).unwrap().count();
    assert!(files_after <= files_before + 1);
    s.send_keys(&["q"]);
    s.wait_for("EXIT=0");
}
