//! Served sessions' workspaces (issue 16): `sitrep serve --workspace-dir DIR` gives each
//! login (user name and key) its own workspace file; a session never sees another login's
//! notes; `--no-workspace` keeps none.

#[path = "common/client.rs"]
mod client;
#[path = "common/ssh.rs"]
mod ssh;

use std::io::Write;
use std::path::{Path, PathBuf};

use client::{Seen, browser, read_until};
use russh::keys::PrivateKeyWithHashAlg;
use ssh::{Server, timeout};

fn whole_frame(s: &Seen) -> bool {
    s.text().contains("no filters")
}

async fn login_as(port: u16, user: &str, key: &Path) -> client::Conn {
    let key = client::load_key(key);
    let mut c = client::connect(port).await.expect("connect");
    let r = c
        .authenticate_publickey(user, PrivateKeyWithHashAlg::new(key, None))
        .await
        .expect("auth");
    assert!(r.success(), "{user}'s key refused");
    c
}

/// Sends keys, then waits until the screen shows `needle` (false if it never does).
async fn keys_until(
    ch: &mut russh::Channel<russh::client::Msg>,
    seen: &mut Seen,
    keys: &[u8],
    needle: &str,
) -> bool {
    ch.data(keys).await.expect("send keys");
    read_until(ch, seen, timeout(), |s| s.text().contains(needle)).await
}

async fn quit(ch: &mut russh::Channel<russh::client::Msg>, seen: &mut Seen) {
    ch.data(&b"q"[..]).await.expect("send q");
    assert!(
        read_until(ch, seen, timeout(), |s| s.exit.is_some() && s.closed).await,
        "no exit after q"
    );
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == "sqlite"));
    v.sort();
    v
}

