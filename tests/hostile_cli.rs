//! Issue 13, the command line in hostile hands: each test plays an attack through the real
//! binary (under tmux where a terminal is the target) and checks it no longer lands.
//! Every spawned process has a deadline, so a hang fails rather than stalls.

#[path = "common/tmux.rs"]
mod tmux;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tmux::{Options, Session, sh_quote};

const BIN: &str = env!("CARGO_BIN_EXE_sitrep");

/// OSC 2 (window title), OSC 52 (clipboard: "rm -rf ~"), CSI in 7-bit and C1 form, DCS, NEL
/// and a bidi override: what the probe found reaching terminals.
const EVIL: &str = "A\u{1b}]2;PWNED\u{7}B\u{1b}]52;c;cm0gLXJmIH4=\u{7}C\u{1b}[31mRED\u{9b}2J\u{90}q\u{9c}\u{85}\u{202e}Z";
const EVIL_ID: &str = "inc-evil\u{1b}]2;PWNED\u{7}";

fn sitrep() -> Command {
    let mut c = Command::new(BIN);
    c.env_remove("SITREP_STORE").env("NO_COLOR", "1");
    c
}

/// Runs with a deadline (10 s): a hang fails the test instead of stalling the suite.
/// Output is drained as it comes, so a large export cannot fill the pipe and stall.
fn run(cmd: &mut Command) -> Output {
    use std::io::Read;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sitrep");
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            v
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{cmd:?} hung (killed after 10 s); stderr: {}",
                String::from_utf8_lossy(&err.join().unwrap())
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn has_escape(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.chars()
        .any(|c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
}

/// The sample store with its first incident's text fields made hostile, and a second
/// incident with a hostile id and a bad date (so `validate` echoes the id in a problem).
fn evil_store(dir: &Path) -> (PathBuf, String) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample.json");
    let mut doc: Value = serde_json::from_slice(&std::fs::read(sample).unwrap()).unwrap();
    let incidents = doc["incidents"].as_array_mut().unwrap();
    let id = incidents[0]["id"].as_str().unwrap().to_string();
    incidents[0]["summary"] = Value::from(EVIL);
    incidents[0]["notes"] = Value::from("=HYPERLINK(\"http://evil.example\",\"click\")");
    let mut bad = incidents[1].clone();
    bad["id"] = Value::from(EVIL_ID);
    bad["date"] = Value::from("2024-13-45");
    incidents.push(bad);
    let path = dir.join("evil.json");
    std::fs::write(&path, serde_json::to_vec(&doc).unwrap()).unwrap();
    (path, id)
}

/// Runs `args` under tmux (with OSC 52 clipboard writes allowed, as many users set), and
/// returns the session once the program has exited.
fn on_terminal(label: &str, args: &[&str]) -> Session {
    let mut cmd = sh_quote(BIN);
    for a in args {
        cmd.push(' ');
        cmd.push_str(&sh_quote(a));
    }
    // Waits for a line on stdin, so the clipboard option is set before the program runs.
    let script = format!("read go; {cmd}; echo EXIT=$?; exec sleep 600");
    let opts = Options {
        width: 200,
        height: 50,
        env: &[],
    };
    let s = Session::start(label, opts, &script);
    s.tmux(&["set", "-g", "set-clipboard", "on"]);
    s.tmux(&["set", "-g", "allow-rename", "on"]);
    s.send_keys(&["Enter"]);
    s.wait_for("EXIT=");
    s
}

fn assert_terminal_untouched(s: &Session) {
    let title = s.display("#{pane_title}");
    assert!(
        !title.contains("PWNED"),
        "the data set the window title: {title:?}"
    );
    let buffers = s.tmux(&["list-buffers", "-F", "#{buffer_sample}"]);
    assert!(
        !buffers.contains("rm -rf"),
        "the data wrote the clipboard: {buffers:?}"
    );
    let screen = s.capture_escapes();
    assert!(
        !screen.contains("\u{1b}[31m"),
        "the data coloured the screen:\n{screen}"
    );
}

#[test]
fn show_on_a_terminal_sets_no_title_writes_no_clipboard_and_paints_no_colour() {
    let dir = tempfile::tempdir().unwrap();
    let (store, id) = evil_store(dir.path());
    let s = on_terminal(
        "show",
        &["--store", store.to_str().unwrap(), "show", "incident", &id],
    );
    let screen = s.capture();
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(
        screen.contains("RED"),
        "the text itself is still shown:\n{screen}"
    );
    assert_terminal_untouched(&s);
}

#[test]
fn export_csv_on_a_terminal_is_sanitised() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = evil_store(dir.path());
    let s = on_terminal(
        "export",
        &["--store", store.to_str().unwrap(), "export", "--raw"],
    );
    assert!(s.capture().contains("EXIT=0"));
    assert_terminal_untouched(&s);
}

