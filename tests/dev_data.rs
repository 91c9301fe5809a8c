//! Opt-in check over the real ACLED and UCDP files in `../shared/dev-data` (or the folder
//! named by `SITREP_DEV_DATA`): every file imports with every record, and its figures match
//! those counted independently with python's csv module (the counts are in the comments of
//! each case). A fresh clone has no such folder: the test then says it skipped and passes.
//! ACLED's files are not in the project (its terms forbid redistribution); only counts are.

use sitrep::model::{DatePrecision, GeoPrecision, Incident, Role};
use sitrep::store::Store;

#[path = "common/dev_data.rs"]
mod dev_data_dir;
use dev_data_dir::dev_data;

fn open(dir: &std::path::Path, name: &str) -> Store {
    let path = dir.join(name);
    let s = Store::open(Some(&path)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let skipped: Vec<_> = s.problems.iter().filter(|p| p.skipped).collect();
    assert!(skipped.is_empty(), "{name}: rows skipped: {skipped:#?}");
    s
}

fn count(s: &Store, f: impl Fn(&Incident) -> bool) -> usize {
    s.incidents.iter().filter(|i| f(i)).count()
}

/// Figures of one ACLED file, as python's csv module counted them.
struct Acled {
    file: &'static str,
    records: usize,
    fatalities: u64,
    /// geo_precision 1, 2, 3.
    geo: [usize; 3],
    /// time_precision 1, 2, 3.
    time: [usize; 3],
    /// Rows whose event type is one of the eight pre-2019 types that changed.
    mapped: usize,
    /// Riots/Protests rows with a rioters code (inter 5) on either side.
    riots_from_old: usize,
    /// Rows of battle types, old or new.
    battles: usize,
    /// Violence against civilians and (explosions/)remote violence rows.
    with_perpetrator: usize,
}

const ACLED: [Acled; 4] = [
    Acled {
        file: "acled_export_burkina_2004-2022_sample254_excel.csv",
        records: 254,
        fatalities: 259,
        geo: [162, 89, 3],
        time: [245, 9, 0],
        mapped: 0,
        riots_from_old: 0,
        battles: 42,
        with_perpetrator: 107,
    },
    Acled {
        file: "acled_export_g5sahel_1997-2018_rel2018-11-05.csv",
        records: 5237,
        fatalities: 15681,
        geo: [3853, 1190, 194],
        time: [4873, 261, 103],
        mapped: 4055,
        riots_from_old: 461,
        battles: 1656,
        with_perpetrator: 1643,
    },
    Acled {
        file: "acled_export_mali_2010-2018_rel2018-10_excel.csv",
        records: 2130,
        fatalities: 4927,
        geo: [1336, 729, 65],
        time: [1976, 103, 51],
        mapped: 1590,
        riots_from_old: 58,
        battles: 785,
        with_perpetrator: 908,
    },
    Acled {
        file: "acled_export_niger_2010-2018_rel2018-10_excel.csv",
        records: 377,
        fatalities: 1931,
        geo: [239, 115, 23],
        time: [355, 15, 7],
        mapped: 291,
        riots_from_old: 31,
        battles: 157,
        with_perpetrator: 103,
    },
];

fn check_acled(s: &Store, want: &Acled) {
    let name = want.file;
    assert_eq!(s.incidents.len(), want.records, "{name}: records");
    assert_eq!(
        s.total_fatalities().best,
        want.fatalities,
        "{name}: fatalities"
    );
    let geo = [
        GeoPrecision::Exact,
        GeoPrecision::Near,
        GeoPrecision::Admin1,
    ]
    .map(|g| count(s, |i| i.geo_precision == Some(g)));
    assert_eq!(geo, want.geo, "{name}: geo_precision 1, 2, 3");
    let time = [
        DatePrecision::Day,
        DatePrecision::Week,
        DatePrecision::Month,
    ]
    .map(|p| count(s, |i| i.date_precision == p));
    assert_eq!(time, want.time, "{name}: time_precision 1, 2, 3");
    let mapped = count(s, |i| i.coded_event_type.is_some());
    assert_eq!(mapped, want.mapped, "{name}: pre-2019 types mapped");
    let riots = count(s, |i| {
        i.event_type.as_str() == "Riots"
            && i.coded_event_type.as_ref().map(|c| c.as_str()) == Some("Riots/Protests")
    });
    assert_eq!(
        riots, want.riots_from_old,
        "{name}: Riots/Protests as riots"
    );
    assert_eq!(
        count(s, |i| i.event_type.as_str() == "Battles"),
        want.battles,
        "{name}: battles"
    );
    let perp = count(s, |i| i.actors.iter().any(|a| a.role == Role::Attacker));
    assert_eq!(
        perp, want.with_perpetrator,
        "{name}: incidents with an attacker"
    );
    // Every current type is one of the codebook's six.
    let current = [
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    ];
    for i in &s.incidents {
        assert!(current.contains(&i.event_type.as_str()), "{name}: {}", i.id);
    }
}

#[test]
fn real_files_import_whole_with_the_figures_counted_by_hand() {
    let Some(dir) = dev_data() else {
        return;
    };
    for want in &ACLED {
        let s = open(&dir, want.file);
        check_acled(&s, want);
        // Every row has an id and valid codes: not a single problem.
        assert!(
            s.problems.is_empty(),
            "{}: {:#?}",
            want.file,
            &s.problems[..s.problems.len().min(5)]
        );
    }

    // Ansar Dine's first row codes it a political militia (inter 3); its other 185 rows as
    // a main actor code it a rebel group (inter 2).
    let g5 = open(&dir, ACLED[1].file);
    let ansar = g5.actor(g5.actor_ix("actor:ansar-dine").expect("Ansar Dine"));
    assert_eq!(ansar.kind, sitrep::model::ActorKind::RebelGroup);

    let s = open(&dir, "ucdp_gedevents_burkina_2016-2023_webexport.csv");
    assert_eq!(s.incidents.len(), 1504);
    let sum = |f: fn(&Incident) -> Option<u32>| -> u64 {
        s.incidents.iter().filter_map(f).map(u64::from).sum()
    };
    assert_eq!(sum(|i| i.fatalities.best), 12864);
    assert_eq!(sum(|i| i.fatalities.low), 11198);
    assert_eq!(sum(|i| i.fatalities.high), 15083);
    assert_eq!(sum(|i| i.fatalities.side_a), 2228);
    assert_eq!(sum(|i| i.fatalities.side_b), 5729);
    assert_eq!(sum(|i| i.fatalities.civilians), 4516);
    assert_eq!(sum(|i| i.fatalities.unknown), 391);
    // where_prec 1-6 (no 7 in this file).
    let geo = [
        GeoPrecision::Exact,
        GeoPrecision::Near,
        GeoPrecision::Admin2,
        GeoPrecision::Admin1,
        GeoPrecision::Region,
        GeoPrecision::Country,
    ]
    .map(|g| count(&s, |i| i.geo_precision == Some(g)));
    assert_eq!(geo, [712, 485, 111, 8, 185, 3]);
    let date = [
        DatePrecision::Day,
        DatePrecision::Days,
        DatePrecision::Week,
        DatePrecision::Month,
        DatePrecision::Months,
    ]
    .map(|p| count(&s, |i| i.date_precision == p));
    assert_eq!(date, [1178, 256, 14, 52, 4]);
    // date_end after date_start in 326 rows: kept as spans.
    assert_eq!(count(&s, |i| i.end_date.is_some()), 326);
    // number_of_sources sums to 2,927, as many articles as source_article holds.
    let sources: usize = s.incidents.iter().map(|i| i.sources.len()).sum();
    assert_eq!(sources, 2927);
    assert!(
        s.incidents
            .iter()
            .flat_map(|i| &i.sources)
            .all(|x| x.date.is_some() && x.outlet.as_str() == x.outlet.trim())
    );
    assert_eq!(s.actors.len(), 7);
    // The only problems: 32 rows whose low/best/high do not bracket.
    assert_eq!(s.problems.len(), 32, "{:#?}", &s.problems[..5]);
    assert!(
        s.problems
            .iter()
            .all(|p| p.message.contains("do not bracket"))
    );
    // Placed no finer than admin1 (where_prec 4-6): 196 incidents that are not towns.
    assert_eq!(count(&s, |i| !i.is_town_level()), 196);
}

/// The briefing's figures over the real UCDP file for 2023, against python's csv module:
/// 595 events, best 6,109; low sum (each low capped at its best) 5,790; high sum (each high
/// at least its best) 7,384; 88 with where_prec 4 or more (admin1 or coarser); 21 with
/// date_prec 3 or more (a week or coarser); 2022: 236 events, the store covering it whole.
#[test]
fn the_2023_briefing_over_real_ucdp_data_has_the_hand_counted_figures() {
    let Some(dir) = dev_data() else { return };
    let s = open(&dir, "ucdp_gedevents_burkina_2016-2023_webexport.csv");
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let b = sitrep::brief::build(
        &s,
        sitrep::brief::Period::new(d("2023-01-01"), d("2023-12-31")),
        &sitrep::brief::Scope::default(),
    );
    let h = &b.headline;
    assert_eq!(h.incidents, 595);
    assert_eq!(h.fatalities, 6109);
    assert_eq!(h.fatalities_unknown, 0);
    assert_eq!((h.fatalities_low, h.fatalities_high), (5790, Some(7384)));
    assert_eq!(h.imprecise_places, 88);
    assert_eq!(h.imprecise_dates, 21);
    assert_eq!(h.previous_incidents, 236);
    assert_eq!(b.previous_period.covered_days, 365);
    // No hotspot town is a region, a line or a country.
    for t in &b.towns {
        for id in &t.incident_ids.ids {
            let i = s.incident(s.incident_ix(id).expect("an incident of the store"));
            assert!(i.is_town_level(), "{id} ranked under {}", t.name);
        }
    }
}
