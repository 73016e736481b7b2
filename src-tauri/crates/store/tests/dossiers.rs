//! Subsidy dossiers through the public API: templates, autosave, history, duplication, the
//! federation's record, what placeholders draw on, and the demo dossiers.

mod common;

use std::path::Path;

use common::{each_engine, each_engine_as_administrator, person, structure, today};
use fabrique_core::dossier::budget::{Budget, BudgetLine, Funder};
use fabrique_core::dossier::demo::demo_federation;
use fabrique_core::dossier::placeholders::FederationRecord;
use fabrique_core::dossier::template::shipped_templates;
use fabrique_core::dossier::{prepare, ContentChanges, DossierContent, DossierHeader, GapKind};
use fabrique_core::{StructureDraft, StructureKind};
use fabrique_store::{Store, VERSION_EVERY_MINUTES};

fn header(structure_id: Option<i64>, title: &str, year: i32) -> DossierHeader {
    DossierHeader {
        structure_id,
        title: title.into(),
        project: "Ateliers numériques itinérants".into(),
        year,
        funder: Funder::Departement,
    }
}

fn line(account: &str, label: &str, cents: i64, funder: Option<Funder>) -> BudgetLine {
    BudgetLine { account: account.into(), label: label.into(), amount_cents: cents, funder }
}

fn balanced_budget() -> Budget {
    Budget {
        lines: vec![
            line("60", "Tablettes", 300_000, None),
            line("64", "Animatrice numérique", 700_000, None),
            line("74", "Département de la Gironde — AILDS", 600_000, Some(Funder::Departement)),
            line("74", "CAF de la Gironde", 400_000, Some(Funder::Caf)),
        ],
    }
}

/// `content` with the first section's text replaced.
fn with_text(content: &DossierContent, text: &str) -> DossierContent {
    let mut content = content.clone();
    content.sections[0].body = text.into();
    content
}

fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

#[test]
fn a_dossier_from_each_shipped_template_copies_its_sections_and_revision() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let lac = store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();
        let templates = store.templates().unwrap();
        let mut names: Vec<&str> = templates.iter().map(|t| t.name.as_str()).collect();
        names.sort();
        assert_eq!(names, ["ailds", "cerfa-12156"]);
        assert_eq!(templates, {
            let mut shipped = shipped_templates();
            shipped.sort_by(|a, b| a.title.cmp(&b.title));
            shipped
        });

        for template in &templates {
            let title = format!("{} — Lac — 2027", template.title);
            let dossier = store.create_dossier(&template.name, header(Some(lac.id), &title, 2027)).unwrap();
            assert_eq!(dossier.template_name, template.name);
            assert_eq!(dossier.template_revision, template.revision);
            assert_eq!(dossier.header, header(Some(lac.id), &title, 2027));
            assert_eq!(dossier.content.sections.len(), template.sections.len());
            for (copied, source) in dossier.content.sections.iter().zip(&template.sections) {
                assert_eq!(
                    (&copied.key, &copied.title, &copied.guidance, &copied.body, copied.required, copied.kind),
                    (&source.key, &source.title, &source.guidance, &source.body, source.required, source.kind),
                    "{}",
                    template.name
                );
            }
            assert!(dossier.content.budget.lines.is_empty());
            assert!(dossier.content.has_budget_section());
            assert_eq!(store.dossier(dossier.id).unwrap(), dossier, "what is read back is what was returned");
            assert!(store.dossier_versions(dossier.id).unwrap().is_empty(), "a new dossier has no history yet");
        }
        assert_eq!(store.dossiers().unwrap().len(), 2);

        let err = store.create_dossier("inconnu", header(None, "Dossier", 2027)).unwrap_err();
        assert_eq!(err.code(), "invalid_field");
        assert!(err.to_string().contains("« inconnu » est introuvable"), "{err}");
        let err = store.create_dossier("ailds", header(None, "  ", 2027)).unwrap_err();
        assert_eq!(err.code(), "invalid_field");
        assert_eq!(store.dossiers().unwrap().len(), 2, "refused dossiers are not stored");
    }
}

