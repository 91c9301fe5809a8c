//! The briefing tab's state: the period it covers and the briefing last built for it. Its
//! share of `App::update` is in briefing.rs, its drawing in panes/brief.rs.

use chrono::NaiveDate;

use crate::brief::{Briefing, DEFAULT_DAYS, Period};

/// Period lengths `+` and `-` step through.
pub const PERIODS: [u32; 6] = [7, 14, 30, 90, 182, 365];

/// What the briefing tab covers, and the briefing last built for it.
#[derive(Default)]
pub struct BriefState {
    /// Days covered (0 = the default: `default_days`, or 7).
    pub days: u32,
    /// The configured default period (0 = 7 days).
    pub default_days: u32,
    /// Last day covered (None = the store's newest incident).
    pub until: Option<NaiveDate>,
    pub built: Option<Briefing>,
    /// What `built` was built for: (period, rows generation).
    pub key: Option<(Period, u64)>,
    /// The tab shows the Reconcile view instead of the briefing (`R`).
    pub reconcile: bool,
}

impl BriefState {
    pub fn days(&self) -> u32 {
        if self.days == 0 {
            if self.default_days == 0 {
                DEFAULT_DAYS
            } else {
                self.default_days
            }
        } else {
            self.days
        }
    }
}
