//! Shortcuts that act on the screen in view, the shortcut sheet and « À propos ».

use fabrique_tests::webdriver::keys::{CONTROL, ESCAPE, F1, TAB};

use super::*;

/// The `aria-label` or `data-testid` of the focused element, to tell which search has the focus.
fn focused(session: &Session) -> String {
    let script =
        "const e = document.activeElement; return (e && (e.dataset.testid || e.getAttribute('aria-label'))) || '';";
    session.execute(script).as_str().unwrap_or_default().to_string()
}

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn shortcuts_act_on_the_screen_in_view_and_the_help_says_where_things_are() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("aide.sqlite");
    cli(&db, &["demo"]).success();
    let driver = Driver::start();
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    session.wait_until("the counts line", || session.text_of("[data-testid=counts]").filter(|t| !t.is_empty()));

    // Ctrl+F on RGPD searches the centres, not the directory.
    session.click(&session.wait_for("[data-testid=nav-rgpd]"));
    session.wait_for("input[aria-label='Chercher un centre']");
    session.press(&[CONTROL, "f"]);
    session.wait_until("the RGPD search focused", || (focused(&session) == "Chercher un centre").then_some(()));
    assert!(session.find_all("[data-testid=nav-rgpd][aria-current=page]").len() == 1, "still on RGPD");

    // Ctrl+N on Dossiers starts a dossier, not a structure.
    session.click(&session.wait_for("[data-testid=nav-dossiers]"));
    session.wait_until("the new dossier button enabled", || {
        session.find_all("[data-testid=new-dossier]:not([disabled])").into_iter().next()
    });
    session.press(&[CONTROL, "n"]);
    session.wait_for("[data-testid=dossier-header-dialog]");
    assert!(session.find_all("[data-testid=structure-form]").is_empty(), "no structure form behind");
    session.press(&[ESCAPE]);
    session.wait_until("the dialog closed", || {
        session.find_all("[data-testid=dossier-header-dialog]").is_empty().then_some(())
    });

    // In the directory, Ctrl+F is the directory's search.
    session.click(&session.wait_for("[data-testid=nav-directory]"));
    session.press(&[CONTROL, "f"]);
    session.wait_until("the directory search focused", || (focused(&session) == "search").then_some(()));

    // F1 lists the shortcuts; Escape closes the sheet.
    session.press(&[F1]);
    let sheet = session.wait_until("the shortcut sheet", || session.text_of("[data-testid=shortcut-sheet]"));
    for expected in ["Ctrl+F", "Rechercher sur l'écran affiché", "Ctrl+N", "Échap", "F1"] {
        assert!(sheet.contains(expected), "{expected} in {sheet}");
    }
    session.screenshot(&screenshots_dir().join("40-raccourcis.png"));
    session.press(&[ESCAPE]);
    session
        .wait_until("the sheet closed", || session.find_all("[data-testid=shortcut-sheet]").is_empty().then_some(()));

    // « À propos »: version, licence, the base in use, where to get help.
    session.click(&session.wait_for("[data-testid=about-button]"));
    let about = session.wait_until("the about dialog", || session.text_of("[data-testid=about]"));
    for expected in [env!("CARGO_PKG_VERSION"), "AGPL", "Aide", "Ouvrir le dossier des données"] {
        assert!(about.contains(expected), "{expected} in {about}");
    }
    let shown_path = session.text_of("[data-testid=about-db-path]").unwrap();
    assert_eq!(shown_path, db.display().to_string());
    session.screenshot(&screenshots_dir().join("41-a-propos.png"));
    session.quit();
}

/// Opens a dialog from its button, tabs around it (the focus never leaves), runs axe-core on it,
/// closes it with Escape and checks that the focus is back on the button.
fn check_dialog(session: &Session, opener: &str, dialog: &str) {
    let inside = || {
        let script = format!("return !!document.activeElement.closest('[data-testid={dialog}]');");
        session.execute(&script) == serde_json::Value::Bool(true)
    };
    session.click(&session.wait_for(&format!("[data-testid={opener}]")));
    session.wait_for(&format!("[data-testid={dialog}]"));
    session.wait_until(&format!("the focus inside {dialog}"), || inside().then_some(()));
    for _ in 0..12 {
        session.press(&[TAB]);
        assert!(inside(), "the focus left {dialog}: {}", focused(session));
    }
    let violations = super::layout::accessibility_violations(session);
    assert!(violations.is_empty(), "{dialog}: {violations:?}");
    session.screenshot(&screenshots_dir().join(format!("42-dialogue-{dialog}.png")));
    session.press(&[ESCAPE]);
    session.wait_until(&format!("{dialog} closed"), || {
        session.find_all(&format!("[data-testid={dialog}]")).is_empty().then_some(())
    });
    session.wait_until(&format!("the focus back on {opener}"), || (focused(session) == opener).then_some(()));
}

/// Every dialog keeps the keyboard inside it and gives the focus back when it closes; axe-core
/// finds no serious or critical violation in any of them.
#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn dialogs_hold_the_focus_and_give_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dialogues.sqlite");
    cli(&db, &["demo"]).success();
    let dossier = cli(&db, &["dossier", "list", "--json"]).success().json()[0]["id"].as_i64().unwrap();
    let answers = dir.path().join("réponses.txt");
    let csv = dir.path().join("structures.csv");
    std::fs::write(&csv, "Nom;Type;Adhérente;Commune\nEVS Le Phare;EVS;non;Lormont\n").unwrap();
    answer_next_dialog(&answers, &csv);
    let driver = Driver::start_with_env(&[("FABRIQUE_DIALOG_ANSWERS", &answers)]);
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    session.wait_until("the counts line", || session.text_of("[data-testid=counts]").filter(|t| !t.is_empty()));

    check_dialog(&session, "shortcuts-button", "shortcut-sheet");
    check_dialog(&session, "about-button", "about");
    check_dialog(&session, "import", "import-dialog");

    session.click(&session.wait_for("[data-testid=nav-rgpd]"));
    check_dialog(&session, "rgpd-checklist", "checklist-dialog");

    session.click(&session.wait_for("[data-testid=nav-dossiers]"));
    check_dialog(&session, "templates-button", "templates-dialog");
    check_dialog(&session, "federation-button", "federation-dialog");
    check_dialog(&session, "new-dossier", "dossier-header-dialog");
    session.click(&session.wait_for(&format!("[data-testid=dossier-row-{dossier}]")));
    check_dialog(&session, "dossier-header-button", "dossier-header-dialog");
    check_dialog(&session, "dossier-versions-button", "versions-dialog");
    check_dialog(&session, "dossier-delete", "confirm");
    session.quit();
}
