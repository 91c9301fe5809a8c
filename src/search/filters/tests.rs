use super::*;
use chrono::NaiveDate;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const TODAY: (i32, u32, u32) = (2025, 7, 31);

fn parse(line: &str) -> Result<Filters, FilterError> {
    Filters::parse_at(line, day(TODAY.0, TODAY.1, TODAY.2))
}

fn err(line: &str) -> String {
    parse(line).unwrap_err().to_string()
}

fn scope_store() -> Store {
    let json = include_str!("../../../tests/fixtures/scope/store.json");
    Store::from_bytes(
        std::path::Path::new("scope.json"),
        json.as_bytes(),
        &|_, _| {},
    )
    .unwrap()
}

fn count(store: &Store, line: &str) -> usize {
    filtered_incidents(store, &parse(line).unwrap(), None).len()
}

fn check_err(store: &Store, line: &str) -> String {
    parse(line).unwrap().check(store).unwrap_err().to_string()
}

#[test]
fn parses_and_round_trips() {
    let f = parse(
        "since:2025-01-01 type:armed_clash country:Mali town:Nioro_du_Sahel actor:JNIM min:5 kayes",
    )
    .unwrap();
    assert_eq!(f.since, Some(day(2025, 1, 1)));
    assert_eq!(f.terms.len(), 4);
    assert_eq!(f.terms[0].key, Key::Type);
    assert_eq!(f.terms[0].values[0].text, "armed clash");
    assert_eq!(f.terms[2].values[0].text, "Nioro du Sahel");
    assert_eq!(f.min_fatalities, Some(5));
    assert_eq!(f.text, "kayes");
    assert_eq!(parse(&f.to_line()).unwrap(), f);
}

#[test]
fn or_exclusion_quotes_and_relative_dates_round_trip_as_typed() {
    let line = "since:30d until:today actor:\"katiba macina\",jnim -type:battles contested -marked";
    let f = parse(line).unwrap();
    assert_eq!(f.to_line(), line);
    assert_eq!(f.since, Some(day(2025, 7, 1)));
    assert_eq!(f.until, Some(day(2025, 7, 31)));
    assert_eq!(f.terms[0].values[0].text, "katiba macina");
    assert_eq!(f.terms[0].values[1].text, "jnim");
    assert!(f.terms[1].exclude);
    assert_eq!(f.terms[2].key, Key::Contested);
    assert!(f.terms[3].exclude && f.terms[3].key == Key::Marked);
    assert_eq!(parse(&f.to_line()).unwrap(), f);
}

#[test]
fn relative_dates_count_from_the_given_today() {
    let since = |v: &str| parse(&format!("since:{v}")).unwrap().since.unwrap();
    assert_eq!(since("today"), day(2025, 7, 31));
    assert_eq!(since("yesterday"), day(2025, 7, 30));
    assert_eq!(since("30d"), day(2025, 7, 1));
    assert_eq!(since("12w"), day(2025, 5, 8));
    assert_eq!(since("6m"), day(2025, 1, 31));
    assert_eq!(since("1y"), day(2024, 7, 31));
    assert_eq!(since("2025-06"), day(2025, 6, 1));
    let until = parse("until:2025-02").unwrap().until.unwrap();
    assert_eq!(until, day(2025, 2, 28));
}

#[test]
fn every_parse_error_message() {
    assert_eq!(
        err("sinse:2025-01-01"),
        "unknown filter key 'sinse:'; closest: since:"
    );
    assert_eq!(
        err("colour:red"),
        "unknown filter key 'colour:'; keys: since: until: type: country: region: admin1: \
         admin2: town: actor: dataset: precision: near: min: contested marked noted new tag: changed"
    );
    assert_eq!(
        err("actor:\"katiba"),
        "unterminated quote in 'actor:\"katiba'"
    );
    assert_eq!(err("country:"), "'country:' needs a value");
    assert_eq!(err("actor:jnim,"), "'actor:' needs a value");
    assert_eq!(
        err("since:yesterdy"),
        "since:yesterdy is not a date (YYYY-MM-DD, YYYY-MM, today, yesterday, or 30d, 12w, \
         6m, 1y before today)"
    );
    assert_eq!(
        err("until:2025-13-01"),
        "until:2025-13-01 is not a date (YYYY-MM-DD, YYYY-MM, today, yesterday, or 30d, 12w, \
         6m, 1y before today)"
    );
    assert_eq!(err("min:lots"), "min:lots is not a whole number");
    assert_eq!(
        err("-since:30d"),
        "'-since:' cannot be excluded (use since: and until: for dates, min: for fatalities)"
    );
    assert_eq!(err("min:1,2"), "'min:' takes one value, not a list");
    assert_eq!(
        err("contested:yes"),
        "'contested' takes no value (write contested or -contested)"
    );
    assert_eq!(
        err("since:2025-03-01 until:2025-02-01"),
        "since:2025-03-01 is after until:2025-02-01"
    );
    assert_eq!(
        err("precision:exakt"),
        "no precision 'exakt'; closest: exact (precision: exact, near, admin2, admin1, region, \
         country, sea, unknown)"
    );
    assert_eq!(
        err("precision:zzzzzzz"),
        "no precision 'zzzzzzz' (precision: exact, near, admin2, admin1, region, country, sea, \
         unknown)"
    );
    assert!(parse("").unwrap().is_empty());
}

