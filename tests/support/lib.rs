//! Helpers shared by the cross-crate tests: finding the built binaries and running the command line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The folder holding the workspace's binaries (target/debug or target/release), found from the
/// running test executable (target/<profile>/deps/<test>).
pub fn binaries_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    exe.parent().and_then(Path::parent).expect("target/<profile>").to_path_buf()
}

pub fn binary(name: &str) -> PathBuf {
    let path = binaries_dir().join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(path.exists(), "{} is missing: build the workspace first (cargo build --workspace)", path.display());
    path
}

/// The result of one `fabrique-cli` run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }

    #[track_caller]
    pub fn success(self) -> Self {
        assert_eq!(self.code, 0, "fabrique-cli failed: {}", self.stderr);
        self
    }

    #[track_caller]
    pub fn failure(self) -> Self {
        assert_ne!(self.code, 0, "fabrique-cli should have failed; stdout: {}", self.stdout);
        self
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Runs `fabrique-cli --db DB ARGS…` with no FABRIQUE_DB in the environment.
/// A spreadsheet of two structures as the federation's are written (SIRET with spaces, tags in one
/// cell, an EVS without a SIRET), for the import tests on a file and on a team base.
pub const TWO_STRUCTURES_CSV: &str = "Nom;Type;Commune;SIRET;Adhérente;Étiquettes\n\
     Centre social du Lac;Centre social;Bordeaux;732 829 320 00074;oui;Numérique, Jeunesse\n\
     EVS La Ruche;EVS;Cadillac-sur-Garonne;;non;\n";

pub fn cli(db: &Path, args: &[&str]) -> Run {
    spawn_cli(db, args).wait_with_output().expect("fabrique-cli runs").into()
}

/// Starts `fabrique-cli --db DB ARGS…` without waiting for it, its output captured.
pub fn spawn_cli(db: &Path, args: &[&str]) -> std::process::Child {
    let start = || {
        Command::new(binary("fabrique-cli"))
            .arg("--db")
            .arg(db)
            .args(args)
            .env_remove("FABRIQUE_DB")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
    };
    match start() {
        // Wine (which runs the Windows tests on Linux) now and then fails to create a process just
        // after one was killed, with ERROR_INTERNAL_ERROR; a second try starts it.
        Err(e) if cfg!(windows) && e.raw_os_error() == Some(1359) => start(),
        started => started,
    }
    .expect("fabrique-cli starts")
}

/// How many structures the directory lists (opening the base first, as any command does).
pub fn count(db: &Path) -> usize {
    cli(db, &["structures", "list", "--json"]).success().json().as_array().unwrap().len()
}

/// Opens a base read-only, as an outside reader would, with SQLite itself (not through Fabrique).
fn open_read_only(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap_or_else(|e| panic!("{} opens read-only: {e}", db.display()))
}

fn cell_text(value: rusqlite::types::ValueRef<'_>) -> String {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Null => String::new(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(r) => r.to_string(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => format!("x'{}'", b.iter().map(|byte| format!("{byte:02x}")).collect::<String>()),
    }
}

/// The rows of one query on a base, read-only: a line per row, columns separated by `|` (as the
/// `sqlite3` shell prints them).
pub fn sqlite(db: &Path, sql: &str) -> String {
    let conn = open_read_only(db);
    let mut statement = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let columns = statement.column_count();
    let mut rows = statement.query([]).unwrap();
    let mut out = String::new();
    while let Some(row) = rows.next().unwrap() {
        let cells: Vec<String> = (0..columns).map(|i| cell_text(row.get_ref(i).unwrap())).collect();
        out.push_str(&cells.join("|"));
        out.push('\n');
    }
    out
}

