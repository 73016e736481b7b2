//! « Activité »: every history names who did it, and the latest changes come newest first, on
//! both engines.

mod common;

use common::{each_engine_as_administrator, person, structure, today, visit};
use fabrique_core::activity::ActivityKind;
use fabrique_core::dossier::budget::Funder;
use fabrique_core::dossier::DossierHeader;
use fabrique_core::rgpd::{AssessmentDraft, Status};
use fabrique_store::files::read_table;

/// Histories are stamped to the second: each change here waits for the next one, so their order
/// is known.
fn next_second() {
    std::thread::sleep(std::time::Duration::from_millis(1050));
}

#[test]
fn each_kind_of_change_is_listed_newest_first_with_its_author() {
    for (engine, mut store) in each_engine_as_administrator() {
        eprintln!("moteur : {engine}");
        let author = store.author();
        let lac = store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();

        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("annuaire.csv");
        std::fs::write(&csv, "Nom;Type;Commune\nEVS Les Passerelles;EVS;Bègles\n").unwrap();
        let table = read_table(&csv).unwrap();
        let plan = store.plan_import(&csv, &table, &fabrique_core::import::guess_mapping(&table.headers)).unwrap();
        store.apply_import(&plan).unwrap();
        next_second();

        let item = store.rgpd_checklist().unwrap().active().next().unwrap().id.clone();
        let rating = AssessmentDraft { status: Some(Status::EnCours), note: "Commencé".into(), ..Default::default() };
        store.set_rgpd_assessment(lac.id, &item, &rating, None, today()).unwrap();
        next_second();

        let header = DossierHeader {
            structure_id: Some(lac.id),
            title: "AILDS 2027".into(),
            project: "Ateliers".into(),
            year: 2027,
            funder: Funder::Departement,
        };
        let dossier = store.create_dossier("ailds", header).unwrap();
        store.save_dossier_version(dossier.id, "Avant relecture").unwrap();
        next_second();

        store.save_visit(lac.id, None, visit(common::date(2026, 11, 28), "Direction", ""), None).unwrap();
        next_second();
        let someone = store.save_person(lac.id, None, person("Élodie", "Martin", "elodie@example.org"), None).unwrap();
        store.erase_person(someone.id).unwrap();

        let entries = store.activity(10).unwrap();
        let kinds: Vec<ActivityKind> = entries.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                ActivityKind::Erasure,
                ActivityKind::Visit,
                ActivityKind::Dossier,
                ActivityKind::Rgpd,
                ActivityKind::Import
            ]
        );
        assert!(entries.iter().all(|e| e.author == author), "{entries:#?}");
        let summaries: Vec<&str> = entries.iter().map(|e| e.summary.as_str()).collect();
        assert_eq!(summaries[1], "Visite du 28/11/2026 enregistrée");
        assert_eq!(summaries[2], "Dossier « AILDS 2027 » : version « Avant relecture »");
        assert!(
            summaries[3].starts_with("RGPD, « ")
                && summaries[3].ends_with("statut À faire → En cours ; note « Commencé »")
        );
        assert_eq!(summaries[4], "Import de l'annuaire : 1 structure créée, 0 mise à jour");
        assert!(entries[..4].iter().all(|e| e.structure_name.as_deref() == Some("Centre social du Lac")));
        // Nobody erased is named anywhere.
        assert!(entries.iter().all(|e| !e.summary.contains("Martin") && !e.summary.contains("Élodie")));
        assert_eq!(store.activity(2).unwrap().len(), 2);
    }
}
