//! Structures, people and visits through the public API, on each engine.

mod common;

use common::{date, each_engine, person, structure, today, visit};
use fabrique_core::{Area, StructureKind};
use fabrique_store::Store;

/// Two people on one fiche: the second save, made on the version both opened, is refused with
/// nothing written; saved again on the version now stored, it goes through. An import moves the
/// version too, so a form opened before it is refused as well.
#[test]
fn a_fiche_saved_against_a_version_changed_since_is_refused() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let opened = store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();
        assert_eq!(opened.version, 1);

        let mut theirs = opened.draft.clone();
        theirs.phone = "05 56 22 22 22".into();
        let saved = store.update_structure(opened.id, theirs, Some(opened.version)).unwrap();
        assert_eq!(saved.version, 2);

        let mut mine = opened.draft.clone();
        mine.phone = "05 56 11 11 11".into();
        let refused = store.update_structure(opened.id, mine.clone(), Some(opened.version)).unwrap_err();
        assert_eq!(refused.code(), "conflict");
        assert!(
            refused.to_string().contains("Quelqu'un d'autre a enregistré la fiche de cette structure"),
            "{refused}"
        );
        assert_eq!(store.structure_detail(opened.id).unwrap().structure.draft.phone, "05 56 22 22 22");

        let kept_mine = store.update_structure(opened.id, mine, Some(saved.version)).unwrap();
        assert_eq!((kept_mine.draft.phone.as_str(), kept_mine.version), ("05 56 11 11 11", 3));
        // Without a version (the command line, an import), a save is not compared.
        let mut later = kept_mine.draft.clone();
        later.notes = "Sans comparaison".into();
        assert_eq!(store.update_structure(opened.id, later, None).unwrap().version, 4);
    }
}

/// The same for a person of a structure's fiche.
#[test]
fn a_person_saved_against_a_version_changed_since_is_refused() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let lac = store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();
        let opened = store.save_person(lac.id, None, person("Élodie", "Lafargue", "elodie@lac.example"), None).unwrap();
        assert_eq!(opened.version, 1);

        let mut theirs = opened.draft.clone();
        theirs.phone = "05 56 22 22 22".into();
        let saved = store.save_person(lac.id, Some(opened.id), theirs, Some(opened.version)).unwrap();
        assert_eq!(saved.version, 2);

        let mut mine = opened.draft.clone();
        mine.role = "Présidence".into();
        let refused = store.save_person(lac.id, Some(opened.id), mine.clone(), Some(opened.version)).unwrap_err();
        assert_eq!(refused.code(), "conflict");
        assert!(refused.to_string().contains("la fiche de cette personne"), "{refused}");
        let stored = &store.structure_detail(lac.id).unwrap().people[0];
        assert_eq!(
            (stored.draft.phone.as_str(), stored.draft.role.as_str()),
            ("05 56 22 22 22", opened.draft.role.as_str())
        );

        let kept_mine = store.save_person(lac.id, Some(opened.id), mine, Some(saved.version)).unwrap();
        assert_eq!((kept_mine.draft.role.as_str(), kept_mine.version), ("Présidence", 3));
    }
}

/// The same for a visit: a correction made on the version opened by both is refused the second time.
#[test]
fn a_visit_corrected_against_a_version_changed_since_is_refused() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let lac = store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();
        let opened =
            store.save_visit(lac.id, None, visit(date(2026, 11, 2), "Direction", "Premier échange"), None).unwrap();
        assert_eq!(opened.version, 1);

        let mut theirs = opened.draft.clone();
        theirs.notes = "Premier échange, compte rendu complété".into();
        let saved = store.save_visit(lac.id, Some(opened.id), theirs, Some(opened.version)).unwrap();
        assert_eq!(saved.version, 2);

        let mut mine = opened.draft.clone();
        mine.met = "Direction et présidence".into();
        let refused = store.save_visit(lac.id, Some(opened.id), mine.clone(), Some(opened.version)).unwrap_err();
        assert_eq!(refused.code(), "conflict");
        assert!(refused.to_string().contains("cette visite"), "{refused}");
        let stored = &store.structure_detail(lac.id).unwrap().visits[0];
        assert_eq!((stored.draft.met.as_str(), stored.version), ("Direction", 2));

        let kept_mine = store.save_visit(lac.id, Some(opened.id), mine, Some(saved.version)).unwrap();
        assert_eq!((kept_mine.draft.met.as_str(), kept_mine.version), ("Direction et présidence", 3));
        assert_eq!(store.save_visit(lac.id, Some(4242), opened.draft, Some(1)).unwrap_err().code(), "not_found");
    }
}

