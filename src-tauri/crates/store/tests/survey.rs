//! The survey in the store: waves, the same SID merged across exports, all-or-nothing imports,
//! the question model kept across waves, links to the directory, and the demo wave.

mod common;

use std::collections::BTreeMap;

use common::{each_engine, each_engine_reopenable, each_engine_with_demo, structure, today};
use fabrique_core::survey::{Answer, LinkState, ParsedExport, QuestionDef, QuestionKind, Submission};
use fabrique_store::Store;

fn question(key: &str, kind: QuestionKind, options: &[&str]) -> QuestionDef {
    QuestionDef {
        key: key.into(),
        label: format!("Question {key}"),
        kind,
        options: options.iter().map(|o| o.to_string()).collect(),
        has_other: false,
    }
}

fn submission(sid: i64, draft: bool, answers: &[(&str, Answer)]) -> Submission {
    Submission {
        sid,
        serial: Some(sid),
        submitted_at: Some("22/06/2021 - 14:32".into()),
        completed_at: None,
        modified_at: None,
        draft,
        answers: answers.iter().map(|(k, a)| (k.to_string(), a.clone())).collect::<BTreeMap<_, _>>(),
        line: sid as usize + 3,
    }
}

fn text(v: &str) -> Answer {
    Answer::Text { value: v.into() }
}

fn choice(v: &str) -> Answer {
    Answer::Choice { value: v.into() }
}

fn export(submissions: Vec<Submission>) -> ParsedExport {
    ParsedExport {
        form_title: "Pratiques numériques".into(),
        questions: vec![
            question("nom", QuestionKind::Text, &[]),
            question("commune", QuestionKind::Text, &[]),
            question("accompagnement", QuestionKind::Single, &[]),
        ],
        submissions,
        dropped_columns: vec!["IP Address".into()],
    }
}

#[test]
fn a_later_export_adds_only_new_submissions_and_updates_changed_ones() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let first = export(vec![
            submission(1, false, &[("nom", text("CS du Lac")), ("accompagnement", choice("Oui"))]),
            submission(2, false, &[("nom", text("EVS Le Phare")), ("accompagnement", choice("Non"))]),
            submission(3, true, &[("nom", text("Brouillon"))]),
        ]);
        let outcome = store.import_survey(&first, "2021").unwrap();
        assert_eq!((outcome.imported, outcome.updated, outcome.unchanged, outcome.drafts), (3, 0, 0, 1));
        assert_eq!(outcome.dropped_columns, ["IP Address"]);
        assert_eq!(outcome.new_questions, 3);

        // The same file again changes nothing.
        let again = store.import_survey(&first, "2021").unwrap();
        assert_eq!((again.imported, again.updated, again.unchanged), (0, 0, 3));

        // A later export into another wave: SID 2 changed, SID 1 unchanged, SID 4 new.
        let later = export(vec![
            submission(1, false, &[("nom", text("CS du Lac")), ("accompagnement", choice("Oui"))]),
            submission(2, false, &[("nom", text("EVS Le Phare")), ("accompagnement", choice("Oui"))]),
            submission(4, false, &[("nom", text("CS de Biganos")), ("accompagnement", choice("Non"))]),
        ]);
        let outcome = store.import_survey(&later, "2023").unwrap();
        assert_eq!((outcome.imported, outcome.updated, outcome.unchanged), (1, 1, 1));
        let forms = store.survey_forms().unwrap();
        assert_eq!(forms.len(), 1, "the same form, recognised by its title");
        let waves: Vec<(&str, u32, u32)> =
            forms[0].waves.iter().map(|w| (w.name.as_str(), w.responses, w.drafts)).collect();
        assert_eq!(waves, [("2021", 2, 1), ("2023", 1, 0)], "a known SID stays in the wave it first landed in");
        let (_, wave_2021) = store.find_wave("2021").unwrap();
        let updated = store.wave_submissions(wave_2021).unwrap();
        assert_eq!(
            updated.iter().find(|s| s.submission.sid == 2).unwrap().submission.answers["accompagnement"],
            choice("Oui")
        );
    }
}

