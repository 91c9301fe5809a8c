#![allow(dead_code)] // each test file uses its own part of this
//! The built-in sample's size, read from the sample itself: tests that walk the sample's
//! lists check positions against it rather than a number copied from today's file.

use std::sync::OnceLock;

/// How many incidents the built-in sample holds.
pub fn incidents() -> usize {
    static N: OnceLock<usize> = OnceLock::new();
    *N.get_or_init(|| {
        sitrep::store::Store::open(None)
            .expect("the built-in sample loads")
            .incidents
            .len()
    })
}

/// The status line's position on row `n` of the sample's incidents ("3/N").
pub fn at(n: usize) -> String {
    format!("{n}/{}", incidents())
}

/// The map's count when every incident is in view ("N/N incidents in view").
pub fn all_in_view() -> String {
    format!("{0}/{0} incidents in view", incidents())
}
