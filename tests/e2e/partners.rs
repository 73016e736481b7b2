//! Partners, meetings and the life of a dossier in the real window: a meeting recorded with a
//! follow-up already due, seen late in « À venir / en retard », closed there; its minutes
//! exported and read back; the demo's dossier waiting for an answer granted in its « Suivi »,
//! paid, and found in the year's totals.

use super::*;

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn a_meeting_follow_up_is_seen_late_then_closed_and_a_granted_dossier_is_in_the_totals() {
    let (dir, db, answers, driver) = demo_with_answered_dialogs("partenaires.sqlite");
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    session.resize(1366, 768);
    session.click(&session.wait_for("[data-testid=nav-partners]"));
    session.wait_for("[data-testid=agenda-overdue]");
    for (width, height) in [(1366, 768), (1024, 600)] {
        session.resize(width, height);
        session.screenshot(&screenshots_dir().join(format!("60-partenaires-a-venir-{width}x{height}.png")));
    }
    session.resize(1366, 768);

    // A meeting with HUBIK, held yesterday, whose follow-up was due yesterday.
    let yesterday = chrono::Local::now().date_naive() - chrono::Duration::days(1);
    session.click(&session.wait_for("[data-testid=meeting-new]"));
    session.type_text(&session.wait_for("[data-testid=meeting-title]"), "Carte des permanences numériques");
    session.execute(&format!(
        "const input = document.querySelector('[data-testid=meeting-day]'); \
         input.value = '{yesterday}'; input.dispatchEvent(new Event('input', {{ bubbles: true }}));"
    ));
    let hubik = session.execute(
        "return [...document.querySelectorAll('[data-testid=meeting-partner] option')].find(o => o.textContent === 'HUBIK').value",
    );
    session.execute(&format!(
        "const s = document.querySelector('[data-testid=meeting-partner]'); s.value = '{}'; \
         s.dispatchEvent(new Event('change', {{ bubbles: true }}));",
        hubik.as_str().unwrap()
    ));
    session.click(&session.wait_for("[data-testid=meeting-add-follow-up]"));
    let follow_up = session.wait_for("[data-testid=meeting-follow-up] input");
    session.type_text(&follow_up, "Envoyer la carte aux centres");
    session.execute(&format!(
        "const input = document.querySelector('[data-testid=meeting-follow-up] input[type=date]'); \
         input.value = '{yesterday}'; input.dispatchEvent(new Event('input', {{ bubbles: true }}));"
    ));
    for (width, height) in [(1366, 768), (1024, 600)] {
        session.resize(width, height);
        session.screenshot(&screenshots_dir().join(format!("61-rencontre-{width}x{height}.png")));
    }
    session.resize(1366, 768);
    session.click(&session.wait_for("[data-testid=meeting-save]"));
    session.wait_for("[data-testid=meeting-export-pdf]");

    // Its minutes, as a PDF read back.
    let pdf = dir.path().join("compte rendu.pdf");
    answer_next_dialog(&answers, &pdf);
    session.click(&session.wait_for("[data-testid=meeting-export-pdf]"));
    session.wait_until("the minutes written", || std::fs::metadata(&pdf).ok().filter(|m| m.len() > 1000));
    #[cfg(unix)]
    {
        let text = fabrique_tests::pdf_text(&pdf);
        assert!(
            text.contains("Carte des permanences numériques") && text.contains("Envoyer la carte aux centres"),
            "{text}"
        );
    }
    session.press(&[fabrique_tests::webdriver::keys::ESCAPE]);
    session
        .wait_until("the meeting closed", || session.find_all("[data-testid=meeting-dialog]").is_empty().then_some(()));

    // Late in « À venir / en retard », then closed there.
    let late = |session: &fabrique_tests::webdriver::Session| {
        session
            .texts("[data-testid=agenda-overdue]")
            .unwrap_or_default()
            .into_iter()
            .any(|t| t.contains("Envoyer la carte aux centres"))
    };
    session.click(&session.wait_for("[data-testid=partners-agenda-mode]"));
    session.wait_until("the follow-up late", || late(&session).then_some(()));
    let index = session
        .texts("[data-testid=agenda-overdue]")
        .unwrap()
        .iter()
        .position(|t| t.contains("Envoyer la carte aux centres"))
        .unwrap();
    session.click(&session.find_all("[data-testid=agenda-done]")[index]);
    session.wait_until("the follow-up closed", || (!late(&session)).then_some(()));
    let meetings = cli(&db, &["meetings", "list", "--json"]).success().json();
    let ours = meetings
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["meeting"]["title"] == "Carte des permanences numériques")
        .unwrap();
    assert!(ours["meeting"]["follow_ups"][0]["done_on"].is_string(), "{ours}");

    session.click(&session.wait_for("[data-testid=partners-partners-mode]"));
    session.wait_for("[data-testid=partner-row]");
    for (width, height) in [(1366, 768), (1024, 600)] {
        session.resize(width, height);
        session.screenshot(&screenshots_dir().join(format!("62-partenaires-{width}x{height}.png")));
    }
    session.resize(1366, 768);

    // A partner's page: its contacts, with the same RGPD duties as the directory's people.
    session.click(&session.wait_for("[data-testid=partners-search]"));
    session.type_text(&session.wait_for("[data-testid=partners-search]"), "CAF");
    session.click(&session.wait_for("[data-testid=partner-row] button"));
    let contacts = session.wait_until("the CAF's contact", || {
        session.text_of("[data-testid=partner-dialog] [data-testid=persons]").filter(|t| t.contains("Sophie Lambert"))
    });
    assert!(contacts.contains("Rencontre annuelle") && contacts.contains("Effacer cette personne"), "{contacts}");
    for (width, height) in [(1366, 768), (1024, 600)] {
        session.resize(width, height);
        session.screenshot(&screenshots_dir().join(format!("65-partenaire-{width}x{height}.png")));
    }
    session.resize(1366, 768);
    session.press(&[fabrique_tests::webdriver::keys::ESCAPE]);
    session
        .wait_until("the partner closed", || session.find_all("[data-testid=partner-dialog]").is_empty().then_some(()));

    // The centre's dossier, sent and waiting, granted in its « Suivi », then paid.
    let dossiers = cli(&db, &["dossier", "list", "--json"]).success().json();
    let waiting = dossiers.as_array().unwrap().iter().find(|d| d["outcome"]["status"] == "envoye").unwrap();
    let (id, year) = (waiting["id"].as_i64().unwrap(), waiting["year"].as_i64().unwrap());
    session.click(&session.wait_for("[data-testid=nav-dossiers]"));
    session.click(&session.wait_for(&format!("[data-testid=dossier-row-{id}]")));
    session.click(&session.wait_for("[data-testid=dossier-life-button]"));
    session.click(&session.wait_for("[data-testid=dossier-life-move-accorde]"));
    session.type_text(&session.wait_for("[data-testid=dossier-life-amount]"), "12 500,00");
    session.click(&session.wait_for("[data-testid=dossier-life-confirm]"));
    session.wait_until("granted", || session.text_of("[data-testid=dossier-life-status]").filter(|s| s == "Accordé"));
    session.type_text(&session.wait_for("[data-testid=dossier-life-payment-amount]"), "6250");
    session.click(&session.wait_for("[data-testid=dossier-life-add-payment]"));
    session.wait_until("paid", || {
        session.text_of("[data-testid=dossier-life-received]").filter(|s| s.starts_with("6\u{202f}250,00"))
    });
    for (width, height) in [(1366, 768), (1024, 600)] {
        session.resize(width, height);
        session.screenshot(&screenshots_dir().join(format!("63-dossier-suivi-{width}x{height}.png")));
    }
    session.resize(1366, 768);
    session.press(&[fabrique_tests::webdriver::keys::ESCAPE]);
    session.click(&session.wait_for("[data-testid=dossier-back]"));

    // In the year's totals, in the window and in the workbook.
    session.execute(&format!(
        "const s = document.querySelector('[data-testid=dossier-totals-year]'); s.value = '{year}'; \
         s.dispatchEvent(new Event('change', {{ bubbles: true }}));"
    ));
    let totals = session.wait_until("the totals", || {
        session.text_of("[data-testid=dossier-totals]").filter(|t| t.contains("12\u{202f}500,00"))
    });
    assert!(totals.contains(&format!("Total {year}")), "{totals}");
    for (width, height) in [(1366, 768), (1024, 600)] {
        session.resize(width, height);
        session.screenshot(&screenshots_dir().join(format!("64-dossiers-suivi-totaux-{width}x{height}.png")));
    }
    let workbook = dir.path().join("totaux.xlsx");
    answer_next_dialog(&answers, &workbook);
    session.click(&session.wait_for("[data-testid=dossier-totals-export]"));
    session.wait_until("the workbook written", || std::fs::metadata(&workbook).ok().filter(|m| m.len() > 1000));
    session.quit();
}
