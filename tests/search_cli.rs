//! `sitrep search` end to end, against tests/fixtures/search_small.json.

#[path = "common/run.rs"]
mod run;

use run::OutputWithin;
use std::process::{Command, Output};

use serde_json::Value;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/search_small.json"
);

fn sitrep(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .arg("--store")
        .arg(FIXTURE)
        .arg("search")
        .args(args)
        .env_remove("SITREP_STORE")
        .env("NO_COLOR", "1")
        .output_timed()
}

fn json(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = sitrep(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    v.as_array().expect("a JSON array").clone()
}

fn field<'a>(hit: &'a Value, key: &str) -> &'a str {
    hit[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {hit}"))
}

#[test]
fn json_hits_have_kind_id_label_score_best_first() {
    let hits = json(&["kayes"]);
    assert!(!hits.is_empty());
    for h in &hits {
        assert!(["incident", "actor", "town"].contains(&field(h, "kind")));
        assert!(!field(h, "id").is_empty());
        assert!(!field(h, "label").is_empty());
        assert!(h["score"].is_i64(), "{h}");
    }
    let scores: Vec<i64> = hits.iter().map(|h| h["score"].as_i64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // The town named exactly comes first, then its incidents, newest first.
    assert_eq!(field(&hits[0], "id"), "town:kayes");
    assert_eq!(field(&hits[1], "id"), "MLI0000001");
}

#[test]
fn aliases_accents_and_several_terms() {
    assert_eq!(field(&json(&["Timbuktu"])[0], "id"), "town:tombouctou");
    assert_eq!(field(&json(&["binoli"])[0], "id"), "town:diboli");
    assert_eq!(field(&json(&["SEGOU"])[0], "id"), "town:segou");
    for q in [
        "gsim",
        "Group for Support of Islam and Muslims",
        "Jama'at Nusrat al-Islam wal Muslimin",
    ] {
        assert_eq!(field(&json(&[q])[0], "id"), "actor:jnim", "query {q}");
    }
    // Two words as one argument or two: every word must match.
    for args in [&["kayes jnim"][..], &["kayes", "jnim"][..]] {
        let mut ids: Vec<String> = json(args)
            .iter()
            .map(|h| field(h, "id").to_string())
            .collect();
        assert_eq!(ids[0], "MLI0000001");
        ids.sort();
        assert_eq!(
            ids,
            ["MLI0000001", "MLI0000002", "MLI0000003", "MLI0000007"]
        );
    }
}

#[test]
fn kind_and_limit() {
    let hits = json(&["a", "--kind", "town", "--limit", "2"]);
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().all(|h| field(h, "kind") == "town"));
    let hits = json(&["jnim", "--kind", "incident"]);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| field(h, "kind") == "incident"));
    assert_eq!(json(&["a"]).len(), 20, "default limit");
}

#[test]
fn text_output_and_exit_codes() {
    let out = sitrep(&["sandre", "--limit", "3"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap();
    let cols: Vec<&str> = first.split_whitespace().collect();
    assert_eq!(cols[..2], ["town", "town:sandare"]);
    assert!(first.contains("Sandaré, Mali"));
    assert!(
        cols.last().unwrap().parse::<i64>().is_ok(),
        "score last: {first}"
    );
    assert_eq!(text.lines().count(), 3);

    let out = sitrep(&["qqqxxz"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing matches 'qqqxxz'"));
}

fn number(s: &str) -> bool {
    s.parse::<f64>().is_ok_and(|v| v >= 0.0)
}

#[test]
fn timings_lines() {
    let out = sitrep(&["kayes jnim", "--timings"]);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    let line = err
        .lines()
        .find(|l| l.starts_with("load_ms="))
        .expect("timings line");
    let keys: Vec<(&str, &str)> = line
        .split(' ')
        .map(|kv| kv.split_once('=').expect("key=value"))
        .collect();
    assert_eq!(
        keys.iter().map(|k| k.0).collect::<Vec<_>>(),
        ["load_ms", "index_ms", "search_ms"]
    );
    assert!(keys.iter().all(|k| number(k.1)), "{line}");
    assert!(!err.contains("keystroke_ms"));

    let out = sitrep(&["kayes jnim", "--timings", "--type-ahead"]);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.lines().any(|l| l.starts_with("load_ms=")));
    let line = err
        .lines()
        .find(|l| l.starts_with("keystroke_ms "))
        .expect("keystroke line");
    let parts: Vec<&str> = line.split(' ').collect();
    assert_eq!(parts.len(), 4, "{line}");
    for (part, key) in parts[1..].iter().zip(["p50", "p95", "max"]) {
        let (k, v) = part.split_once('=').unwrap();
        assert_eq!(k, key);
        assert!(number(v), "{line}");
    }
}

#[test]
fn built_in_sample_finds_diboli_by_the_article_spelling() {
    // Only facts the sample store guarantees (issue 2): "Binoli" is an alias of Diboli.
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["search", "Binoli", "--kind", "town", "--json"])
        .env_remove("SITREP_STORE")
        .output_timed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hits: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(field(&hits[0], "label").starts_with("Diboli"), "{hits}");
}
