//! The monthly letters in the store, on each engine: started once per month, saved against the
//! version the editor opened, articles kept in their sections and order, marked as sent, listed,
//! forgotten; and the demo's letter of last month.

mod common;

use common::{each_engine_with_colleague, each_engine_with_demo, today};
use fabrique_core::lettre::{compose, Letter, LetterEntry, SECTIONS};

fn entry(title: &str, origin: &str) -> LetterEntry {
    LetterEntry {
        title: title.into(),
        text: "Un texte « avec » des accents : é, à, ç.".into(),
        link: Some("https://www.cnil.fr/fr/guide".into()),
        date: None,
        origin: origin.into(),
    }
}

fn december() -> Letter {
    let mut letter = compose(2026, 12, "Bonne lecture !", &[], &[]);
    letter.sections[1].entries = vec![entry("Guide CNIL", "veille:3"), entry("Tutoriel", "")];
    letter.sections[3].entries =
        vec![LetterEntry { date: Some("12 décembre".into()), ..entry("Forum", "publication:2") }];
    letter
}

#[test]
fn a_letter_is_started_once_a_month_and_saved_against_its_version() {
    for (engine, mut store, mut colleague) in each_engine_with_colleague() {
        eprintln!("moteur : {engine}");
        let started = store.create_newsletter("2026-12", december()).unwrap();
        assert_eq!((started.month.as_str(), started.version, started.sent_on.clone()), ("2026-12", 1, None));
        assert_eq!(started.letter, december().cleaned().unwrap(), "read back as written");
        assert_eq!(started.author, store.author());
        let again = colleague.create_newsletter("2026-12", december()).unwrap_err();
        assert_eq!(again.code(), "invalid_field");
        assert!(again.to_string().contains("déjà commencée"), "{again}");
        assert_eq!(store.create_newsletter("décembre", december()).unwrap_err().code(), "invalid_field");

        // The colleague reorders and edits; a save against the version opened before is refused.
        let mut theirs = started.letter.clone();
        theirs.sections[1].entries.reverse();
        theirs.intro = "Joyeuses fêtes !".into();
        let saved = colleague.save_newsletter(started.id, theirs, Some(started.version)).unwrap();
        assert_eq!(saved.version, 2);
        let titles: Vec<&str> = saved.letter.sections[1].entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, vec!["Tutoriel", "Guide CNIL"]);
        let mine = store.save_newsletter(started.id, december(), Some(started.version)).unwrap_err();
        assert_eq!(mine.code(), "conflict");
        assert_eq!(store.newsletter(started.id).unwrap().letter.intro, "Joyeuses fêtes !", "nothing written");
        // A hostile link is refused whole.
        let mut hostile = saved.letter.clone();
        hostile.sections[0]
            .entries
            .push(LetterEntry { link: Some("javascript:alert(1)".into()), ..entry("Piège", "") });
        assert_eq!(store.save_newsletter(started.id, hostile, Some(2)).unwrap_err().code(), "invalid_field");
        assert_eq!(store.newsletter(started.id).unwrap().letter.entry_count(), 3);

        let sent = store.mark_newsletter_sent(started.id, Some(today())).unwrap();
        assert_eq!(sent.sent_on, Some(today().format("%Y-%m-%d").to_string()));
        store.create_newsletter("2027-01", compose(2027, 1, "", &[], &[])).unwrap();
        let past = store.newsletters().unwrap();
        let months: Vec<(&str, u32, bool)> =
            past.iter().map(|p| (p.month.as_str(), p.entries, p.sent_on.is_some())).collect();
        assert_eq!(months, vec![("2027-01", 0, false), ("2026-12", 3, true)]);
        assert_eq!(store.newsletter_of_month("2027-01").unwrap().unwrap().letter.sections.len(), SECTIONS.len());
        let elsewhere = store.newsletter_origins_besides("2027-01").unwrap();
        assert!(elsewhere.contains("veille:3") && elsewhere.contains("publication:2"), "{elsewhere:?}");
        assert!(store.newsletter_origins_besides("2026-12").unwrap().is_empty());

        store.delete_newsletter(started.id).unwrap();
        assert_eq!(store.newsletter_of_month("2026-12").unwrap(), None);
        assert_eq!(store.delete_newsletter(started.id).unwrap_err().code(), "not_found");
    }
}

#[test]
fn the_demo_keeps_last_months_letter_as_sent() {
    for (engine, store, _) in each_engine_with_demo() {
        eprintln!("moteur : {engine}");
        let past = store.newsletters().unwrap();
        assert_eq!(past.len(), 1, "{past:?}");
        assert!(past[0].sent_on.is_some());
        assert!(past[0].entries >= 1);
        let letter = store.newsletter(past[0].id).unwrap().letter;
        assert!(letter.intro.contains("Bonne lecture"));
        assert!(letter.sections.iter().flat_map(|s| &s.entries).any(|e| e.origin.starts_with("veille:")));
    }
}
