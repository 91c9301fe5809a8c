//! How exactly an incident's date and place are known, in each dataset's codebook's terms.

use serde::{Deserialize, Serialize};

/// How exact an incident's date is: the date given (and `end_date`, when set) bound a span
/// the event happened in, not a day, unless this is `Day`.
///
/// ACLED `time_precision`: 1 day, 2 week, 3 month. UCDP `date_prec`: 1 day, 2 a span of 2-6
/// days, 3 a week, 4 a span of 8-30 days or the month, 5 a span longer than a month.
#[derive(
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    Default,
    PartialOrd,
    Ord,
)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    #[default]
    Day,
    /// A span of two to six days (UCDP `date_prec` 2).
    Days,
    Week,
    Month,
    /// A span longer than a month (UCDP `date_prec` 5).
    Months,
}

impl DatePrecision {
    pub fn label(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Days => "a few days",
            DatePrecision::Week => "week",
            DatePrecision::Month => "month",
            DatePrecision::Months => "more than a month",
        }
    }

    /// The name in the store's JSON.
    pub fn key(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Days => "days",
            DatePrecision::Week => "week",
            DatePrecision::Month => "month",
            DatePrecision::Months => "months",
        }
    }

    /// How a detail says the date is known.
    pub fn describe(self) -> &'static str {
        match self {
            DatePrecision::Day => "the exact day",
            DatePrecision::Days => "known to a span of 2-6 days",
            DatePrecision::Week => "known only to the week",
            DatePrecision::Month => "known only to the month",
            DatePrecision::Months => "known to a span of more than a month",
        }
    }

    /// Known only to a week or worse: such an incident cannot be placed on a day.
    pub fn is_week_or_coarser(self) -> bool {
        self >= DatePrecision::Week
    }
}

/// How exactly an incident is placed, mapped from each dataset's codebook:
///
/// | value | ACLED `geo_precision` | UCDP `where_prec` |
/// |---|---|---|
/// | `exact` | 1 (the named town) | 1 (exact location) |
/// | `near` | 2 (near the town, or part of a region) | 2 (within 25 km of a known point) |
/// | `admin2` | - | 3 (only the admin2 area) |
/// | `admin1` | 3 (only a larger region, admin1) | 4 (only the admin1 area) |
/// | `region` | - | 5 (a line or area wider than admin1, in one country) |
/// | `country` | - | 6 (only the country) |
/// | `sea` | - | 7 (international waters or air space) |
#[derive(
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    PartialOrd,
    Ord,
)]
#[serde(rename_all = "snake_case")]
pub enum GeoPrecision {
    Exact,
    Near,
    Admin2,
    Admin1,
    Region,
    Country,
    Sea,
}

impl GeoPrecision {
    pub fn label(self) -> &'static str {
        match self {
            GeoPrecision::Exact => "exact",
            GeoPrecision::Near => "near",
            GeoPrecision::Admin2 => "admin2",
            GeoPrecision::Admin1 => "admin1",
            GeoPrecision::Region => "region",
            GeoPrecision::Country => "country",
            GeoPrecision::Sea => "sea",
        }
    }

    /// The name in the store's JSON (the same as the label).
    pub fn key(self) -> &'static str {
        self.label()
    }

    /// How the detail says an incident is placed.
    pub fn describe(self) -> &'static str {
        match self {
            GeoPrecision::Exact => "at the named place",
            GeoPrecision::Near => "near the named place",
            GeoPrecision::Admin2 => "placed only by its district (admin2)",
            GeoPrecision::Admin1 => "placed only by its region (admin1), not a town",
            GeoPrecision::Region => "placed only by an area wider than a region, not a town",
            GeoPrecision::Country => "placed only by its country, not a town",
            GeoPrecision::Sea => "at sea or in the air, not a town",
        }
    }

    /// Placed no finer than admin1: not a town's activity, whatever its location column says.
    pub fn is_imprecise(self) -> bool {
        self >= GeoPrecision::Admin1
    }
}