#[test]
fn validate_on_a_terminal_does_not_pass_an_ids_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = evil_store(dir.path());
    let s = on_terminal("validate", &["validate", store.to_str().unwrap()]);
    let screen = s.capture();
    assert!(
        screen.contains("inc-evil"),
        "the problem names the record:\n{screen}"
    );
    assert_terminal_untouched(&s);
}

#[test]
fn export_to_a_pipe_keeps_the_data_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = evil_store(dir.path());
    let out = run(sitrep()
        .arg("--store")
        .arg(&store)
        .args(["export", "--raw"]));
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(EVIL), "a pipe gets the data as stored");
}

#[test]
fn validate_report_is_sanitised_even_when_piped() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = evil_store(dir.path());
    let out = run(sitrep().arg("validate").arg(&store));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("inc-evil"));
    assert!(
        !has_escape(&out.stdout),
        "{:?}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn messages_on_stderr_are_sanitised() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = evil_store(dir.path());
    let out = run(sitrep()
        .arg("--store")
        .arg(&store)
        .args(["show", "incident", EVIL_ID]));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no incident matches"));
    assert!(
        !has_escape(&out.stderr),
        "{:?}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A CSV whose header carries escapes: import quotes the header in its refusal.
    let csv = dir.path().join("evil.csv");
    std::fs::write(&csv, format!("name,{EVIL}\nx,y\n")).unwrap();
    for cmd in ["import", "validate"] {
        let out = run(sitrep().arg(cmd).arg(&csv));
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        assert!(
            !has_escape(&out.stderr),
            "{cmd}: {:?}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !has_escape(&out.stdout),
            "{cmd}: {:?}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn json_output_escapes_c1_and_bidi_controls() {
    let dir = tempfile::tempdir().unwrap();
    let (store, id) = evil_store(dir.path());
    let out = run(sitrep()
        .arg("--store")
        .arg(&store)
        .args(["show", "incident", &id, "--json"]));
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(!has_escape(&out.stdout), "{text}");
    assert!(
        text.contains(r"\u0085") && text.contains(r"\u202e"),
        "{text}"
    );
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["record"]["summary"], EVIL, "the same data once parsed");
    let out = run(sitrep().args(["validate", "--json"]).arg(&store));
    assert!(!has_escape(&out.stdout));
}

#[test]
fn csv_export_neutralises_formulas_and_raw_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let (store, id) = evil_store(dir.path());
    let read = |raw: bool| {
        let mut cmd = sitrep();
        cmd.arg("--store").arg(&store).arg("export");
        if raw {
            cmd.arg("--raw");
        }
        let out = run(&mut cmd);
        assert!(out.status.success());
        let mut r = csv::Reader::from_reader(out.stdout.as_slice());
        let head = r.headers().unwrap().clone();
        let col = |n: &str| head.iter().position(|h| h == n).unwrap();
        let row = r
            .records()
            .map(Result::unwrap)
            .find(|r| r[0] == *id)
            .unwrap();
        (
            row[col("notes")].to_string(),
            row[col("longitude")].to_string(),
        )
    };
    let (notes, lon) = read(false);
    assert!(notes.starts_with("'=HYPERLINK"), "{notes}");
    assert!(
        lon.starts_with('-') && lon.parse::<f64>().is_ok(),
        "a number stays one: {lon}"
    );
    let (notes, _) = read(true);
    assert!(notes.starts_with("=HYPERLINK"), "{notes}");
}

#[test]
fn markdown_export_escapes_html_and_javascript_links() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = evil_store(dir.path());
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&store).unwrap()).unwrap();
    doc["incidents"][0]["summary"] =
        Value::from("<img src=x onerror=alert(1)> [x](javascript:alert(1))");
    std::fs::write(&store, serde_json::to_vec(&doc).unwrap()).unwrap();
    let out = run(sitrep()
        .arg("--store")
        .arg(&store)
        .args(["export", "--format", "markdown"]));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("&lt;img"), "{md}");
    assert!(!md.contains("<img") && !md.contains("javascript:"), "{md}");
}