/// Every table of a base with every row, in a stable order: equal dumps mean equal contents.
pub fn sqlite_dump(db: &Path) -> String {
    let mut out = String::new();
    for table in sqlite(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").lines() {
        out.push_str(&format!("-- {table}\n"));
        let mut rows: Vec<String> = sqlite(db, &format!("SELECT * FROM \"{}\"", table.replace('"', "\"\"")))
            .lines()
            .map(String::from)
            .collect();
        rows.sort();
        out.push_str(&rows.join("\n"));
        out.push('\n');
    }
    out
}

/// Every text stored in every column of every table of a base, with its `table.column`.
pub fn stored_texts(db: &Path) -> Vec<(String, String)> {
    let conn = open_read_only(db);
    let tables = sqlite(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
    let mut out = Vec::new();
    for table in tables.lines() {
        let mut statement = conn.prepare(&format!("SELECT * FROM \"{}\"", table.replace('"', "\"\""))).unwrap();
        let names: Vec<String> = statement.column_names().into_iter().map(String::from).collect();
        let mut rows = statement.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for (i, column) in names.iter().enumerate() {
                if let rusqlite::types::ValueRef::Text(text) = row.get_ref(i).unwrap() {
                    out.push((format!("{table}.{column}"), String::from_utf8_lossy(text).into_owned()));
                }
            }
        }
    }
    out
}

/// The text of a PDF, pages separated by a form feed: as poppler's `pdftotext` reads it on Linux
/// and macOS; on Windows, where poppler is not at hand, as lopdf (a Rust PDF reader) reads it.
#[cfg(not(windows))]
pub fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (install poppler-utils)");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The text of a PDF, pages separated by a form feed: as poppler's `pdftotext` reads it on Linux
/// and macOS; on Windows, where poppler is not at hand, as lopdf (a Rust PDF reader) reads it.
#[cfg(windows)]
pub fn pdf_text(pdf: &Path) -> String {
    let doc = lopdf::Document::load(pdf).unwrap_or_else(|e| panic!("{} reads as a PDF: {e}", pdf.display()));
    let pages: Vec<String> = doc
        .get_pages()
        .keys()
        .map(|&page| doc.extract_text(&[page]).unwrap_or_else(|e| panic!("page {page} of {}: {e}", pdf.display())))
        .collect();
    pages.join("\u{c}")
}

pub mod webdriver;

/// A Linux desktop session opens a keyring at login; a test process may have none, so it joins a
/// new one of its own (as `keyctl session` does), which the programs it starts inherit.
#[cfg(target_os = "linux")]
pub fn join_fresh_session_keyring() {
    const KEYCTL_JOIN_SESSION_KEYRING: libc::c_long = 1;
    // SAFETY: a null name asks the kernel for a new anonymous session keyring; no memory is passed.
    let id = unsafe { libc::syscall(libc::SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, std::ptr::null::<libc::c_char>()) };
    assert!(id >= 0, "keyctl(JOIN_SESSION_KEYRING) a échoué : {}", std::io::Error::last_os_error());
}

/// Serves `pages` (path → body, with status 200; anything else 404) over HTTP on 127.0.0.1 until
/// the test ends: the news watch's feeds, for the command line's and the window's tests.
pub fn serve_pages(pages: Vec<(&'static str, String)>) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let pages = std::sync::Arc::new(pages);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let pages = std::sync::Arc::clone(&pages);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut first = String::new();
                reader.read_line(&mut first).unwrap_or(0);
                let mut line = String::new();
                while reader.read_line(&mut line).unwrap_or(0) > 2 {
                    line.clear();
                }
                let path = first.split_whitespace().nth(1).unwrap_or("/");
                let (status, body) = match pages.iter().find(|(p, _)| *p == path) {
                    Some((_, body)) => ("200 OK", body.as_str()),
                    None => ("404 Not Found", "absent"),
                };
                let head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
                let _ = stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(body.as_bytes()));
                // Closed gracefully once the client is done, never reset with data unread.
                let _ = stream.shutdown(std::net::Shutdown::Write);
                let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(2)));
                let _ = std::io::copy(&mut reader, &mut std::io::sink());
            });
        }
    });
    base
}
