//! Keyboard only, screen by screen: Tab reaches every control of the screen, in one cycle, and
//! every control shows where the focus is (an outline, a ring, a border or a background that
//! changes when it takes the focus).

use fabrique_tests::webdriver::keys::TAB;

use super::*;

/// Notes, before any key is pressed, how each control looks without the focus; then records
/// every control the focus reaches and whether its look (or its frame's) changed.
const START_RECORDING: &str = r#"
const tabbable = () => [...document.querySelectorAll(
  'a[href], button, input:not([type=hidden]), select, textarea, [tabindex], [contenteditable="true"]')]
  .filter((el) => !el.disabled && el.getAttribute("tabindex") !== "-1" && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== "hidden" && !el.closest("[inert], [aria-hidden=true]")
    && !(el.type === "radio" && !el.checked && document.querySelector(`input[type=radio][name="${el.name}"]:checked`)));
const look = (el) => {
  const parts = [el, el.parentElement, el.parentElement?.parentElement, el.querySelector(".selected")].filter(Boolean);
  return parts.map((p) => { const s = getComputedStyle(p);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.borderColor].join(" "); }).join(" | ");
};
const name = (el) => el.dataset.testid || el.getAttribute("aria-label") || el.id
  || (el.textContent || "").trim().slice(0, 30) || el.tagName.toLowerCase();
window.__keyboard = { before: new Map(tabbable().map((el) => [el, look(el)])), reached: [], unseen: [] };
if (!window.__keyboardListening) document.addEventListener("focusin", (e) => {
  const k = window.__keyboard;
  if (!k || !k.before.has(e.target)) return;
  k.reached.push(e.target);
  if (look(e.target) === k.before.get(e.target)) k.unseen.push(name(e.target));
});
window.__keyboardListening = true;
window.__keyboardName = name;
return window.__keyboard.before.size;
"#;

const RESULT: &str = r#"
const k = window.__keyboard;
const reached = new Set(k.reached);
const missed = [...k.before.keys()].filter((el) => !reached.has(el)).map(window.__keyboardName);
window.__keyboard = null;
return { missed: missed.slice(0, 12), unseen: [...new Set(k.unseen)].slice(0, 12) };
"#;

/// Presses Tab a few more times than there are controls on the screen (the engine also stops on
/// a frame that scrolls, which the page does not list) and says what went wrong.
fn walk(session: &Session, screen: &str, found: &mut Vec<String>) {
    // Start from the top of the page, as a user arriving on the screen.
    session.execute("document.activeElement && document.activeElement.blur(); window.focus(); return true;");
    let count = session.execute(START_RECORDING).as_u64().unwrap_or(0) as usize;
    let mut actions = Vec::new();
    for _ in 0..count + 4 {
        actions.push(serde_json::json!({ "type": "keyDown", "value": TAB }));
        actions.push(serde_json::json!({ "type": "keyUp", "value": TAB }));
    }
    session.perform_keys(actions);
    let result = session.execute(RESULT);
    for missed in result["missed"].as_array().unwrap() {
        found.push(format!("{screen} : Tab n'atteint pas « {} »", missed.as_str().unwrap_or_default()));
    }
    for unseen in result["unseen"].as_array().unwrap() {
        found.push(format!("{screen} : le focus ne se voit pas sur « {} »", unseen.as_str().unwrap_or_default()));
    }
}

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn every_screen_is_operable_with_the_keyboard_and_shows_its_focus() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("clavier.sqlite");
    cli(&db, &["demo"]).success();
    let dossier = cli(&db, &["dossier", "list", "--json"]).success().json()[0]["id"].as_i64().unwrap();
    let centre = cli(&db, &["rgpd", "status", "--json"]).success().json()[0]["structure_id"].as_i64().unwrap();
    let driver = Driver::start();
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    session.resize(1366, 768);
    session.wait_until("the counts line", || session.text_of("[data-testid=counts]").filter(|t| !t.is_empty()));
    let mut found = Vec::new();

    walk(&session, "annuaire", &mut found);
    session.click(&session.wait_for("[data-testid=structure-row]"));
    session.wait_for("[data-testid=detail-name]");
    walk(&session, "fiche d'une structure", &mut found);
    session.click(&session.wait_for("[data-testid=nav-privacy]"));
    session.wait_for("[data-testid=privacy]");
    walk(&session, "données personnelles", &mut found);
    session.click(&session.wait_for("[data-testid=nav-survey]"));
    session.wait_until("the survey", || session.texts("h1").filter(|t| t.iter().any(|h| h == "Enquête")));
    walk(&session, "enquête", &mut found);
    session.click(&session.wait_for("[data-testid=nav-dossiers]"));
    session.wait_for("[data-testid=dossiers-list]");
    walk(&session, "dossiers", &mut found);
    session.click(&session.wait_for(&format!("[data-testid=dossier-row-{dossier}]")));
    session.wait_for("[data-testid=section-body] .field-chip");
    walk(&session, "rédaction d'un dossier", &mut found);
    session.click(&session.wait_for("[data-testid=section-budget]"));
    session.wait_for("[data-testid=budget-editor]");
    walk(&session, "budget d'un dossier", &mut found);
    session.click(&session.wait_for("[data-testid=nav-rgpd]"));
    session.wait_for(&format!("[data-testid=rgpd-centre-{centre}]"));
    walk(&session, "RGPD", &mut found);
    session.click(&session.wait_for(&format!("[data-testid=rgpd-centre-{centre}]")));
    session.wait_for("[data-testid=rgpd-centre]");
    walk(&session, "RGPD d'un centre", &mut found);
    session.click(&session.wait_for("[data-testid=nav-partners]"));
    session.wait_for("[data-testid=agenda-overdue]");
    walk(&session, "à venir et en retard", &mut found);
    session.click(&session.wait_for("[data-testid=partners-partners-mode]"));
    session.wait_for("[data-testid=partner-row]");
    walk(&session, "partenaires", &mut found);
    session.quit();
    assert!(found.is_empty(), "au clavier :\n{}", found.join("\n"));
}
