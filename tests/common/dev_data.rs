//! Where the real ACLED and UCDP files are: `SITREP_DEV_DATA`, else `../shared/dev-data`
//! beside the checkout. A fresh clone has neither; the opt-in tests then say they skipped.

use std::path::PathBuf;

pub fn dev_data() -> Option<PathBuf> {
    let dir = match std::env::var_os("SITREP_DEV_DATA") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/dev-data"),
    };
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: dev data folder {} not found (set SITREP_DEV_DATA to check the real files)",
            dir.display()
        );
        None
    }
}
