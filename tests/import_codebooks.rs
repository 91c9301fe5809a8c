//! What the datasets' fields mean once imported (issue 12): precision, deaths by side, roles,
//! actor kinds, sources, pre-2019 ACLED types, ids for rows without one, UCDP's website
//! export and tables of counts. ACLED fixtures are hand-made; the UCDP ones are cut from
//! UCDP's website export (see tests/fixtures/import/README.md). Every figure asserted here
//! was counted by hand (python's csv module) from the fixture.

#[path = "common/run.rs"]
mod run;

use run::OutputWithin;
use std::path::{Path, PathBuf};
use std::process::Command;

use sitrep::model::{ActorKind, DatePrecision, GeoPrecision, Incident, Role};
use sitrep::store::Store;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn open(name: &str) -> Store {
    Store::open(Some(&fixture(name))).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn inc<'a>(s: &'a Store, id: &str) -> &'a Incident {
    s.incident(
        s.incident_ix(id)
            .unwrap_or_else(|| panic!("no incident {id}")),
    )
}

fn roles(s: &Store, i: &Incident) -> Vec<(String, Role)> {
    i.actors
        .iter()
        .map(|a| (s.actor_name(&a.actor).to_string(), a.role))
        .collect()
}

fn kind(s: &Store, id: &str) -> ActorKind {
    s.actor(s.actor_ix(id).unwrap_or_else(|| panic!("no actor {id}")))
        .kind
}

fn count<T: PartialEq>(s: &Store, f: impl Fn(&Incident) -> T, want: T) -> usize {
    s.incidents.iter().filter(|i| f(i) == want).count()
}

fn sitrep() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    c.env_remove("SITREP_STORE");
    c
}

const PRE2019: &str = "acled_pre2019_no_event_id.csv";
const WEB: &str = "ucdp_webexport_cut.csv";

// ---------------------------------------------------------------------------------------
// ACLED (hand-made, 2018 layout without an event_id_cnty column)
// ---------------------------------------------------------------------------------------

#[test]
fn acled_rows_without_event_id_are_kept_under_data_id_or_their_line_with_a_warning() {
    let s = open(PRE2019);
    assert_eq!(s.incidents.len(), 11);
    assert_eq!(s.total_fatalities().best, 21);
    assert!(s.problems.iter().all(|p| !p.skipped), "{:#?}", s.problems);
    for n in 90001..=90010 {
        inc(&s, &format!("data_id:{n}"));
    }
    let last = inc(&s, "row:12");
    assert_eq!(last.fatalities.best, Some(5));
    let warned: Vec<&str> = s
        .problems
        .iter()
        .filter(|p| p.field.as_deref() == Some("event_id_cnty"))
        .filter_map(|p| p.record.as_deref())
        .collect();
    assert_eq!(warned.len(), 11);
    assert!(warned.contains(&"data_id:90001") && warned.contains(&"row:12"));
    let p = s
        .problems
        .iter()
        .find(|p| p.record.as_deref() == Some("row:12"))
        .unwrap();
    assert_eq!(p.line, Some(12));
    assert!(p.message.contains("its line in this file"), "{}", p.message);
}

#[test]
fn acled_pre_2019_types_map_to_the_current_codebook_keeping_the_coded_type() {
    let s = open(PRE2019);
    let t = |id: &str| {
        let i = inc(&s, id);
        (
            i.event_type.to_string(),
            i.sub_event_type.to_string(),
            i.coded_event_type.as_ref().map(|c| c.to_string()),
        )
    };
    let some = |c: &str| Some(c.to_string());
    let st = |a: &str, b: &str| (a.to_string(), b.to_string());
    let pair = |id: &str| {
        let (a, b, _) = t(id);
        (a, b)
    };
    assert_eq!(
        t("data_id:90001"),
        (
            "Battles".into(),
            "Armed clash".into(),
            some("Battle-No change of territory")
        )
    );
    assert_eq!(
        pair("data_id:90002"),
        st("Battles", "Government regains territory")
    );
    assert_eq!(
        pair("data_id:90003"),
        st("Battles", "Non-state actor overtakes territory")
    );
    assert_eq!(pair("data_id:90004"), st("Explosions/Remote violence", ""));
    // Riots/Protests: rioters (inter 5) make a riot, else a protest.
    assert_eq!(pair("data_id:90005"), st("Riots", ""));
    assert_eq!(pair("data_id:90006"), st("Protests", ""));
    assert_eq!(t("data_id:90006").2, some("Riots/Protests"));
    assert_eq!(pair("data_id:90007"), st("Strategic developments", ""));
    assert_eq!(
        pair("data_id:90008"),
        st(
            "Strategic developments",
            "Non-violent transfer of territory"
        )
    );
    assert_eq!(
        pair("data_id:90009"),
        st("Strategic developments", "Headquarters or base established")
    );
    // A type the current codebook still has is not "mapped".
    assert_eq!(
        t("data_id:90010"),
        ("Violence against civilians".into(), "".into(), None)
    );
    let mapped = s
        .incidents
        .iter()
        .filter(|i| i.coded_event_type.is_some())
        .count();
    assert_eq!(mapped, 10);
    assert_eq!(count(&s, |i| i.event_type.to_string(), "Battles".into()), 4);
}