// ---------------------------------------------------------------------------------------
// Files it writes: one writer, one guarantee.
// ---------------------------------------------------------------------------------------

/// `sitrep args...` under a shell that sets `umask` first.
fn with_umask(umask: &str, args: &[&str]) -> Output {
    let mut cmd = Command::new("/bin/sh");
    cmd.arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(BIN)
        .args(args)
        .env_remove("SITREP_STORE");
    run(&mut cmd)
}

fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn export_import_and_gen_create_files_as_the_umask_says() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("out.csv");
    let store = dir.path().join("gen.json");
    let imported = dir.path().join("imported.json");
    let acled =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/acled_current.csv");
    let out = with_umask("077", &["export", "-o", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(mode(&csv), 0o600, "export under umask 077");
    let out = with_umask(
        "027",
        &["gen", "--incidents", "5", "-o", store.to_str().unwrap()],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(mode(&store), 0o640, "gen under umask 027");
    let out = with_umask(
        "077",
        &[
            "import",
            acled.to_str().unwrap(),
            "-o",
            imported.to_str().unwrap(),
        ],
    );
    assert!(out.status.code() != Some(2), "{out:?}");
    assert_eq!(mode(&imported), 0o600, "import under umask 077");
}

#[test]
fn force_keeps_a_private_files_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("out.csv");
    std::fs::write(&csv, "old").unwrap();
    std::fs::set_permissions(&csv, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = with_umask("022", &["export", "--force", "-o", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(mode(&csv), 0o600, "not widened to 0644");
    assert_ne!(std::fs::read_to_string(&csv).unwrap(), "old");
}

#[test]
fn gen_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("store.json");
    std::fs::write(&p, "precious").unwrap();
    let out = run(sitrep().args(["gen", "--incidents", "3", "-o"]).arg(&p));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("exists"),
        "{out:?}"
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "precious");
    let out = run(sitrep()
        .args(["gen", "--incidents", "3", "--force", "-o"])
        .arg(&p));
    assert!(out.status.success(), "{out:?}");
    assert_ne!(std::fs::read_to_string(&p).unwrap(), "precious");
}

// ---------------------------------------------------------------------------------------
// FIFOs and special files are refused, never waited on.
// ---------------------------------------------------------------------------------------

fn mkfifo(p: &Path) {
    let st = Command::new("mkfifo").arg(p).status().expect("mkfifo");
    assert!(st.success());
}

#[test]
fn validate_import_and_show_refuse_a_fifo_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("store.json");
    mkfifo(&fifo);
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    let f = fifo.to_str().unwrap();
    let l = link.to_str().unwrap();
    for args in [
        vec!["validate", f],
        vec!["import", f, "-o", "-"],
        vec!["--store", f, "show", "town", "kidal"],
        vec!["validate", l],
    ] {
        let out = run(sitrep().args(&args));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            said.contains("FIFO") && said.contains("not a regular file"),
            "{args:?}: {said}"
        );
    }
    let out = run(sitrep().args(["validate", "/dev/zero"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("character device"));
}

// ---------------------------------------------------------------------------------------
// Unclear errors made clear.
// ---------------------------------------------------------------------------------------

#[test]
fn gzip_and_utf16_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("store.json.gz");
    std::fs::write(&gz, [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]).unwrap();
    let utf16 = dir.path().join("utf16.csv");
    let mut bytes = vec![0xff, 0xfe];
    for u in "event_id_cnty,event_date\n".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(&utf16, bytes).unwrap();
    let out = run(sitrep().arg("validate").arg(&gz));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("gzip"),
        "{out:?}"
    );
    let out = run(sitrep().arg("validate").arg(&utf16));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("UTF-16"),
        "{out:?}"
    );
}

