//! Arbitrary bytes through everything that reads a file sitrep did not write: the format
//! detector, each importer forced onto the bytes whatever they look like, and the store
//! loader (which detects and imports foreign files itself). Nothing may panic, and a CSV
//! table read in pieces on several threads must give exactly what one piece gives.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use sitrep::store::Store;
use sitrep::store::import::{Format, Imported, detect, import_as, import_in_pieces};
use sitrep::store::problem::LoadError;

fn outcome(r: Result<Imported, LoadError>) -> String {
    match r {
        Ok(i) => {
            let mut s = serde_json::to_string(&i.doc).expect("a store serialises");
            s.push_str(&format!(" rows={} skipped={}", i.rows, i.skipped));
            for p in &i.problems {
                s.push('\n');
                s.push_str(&p.to_string());
            }
            s
        }
        Err(e) => format!("error: {e}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz-input");
    let _ = detect(data);
    for format in [Format::AcledJson, Format::UcdpJson] {
        let _ = import_as(path, data, format, &|_, _| {});
    }
    // The piece size comes from the input, so the fuzzer explores it too.
    let piece = 1 + usize::from(data.last().copied().unwrap_or(0) % 32);
    for format in [Format::AcledCsv, Format::UcdpCsv] {
        let whole = outcome(import_in_pieces(path, data, format, &|_, _| {}, usize::MAX));
        let split = outcome(import_in_pieces(path, data, format, &|_, _| {}, piece));
        assert_eq!(whole, split, "pieces of {piece} bytes");
    }
    let _ = Store::from_bytes(path, data, &|_, _| {});
});
