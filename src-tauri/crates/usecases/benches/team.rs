//! The same base on both engines, side by side: a national-scale directory (4,000 structures) with
//! a 40-item RGPD checklist rated for each, in a SQLite file and on a PostgreSQL server on this
//! machine (started as the tests start it). Timed: what one keystroke in the directory's search
//! costs the window (is the base still the same? then the page it shows, as JSON), the RGPD
//! dashboard read whole, and one rating saved (with the federation's progress logged); then ten
//! survey waves of 3,500 submissions imported, one imported again, and a wave's figures. Run with
//! `cargo bench -p fabrique-usecases --bench team`; prints medians.

use std::fmt::Write as _;
use std::time::Instant;

use chrono::NaiveDate;
use fabrique_api::DirectoryPage;
use fabrique_core::rgpd::{AssessmentChange, Status};
use fabrique_core::search::StructureQuery;
use fabrique_core::survey::ParsedExport;
use fabrique_core::StructureDraft;
use fabrique_core::StructureKind;
use fabrique_store::Store;

#[path = "../../../../benches/timing.rs"]
mod timing;
use timing::{ms, time};

#[path = "../../store/tests/common/postgres.rs"]
mod pg_server;

const STRUCTURES: usize = 4_000;
const ITEMS: usize = 40;
/// Submissions of a survey wave, and the waves in the base (ten years of a yearly campaign).
const SUBMISSIONS: usize = 3_500;
const WAVES: usize = 10;
/// Columns of the export: 150, as the large export of `benches/survey.rs` (71 questions).
const COLUMNS: usize = 150;

/// Runs SQL straight on one engine's base, to seed it.
type Seed<'a> = dyn Fn(&str) + 'a;

fn main() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let cluster = pg_server::shared();
    let database = cluster.prepared_base();
    let file = dir.path().join("national.sqlite");
    let on_file = |sql: &str| rusqlite::Connection::open(&file).expect("SQLite").execute_batch(sql).expect("ratings");
    let on_server = |sql: &str| cluster.superuser(&database).batch_execute(sql).expect("ratings");
    let mut stores: [(&str, Store, &Seed); 2] = [
        ("SQLite (fichier)", Store::open(&file).expect("SQLite"), &on_file),
        (
            "PostgreSQL (localhost)",
            Store::open_team(&cluster.address("postgres", pg_server::SUPERUSER_PASSWORD, &database))
                .expect("PostgreSQL"),
            &on_server,
        ),
    ];
    let rows = fabrique_core::survey::parse::synthetic_export(SUBMISSIONS, COLUMNS);
    let export = fabrique_core::survey::parse::parse_export(&rows, "resultats.tsv").expect("export");
    let mut report = String::new();
    let _ = writeln!(report, "Fabrique — {STRUCTURES} structures, {ITEMS} points RGPD cotés pour chacune (médianes)\n");
    for (engine, store, seed) in &mut stores {
        let started = Instant::now();
        fill(store, *seed);
        let _ = writeln!(report, "{engine} — base remplie en {:.1} s", started.elapsed().as_secs_f64());
        let structures = store.list_structures().expect("list");
        let people = store.people_search_text().expect("people");
        let query = StructureQuery { text: "merignac".into(), ..Default::default() };
        let (keystroke, bytes) = time(50, || {
            store.change_stamp().expect("stamp");
            serde_json::to_vec(&DirectoryPage::for_query(&structures, &people, &query, today())).expect("JSON").len()
        });
        let _ =
            writeln!(report, "  une frappe dans la recherche « merignac »   {}   ({} Ko)", ms(keystroke), bytes / 1024);
        let (stamp, _) = time(50, || store.change_stamp().expect("stamp"));
        let _ = writeln!(report, "    dont « la base a-t-elle changé ? »       {}", ms(stamp));
        let (reread, _) = time(10, || (store.list_structures().expect("list"), store.people_search_text().expect("p")));
        let _ = writeln!(report, "  annuaire relu après un changement          {}", ms(reread));
        // The ratings were written straight to the base: their tallies are stale, as after an
        // upgrade to schema 11; the first view counts and keeps them.
        let first = Instant::now();
        fabrique_usecases::rgpd::dashboard(store, today()).expect("first dashboard");
        let first = first.elapsed();
        let _ = writeln!(report, "  premier tableau de bord (décomptes refaits) {}", ms(first));
        let (dashboard, board) = time(10, || fabrique_usecases::rgpd::dashboard(store, today()).expect("dashboard"));
        let _ = writeln!(report, "  tableau de bord RGPD                       {}", ms(dashboard));
        let checklist = store.rgpd_checklist().expect("checklist");
        let (read, tallies) = time(10, || store.rgpd_tallies(&checklist).expect("tallies"));
        let _ = writeln!(report, "    dont la lecture des {} décomptes          {}", tallies.by_centre.len(), ms(read));
        let item = store.rgpd_checklist().expect("checklist").items[0].id.clone();
        let mut round = 0;
        let (rated, _) = time(10, || {
            round += 1;
            let status = if round % 2 == 0 { Status::Conforme } else { Status::EnCours };
            let change = AssessmentChange { status, note: None, owner: None, due: None };
            store.change_rgpd_assessment(structures[0].id, &item, &change, today()).expect("rating")
        });
        let _ = writeln!(report, "  une cotation enregistrée (journal compris) {}", ms(rated));
        let _ = writeln!(report, "    ({} centres, progression moyenne {} %)", board.rows.len(), board.overall);
        survey(store, &export, &mut report);
    }
    print!("{report}");
}

