//! The window at every size: every screen (and the dossier editor, its budget, one centre's RGPD
//! checklist, a structure's form) at the smallest window (1024×600), a common laptop (1366×768)
//! and a desktop screen (1920×1080). In the page: nothing wider than the window outside a
//! scrolling frame, and no text squeezed into a sliver. Screenshots `30-*` for people to look at.

use super::*;

/// What the page shows that breaks the layout at this size, in words (empty when all is well).
const LAYOUT_PROBLEMS: &str = r#"
const width = document.documentElement.clientWidth;
const problems = [];
const page = document.documentElement.scrollWidth;
if (page > width + 1) problems.push(`la page fait ${page} px pour une fenêtre de ${width} px`);
const name = (el) => el.tagName.toLowerCase() + (el.dataset.testid ? `[${el.dataset.testid}]` : "") +
  (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
const scrolls = (el) => {
  for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
    const o = getComputedStyle(a).overflowX;
    if (o !== "visible") return true;
  }
  return false;
};
for (const el of document.querySelectorAll("body *")) {
  const r = el.getBoundingClientRect();
  // Hidden, or visually hidden for screen readers only.
  if (r.width <= 2 || r.height <= 2) continue;
  const style = getComputedStyle(el);
  if (style.visibility === "hidden" || style.display === "none") continue;
  if (r.right > width + 1 && !scrolls(el)) problems.push(`${name(el)} dépasse la fenêtre (${Math.round(r.right)} > ${width})`);
  const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()).join(" ").trim();
  if (text.length >= 12 && r.width < parseFloat(style.fontSize) * 5) {
    problems.push(`${name(el)} : « ${text.slice(0, 30)} » tient dans ${Math.round(r.width)} px`);
  }
}
return problems.slice(0, 12);
"#;

/// axe-core's serious and critical violations of WCAG 2.1 A and AA on the page as it is shown.
pub(crate) fn accessibility_violations(session: &Session) -> Vec<String> {
    let loaded = session.execute("return typeof window.axe === 'object';");
    if loaded != serde_json::Value::Bool(true) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/node_modules/axe-core/axe.min.js");
        let source =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{} ({e}): run npm ci in ui/", path.display()));
        session.execute(&format!("{source}\nreturn true;"));
    }
    let run = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] })
          .then((r) => done(r.violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .map((v) => `${v.id} (${v.impact}) : ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(" | ")}`)))
          .catch((e) => done([`axe : ${e}`]));
    "#;
    let found = session.execute_async(run);
    found.as_array().unwrap().iter().map(|v| v.as_str().unwrap_or_default().to_string()).collect()
}

/// Screenshots the page and adds what is wrong with it to `found` (every screen is looked at
/// before the test fails, so one run tells everything to fix).
fn check_screen(session: &Session, found: &mut Vec<String>, what: &str, width: u32, height: u32) {
    session.screenshot(&screenshots_dir().join(format!("30-{what}-{width}x{height}.png")));
    let problems = session.execute(LAYOUT_PROBLEMS);
    let mut problems: Vec<String> =
        problems.as_array().unwrap().iter().map(|p| p.as_str().unwrap_or_default().to_string()).collect();
    problems.extend(accessibility_violations(session));
    found.extend(problems.into_iter().map(|p| format!("{what} à {width}×{height} : {p}")));
}

fn open_view(session: &Session, view: &str, title: Option<&str>) {
    session.click(&session.wait_for(&format!("[data-testid=nav-{view}]")));
    match title {
        Some(title) => {
            session.wait_until(&format!("the {view} title"), || {
                session.texts("h1").filter(|t| t.iter().any(|h| h == title))
            });
        }
        None => {
            session.wait_until("the directory list", || session.text_of("[data-testid=counts]"));
        }
    }
}