#[test]
fn load_messages_say_what_happened() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample.json");
    let mut doc: Value = serde_json::from_slice(&std::fs::read(sample).unwrap()).unwrap();
    doc["incidents"][0]["end_date"] = Value::from("9999-12-31");
    doc["incidents"][1]["lat"] = serde_json::json!(1e308);
    let store = dir.path().join("odd.json");
    std::fs::write(&store, serde_json::to_vec(&doc).unwrap()).unwrap();
    let out = run(sitrep().arg("validate").arg(&store));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(!text.contains("is before date"), "9999 is after: {text}");
    assert!(text.contains("not a plausible year"), "{text}");
    assert!(text.contains("1e308"), "{text}");
    assert!(!text.contains("00000000000000000000"), "{text}");
    // Nothing was skipped (both records kept, repaired): the summary must not say so.
    let out = run(sitrep()
        .arg("--store")
        .arg(&store)
        .args(["show", "town", "kidal"]));
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        said.contains("problem(s) at load") && !said.contains("skipped"),
        "{said}"
    );
}

// ---------------------------------------------------------------------------------------
// A file truncated while it is read (SIGBUS with a mapping).
// ---------------------------------------------------------------------------------------

/// A valid store with a 200 MB title, so reading and parsing it takes a while.
fn write_slow_store(p: &Path) {
    use std::io::Write;
    let mut f = std::io::BufWriter::new(std::fs::File::create(p).unwrap());
    f.write_all(br#"{"schema_version":1,"meta":{"title":""#)
        .unwrap();
    let chunk = vec![b'x'; 1 << 20];
    for _ in 0..200 {
        f.write_all(&chunk).unwrap();
    }
    f.write_all(br#""},"towns":[],"actors":[],"reports":[],"incidents":[]}"#)
        .unwrap();
    f.flush().unwrap();
}

#[test]
fn validate_and_show_survive_their_file_being_truncated_mid_read() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("store.json");
    let runs = [20, 80, 200]
        .into_iter()
        .flat_map(|d| [(d, "validate"), (d, "--store")]);
    for (delay, cmd) in runs {
        write_slow_store(&p);
        // `--store FILE` with no command prints the summary (the mapped path before).
        let mut child = sitrep()
            .arg(cmd)
            .arg(&p)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        std::fs::OpenOptions::new()
            .write(true)
            .open(&p)
            .unwrap()
            .set_len(0)
            .unwrap();
        let start = Instant::now();
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            assert!(start.elapsed() < Duration::from_secs(60), "validate hung");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(
            status.signal(),
            None,
            "{cmd}: killed by a signal after {delay} ms: {status:?}"
        );
    }
}

#[test]
fn search_on_a_terminal_keeps_its_own_bold_highlights() {
    // The sanitiser is for the data's escapes, not ours: matched letters stay bold.
    let s = on_terminal("search", &["search", "kidal"]);
    assert!(s.capture().contains("EXIT=0"));
    let screen = s.capture_escapes();
    assert!(screen.contains("\u{1b}[1m"), "no bold highlight:\n{screen}");
}