/// The survey at national scale: [`WAVES`] waves of [`SUBMISSIONS`] submissions each imported
/// through the store (each its own SIDs, as a new campaign's), then the figures of one wave as the
/// Enquête screen counts them, and a wave imported again with nothing new.
///
/// The first wave's responses are each matched against the whole directory as they are written
/// (what an import does when the form has a question naming the structure); the matching, the
/// same on both engines, then takes most of the time, so the other waves are imported with the
/// form's name question set aside, to time what the engines do.
fn survey(store: &mut Store, export: &ParsedExport, report: &mut String) {
    let campaign = |n: usize| {
        let mut campaign = export.clone();
        for s in &mut campaign.submissions {
            s.sid += n as i64 * 1_000_000;
        }
        campaign
    };
    let started = Instant::now();
    let first = store.import_survey(&campaign(0), "2017").expect("import");
    let matched = started.elapsed();
    assert_eq!(first.imported as usize, SUBMISSIONS);
    store.set_link_questions(first.form_id, Some("aucune"), None).expect("no name question");
    let mut imports = Vec::with_capacity(WAVES);
    let mut wave = None;
    for n in 1..WAVES {
        let campaign = campaign(n);
        let started = Instant::now();
        let outcome = store.import_survey(&campaign, &format!("{}", 2017 + n)).expect("import");
        imports.push(started.elapsed());
        assert_eq!(outcome.imported as usize, SUBMISSIONS);
        wave = Some((outcome.form_id, outcome.wave_id));
    }
    imports.sort();
    let (form_id, wave_id) = wave.expect("a wave");
    let _ = writeln!(
        report,
        "  import d'une vague de {SUBMISSIONS} réponses ({} questions)  {}   (de {} à {}, {} vagues)",
        export.questions.len(),
        ms(imports[imports.len() / 2]),
        ms(imports[0]),
        ms(imports[imports.len() - 1]),
        imports.len()
    );
    let _ = writeln!(report, "    la première, chaque réponse rapprochée de l'annuaire  {}", ms(matched));
    let (again, outcome) = time(3, || store.import_survey(&campaign(1), "2018").expect("import again"));
    assert_eq!(outcome.unchanged as usize, SUBMISSIONS);
    let _ = writeln!(report, "  une vague importée de nouveau (rien de neuf) {}", ms(again));
    let (stats, figures) =
        time(10, || fabrique_usecases::survey::stats(store, form_id, wave_id, false).expect("statistics"));
    let _ = writeln!(
        report,
        "  statistiques d'une vague ({} réponses, {WAVES} vagues dans la base)  {}\n",
        figures.responses,
        ms(stats)
    );
}

/// The structures through the store, as the window creates them; a 40-item checklist saved as a
/// new version; every item rated for every structure by one statement per item, written straight
/// to the base (rating them one by one through the store would take the benchmark's whole time to
/// set up).
fn fill(store: &mut Store, seed: &Seed) {
    let communes = ["Mérignac", "Bordeaux", "Pessac", "Libourne", "Arcachon", "Langon", "Blaye", "Lesparre-Médoc"];
    for i in 0..STRUCTURES {
        let draft = StructureDraft {
            name: format!("Centre social n° {i}"),
            kind: Some(if i % 3 == 0 { StructureKind::Evs } else { StructureKind::CentreSocial }),
            commune: communes[i % communes.len()].into(),
            member: i % 4 != 0,
            tags: vec!["Numérique".into()],
            ..Default::default()
        };
        store.create_structure(draft).expect("structure");
    }
    let mut checklist = store.rgpd_checklist().expect("checklist");
    let model = checklist.items[0].clone();
    for n in checklist.items.len()..ITEMS {
        let mut item = model.clone();
        item.id = format!("mesure-{n}");
        item.title = format!("Point ajouté pour la mesure n° {n}");
        checklist.items.push(item);
    }
    let checklist = store.save_rgpd_checklist(checklist).expect("40 items");
    assert_eq!(checklist.active().count(), ITEMS);
    let mut sql = String::new();
    for (n, item) in checklist.active().enumerate() {
        let _ = writeln!(
            sql,
            "INSERT INTO rgpd_assessments (structure_id, item_id, status, note, reason, evidence, owner, due, \
             item_revision, checklist_version, updated_at) \
             SELECT id, '{}', CASE (id + {n}) % 4 WHEN 0 THEN 'conforme' WHEN 1 THEN 'en_cours' WHEN 2 THEN 'a_faire' \
             ELSE 'non_applicable' END, '', CASE (id + {n}) % 4 WHEN 3 THEN 'Sans objet' ELSE '' END, '', 'Direction', \
             '2026-12-31', {}, {}, '2026-11-01T00:00:00Z' FROM structures;",
            item.id, item.revision, checklist.version
        );
    }
    seed(&sql);
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).expect("valid date")
}