#[test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run with --ignored"]
fn every_screen_fits_the_window_from_1024x600_to_1920x1080() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e2e.sqlite");
    cli(&db, &["demo"]).success();
    let dossier = cli(&db, &["dossier", "list", "--json"]).success().json()[0]["id"].as_i64().unwrap();
    let centre = cli(&db, &["rgpd", "status", "--json"]).success().json()[0]["structure_id"].as_i64().unwrap();
    let driver = Driver::start();
    let session = driver.session(&binary("fabrique"), &["--db", db.to_str().unwrap()]);
    session.wait_until("the counts line", || session.text_of("[data-testid=counts]").filter(|t| !t.is_empty()));
    let mut found = Vec::new();
    for (width, height) in [(1024, 600), (1366, 768), (1920, 1080)] {
        session.resize(width, height);

        open_view(&session, "directory", None);
        check_screen(&session, &mut found, "directory", width, height);
        session.click(&session.wait_for("[data-testid=structure-row]"));
        session.wait_for("[data-testid=detail-name]");
        check_screen(&session, &mut found, "directory-fiche", width, height);
        session.click(&session.wait_for("[data-testid=new-structure]"));
        session.wait_for("[data-testid=structure-form]");
        check_screen(&session, &mut found, "directory-formulaire", width, height);
        session.click(&session.wait_for("[data-testid=cancel]"));

        open_view(&session, "privacy", Some("Données personnelles"));
        check_screen(&session, &mut found, "privacy", width, height);
        open_view(&session, "survey", Some("Enquête"));
        check_screen(&session, &mut found, "survey", width, height);

        open_view(&session, "dossiers", Some("Dossiers de subvention"));
        check_screen(&session, &mut found, "dossiers", width, height);
        session.click(&session.wait_for("[data-testid=templates-button]"));
        session.click(&session.wait_for("[data-testid=template-edit-ailds]"));
        session.wait_for("[data-testid=template-section-body] .field-chip");
        check_screen(&session, &mut found, "modele-edition", width, height);
        session.press(&[fabrique_tests::webdriver::keys::ESCAPE]);
        session.wait_until("the templates closed", || {
            session.find_all("[data-testid=templates-dialog]").is_empty().then_some(())
        });
        session.click(&session.wait_for(&format!("[data-testid=dossier-row-{dossier}]")));
        session.wait_for("[data-testid=section-body] .field-chip");
        check_screen(&session, &mut found, "dossier-redaction", width, height);
        session.click(&session.wait_for("[data-testid=insert-field]"));
        session.wait_for("[data-testid=field-picker-search]");
        check_screen(&session, &mut found, "dossier-champ", width, height);
        session.press(&[fabrique_tests::webdriver::keys::ESCAPE]);
        session.wait_until("the picker closed", || {
            session.find_all("[data-testid=field-picker]").is_empty().then_some(())
        });
        session.click(&session.wait_for("[data-testid=section-budget]"));
        session.wait_for("[data-testid=budget-editor]");
        if width < 1280 {
            session.click(&session.wait_for("[data-testid=pane-budget]"));
        }
        check_screen(&session, &mut found, "dossier-budget", width, height);
        session.click(&session.wait_for("[data-testid=dossier-life-button]"));
        session.wait_for("[data-testid=dossier-life-status]");
        check_screen(&session, &mut found, "dossier-suivi", width, height);
        session.press(&[fabrique_tests::webdriver::keys::ESCAPE]);
        session.wait_until("the follow-up closed", || {
            session.find_all("[data-testid=dossier-life-dialog]").is_empty().then_some(())
        });
        session.click(&session.wait_for("[data-testid=dossier-back]"));

        open_view(&session, "partners", Some("Partenaires et rencontres"));
        session.wait_for("[data-testid=agenda-overdue]");
        check_screen(&session, &mut found, "partenaires-a-venir", width, height);
        session.click(&session.wait_for("[data-testid=partners-partners-mode]"));
        session.wait_for("[data-testid=partner-row]");
        check_screen(&session, &mut found, "partenaires", width, height);
        session.click(&session.wait_for("[data-testid=partner-row] button"));
        session.wait_for("[data-testid=partner-dialog]");
        check_screen(&session, &mut found, "partenaire", width, height);
        session.press(&[fabrique_tests::webdriver::keys::ESCAPE]);
        session.wait_until("the partner closed", || {
            session.find_all("[data-testid=partner-dialog]").is_empty().then_some(())
        });
        session.click(&session.wait_for("[data-testid=partners-meetings-mode]"));
        session.wait_for("[data-testid=meeting-row]");
        check_screen(&session, &mut found, "rencontres", width, height);
        session.click(&session.wait_for("[data-testid=meeting-row] button"));
        session.wait_for("[data-testid=meeting-dialog]");
        check_screen(&session, &mut found, "rencontre", width, height);
        session.press(&[fabrique_tests::webdriver::keys::ESCAPE]);
        session.wait_until("the meeting closed", || {
            session.find_all("[data-testid=meeting-dialog]").is_empty().then_some(())
        });
        session.click(&session.wait_for("[data-testid=partners-agenda-mode]"));

        open_view(&session, "rgpd", Some("RGPD"));
        check_screen(&session, &mut found, "rgpd", width, height);
        session.click(&session.wait_for(&format!("[data-testid=rgpd-centre-{centre}]")));
        session.wait_for("[data-testid=rgpd-centre]");
        check_screen(&session, &mut found, "rgpd-centre", width, height);
        session.click(&session.wait_for("[data-testid=rgpd-back]"));

        open_view(&session, "publications", Some("Communication"));
        session.click(&session.wait_for("[data-testid=publications-board-mode]"));
        session.wait_for("[data-testid^=publication-card]");
        check_screen(&session, &mut found, "communication-tableau", width, height);
        session.click(&session.wait_for("[data-testid^=publication-card]"));
        session.wait_for("[data-testid=publication-status]");
        check_screen(&session, &mut found, "communication-publication", width, height);
        session.press(&[fabrique_tests::webdriver::keys::ESCAPE]);
        session.wait_until("the publication closed", || {
            session.find_all("[data-testid=publication-dialog]").is_empty().then_some(())
        });
        session.click(&session.wait_for("[data-testid=publications-calendar-mode]"));
        session.wait_for("[data-testid=publications-calendar]");
        check_screen(&session, &mut found, "communication-calendrier", width, height);
        session.click(&session.wait_for("[data-testid=calendar-week-span]"));
        session.wait_for("[data-testid=publications-week]");
        check_screen(&session, &mut found, "communication-semaine", width, height);
        session.click(&session.wait_for("[data-testid=calendar-month-span]"));
        session.click(&session.wait_for("[data-testid=publications-veille-mode]"));
        session.wait_for("[data-testid=veille-item]");
        check_screen(&session, &mut found, "communication-veille", width, height);
        session.click(&session.wait_for("[data-testid=publications-lettre-mode]"));
        session.wait_for("[data-testid=lettre-title]");
        check_screen(&session, &mut found, "communication-lettre", width, height);
        // Last month's letter, written in the demo: the editor beside its preview.
        session.click(&session.wait_for("[aria-label='Mois précédent']"));
        session.wait_for("[data-testid=lettre-editor]");
        check_screen(&session, &mut found, "communication-lettre-redaction", width, height);
        session.click(&session.wait_for("[aria-label='Mois suivant']"));
        session.wait_for("[data-testid=lettre-start]");
        session.click(&session.wait_for("[data-testid=publications-board-mode]"));

        open_view(&session, "activity", Some("Activité"));
        session.wait_for("[data-testid=activity-entry]");
        check_screen(&session, &mut found, "activite", width, height);

        session.click(&session.wait_for("[data-testid=base-badge]"));
        session.wait_for("[data-testid=team-base-dialog]");
        check_screen(&session, &mut found, "base-equipe", width, height);
        session.press(&[fabrique_tests::webdriver::keys::ESCAPE]);
        session.wait_until("the team base screen closed", || {
            session.find_all("[data-testid=team-base-dialog]").is_empty().then_some(())
        });
    }
    session.quit();
    assert!(found.is_empty(), "{} problèmes :\n{}", found.len(), found.join("\n"));
}