#[test]
fn structure_roundtrip_with_tags_and_derived_territory() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        assert!(store.is_empty().unwrap());
        let mut draft = structure("  Centre social du Burck ", "merignac");
        draft.siret = Some("732 829 320 00074".into());
        draft.caf_approval_start = date(2024, 1, 1);
        draft.caf_approval_end = date(2027, 12, 31);
        draft.employees = Some(12);
        draft.notes = "Première ligne\nseconde ligne".into();
        let created = store.create_structure(draft).unwrap();

        assert_eq!(created.draft.name, "Centre social du Burck");
        assert_eq!((created.draft.commune.as_str(), created.draft.insee.as_deref()), ("Mérignac", Some("33281")));
        assert_eq!(created.draft.postal_code, "33700", "filled from the single postal code");
        assert_eq!(created.draft.area, Some(Area::Urbain), "metropole communes default to urban");
        assert_eq!(created.draft.siret.as_deref(), Some("73282932000074"));
        assert_eq!(created.draft.tags, ["Numérique", "Familles"]);
        assert!(created.territory.metropole);
        assert_eq!(created.territory.epci_name.as_deref(), Some("Bordeaux Métropole"));
        assert!(created.updated_at.ends_with('Z') && created.updated_at.contains('T'), "{}", created.updated_at);
        assert!(!store.is_empty().unwrap());

        let listed = store.list_structures().unwrap();
        assert_eq!(listed, vec![created.clone()], "what is read back is what was returned");

        let mut change = created.draft.clone();
        change.commune = "Libourne".into();
        change.insee = None;
        change.postal_code = String::new();
        change.area = Some(Area::Rural);
        change.kind = Some(StructureKind::Evs);
        change.tags = vec!["Seniors".into(), "numérique".into(), "Numerique".into()];
        let updated = store.update_structure(created.id, change, None).unwrap();
        assert_eq!(updated.id, created.id);
        assert_eq!(updated.draft.insee.as_deref(), Some("33243"));
        assert!(!updated.territory.metropole);
        assert_eq!(updated.territory.epci_name.as_deref(), Some("CA du Libournais"));
        assert_eq!(updated.draft.tags, ["Seniors", "numérique"], "tags deduplicated, order kept");
        assert_eq!(store.structure_detail(created.id).unwrap().structure, updated);
    }
}

#[test]
fn list_is_in_french_alphabetical_order() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        for name in ["Maison des Familles", "Espace social Alain Coudert", "Écoute et Partage", "centre social du Lac"]
        {
            store.create_structure(structure(name, "Pessac")).unwrap();
        }
        let names: Vec<String> = store.list_structures().unwrap().into_iter().map(|s| s.draft.name).collect();
        assert_eq!(
            names,
            ["centre social du Lac", "Écoute et Partage", "Espace social Alain Coudert", "Maison des Familles"]
        );
    }
}

#[test]
fn delete_is_undoable_and_hides_the_structure() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let kept = store.create_structure(structure("CS Gardé", "Pessac")).unwrap();
        let binned = store.create_structure(structure("CS Corbeille", "Talence")).unwrap();
        store.save_person(binned.id, None, person("Léa", "Martin", "lea@exemple.fr"), None).unwrap();

        store.delete_structure(binned.id).unwrap();
        assert_eq!(store.list_structures().unwrap(), vec![kept.clone()]);
        assert_eq!(store.structure_detail(binned.id).unwrap_err().code(), "not_found");
        assert_eq!(store.delete_structure(binned.id).unwrap_err().code(), "not_found", "already in the bin");
        assert!(!store.is_empty().unwrap());
        let err = store.update_structure(binned.id, structure("CS Corbeille", "Talence"), None).unwrap_err();
        assert_eq!(err.code(), "not_found");
        assert_eq!(
            err.to_string(),
            format!(
            "La structure n° {} est introuvable : elle a peut-être été supprimée entre-temps. Actualisez l'affichage.",
            binned.id
        )
        );

        store.restore_structure(binned.id).unwrap();
        let detail = store.structure_detail(binned.id).unwrap();
        assert_eq!(detail.structure, binned);
        assert_eq!(detail.people.len(), 1, "people come back with their structure");
        assert_eq!(store.restore_structure(9999).unwrap_err().code(), "not_found");
    }
}

