//! `fabrique-cli publications`: the list for scripts, the calendar for Outlook or Thunderbird and
//! the table for a spreadsheet, from the demo's dozen publications.

use super::*;

#[test]
fn publications_are_listed_and_exported_as_icalendar_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("communication.sqlite");
    cli(&db, &["demo"]).success();
    // A title a spreadsheet would take for a formula.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("UPDATE publications SET title = '=HYPERLINK(\"http://x\")' WHERE status = 'idee'", [])
        .unwrap();

    let rows = cli(&db, &["publications", "list", "--json"]).success().json();
    let rows = rows.as_array().unwrap();
    assert!(rows.len() >= 12, "{}", rows.len());
    let first = &rows[0];
    for field in ["id", "title", "status", "channels", "planned_at", "author", "flags"] {
        assert!(first.get(field).is_some(), "{field} in {first}");
    }
    assert!(rows.iter().any(|r| r["flags"].as_array().unwrap().iter().any(|f| f == "waiting_too_long")));
    assert!(rows.last().unwrap()["planned_at"].is_null(), "the undated last");
    let planned = rows.iter().filter(|r| !r["planned_at"].is_null() && r["status"] != "refusee").count();

    let ics = dir.path().join("publications.ics");
    let said = cli(&db, &["publications", "ics", "--out", ics.to_str().unwrap()]).success();
    assert!(said.stdout.contains("Calendrier écrit"), "{}", said.stdout);
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.trim_end().ends_with("END:VCALENDAR"));
    assert_eq!(text.matches("BEGIN:VEVENT").count(), planned);

    let csv = dir.path().join("publications.csv");
    cli(&db, &["publications", "csv", "--out", csv.to_str().unwrap()]).success();
    let bytes = std::fs::read(&csv).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with("\u{feff}Titre;Statut;Canaux;Date prévue"), "{}", &text[..80]);
    assert!(text.contains("'=HYPERLINK"), "formulas neutralised");
    assert_eq!(text.lines().count(), rows.len() + 1);
}
