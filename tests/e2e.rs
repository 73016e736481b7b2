//! The real window, driven over WebDriver (tauri-driver + WebKitWebDriver) under a display such as
//! Xvfb. Run by the README's test command: `cargo test -p fabrique-tests --test e2e -- --ignored`.
//! Screenshots land in target/<profile>/e2e-screenshots for people to look at.

use std::path::PathBuf;

use fabrique_tests::webdriver::{Driver, Session};
use fabrique_tests::{binaries_dir, binary, cli};

fn screenshots_dir() -> PathBuf {
    let dir = binaries_dir().join("e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn rows_named(session: &Session, needle: &str) -> Option<Vec<String>> {
    let rows = session.texts("[data-testid=structure-row]")?;
    (!rows.is_empty() && rows.iter().all(|t| t.contains(needle))).then_some(rows)
}

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn search_open_edit_quit_restart_and_find_the_edit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e2e.sqlite");
    cli(&db, &["demo"]).success();
    let app = binary("fabrique");
    let db_arg = db.to_str().unwrap();
    let driver = Driver::start();

    let session = driver.session(&app, &["--db", db_arg]);
    session.wait_until("the counts line", || session.text_of("[data-testid=counts]").filter(|t| t.contains("34 adhérentes")));
    session.screenshot(&screenshots_dir().join("01-annuaire.png"));

    let search = session.wait_for("[data-testid=search]");
    session.type_text(&search, "beaudesert");
    let rows = session.wait_until("one row for Beaudésert", || rows_named(&session, "Beaudésert").filter(|r| r.len() == 1));
    assert!(rows[0].contains("Mérignac"), "{rows:?}");
    session.click(&session.find_all("[data-testid=structure-row]")[0]);
    let name = session.wait_for("[data-testid=detail-name]");
    assert_eq!(session.text(&name), "Centre social et culturel de Beaudésert");
    session.screenshot(&screenshots_dir().join("02-fiche.png"));

    session.click(&session.wait_for("[data-testid=edit]"));
    let phone = session.wait_for("input[name=phone]");
    session.clear(&phone);
    session.type_text(&phone, "05 56 99 88 77");
    let notes = session.wait_for("[name=notes]");
    session.type_text(&notes, "Rencontre prévue en décembre — à préparer.");
    session.screenshot(&screenshots_dir().join("03-modification.png"));
    session.click(&session.wait_for("[data-testid=save]"));
    session.wait_until("the saved phone in the detail", || {
        session.text_of("[data-testid=detail]").filter(|t| t.contains("05 56 99 88 77"))
    });
    session.quit();

    // The edit reached the database file, not only the window.
    let list = cli(&db, &["structures", "list", "--json"]).success().json();
    assert!(list.as_array().unwrap().iter().any(|r| r["name"] == "Centre social et culturel de Beaudésert"));

    let session = driver.session(&app, &["--db", db_arg]);
    let search = session.wait_for("[data-testid=search]");
    session.type_text(&search, "BEAUDÉSERT");
    session.wait_until("Beaudésert again", || rows_named(&session, "Beaudésert").filter(|r| r.len() == 1));
    session.click(&session.find_all("[data-testid=structure-row]")[0]);
    let text = session.wait_until("the detail after restart", || {
        session.text_of("[data-testid=detail]").filter(|t| t.contains("05 56 99 88 77"))
    });
    assert!(text.contains("Rencontre prévue en décembre — à préparer."), "{text}");
    session.screenshot(&screenshots_dir().join("04-apres-redemarrage.png"));
    session.quit();
}

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn an_empty_database_offers_the_demo_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vide.sqlite");
    let driver = Driver::start();
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    let button = session.wait_for("[data-testid=load-demo]");
    session.screenshot(&screenshots_dir().join("00-accueil-vide.png"));
    session.click(&button);
    session.wait_until("the demo counts", || {
        session.text_of("[data-testid=counts]").filter(|t| t.contains("34 adhérentes, 15 non adhérentes"))
    });
    session.quit();
}