#[test]
fn type_battles_finds_pre_2019_battles() {
    let run = |ty: &str| {
        let out = sitrep()
            .arg("--store")
            .arg(fixture(PRE2019))
            .args(["export", "--format", "csv", "--type", ty])
            .output_timed();
        assert!(out.status.success(), "{out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        rdr.records().count()
    };
    assert_eq!(run("battles"), 4);
    assert_eq!(run("government regains"), 1);
    assert_eq!(run("strategic"), 3);
}

#[test]
fn acled_geo_precision_follows_the_codebook_and_a_bad_code_is_a_warning() {
    let s = open(PRE2019);
    let g = |want| count(&s, |i| i.geo_precision, want);
    assert_eq!(g(Some(GeoPrecision::Exact)), 5);
    assert_eq!(g(Some(GeoPrecision::Near)), 3);
    assert_eq!(g(Some(GeoPrecision::Admin1)), 1);
    assert_eq!(g(None), 2);
    let p = s
        .problems
        .iter()
        .find(|p| p.field.as_deref() == Some("geo_precision"))
        .expect("a warning for geo_precision 4");
    assert_eq!((p.line, p.skipped), (Some(8), false));
    assert!(p.message.contains("'4'"), "{}", p.message);
    assert_eq!(s.problems.len(), 12, "{:#?}", s.problems);
    // time_precision 2 and 3.
    assert_eq!(inc(&s, "data_id:90004").date_precision, DatePrecision::Week);
    assert_eq!(
        inc(&s, "data_id:90008").date_precision,
        DatePrecision::Month
    );
}

#[test]
fn an_event_placed_only_by_its_admin1_is_not_linked_to_the_town_its_location_names() {
    let s = open(PRE2019);
    let area = inc(&s, "data_id:90003");
    assert!(!area.is_town_level());
    assert_eq!(area.town.as_str(), "town:mali:mopti:pelou:admin1");
    // The other Pelou rows (near, exact, unsaid) share the town, which the admin1 row
    // does not join.
    let town = inc(&s, "data_id:90004").town.clone();
    assert_eq!(town.as_str(), "town:mali:mopti:pelou");
    for id in ["data_id:90008", "data_id:90009", "row:12"] {
        assert_eq!(inc(&s, id).town, town, "{id}");
        assert!(inc(&s, id).is_town_level());
    }
    assert_ne!(area.town, town);
    assert_eq!(s.town_name(&area.town), "Pelou (admin1 only)");
    assert_eq!(s.town_name(&town), "Pelou");
}

#[test]
fn acled_roles_are_attacker_and_target_only_where_the_codebook_names_a_perpetrator() {
    let s = open(PRE2019);
    let r = |id: &str| roles(&s, inc(&s, id));
    let p = |n: &str, r: Role| (n.to_string(), r);
    assert_eq!(
        r("data_id:90001"),
        vec![
            p("Military Forces of Mali", Role::Actor1),
            p("Koglweogo Militia", Role::Actor2),
            p("Dozo Militia", Role::Associated),
        ]
    );
    assert_eq!(
        r("data_id:90004"),
        vec![
            p("Unidentified Armed Group (Mali)", Role::Attacker),
            p("Civilians (Mali)", Role::Target),
        ]
    );
    assert_eq!(
        r("data_id:90010"),
        vec![
            p("Dozo Militia", Role::Attacker),
            p("Civilians (Mali)", Role::Target)
        ]
    );
    assert_eq!(
        r("data_id:90005"),
        vec![
            p("Rioters (Mali)", Role::Actor1),
            p("Police Forces of Mali", Role::Actor2)
        ]
    );
}

#[test]
fn an_actors_kind_comes_from_its_main_actor_rows_not_its_first_row() {
    let s = open(PRE2019);
    // First row: actor2 coded 3 (political militia); then twice actor1 coded 4.
    assert_eq!(
        kind(&s, "actor:koglweogo-militia"),
        ActorKind::IdentityMilitia
    );
    // First row: associate of state forces (inter1 1); then actor1 coded 4.
    assert_eq!(kind(&s, "actor:dozo-militia"), ActorKind::IdentityMilitia);
    assert_eq!(kind(&s, "actor:katiba-nord"), ActorKind::RebelGroup);
}

// ---------------------------------------------------------------------------------------
// UCDP website export (cut from the real file)
// ---------------------------------------------------------------------------------------

#[test]
fn ucdp_website_export_imports_every_record() {
    let s = open(WEB);
    assert_eq!(s.incidents.len(), 16);
    let sum = |f: fn(&Incident) -> Option<u32>| -> u32 { s.incidents.iter().filter_map(f).sum() };
    assert_eq!(sum(|i| i.fatalities.best), 81);
    assert_eq!(sum(|i| i.fatalities.low), 70);
    assert_eq!(sum(|i| i.fatalities.high), 127);
    assert_eq!(sum(|i| i.fatalities.side_a), 11);
    assert_eq!(sum(|i| i.fatalities.side_b), 51);
    assert_eq!(sum(|i| i.fatalities.civilians), 7);
    assert_eq!(sum(|i| i.fatalities.unknown), 12);
    // MM/DD/YYYY 00:00:00.
    let a = inc(&s, "ged:488058");
    assert_eq!(a.date.to_string(), "2023-02-15");
    assert_eq!(
        a.end_date.map(|d| d.to_string()).as_deref(),
        Some("2023-05-26")
    );
    assert_eq!(a.date_precision, DatePrecision::Months);
    assert_eq!(a.origin.as_ref().unwrap().line, 10);
    // One fatality range that does not bracket, two ids derived; nothing skipped.
    assert_eq!(s.problems.len(), 3, "{:#?}", s.problems);
    assert!(s.problems.iter().all(|p| !p.skipped));
}

#[test]
fn ucdp_where_prec_and_date_prec_follow_the_codebook() {
    let s = open(WEB);
    let g = |want| count(&s, |i| i.geo_precision, Some(want));
    assert_eq!(g(GeoPrecision::Exact), 6);
    assert_eq!(g(GeoPrecision::Near), 5);
    assert_eq!(g(GeoPrecision::Admin2), 1);
    assert_eq!(g(GeoPrecision::Admin1), 1);
    assert_eq!(g(GeoPrecision::Region), 2);
    assert_eq!(g(GeoPrecision::Country), 1);
    let d = |want| count(&s, |i| i.date_precision, want);
    assert_eq!(d(DatePrecision::Day), 12);
    assert_eq!(d(DatePrecision::Days), 1);
    assert_eq!(d(DatePrecision::Week), 1);
    assert_eq!(d(DatePrecision::Month), 1);
    assert_eq!(d(DatePrecision::Months), 1);
    let days = inc(&s, "ged:338237");
    assert_eq!(days.date_label(), "2020-04-06 to 2020-04-08");
    // Placed only by its region or its country: not towns.
    let admin1 = inc(&s, "ged:339553");
    assert_eq!(
        admin1.town.as_str(),
        "town:burkina-faso:sahel-region:sahel-region:admin1"
    );
    assert!(!admin1.is_town_level());
    assert_eq!(
        days.town.as_str(),
        "town:burkina-faso:unknown:burkina-faso:country"
    );
    assert_eq!(s.incidents.iter().filter(|i| !i.is_town_level()).count(), 4);
}

#[test]
fn ucdp_deaths_by_side_and_sides_as_roles() {
    let s = open(WEB);
    let a = inc(&s, "ged:339553");
    let f = a.fatalities;
    assert_eq!(
        (f.side_a, f.side_b, f.civilians, f.unknown, f.best),
        (Some(0), Some(14), Some(0), Some(0), Some(14))
    );
    let j = inc(&s, "ged:497710");
    assert_eq!(
        roles(&s, j),
        vec![
            ("JNIM".to_string(), Role::SideA),
            ("Civilians".to_string(), Role::SideB)
        ]
    );
    assert!(
        s.incidents
            .iter()
            .flat_map(|i| &i.actors)
            .all(|r| matches!(r.role, Role::SideA | Role::SideB))
    );
}

#[test]
fn ucdp_sources_and_notes_from_the_articles_without_stray_quotes_or_whitespace() {
    let s = open(WEB);
    let a = inc(&s, "ged:274420");
    let got: Vec<(String, String)> = a
        .sources
        .iter()
        .map(|x| (x.outlet.to_string(), x.date.unwrap().to_string()))
        .collect();
    let want = [
        ("Reuters News", "2018-12-31"),
        ("Agence France Presse", "2018-12-27"),
        ("Agence France Presse", "2018-12-31"),
        ("All Africa", "2018-12-31"),
        ("Long War Journal", "2018-12-28"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(o, d)| (o.to_string(), d.to_string()))
        .collect();
    assert_eq!(got, want);
    let lines: Vec<&str> = a.notes.lines().collect();
    assert_eq!(
        lines[0],
        "Reuters News, 2018-12-31: Burkina Faso declares state of emergency in north following attacks"
    );
    // A headline that ran over lines with a tab, on one line.
    assert_eq!(
        lines[3],
        "All Africa, 2018-12-31: Islamist Attacks Prompt State of Emergency CR Deutsche Welle"
    );
    assert_eq!(lines[5].split(": ").next(), Some("Where"));
    assert_eq!(lines[6], "Original source: A security source; JNIM");

    // The outlet's trailing space, the headline's trailing space and the line break in
    // source_original are gone; a headline's own quotes stay.
    let b = inc(&s, "ged:459395");
    let outlets: Vec<&str> = b.sources.iter().map(|x| x.outlet.as_str()).collect();
    assert_eq!(outlets, ["@ocisse691", "@Sahel_Security", "Crisis Watch"]);
    assert!(
        b.notes
            .starts_with("@ocisse691, 2023-01-03: #Burkina #Boucle_du_Mouhoun\n"),
        "{}",
        b.notes
    );
    assert!(b.notes.ends_with(
        "\nOriginal source: His Excellency Monsignor Prosper Bonaventure KY, Bishop of Dédougou"
    ));
    let c = inc(&s, "ged:403015");
    assert!(
        c.notes.contains(
            "Agence France Presse, 2021-06-10: Burkina: une \"dizaine de terroristes neutralisés\" et trois soldats blessés dans le Nord\n"
        ),
        "{}",
        c.notes
    );
    let total: usize = s.incidents.iter().map(|i| i.sources.len()).sum();
    // Articles in source_article, counted by date with python.
    assert_eq!(total, 29);
}

#[test]
fn ucdp_rows_without_an_id_are_kept_under_their_relid_or_line() {
    let s = open(WEB);
    let a = inc(&s, "ged:relid:BEN-2023-3-15136-138");
    assert_eq!(a.origin.as_ref().unwrap().line, 29);
    let b = inc(&s, "ged:row:30");
    assert_eq!(b.fatalities.best, inc(&s, "ged:376383").fatalities.best);
    let warned: Vec<&str> = s
        .problems
        .iter()
        .filter(|p| p.field.as_deref() == Some("id"))
        .filter_map(|p| p.record.as_deref())
        .collect();
    assert_eq!(warned, ["ged:relid:BEN-2023-3-15136-138", "ged:row:30"]);
}

#[test]
fn ucdp_api_json_reads_sources_sides_and_precision_the_same() {
    let j = open("ucdp_api_cut.json");
    let c = open(WEB);
    assert_eq!(j.incidents.len(), 3);
    for id in ["ged:274420", "ged:459395", "ged:488058"] {
        let (a, b) = (inc(&j, id), inc(&c, id));
        assert_eq!(a.sources, b.sources, "{id}");
        assert_eq!(a.notes, b.notes, "{id}");
        assert_eq!(a.fatalities, b.fatalities, "{id}");
        assert_eq!(a.geo_precision, b.geo_precision, "{id}");
        assert_eq!(
            (a.date, a.end_date, a.date_precision),
            (b.date, b.end_date, b.date_precision),
            "{id}"
        );
        assert_eq!(roles(&j, a), roles(&c, b), "{id}");
    }
    assert_eq!(inc(&j, "ged:274420").sources.len(), 5);
}

// ---------------------------------------------------------------------------------------
// Tables of counts
// ---------------------------------------------------------------------------------------

#[test]
fn hdx_acled_summary_is_refused_as_aggregated_counts() {
    let out = sitrep()
        .arg("validate")
        .arg(fixture("hdx_acled_counts.csv"))
        .output_timed();
    assert_eq!(out.status.code(), Some(2));
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("holds aggregated counts"), "{text}");
    assert!(
        text.contains("per reference_period_start and admin2_name"),
        "{text}"
    );
}

#[test]
fn incident_lists_name_the_main_actors_before_an_associate() {
    let s = open(PRE2019);
    // actor1, actor2 and an associate: the list shows the two main actors.
    let line = sitrep::ui::panes::incidents::main_actors(&s, inc(&s, "data_id:90001"));
    assert_eq!(line, "Military Forces of Mali vs Koglweogo Militia");
}
