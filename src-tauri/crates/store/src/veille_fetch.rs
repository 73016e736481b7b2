//! Fetching a feed over HTTP, as a hostile server cannot abuse it: a time limit for the whole
//! exchange, a size limit on what is read whatever the server declares, at most five redirects,
//! only http and https, and a conditional request (`If-None-Match`, `If-Modified-Since`) so an
//! unchanged feed costs nothing. Every failure is said in French, for the source it concerns.

use std::time::Duration;

use fabrique_core::veille::read_feed;

use crate::veille::{FetchOutcome, Validators};

/// What one fetch may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchLimits {
    pub timeout: Duration,
    pub max_bytes: u64,
}

impl Default for FetchLimits {
    fn default() -> Self {
        FetchLimits { timeout: Duration::from_secs(20), max_bytes: 5 * 1024 * 1024 }
    }
}

/// Fetches and reads the feed at `url`.
pub fn fetch_feed(url: &str, validators: &Validators, limits: FetchLimits) -> FetchOutcome {
    match fetch(url, validators, limits) {
        Ok(outcome) => outcome,
        Err(message) => FetchOutcome::Failed(message),
    }
}

fn fetch(url: &str, validators: &Validators, limits: FetchLimits) -> Result<FetchOutcome, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .max_redirects(5)
        .http_status_as_error(false)
        .user_agent("Fabrique (veille de la Fédération des Centres Sociaux de la Gironde)")
        .build()
        .into();
    let mut request = agent.get(url);
    if !validators.etag.is_empty() {
        request = request.header("If-None-Match", &validators.etag);
    }
    if !validators.last_modified.is_empty() {
        request = request.header("If-Modified-Since", &validators.last_modified);
    }
    let mut response = request.call().map_err(|e| said(&e, limits))?;
    let status = response.status().as_u16();
    if status == 304 {
        return Ok(FetchOutcome::NotModified);
    }
    if !(200..300).contains(&status) {
        return Err(format!("le serveur a répondu {status} : vérifiez l'adresse du flux."));
    }
    let header =
        |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string).unwrap_or_default();
    let (etag, last_modified) = (header("etag"), header("last-modified"));
    let bytes =
        response.body_mut().with_config().limit(limits.max_bytes).read_to_vec().map_err(|e| said(&e, limits))?;
    let feed = read_feed(&bytes).map_err(|e| match e {
        fabrique_core::CoreError::InvalidField { message, .. } => message,
        other => other.to_string(),
    })?;
    Ok(FetchOutcome::Read { feed, etag, last_modified })
}

fn said(error: &ureq::Error, limits: FetchLimits) -> String {
    match error {
        ureq::Error::Timeout(_) => {
            format!(
                "le serveur n'a pas répondu en {} secondes ; le flux sera relu plus tard.",
                limits.timeout.as_secs()
            )
        }
        ureq::Error::BodyExceedsLimit(_) => {
            format!("le flux dépasse {} Mo : il n'est pas lu.", limits.max_bytes / (1024 * 1024))
        }
        ureq::Error::TooManyRedirects => "le flux renvoie vers trop d'adresses successives.".to_string(),
        ureq::Error::HostNotFound => "serveur introuvable : vérifiez l'adresse du flux et la connexion.".to_string(),
        ureq::Error::ConnectionFailed | ureq::Error::Io(_) => {
            "le serveur ne répond pas : vérifiez l'adresse du flux et la connexion.".to_string()
        }
        other => format!("le flux n'a pas pu être lu ({other})."),
    }
}