#[test]
fn autosaved_text_survives_the_app_being_killed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annuaire.sqlite");
    let mut store = Store::open(&path).unwrap();
    let dossier = store.create_dossier("ailds", header(None, "AILDS 2027", 2027)).unwrap();
    let mut content = with_text(&dossier.content, "Texte tapé juste avant la coupure de courant.");
    content.budget = balanced_budget();
    let stamp = store.save_dossier_content(dossier.id, &content).unwrap();
    // Killed, not closed: no checkpoint, no close; the write must already be durable.
    std::mem::forget(store);

    let store = Store::open(&path).unwrap();
    let reopened = store.dossier(dossier.id).unwrap();
    assert_eq!(reopened.content, content);
    assert_eq!(reopened.updated_at, stamp);
    assert_eq!(store.dossiers().unwrap()[0].content.sections[0].body, "Texte tapé juste avant la coupure de courant.");
}

#[test]
fn a_refused_save_leaves_the_stored_text_and_history_unchanged() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let dossier = store.create_dossier("cerfa-12156", header(None, "Fonctionnement 2027", 2027)).unwrap();
        let saved = with_text(&dossier.content, "Version acceptée.");
        store.save_dossier_content(dossier.id, &saved).unwrap();
        let versions = store.dossier_versions(dossier.id).unwrap();
        let before = store.dossier(dossier.id).unwrap();

        let mut bad = with_text(&saved, "Ce texte ne doit pas être enregistré.");
        bad.budget.lines.push(line("60", "Achats", 10_000, None));
        bad.budget.lines.push(line("99", "Compte inventé", 5_000, None));
        let err = store.save_dossier_content(dossier.id, &bad).unwrap_err();
        assert_eq!(err.code(), "invalid_field");
        assert!(err.to_string().contains("ligne 2") && err.to_string().contains("« 99 »"), "{err}");

        let mut negative = saved.clone();
        negative.budget.lines.push(line("60", "Achats", -1, None));
        assert_eq!(store.save_dossier_content(dossier.id, &negative).unwrap_err().code(), "invalid_field");
        let mut funder_off_74 = saved.clone();
        funder_off_74.budget.lines.push(line("75", "Dons", 100, Some(Funder::Caf)));
        assert_eq!(store.save_dossier_content(dossier.id, &funder_off_74).unwrap_err().code(), "invalid_field");

        assert_eq!(store.dossier(dossier.id).unwrap(), before, "text, budget and date as they were");
        assert_eq!(store.dossier_versions(dossier.id).unwrap(), versions, "no version taken for a refused save");
        assert_eq!(store.save_dossier_content(4242, &saved).unwrap_err().code(), "not_found");
    }
}

#[test]
fn history_versions_the_first_save_then_every_few_minutes_and_restores() {
    const { assert!(VERSION_EVERY_MINUTES >= 1) };
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let dossier = store.create_dossier("ailds", header(None, "AILDS 2027", 2027)).unwrap();
        let original = dossier.content.clone();

        let first = with_text(&original, "Premier jet.");
        store.save_dossier_content(dossier.id, &first).unwrap();
        let versions = store.dossier_versions(dossier.id).unwrap();
        assert_eq!(versions.len(), 1, "the first save keeps the text as it was before it");
        assert_eq!(versions[0].label, "");
        assert_eq!(store.dossier_version_content(versions[0].id).unwrap(), original);
        let periodic = versions[0].clone();

        let second = with_text(&original, "Deuxième jet, relu.");
        store.save_dossier_content(dossier.id, &second).unwrap();
        assert_eq!(
            store.dossier_versions(dossier.id).unwrap(),
            versions,
            "a save right after another takes no version (one every {VERSION_EVERY_MINUTES} minutes)"
        );
        assert_eq!(store.dossier(dossier.id).unwrap().content, second);

        let named = store.save_dossier_version(dossier.id, "  Relu par le bureau ").unwrap();
        assert_eq!(named.label, "Relu par le bureau");
        assert_eq!(store.dossier_version_content(named.id).unwrap(), second);
        assert_eq!(store.dossier_versions(dossier.id).unwrap(), [named.clone(), periodic.clone()], "newest first");

        let restored = store.restore_dossier_version(dossier.id, periodic.id).unwrap();
        assert_eq!(restored.content, original);
        assert_eq!(store.dossier(dossier.id).unwrap().content, original);
        let versions = store.dossier_versions(dossier.id).unwrap();
        assert_eq!(
            versions.iter().map(|v| v.label.as_str()).collect::<Vec<_>>(),
            ["Avant restauration", "Relu par le bureau", ""]
        );
        assert_eq!(
            store.dossier_version_content(versions[0].id).unwrap(),
            second,
            "the replaced text is kept, so a restore can be undone"
        );
        let undone = store.restore_dossier_version(dossier.id, versions[0].id).unwrap();
        assert_eq!(undone.content, second);

        // A version of another dossier, or none at all, is refused and changes nothing.
        let other = store.create_dossier("ailds", header(None, "Autre dossier", 2027)).unwrap();
        store.save_dossier_content(other.id, &with_text(&other.content, "Autre texte.")).unwrap();
        let foreign = store.dossier_versions(other.id).unwrap()[0].id;
        assert_eq!(store.restore_dossier_version(dossier.id, foreign).unwrap_err().code(), "not_found");
        assert_eq!(store.restore_dossier_version(dossier.id, 99_999).unwrap_err().code(), "not_found");
        assert_eq!(store.dossier(dossier.id).unwrap().content, second);
        assert_eq!(store.dossier_versions(dossier.id).unwrap().len(), 4);
        assert_eq!(store.save_dossier_version(4242, "x").unwrap_err().code(), "not_found");
    }
}