fn sample_title() -> String {
    let store = sitrep::store::Store::open(None).unwrap();
    sitrep::workspace::StoreKey::of(&store).title
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_login_has_its_own_notes() {
    let spaces = tempfile::tempdir().unwrap();
    let ws_dir = spaces.path().join("workspaces");
    let server = Server::start(&["--workspace-dir", ws_dir.to_str().unwrap()]);
    // A second key, for another user.
    let rival = ssh::keygen(server.dir.path(), "rival");
    let mut ak = std::fs::OpenOptions::new()
        .append(true)
        .open(&server.authorized_keys)
        .unwrap();
    ak.write_all(&std::fs::read(rival.with_extension("pub")).unwrap())
        .unwrap();
    drop(ak);

    // The analyst writes a note on the first incident.
    let c = login_as(server.port, "analyst", &server.key).await;
    let mut ch = browser(&c, 100, 30).await;
    let mut seen = Seen::default();
    assert!(read_until(&mut ch, &mut seen, timeout(), whole_frame).await);
    // Letters the sample's screen lacks: a frame sends only the cells that change.
    assert!(
        keys_until(&mut ch, &mut seen, b"nZQXJW", "ZQXJW_").await,
        "no note editor: {}",
        seen.text()
    );
    assert!(keys_until(&mut ch, &mut seen, b"\r", "note saved on").await);
    quit(&mut ch, &mut seen).await;
    let made = files(&ws_dir);
    assert_eq!(made.len(), 1, "{made:?}");
    let name = made[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("analyst@"), "{name}");
    let ws = sitrep::workspace::Workspace::open(&made[0]).unwrap();
    let notes = ws.notes(&sample_title()).unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].text, "ZQXJW");
    assert_eq!(notes[0].author, "analyst");

    // Back again, the analyst sees the note in the incident's detail.
    let mut ch = browser(&c, 100, 30).await;
    let mut seen = Seen::default();
    assert!(read_until(&mut ch, &mut seen, timeout(), whole_frame).await);
    assert!(
        keys_until(&mut ch, &mut seen, b"\r", "ZQXJW").await,
        "{}",
        seen.text()
    );
    quit(&mut ch, &mut seen).await;

    // Another login, on the same incident, sees no note of the analyst's.
    let c2 = login_as(server.port, "rival", &rival).await;
    let mut ch = browser(&c2, 100, 30).await;
    let mut seen = Seen::default();
    assert!(read_until(&mut ch, &mut seen, timeout(), whole_frame).await);
    assert!(keys_until(&mut ch, &mut seen, b"\r", "Fatalities").await);
    // Marking works in its own file.
    assert!(keys_until(&mut ch, &mut seen, b"\x1b", "no filters").await);
    assert!(keys_until(&mut ch, &mut seen, b" ", "marked ").await);
    quit(&mut ch, &mut seen).await;
    assert!(!seen.text().contains("ZQXJW"), "{}", seen.text());
    let made = files(&ws_dir);
    assert_eq!(made.len(), 2, "{made:?}");
    let theirs = made
        .iter()
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("rival@")
        })
        .expect("the rival's own file");
    let ws = sitrep::workspace::Workspace::open(theirs).unwrap();
    assert!(ws.notes(&sample_title()).unwrap().is_empty());
    assert_eq!(ws.marks(&sample_title()).unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_workspace_keeps_nothing_and_says_so() {
    let spaces = tempfile::tempdir().unwrap();
    let ws_dir = spaces.path().join("workspaces");
    let server = Server::start(&["--no-workspace"]);
    let c = login_as(server.port, "analyst", &server.key).await;
    let mut ch = browser(&c, 100, 30).await;
    let mut seen = Seen::default();
    assert!(read_until(&mut ch, &mut seen, timeout(), whole_frame).await);
    assert!(
        keys_until(&mut ch, &mut seen, b" ", "no workspace").await,
        "{}",
        seen.text()
    );
    quit(&mut ch, &mut seen).await;
    assert!(files(&ws_dir).is_empty());
}

/// A login's column choice and tags are kept in its own workspace: the sort it reversed is
/// there when it comes back, and its tag is in its file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_keeps_its_sort_and_tags_between_sessions() {
    let spaces = tempfile::tempdir().unwrap();
    let ws_dir = spaces.path().join("workspaces");
    let server = Server::start(&["--workspace-dir", ws_dir.to_str().unwrap()]);
    let c = login_as(server.port, "analyst", &server.key).await;
    let mut ch = browser(&c, 100, 30).await;
    let mut seen = Seen::default();
    assert!(read_until(&mut ch, &mut seen, timeout(), whole_frame).await);
    assert!(
        keys_until(&mut ch, &mut seen, b"S", "date asc").await,
        "{}",
        seen.text()
    );
    assert!(
        keys_until(&mut ch, &mut seen, b"tzqxjw\r", "tagged").await,
        "{}",
        seen.text()
    );
    // Enter with nothing typed closes the editor (a lone Esc before q would read as Alt-q).
    // (What was seen accumulates: wait for the frame that closes it.)
    let before = seen.text().len();
    ch.data(&b"\r"[..]).await.expect("send Enter");
    assert!(
        read_until(&mut ch, &mut seen, timeout(), |s| s.text().len() > before).await,
        "{}",
        seen.text()
    );
    quit(&mut ch, &mut seen).await;
    let made = files(&ws_dir);
    assert_eq!(made.len(), 1, "{made:?}");
    let ws = sitrep::workspace::Workspace::open(&made[0]).unwrap();
    let tags = ws.all_tags(&sample_title()).unwrap();
    assert_eq!(tags.len(), 1);
    assert_eq!(tags[0].tag, "zqxjw");
    let kept = ws.setting("columns.incidents").unwrap().expect("kept");
    assert!(kept.contains("\"descending\":false"), "{kept}");

    // Back again: the list opens in the order it was left (the header marks the sort that
    // is not the list's default; the first frame is written whole).
    let mut ch = browser(&c, 100, 30).await;
    let mut seen = Seen::default();
    assert!(
        read_until(&mut ch, &mut seen, timeout(), |s| s
            .text()
            .contains("Date▲"))
        .await,
        "{}",
        seen.text()
    );
    quit(&mut ch, &mut seen).await;
}
