//! Tests of the diff: see tests/diff.rs for whole releases.
