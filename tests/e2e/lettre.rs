//! The monthly newsletter in the real window: the month's proposal started as a letter, its
//! introduction rewritten and an article added (saved as typed, exported as written), the HTML
//! e-mail opened in the webview itself, the letter marked as sent, then duplicated to start the
//! next month.

use super::*;

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn a_letter_is_written_saved_as_typed_exported_sent_and_duplicated() {
    let (dir, db, answers, driver) = demo_with_answered_dialogs("lettre.sqlite");
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    session.resize(1366, 768);
    session.click(&session.wait_for("[data-testid=nav-publications]"));
    session.click(&session.wait_for("[data-testid=publications-lettre-mode]"));
    let proposal = session.wait_until("the month's proposal", || session.text_of("[data-testid=lettre-proposal]"));
    assert!(proposal.contains("Pas encore de lettre écrite"), "{proposal}");
    // Last month's demo letter is listed as sent.
    let past = session.wait_until("the past letters", || session.text_of("nav.past"));
    assert!(past.contains("envoyée"), "{past}");

    session.click(&session.wait_for("[data-testid=lettre-start]"));
    let intro = session.wait_for("[data-testid=lettre-intro]");
    session.clear(&intro);
    session.type_text(&intro, "Édition spéciale : bienvenue aux nouveaux centres !");
    session.click(&session.wait_for("[data-testid=lettre-add-1]"));
    let title = session
        .wait_until("the new article's title", || session.find_all("[data-section='1'] .entry-title-input").pop());
    session.type_text(&title, "Effacer les métadonnées des photos");
    let text = session.find_all("[data-section='1'] [data-testid=lettre-entry] textarea").pop().unwrap();
    session.type_text(&text, "Un tutoriel pas à pas, pour les centres qui publient des photos.");
    session.wait_until("saved as typed", || {
        session.text_of("[data-testid=lettre-save-state]").filter(|s| s == "Enregistrée")
    });
    let preview = session.text_of("[data-testid=lettre-preview]").unwrap();
    assert!(
        preview.contains("Édition spéciale") && preview.contains("Effacer les métadonnées des photos"),
        "{preview}"
    );
    for (width, height) in [(1366, 768), (1024, 600)] {
        session.resize(width, height);
        session.screenshot(&screenshots_dir().join(format!("56-communication-lettre-redaction-{width}x{height}.png")));
    }
    session.resize(1366, 768);

    // What is exported is what was written, saved in the base.
    let html = dir.path().join("lettre.html");
    answer_next_dialog(&answers, &html);
    session.click(&session.wait_for("[data-testid=lettre-export-html]"));
    let written =
        session.wait_until("the HTML written", || std::fs::read_to_string(&html).ok().filter(|t| t.len() > 1000));
    assert!(written.contains("Édition spéciale : bienvenue aux nouveaux centres !"), "{written}");
    assert!(written.contains("Effacer les métadonnées des photos"));

    session.click(&session.wait_for("[data-testid=lettre-mark-sent]"));
    session.wait_for("[data-testid=lettre-sent]");
    session.click(&session.wait_for("[aria-label='Mois suivant']"));
    session.click(&session.wait_for("[data-testid=lettre-duplicate]"));
    let copied = session.wait_for("[data-testid=lettre-intro]");
    assert_eq!(session.value(&copied), "Édition spéciale : bienvenue aux nouveaux centres !");
    assert!(session.find_all("[data-testid=lettre-sent]").is_empty(), "the copy is a draft");

    // The e-mail itself, drawn by the system's web engine in its own window: every text there,
    // one column of at most 600 pixels, nothing wider than the window, no way back to the app.
    session.click(&session.wait_for("[aria-label='Mois précédent']"));
    session.wait_for("[data-testid=lettre-sent]");
    let main = session.window_handles();
    session.click(&session.wait_for("[data-testid=lettre-show-email]"));
    let email =
        session.wait_until("the e-mail's window", || session.window_handles().into_iter().find(|h| !main.contains(h)));
    session.switch_to_window(&email);
    let shown = session.wait_until("the e-mail shown", || {
        let text = session.execute("return document.body ? document.body.innerText : ''");
        text.as_str().filter(|t| t.contains("Effacer les métadonnées")).map(str::to_string)
    });
    assert!(shown.contains("Lettre du réseau") && shown.contains("Édition spéciale"), "{shown}");
    let widths = session.execute(
        "const column = document.querySelector('[style*=\"max-width:600px\"]'); \
         return [column.getBoundingClientRect().width, document.documentElement.scrollWidth, window.innerWidth,];",
    );
    session.screenshot(&screenshots_dir().join("57-lettre-courriel.png"));
    let [column, scroll, window] = [0, 1, 2].map(|i| widths[i].as_f64().unwrap());
    assert!(column <= 600.5, "one column of 600 px: {widths}");
    assert!(scroll <= window + 0.5, "nothing wider than the window: {widths}");
    // Its page runs no script (its policy allows none); even a script run there by WebDriver
    // is refused by the app.
    let refused = session.execute_async(
        "const done = arguments[0]; \
         window.__TAURI_INTERNALS__.invoke('lettre_month', { year: 2026, month: 12 }) \
           .then(() => done('answered'), (e) => done('refused: ' + e));",
    );
    assert!(refused.as_str().is_some_and(|r| r.starts_with("refused")), "{refused}");
    session.quit();
}
