//! The news watch in the real window: a feed followed from a local HTTP server, fetched, an item
//! marked « à partager » with its note; a broken feed shows its error beside it.

use super::*;

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>CNIL</title>
<item><title>Les données qu'un centre peut demander</title><link>https://www.cnil.fr/fr/fiche</link><guid>1</guid>
<description>&lt;p&gt;Une fiche &lt;b&gt;pratique&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;.&lt;/p&gt;</description></item></channel></rss>"#;

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn a_feed_is_followed_fetched_and_an_item_marked_to_share() {
    let base =
        fabrique_tests::serve_pages(vec![("/cnil.xml", RSS.to_string()), ("/page.html", "<html></html>".to_string())]);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("veille.sqlite");
    cli(&db, &["veille", "add-feed", &format!("{base}/page.html")]).success();
    let driver = Driver::start();
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    session.resize(1366, 768);
    session.click(&session.wait_for("[data-testid=nav-publications]"));
    session.click(&session.wait_for("[data-testid=publications-veille-mode]"));
    let input = session.wait_for("[data-testid=veille-feed-url]");
    session.type_text(&input, &format!("{base}/cnil.xml\u{E007}"));
    let item = session.wait_until("the item fetched", || {
        session
            .texts("[data-testid=veille-item]")
            .and_then(|t| t.into_iter().find(|t| t.contains("centre peut demander")))
    });
    assert!(item.contains("Une fiche pratique.") && !item.contains("alert"), "plain text, no script: {item}");
    // Among the feeds' errors, the broken one says what it is.
    session.wait_until("the broken feed's error", || {
        session.texts("[data-testid=veille-source-error]")?.into_iter().find(|e| e.contains("pas un flux RSS ou Atom"))
    });

    session.click(&session.wait_for("[data-testid=veille-share]"));
    let note = session.wait_for("[data-testid=veille-note]");
    session.type_text(&note, "Pour la lettre de janvier.\u{E004}");
    session.wait_until("the note kept", || {
        let items = cli(&db, &["veille", "list", "--json"]).success().json();
        items
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["note"] == "Pour la lettre de janvier." && i["share"] == true)
            .map(|_| ())
    });
    for (width, height) in [(1366, 768), (1024, 600)] {
        session.resize(width, height);
        session.screenshot(&screenshots_dir().join(format!("54-communication-veille-{width}x{height}.png")));
    }
    session.quit();
}