#[test]
fn every_store_error_message() {
    let store = scope_store();
    assert_eq!(
        check_err(&store, "actor:jnm"),
        "no actor named 'jnm'; closest: JNIM: Group for Support of Islam and Muslims"
    );
    assert_eq!(
        check_err(&store, "country:mal"),
        "no country or admin1 region named 'mal'; closest: Mali, Somalia"
    );
    assert_eq!(
        check_err(&store, "town:atlantis"),
        "no town named 'atlantis' in this store"
    );
    assert_eq!(
        check_err(&store, "admin1:kaye"),
        "no admin1 region named 'kaye'; closest: Kayes"
    );
    assert_eq!(
        check_err(&store, "admin2:nowhere"),
        "no admin2 area named 'nowhere' in this store"
    );
    assert_eq!(
        check_err(&store, "type:batles"),
        "no event type or sub-type containing 'batles'; closest: Battles"
    );
    assert_eq!(
        check_err(&store, "dataset:acled"),
        "no dataset named 'acled' in this store"
    );
    assert_eq!(check_err(&store, "marked"), "marked: needs a workspace");
    assert_eq!(check_err(&store, "-noted"), "noted: needs a workspace");
    assert_eq!(check_err(&store, "new"), "new: needs a workspace");
    // As the filter line shows it: suggestions as terms to type.
    let e = parse("admin1:kaye").unwrap().check(&store).unwrap_err();
    assert_eq!(
        e.as_filter_line(),
        "no admin1 region named 'kaye'; closest: admin1:Kayes"
    );
}

#[test]
fn and_across_terms_or_within_a_key_and_exclusion() {
    let store = scope_store();
    assert_eq!(count(&store, "country:mali"), 7);
    assert_eq!(count(&store, "country:mali,somalia"), 11);
    // Places widen when repeated (an incident has one place), as before.
    assert_eq!(count(&store, "country:mali country:somalia"), 11);
    assert_eq!(count(&store, "-country:mali"), store.incidents.len() - 7);
    assert_eq!(count(&store, "actor:jnim actor:fama"), 4);
    let jnim = count(&store, "actor:jnim");
    let fama = count(&store, "actor:fama");
    assert_eq!(count(&store, "actor:jnim,fama"), jnim + fama - 4);
    assert_eq!(count(&store, "actor:jnim -actor:fama"), jnim - 4);
    assert_eq!(count(&store, "town:koro,_burkina_faso"), 1);
    assert_eq!(count(&store, "town:\"Koro, Burkina Faso\""), 1);
    assert_eq!(
        count(&store, "admin1:kayes"),
        count(&store, "country:kayes")
    );
    assert_eq!(
        count(&store, "type:battles") + count(&store, "-type:battles"),
        store.incidents.len()
    );
    // The store's own name is its dataset.
    assert_eq!(count(&store, "dataset:scope"), store.incidents.len());
    // A name the store lacks matches nothing when applied, and `check` says so.
    assert_eq!(count(&store, "country:mal"), 0);
    assert!(
        parse("country:mali town:segou")
            .unwrap()
            .check(&store)
            .is_ok()
    );
}

#[test]
fn marked_and_noted_use_the_sets_handed_in() {
    let store = scope_store();
    let mut f = parse("marked").unwrap();
    let mut sets = RecordSets::default();
    sets.marked.insert("MLI90001".into());
    sets.marked.insert("MLI90002".into());
    sets.noted.insert("MLI90002".into());
    f.records = Some(Arc::new(sets.clone()));
    assert!(f.check(&store).is_ok());
    assert_eq!(filtered_incidents(&store, &f, None).len(), 2);
    let mut g = parse("marked -noted").unwrap();
    g.records = Some(Arc::new(sets));
    let kept = filtered_incidents(&store, &g, None);
    assert_eq!(kept.len(), 1);
    assert_eq!(store.incident(kept[0]).id, "MLI90001");
    assert!(!g.is_empty());
    assert!(
        Filters { terms: vec![], ..g }.is_empty(),
        "the sets alone filter nothing"
    );
}

