//! Timings on a 5,000-structure directory, the size the interface must stay instant at:
//! search (alone, and as the page the window receives), a CSV import end to end, and listing. Run with
//! `cargo bench -p fabrique-store --bench directory`; prints the median of several runs.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use fabrique_api::DirectoryPage;
use fabrique_core::communes::gironde;
use fabrique_core::import::guess_mapping;
use fabrique_core::search::{SearchIndex, StructureQuery, TerritoryFilter};
use fabrique_store::files::read_table;
use fabrique_store::Store;

#[path = "../../../../benches/timing.rs"]
mod timing;
use timing::{median, ms, time};

const STRUCTURES: usize = 5_000;

/// A CSV like the federation's spreadsheets, over real Gironde communes.
fn write_csv(path: &Path) {
    let communes: Vec<_> = gironde().all().iter().filter(|c| c.delegated_to.is_none()).collect();
    let tags = ["Numérique", "Jeunesse", "Familles", "Accès aux droits", "Seniors"];
    let mut csv = String::from("Nom;Type;Commune;Adhérente;Adhérente depuis;Salariés;Étiquettes;Notes\n");
    for i in 0..STRUCTURES {
        let commune = communes[(i * 7) % communes.len()];
        let kind = if i % 3 == 0 { "EVS" } else { "Centre social" };
        let prefix = if i % 3 == 0 { "Espace de vie sociale" } else { "Centre social" };
        let member = if i % 4 == 0 { "non" } else { "oui" };
        let _ = writeln!(
            csv,
            "{prefix} n° {i} de {};{kind};{};{member};{};{};{}, {};Structure générée pour la mesure n° {i}.",
            commune.name,
            commune.name,
            1990 + i % 30,
            i % 40,
            tags[i % tags.len()],
            tags[(i / 5) % tags.len()],
        );
    }
    std::fs::write(path, csv).expect("write the CSV");
}

fn main() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let csv = dir.path().join("annuaire-5000.csv");
    write_csv(&csv);
    let mut report = String::new();
    let _ = writeln!(report, "Fabrique — annuaire de {STRUCTURES} structures (médiane)\n");

    // (2) Import into a fresh base on disk, step by step.
    let runs = 5;
    let (mut read, mut plan, mut apply) = (Vec::new(), Vec::new(), Vec::new());
    let mut db_path = dir.path().join("import-0.sqlite");
    for run in 0..runs {
        db_path = dir.path().join(format!("import-{run}.sqlite"));
        let mut store = Store::open(&db_path).expect("open");
        let start = Instant::now();
        let table = read_table(&csv).expect("read");
        read.push(start.elapsed());
        let start = Instant::now();
        let p = store.plan_import(&csv, &table, &guess_mapping(&table.headers)).expect("plan");
        plan.push(start.elapsed());
        assert_eq!((p.created, p.refused), (STRUCTURES as u32, 0));
        let start = Instant::now();
        store.apply_import(&p).expect("apply");
        apply.push(start.elapsed());
    }
    let total: Vec<Duration> = (0..runs).map(|i| read[i] + plan[i] + apply[i]).collect();
    let _ = writeln!(report, "Import CSV ({runs} runs, base neuve sur disque)");
    let _ = writeln!(report, "  read_table        {}", ms(median(read)));
    let _ = writeln!(report, "  plan_import       {}", ms(median(plan)));
    let _ = writeln!(report, "  apply_import      {}", ms(median(apply)));
    let _ = writeln!(report, "  total             {}\n", ms(median(total)));

    // (3) Listing.
    let store = Store::open(&db_path).expect("reopen");
    let (list_time, structures) = time(20, || store.list_structures().expect("list"));
    assert_eq!(structures.len(), STRUCTURES);
    let _ = writeln!(report, "list_structures     {}   (20 runs)\n", ms(list_time));

    // (1) Search.
    let people = store.people_search_text().expect("people");
    let (index_time, index) = time(20, || SearchIndex::new(&structures, &people));
    let _ = writeln!(report, "Recherche");
    let _ = writeln!(report, "  SearchIndex::new  {}   (20 runs)", ms(index_time));
    let queries = [
        ("« merignac »", StructureQuery { text: "merignac".into(), ..Default::default() }),
        ("« centre social »", StructureQuery { text: "centre social".into(), ..Default::default() }),
        (
            "filtres seuls",
            StructureQuery { member: Some(true), territory: Some(TerritoryFilter::Metropole), ..Default::default() },
        ),
    ];
    for (label, query) in &queries {
        let (t, hits) = time(50, || index.query(query, today()).len());
        let _ = writeln!(report, "  {label:<18}{}   ({hits} résultats, 50 runs)", ms(t));
    }

    // (1 bis) What one keystroke costs the app: index, query, rows, counts and tags, in the JSON
    // sent to the window.
    let _ = writeln!(report, "\nPage de l'annuaire par frappe (recherche + lignes + JSON)");
    let everything = ("tout (aucun filtre)", StructureQuery::default());
    for (label, query) in std::iter::once(&everything).chain(&queries) {
        let (t, bytes) = time(20, || {
            serde_json::to_vec(&DirectoryPage::for_query(&structures, &people, query, today())).expect("JSON").len()
        });
        let _ = writeln!(report, "  {label:<20}{}   ({} Ko, 20 runs)", ms(t), bytes / 1024);
    }
    print!("{report}");
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).expect("valid date")
}
