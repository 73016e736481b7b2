//! A real PostgreSQL server for the tests, started from the machine's own binaries in a temporary
//! folder, on a free port, and stopped when the test process ends (a watcher process stops it even
//! if the tests panic or are killed). Connections over TCP need a password (SCRAM), as on the
//! federation's server; `initdb` refuses to run as root, so as root the server runs as `postgres`.
//!
//! The binaries are looked for in `FABRIQUE_PG_BIN`, then `/usr/lib/postgresql/<version>/bin`
//! (Debian, newest first), then `pg_config --bindir`. Without them the tests fail and say how to
//! install PostgreSQL.

#![allow(dead_code)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use fabrique_store::team::schema;
use fabrique_store::{Store, TeamAddress, TeamBase};

pub const SUPERUSER_PASSWORD: &str = "mot-de-passe-de-test";

/// A délégué·e of every prepared base: the role most of the team's users have.
pub const DELEGATE: (&str, &str) = ("delegue_essai", "mot-de-passe-delegue");

/// An administrator (checklist versions, templates, the federation's record) of every prepared base.
pub const ADMINISTRATOR: (&str, &str) = ("administration_essai", "mot-de-passe-administration");

/// A read-only account of every prepared base.
pub const READER: (&str, &str) = ("lecture_essai", "mot-de-passe-lecture");

pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    pub port: u16,
    as_postgres: bool,
}

/// The cluster the tests of this process share; each test makes its own database in it.
pub fn shared() -> &'static Cluster {
    static SHARED: OnceLock<Cluster> = OnceLock::new();
    SHARED.get_or_init(Cluster::start)
}

