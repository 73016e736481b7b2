//! The RGPD follow-up in the real window: a rating moves the centre's progress and the heatmap.

use super::*;

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn rating_an_item_moves_the_centres_progress_and_the_heatmap() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rgpd.sqlite");
    cli(&db, &["demo"]).success();
    let status = cli(&db, &["rgpd", "status", "--json"]).success().json();
    // A member centre the demo assessed, with room to progress in security.
    let centre = status
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["progress"].as_u64().unwrap() > 0
                && r["steps"].as_array().unwrap().iter().any(|s| s["step"] == "securite" && s["progress"] == 0)
        })
        .expect("a centre with security items to do")
        .clone();
    let id = centre["structure_id"].as_i64().unwrap();
    let before = centre["progress"].as_u64().unwrap();

    let driver = Driver::start();
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    session.click(&session.wait_for("[data-testid=nav-rgpd]"));
    let cell = format!("[data-testid=rgpd-progress-{id}]");
    // WebDriver gives no-break spaces back as plain spaces.
    let percent = |css: &str| {
        session.text_of(css).and_then(|t| t.replace('\u{a0}', " ").trim_end_matches(" %").trim().parse::<u64>().ok())
    };
    let shown = session.wait_until("the heatmap", || percent(&cell));
    assert_eq!(shown, before);
    session.screenshot(&screenshots_dir().join("21-rgpd-tableau.png"));

    session.click(&session.wait_for(&format!("[data-testid=rgpd-centre-{id}]")));
    session
        .wait_until("the centre's progress", || percent("[data-testid=rgpd-centre-progress]").filter(|p| *p == before));
    // Each rating is waited for before the next: the progress rises twice.
    let mut after = before;
    for item in ["securite-sauvegardes", "securite-comptes-mots-de-passe"] {
        session.click(&session.wait_for(&format!("[data-testid=rgpd-status-{item}] option[value=conforme]")));
        after = session
            .wait_until("the progress moved", || percent("[data-testid=rgpd-centre-progress]").filter(|p| *p > after));
    }
    let history = session.wait_until("the history", || session.text_of("[data-testid=rgpd-history]"));
    assert!(history.contains("Conforme"), "{history}");
    session.screenshot(&screenshots_dir().join("22-rgpd-centre.png"));

    session.click(&session.wait_for("[data-testid=rgpd-back]"));
    session.wait_until("the heatmap updated", || percent(&cell).filter(|p| *p == after));
    session.quit();

    let status = cli(&db, &["rgpd", "status", "--json"]).success().json();
    let row = status.as_array().unwrap().iter().find(|r| r["structure_id"] == id).unwrap().clone();
    assert_eq!(row["progress"].as_u64(), Some(after), "the window wrote to the base");
}