#[test]
fn new_keeps_the_incidents_not_seen() {
    let store = scope_store();
    let sets = RecordSets {
        seen: Arc::new(
            store
                .incidents
                .iter()
                .skip(2)
                .map(|i| i.id.clone())
                .collect(),
        ),
        ..RecordSets::default()
    };
    let mut f = parse("new").unwrap();
    f.records = Some(Arc::new(sets.clone()));
    assert!(f.check(&store).is_ok());
    let kept: Vec<&str> = filtered_incidents(&store, &f, None)
        .into_iter()
        .map(|i| store.incident(i).id.as_str())
        .collect();
    let first_two: Vec<&str> = store.incidents[..2].iter().map(|i| i.id.as_str()).collect();
    assert_eq!(kept, first_two);
    let mut g = parse("-new").unwrap();
    g.records = Some(Arc::new(sets));
    assert_eq!(
        filtered_incidents(&store, &g, None).len(),
        store.incidents.len() - 2
    );
}

#[test]
fn readme_lists_every_key() {
    let readme = include_str!("../../../README.md");
    for k in KEYS {
        let shown = if k.key.is_flag() {
            format!("`{}`", k.names[0])
        } else {
            format!("`{}:", k.names[0])
        };
        assert!(readme.contains(&shown), "README lacks {shown}");
    }
}

/// Tags as the workspace hands them in: `follow up` on one incident, `watch` on an actor
/// (JNIM), `hot` on a town (Mogadishu).
fn tag_sets() -> Arc<RecordSets> {
    let mut sets = RecordSets::default();
    let mut put = |tag: &str, record: &str| {
        sets.tags
            .entry(tag.to_string())
            .or_default()
            .insert(record.to_string());
    };
    put("follow up", "MLI90004");
    put("watch", "actor:jnim");
    put("hot", "town:mogadishu");
    put("hotel", "MLI90005");
    Arc::new(sets)
}

fn tagged(store: &Store, line: &str) -> Vec<String> {
    let mut f = parse(line).unwrap();
    f.records = Some(tag_sets());
    f.check(store).unwrap();
    let mut ids: Vec<String> = filtered_incidents(store, &f, None)
        .into_iter()
        .map(|i| store.incident(i).id.clone())
        .collect();
    ids.sort();
    ids
}

#[test]
fn tag_keeps_incidents_tagged_or_with_a_tagged_town_or_actor() {
    let store = scope_store();
    assert_eq!(tagged(&store, "tag:follow_up"), ["MLI90004"]);
    assert_eq!(tagged(&store, "tag:\"Follow Up\""), ["MLI90004"]);
    assert_eq!(tagged(&store, "tag:hot"), ["SOM90001", "SOM90003"]);
    let jnim = count(&store, "actor:jnim");
    assert_eq!(tagged(&store, "tag:watch").len(), jnim);
    // Either value; excluded; with other keys.
    assert_eq!(
        tagged(&store, "tag:hot,follow_up"),
        ["MLI90004", "SOM90001", "SOM90003"]
    );
    assert_eq!(
        tagged(&store, "-tag:watch").len(),
        store.incidents.len() - jnim
    );
    assert_eq!(tagged(&store, "tag:watch -tag:follow_up").len(), jnim);
    assert_eq!(
        tagged(&store, "country:somalia -tag:hot"),
        ["SOM90002", "SOM90004"]
    );
    // Written back as typed.
    let f = parse("tag:hot,follow_up -tag:watch").unwrap();
    assert_eq!(f.to_line(), "tag:hot,follow_up -tag:watch");
    assert!(f.uses_workspace());
}

#[test]
fn tag_error_messages_name_the_closest_tags_or_the_missing_workspace() {
    let store = scope_store();
    let with_sets = |line: &str| {
        let mut f = parse(line).unwrap();
        f.records = Some(tag_sets());
        f.check(&store).unwrap_err()
    };
    assert_eq!(
        with_sets("tag:wach").to_string(),
        "no tag 'wach'; closest: watch"
    );
    assert_eq!(
        with_sets("tag:hot,hots").as_filter_line(),
        "no tag 'hots'; closest: tag:hot"
    );
    assert_eq!(
        with_sets("tag:nothing_like").to_string(),
        "no tag 'nothing like' in this store"
    );
    assert_eq!(check_err(&store, "tag:watch"), "tag: needs a workspace");
    assert_eq!(check_err(&store, "-tag:watch"), "tag: needs a workspace");
    assert_eq!(err("tag:"), "'tag:' needs a value");
    // Unchecked (a saved line applied as it stands), a tag that names nothing keeps nothing.
    let mut f = parse("tag:nothing").unwrap();
    f.records = Some(tag_sets());
    assert!(filtered_incidents(&store, &f, None).is_empty());
}

