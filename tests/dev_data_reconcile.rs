//! Opt-in check of `sitrep reconcile` over the real UCDP and ACLED files in
//! `../shared/dev-data` (or `SITREP_DEV_DATA`): UCDP's Burkina Faso events in the overlap
//! (2016-01-01 to 2018-10-31) against ACLED's Burkina Faso rows of the same months. The
//! counts are those the README reports. Without the folder the test says it skipped.

use sitrep::reconcile::{Crosswalk, Rules, Side, reconcile};
use sitrep::search::filters::{Filters, filtered_incidents};
use sitrep::store::Store;

#[path = "common/dev_data.rs"]
mod dev_data_dir;
use dev_data_dir::dev_data;

fn side<'s>(store: &'s Store, label: &str) -> Side<'s> {
    let f = Filters::parse("country:burkina_faso since:2016-01-01 until:2018-10-31").unwrap();
    let mut incidents = filtered_incidents(store, &f, None);
    incidents.sort_unstable();
    Side {
        store,
        incidents,
        label: label.into(),
    }
}

#[test]
fn ucdp_against_acled_in_the_overlap_gives_the_reported_counts() {
    let Some(dir) = dev_data() else { return };
    let u = Store::open(Some(
        &dir.join("ucdp_gedevents_burkina_2016-2023_webexport.csv"),
    ))
    .unwrap();
    let a = Store::open(Some(
        &dir.join("acled_export_g5sahel_1997-2018_rel2018-11-05.csv"),
    ))
    .unwrap();
    let (su, sa) = (side(&u, "UCDP"), side(&a, "ACLED"));
    assert_eq!((su.incidents.len(), sa.incidents.len()), (70, 530));
    let r = reconcile(&su, &sa, &Crosswalk::shipped(), &Rules::default());
    assert_eq!(r.matched.len(), 38, "matched");
    assert_eq!(r.ambiguous.len(), 22, "ambiguous");
    assert_eq!(r.only_a.len(), 10, "only in UCDP");
    assert_eq!(r.only_b.len(), 452, "only in ACLED");
}
