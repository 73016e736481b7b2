//! The use cases of Fabrique: each operation a user can ask for, from the window or from the
//! command line, is one function here, organised by feature (directory, privacy, dossiers, survey,
//! rgpd, activity, team, publications, veille, lettre). A use case reads and writes through the store, applies the rules of the core, and
//! returns the shapes of `fabrique-api` (or the bytes of a PDF); the shell and the command line only
//! turn their arguments into a call and its result or error into what they show.
//!
//! Nothing here asks the user anything (file dialogs stay in the shell) and nothing prints: the
//! caller passes paths and today's date, so every rule can be tested without a window.

pub mod activity;
pub mod directory;
pub mod dossier_life;
pub mod dossiers;
mod error;
pub mod lettre;
pub mod meetings;
pub mod partners;
pub mod privacy;
pub mod publications;
pub mod rgpd;
pub mod survey;
pub mod team;
pub mod veille;

pub use error::{Result, UseCaseError};
