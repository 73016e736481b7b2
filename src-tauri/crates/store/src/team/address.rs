//! The address of a team base, as a user writes it (`postgresql://user@host:port/base`), and the
//! password that goes with it, looked up the way PostgreSQL's own tools do: in the address, then
//! `PGPASSWORD`, then the password file (`~/.pgpass`, `%APPDATA%\postgresql\pgpass.conf`, or
//! `PGPASSFILE`). The password is never printed: [`TeamAddress`]'s `Display` leaves it out.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use postgres::config::{Host, SslMode};

use crate::error::{Result, StoreError};

/// How long connecting may take before the server is said to be unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_PORT: u16 = 5432;

/// A parsed team base address, with its password once found.
#[derive(Clone)]
pub struct TeamAddress {
    pub(crate) config: postgres::Config,
    host: String,
    port: u16,
    database: String,
    user: String,
    local: bool,
    /// The certificate authority of the federation's own server (a PEM file), when it has one;
    /// else `PGSSLROOTCERT` is read, as by PostgreSQL's own tools.
    ca_file: Option<PathBuf>,
}

/// A team base as the « Base d'équipe » screen asks for it, field by field (never its password).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TeamServer {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
}

impl TeamAddress {
    /// True for what `--db` or `FABRIQUE_DB` hold when they name a team base rather than a file.
    pub fn is_team_address(text: &str) -> bool {
        text.starts_with("postgresql://") || text.starts_with("postgres://")
    }

    /// Reads an address; the password comes from the address, `PGPASSWORD` or the password file.
    pub fn parse(text: &str) -> Result<TeamAddress> {
        let refuse = |message: String| StoreError::TeamAddress { address: without_password(text), message };
        if !Self::is_team_address(text) {
            return Err(refuse("une adresse de base d'équipe commence par postgresql://".into()));
        }
        let mut config: postgres::Config = text.parse().map_err(|e: postgres::Error| {
            refuse(format!("{e} ; écrivez-la ainsi : postgresql://utilisateur@serveur:5432/base"))
        })?;
        let host = match config.get_hosts() {
            [] => "localhost".to_string(),
            [Host::Tcp(host)] => host.clone(),
            #[cfg(unix)]
            [Host::Unix(path)] => path.display().to_string(),
            _ => return Err(refuse("une seule adresse de serveur est possible.".into())),
        };
        let port = match config.get_ports() {
            [] => DEFAULT_PORT,
            [port] => *port,
            _ => return Err(refuse("un seul port est possible.".into())),
        };
        let user = match config.get_user() {
            Some(user) => user.to_string(),
            None => match std::env::var("PGUSER").ok().filter(|u| !u.is_empty()) {
                Some(user) => user,
                None => {
                    return Err(refuse(
                        "l'utilisateur manque : écrivez-la ainsi : postgresql://utilisateur@serveur:5432/base".into(),
                    ))
                }
            },
        };
        let Some(database) = config.get_dbname().map(str::to_string) else {
            return Err(refuse("le nom de la base manque : postgresql://utilisateur@serveur:5432/base".into()));
        };
        let local = is_local(&config, &host);
        if !local {
            match config.get_ssl_mode() {
                SslMode::Disable => {
                    return Err(refuse(
                        "le chiffrement (TLS) est obligatoire avec un serveur distant : retirez sslmode=disable."
                            .into(),
                    ))
                }
                // A remote server that does not offer TLS is refused rather than read in clear.
                _ => {
                    config.ssl_mode(SslMode::Require);
                }
            }
        }
        config.user(&user);
        Ok(TeamAddress { config, host, port, database, user, local, ca_file: None }.with_password_found())
    }

    /// The address of a team base given field by field, with the password typed or kept in the
    /// keychain (else `PGPASSWORD` or the password file, as for an address).
    pub fn from_server(server: &TeamServer, password: Option<&str>) -> Result<TeamAddress> {
        let host = server.host.trim().to_string();
        let database = server.database.trim().to_string();
        let user = server.user.trim().to_string();
        let address = || format!("postgresql://{user}@{host}:{}/{database}", server.port);
        let refuse = |message: &str| StoreError::TeamAddress { address: address(), message: message.into() };
        if host.is_empty() {
            return Err(refuse("le serveur manque : donnez son nom ou son adresse (ex. bdd.federation.fr)."));
        }
        if host.chars().any(|c| c.is_whitespace() || matches!(c, '/' | '@' | '?' | '#')) {
            return Err(refuse("le nom du serveur ne peut contenir ni espace ni / @ ? # : donnez seulement son nom."));
        }
        if database.is_empty() {
            return Err(refuse("le nom de la base manque."));
        }
        if user.is_empty() {
            return Err(refuse("l'utilisateur manque."));
        }
        if server.port == 0 {
            return Err(refuse("le port doit être un nombre de 1 à 65535 (5432 le plus souvent)."));
        }
        let mut config = postgres::Config::new();
        config.host(&host).port(server.port).dbname(&database).user(&user);
        let local = is_local(&config, &host);
        if !local {
            config.ssl_mode(SslMode::Require);
        }
        if let Some(password) = password.filter(|p| !p.is_empty()) {
            config.password(password);
        }
        let ca_file = server.ca_file.clone().filter(|path| !path.as_os_str().is_empty());
        Ok(TeamAddress { config, host, port: server.port, database, user, local, ca_file }.with_password_found())
    }