#[test]
fn a_failing_import_leaves_the_base_as_it_was() {
    for (engine, mut store, reopen) in each_engine_reopenable() {
        eprintln!("moteur : {engine}");
        store.import_survey(&export(vec![submission(1, false, &[("nom", text("A"))])]), "2021").unwrap();
        let err = store.import_survey(&export(vec![submission(2, false, &[])]), "  ").unwrap_err();
        assert!(err.to_string().contains("vague"), "{err}");
        drop(store);
        let store = reopen();
        let forms = store.survey_forms().unwrap();
        assert_eq!(forms.len(), 1, "{forms:?}");
        assert_eq!(forms[0].waves.len(), 1);
        assert_eq!(store.form_submissions(forms[0].id).unwrap().len(), 1);
    }
}

#[test]
fn corrected_kinds_and_themes_are_kept_for_the_next_wave() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let outcome = store.import_survey(&export(vec![submission(1, false, &[])]), "2021").unwrap();
        let form = outcome.form_id;
        store.set_question_kind(form, "accompagnement", QuestionKind::Text).unwrap();
        store.set_question_theme(form, "accompagnement", Some("Médiation auprès du public")).unwrap();
        store.set_question_theme(form, "nom", Some("Identification")).unwrap();
        assert!(
            store.survey_themes(form).unwrap().contains(&"Identification".to_string()),
            "a new theme joins the form"
        );

        let mut next = export(vec![submission(9, false, &[])]);
        next.questions.push(question("nouvelle", QuestionKind::Number, &[]));
        let outcome = store.import_survey(&next, "2023").unwrap();
        assert_eq!(outcome.new_questions, 1);
        let questions = store.survey_questions(form).unwrap();
        let q = questions.iter().find(|q| q.def.key == "accompagnement").unwrap();
        assert_eq!(
            (q.def.kind, q.kind_corrected, q.theme.as_deref()),
            (QuestionKind::Text, true, Some("Médiation auprès du public"))
        );
        assert_eq!(questions.last().unwrap().def.key, "nouvelle", "new questions come after the known ones");
        assert!(store.set_question_kind(form, "inconnue", QuestionKind::Text).is_err());
    }
}

#[test]
fn responses_are_proposed_to_the_structure_they_name_and_the_user_decides() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let lac = store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();
        let phare = store.create_structure(structure("EVS Le Phare", "Lormont")).unwrap();
        let outcome = store
            .import_survey(
                &export(vec![
                    submission(1, false, &[("nom", text("CS du Lac")), ("commune", text("Bordeaux"))]),
                    submission(2, false, &[("nom", text("le phare")), ("commune", text("LORMONT"))]),
                    submission(3, false, &[("nom", text("Maison des jeunes")), ("commune", text("Pessac"))]),
                ]),
                "2021",
            )
            .unwrap();
        store.set_link_questions(outcome.form_id, Some("nom"), Some("commune")).unwrap();
        assert_eq!(store.propose_survey_links(outcome.form_id).unwrap(), 2);
        let rows = store.form_submissions(outcome.form_id).unwrap();
        let link =
            |sid: i64| rows.iter().find(|r| r.submission.sid == sid).map(|r| (r.structure_id, r.link_state)).unwrap();
        assert_eq!(link(1), (Some(lac.id), LinkState::Proposed));
        assert_eq!(link(2), (Some(phare.id), LinkState::Proposed));
        assert_eq!(link(3), (None, LinkState::None));

        // The user rejects one proposal: a new matching pass leaves that decision alone.
        let first = rows.iter().find(|r| r.submission.sid == 1).unwrap().id;
        store.set_submission_link(first, None, LinkState::Rejected).unwrap();
        store.propose_survey_links(outcome.form_id).unwrap();
        let rows = store.form_submissions(outcome.form_id).unwrap();
        assert_eq!(
            rows.iter().find(|r| r.id == first).map(|r| (r.structure_id, r.link_state)),
            Some((None, LinkState::Rejected))
        );

        // Proposals already recorded change nothing; a rejected link stays rejected.
        let recorded: Vec<(i64, Option<i64>)> = rows.iter().map(|r| (r.id, r.structure_id)).collect();
        assert_eq!(store.propose_links(&recorded).unwrap(), 0);
        let phare_row = rows.iter().find(|r| r.submission.sid == 2).unwrap().id;
        assert_eq!(store.propose_links(&[(phare_row, Some(lac.id)), (first, Some(lac.id))]).unwrap(), 1);
        let rows = store.form_submissions(outcome.form_id).unwrap();
        let links: Vec<(i64, Option<i64>, LinkState)> =
            rows.iter().map(|r| (r.submission.sid, r.structure_id, r.link_state)).collect();
        assert_eq!(
            links,
            [(1, None, LinkState::Rejected), (2, Some(lac.id), LinkState::Proposed), (3, None, LinkState::None)]
        );
    }
}

