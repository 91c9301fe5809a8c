//! How model values that rkyv cannot archive by itself are laid out in the snapshot cache
//! (issue 18). Only the layout lives here; the cache itself is `crate::cache`.

use chrono::{Datelike, NaiveDate};
use rkyv::rancor::{Fallible, Source};
use rkyv::with::{ArchiveWith, DeserializeWith, SerializeWith};
use rkyv::{Archive, Archived, Place};

/// A date as its day number from the common era (chrono's own count), one `i32`.
pub struct Day;

#[derive(Debug)]
struct BadDay(i32);

impl std::fmt::Display for BadDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "day number {} is no date", self.0)
    }
}

impl std::error::Error for BadDay {}

impl ArchiveWith<NaiveDate> for Day {
    type Archived = Archived<i32>;
    type Resolver = ();

    fn resolve_with(field: &NaiveDate, _: (), out: Place<Self::Archived>) {
        field.num_days_from_ce().resolve((), out);
    }
}

impl<S: Fallible + ?Sized> SerializeWith<NaiveDate, S> for Day {
    fn serialize_with(_: &NaiveDate, _: &mut S) -> Result<(), S::Error> {
        Ok(())
    }
}

impl<D> DeserializeWith<Archived<i32>, NaiveDate, D> for Day
where
    D: Fallible + ?Sized,
    D::Error: Source,
{
    fn deserialize_with(field: &Archived<i32>, _: &mut D) -> Result<NaiveDate, D::Error> {
        let n = field.to_native();
        NaiveDate::from_num_days_from_ce_opt(n).ok_or_else(|| D::Error::new(BadDay(n)))
    }
}

/// Whether every date of an archived incident reads back (its day numbers are dates): what
/// rkyv's validation does not check, so that a checked snapshot's incidents always read.
pub fn days_read_back(inc: &super::ArchivedIncident) -> bool {
    let day = |n: &Archived<i32>| NaiveDate::from_num_days_from_ce_opt(n.to_native()).is_some();
    day(&inc.date)
        && inc.end_date.as_ref().is_none_or(day)
        && inc.sources.iter().all(|s| s.date.as_ref().is_none_or(day))
}