    /// The fields of this address, to fill the « Base d'équipe » screen.
    pub fn server_fields(&self) -> TeamServer {
        TeamServer {
            host: self.host.clone(),
            port: self.port,
            database: self.database.clone(),
            user: self.user.clone(),
            ca_file: self.ca_file.clone(),
        }
    }

    /// The certificate authority named for this base, if any (else `PGSSLROOTCERT`).
    pub fn ca_file(&self) -> Option<&Path> {
        self.ca_file.as_deref()
    }

    /// Fills in what the address leaves out: the password (`PGPASSWORD`, then the password file),
    /// a connection time limit, and the program's name as the server lists it.
    fn with_password_found(mut self) -> TeamAddress {
        if self.config.get_password().is_none() {
            if let Some(password) = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()) {
                self.config.password(password);
            } else if let Some(password) = password_from_file(&self.host, self.port, &self.database, &self.user) {
                self.config.password(password);
            }
        }
        if self.config.get_connect_timeout().is_none() {
            self.config.connect_timeout(CONNECT_TIMEOUT);
        }
        self.config.application_name("Fabrique");
        self
    }

    /// True when a password was given or found.
    pub fn has_password(&self) -> bool {
        self.config.get_password().is_some()
    }

    /// Where this base's password is kept in the system's keychain: one entry per user and server.
    pub fn keychain_entry(&self) -> String {
        format!("{}@{}", self.user, self.server())
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    /// True when the server is this machine (the only case where TLS is not required).
    pub fn is_local(&self) -> bool {
        self.local
    }

    /// The base's name on its server, for the badge that says which base is open: `base · serveur`.
    pub fn short_name(&self) -> String {
        format!("{} · {}", self.database, self.host)
    }

    /// The base's name on its server.
    pub fn database(&self) -> &str {
        &self.database
    }

    /// The server and base, for messages: `serveur:5432/base`.
    pub fn server(&self) -> String {
        format!("{}:{}/{}", self.host, self.port, self.database)
    }
}

/// `postgresql://user@host:port/base`, without the password.
impl fmt::Display for TeamAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "postgresql://{}@{}", self.user, self.server())
    }
}

impl fmt::Debug for TeamAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TeamAddress({self})")
    }
}

fn is_local(config: &postgres::Config, host: &str) -> bool {
    #[cfg(unix)]
    if matches!(config.get_hosts(), [Host::Unix(_)]) {
        return true;
    }
    let _ = config;
    matches!(host, "localhost" | "127.0.0.1" | "::1" | "[::1]")
}

/// An address as it may be shown: the password between `:` and `@` replaced.
fn without_password(text: &str) -> String {
    let Some(scheme_end) = text.find("://").map(|i| i + 3) else { return text.to_string() };
    let rest = &text[scheme_end..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => match rest[..at].find(':') {
            Some(colon) => format!("{}{}:***{}", &text[..scheme_end], &rest[..colon], &rest[at..]),
            None => text.to_string(),
        },
        None => text.to_string(),
    }
}

fn password_file() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PGPASSFILE").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    if cfg!(windows) {
        std::env::var_os("APPDATA").map(|dir| PathBuf::from(dir).join("postgresql").join("pgpass.conf"))
    } else {
        dirs::home_dir().map(|home| home.join(".pgpass"))
    }
}

fn password_from_file(host: &str, port: u16, database: &str, user: &str) -> Option<String> {
    let path = password_file()?;
    // As libpq: a password file others can read is ignored.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if std::fs::metadata(&path).ok()?.permissions().mode() & 0o077 != 0 {
            return None;
        }
    }
    // A password file is a few lines; a larger one is not one.
    let text = std::fs::read(&path).ok().filter(|bytes| bytes.len() <= 1 << 20)?;
    password_in(&String::from_utf8_lossy(&text), host, port, database, user)
}

/// The first line of a password file that matches (`host:port:base:user:password`, `*` for any
/// value, `\:` and `\\` for a colon and a backslash).
pub(crate) fn password_in(text: &str, host: &str, port: u16, database: &str, user: &str) -> Option<String> {
    let port = port.to_string();
    let wanted = [host, port.as_str(), database, user];
    text.lines().filter(|line| !line.trim_start().starts_with('#')).find_map(|line| {
        let fields = split_fields(line);
        if fields.len() != 5 {
            return None;
        }
        let matches = fields.iter().zip(wanted).all(|(field, value)| field == "*" || field == value);
        matches.then(|| fields[4].clone())
    })
}

