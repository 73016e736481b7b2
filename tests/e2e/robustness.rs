//! The real window when things go wrong: a damaged base replaced, typed text surviving a kill.

use super::*;

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn a_damaged_base_is_replaced_by_a_backup_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("sauvegarde.fabrique");
    let source = dir.path().join("source.sqlite");
    cli(&source, &["demo"]).success();
    cli(&source, &["backup", backup.to_str().unwrap()]).success();
    let db = dir.path().join("abîmée.sqlite");
    std::fs::write(&db, "ceci n'est plus une base SQLite ".repeat(200)).unwrap();
    let answers = dir.path().join("réponses.txt");
    std::fs::write(&answers, "").unwrap();

    let driver = Driver::start_with_env(&[("FABRIQUE_DIALOG_ANSWERS", &answers)]);
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    let panel = session.wait_until("the recovery panel", || session.text_of("[data-testid=unavailable]"));
    assert!(panel.contains("n'est pas une base Fabrique") && panel.contains("abîmée.sqlite"), "{panel}");
    session.screenshot(&screenshots_dir().join("11-base-illisible.png"));

    answer_next_dialog(&answers, &backup);
    session.click(&session.wait_for("[data-testid=replace-from-backup]"));
    session.wait_until("the restored directory", || {
        session.text_of("[data-testid=counts]").filter(|t| t.contains("34 adhérentes, 15 non adhérentes"))
    });
    session.quit();
    let aside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("abîmée.sqlite.mise-de-cote-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged file is set aside, not deleted");
}

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn what_was_typed_survives_the_app_being_killed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("autosave.sqlite");
    cli(&db, &["demo"]).success();
    let open_beaudesert_form = |session: &Session| {
        session.type_text(&session.wait_for("[data-testid=search]"), "beaudesert");
        session.wait_until("Beaudésert", || rows_named(session, "Beaudésert").filter(|r| r.len() == 1));
        session.click(&session.find_all("[data-testid=structure-row]")[0]);
        session.click(&session.wait_for("[data-testid=edit]"));
    };
    {
        let driver = Driver::start();
        let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
        open_beaudesert_form(&session);
        session.type_text(&session.wait_for("[name=notes]"), "Projet numérique : relancer la directrice avant le 15.");
        session.wait_until("the typing kept", || {
            session.text_of("[data-testid=form-state]").filter(|t| t.contains("gardées en attendant"))
        });
        // Dropping the driver kills the app and its drivers outright, as a crash would: no save.
    }
    let list = cli(&db, &["structures", "list", "--json"]).success().json();
    assert!(!list.to_string().contains("relancer la directrice"), "nothing was saved as the structure's data");

    let driver = Driver::start();
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    open_beaudesert_form(&session);
    session.wait_until("the restored typing", || session.text_of("[data-testid=restored-draft]"));
    let notes = session.wait_for("[name=notes]");
    session.wait_until("the notes as typed", || {
        Some(session.value(&notes)).filter(|v| v.contains("relancer la directrice"))
    });
    session.screenshot(&screenshots_dir().join("12-saisie-reprise.png"));
    session.click(&session.wait_for("[data-testid=save]"));
    session.wait_until("the saved notes", || {
        session.text_of("[data-testid=detail-notes]").filter(|t| t.contains("relancer la directrice avant le 15"))
    });
    session.quit();
}