#[test]
fn duplicating_for_next_year_moves_the_year_and_keeps_text_and_budget() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let lac = store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();
        let source =
            store.create_dossier("ailds", header(Some(lac.id), "AILDS 2026 — Centre social du Lac", 2026)).unwrap();
        let mut content = with_text(&source.content, "Le centre porte ce projet depuis 2026.");
        content.budget = balanced_budget();
        store.save_dossier_content(source.id, &content).unwrap();
        let source = store.dossier(source.id).unwrap();

        let copy = store.duplicate_dossier(source.id, 2027).unwrap();
        assert_ne!(copy.id, source.id);
        assert_eq!(copy.header.title, "AILDS 2027 — Centre social du Lac");
        assert_eq!(copy.header.year, 2027);
        assert_eq!(
            (copy.header.structure_id, &copy.header.project, copy.header.funder),
            (Some(lac.id), &source.header.project, source.header.funder)
        );
        assert_eq!(copy.content, content, "same texts and budget lines, to be updated");
        assert_eq!((copy.template_name.as_str(), copy.template_revision), ("ailds", source.template_revision));
        assert!(store.dossier_versions(copy.id).unwrap().is_empty(), "the copy starts its own history");
        assert_eq!(store.dossier(source.id).unwrap(), source, "the source is untouched");
        assert_eq!(store.dossiers().unwrap().len(), 2);
        assert_eq!(store.duplicate_dossier(4242, 2027).unwrap_err().code(), "not_found");
    }
}

#[test]
fn deleting_a_dossier_deletes_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annuaire.sqlite");
    let mut store = Store::open(&path).unwrap();
    let kept = store.create_dossier("ailds", header(None, "Gardé", 2027)).unwrap();
    let gone = store.create_dossier("ailds", header(None, "Supprimé", 2027)).unwrap();
    for d in [&kept, &gone] {
        store.save_dossier_content(d.id, &with_text(&d.content, "Texte.")).unwrap();
        store.save_dossier_version(d.id, "Envoyé").unwrap();
    }
    let gone_versions = store.dossier_versions(gone.id).unwrap();
    assert_eq!(gone_versions.len(), 2);

    store.delete_dossier(gone.id).unwrap();
    assert_eq!(store.dossier(gone.id).unwrap_err().code(), "not_found");
    for v in &gone_versions {
        assert_eq!(store.dossier_version_content(v.id).unwrap_err().code(), "not_found");
    }
    assert!(store.dossier_versions(gone.id).unwrap().is_empty());
    assert_eq!(store.delete_dossier(gone.id).unwrap_err().code(), "not_found");
    assert_eq!(store.dossiers().unwrap().iter().map(|d| d.id).collect::<Vec<_>>(), [kept.id]);
    assert_eq!(store.dossier_versions(kept.id).unwrap().len(), 2, "other dossiers keep their history");
    drop(store);
    let orphans: i64 = raw(&path)
        .query_row("SELECT count(*) FROM dossier_versions WHERE dossier_id NOT IN (SELECT id FROM dossiers)", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(orphans, 0, "no version left behind in the file");
}

