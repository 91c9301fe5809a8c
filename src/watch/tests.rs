//! Each rule's threshold on small hand-made stores (at it, above, below), the rule and file
//! grammar, and the errors that name a line.

use std::path::Path;

use serde_json::json;

use super::*;

fn inc(id: &str, date: &str, town: &str, actor: &str, best: Option<u32>) -> serde_json::Value {
    let (admin1, admin2) = match town {
        "town:tougan" => ("Boucle du Mouhoun", "Sourou"),
        _ => ("Kayes", "Kayes"),
    };
    let country = if town == "town:tougan" {
        "Burkina Faso"
    } else {
        "Mali"
    };
    json!({
        "id": id, "date": date, "town": town, "country": country, "admin1": admin1,
        "admin2": admin2, "event_type": "Battles",
        "actors": [{"actor": actor, "role": "attacker"}],
        "fatalities": match best { Some(b) => json!({"best": b}), None => json!({}) },
        "sources": [{"outlet": "Hand-written test (illustrative)", "illustrative": true}]
    })
}

fn store(incidents: Vec<serde_json::Value>) -> Store {
    let doc = json!({
        "schema_version": 1,
        "meta": {"title": "watch test", "content": "illustrative",
                 "coverage": {"from": "2025-01-01", "to": "2025-07-13"}},
        "towns": [
            {"id": "town:kayes", "name": "Kayes", "country": "Mali", "admin1": "Kayes",
             "admin2": "Kayes", "lat": 14.45, "lon": -11.44},
            {"id": "town:diboli", "name": "Diboli", "country": "Mali", "admin1": "Kayes",
             "admin2": "Kayes", "lat": 14.46, "lon": -12.2},
            {"id": "town:tougan", "name": "Tougan", "country": "Burkina Faso",
             "admin1": "Boucle du Mouhoun", "admin2": "Sourou", "lat": 13.07, "lon": -3.07}
        ],
        "actors": [
            {"id": "actor:jnim", "name": "JNIM", "kind": "islamist_armed_group"},
            {"id": "actor:fama", "name": "Military Forces of Mali", "aliases": ["FAMa"],
             "kind": "state_forces"}
        ],
        "reports": [],
        "incidents": incidents
    });
    let bytes = serde_json::to_vec(&doc).unwrap();
    let s = Store::from_bytes(Path::new("watch-test.json"), &bytes, &|_, _| {}).unwrap();
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    s
}

fn watch(filter: &str, rule: &str) -> Watch {
    let text = format!("[[watch]]\nname = \"w\"\nfilter = '{filter}'\nrule = \"{rule}\"\n");
    let mut w = parse(&text, Path::new("w.toml")).unwrap();
    w.remove(0)
}

fn run(s: &Store, filter: &str, rule: &str) -> Outcome {
    let mut ws = vec![watch(filter, rule)];
    file::check(&mut ws, s, |_| {}).unwrap();
    evaluate(s, &ws[0])
}

/// The newest incident is on Wednesday 9 July 2025: the latest week is 2025-W28, 7 to 13
/// July; three Kayes incidents in it, one the week before, one in June.
fn counting() -> Store {
    store(vec![
        inc("k1", "2025-07-09", "town:kayes", "actor:jnim", Some(1)),
        inc("k2", "2025-07-08", "town:kayes", "actor:jnim", Some(0)),
        inc("k3", "2025-07-07", "town:diboli", "actor:fama", None),
        inc("k4", "2025-07-06", "town:kayes", "actor:jnim", Some(2)),
        inc("k5", "2025-06-15", "town:kayes", "actor:jnim", Some(2)),
        inc("t1", "2025-07-01", "town:tougan", "actor:jnim", Some(5)),
    ])
}

