//! Integration tests for the `sitrep` command line: validate, show, gen and the plain
//! summary, run as a real process against the built-in sample and the hand-written stores
//! in tests/fixtures/cli/.
//!
//! Exit codes under test (issue 2): 0 clean, 1 loaded with problems, 2 unreadable.

#[path = "common/run.rs"]
mod run;

use run::OutputWithin;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// A `sitrep` command with no leaked store setting from the user's environment.
fn sitrep() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    c.env_remove("SITREP_STORE");
    c.env_remove("RUST_BACKTRACE");
    c.env_remove("RUST_LIB_BACKTRACE");
    c.env("NO_COLOR", "1");
    c
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name)
}

fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample.json")
}

/// The sample as shipped (the binary embeds this file at build time).
fn sample_doc() -> Value {
    let text = std::fs::read_to_string(sample_path()).expect("data/sample.json readable");
    serde_json::from_str(&text).expect("data/sample.json is JSON")
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Everything the command printed, for messages that may go to either stream.
    fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n--- stdout\n{}\n--- stderr\n{}",
                self.stdout, self.stderr
            )
        })
    }

    fn expect_code(&self, want: i32, what: &str) -> &Self {
        assert_eq!(
            self.code,
            Some(want),
            "{what}: wrong exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
}

fn finish(out: Output) -> Run {
    let run = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_no_panic(&run);
    run
}

fn run_cmd(cmd: &mut Command) -> Run {
    finish(cmd.output_timed())
}

fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    run_cmd(sitrep().args(args))
}

/// Never a panic or a stack trace, and never killed by a signal (stack overflow, abort).
fn assert_no_panic(r: &Run) {
    for text in [&r.stdout, &r.stderr] {
        assert!(
            !text.contains("panicked") && !text.contains("RUST_BACKTRACE"),
            "sitrep panicked:\n--- stdout\n{}\n--- stderr\n{}",
            r.stdout,
            r.stderr
        );
    }
    assert!(
        r.code.is_some(),
        "sitrep was killed by a signal (crash):\n--- stderr\n{}",
        r.stderr
    );
}

/// 1-based line of the first line of a fixture containing `needle`.
fn line_of(name: &str, needle: &str) -> usize {
    let bytes = std::fs::read(fixture(name)).expect("fixture readable");
    let text = String::from_utf8_lossy(&bytes);
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in {name}"))
        + 1
}

fn validate_json(path: &Path) -> (Run, Value) {
    let r = run([Path::new("validate"), path, Path::new("--json")]);
    let v = r.json();
    (r, v)
}

fn problems(v: &Value) -> &Vec<Value> {
    v["problems"].as_array().expect("problems is an array")
}

/// The one problem naming `record` (and `field` when given); fails when there is not exactly one.
fn problem_for<'a>(v: &'a Value, record: &str, field: Option<&str>) -> &'a Value {
    let found: Vec<&Value> = problems(v)
        .iter()
        .filter(|p| p["record"] == record && field.is_none_or(|f| p["field"] == f))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one problem for {record} {field:?}, got {found:?} in {v:#}"
    );
    found[0]
}