#[test]
fn the_demo_has_a_linked_survey_wave_whose_figures_reach_the_dossiers() {
    for (engine, store, _) in each_engine_with_demo() {
        eprintln!("moteur : {engine}");
        let forms = store.survey_forms().unwrap();
        assert_eq!(forms.len(), 1);
        let wave = &forms[0].waves[0];
        assert_eq!(wave.name, "2021");
        assert!(wave.responses > 25 && wave.drafts == 2, "{wave:?}");
        assert_eq!(wave.linked, wave.responses, "every demo response names a demo structure");
        let themed = store.survey_questions(forms[0].id).unwrap().iter().filter(|q| q.theme.is_some()).count();
        assert!(themed >= 10, "{themed}");
        let figures = store.latest_survey_figures().unwrap().expect("figures");
        assert_eq!(figures.respondents, wave.responses);
        assert!(figures.digital_support_permille.is_some());
    }
}

/// The demo form's way: form keys (`type`) with readable labels.
fn keyed(key: &str, label: &str, kind: QuestionKind) -> QuestionDef {
    QuestionDef { key: key.into(), label: label.into(), kind, options: vec![], has_other: false }
}

fn titled(title: &str, questions: Vec<QuestionDef>, submissions: Vec<Submission>) -> ParsedExport {
    ParsedExport { form_title: title.into(), questions, submissions, dropped_columns: vec![] }
}

#[test]
fn a_later_export_matches_questions_by_key_then_by_label_and_keeps_the_labels_known() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let first = titled(
            "Pratiques numériques",
            vec![
                keyed("type", "Type de structure", QuestionKind::Single),
                keyed("accompagnement", "Proposez-vous un accompagnement numérique ?", QuestionKind::Single),
            ],
            vec![submission(1, false, &[("type", choice("EVS")), ("accompagnement", choice("Oui"))])],
        );
        let form = store.import_survey(&first, "2021").unwrap().form_id;

        // Form-key mode: webform gives the keys as headers, so the labels read `type`…
        let keys_mode = titled(
            "Pratiques numériques",
            vec![
                keyed("type", "type", QuestionKind::Single),
                keyed("accompagnement", "accompagnement", QuestionKind::Single),
            ],
            vec![submission(2, false, &[("type", choice("Centre social")), ("accompagnement", choice("Non"))])],
        );
        let outcome = store.import_survey(&keys_mode, "2022").unwrap();
        assert_eq!(outcome.new_questions, 0, "matched by key");
        let labels: Vec<(String, String)> =
            store.survey_questions(form).unwrap().into_iter().map(|q| (q.def.key, q.def.label)).collect();
        assert_eq!(
            labels,
            [
                ("type".to_string(), "Type de structure".to_string()),
                ("accompagnement".to_string(), "Proposez-vous un accompagnement numérique ?".to_string())
            ],
            "the readable labels already known are kept"
        );

        // Labels mode: the headers are the labels, which name known questions of other keys.
        let labels_mode = titled(
            "Pratiques numériques",
            vec![
                keyed("Type de structure", "Type de structure", QuestionKind::Single),
                keyed(
                    "PROPOSEZ-VOUS un accompagnement numerique",
                    "PROPOSEZ-VOUS un accompagnement numerique",
                    QuestionKind::Single,
                ),
                keyed("Commentaire", "Commentaire", QuestionKind::Text),
            ],
            vec![submission(
                3,
                false,
                &[
                    ("Type de structure", choice("EVS")),
                    ("PROPOSEZ-VOUS un accompagnement numerique", choice("Oui")),
                    ("Commentaire", text("Merci")),
                ],
            )],
        );
        let outcome = store.import_survey(&labels_mode, "2023").unwrap();
        assert_eq!(
            outcome.new_questions, 1,
            "matched by label, case, accents and punctuation aside; only « Commentaire » is new"
        );
        let keys: Vec<String> = store.survey_questions(form).unwrap().into_iter().map(|q| q.def.key).collect();
        assert_eq!(keys, ["type", "accompagnement", "Commentaire"]);
        let (_, wave) = store.find_form_wave(Some(form), "2023").unwrap();
        let answers = &store.wave_submissions(wave).unwrap()[0].submission.answers;
        assert_eq!(
            answers.keys().collect::<Vec<_>>(),
            ["Commentaire", "accompagnement", "type"],
            "stored under the form's keys"
        );
        assert_eq!(answers["type"], choice("EVS"));

        // The same file again: the renamed answers compare equal to what is stored.
        let again = store.import_survey(&labels_mode, "2023").unwrap();
        assert_eq!((again.imported, again.updated, again.unchanged), (0, 0, 1));
    }
}

