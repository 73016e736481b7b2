//! Fabrique's domain core: the directory of structures (annuaire) as plain data and pure functions.
//!
//! Nothing here touches a file, a database or a window: validation, search, import planning, export
//! rows, privacy rules and demo data are computed from values in and values out, so every rule can
//! be tested without IO. The store persists these types; the shell and the command line only route.

pub mod activity;
pub mod communes;
pub mod demo;
pub mod dossier;
pub mod error;
pub mod error_code;
pub mod export;
pub mod french;
pub mod import;
pub mod lettre;
pub mod meetings;
pub mod model;
pub mod partners;
pub mod privacy;
pub mod publications;
pub mod rgpd;
pub mod search;
pub mod survey;
mod table_row;
pub mod text;
pub mod validate;
pub mod veille;

pub use error::{CoreError, Result};
pub use error_code::ErrorCode;
pub use model::*;