fn count(v: &Value, key: &str) -> u64 {
    v[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} is not a count in {v:#}"))
}

/// Checks that a JSON problem carries every field the contract names, with the expected
/// record, field, line and skip flag.
fn check_problem(p: &Value, file: &str, record: &str, field: &str, line: usize, skipped: bool) {
    for key in [
        "file", "line", "column", "record", "field", "message", "skipped",
    ] {
        assert!(p.get(key).is_some(), "problem lacks '{key}': {p:#}");
    }
    assert!(
        p["file"].as_str().unwrap().ends_with(file),
        "problem names the wrong file: {p:#}"
    );
    assert_eq!(p["record"], record, "{p:#}");
    assert_eq!(p["field"], field, "{p:#}");
    assert_eq!(p["line"].as_u64(), Some(line as u64), "wrong line: {p:#}");
    assert!(p["column"].as_u64().unwrap() >= 1, "{p:#}");
    assert!(!p["message"].as_str().unwrap().trim().is_empty(), "{p:#}");
    assert_eq!(p["skipped"], skipped, "{p:#}");
}

/// Text output: the problem line starts with FILE:LINE:COL and names the record and field.
fn assert_text_names(r: &Run, file: &str, line: usize, record: &str, field: &str) {
    let line_prefix = format!("{file}:{line}:");
    let found = r.stdout.lines().any(|l| {
        l.contains(&line_prefix) && l.contains(&format!("'{record}'")) && l.contains(field)
    });
    assert!(
        found,
        "no text line naming {line_prefix}<col> '{record}' {field}:\n{}",
        r.stdout
    );
}

/// Parses "N incidents, N actors, N towns" out of a text line.
fn text_count(line: &str, what: &str) -> u64 {
    let words: Vec<&str> = line
        .split(|c: char| c == ',' || c == ':' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let at = words
        .iter()
        .position(|w| *w == what)
        .unwrap_or_else(|| panic!("no '{what}' in {line:?}"));
    words[at - 1]
        .parse()
        .unwrap_or_else(|_| panic!("no count before '{what}' in {line:?}"))
}

// ---------------------------------------------------------------------------------------
// validate: the built-in sample and a clean store
// ---------------------------------------------------------------------------------------

#[test]
fn validate_sample_text_prints_counts_and_exits_0() {
    let r = run(["validate"]);
    r.expect_code(0, "validate on the built-in sample");
    let doc = sample_doc();
    let line = r
        .stdout
        .lines()
        .find(|l| l.contains("incidents"))
        .expect("a counts line");
    assert!(line.contains("<built-in sample>"), "{line}");
    assert_eq!(
        text_count(line, "incidents"),
        doc["incidents"].as_array().unwrap().len() as u64
    );
    assert_eq!(
        text_count(line, "actors"),
        doc["actors"].as_array().unwrap().len() as u64
    );
    assert_eq!(
        text_count(line, "towns"),
        doc["towns"].as_array().unwrap().len() as u64
    );
    assert!(r.stdout.contains("no problems"), "{}", r.stdout);
}

#[test]
fn validate_sample_json_has_documented_keys_and_sizes() {
    let r = run(["validate", "--json"]);
    r.expect_code(0, "validate --json on the built-in sample");
    let v = r.json();
    for key in ["incidents", "actors", "towns", "fatalities", "problems"] {
        assert!(v.get(key).is_some(), "missing key {key} in {v:#}");
    }
    assert!(count(&v, "incidents") >= 300, "{v:#}");
    assert!(count(&v, "towns") >= 40, "{v:#}");
    assert!(count(&v, "actors") >= 15, "{v:#}");
    assert!(problems(&v).is_empty(), "the sample must be clean: {v:#}");

    // Every record of the shipped file loaded, and fatalities is the sum of best estimates.
    let doc = sample_doc();
    let incidents = doc["incidents"].as_array().unwrap();
    assert_eq!(count(&v, "incidents"), incidents.len() as u64);
    let best: u64 = incidents
        .iter()
        .filter_map(|i| i["fatalities"]["best"].as_u64())
        .sum();
    assert!(best > 0);
    assert_eq!(count(&v, "fatalities"), best);
}

#[test]
fn validate_good_fixture_is_clean() {
    let path = fixture("good.json");
    let r = run([Path::new("validate"), &path]);
    r.expect_code(0, "good.json");
    assert!(r.stdout.contains("good.json"), "{}", r.stdout);
    assert!(r.stdout.contains("no problems"), "{}", r.stdout);

    let (_, v) = validate_json(&path);
    assert_eq!(count(&v, "incidents"), 4);
    assert_eq!(count(&v, "actors"), 3);
    assert_eq!(count(&v, "towns"), 3);
    assert_eq!(count(&v, "fatalities"), 5 + 2 + 4);
    assert!(problems(&v).is_empty(), "{v:#}");
}

// ---------------------------------------------------------------------------------------
// validate: unreadable input, exit 2
// ---------------------------------------------------------------------------------------

/// Runs validate in text and JSON mode on an unreadable path and checks exit 2, a message
/// naming the file that contains `expect` (case-insensitive), and a JSON `error`.
fn assert_unreadable(path: &Path, expect: &str) -> Run {
    let shown = path.display().to_string();
    let r = run([Path::new("validate"), path]);
    r.expect_code(2, &shown);
    assert!(
        r.all().contains(&shown),
        "message does not name {shown}:\n{}",
        r.all()
    );
    assert!(
        r.all().to_lowercase().contains(&expect.to_lowercase()),
        "message for {shown} lacks {expect:?}:\n{}",
        r.all()
    );

    let j = run([Path::new("validate"), path, Path::new("--json")]);
    j.expect_code(2, &format!("{shown} --json"));
    let v = j.json();
    let err = v["error"]
        .as_str()
        .unwrap_or_else(|| panic!("no error in {v:#}"));
    assert!(err.to_lowercase().contains(&expect.to_lowercase()), "{err}");
    assert_eq!(count(&v, "incidents"), 0);
    r
}

#[test]
fn truncated_json_is_unreadable_with_line_and_column() {
    let path = fixture("truncated.json");
    let r = assert_unreadable(&path, "truncated");
    // The position is where the text stops: the last line of the file.
    let last_line = std::fs::read_to_string(&path).unwrap().lines().count();
    let want = format!("{}:{last_line}:", path.display());
    assert!(r.all().contains(&want), "no {want}<col> in:\n{}", r.all());
}

#[test]
fn top_level_array_is_unreadable() {
    assert_unreadable(&fixture("top_level_array.json"), "not a sitrep store");
}

#[test]
fn unknown_schema_version_is_unreadable() {
    let r = assert_unreadable(&fixture("schema_99.json"), "schema_version");
    assert!(r.all().contains("99"), "{}", r.all());
}

#[test]
fn missing_schema_version_is_unreadable() {
    assert_unreadable(&fixture("schema_missing.json"), "schema_version");
}

#[test]
fn empty_file_is_unreadable() {
    assert_unreadable(&fixture("empty.json"), "empty");
}

#[test]
fn whitespace_only_file_is_unreadable() {
    assert_unreadable(&fixture("whitespace_only.json"), "empty");
}

#[test]
fn binary_garbage_is_unreadable() {
    assert_unreadable(&fixture("garbage.bin"), "not a sitrep store");
}

#[test]
fn binary_garbage_after_a_brace_is_unreadable() {
    let path = fixture("garbage_brace.bin");
    let r = assert_unreadable(&path, "UTF-8");
    let want = format!("{}:1:2", path.display());
    assert!(r.all().contains(&want), "no {want} in:\n{}", r.all());
}

#[test]
fn invalid_utf8_inside_a_string_is_unreadable_at_its_position() {
    let path = fixture("invalid_utf8.json");
    let r = assert_unreadable(&path, "invalid UTF-8");
    let bytes = std::fs::read(&path).unwrap();
    let line = line_of("invalid_utf8.json", "Three ");
    let line_text = bytes.split(|&b| b == b'\n').nth(line - 1).unwrap();
    let col = line_text.iter().position(|&b| b == 0xff).unwrap() + 1;
    let want = format!("{}:{line}:{col}", path.display());
    assert!(r.all().contains(&want), "no {want} in:\n{}", r.all());
}

#[test]
fn directory_is_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    assert_unreadable(dir.path(), "directory");
}

#[test]
fn missing_file_is_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-store.json");
    assert_unreadable(&path, "cannot read");
}