#[test]
fn questions_absent_from_a_wave_are_not_counted_as_its_non_responses() {
    use fabrique_api::survey::{SurveyView, SurveyViewInput};
    use fabrique_core::survey::counted::Counted;
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let form = store
            .import_survey(
                &export(vec![submission(1, false, &[("nom", text("A")), ("accompagnement", choice("Oui"))])]),
                "2021",
            )
            .unwrap()
            .form_id;
        let mut later =
            export(vec![submission(2, false, &[("nom", text("B")), ("nouvelle", Answer::Number { value: 3.0 })])]);
        later.questions.push(question("nouvelle", QuestionKind::Number, &[]));
        store.import_survey(&later, "2023").unwrap();

        let (_, w2021) = store.find_wave("2021").unwrap();
        let (_, w2023) = store.find_wave("2023").unwrap();
        let keys = |wave| store.wave_questions(form, wave).unwrap().into_iter().map(|q| q.def.key).collect::<Vec<_>>();
        assert_eq!(keys(w2021), ["nom", "commune", "accompagnement"], "2021 never asked « nouvelle »");
        assert_eq!(keys(w2023), ["nom", "commune", "accompagnement", "nouvelle"]);

        let all = store.survey_questions(form).unwrap();
        let asked = store.wave_questions(form, w2021).unwrap();
        let counted = Counted::new(&asked, store.wave_submissions(w2021).unwrap(), false);
        let view = SurveyView::new(SurveyViewInput {
            forms: store.survey_forms().unwrap(),
            form_id: form,
            wave_id: w2021,
            include_drafts: false,
            themes: store.survey_themes(form).unwrap(),
            questions: &all,
            counted: &counted,
            directory_size: 0,
        });
        assert!(view.questions.iter().all(|q| q.key != "nouvelle"), "{:?}", view.questions);
        assert_eq!(view.not_asked, ["Question nouvelle"]);
        let accompagnement = view.questions.iter().find(|q| q.key == "accompagnement").unwrap();
        assert_eq!((accompagnement.answered, accompagnement.non_responses), (1, 0));
        let stats = counted.stats();
        assert_eq!(stats.questions.len(), 3);
    }
}

#[test]
fn every_form_keeps_its_waves_and_the_form_shown_is_remembered() {
    for (engine, mut store, reopen) in each_engine_with_demo() {
        eprintln!("moteur : {engine}");
        let demo = store.survey_forms().unwrap()[0].id;
        let other = titled(
            "Satisfaction de l'Atelier",
            vec![keyed("note", "Note de l'atelier", QuestionKind::Number)],
            vec![submission(1, false, &[("note", Answer::Number { value: 4.0 })])],
        );
        let atelier = store.import_survey(&other, "2021").unwrap().form_id;
        assert_ne!(atelier, demo);
        let forms = store.survey_forms().unwrap();
        let titles: Vec<(&str, Vec<&str>)> =
            forms.iter().map(|f| (f.title.as_str(), f.waves.iter().map(|w| w.name.as_str()).collect())).collect();
        assert_eq!(
            titles,
            [(fabrique_core::survey::demo::DEMO_FORM_TITLE, vec!["2021"]), ("Satisfaction de l'Atelier", vec!["2021"])],
            "the first imported first, each with its own waves"
        );

        // Two forms have a wave « 2021 »: without a choice, the most recent; with one, the chosen.
        assert_eq!(store.find_wave("2021").unwrap().0, atelier);
        assert_eq!(store.chosen_survey_form().unwrap(), None);
        store.choose_survey_form(demo).unwrap();
        assert_eq!(store.find_wave("2021").unwrap().0, demo);
        assert_eq!(store.find_form_wave(Some(atelier), "2021").unwrap().0, atelier);
        let err = store.find_form_wave(Some(demo), "2023").unwrap_err().to_string();
        assert!(err.contains("n'a pas de vague « 2023 »"), "{err}");
        let err = store.find_form_wave(Some(4242), "2021").unwrap_err().to_string();
        assert!(err.contains("aucun formulaire n° 4242"), "{err}");
        assert!(store.choose_survey_form(4242).is_err());
        drop(store);

        let store = reopen();
        assert_eq!(store.chosen_survey_form().unwrap(), Some(demo), "remembered across restarts");
    }
}