#[test]
fn saving_a_template_makes_a_new_revision_and_dossiers_keep_theirs() {
    for (engine, mut store) in each_engine_as_administrator() {
        eprintln!("moteur : {engine}");
        let before = store.create_dossier("ailds", header(None, "Avant la révision", 2027)).unwrap();
        assert_eq!(before.template_revision, 1);

        let mut edited = store.template("ailds").unwrap();
        assert_eq!(edited.revision, 1);
        let original_body = edited.sections[0].body.clone();
        edited.sections[0].body = "Présentez la structure en dix lignes au plus.".into();
        edited.revision = 99; // whatever the file said, the store numbers revisions
        let saved = store.save_template(edited.clone(), None).unwrap();
        assert_eq!(saved.revision, 2);
        assert_eq!(store.template("ailds").unwrap(), saved);
        let templates = store.templates().unwrap();
        assert_eq!(templates.len(), 2, "the latest revision of each template, not every revision");
        assert_eq!(templates.iter().find(|t| t.name == "ailds").unwrap(), &saved);
        assert_eq!(store.save_template(edited.clone(), None).unwrap().revision, 3);

        let after = store.create_dossier("ailds", header(None, "Après la révision", 2027)).unwrap();
        assert_eq!(after.template_revision, 3);
        assert_eq!(after.content.sections[0].body, "Présentez la structure en dix lignes au plus.");
        let before = store.dossier(before.id).unwrap();
        assert_eq!(before.template_revision, 1, "a dossier keeps the revision it started on");
        assert_eq!(before.content.sections[0].body, original_body, "and the text it started with");

        let mut broken = saved.clone();
        broken.sections[1].key = broken.sections[0].key.clone();
        assert_eq!(store.save_template(broken, None).unwrap_err().code(), "invalid_field");
        assert_eq!(store.template("ailds").unwrap().revision, 3, "a refused template adds no revision");

        let mut new_name = saved;
        new_name.name = "ailds-jeunesse".into();
        new_name.title = "AILDS — volet jeunesse".into();
        assert_eq!(store.save_template(new_name, None).unwrap().revision, 1, "a new name starts at revision 1");
        assert_eq!(store.templates().unwrap().len(), 3);
    }
}

#[test]
fn reopening_keeps_a_users_edited_template_instead_of_the_shipped_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annuaire.sqlite");
    let mut store = Store::open(&path).unwrap();
    let mut edited = store.template("cerfa-12156").unwrap();
    edited.sections[0].guidance = "Consigne propre à la fédération.".into();
    let saved = store.save_template(edited, None).unwrap();
    drop(store);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.template("cerfa-12156").unwrap(), saved);
    assert_eq!(store.templates().unwrap().len(), 2);
    drop(store);
    drop(Store::open(&path).unwrap());
    let revisions: Vec<(String, u32)> = raw(&path)
        .prepare("SELECT name, revision FROM dossier_templates ORDER BY name, revision")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        revisions,
        [("ailds".to_string(), 1), ("cerfa-12156".to_string(), 1), ("cerfa-12156".to_string(), 2)],
        "each open installs nothing the base already has"
    );
}

#[test]
fn the_federation_record_round_trips_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annuaire.sqlite");
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.federation().unwrap(), FederationRecord::default(), "blank until filled in");

    let mut record = demo_federation();
    record.representative = "Inès Diallo".into();
    record.employees = None;
    store.save_federation(&record).unwrap();
    assert_eq!(store.federation().unwrap(), record);
    record.phone = "05 57 00 00 00".into();
    store.save_federation(&record).unwrap();
    drop(store);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.federation().unwrap(), record, "the second save replaced the first");
    let facts = store.dossier_facts(&header(None, "Fédération 2027", 2027), today()).unwrap();
    assert_eq!(facts.federation, record);
    assert_eq!(facts.applicant.name, record.name, "the federation applies for itself");
    assert_eq!(facts.applicant.representative, "Inès Diallo");
}