/// The scope store's first incident added since the previous release, its second edited.
fn release_of(store: &Store) -> Arc<crate::diff::ReleaseChanges> {
    let mut r = crate::diff::ReleaseChanges {
        label: "previous".into(),
        ..Default::default()
    };
    r.added.insert(store.incidents[0].id.clone());
    r.edited.insert(store.incidents[1].id.clone(), Vec::new());
    Arc::new(r)
}

fn kept_with_release(store: &Store, line: &str) -> Vec<String> {
    let mut f = parse(line).unwrap();
    f.release = Some(release_of(store));
    f.check(store).unwrap();
    filtered_incidents(store, &f, None)
        .into_iter()
        .map(|i| store.incident(i).id.clone())
        .collect()
}

#[test]
fn changed_keeps_the_incidents_added_or_edited_since_the_release() {
    let store = scope_store();
    let (added, edited) = (store.incidents[0].id.clone(), store.incidents[1].id.clone());
    assert_eq!(
        kept_with_release(&store, "changed"),
        vec![added.clone(), edited.clone()]
    );
    assert_eq!(
        kept_with_release(&store, "changed:added"),
        vec![added.clone()]
    );
    assert_eq!(
        kept_with_release(&store, "changed:edited"),
        vec![edited.clone()]
    );
    assert_eq!(
        kept_with_release(&store, "changed:added,edited"),
        vec![added.clone(), edited.clone()]
    );
    assert_eq!(
        kept_with_release(&store, "-changed").len(),
        store.incidents.len() - 2
    );
    assert!(!kept_with_release(&store, "-changed:added").contains(&added));
}

#[test]
fn changed_round_trips_and_refuses_bad_values_and_a_missing_release() {
    for line in ["changed", "changed:edited", "-changed:added,edited"] {
        assert_eq!(parse(line).unwrap().to_line(), line);
    }
    assert_eq!(
        err("changed:removed"),
        "no change 'removed' (changed:added or changed:edited)"
    );
    let store = scope_store();
    assert_eq!(
        check_err(&store, "changed"),
        "changed: needs a previous release (--since-release OLD)"
    );
    let mut f = parse("changed").unwrap();
    f.release = Some(release_of(&store));
    assert!(!f.is_empty());
    assert!(
        Filters { terms: vec![], ..f }.is_empty(),
        "the release alone filters nothing"
    );
}

#[test]
fn near_keeps_incidents_within_the_distance_of_the_town() {
    let store = scope_store();
    // Diboli is about 82 km west of Kayes; incidents sit at their towns.
    assert_eq!(count(&store, "near:diboli"), 1);
    assert_eq!(count(&store, "near:diboli,50km"), 1);
    assert_eq!(count(&store, "near:diboli,100km"), 4);
    assert_eq!(count(&store, "near:kayes,diboli,10"), 4);
    assert_eq!(
        count(&store, "-near:diboli,100km"),
        store.incidents.len() - 4
    );
    assert_eq!(
        parse("near:diboli,50km").unwrap().to_line(),
        "near:diboli,50km"
    );
}

#[test]
fn near_refuses_no_town_two_distances_and_unknown_towns() {
    assert_eq!(err("near:50km"), "near: needs a town (near:diboli,50km)");
    assert_eq!(
        err("near:diboli,5km,10km"),
        "near: takes one distance, not 2"
    );
    let store = scope_store();
    assert!(check_err(&store, "near:dibolo,50km").contains("Diboli"));
}

/// The facts-based pass against testing every record with [`IncidentFilter::accepts_at`].
#[test]
fn filtering_on_the_facts_keeps_what_testing_each_record_keeps() {
    let store = Store::open(None).unwrap();
    for line in [
        "country:mali",
        "-country:mali",
        "kayes",
        "country:mali,niger since:2025-06-01",
        "region:mopti -type:battles",
        "admin1:segou",
        "admin2:niono,nioro",
        "-admin2:niono",
        "type:battles,explosion",
        "type:attack",
        "min:5",
        "until:2025-06-30 min:1 country:niger",
        "actor:jnim country:mali",
        "country:mali kayes",
    ] {
        let f = parse(line).unwrap();
        let filter = IncidentFilter::new(&store, &f);
        let want: Vec<Ix> = (0..store.incidents.len() as Ix)
            .filter(|&i| filter.accepts_at(i))
            .filter(|&i| {
                f.text.is_empty() || words_match(&[fold(&f.text)], &incident_text(&store, i))
            })
            .collect();
        let got = filtered_incidents(&store, &f, None);
        assert!(
            !want.is_empty() && want.len() < store.incidents.len(),
            "{line}: {}",
            want.len()
        );
        assert_eq!(got, want, "{line}");
    }
}