impl Cluster {
    /// A new cluster of its own (for a test that stops or restarts the server).
    pub fn start() -> Cluster {
        let bin = binaries();
        let as_postgres = is_root();
        let dir = tempfile::Builder::new().prefix("fabrique-pg-").tempdir().expect("dossier temporaire").keep();
        let pwfile = dir.join("pwfile");
        std::fs::write(&pwfile, SUPERUSER_PASSWORD).unwrap();
        if as_postgres {
            run(Command::new("chown").args(["-R", "postgres:postgres"]).arg(&dir));
        }
        let data = dir.join("data");
        let cluster = Cluster { bin, dir, port: free_port(), as_postgres };
        run(cluster
            .command("initdb")
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "-E", "UTF8", "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256"])
            .arg(format!("--pwfile={}", pwfile.display())));
        cluster.pg_ctl_start();
        cluster.stop_when_this_process_ends();
        cluster
    }

    fn command(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        }
    }

    fn pg_ctl_start(&self) {
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", self.port, self.dir.display());
        run(self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-o", &options, "-l"])
            .arg(self.dir.join("server.log"))
            .args(["-w", "start"]));
    }

    /// Stops the server at once (as a crash or a power cut would, for the connections), then starts it.
    pub fn restart(&self) {
        self.stop();
        self.pg_ctl_start();
    }

    /// Stops the server, every connection cut (until [`Cluster::start_again`]).
    pub fn stop(&self) {
        run(self.command("pg_ctl").arg("-D").arg(self.dir.join("data")).args(["-m", "fast", "-w", "stop"]));
    }

    pub fn start_again(&self) {
        self.pg_ctl_start();
    }

    fn stop_when_this_process_ends(&self) {
        let pg_ctl = self.bin.join("pg_ctl");
        let runner = if self.as_postgres { "runuser -u postgres -- " } else { "" };
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; {runner}'{pg_ctl}' -D '{data}' -m immediate stop >/dev/null 2>&1; rm -rf '{dir}'",
            pid = std::process::id(),
            pg_ctl = pg_ctl.display(),
            data = self.dir.join("data").display(),
            dir = self.dir.display(),
        );
        // The watcher must outlive this process (it stops the server after the tests end), so it
        // is never waited for.
        #[allow(clippy::zombie_processes)]
        Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("surveillant du serveur de test");
    }

    /// The address of `database` for `user` (password in the address).
    pub fn url(&self, user: &str, password: &str, database: &str) -> String {
        format!("postgresql://{user}:{password}@127.0.0.1:{}/{database}", self.port)
    }

    /// A new empty database, owned by the superuser; returns its name.
    pub fn new_database(&self) -> String {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = format!("essai_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        self.superuser("postgres").batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        name
    }

    /// A prepared, empty team base (`team init` run as its owner); returns its database name.
    pub fn prepared_base(&self) -> String {
        self.prepared_base_up_to(Store::SCHEMA_VERSION)
    }

    /// As [`Cluster::prepared_base`], at an older schema `version` (as an older release prepared it).
    pub fn prepared_base_up_to(&self, version: u32) -> String {
        // Roles belong to the whole server: two `team init` at the same instant would both create
        // them.
        static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let database = self.new_database();
        let prepared = schema::init_up_to(&mut self.team(&database), version).expect("team init");
        assert_eq!(prepared.schema_version, version);
        let mut superuser = self.superuser(&database);
        let accounts = [
            (DELEGATE, "fabrique_delegation"),
            (ADMINISTRATOR, "fabrique_administration"),
            (READER, "fabrique_lecture"),
        ];
        for ((user, password), group) in accounts {
            superuser
                .batch_execute(&format!(
                    "DO $$ BEGIN
                       IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{user}') THEN
                         CREATE ROLE {user} LOGIN PASSWORD '{password}' IN ROLE {group};
                       END IF;
                     END $$;"
                ))
                .unwrap();
        }
        database
    }

    /// The store on a new prepared team base, opened as `(user, password)` (`DELEGATE`,
    /// `ADMINISTRATOR`).
    pub fn store_as(&self, (user, password): (&str, &str)) -> Store {
        Store::open_team(&self.address(user, password, &self.prepared_base())).expect("base d'équipe")
    }

    /// A plain client, as the superuser, on `database`.
    pub fn superuser(&self, database: &str) -> postgres::Client {
        postgres::Client::connect(&self.url("postgres", SUPERUSER_PASSWORD, database), postgres::NoTls)
            .expect("connexion au serveur de test")
    }

    /// Fabrique's connection, as the superuser, on `database`.
    pub fn team(&self, database: &str) -> TeamBase {
        TeamBase::connect(&self.address("postgres", SUPERUSER_PASSWORD, database)).expect("connexion")
    }

    pub fn address(&self, user: &str, password: &str, database: &str) -> TeamAddress {
        TeamAddress::parse(&self.url(user, password, database)).expect("adresse")
    }

    /// Runs SQL with the real `psql` as `user`, as anyone holding a password could; returns whether
    /// it succeeded and what psql printed.
    pub fn psql(&self, user: &str, password: &str, database: &str, sql: &str) -> (bool, String) {
        let psql = if self.bin.join("psql").exists() { self.bin.join("psql") } else { PathBuf::from("psql") };
        let output = Command::new(psql)
            .args(["-X", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", &self.port.to_string()])
            .args(["-U", user, "-d", database, "-c", sql])
            .env("PGPASSWORD", password)
            .env("LC_MESSAGES", "C")
            .output()
            .expect("psql");
        let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        (output.status.success(), text)
    }
}

fn binaries() -> PathBuf {
    if let Some(dir) = std::env::var_os("FABRIQUE_PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut debian: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| Some((entry.file_name().to_str()?.parse().ok()?, entry.path().join("bin"))))
        .filter(|(_, bin): &(u32, PathBuf)| bin.join("initdb").exists())
        .collect();
    debian.sort();
    if let Some((_, bin)) = debian.pop() {
        return bin;
    }
    if let Ok(output) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
        if dir.join("initdb").exists() {
            return dir;
        }
    }
    panic!(
        "PostgreSQL (13 ou plus récent) est introuvable : installez le paquet postgresql \
         (`.ci/setup.sh` le fait), ou indiquez le dossier de ses programmes dans FABRIQUE_PG_BIN."
    )
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0\n")).unwrap_or(false)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn run(command: &mut Command) {
    let output = command.output().unwrap_or_else(|e| panic!("{command:?} : {e}"));
    assert!(
        output.status.success(),
        "{command:?} a échoué :\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