#[test]
fn facts_name_the_president_as_representative_and_count_members() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let mut lac_draft = structure("Centre social du Lac", "Bordeaux");
        lac_draft.siret = Some("73282932000074".into());
        let lac = store.create_structure(lac_draft).unwrap();
        // Sorted by name the director comes first: the role decides, not the order.
        let mut director = person("Anne", "Aubert", "anne@lac.example");
        director.role = "Directrice".into();
        store.save_person(lac.id, None, director, None).unwrap();
        let mut president = person("Zoé", "Zidane", "zoe@lac.example");
        president.role = "Présidente".into();
        store.save_person(lac.id, None, president, None).unwrap();
        let mut treasurer = person("Marc", "Bastide", "");
        treasurer.role = "Trésorier".into();
        store.save_person(lac.id, None, treasurer, None).unwrap();

        let ruche = store.create_structure(structure("EVS La Ruche", "Bègles")).unwrap();
        let mut only_president = person("Karim", "Benali", "");
        only_president.role = "Président du bureau".into();
        store.save_person(ruche.id, None, only_president, None).unwrap();
        let mut other_director = person("Jean", "Albert", "");
        other_director.role = "Directeur".into();
        store.save_person(ruche.id, None, other_director, None).unwrap();

        let nobody = store.create_structure(structure("EVS Sans Bureau", "Pessac")).unwrap();
        store
            .create_structure(StructureDraft {
                member: false,
                member_since: None,
                ..structure("CS Non Adhérent", "Talence")
            })
            .unwrap();
        let binned = store.create_structure(structure("CS Corbeille", "Cenon")).unwrap();
        store.delete_structure(binned.id).unwrap();

        let facts = store.dossier_facts(&header(Some(lac.id), "AILDS", 2027), today()).unwrap();
        assert_eq!(facts.applicant.name, "Centre social du Lac");
        assert_eq!(
            (facts.applicant.representative.as_str(), facts.applicant.representative_role.as_str()),
            ("Zoé Zidane", "Présidente")
        );
        assert_eq!((facts.applicant.commune.as_str(), facts.applicant.siret.as_str()), ("Bordeaux", "73282932000074"));
        assert_eq!(facts.applicant.kind, StructureKind::CentreSocial.label());
        assert_eq!(facts.applicant.member, Some(true));
        assert_eq!(facts.member_count, 3, "Lac, La Ruche and Sans Bureau; not the non-member, not the binned one");
        assert_eq!(facts.today, today());

        let ruche_facts = store.dossier_facts(&header(Some(ruche.id), "AILDS", 2027), today()).unwrap();
        assert_eq!(ruche_facts.applicant.representative, "Karim Benali");
        let nobody_facts = store.dossier_facts(&header(Some(nobody.id), "AILDS", 2027), today()).unwrap();
        assert_eq!(nobody_facts.applicant.representative, "", "left blank, so the placeholder is marked missing");

        // The same facts fill the placeholders of a dossier.
        let dossier = store.create_dossier("ailds", header(Some(lac.id), "AILDS 2027", 2027)).unwrap();
        let mut content = with_text(
            &dossier.content,
            "Représenté par {{ structure.representant }} ({{ federation.adherentes }} adhérentes).",
        );
        content.budget = balanced_budget();
        store.save_dossier_content(dossier.id, &content).unwrap();
        let (dossier, facts, template_title) = store.dossier_bundle(dossier.id, today()).unwrap();
        assert_eq!(template_title, store.template("ailds").unwrap().title);
        let prepared = prepare(&dossier, &facts);
        assert_eq!(prepared.sections[0].text(), "Représenté par Zoé Zidane (3 adhérentes).");
        assert!(prepared.summary.balanced);
    }
}