fn split_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().expect("never empty").push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().expect("never empty").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remote_server_requires_tls_and_a_local_one_does_not() {
        let remote = TeamAddress::parse("postgresql://marie:secret@bdd.federation.example:5433/fabrique").unwrap();
        assert_eq!(remote.config.get_ssl_mode(), SslMode::Require);
        assert!(!remote.is_local());
        assert_eq!(remote.to_string(), "postgresql://marie@bdd.federation.example:5433/fabrique");
        assert_eq!(format!("{remote:?}"), "TeamAddress(postgresql://marie@bdd.federation.example:5433/fabrique)");
        assert_eq!(remote.config.get_password(), Some(&b"secret"[..]));

        let local = TeamAddress::parse("postgresql://marie@localhost/fabrique").unwrap();
        assert!(local.is_local());
        assert_eq!(local.server(), "localhost:5432/fabrique");

        let clear = TeamAddress::parse("postgresql://marie:secret@bdd.example/fabrique?sslmode=disable").unwrap_err();
        assert_eq!(clear.code(), "invalid_field");
        assert!(clear.to_string().contains("TLS) est obligatoire"), "{clear}");
        assert!(!clear.to_string().contains("secret"), "{clear}");
        assert!(clear.to_string().contains("marie:***@bdd.example"), "{clear}");
    }

    #[test]
    fn an_address_without_its_base_or_in_another_form_is_refused_in_french() {
        let no_base = TeamAddress::parse("postgresql://marie@bdd.example").unwrap_err().to_string();
        assert!(no_base.contains("le nom de la base manque"), "{no_base}");
        let not_url = TeamAddress::parse("host=bdd.example user=marie").unwrap_err().to_string();
        assert!(not_url.contains("commence par postgresql://"), "{not_url}");
        let bad_option = TeamAddress::parse("postgresql://marie@bdd.example/f?couleur=bleu").unwrap_err().to_string();
        assert!(bad_option.contains("postgresql://utilisateur@serveur:5432/base"), "{bad_option}");
    }

    #[test]
    fn an_address_given_field_by_field_requires_tls_off_this_machine_and_never_shows_its_password() {
        let server = TeamServer {
            host: " bdd.federation.example ".into(),
            port: 5433,
            database: "fabrique".into(),
            user: "marie".into(),
            ca_file: Some(PathBuf::from("/etc/federation/ca.pem")),
        };
        let remote = TeamAddress::from_server(&server, Some("secret")).unwrap();
        assert_eq!(remote.config.get_ssl_mode(), SslMode::Require);
        assert_eq!(remote.to_string(), "postgresql://marie@bdd.federation.example:5433/fabrique");
        assert_eq!(remote.config.get_password(), Some(&b"secret"[..]));
        assert_eq!(remote.ca_file(), Some(Path::new("/etc/federation/ca.pem")));
        assert_eq!(remote.keychain_entry(), "marie@bdd.federation.example:5433/fabrique");
        assert_eq!(remote.server_fields(), TeamServer { host: "bdd.federation.example".into(), ..server.clone() });

        let local = TeamAddress::from_server(&TeamServer { host: "localhost".into(), ..server.clone() }, None).unwrap();
        assert!(local.is_local());
        assert_ne!(local.config.get_ssl_mode(), SslMode::Require);

        for (broken, said) in [
            (TeamServer { host: " ".into(), ..server.clone() }, "le serveur manque"),
            (TeamServer { host: "bdd.example/autre".into(), ..server.clone() }, "ni espace ni /"),
            (TeamServer { database: "".into(), ..server.clone() }, "le nom de la base manque"),
            (TeamServer { user: "".into(), ..server.clone() }, "l'utilisateur manque"),
            (TeamServer { port: 0, ..server.clone() }, "de 1 à 65535"),
        ] {
            let message = TeamAddress::from_server(&broken, Some("secret")).unwrap_err().to_string();
            assert!(message.contains(said) && !message.contains("secret"), "{message}");
        }
    }

    #[test]
    fn the_password_file_is_read_as_libpq_reads_it() {
        let file = "# commentaire\n\
                    autre.example:5432:*:marie:non\n\
                    bdd.example:5432:fabrique:marie:mot\\:de\\\\passe\n\
                    *:*:*:*:générique\n";
        assert_eq!(password_in(file, "bdd.example", 5432, "fabrique", "marie").as_deref(), Some("mot:de\\passe"));
        assert_eq!(password_in(file, "autre.example", 5432, "x", "marie").as_deref(), Some("non"));
        assert_eq!(password_in(file, "ailleurs", 1, "x", "paul").as_deref(), Some("générique"));
        assert_eq!(password_in("bdd.example:5432:fabrique:marie\n", "bdd.example", 5432, "fabrique", "marie"), None);
    }
}
