//! The team base: the federation's shared base on a PostgreSQL server (13 or later), beside the
//! local SQLite file. This module connects to it ([`TeamBase::connect`], TLS through rustls,
//! certificates verified), prepares an empty database ([`TeamBase::init`]: the schema, the roles
//! that the server enforces), checks and upgrades its schema version ([`schema`]), and moves a
//! whole base between the two engines ([`transfer`]: `team publish`, `team copy`).
//!
//! PostgreSQL's own errors are turned here, once, into [`StoreError`]s that say in French what
//! happened (server unreachable, password refused, right missing) and what to do.

mod address;
pub mod choice;
pub mod keychain;
pub mod schema;
pub mod transfer;

use std::path::PathBuf;
use std::sync::Arc;

use postgres::error::SqlState;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;

pub use address::{TeamAddress, TeamServer};
pub use transfer::{TransferReport, TABLES};

use crate::error::{Result, StoreError};

/// The variable that names the certificate authority of the federation's own server (a PEM file),
/// as for PostgreSQL's own tools.
pub const CA_FILE_ENV: &str = "PGSSLROOTCERT";

/// An open connection to a team base.
pub struct TeamBase {
    pub(crate) client: postgres::Client,
    address: TeamAddress,
}

impl std::fmt::Debug for TeamBase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TeamBase({})", self.address)
    }
}

impl TeamBase {
    /// Connects, without looking at what the database holds (see [`TeamBase::open`]).
    pub fn connect(address: &TeamAddress) -> Result<TeamBase> {
        let tls = tls_connector(address)?;
        let client = address.config.connect(tls).map_err(failed(address, "la connexion"))?;
        Ok(TeamBase { client, address: address.clone() })
    }

    /// Connects to a prepared team base whose schema this version of Fabrique knows.
    pub fn open(address: &TeamAddress) -> Result<TeamBase> {
        let mut team = TeamBase::connect(address)?;
        schema::check(&mut team)?;
        Ok(team)
    }

    pub fn address(&self) -> &TeamAddress {
        &self.address
    }
}

impl crate::Store {
    /// Opens a team base for the store's operations (those written for both engines; the others
    /// answer [`StoreError::NotOnTeamBaseYet`]).
    pub fn open_team(address: &TeamAddress) -> Result<crate::Store> {
        let team = TeamBase::open(address)?;
        let connection = Box::new(crate::sql::TeamConnection::new(team));
        Ok(crate::Store {
            connection: crate::Connection::Team(connection),
            path: None,
            replacements: 0,
            team_drafts: None,
        })
    }

    /// The team base's address (without its password), for a team base.
    pub fn team_address(&self) -> Option<&TeamAddress> {
        match &self.connection {
            crate::Connection::Team(team) => Some(team.address()),
            crate::Connection::Local(_) => None,
        }
    }
}

/// Turns a PostgreSQL error met during `action` into what the user is told.
pub(crate) fn failed<'a>(
    address: &'a TeamAddress,
    action: &'static str,
) -> impl Fn(postgres::Error) -> StoreError + use<'a> {
    move |e| connection_error(address, action, e)
}

/// The public authorities' certificates, and the federation's own authority when one is named.
fn tls_connector(address: &TeamAddress) -> Result<tokio_postgres_rustls::MakeRustlsConnect> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let named = address.ca_file().map(PathBuf::from);
    if let Some(ca_file) = named.or_else(|| std::env::var_os(CA_FILE_ENV).filter(|v| !v.is_empty()).map(PathBuf::from))
    {
        let refuse = |detail: String| {
            StoreError::TeamAddress {
            address: address.to_string(),
            message: format!(
                "le certificat d'autorité « {} » est illisible ({detail}) : donnez le fichier .pem ou .crt remis par le service informatique.",
                ca_file.display()
            ),
        }
        };
        let certificates = CertificateDer::pem_file_iter(&ca_file).map_err(|e| refuse(e.to_string()))?;
        let mut added = 0;
        for certificate in certificates {
            roots.add(certificate.map_err(|e| refuse(e.to_string()))?).map_err(|e| refuse(e.to_string()))?;
            added += 1;
        }
        if added == 0 {
            return Err(refuse("aucun certificat dans le fichier".into()));
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| StoreError::TeamAddress { address: address.to_string(), message: e.to_string() })?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// What a PostgreSQL error means for the user: the server out of reach, the password or a right
/// refused, or another failure of the base.
fn connection_error(address: &TeamAddress, action: &'static str, e: postgres::Error) -> StoreError {
    let server = address.server();
    if let Some(code) = e.code() {
        return match *code {
            SqlState::INSUFFICIENT_PRIVILEGE => StoreError::PermissionDenied { action },
            SqlState::INVALID_PASSWORD | SqlState::INVALID_AUTHORIZATION_SPECIFICATION => {
                StoreError::AuthenticationFailed { server, user: address.user().to_string() }
            }
            SqlState::INVALID_CATALOG_NAME => StoreError::NotATeamBase { server },
            SqlState::ADMIN_SHUTDOWN | SqlState::CRASH_SHUTDOWN | SqlState::CANNOT_CONNECT_NOW => {
                StoreError::ServerUnreachable { server, cause: "le serveur s'est arrêté ou redémarre".into() }
            }
            _ => StoreError::TeamDatabase { action, detail: server_said(&e), source: e },
        };
    }
    if let Some(cause) = network_cause(&e) {
        return StoreError::ServerUnreachable { server, cause };
    }
    StoreError::TeamDatabase { action, detail: server_said(&e), source: e }
}

/// The server's own message (`postgres::Error` prints only « db error » for it).
fn server_said(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => match db.detail() {
            Some(detail) => format!("{} : {detail}", db.message()),
            None => db.message().to_string(),
        },
        None => e.to_string(),
    }
}

/// The French cause of a failure to reach or keep the server, or None for another failure.
fn network_cause(e: &postgres::Error) -> Option<String> {
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        if let Some(tls) = inner.downcast_ref::<rustls::Error>() {
            return Some(match tls {
                rustls::Error::InvalidCertificate(_) => format!(
                    "son certificat n'a pas pu être vérifié. Si le serveur de la fédération a sa propre autorité \
                     de certification, donnez son fichier dans l'écran « Base d'équipe » (ou la variable {CA_FILE_ENV} \
                     en ligne de commande)"
                ),
                _ => "la connexion chiffrée (TLS) a échoué".into(),
            });
        }
        if let Some(io) = inner.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::*;
            return Some(
                match io.kind() {
                    ConnectionRefused => "aucun serveur n'écoute à cette adresse et ce port",
                    TimedOut | WouldBlock => "il n'a pas répondu à temps",
                    NotFound | AddrNotAvailable => "l'adresse du serveur est introuvable",
                    HostUnreachable | NetworkUnreachable | NetworkDown => "le réseau ne permet pas de l'atteindre",
                    ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof => "la connexion a été coupée",
                    _ => "la connexion a échoué",
                }
                .into(),
            );
        }
        source = inner.source();
    }
    let text = e.to_string();
    if e.is_closed() || text.contains("timeout") || text.contains("connection closed") {
        return Some("la connexion a été coupée".into());
    }
    if text.contains("TLS") || text.contains("tls") {
        return Some("le serveur n'accepte pas les connexions chiffrées (TLS), obligatoires hors de ce poste".into());
    }
    None
}
