//! The commands the interface invokes, one module per feature. Each command locks the session on a
//! blocking thread, makes one call (a use case, or the store for a plain read or write), and lets
//! `?` turn any error into the `{code, message}` the interface receives.

pub mod app;
pub mod directory;
pub mod dossiers;
pub mod privacy;
pub mod rgpd;
pub mod survey;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