#[test]
fn count_per_week_fires_only_above_the_threshold() {
    let s = counting();
    let at = run(&s, "country:kayes", "count > 3 per week");
    assert_eq!((at.value, at.threshold, at.fired), (3, 3, false));
    let p = at.period.unwrap();
    assert_eq!(
        (p.label.as_str(), p.since.to_string()),
        ("2025-W28", "2025-07-07".into())
    );
    assert_eq!(p.until.to_string(), "2025-07-13");
    let above = run(&s, "country:kayes", "count > 2 per week");
    assert!(above.fired);
    let ids: Vec<&str> = above
        .incidents
        .iter()
        .map(|&i| s.incident(i).id.as_str())
        .collect();
    assert_eq!(ids, ["k1", "k2", "k3"]);
    let below = run(&s, "country:kayes", "count > 4 per week");
    assert_eq!((below.value, below.fired), (3, false));
}

#[test]
fn count_per_month_counts_the_calendar_month_of_the_newest_incident() {
    let s = counting();
    // July: k1-k4 in Kayes region (k5 is June), t1 in Burkina Faso.
    let at = run(&s, "country:kayes", "count > 4 per month");
    assert_eq!((at.value, at.fired), (4, false));
    assert_eq!(at.period.unwrap().label, "2025-07");
    assert!(run(&s, "country:kayes", "count > 3 per month").fired);
    assert!(
        run(&s, "", "count > 4 per month").fired,
        "5 incidents in July in all"
    );
}

#[test]
fn any_fires_when_one_incident_matches_and_near_limits_the_distance() {
    let s = counting();
    // Only k3 is at Diboli (Kayes is about 82 km away), and it is FAMa's.
    let none = run(&s, "actor:jnim near:diboli,50km", "any");
    assert_eq!((none.value, none.fired), (0, false));
    let one = run(&s, "actor:fama near:diboli,50km", "any");
    assert_eq!((one.value, one.threshold, one.fired), (1, 0, true));
    assert!(one.period.is_none());
    let wider = run(&s, "actor:jnim near:diboli,100km", "any");
    assert_eq!(wider.value, 4);
}

/// Sourou (Tougan): the latest week 2025-W28 (newest incident 9 July) against the 3 weeks
/// before (16 June to 6 July), whose highest week is 10 killed; 30 killed in an older week
/// outside the window.
fn fatal(latest: u32) -> Store {
    store(vec![
        inc(
            "s0",
            "2025-07-09",
            "town:tougan",
            "actor:jnim",
            Some(latest),
        ),
        inc("s1", "2025-07-02", "town:tougan", "actor:jnim", Some(4)),
        inc("s2", "2025-06-25", "town:tougan", "actor:jnim", Some(6)),
        inc("s3", "2025-06-26", "town:tougan", "actor:jnim", Some(4)),
        inc("s4", "2025-06-17", "town:tougan", "actor:jnim", Some(3)),
        inc("s5", "2025-06-10", "town:tougan", "actor:jnim", Some(30)),
        inc("s6", "2025-07-08", "town:kayes", "actor:jnim", Some(50)),
    ])
}

#[test]
fn fatalities_fire_only_above_the_k_week_high() {
    let rule = "fatalities above 3-week high";
    let at = run(&fatal(10), "admin2:sourou", rule);
    assert_eq!((at.value, at.threshold, at.fired), (10, 10, false));
    assert_eq!(at.note, None);
    let above = run(&fatal(11), "admin2:sourou", rule);
    assert_eq!((above.value, above.threshold, above.fired), (11, 10, true));
    assert_eq!(above.incidents.len(), 1);
    let below = run(&fatal(9), "admin2:sourou", rule);
    assert_eq!((below.value, below.fired), (9, false));
    // Four weeks back reaches the 30 of 10 June.
    let longer = run(
        &fatal(11),
        "admin2:sourou",
        "fatalities above its 4-week high",
    );
    assert_eq!((longer.threshold, longer.fired), (30, false));
}

#[test]
fn fatalities_say_when_the_store_does_not_reach_back() {
    let s = store(vec![inc(
        "s0",
        "2025-07-09",
        "town:tougan",
        "actor:jnim",
        Some(3),
    )]);
    // Coverage from 1 January: 12 weeks back is covered; 52 weeks back is not, in part.
    let o = run(&s, "", "fatalities above 52-week high");
    assert!(o.fired);
    assert!(o.note.unwrap().contains("of the 364 days before"));
}

