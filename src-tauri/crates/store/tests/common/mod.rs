//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use fabrique_core::{PersonDraft, StructureDraft, StructureKind, VisitDraft};
use fabrique_store::Store;

#[cfg(unix)]
#[path = "postgres.rs"]
pub mod pg_server;

/// A new empty store on each engine: SQLite in memory and, where the tests start a PostgreSQL
/// server (not under Windows), a new team base opened as a délégué·e. A test of an operation
/// written for both engines runs its body on each.
pub fn each_engine() -> Vec<(&'static str, Store)> {
    on_each_engine(Role::Delegate)
}

/// As [`each_engine`], the team base opened as an administrator (for the checklist's versions,
/// the templates and the federation's record).
pub fn each_engine_as_administrator() -> Vec<(&'static str, Store)> {
    on_each_engine(Role::Administrator)
}

enum Role {
    Delegate,
    Administrator,
}

fn on_each_engine(role: Role) -> Vec<(&'static str, Store)> {
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut stores = vec![("SQLite", Store::open_in_memory().unwrap())];
    #[cfg(unix)]
    stores.push((
        "PostgreSQL",
        pg_server::shared().store_as(match role {
            Role::Delegate => pg_server::DELEGATE,
            Role::Administrator => pg_server::ADMINISTRATOR,
        }),
    ));
    #[cfg(not(unix))]
    let _ = role;
    stores
}

/// How a test opens the same base again, as the next start of the program would.
pub type Reopen = Box<dyn Fn() -> Store>;

/// As [`each_engine`], each store with the way to open its base again: a SQLite file in a
/// temporary folder (kept while the closure lives), or the team base's address.
pub fn each_engine_reopenable() -> Vec<(&'static str, Store, Reopen)> {
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut stores = vec![sqlite_file()];
    #[cfg(unix)]
    {
        let cluster = pg_server::shared();
        stores.push(team_base(&cluster.prepared_base()));
    }
    stores
}

/// As [`each_engine_reopenable`], each base holding the demo. A team base receives it published
/// by the base's owner (only the owner fills a base whole), then is used as a délégué·e.
pub fn each_engine_with_demo() -> Vec<(&'static str, Store, Reopen)> {
    let (engine, mut store, reopen) = sqlite_file();
    store.load_demo(today()).unwrap();
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut stores = vec![(engine, store, reopen)];
    #[cfg(unix)]
    {
        let cluster = pg_server::shared();
        let database = cluster.prepared_base();
        let owner = cluster.address("postgres", pg_server::SUPERUSER_PASSWORD, &database);
        Store::open_team(&owner).unwrap().load_demo(today()).unwrap();
        stores.push(team_base(&database));
    }
    stores
}

fn sqlite_file() -> (&'static str, Store, Reopen) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("base.sqlite");
    let store = Store::open(&path).unwrap();
    let reopen = move || {
        let _kept = &dir;
        Store::open(&path).unwrap()
    };
    ("SQLite", store, Box::new(reopen))
}

/// The team base `database` of the shared test server, opened as a délégué·e.
#[cfg(unix)]
fn team_base(database: &str) -> (&'static str, Store, Reopen) {
    let (user, password) = pg_server::DELEGATE;
    let address = pg_server::shared().address(user, password, database);
    let store = Store::open_team(&address).unwrap();
    ("PostgreSQL", store, Box::new(move || Store::open_team(&address).unwrap()))
}

/// Two people on one base: a délégué·e, and a colleague (on a team base, the administrator's
/// account; on a file, the same file opened again, as on one shared computer).
#[allow(dead_code)]
pub fn each_engine_with_colleague() -> Vec<(&'static str, Store, Store)> {
    let (engine, store, reopen) = sqlite_file();
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut stores = vec![(engine, store, reopen())];
    #[cfg(unix)]
    {
        let cluster = pg_server::shared();
        let database = cluster.prepared_base();
        let (engine, store, _) = team_base(&database);
        let (user, password) = pg_server::ADMINISTRATOR;
        stores.push((engine, store, Store::open_team(&cluster.address(user, password, &database)).unwrap()));
    }
    stores
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

pub fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

pub fn structure(name: &str, commune: &str) -> StructureDraft {
    StructureDraft {
        name: name.into(),
        kind: Some(StructureKind::CentreSocial),
        member: true,
        member_since: Some(2012),
        commune: commune.into(),
        email: "contact@exemple.fr".into(),
        tags: vec!["Numérique".into(), "Familles".into()],
        ..Default::default()
    }
}

pub fn person(first: &str, last: &str, email: &str) -> PersonDraft {
    PersonDraft {
        first_name: first.into(),
        last_name: last.into(),
        role: "Direction".into(),
        email: email.into(),
        collected_from: "Visite sur place".into(),
        collected_on: date(2025, 3, 1),
        ..Default::default()
    }
}

pub fn visit(on: Option<NaiveDate>, met: &str, notes: &str) -> VisitDraft {
    VisitDraft { date: on, delegate: "Anne Sarrazin".into(), met: met.into(), notes: notes.into() }
}

/// Structures in the directory: what "nothing was written" is checked against.
pub fn count(store: &Store) -> usize {
    store.list_structures().unwrap().len()
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Deterministic pseudo-random bytes (xorshift), so a failure reproduces.
pub fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        out.extend_from_slice(&seed.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// A workbook whose sheet declares entities that expand to gigabytes (« billion laughs »), or one
/// that names an outside file.
pub fn xml_bomb(laughs: bool) -> Vec<u8> {
    let doctype = if laughs {
        let mut d = String::from("<!DOCTYPE s [<!ENTITY l0 \"lol\">");
        for i in 1..10 {
            d.push_str(&format!("<!ENTITY l{i} \"{}\">", format!("&l{};", i - 1).repeat(10)));
        }
        d + "]>"
    } else {
        "<!DOCTYPE s [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>".to_string()
    };
    let reference = if laughs { "&l9;" } else { "&x;" };
    let sheet = format!(
        "<?xml version=\"1.0\"?>{doctype}<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
         <sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>{reference}</t></is></c></row></sheetData></worksheet>"
    );
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, "Nom").unwrap();
    let whole = book.save_to_buffer().unwrap();
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(whole)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..source.len() {
        let entry = source.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        if name == "xl/worksheets/sheet1.xml" {
            drop(entry);
            out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            std::io::Write::write_all(&mut out, sheet.as_bytes()).unwrap();
        } else {
            out.raw_copy_file(entry).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}