#[test]
fn a_dossier_quotes_the_form_its_writer_chose_never_the_last_import() {
    for (engine, mut store, _) in each_engine_with_demo() {
        eprintln!("moteur : {engine}");
        let demo = store.survey_forms().unwrap()[0].id;
        let demo_figures = store.latest_survey_figures().unwrap().expect("demo figures");
        let atelier = titled(
            "Satisfaction de l'Atelier",
            vec![keyed(
                "accompagnement",
                "Un accompagnement numérique vous a-t-il été proposé ?",
                QuestionKind::Single,
            )],
            vec![
                submission(1, false, &[("accompagnement", choice("Oui"))]),
                submission(2, false, &[("accompagnement", choice("Oui"))]),
            ],
        );
        let atelier = store.import_survey(&atelier, "2026").unwrap().form_id;
        assert_eq!(
            store.latest_survey_figures().unwrap().as_ref(),
            Some(&demo_figures),
            "a later import changes nothing"
        );

        let dossier = store.dossiers().unwrap()[0].id;
        assert_eq!(store.dossier_survey_form(dossier).unwrap(), None);
        assert_eq!(store.cited_survey_form(dossier).unwrap(), Some(demo), "the first form by default");
        let (_, facts, _) = store.cited_dossier_bundle(dossier, today()).unwrap();
        assert_eq!(facts.survey.as_ref(), Some(&demo_figures));

        store.set_dossier_survey_form(dossier, Some(atelier)).unwrap();
        let (_, facts, _) = store.cited_dossier_bundle(dossier, today()).unwrap();
        let figures = facts.survey.expect("the atelier's figures");
        assert_eq!((figures.respondents, figures.digital_support_permille), (2, Some(1000)));
        assert_eq!(store.cited_survey_form(dossier).unwrap(), Some(atelier));

        assert!(store.set_dossier_survey_form(dossier, Some(4242)).is_err());
        assert_eq!(store.dossier_survey_form(dossier).unwrap(), Some(atelier), "a refused form changes nothing");
        assert_eq!(store.set_dossier_survey_form(4242, None).unwrap_err().code(), "not_found");
        store.set_dossier_survey_form(dossier, None).unwrap();
        assert_eq!(store.cited_survey_form(dossier).unwrap(), Some(demo));
    }
}

#[test]
fn the_demo_dossiers_quote_exactly_what_the_demo_wave_computes() {
    for (engine, store, _) in each_engine_with_demo() {
        eprintln!("moteur : {engine}");
        let form = &store.survey_forms().unwrap()[0];
        let wave = &form.waves[0];
        let figures = store.latest_survey_figures().unwrap().unwrap();
        assert_eq!(
            figures,
            fabrique_core::survey::demo::demo_figures(today()),
            "the core computes the store's figures"
        );
        assert_eq!(figures.respondents, wave.responses, "drafts left out, as on the Enquête screen");
        let directory = store.list_structures().unwrap().len() as i64;
        assert_eq!(figures.response_rate_permille, Some((wave.responses as i64 * 1000 + directory / 2) / directory));

        let federation = store.dossiers().unwrap().into_iter().find(|d| d.header.structure_id.is_none()).unwrap();
        let (dossier, facts, _) = store.cited_dossier_bundle(federation.id, today()).unwrap();
        let prepared = fabrique_core::dossier::prepare(&dossier, &facts);
        let text: String = prepared.sections.iter().map(|s| s.text().to_string()).collect();
        let rate = fabrique_core::dossier::budget::format_permille(figures.response_rate_permille.unwrap());
        assert!(
            text.contains(&format!("{} structures ont répondu, soit un taux de réponse de {rate}.", wave.responses)),
            "{text}"
        );
        assert_eq!(prepared.completeness.percent, 100, "{:?}", prepared.completeness.gaps);
    }
}