#[test]
fn rules_parse_in_their_written_forms_and_round_trip() {
    for (text, rule) in [
        (
            "count > 3 per week",
            Rule::CountAbove {
                n: 3,
                every: Every::Week,
            },
        ),
        (
            "Count>3 a week",
            Rule::CountAbove {
                n: 3,
                every: Every::Week,
            },
        ),
        (
            "incidents > 10 per month",
            Rule::CountAbove {
                n: 10,
                every: Every::Month,
            },
        ),
        ("any", Rule::Any),
        (
            "fatalities above 12-week high",
            Rule::FatalitiesAboveHigh { weeks: 12 },
        ),
        (
            "fatalities above its 12-week high",
            Rule::FatalitiesAboveHigh { weeks: 12 },
        ),
        (
            "fatalities above 12 week high",
            Rule::FatalitiesAboveHigh { weeks: 12 },
        ),
    ] {
        assert_eq!(Rule::parse(text), Ok(rule), "{text}");
        assert_eq!(Rule::parse(&rule.text()), Ok(rule));
    }
    for bad in [
        "count > x per week",
        "count 3 per week",
        "count > 3 per day",
        "some",
        "",
    ] {
        assert!(
            Rule::parse(bad).unwrap_err().contains("is not one of"),
            "{bad}"
        );
    }
    assert!(
        Rule::parse("fatalities above 0-week high")
            .unwrap_err()
            .contains("1 to 520")
    );
}

fn file_err(text: &str) -> String {
    parse(text, Path::new("watches.toml"))
        .unwrap_err()
        .to_string()
}

#[test]
fn file_mistakes_name_their_line() {
    let head = "[[watch]]\nname = \"a\"\nfilter = \"country:kayes\"\n";
    assert_eq!(
        file_err(&format!("{head}rule = \"count > many per week\"\n")),
        "watches.toml:4:8: rule 'count > many per week' is not one of `count > N per week`, \
         `count > N per month`, `any`, `fatalities above K-week high`"
    );
    assert!(
        file_err(&format!("{head}rule = \"any\"\ncolour = 1\n")).starts_with("watches.toml:5:")
    );
    assert!(file_err(&format!("{head}rule = \"any\n")).starts_with("watches.toml:4:"));
    assert_eq!(
        file_err("[[watch]]\nname = \"a\"\nfilter = \"sinse:2025\"\nrule = \"any\"\n"),
        "watches.toml:3:10: filter: unknown filter key 'sinse:'; closest: since:"
    );
    assert!(file_err("[[watch]]\nname = \"a\"\n").contains("missing field `rule`"));
    assert_eq!(
        file_err(&format!("{head}rule = \"any\"\n\n{head}rule = \"any\"\n")),
        "watches.toml:7:8: a second watch named 'a'"
    );
    assert!(file_err("# nothing\n").contains("no watches"));
}

#[test]
fn a_filter_naming_nothing_in_the_store_is_refused_at_its_line() {
    let s = counting();
    let text = "[[watch]]\nname = \"a\"\nrule = \"any\"\nfilter = \"town:timbuktu\"\n";
    let mut ws = parse(text, Path::new("watches.toml")).unwrap();
    let e = file::check(&mut ws, &s, |_| {}).unwrap_err().to_string();
    assert!(
        e.starts_with("watches.toml:4:10: watch 'a': filter: "),
        "{e}"
    );
}

#[test]
fn the_status_line_names_only_the_fired_watches() {
    let s = counting();
    let mut ws = parse(
        "[[watch]]\nname = \"busy\"\nfilter = \"country:kayes\"\nrule = \"count > 2 per week\"\n\
         [[watch]]\nname = \"quiet\"\nrule = \"count > 9 per week\"\n\
         [[watch]]\nname = \"fama at diboli\"\nfilter = \"actor:fama near:diboli\"\nrule = \"any\"\n",
        Path::new("w.toml"),
    )
    .unwrap();
    file::check(&mut ws, &s, |_| {}).unwrap();
    let all = evaluate_all(&s, &ws);
    assert_eq!(
        status_line(&all).unwrap(),
        "watches: 2 of 3 fired: busy (3 > 2), fama at diboli (1)"
    );
    assert_eq!(status_line(&all[1..2]), None);
}
