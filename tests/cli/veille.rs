//! `fabrique-cli veille`: a feed followed and fetched from a local HTTP server this test starts, a
//! broken one that does not stop it, the items listed, a link added by hand.

use super::*;

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>CNIL</title>
<item><title>Les données qu'un centre peut demander</title><link>https://www.cnil.fr/fr/fiche</link><guid>1</guid>
<description>&lt;p&gt;Une fiche &lt;b&gt;pratique&lt;/b&gt;.&lt;/p&gt;</description></item></channel></rss>"#;

#[test]
fn feeds_are_followed_fetched_and_listed_and_a_broken_one_stops_nothing() {
    let base = fabrique_tests::serve_pages(vec![
        ("/cnil.xml", RSS.to_string()),
        ("/page.html", "<html>Pas un flux</html>".to_string()),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("veille.sqlite");
    let followed = cli(&db, &["veille", "add-feed", &format!("{base}/cnil.xml")]).success();
    assert!(followed.stdout.contains("Flux suivi"), "{}", followed.stdout);
    cli(&db, &["veille", "add-feed", &format!("{base}/page.html")]).success();
    let refused = cli(&db, &["veille", "add-feed", "file:///etc/passwd"]);
    assert_eq!(refused.code, 3, "{}", refused.stderr);
    assert!(refused.stderr.contains("n'est pas une adresse web"), "{}", refused.stderr);

    let reports = cli(&db, &["veille", "fetch", "--json"]).success().json();
    let reports = reports.as_array().unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!((reports[0]["new_items"].as_u64(), reports[0]["error"].is_null()), (Some(1), true));
    assert!(reports[1]["error"].as_str().unwrap().contains("pas un flux RSS ou Atom"), "{}", reports[1]);
    assert_eq!(cli(&db, &["veille", "fetch", "--json"]).success().json()[0]["new_items"], 0, "found once");

    cli(&db, &["veille", "add-link", "https://www.linkedin.com/posts/hubik-1", "--title", "HUBIK recrute"]).success();
    let items = cli(&db, &["veille", "list", "--json"]).success().json();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 2);
    let fiche = items.iter().find(|i| i["link"] == "https://www.cnil.fr/fr/fiche").unwrap();
    assert_eq!(fiche["summary"], "Une fiche pratique.");
    assert!(items.iter().any(|i| i["title"] == "HUBIK recrute" && i["source_id"].is_null()));
}