#[test]
fn a_question_can_be_a_date() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let mut first = export(vec![submission(1, false, &[("nom", text("A")), ("ouverture", text("14/06/2021"))])]);
        first.questions.push(question("ouverture", QuestionKind::Date, &[]));
        let form = store.import_survey(&first, "2021").unwrap().form_id;
        let kind = |store: &Store, key: &str| {
            store.survey_questions(form).unwrap().into_iter().find(|q| q.def.key == key).unwrap().def.kind
        };
        assert_eq!(kind(&store, "ouverture"), QuestionKind::Date);
        store.set_question_kind(form, "nom", QuestionKind::Date).unwrap();
        assert_eq!(kind(&store, "nom"), QuestionKind::Date);
    }
}

#[test]
fn a_schema_4_base_upgrades_to_several_forms_date_questions_and_cited_surveys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ancienne.sqlite");
    std::fs::copy(common::fixture("schema-v4.sqlite"), &path).unwrap();
    let mut store = Store::open(&path).unwrap();
    let mut first = export(vec![submission(1, false, &[("nom", text("A")), ("ouverture", text("2021-06-14"))])]);
    first.questions.push(question("ouverture", QuestionKind::Date, &[]));
    let form = store.import_survey(&first, "2021").unwrap().form_id;
    let (_, wave) = store.find_wave("2021").unwrap();
    assert_eq!(store.wave_questions(form, wave).unwrap().len(), 4);
    let header = fabrique_core::dossier::DossierHeader {
        structure_id: Some(1),
        title: "AILDS 2027".into(),
        project: String::new(),
        year: 2027,
        funder: fabrique_core::dossier::budget::Funder::Departement,
    };
    let dossier = store.create_dossier("ailds", header).unwrap();
    store.set_dossier_survey_form(dossier.id, Some(form)).unwrap();
    assert_eq!(store.cited_survey_form(dossier.id).unwrap(), Some(form));
}

#[test]
fn an_import_proposes_each_response_to_the_structure_it_names_and_keeps_the_users_decisions() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let lac = store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();
        let phare = store.create_structure(structure("EVS Le Phare", "Lormont")).unwrap();
        let file = || {
            export(vec![
                submission(1, false, &[("nom", text("CS du Lac")), ("commune", text("Bordeaux"))]),
                submission(2, false, &[("nom", text("le phare")), ("commune", text("LORMONT"))]),
                submission(3, false, &[("nom", text("Maison des jeunes")), ("commune", text("Pessac"))]),
            ])
        };
        let outcome = store.import_survey(&file(), "2021").unwrap();
        assert_eq!(outcome.proposed_links, 2, "the questions naming the structure are found by their labels");
        let links = |store: &Store| -> Vec<(i64, Option<i64>, LinkState)> {
            let rows = store.form_submissions(outcome.form_id).unwrap();
            rows.iter().map(|r| (r.submission.sid, r.structure_id, r.link_state)).collect()
        };
        assert_eq!(
            links(&store),
            [
                (1, Some(lac.id), LinkState::Proposed),
                (2, Some(phare.id), LinkState::Proposed),
                (3, None, LinkState::None)
            ]
        );

        let rows = store.form_submissions(outcome.form_id).unwrap();
        store.set_submission_link(rows[0].id, None, LinkState::Rejected).unwrap();
        store.set_submission_link(rows[2].id, Some(lac.id), LinkState::Confirmed).unwrap();
        let again = store.import_survey(&file(), "2021").unwrap();
        assert_eq!((again.unchanged, again.proposed_links), (3, 1), "only the undecided response is proposed again");
        assert_eq!(
            links(&store),
            [
                (1, None, LinkState::Rejected),
                (2, Some(phare.id), LinkState::Proposed),
                (3, Some(lac.id), LinkState::Confirmed)
            ]
        );
    }
}

/// An export of `count` finished submissions, each naming a centre and answering a few questions.
fn large_export(count: i64) -> ParsedExport {
    let submissions = (1..=count)
        .map(|sid| {
            submission(
                sid,
                false,
                &[
                    ("nom", text(&format!("Centre social n° {sid}"))),
                    ("commune", text("Mérignac")),
                    ("accompagnement", choice(if sid % 3 == 0 { "Non" } else { "Oui" })),
                ],
            )
        })
        .collect();
    export(submissions)
}

/// An export that stops the server once its reading reaches submission `at`: the import is then
/// halfway through its transaction, some batches already sent.
#[cfg(unix)]
struct StopsTheServer<'a> {
    export: ParsedExport,
    at: usize,
    cluster: &'a common::pg_server::Cluster,
    stopped: std::sync::Once,
}

