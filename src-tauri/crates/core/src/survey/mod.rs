//! The survey of digital practices: Framaforms exports read into questions and submissions,
//! and the figures computed from them.

pub mod chart;
pub mod counted;
pub mod demo;
pub mod figures;
pub mod link;
pub mod model;
pub mod parse;
pub mod stats;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use model::*;

/// The heading of the questions assigned to no theme, in the window and in the printed report.
pub const NO_THEME: &str = "Autres questions";
pub use stats::tally;
