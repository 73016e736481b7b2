//! « Communication » in the real window: a publication written, sent for validation, refused with
//! its reason, revised, validated, planned, then seen in the month's calendar and moved a day
//! with the keyboard.

use super::*;

const ALT: &str = "\u{E00A}";
const ARROW_RIGHT: &str = "\u{E014}";
const ARROW_LEFT: &str = "\u{E012}";

fn fill(session: &Session, css: &str, text: &str) {
    let input = session.wait_for(css);
    session.clear(&input);
    session.type_text(&input, text);
}

fn status(session: &Session) -> String {
    session.wait_until("the status", || session.text_of("[data-testid=publication-status]"))
}

/// Clicks the move and waits for the status it leads to.
fn move_to(session: &Session, to: &str, label: &str) {
    session.click(&session.wait_for(&format!("[data-testid=publication-move-{to}]")));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while status(session) != label {
        if std::time::Instant::now() > deadline {
            session.screenshot(&screenshots_dir().join(format!("echec-deplacement-{to}.png")));
            let said = session.text_of("[data-testid=publication-error]").unwrap_or_default();
            panic!("the status « {label} » never came (message : « {said} »)");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn a_publication_is_refused_revised_validated_planned_and_seen_in_the_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("communication.sqlite");
    cli(&db, &["demo"]).success();
    let driver = Driver::start();
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    session.resize(1366, 768);
    session.click(&session.wait_for("[data-testid=nav-publications]"));
    session.wait_for("[data-testid=publications-column-a_valider] [data-testid^=publication-card]");
    for (width, height) in [(1366, 768), (1024, 600)] {
        session.resize(width, height);
        session.screenshot(&screenshots_dir().join(format!("50-communication-tableau-{width}x{height}.png")));
    }
    session.resize(1366, 768);

    // The demo's publication waiting six days is pointed out; with a delay of ten days, no more.
    let flagged = || {
        let cards = session.texts("[data-testid=publications-column-a_valider] .card").unwrap_or_default();
        cards.iter().filter(|t| t.contains("Attend sa validation")).count()
    };
    assert_eq!(flagged(), 1);
    session.wait_for("[data-testid=publications-waiting-days]");
    session.execute(
        "const input = document.querySelector('[data-testid=publications-waiting-days]'); \
         input.value = '10'; input.dispatchEvent(new Event('change', { bubbles: true }));",
    );
    session.wait_until("the late flag gone", || (flagged() == 0).then_some(()));
    assert_eq!(sqlite(&db, "SELECT value FROM settings WHERE key = 'publications.validation_days'").trim(), "10");

    // Written, with a date this evening (always in the month shown).
    session.click(&session.wait_for("[data-testid=publication-new]"));
    fill(&session, "[data-testid=publication-title]", "Atelier « sécurité numérique » à Mérignac");
    fill(&session, "[data-testid=publication-text]", "Première version du texte.");
    session.click(&session.wait_for("[data-testid=publication-dialog] input[value=facebook]"));
    // It concerns a structure of the directory.
    session.click(&session.wait_for("[data-testid=publication-structure] option:nth-child(2)"));
    let today = chrono::Local::now().date_naive();
    session.execute(&format!(
        "const input = document.querySelector('[data-testid=publication-planned]'); \
         input.value = '{today}T20:30'; input.dispatchEvent(new Event('input', {{ bubbles: true }}));"
    ));
    session.click(&session.wait_for("[data-testid=publication-save]"));
    assert_eq!(status(&session), "Idée");
    move_to(&session, "redaction", "Rédaction");
    move_to(&session, "a_valider", "À valider");

    // Refused: the reason is asked, and shown.
    session.click(&session.wait_for("[data-testid=publication-move-refusee]"));
    session.click(&session.wait_for("[data-testid=move-confirm]"));
    let said = session.wait_until("the missing validator said", || {
        session.text_of("[data-testid=publication-move-dialog] .form-error")
    });
    assert!(said.contains("Indiquez qui"), "{said}");
    fill(&session, "[data-testid=move-validator]", "Paul Martin");
    fill(&session, "[data-testid=move-reason]", "Le lieu manque.");
    for (width, height) in [(1366, 768), (1024, 600)] {
        session.resize(width, height);
        session.screenshot(&screenshots_dir().join(format!("51-communication-refus-{width}x{height}.png")));
    }
    session.resize(1366, 768);
    session.click(&session.wait_for("[data-testid=move-confirm]"));
    session.wait_until("refused", || (status(&session) == "Refusée").then_some(()));
    let refusal = session.wait_until("the reason shown", || session.text_of("[data-testid=publication-refusal]"));
    assert!(refusal.contains("Le lieu manque."), "{refusal}");

    // Revised, asked again, validated by someone else, planned.
    move_to(&session, "redaction", "Rédaction");
    fill(&session, "[data-testid=publication-text]", "Rendez-vous au centre social, 12 rue des Pins.");
    session.click(&session.wait_for("[data-testid=publication-save]"));
    session.wait_until("saved", || {
        session.texts("[data-testid=toast]")?.into_iter().find(|t| t.contains("Publication enregistrée"))
    });
    move_to(&session, "a_valider", "À valider");
    session.click(&session.wait_for("[data-testid=publication-move-validee]"));
    fill(&session, "[data-testid=move-validator]", "Paul Martin");
    session.click(&session.wait_for("[data-testid=move-confirm]"));
    session.wait_until("validated", || (status(&session) == "Validée").then_some(()));
    move_to(&session, "programmee", "Programmée");
    for (width, height) in [(1366, 768), (1024, 600)] {
        session.resize(width, height);
        session.screenshot(&screenshots_dir().join(format!("52-communication-publication-{width}x{height}.png")));
    }
    session.resize(1366, 768);
    let history = session.wait_until("the history", || session.text_of("[data-testid=publication-history]"));
    assert!(history.contains("À valider → Refusée (Le lieu manque.)"), "{history}");
    session.press(&[fabrique_tests::webdriver::keys::ESCAPE]);
    session.wait_until("the dialog closed", || {
        session.find_all("[data-testid=publication-dialog]").is_empty().then_some(())
    });

    // In the month's calendar, on today; Alt+→ moves it to the next day, at the same time.
    let rows = cli(&db, &["publications", "list", "--json"]).success().json();
    let id = rows.as_array().unwrap().iter().find(|r| r["title"].as_str().unwrap().contains("sécurité")).unwrap()["id"]
        .as_i64()
        .unwrap();
    assert_eq!(rows.as_array().unwrap().iter().find(|r| r["id"] == id).unwrap()["status"], "programmee");
    let concerned = sqlite(&db, &format!("SELECT count(*) FROM publication_structures WHERE publication_id = {id}"));
    assert_eq!(concerned.trim(), "1", "the structure chosen is kept");
    session.click(&session.wait_for("[data-testid=publications-calendar-mode]"));
    let chip = session.wait_for(&format!("[data-testid=calendar-day-{today}] [data-testid=calendar-publication-{id}]"));
    for (width, height) in [(1366, 768), (1024, 600)] {
        session.resize(width, height);
        session.screenshot(&screenshots_dir().join(format!("53-communication-calendrier-{width}x{height}.png")));
    }
    session.resize(1366, 768);
    // The month's newsletter shows it in its agenda.
    session.click(&session.wait_for("[data-testid=publications-lettre-mode]"));
    let letter = session.wait_until("the letter's agenda", || {
        session
            .text_of("[data-testid=lettre-preview]")
            .filter(|t| t.contains("Agenda") && t.contains("sécurité numérique"))
    });
    assert!(letter.contains("Lettre du réseau"), "{letter}");
    for (width, height) in [(1366, 768), (1024, 600)] {
        session.resize(width, height);
        session.screenshot(&screenshots_dir().join(format!("55-communication-lettre-{width}x{height}.png")));
    }
    session.resize(1366, 768);
    session.click(&session.wait_for("[data-testid=publications-calendar-mode]"));
    session.wait_for(&format!("[data-testid=calendar-publication-{id}]"));
    session.execute(&format!("document.querySelector('[data-testid=calendar-publication-{id}]').focus()"));
    let _ = chip;
    session.press(&[ALT, ARROW_RIGHT]);
    let tomorrow = today.succ_opt().unwrap();
    session.wait_until("moved to the next day", || {
        let rows = cli(&db, &["publications", "list", "--json"]).success().json();
        let planned = rows.as_array().unwrap().iter().find(|r| r["id"] == id).unwrap()["planned_at"].clone();
        (planned == format!("{tomorrow}T20:30")).then_some(())
    });
    // The week shows it in full on its new day; moved back there with the keyboard.
    session.click(&session.wait_for("[data-testid=calendar-week-span]"));
    session.wait_for("[data-testid=publications-week]");
    let column = format!("[data-testid=calendar-day-{tomorrow}] [data-testid=calendar-publication-{id}]");
    if session.find_all(&format!("[data-testid=calendar-day-{tomorrow}]")).is_empty() {
        session.click(&session.wait_for("[aria-label='Semaine suivante']"));
    }
    let shown = session.text(&session.wait_for(&column));
    assert!(shown.contains("20:30") && shown.contains("sécurité numérique") && shown.contains("Programmée"), "{shown}");
    for (width, height) in [(1366, 768), (1024, 600)] {
        session.resize(width, height);
        session.screenshot(&screenshots_dir().join(format!("53-communication-semaine-{width}x{height}.png")));
    }
    session.execute(&format!("document.querySelector('[data-testid=calendar-publication-{id}]').focus()"));
    session.press(&[ALT, ARROW_LEFT]);
    session.wait_until("moved back a day", || {
        let rows = cli(&db, &["publications", "list", "--json"]).success().json();
        let planned = rows.as_array().unwrap().iter().find(|r| r["id"] == id).unwrap()["planned_at"].clone();
        (planned == format!("{today}T20:30")).then_some(())
    });
    session.quit();
}

/// Scrolls the dialog (and only it) to the pictures.
const SHOW_IMAGE: &str = "let el = document.querySelector('[data-testid=publication-image]'); let box = el.parentElement; while (box && !/(auto|scroll)/.test(getComputedStyle(box).overflowY)) box = box.parentElement; box.scrollTop = el.offsetTop - 200;";

/// A picture added to a publication from a phone's photo: shown small in the dialog, saved back
/// to a file to post it, and the text copied for the network's page.
#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn a_picture_is_added_to_a_publication_and_saved_to_post() {
    let (dir, db, answers, driver) = demo_with_answered_dialogs("images.sqlite");
    let photo = dir.path().join("photo du téléphone.jpg");
    image::RgbImage::from_fn(3000, 2000, |x, y| image::Rgb([(x / 12) as u8, (y / 8) as u8, 140])).save(&photo).unwrap();
    answer_next_dialog(&answers, &photo);
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    session.resize(1366, 768);
    session.click(&session.wait_for("[data-testid=nav-publications]"));
    session.click(&session.wait_for("[data-testid=publications-column-validee] [data-testid^=publication-card]"));
    session.click(&session.wait_for("[data-testid=publication-add-image]"));
    let shown = session.wait_until("the picture shown", || {
        let src = session.execute(
            "const img = document.querySelector('[data-testid=publication-image] img'); return img ? img.src : null;",
        );
        src.as_str().filter(|s| s.starts_with("data:image/jpeg;base64,")).map(str::to_string)
    });
    assert!(shown.len() > 1000);
    session.execute(SHOW_IMAGE);
    let card = session.execute("return document.querySelector('[data-testid=publication-image]').textContent");
    let card = card.as_str().unwrap_or_default();
    for (width, height) in [(1366, 768), (1024, 600)] {
        session.resize(width, height);
        session.execute(SHOW_IMAGE);
        session.screenshot(&screenshots_dir().join(format!("58-communication-images-{width}x{height}.png")));
    }

    assert!(card.contains("photo du téléphone.jpg") && card.contains("2048 × 1365"), "{card}");
    let saved = dir.path().join("à poster.jpg");
    answer_next_dialog(&answers, &saved);
    session.click(&session.wait_for("[aria-label^='Enregistrer « photo du téléphone.jpg »']"));
    session.wait_until("the picture saved", || std::fs::read(&saved).ok().filter(|b| b.starts_with(&[0xFF, 0xD8])));
    assert_eq!(image::open(&saved).unwrap().width(), 2048);

    // The page may not read the clipboard back; the system took the text when the app says so.
    session.click(&session.wait_for("[data-testid=publication-copy-text]"));
    session.wait_until("the text copied", || {
        session.texts("[data-testid=toast]")?.into_iter().find(|t| t.contains("Texte copié dans le presse-papiers"))
    });
    session.quit();
}