#[cfg(unix)]
impl fabrique_core::survey::SurveyExport for StopsTheServer<'_> {
    fn form_title(&self) -> &str {
        self.export.form_title()
    }
    fn questions(&self) -> &[QuestionDef] {
        self.export.questions()
    }
    fn dropped_columns(&self) -> &[String] {
        self.export.dropped_columns()
    }
    fn len(&self) -> usize {
        self.export.len()
    }
    fn submission(&self, index: usize) -> &Submission {
        if index == self.at {
            self.stopped.call_once(|| self.cluster.stop());
        }
        self.export.submission(index)
    }
    fn for_each_answer(&self, index: usize, each: &mut dyn FnMut(usize, &Answer)) {
        self.export.for_each_answer(index, each)
    }
}

#[cfg(unix)]
#[test]
fn a_server_stopped_during_an_import_leaves_no_part_of_the_wave() {
    use common::pg_server::{Cluster, DELEGATE};
    use fabrique_core::survey::SurveyExport;
    let cluster = Cluster::start();
    let database = cluster.prepared_base();
    let (user, password) = DELEGATE;
    let mut store = Store::open_team(&cluster.address(user, password, &database)).unwrap();
    store.import_survey(&large_export(10), "2021").unwrap();

    // Stopped as the import begins to read the file, halfway through, and at its last submission
    // (just before the commit).
    let export = large_export(3_000);
    for at in [0, 1_800, 2_999] {
        let stopping =
            StopsTheServer { export: export.clone(), at, cluster: &cluster, stopped: std::sync::Once::new() };
        let err = store.import_survey(&stopping, "2023").unwrap_err();
        assert!(stopping.stopped.is_completed(), "the server was stopped during the import");
        assert_eq!(err.code(), "server_unreachable", "stopped at {at}: {err}");
        assert!(err.to_string().contains("ne répond pas"), "{err}");
        assert!(err.to_string().contains("Rien n'a été enregistré"), "{err}");

        cluster.start_again();
        let forms = store.survey_forms().unwrap();
        let waves: Vec<(&str, u32)> = forms[0].waves.iter().map(|w| (w.name.as_str(), w.responses)).collect();
        assert_eq!(waves, [("2021", 10)], "stopped at {at}: the interrupted wave is absent, not partial");
        assert_eq!(store.form_submissions(forms[0].id).unwrap().len(), 10);
        assert_eq!(stopping.export.len(), 3_000);
    }

    // Imported again once the server is back, the wave lands whole.
    let outcome = store.import_survey(&export, "2023").unwrap();
    assert_eq!((outcome.imported, outcome.unchanged), (2_990, 10));
    let forms = store.survey_forms().unwrap();
    let waves: Vec<(&str, u32)> = forms[0].waves.iter().map(|w| (w.name.as_str(), w.responses)).collect();
    assert_eq!(waves, [("2021", 10), ("2023", 2_990)]);
}

#[cfg(unix)]
#[test]
fn a_delegate_imports_a_wave_and_a_read_only_account_reads_it_without_writing() {
    use common::pg_server::{shared, DELEGATE, READER};
    let cluster = shared();
    let database = cluster.prepared_base();
    let (user, password) = DELEGATE;
    let mut delegate = Store::open_team(&cluster.address(user, password, &database)).unwrap();
    let lac = delegate.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();
    let first = export(vec![submission(1, false, &[("nom", text("CS du Lac")), ("commune", text("Bordeaux"))])]);
    let outcome = delegate.import_survey(&first, "2021").unwrap();
    assert_eq!((outcome.imported, outcome.proposed_links), (1, 1));
    delegate.set_question_theme(outcome.form_id, "nom", Some("Identification")).unwrap();
    delegate.choose_survey_form(outcome.form_id).unwrap();

    let (user, password) = READER;
    let mut reader = Store::open_team(&cluster.address(user, password, &database)).unwrap();
    assert_eq!(reader.survey_forms().unwrap(), delegate.survey_forms().unwrap());
    let rows = reader.wave_submissions(outcome.wave_id).unwrap();
    assert_eq!(
        rows.iter().map(|r| (r.structure_id, r.link_state)).collect::<Vec<_>>(),
        [(Some(lac.id), LinkState::Proposed)]
    );
    assert_eq!(reader.chosen_survey_form().unwrap(), Some(outcome.form_id));

    let later = export(vec![submission(2, false, &[("nom", text("EVS Le Phare"))])]);
    let refused = reader.import_survey(&later, "2023").unwrap_err();
    assert_eq!(refused.code(), "permission_denied", "{refused}");
    assert!(refused.to_string().contains("n'a pas le droit"), "{refused}");
    let refused = reader.set_submission_link(rows[0].id, None, LinkState::Rejected).unwrap_err();
    assert_eq!(refused.code(), "permission_denied", "{refused}");
    assert_eq!(
        reader.set_question_kind(outcome.form_id, "nom", QuestionKind::Date).unwrap_err().code(),
        "permission_denied"
    );
    assert_eq!(reader.delete_wave(outcome.wave_id).unwrap_err().code(), "permission_denied");
    let forms = delegate.survey_forms().unwrap();
    assert_eq!(forms[0].waves.len(), 1, "nothing written by the read-only account");
    assert_eq!(delegate.wave_submissions(outcome.wave_id).unwrap(), rows);
    delegate.delete_wave(outcome.wave_id).unwrap();
    assert!(delegate.survey_forms().unwrap()[0].waves.is_empty());
}

