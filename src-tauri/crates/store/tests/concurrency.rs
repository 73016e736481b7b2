//! Two writers on one base: a write waits for the other one's to end (up to the busy timeout)
//! instead of failing, and a real time-out says so, with the right advice.

mod common;

use std::time::{Duration, Instant};

use common::{structure, today};
use fabrique_core::rgpd::{AssessmentDraft, Status};
use fabrique_store::Store;

/// Another process's write transaction, held for `hold`.
fn hold_write_lock(path: &std::path::Path, hold: Duration) -> std::thread::JoinHandle<()> {
    let path = path.to_path_buf();
    let (locked, wait) = std::sync::mpsc::channel();
    let handle = std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("BEGIN IMMEDIATE; INSERT OR REPLACE INTO settings (key, value) VALUES ('essai', '1');")
            .unwrap();
        locked.send(()).unwrap();
        std::thread::sleep(hold);
        conn.execute_batch("COMMIT").unwrap();
    });
    wait.recv().unwrap();
    handle
}

#[test]
fn finding_2_writes_wait_for_another_writer_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("base.sqlite");
    let mut store = Store::open(&path).unwrap();
    let centre = store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();
    let item = store.rgpd_checklist().unwrap().items[0].id.clone();

    let other = hold_write_lock(&path, Duration::from_millis(1500));
    let started = Instant::now();
    let draft = AssessmentDraft { status: Some(Status::EnCours), ..Default::default() };
    store.set_rgpd_assessment(centre.id, &item, &draft, None, today()).expect("waits, then writes");
    assert!(started.elapsed() >= Duration::from_millis(1000), "it did wait: {:?}", started.elapsed());
    other.join().unwrap();

    let other = hold_write_lock(&path, Duration::from_millis(1500));
    store.create_structure(structure("EVS Le Phare", "Lormont")).expect("a multi-row write waits too");
    other.join().unwrap();
    assert_eq!(store.list_structures().unwrap().len(), 2);
    assert_eq!(store.rgpd_assessments(Some(centre.id)).unwrap()[0].status, Status::EnCours);
}

#[test]
fn a_writer_held_past_the_time_out_is_reported_as_such_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("base.sqlite");
    let mut store = Store::open(&path).unwrap();
    let other = hold_write_lock(&path, Duration::from_secs(7));
    let err = store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap_err();
    assert_eq!(err.code(), "busy");
    assert!(err.to_string().starts_with("Une autre fenêtre ou une commande de Fabrique écrit dans la base"), "{err}");
    assert!(!err.to_string().contains("restaurez"), "no backup to restore for a lock: {err}");
    other.join().unwrap();
    assert!(store.list_structures().unwrap().is_empty());
}

/// The window keeps the directory list between keystrokes; it must notice every change to the
/// base, its own writes, another process's, and a restore, without being told.
#[test]
fn the_change_stamp_moves_with_every_write_from_anywhere_and_not_with_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("base.sqlite");
    let mut store = Store::open(&path).unwrap();
    let fresh = store.change_stamp().unwrap();
    store.list_structures().unwrap();
    assert_eq!(store.change_stamp().unwrap(), fresh, "a read changes nothing");

    store.create_structure(structure("EVS du Tube", "Pessac")).unwrap();
    let after_own_write = store.change_stamp().unwrap();
    assert_ne!(after_own_write, fresh, "this store's write");

    Store::open(&path).unwrap().backup_to(&dir.path().join("copie.sqlite")).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE structures SET name = 'EVS du Tube (Pessac)'", []).unwrap();
    let after_other_write = store.change_stamp().unwrap();
    assert_ne!(after_other_write, after_own_write, "another process's write");

    store.restore_from(&dir.path().join("copie.sqlite")).unwrap();
    assert_ne!(store.change_stamp().unwrap(), after_other_write, "a restore");
}