// ---------------------------------------------------------------------------------------
// validate: loaded with problems, exit 1
// ---------------------------------------------------------------------------------------

#[test]
fn wrong_types_skip_only_that_record_and_name_the_field_path() {
    let name = "wrong_types.json";
    let path = fixture(name);
    let line = line_of(name, r#""best": "many""#);

    let r = run([Path::new("validate"), &path]);
    r.expect_code(1, name);
    assert_text_names(
        &r,
        &path.display().to_string(),
        line,
        "inc-bad-type",
        "fatalities.best",
    );
    assert!(r.stdout.contains("skipped"), "{}", r.stdout);

    let (j, v) = validate_json(&path);
    j.expect_code(1, name);
    assert_eq!(
        count(&v, "incidents"),
        2,
        "the two good incidents are kept: {v:#}"
    );
    assert_eq!(count(&v, "fatalities"), 5 + 1);
    assert_eq!(problems(&v).len(), 1, "{v:#}");
    let p = problem_for(&v, "inc-bad-type", Some("fatalities.best"));
    check_problem(p, name, "inc-bad-type", "fatalities.best", line, true);
    let msg = p["message"].as_str().unwrap();
    assert!(msg.contains("many") || msg.contains("u32"), "{msg}");
}

#[test]
fn dangling_town_actor_and_report_references_are_problems() {
    let name = "dangling_refs.json";
    let path = fixture(name);
    let shown = path.display().to_string();
    let r = run([Path::new("validate"), &path]);
    r.expect_code(1, name);
    let (_, v) = validate_json(&path);
    assert_eq!(
        count(&v, "incidents"),
        4,
        "dangling references do not drop records"
    );
    assert_eq!(problems(&v).len(), 3, "{v:#}");

    let cases = [
        ("inc-no-town", "town", "town:atlantis"),
        ("inc-no-actor", "actors[1]", "actor:ghost"),
        ("inc-no-report", "sources[0].report", "report:missing"),
    ];
    for (record, field, target) in cases {
        let line = line_of(name, &format!(r#""id": "{record}""#));
        let p = problem_for(&v, record, Some(field));
        check_problem(p, name, record, field, line, false);
        assert!(p["message"].as_str().unwrap().contains(target), "{p:#}");
        assert_text_names(&r, &shown, line, record, field);
    }
}

#[test]
fn dangling_actor_is_removed_from_the_incident_but_the_incident_stays() {
    let path = fixture("dangling_refs.json");
    let r = run_cmd(sitrep().arg("--store").arg(&path).args([
        "show",
        "incident",
        "inc-no-actor",
        "--json",
    ]));
    r.expect_code(0, "show incident with a dangling actor");
    let v = r.json();
    let actors: Vec<&str> = v["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(actors, ["actor:red"], "{v:#}");
    // Loading a store with problems says so on stderr, without failing the command.
    assert!(r.stderr.contains("problem"), "{}", r.stderr);
}

#[test]
fn dangling_actor_parent_is_a_problem_with_its_position() {
    let name = "dangling_parent.json";
    let path = fixture(name);
    let (r, v) = validate_json(&path);
    r.expect_code(1, name);
    assert_eq!(count(&v, "actors"), 2);
    let p = problem_for(&v, "actor:orphan", Some("parent"));
    assert!(
        p["message"].as_str().unwrap().contains("actor:nobody"),
        "{p:#}"
    );
    assert_eq!(p["skipped"], false);
    // "line:column where it applies": the actor record has a position in the file.
    let line = line_of(name, r#""id": "actor:orphan""#);
    check_problem(p, name, "actor:orphan", "parent", line, false);
}

#[test]
fn duplicate_ids_keep_the_first_record() {
    let name = "duplicate_ids.json";
    let path = fixture(name);
    let shown = path.display().to_string();
    let r = run([Path::new("validate"), &path]);
    r.expect_code(1, name);
    let (_, v) = validate_json(&path);
    assert_eq!(count(&v, "towns"), 1, "{v:#}");
    assert_eq!(count(&v, "incidents"), 2, "{v:#}");
    assert_eq!(problems(&v).len(), 2, "{v:#}");

    let town_line = line_of(name, "Alphaville again");
    let p = problem_for(&v, "town:alpha", Some("id"));
    check_problem(p, name, "town:alpha", "id", town_line, true);
    assert!(
        p["message"].as_str().unwrap().contains("duplicate"),
        "{p:#}"
    );
    assert_text_names(&r, &shown, town_line, "town:alpha", "id");

    let inc_line = line_of(name, r#""summary": "second""#);
    let p = problem_for(&v, "inc-dup", Some("id"));
    check_problem(p, name, "inc-dup", "id", inc_line, true);
    assert_text_names(&r, &shown, inc_line, "inc-dup", "id");

    // The first incident with the id is the one kept.
    let s = run_cmd(
        sitrep()
            .arg("--store")
            .arg(&path)
            .args(["show", "incident", "inc-dup", "--json"]),
    );
    s.expect_code(0, "show the kept duplicate");
    assert_eq!(s.json()["record"]["summary"], "first");
}

#[test]
fn impossible_dates_are_problems_and_skip_the_record() {
    let name = "bad_date.json";
    let path = fixture(name);
    let shown = path.display().to_string();
    let r = run([Path::new("validate"), &path]);
    r.expect_code(1, name);
    let (_, v) = validate_json(&path);
    assert_eq!(count(&v, "incidents"), 1, "only inc-ok loads: {v:#}");
    assert_eq!(problems(&v).len(), 2, "{v:#}");
    for (record, needle) in [("inc-feb30", "2025-02-30"), ("inc-year-3000", "3000-01-01")] {
        let line = line_of(name, needle);
        let p = problem_for(&v, record, Some("date"));
        check_problem(p, name, record, "date", line, true);
        assert!(p["message"].as_str().unwrap().contains("date"), "{p:#}");
        assert_text_names(&r, &shown, line, record, "date");
    }
}

#[test]
fn impossible_coordinates_are_problems() {
    let name = "bad_coords.json";
    let path = fixture(name);
    let shown = path.display().to_string();
    let r = run([Path::new("validate"), &path]);
    r.expect_code(1, name);
    let (_, v) = validate_json(&path);
    assert_eq!(
        count(&v, "towns"),
        2,
        "records are kept, coordinates dropped"
    );
    assert_eq!(count(&v, "incidents"), 2);
    assert_eq!(problems(&v).len(), 2, "{v:#}");

    let line = line_of(name, "town:offworld");
    let p = problem_for(&v, "town:offworld", Some("lat"));
    check_problem(p, name, "town:offworld", "lat", line, false);
    assert!(p["message"].as_str().unwrap().contains("123"), "{p:#}");
    assert_text_names(&r, &shown, line, "town:offworld", "lat");

    let line = line_of(name, "inc-far-east");
    let p = problem_for(&v, "inc-far-east", Some("lon"));
    check_problem(p, name, "inc-far-east", "lon", line, false);
    assert!(p["message"].as_str().unwrap().contains("500"), "{p:#}");

    // The kept town has no coordinates rather than impossible ones.
    let s = run_cmd(
        sitrep()
            .arg("--store")
            .arg(&path)
            .args(["show", "town", "Offworld", "--json"]),
    );
    s.expect_code(0, "show Offworld");
    let rec = &s.json()["record"];
    assert!(rec.get("lat").is_none_or(Value::is_null), "{rec:#}");
}

#[test]
fn fatalities_that_do_not_bracket_are_problems() {
    let name = "fatalities_unbracketed.json";
    let path = fixture(name);
    let shown = path.display().to_string();
    let r = run([Path::new("validate"), &path]);
    r.expect_code(1, name);
    let (_, v) = validate_json(&path);
    assert_eq!(count(&v, "incidents"), 2, "kept as given");
    assert_eq!(count(&v, "fatalities"), 2 + 12);
    assert_eq!(problems(&v).len(), 1, "{v:#}");
    let line = line_of(name, "inc-upside-down");
    let p = problem_for(&v, "inc-upside-down", None);
    check_problem(p, name, "inc-upside-down", "fatalities", line, false);
    let msg = p["message"].as_str().unwrap();
    for n in ["20", "12", "15"] {
        assert!(msg.contains(n), "{msg}");
    }
    assert_text_names(&r, &shown, line, "inc-upside-down", "fatalities");
}

#[test]
fn every_problem_in_json_carries_the_documented_fields() {
    for name in [
        "wrong_types.json",
        "dangling_refs.json",
        "duplicate_ids.json",
        "bad_date.json",
        "bad_coords.json",
        "fatalities_unbracketed.json",
    ] {
        let (r, v) = validate_json(&fixture(name));
        r.expect_code(1, name);
        assert!(!problems(&v).is_empty(), "{name}: no problems in {v:#}");
        for p in problems(&v) {
            for key in [
                "file", "line", "column", "record", "field", "message", "skipped",
            ] {
                assert!(p.get(key).is_some(), "{name}: problem lacks '{key}': {p:#}");
            }
            assert!(p["skipped"].is_boolean(), "{p:#}");
            assert!(p["line"].as_u64().unwrap() >= 1, "{p:#}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// validate: several paths at once
// ---------------------------------------------------------------------------------------

#[test]
fn several_paths_exit_with_the_worst_code_and_mention_each_file() {
    let good = fixture("good.json");
    let bad = fixture("wrong_types.json");
    let broken = fixture("truncated.json");

    let r = run([Path::new("validate"), &good, &bad, &broken]);
    r.expect_code(2, "good + problems + unreadable");
    for p in [&good, &bad, &broken] {
        assert!(
            r.stdout.contains(&p.display().to_string()),
            "{} not mentioned:\n{}",
            p.display(),
            r.stdout
        );
    }

    let r = run([Path::new("validate"), &good, &bad]);
    r.expect_code(1, "good + problems");
    let r = run([Path::new("validate"), &bad, &good]);
    r.expect_code(1, "problems + good (order does not matter)");
    let r = run([Path::new("validate"), &broken, &good]);
    r.expect_code(2, "unreadable first");
    assert!(
        r.stdout.contains("no problems"),
        "the good file is still checked:\n{}",
        r.stdout
    );
    let r = run([Path::new("validate"), &good, &fixture("bad_coords.json")]);
    r.expect_code(1, "good + bad coordinates");
    let r = run([Path::new("validate"), &good, &good]);
    r.expect_code(0, "good twice");
}

#[test]
fn several_paths_in_json_total_the_counts_and_list_each_store() {
    let good = fixture("good.json");
    let bad = fixture("wrong_types.json");
    let broken = fixture("truncated.json");
    let r = run([
        Path::new("validate"),
        &good,
        &bad,
        &broken,
        Path::new("--json"),
    ]);
    r.expect_code(2, "json, three files");
    let v = r.json();
    assert_eq!(count(&v, "incidents"), 4 + 2);
    assert_eq!(count(&v, "fatalities"), 11 + 6);
    assert_eq!(problems(&v).len(), 1, "{v:#}");
    assert_eq!(problems(&v)[0]["record"], "inc-bad-type");
    let stores = v["stores"].as_array().expect("stores array");
    assert_eq!(stores.len(), 3);
    for (s, p) in stores.iter().zip([&good, &bad, &broken]) {
        assert_eq!(s["file"], p.display().to_string(), "{s:#}");
    }
    assert!(stores[2]["error"].as_str().unwrap().contains("truncated"));
}

// ---------------------------------------------------------------------------------------
// Never a panic
// ---------------------------------------------------------------------------------------

const BAD_FIXTURES: &[(&str, i32)] = &[
    ("truncated.json", 2),
    ("top_level_array.json", 2),
    ("schema_99.json", 2),
    ("schema_missing.json", 2),
    ("empty.json", 2),
    ("whitespace_only.json", 2),
    ("garbage.bin", 2),
    ("garbage_brace.bin", 2),
    ("invalid_utf8.json", 2),
    ("wrong_types.json", 1),
    ("dangling_refs.json", 1),
    ("dangling_parent.json", 1),
    ("duplicate_ids.json", 1),
    ("bad_date.json", 1),
    ("bad_coords.json", 1),
    ("fatalities_unbracketed.json", 1),
];

#[test]
fn no_bad_fixture_makes_any_command_panic() {
    for &(name, code) in BAD_FIXTURES {
        let path = fixture(name);
        // `run` checks every output for "panicked" / "RUST_BACKTRACE" and for a crash.
        run([Path::new("validate"), &path]).expect_code(code, name);
        run([Path::new("validate"), &path, Path::new("--json")]).expect_code(code, name);
        let store = |args: &[&str]| run_cmd(sitrep().arg("--store").arg(&path).args(args));
        // Unreadable stores fail every command with 2; stores with problems still open.
        let open_code = if code == 2 { 2 } else { 0 };
        store(&[]).expect_code(open_code, &format!("summary of {name}"));
        let s = store(&["show", "town", "Alphaville"]);
        if code == 2 {
            s.expect_code(2, &format!("show on {name}"));
            assert!(
                s.stderr.contains(&path.display().to_string()),
                "{}",
                s.stderr
            );
        }
        store(&["show", "actor", "zzz-nobody"]);
        store(&["show", "incident", "inc-ok", "--json"]);
    }
}

#[test]
fn deeply_nested_json_does_not_crash() {
    let path = fixture("deep_nesting.json");
    let r = run([Path::new("validate"), &path]);
    assert!(matches!(r.code, Some(1) | Some(2)), "exit {:?}", r.code);
    assert!(r.all().contains(&path.display().to_string()), "{}", r.all());
}

#[test]
fn byte_order_mark_does_not_crash() {
    // A UTF-8 BOM before a valid store: either read (0) or refused with a message (2).
    let path = fixture("bom.json");
    let r = run([Path::new("validate"), &path]);
    assert!(matches!(r.code, Some(0) | Some(2)), "exit {:?}", r.code);
    assert!(r.all().contains(&path.display().to_string()), "{}", r.all());
}

// ---------------------------------------------------------------------------------------
// --store and SITREP_STORE
// ---------------------------------------------------------------------------------------

/// "Alfaville" is an alias only good.json has; the sample does not know it.
#[test]
fn store_flag_picks_the_store_for_show() {
    run(["show", "town", "Alfaville"]).expect_code(1, "not in the sample");

    let good = fixture("good.json");
    let r = run_cmd(
        sitrep()
            .arg("--store")
            .arg(&good)
            .args(["show", "town", "Alfaville"]),
    );
    r.expect_code(0, "--store before the command");
    assert!(r.stdout.contains("Alphaville [town:alpha]"), "{}", r.stdout);

    let r = run_cmd(
        sitrep()
            .args(["show", "town", "Alfaville", "--store"])
            .arg(&good),
    );
    r.expect_code(0, "--store after the command (global flag)");
    assert!(r.stdout.contains("Alphaville [town:alpha]"), "{}", r.stdout);
}

#[test]
fn store_env_picks_the_store_for_show() {
    let r = run_cmd(sitrep().env("SITREP_STORE", fixture("good.json")).args([
        "show",
        "town",
        "Alfaville",
    ]));
    r.expect_code(0, "SITREP_STORE");
    assert!(r.stdout.contains("Alphaville [town:alpha]"), "{}", r.stdout);
}

#[test]
fn store_flag_and_env_pick_the_store_for_validate() {
    let good = fixture("good.json");
    let r = run_cmd(
        sitrep()
            .arg("--store")
            .arg(&good)
            .args(["validate", "--json"]),
    );
    r.expect_code(0, "validate --store");
    let v = r.json();
    assert_eq!(count(&v, "incidents"), 4);
    assert!(v["file"].as_str().unwrap().ends_with("good.json"), "{v:#}");

    let r = run_cmd(
        sitrep()
            .env("SITREP_STORE", &good)
            .args(["validate", "--json"]),
    );
    r.expect_code(0, "validate with SITREP_STORE");
    assert_eq!(count(&r.json(), "incidents"), 4);

    let bad = fixture("wrong_types.json");
    let r = run_cmd(sitrep().env("SITREP_STORE", &bad).args(["validate"]));
    r.expect_code(1, "SITREP_STORE pointing at a store with problems");
    assert!(r.stdout.contains("inc-bad-type"), "{}", r.stdout);
}

#[test]
fn store_flag_wins_over_env_and_explicit_paths_win_over_both() {
    let good = fixture("good.json");
    let bad = fixture("wrong_types.json");
    let r = run_cmd(
        sitrep()
            .env("SITREP_STORE", &bad)
            .arg("--store")
            .arg(&good)
            .args(["validate", "--json"]),
    );
    r.expect_code(0, "--store overrides SITREP_STORE");
    assert_eq!(count(&r.json(), "incidents"), 4);

    let r = run_cmd(
        sitrep()
            .env("SITREP_STORE", &bad)
            .args(["validate", "--json"])
            .arg(&good),
    );
    r.expect_code(0, "a PATH argument overrides SITREP_STORE");
    assert_eq!(count(&r.json(), "incidents"), 4);
}

#[test]
fn unreadable_store_fails_show_with_exit_2_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone.json");
    let r = run_cmd(
        sitrep()
            .arg("--store")
            .arg(&missing)
            .args(["show", "town", "Kayes"]),
    );
    r.expect_code(2, "show on a missing store");
    assert!(
        r.stderr.contains(&missing.display().to_string()),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty(), "{}", r.stdout);

    let r = run_cmd(
        sitrep()
            .env("SITREP_STORE", fixture("truncated.json"))
            .args(["show", "town", "Kayes"]),
    );
    r.expect_code(2, "show on a truncated store via SITREP_STORE");
    assert!(r.stderr.contains("truncated.json"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------
// show on the built-in sample
// ---------------------------------------------------------------------------------------

#[test]
fn show_town_binoli_finds_diboli() {
    let r = run(["show", "town", "Binoli"]);
    r.expect_code(0, "show town Binoli");
    let first = r.stdout.lines().next().unwrap_or_default();
    assert!(
        first.contains("Diboli") && first.contains("town:diboli"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Binoli"),
        "the alias is listed:\n{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("inc-20250701-diboli"),
        "linked incidents:\n{}",
        r.stdout
    );

    // Both spellings, any case, name the same record.
    for q in ["Diboli", "DIBOLI", "binoli"] {
        let r = run(["show", "town", q]);
        r.expect_code(0, q);
        assert!(r.stdout.contains("[town:diboli]"), "{q}: {}", r.stdout);
    }
}

#[test]
fn show_town_is_accent_insensitive() {
    for q in ["sandare", "Sandaré", "SANDARÉ", "Sandere"] {
        let r = run(["show", "town", q]);
        r.expect_code(0, q);
        assert!(
            r.stdout.contains("Sandaré [town:sandare]"),
            "{q}: {}",
            r.stdout
        );
    }
    let r = run(["show", "town", "segou"]);
    r.expect_code(0, "segou");
    assert!(r.stdout.contains("Ségou"), "{}", r.stdout);
}

#[test]
fn show_actor_finds_jnim_by_acronym_and_full_name() {
    for q in [
        "GSIM",
        "jnim",
        "Jama'at Nusrat al-Islam wal Muslimin",
        "Jama\u{2019}at Nusrat al-Islam wal Muslimin",
        "actor:jnim",
    ] {
        let r = run(["show", "actor", q]);
        r.expect_code(0, q);
        let first = r.stdout.lines().next().unwrap_or_default();
        assert!(first.contains("[actor:jnim]"), "{q}: {}", r.stdout);
        assert!(
            r.stdout.contains("Recent incidents (") && r.stdout.contains("  [inc-"),
            "{q}: linked incidents with their ids:\n{}",
            r.stdout
        );
    }
}

/// The Kayes incident of 1 July 2025, as the shipped file has it.
fn kayes_incident() -> Value {
    sample_doc()["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["date"] == "2025-07-01" && i["town"] == "town:kayes")
        .expect("the sample holds the Kayes attack of 1 July 2025")
        .clone()
}

#[test]
fn show_incident_prints_its_claims() {
    let inc = kayes_incident();
    let id = inc["id"].as_str().unwrap();
    let claims = inc["claims"].as_array().expect("claims");
    assert!(claims.len() >= 2, "army and JNIM claims");

    let r = run(["show", "incident", id]);
    r.expect_code(0, id);
    assert!(r.stdout.contains(id), "{}", r.stdout);
    // The claims as the browser shows them: side by side, each party's figure and words.
    let from_claims: Vec<&str> = r
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Claims (contested)"))
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(from_claims.len() > 2, "{}", r.stdout);
    let parties = from_claims[1];
    for c in claims {
        let words: Vec<&str> = c["claim"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .take(3)
            .collect();
        let opening = words.join(" ");
        assert!(
            from_claims.iter().any(|l| l.contains(&opening)),
            "claim text missing: {opening}\n{}",
            r.stdout
        );
        if let Some(n) = c["figure"].as_u64() {
            assert!(
                from_claims
                    .iter()
                    .any(|l| l.contains(&format!("Figure: {n} "))),
                "figure {n} missing:\n{}",
                r.stdout
            );
        }
    }
    assert!(
        parties.contains("Military Forces of Mali") && parties.contains(" | JNIM"),
        "both parties head the columns: {parties}"
    );
    assert!(r.stdout.contains("Kayes"), "{}", r.stdout);
}

#[test]
fn show_json_town_has_kind_record_and_incidents() {
    let r = run(["show", "town", "Binoli", "--json"]);
    r.expect_code(0, "show town --json");
    let v = r.json();
    assert_eq!(v["kind"], "town");
    assert_eq!(v["record"]["id"], "town:diboli");
    assert_eq!(v["record"]["name"], "Diboli");
    assert!(
        v["record"]["aliases"]
            .as_array()
            .unwrap()
            .contains(&Value::from("Binoli"))
    );
    let incidents = v["incidents"].as_array().expect("incidents");
    assert!(!incidents.is_empty());
    assert_eq!(count(&v, "incident_count"), incidents.len() as u64);
    assert!(incidents.iter().all(|i| i["town"] == "Diboli"), "{v:#}");
    assert!(
        incidents.iter().any(|i| i["id"] == "inc-20250701-diboli"),
        "{v:#}"
    );
}

#[test]
fn show_json_town_actor_counts_are_incident_counts() {
    // Each actor listed with a town carries "incidents": how many of the town's incidents
    // it is in. An actor listed twice in one incident (attacker and claimed_by) is in that
    // incident once.
    let r = run(["show", "town", "Diboli", "--json"]);
    r.expect_code(0, "show town Diboli --json");
    let v = r.json();
    let total = count(&v, "incident_count");
    let town_incidents = v["incidents"].as_array().unwrap();
    for a in v["actors"].as_array().expect("actors") {
        let n = a["incidents"].as_u64().unwrap();
        assert!(
            n <= total,
            "actor {} in {n} of {total} incidents: {v:#}",
            a["id"]
        );
        // Cross-check against `show actor --json` for the same actor.
        let id = a["id"].as_str().unwrap();
        let av = run(["show", "actor", id, "--json"]).json();
        let in_town = av["incidents"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| town_incidents.iter().any(|t| t["id"] == i["id"]))
            .count() as u64;
        assert_eq!(n, in_town, "actor {id} in Diboli");
    }
}

#[test]
fn show_json_actor_has_kind_record_and_incidents() {
    let r = run(["show", "actor", "GSIM", "--json"]);
    r.expect_code(0, "show actor --json");
    let v = r.json();
    assert_eq!(v["kind"], "actor");
    assert_eq!(v["record"]["id"], "actor:jnim");
    let incidents = v["incidents"].as_array().expect("incidents");
    assert_eq!(count(&v, "incident_count"), incidents.len() as u64);
    let kayes = kayes_incident();
    assert!(incidents.iter().any(|i| i["id"] == kayes["id"]), "{v:#}");
    // Newest first.
    let dates: Vec<&str> = incidents
        .iter()
        .map(|i| i["date"].as_str().unwrap())
        .collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "not newest first: {dates:?}"
    );
}

#[test]
fn show_json_incident_has_kind_record_and_links() {
    let inc = kayes_incident();
    let id = inc["id"].as_str().unwrap();
    let r = run(["show", "incident", id, "--json"]);
    r.expect_code(0, "show incident --json");
    let v = r.json();
    assert_eq!(v["kind"], "incident");
    assert_eq!(v["record"]["id"], id);
    assert_eq!(v["record"]["claims"], inc["claims"], "claims kept as given");
    assert_eq!(v["town"]["id"], "town:kayes");
    let actors = v["actors"].as_array().unwrap();
    assert!(actors.iter().any(|a| a["id"] == "actor:jnim"), "{v:#}");
    assert!(actors.iter().all(|a| a["name"].is_string()), "{v:#}");
    let reports = v["reports"].as_array().unwrap();
    let cited: Vec<&Value> = inc["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s.get("report"))
        .collect();
    assert!(!cited.is_empty());
    for rid in cited {
        assert!(
            reports.iter().any(|r| &r["id"] == rid),
            "{rid} not linked: {v:#}"
        );
    }
}

#[test]
fn show_unknown_name_exits_1_with_a_message() {
    let r = run(["show", "town", "Atlantis"]);
    r.expect_code(1, "unknown town");
    assert!(r.stderr.contains("Atlantis"), "{}", r.stderr);
    assert!(r.stderr.contains("no town"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);

    let r = run(["show", "incident", "inc-does-not-exist"]);
    r.expect_code(1, "unknown incident");
    assert!(r.stderr.contains("inc-does-not-exist"), "{}", r.stderr);

    // A town name is not an actor.
    let r = run(["show", "actor", "Kayes"]);
    r.expect_code(1, "a town is not an actor");
}

#[test]
fn show_ambiguous_partial_name_lists_candidates() {
    let r = run(["show", "town", "nio"]);
    r.expect_code(1, "ambiguous town");
    for c in [
        "Niono",
        "Nioro du Sahel",
        "town:niono",
        "town:nioro-du-sahel",
    ] {
        assert!(r.stderr.contains(c), "candidate {c} missing:\n{}", r.stderr);
    }
    assert!(r.stdout.is_empty(), "{}", r.stdout);

    let r = run(["show", "actor", "protesters"]);
    r.expect_code(1, "ambiguous actor");
    assert!(r.stderr.contains("Protesters (Mali)"), "{}", r.stderr);
    assert!(r.stderr.contains("Protesters (Niger)"), "{}", r.stderr);

    let r = run_cmd(
        sitrep()
            .arg("--store")
            .arg(fixture("good.json"))
            .args(["show", "actor", "red"]),
    );
    r.expect_code(1, "ambiguous in good.json");
    assert!(
        r.stderr.contains("Red Brigade") && r.stderr.contains("Red Wing"),
        "{}",
        r.stderr
    );
}

#[test]
fn show_on_a_fixture_prints_linked_records() {
    let good = fixture("good.json");
    let r = run_cmd(
        sitrep()
            .arg("--store")
            .arg(&good)
            .args(["show", "actor", "RB"]),
    );
    r.expect_code(0, "show actor RB");
    assert!(r.stdout.contains("Red Brigade [actor:red]"), "{}", r.stdout);
    assert!(r.stdout.contains("inc-a1"), "{}", r.stdout);
    assert!(
        !r.stdout.contains("inc-a2"),
        "Red Wing's incident is not Red Brigade's:\n{}",
        r.stdout
    );

    let r = run_cmd(
        sitrep()
            .arg("--store")
            .arg(&good)
            .args(["show", "actor", "Red Wing"]),
    );
    r.expect_code(0, "show actor Red Wing");
    assert!(
        r.stdout.contains("Part of\n  Red Brigade  [actor:red]\n"),
        "{}",
        r.stdout
    );

    let r = run_cmd(
        sitrep()
            .arg("--store")
            .arg(&good)
            .args(["show", "town", "segu", "--json"]),
    );
    r.expect_code(0, "show town segu");
    let v = r.json();
    assert_eq!(v["record"]["id"], "town:segou");
    let ids: Vec<&str> = v["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["inc-s2", "inc-s1"], "newest first");
    assert_eq!(count(&v, "fatalities"), 4);
}

// ---------------------------------------------------------------------------------------
// gen
// ---------------------------------------------------------------------------------------

fn gen_to(path: &Path, incidents: &str, seed: &str) -> Run {
    let r = run_cmd(
        sitrep()
            .args(["gen", "--incidents", incidents, "--seed", seed, "-o"])
            .arg(path),
    );
    r.expect_code(0, &format!("gen --incidents {incidents} --seed {seed}"));
    r
}

#[test]
fn gen_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    gen_to(&a, "500", "7");
    gen_to(&b, "500", "7");
    let (a, b) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert!(
        a.len() > 1000,
        "a 500-incident store is not {} bytes",
        a.len()
    );
    assert!(a == b, "two runs with the same seed differ");
}

#[test]
fn gen_with_another_seed_differs() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("seed7.json");
    let b = dir.path().join("seed8.json");
    gen_to(&a, "500", "7");
    gen_to(&b, "500", "8");
    assert_ne!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn gen_output_validates_clean_and_is_marked_synthetic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("synthetic.json");
    gen_to(&path, "500", "7");

    let (r, v) = validate_json(&path);
    r.expect_code(0, "validate the generated store");
    assert_eq!(count(&v, "incidents"), 500);
    assert!(problems(&v).is_empty(), "{v:#}");
    assert!(count(&v, "towns") > 0 && count(&v, "actors") > 0, "{v:#}");

    let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(
        doc["meta"]["content"], "synthetic",
        "meta: {:#}",
        doc["meta"]
    );

    // The summary says so too.
    let s = run_cmd(sitrep().arg("--store").arg(&path));
    s.expect_code(0, "summary of the generated store");
    assert!(s.stdout.contains("SYNTHETIC"), "{}", s.stdout);
    assert!(s.stdout.contains("500 incidents"), "{}", s.stdout);
}

#[test]
fn gen_writes_to_stdout_without_output_flag() {
    let r = run(["gen", "--incidents", "50", "--seed", "7"]);
    r.expect_code(0, "gen to stdout");
    let v: Value = serde_json::from_str(&r.stdout).expect("gen writes JSON to stdout");
    assert_eq!(v["incidents"].as_array().unwrap().len(), 50);
    assert_eq!(v["meta"]["content"], "synthetic");

    // Same bytes as writing to a file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fifty.json");
    gen_to(&path, "50", "7");
    assert_eq!(
        r.stdout.as_bytes(),
        std::fs::read(&path).unwrap().as_slice()
    );
}

#[test]
fn gen_into_a_missing_directory_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no/such/dir/out.json");
    let r = run_cmd(sitrep().args(["gen", "--incidents", "5", "-o"]).arg(&path));
    assert_ne!(r.code, Some(0), "gen into a missing directory succeeded");
    assert!(r.stderr.contains("no/such/dir"), "{}", r.stderr);
    assert!(!path.exists());
}

// ---------------------------------------------------------------------------------------
// No command, stdout not a terminal: the summary
// ---------------------------------------------------------------------------------------

#[test]
fn no_command_off_a_terminal_prints_the_summary() {
    // Command::output() pipes stdout and gives stdin /dev/null: neither is a terminal.
    let r = run(Vec::<&str>::new());
    r.expect_code(0, "sitrep with no command");
    let doc = sample_doc();
    let title = doc["meta"]["title"].as_str().unwrap();
    assert_eq!(r.stdout.lines().next(), Some(title), "{}", r.stdout);
    let n = doc["incidents"].as_array().unwrap().len();
    assert!(r.stdout.contains(&format!("{n} incidents")), "{}", r.stdout);
    let t = doc["towns"].as_array().unwrap().len();
    assert!(r.stdout.contains(&format!("{t} towns")), "{}", r.stdout);
    assert!(
        r.stdout.contains("MIXED"),
        "the sample is marked mixed:\n{}",
        r.stdout
    );
    // No terminal control sequences in piped output.
    assert!(!r.stdout.contains('\u{1b}'), "escape codes in piped output");
}

#[test]
fn no_command_with_a_store_summarises_that_store() {
    let r = run_cmd(sitrep().arg("--store").arg(fixture("good.json")));
    r.expect_code(0, "summary of good.json");
    assert_eq!(
        r.stdout.lines().next(),
        Some("CLI test store (hand-written)")
    );
    assert!(
        r.stdout.contains("4 incidents, 3 actors, 3 towns"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("ILLUSTRATIVE"), "{}", r.stdout);
    assert!(
        r.stdout.contains("2025-03-01 to 2025-06-01"),
        "{}",
        r.stdout
    );
}
