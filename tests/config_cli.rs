//! The configuration file from the command line: a mistake stops sitrep with exit status 2
//! and a message naming the file and line, before anything else runs.

use std::process::Command;

fn sitrep(config_home: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    c.env_remove("SITREP_STORE");
    c.env_remove("SITREP_CONFIG");
    c.env("XDG_CONFIG_HOME", config_home);
    c.env("NO_COLOR", "1");
    c
}

#[test]
fn a_bad_config_exits_2_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, "[keys]\nquit = \"Q\"\n\nopen_filtre = \"F\"\n").unwrap();
    let out = sitrep(dir.path())
        .arg("--config")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let want = format!("{}:4:1: unknown action 'open_filtre'", file.display());
    assert!(err.contains(&want), "{err}");
    // Nothing ran: no summary of the store was printed.
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn the_default_file_is_read_from_xdg_config_home() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("sitrep")).unwrap();
    let file = dir.path().join("sitrep/config.toml");
    std::fs::write(&file, "[theme]\nname = \"sepia\"\n").unwrap();
    let out = sitrep(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{}:2:8: unknown theme 'sepia'", file.display())),
        "{err}"
    );
}

#[test]
fn a_missing_default_file_is_fine_and_a_missing_named_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let out = sitrep(dir.path()).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let missing = dir.path().join("none.toml");
    let out = sitrep(dir.path())
        .arg("--config")
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("none.toml: cannot read the configuration"),
        "{err}"
    );
}

#[test]
fn a_good_config_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("good.toml");
    std::fs::write(
        &file,
        "[keys]\nquit = \"Q\"\n[theme]\nname = \"light\"\n[briefing]\ndays = 30\n",
    )
    .unwrap();
    let out = sitrep(dir.path())
        .arg("--config")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn serve_checks_the_servers_config_before_listening() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("server.toml");
    std::fs::write(&file, "[briefing]\ndays = -3\n").unwrap();
    let out = sitrep(dir.path())
        .args([
            "serve",
            "--anonymous",
            "--listen",
            "127.0.0.1:0",
            "--config",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{}:2:8: briefing days must be", file.display())),
        "{err}"
    );
}