#[cfg(unix)]
#[test]
fn two_desktops_importing_the_same_new_form_at_once_both_land() {
    use common::pg_server::{shared, DELEGATE};
    let cluster = shared();
    let database = cluster.prepared_base();
    let (user, password) = DELEGATE;
    let address = cluster.address(user, password, &database);
    let barrier = std::sync::Barrier::new(2);
    std::thread::scope(|scope| {
        for wave in ["2021", "2023"] {
            let (address, barrier) = (&address, &barrier);
            scope.spawn(move || {
                let mut store = Store::open_team(address).unwrap();
                let file = export(vec![
                    submission(1, false, &[("nom", text("CS du Lac"))]),
                    submission(if wave == "2021" { 2 } else { 3 }, false, &[("nom", text("EVS Le Phare"))]),
                ]);
                barrier.wait();
                store.import_survey(&file, wave).unwrap();
            });
        }
    });
    let store = Store::open_team(&address).unwrap();
    let forms = store.survey_forms().unwrap();
    assert_eq!(forms.len(), 1, "one form, created once");
    let sids: Vec<i64> = store.form_submissions(forms[0].id).unwrap().iter().map(|r| r.submission.sid).collect();
    assert_eq!(sids, [1, 2, 3], "SID 1, in both files, stored once");
}

/// The base refuses one submission of a large export after earlier batches were written (a
/// trigger stands for any refusal: a constraint, a full disk): the import fails and leaves nothing,
/// on both engines.
#[test]
fn a_submission_refused_halfway_through_an_import_takes_the_whole_wave_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("base.sqlite");
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut engines = vec![("SQLite", Store::open(&path).unwrap())];
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER refuse_2500 BEFORE INSERT ON survey_submissions WHEN NEW.sid = 2500 \
             BEGIN SELECT RAISE(ABORT, 'soumission refusée'); END;",
        )
        .unwrap();
    #[cfg(unix)]
    {
        let cluster = common::pg_server::shared();
        let database = cluster.prepared_base();
        cluster
            .superuser(&database)
            .batch_execute(
                "CREATE FUNCTION refuse_2500() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                   IF NEW.sid = 2500 THEN RAISE EXCEPTION 'soumission refusée'; END IF; RETURN NEW; END $$; \
                 CREATE TRIGGER refuse_2500 BEFORE INSERT ON survey_submissions \
                   FOR EACH ROW EXECUTE FUNCTION refuse_2500();",
            )
            .unwrap();
        let (user, password) = common::pg_server::DELEGATE;
        engines.push(("PostgreSQL", Store::open_team(&cluster.address(user, password, &database)).unwrap()));
    }
    for (engine, mut store) in engines {
        eprintln!("moteur : {engine}");
        store.import_survey(&large_export(10), "2021").unwrap();
        let err = store.import_survey(&large_export(3_000), "2023").unwrap_err();
        assert!(err.to_string().contains("soumission refusée"), "{err}");
        let forms = store.survey_forms().unwrap();
        let waves: Vec<(&str, u32)> = forms[0].waves.iter().map(|w| (w.name.as_str(), w.responses)).collect();
        assert_eq!(waves, [("2021", 10)], "no part of the refused wave");
        assert_eq!(store.form_submissions(forms[0].id).unwrap().len(), 10);
        assert_eq!(store.survey_questions(forms[0].id).unwrap().len(), 3);
    }
}
