//! The window on a team base, on a real PostgreSQL server started by the test: the badge says
//! which base is open, the directory, the RGPD follow-up and the dossiers read from the server, and
//! a server out of reach is said at once, with no file to replace. Screenshots `40-*`.

use std::path::Path;

use super::pg_server::{shared, DELEGATE, SUPERUSER_PASSWORD};
use super::*;

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn the_window_works_on_a_team_base_and_says_so() {
    let cluster = shared();
    let database = cluster.prepared_base();
    cli(Path::new(&cluster.url("postgres", SUPERUSER_PASSWORD, &database)), &["demo"]).success();
    let (user, password) = DELEGATE;
    // The password comes from PGPASSWORD, as it would from the keychain: never in the address.
    let address = format!("postgresql://{user}@127.0.0.1:{}/{database}", cluster.port);
    let driver = Driver::start_with_env(&[("PGPASSWORD", Path::new(password))]);
    let session = driver.session(&binary("fabrique"), &["--db", &address]);
    session.wait_until("the demo counts, read from the server", || {
        session.text_of("[data-testid=counts]").filter(|t| t.contains("34 adhérentes, 15 non adhérentes"))
    });
    // Its name shows beside it in a wide window, and is its accessible name in a narrow one.
    let badge = session.execute("return document.querySelector('[data-testid=base-badge]').getAttribute('aria-label')");
    let badge = badge.as_str().unwrap();
    assert_eq!(badge, format!("Base d'équipe : {database} · 127.0.0.1"));
    for (width, height) in [(1366, 768), (1024, 600)] {
        session.resize(width, height);
        session.screenshot(&screenshots_dir().join(format!("40-base-equipe-annuaire-{width}x{height}.png")));
    }
    session.resize(1366, 768);

    // Another desktop (the command line, as another délégué·e would) adds a structure; the next
    // search in this window finds it.
    let csv = tempfile::NamedTempFile::with_suffix(".csv").unwrap();
    std::fs::write(csv.path(), "Nom;Type;Commune\nEVS Les Passerelles;EVS;Bègles\n").unwrap();
    let delegate_url = cluster.url(user, password, &database);
    cli(Path::new(&delegate_url), &["structures", "import", csv.path().to_str().unwrap()]).success();
    let search = session.wait_for("[data-testid=search]");
    session.type_text(&search, "Passerelles");
    session.wait_until("the structure added elsewhere", || rows_named(&session, "EVS Les Passerelles"));

    session.click(&session.wait_for("[data-testid=nav-rgpd]"));
    session.wait_for("[data-testid=rgpd-heatmap]");
    session.screenshot(&screenshots_dir().join("40-base-equipe-rgpd-1366x768.png"));
    session.click(&session.wait_for("[data-testid=nav-dossiers]"));
    session
        .wait_until("the demo dossiers", || (session.find_all("[data-testid^=dossier-row-]").len() == 2).then_some(()));
    session.screenshot(&screenshots_dir().join("40-base-equipe-dossiers-1366x768.png"));
    session.quit();
}

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn a_team_base_out_of_reach_is_said_at_once_with_nothing_to_replace() {
    // A port nobody listens on.
    let unused = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let address = format!("postgresql://{}@127.0.0.1:{unused}/fabrique", DELEGATE.0);
    let driver = Driver::start();
    let session = driver.session(&binary("fabrique"), &["--db", &address]);
    let panel = session.wait_for("[data-testid=unavailable]");
    let text = session.text(&panel);
    assert!(text.contains("ne répond pas") && text.contains("aucun serveur n'écoute"), "{text}");
    assert!(text.contains("Base d'équipe") && text.contains("relancez Fabrique"), "{text}");
    let replace_shown =
        session.execute("return document.querySelector('[data-testid=replace-with-empty]').offsetParent !== null");
    assert_eq!(replace_shown, serde_json::Value::Bool(false), "a team base has no file to replace");
    let badge = session.execute("return document.querySelector('[data-testid=base-badge]').getAttribute('aria-label')");
    assert!(badge.as_str().unwrap().starts_with("Base d'équipe : fabrique"), "{badge}");
    for (width, height) in [(1366, 768), (1024, 600)] {
        session.resize(width, height);
        session.screenshot(&screenshots_dir().join(format!("40-base-equipe-injoignable-{width}x{height}.png")));
    }
    session.quit();
}