#[test]
fn invalid_structures_are_refused_in_french_and_not_stored() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let err = store.create_structure(structure("CS de Paris", "Paris")).unwrap_err();
        assert_eq!(err.code(), "invalid_field");
        assert_eq!(
        err.to_string(),
        "Commune : commune « Paris » introuvable dans la liste officielle des communes de Gironde : vérifiez l'orthographe"
    );
        let mut no_kind = structure("CS sans type", "Pessac");
        no_kind.kind = None;
        assert!(store.create_structure(no_kind).unwrap_err().to_string().starts_with("Type : choisissez"));
        let mut bad_siret = structure("CS", "Pessac");
        bad_siret.siret = Some("73282932000075".into());
        assert!(store.create_structure(bad_siret).unwrap_err().to_string().contains("clé de contrôle"));
        assert!(store.is_empty().unwrap());
    }
}

#[test]
fn people_and_visits_are_saved_ordered_and_deleted() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let s = store.create_structure(structure("CS du Lac", "Bordeaux")).unwrap();
        let zoe = store.save_person(s.id, None, person("Zoé", "Petit", "zoe@exemple.fr"), None).unwrap();
        let eric = store.save_person(s.id, None, person("Éric", "Écuyer", ""), None).unwrap();
        store.save_person(s.id, None, person("Anne", "Dubos", ""), None).unwrap();
        let mut renamed = zoe.draft.clone();
        renamed.role = "Présidence".into();
        let zoe = store.save_person(s.id, Some(zoe.id), renamed, None).unwrap();
        assert_eq!(zoe.draft.role, "Présidence");

        let old = store.save_visit(s.id, None, visit(date(2024, 5, 2), "Zoé Petit", "Premier contact"), None).unwrap();
        let new = store.save_visit(s.id, None, visit(date(2026, 1, 15), "", "Suivi"), None).unwrap();
        let detail = store.structure_detail(s.id).unwrap();
        let last_names: Vec<&str> = detail.people.iter().map(|p| p.draft.last_name.as_str()).collect();
        assert_eq!(last_names, ["Dubos", "Écuyer", "Petit"]);
        assert_eq!(detail.visits.iter().map(|v| v.id).collect::<Vec<_>>(), [new.id, old.id], "newest first");

        assert_eq!(store.save_visit(s.id, None, visit(None, "", ""), None).unwrap_err().code(), "invalid_field");
        assert_eq!(store.save_person(s.id, None, person("", " ", ""), None).unwrap_err().code(), "invalid_field");
        assert_eq!(
            store.save_person(s.id, None, person("A", "B", "pas-un-mail"), None).unwrap_err().code(),
            "invalid_field"
        );
        assert_eq!(store.save_person(424242, None, person("A", "B", ""), None).unwrap_err().code(), "not_found");
        assert_eq!(store.save_person(s.id, Some(424242), person("A", "B", ""), None).unwrap_err().code(), "not_found");

        store.delete_person(eric.id).unwrap();
        store.delete_visit(old.id).unwrap();
        assert_eq!(store.delete_visit(old.id).unwrap_err().code(), "not_found");
        let detail = store.structure_detail(s.id).unwrap();
        assert_eq!((detail.people.len(), detail.visits.len()), (2, 1));
    }
}

#[test]
fn demo_directory_loads_into_an_empty_base_only() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(store.load_demo(today()).unwrap(), 49);
    let all = store.list_structures().unwrap();
    assert_eq!(all.iter().filter(|s| s.draft.member).count(), 34);
    assert_eq!(all.iter().filter(|s| !s.draft.member).count(), 15);
    assert!(all.iter().any(|s| s.territory.metropole) && all.iter().any(|s| !s.territory.metropole));
    let detail = store.structure_detail(all[0].id).unwrap();
    assert!(detail.people.len() >= 2);
    let err = store.load_demo(today()).unwrap_err();
    assert_eq!(err.code(), "not_empty");
    assert_eq!(store.list_structures().unwrap().len(), 49);
}