#[test]
fn the_demo_holds_the_federations_complete_dossier_and_a_centres_draft() {
    let mut store = Store::open_in_memory().unwrap();
    store.load_demo(today()).unwrap();
    assert_eq!(store.federation().unwrap(), demo_federation());
    let dossiers = store.dossiers().unwrap();
    assert_eq!(dossiers.len(), 3, "the federation's two (one refused) and a centre's");

    let federation = dossiers
        .iter()
        .find(|d| d.header.title == "Inclusion numérique dans les centres sociaux de Gironde")
        .expect("the federation's dossier");
    assert_eq!(federation.header.title, "Inclusion numérique dans les centres sociaux de Gironde");
    let (dossier, facts, _) = store.dossier_bundle(federation.id, today()).unwrap();
    assert_eq!(facts.applicant.name, demo_federation().name);
    let prepared = prepare(&dossier, &facts);
    assert_eq!(prepared.completeness.percent, 100, "{:?}", prepared.completeness.gaps);
    assert!(prepared.summary.balanced && prepared.summary.in_kind_balanced);
    assert!(prepared.summary.requested_cents > 0);

    let draft = dossiers.iter().find(|d| d.header.structure_id.is_some()).expect("a centre's draft");
    let centre = store.structure_detail(draft.header.structure_id.unwrap()).unwrap().structure;
    assert!(centre.draft.member && centre.draft.kind == Some(StructureKind::CentreSocial), "{centre:?}");
    let (dossier, facts, _) = store.dossier_bundle(draft.id, today()).unwrap();
    assert_eq!(facts.applicant.name, centre.draft.name);
    let prepared = prepare(&dossier, &facts);
    assert!(prepared.completeness.percent < 100, "{}", prepared.completeness.percent);
    let kinds: Vec<GapKind> = prepared.completeness.gaps.iter().map(|g| g.kind).collect();
    assert!(kinds.contains(&GapKind::WritingPrompt) && kinds.contains(&GapKind::BudgetUnbalanced), "{kinds:?}");
    for d in &dossiers {
        assert_eq!((d.template_name.as_str(), d.template_revision), ("ailds", 1));
    }
}

#[test]
fn a_dossier_for_a_missing_or_binned_structure_is_refused_and_nothing_is_written() {
    let mut store = Store::open_in_memory().unwrap();
    let err = store.create_dossier("ailds", header(Some(4242), "AILDS 2027", 2027)).unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert!(err.to_string().starts_with("La structure n° 4242 est introuvable"), "{err}");

    let binned = store.create_structure(structure("CS Corbeille", "Cenon")).unwrap();
    store.delete_structure(binned.id).unwrap();
    let err = store.create_dossier("ailds", header(Some(binned.id), "AILDS 2027", 2027)).unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert!(store.dossiers().unwrap().is_empty());

    let kept = store.create_dossier("ailds", header(None, "Fédération", 2027)).unwrap();
    let err = store.update_dossier_header(kept.id, header(Some(4242), "Fédération", 2027), None).unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert_eq!(store.dossier(kept.id).unwrap(), kept, "a refused change of applicant changes nothing");
}

#[test]
fn a_dossier_still_opens_and_lists_after_its_structure_is_binned() {
    let mut store = Store::open_in_memory().unwrap();
    let lac = store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();
    let dossier = store.create_dossier("ailds", header(Some(lac.id), "AILDS 2027", 2027)).unwrap();
    store.create_dossier("ailds", header(None, "Fédération 2027", 2027)).unwrap();
    store.delete_structure(lac.id).unwrap();

    // The Dossiers view lists every dossier with its applicant: one binned structure must not
    // make the whole list fail.
    for d in store.dossiers().unwrap() {
        store.dossier_bundle(d.id, today()).unwrap_or_else(|e| panic!("dossier {}: {e}", d.id));
    }
    let (_, facts, _) = store.dossier_bundle(dossier.id, today()).unwrap();
    assert_eq!(facts.applicant.name, "Centre social du Lac", "the dossier keeps its applicant");
}

#[test]
fn a_title_page_logo_is_kept_copied_to_next_year_and_only_png_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("logo.png");
    // The smallest valid PNG: one transparent pixel.
    let pixel: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8N\0\0\0\0IEND\xaeB`\x82";
    std::fs::write(&png, pixel).unwrap();
    let jpeg = dir.path().join("logo.jpg");
    std::fs::write(&jpeg, b"\xff\xd8\xff\xe0 pas un png").unwrap();

    let mut store = Store::open_in_memory().unwrap();
    let dossier = store.create_dossier("ailds", header(None, "Dossier 2026", 2026)).unwrap();
    assert!(!dossier.has_logo);
    assert_eq!(store.dossier_logo(dossier.id).unwrap(), None);

    let err = fabrique_store::files::read_logo(&jpeg).unwrap_err().to_string();
    assert!(err.contains("logo.jpg") && err.contains("PNG"), "{err}");
    // A few bytes declaring 100,000 × 100,000 pixels would take 40 Go once decoded for the PDF.
    let huge = dir.path().join("immense.png");
    let mut declared = pixel.to_vec();
    declared[16..24].copy_from_slice(&[0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0]);
    std::fs::write(&huge, declared).unwrap();
    let err = fabrique_store::files::read_logo(&huge).unwrap_err().to_string();
    assert!(err.starts_with("Fichier « immense.png » : l'image fait 100000 × 100000 pixels"), "{err}");
    let bytes = fabrique_store::files::read_logo(&png).unwrap();
    store.set_dossier_logo(dossier.id, Some(&bytes)).unwrap();
    assert!(store.dossier(dossier.id).unwrap().has_logo);

    let next = store.duplicate_dossier(dossier.id, 2027).unwrap();
    assert!(next.has_logo, "next year's dossier keeps the logo");
    assert_eq!(store.dossier_logo(next.id).unwrap().as_deref(), Some(pixel));

    store.set_dossier_logo(dossier.id, None).unwrap();
    assert!(!store.dossier(dossier.id).unwrap().has_logo);
    assert!(store.dossier(next.id).unwrap().has_logo, "each dossier has its own");
}

/// Two desktops write two sections of one dossier at once, each saving only what it changed: both
/// keep their text, and the budget one of them changed too.
#[test]
fn two_desktops_writing_two_sections_of_one_dossier_both_keep_theirs() {
    for (engine, mut first, reopen) in common::each_engine_reopenable() {
        eprintln!("moteur : {engine}");
        let mut second = reopen();
        let dossier = first.create_dossier("ailds", header(None, "AILDS 2027", 2027)).unwrap();
        // Both opened the same text.
        let opened = second.dossier(dossier.id).unwrap().content;
        let (a, b) = (opened.sections[0].key.clone(), opened.sections[1].key.clone());

        let mut mine = opened.clone();
        mine.sections[0].body = "Écrit sur le premier poste.".into();
        let changes = ContentChanges { sections: vec![a.clone()], budget: false, since: Some(opened.clone()) };
        first.save_dossier_changes(dossier.id, &mine, &changes).unwrap();

        let mut theirs = opened.clone();
        theirs.sections[1].body = "Écrit sur le second poste.".into();
        theirs.budget = balanced_budget();
        let changes = ContentChanges { sections: vec![b.clone()], budget: true, since: Some(opened.clone()) };
        let saved = second.save_dossier_changes(dossier.id, &theirs, &changes).unwrap();
        assert!(saved.conflicts.is_empty() && !saved.budget_conflict, "{saved:?}");

        let stored = first.dossier(dossier.id).unwrap().content;
        assert_eq!(stored.sections[0].body, "Écrit sur le premier poste.");
        assert_eq!(stored.sections[1].body, "Écrit sur le second poste.");
        assert_eq!(stored.budget, balanced_budget());
        assert_eq!(stored.sections[2..], opened.sections[2..], "the others as they were");
        // A save of the whole text, as before, still replaces it whole.
        first.save_dossier_content(dossier.id, &opened).unwrap();
        assert_eq!(first.dossier(dossier.id).unwrap().content, opened);
        let missing = first.save_dossier_changes(9999, &mine, &ContentChanges::default()).unwrap_err();
        assert_eq!(missing.code(), "not_found");
    }
}

/// Two desktops change one section at once: different paragraphs are merged; the same paragraph
/// is left as the first saved it and reported to the second with both versions; the budget
/// changed on both sides stays as stored. Nothing either typed is lost.
#[test]
fn two_desktops_writing_one_section_merge_paragraphs_and_report_the_same_one() {
    for (engine, mut first, reopen) in common::each_engine_reopenable() {
        eprintln!("moteur : {engine}");
        let mut second = reopen();
        let dossier = first.create_dossier("ailds", header(None, "AILDS 2027", 2027)).unwrap();
        let mut opened = second.dossier(dossier.id).unwrap().content;
        opened.sections[0].body = "Premier paragraphe.\n\nDeuxième paragraphe.".into();
        first.save_dossier_content(dossier.id, &opened).unwrap();
        let key = opened.sections[0].key.clone();
        let changes = |budget| ContentChanges { sections: vec![key.clone()], budget, since: Some(opened.clone()) };

        let mut mine = opened.clone();
        mine.sections[0].body = "Premier paragraphe, repris ici.\n\nDeuxième paragraphe.".into();
        mine.budget = balanced_budget();
        assert!(first.save_dossier_changes(dossier.id, &mine, &changes(true)).unwrap().conflicts.is_empty());

        let mut theirs = opened.clone();
        theirs.sections[0].body = "Premier paragraphe.\n\nDeuxième paragraphe, repris là-bas.".into();
        let saved = second.save_dossier_changes(dossier.id, &theirs, &changes(false)).unwrap();
        assert!(saved.conflicts.is_empty(), "{saved:?}");
        assert_eq!(
            first.dossier(dossier.id).unwrap().content.sections[0].body,
            "Premier paragraphe, repris ici.\n\nDeuxième paragraphe, repris là-bas."
        );

        let mut again = opened.clone();
        again.sections[0].body = "Premier paragraphe, autrement.\n\nDeuxième paragraphe.".into();
        again.budget.lines.clear();
        again.budget.lines.push(balanced_budget().lines[0].clone());
        let saved = second.save_dossier_changes(dossier.id, &again, &changes(true)).unwrap();
        let [conflict] = saved.conflicts.as_slice() else { panic!("{saved:?}") };
        assert!(saved.budget_conflict);
        assert_eq!(conflict.mine, again.sections[0].body);
        assert_eq!(conflict.theirs, "Premier paragraphe, repris ici.\n\nDeuxième paragraphe, repris là-bas.");
        assert!(conflict.merged.contains("Premier paragraphe, autrement.") && conflict.merged.contains("repris ici"));
        let stored = first.dossier(dossier.id).unwrap().content;
        assert_eq!(stored.sections[0].body, conflict.theirs, "left as stored");
        assert_eq!(stored.budget, balanced_budget(), "left as stored");
    }
}

/// A dossier's header and a template carry a version: the second of two people saving what they
/// both opened is refused, nothing written; saved again on the version now stored, it goes through.
#[test]
fn a_header_or_template_saved_against_a_version_changed_since_is_refused() {
    for (engine, mut store) in common::each_engine_as_administrator() {
        eprintln!("moteur : {engine}");
        let opened = store.create_dossier("ailds", header(None, "AILDS 2027", 2027)).unwrap();
        assert_eq!(opened.header_version, 1);
        let theirs =
            store.update_dossier_header(opened.id, header(None, "AILDS 2027 — leur titre", 2027), Some(1)).unwrap();
        assert_eq!(theirs.header_version, 2);
        let refused =
            store.update_dossier_header(opened.id, header(None, "AILDS 2027 — mon titre", 2027), Some(1)).unwrap_err();
        assert_eq!(refused.code(), "conflict");
        assert!(refused.to_string().contains("l'en-tête de ce dossier"), "{refused}");
        assert_eq!(store.dossier(opened.id).unwrap().header.title, "AILDS 2027 — leur titre");
        let mine =
            store.update_dossier_header(opened.id, header(None, "AILDS 2027 — mon titre", 2027), Some(2)).unwrap();
        assert_eq!((mine.header.title.as_str(), mine.header_version), ("AILDS 2027 — mon titre", 3));
        // Writing the text does not move the header's version.
        store.save_dossier_content(opened.id, &mine.content).unwrap();
        assert_eq!(store.dossier(opened.id).unwrap().header_version, 3);

        let template = store.template("ailds").unwrap();
        let mut theirs = template.clone();
        theirs.sections[0].guidance = "Leur consigne.".into();
        assert_eq!(store.save_template(theirs, Some(template.revision)).unwrap().revision, template.revision + 1);
        let mut mine = template.clone();
        mine.sections[0].guidance = "Ma consigne.".into();
        let refused = store.save_template(mine.clone(), Some(template.revision)).unwrap_err();
        assert_eq!(refused.code(), "conflict");
        assert_eq!(store.template("ailds").unwrap().sections[0].guidance, "Leur consigne.");
        let kept = store.save_template(mine, Some(template.revision + 1)).unwrap();
        assert_eq!((kept.sections[0].guidance.as_str(), kept.revision), ("Ma consigne.", template.revision + 2));
    }
}
