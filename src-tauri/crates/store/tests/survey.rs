//! The survey in the store: waves, the same SID merged across exports, all-or-nothing imports,
//! the question model kept across waves, links to the directory, and the demo wave.

mod common;

use std::collections::BTreeMap;

use common::{structure, today};
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
    let mut store = Store::open_in_memory().unwrap();
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

#[test]
fn a_failing_import_leaves_the_base_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("base.sqlite");
    let mut store = Store::open(&path).unwrap();
    store.import_survey(&export(vec![submission(1, false, &[("nom", text("A"))])]), "2021").unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = store.import_survey(&export(vec![submission(2, false, &[])]), "  ").unwrap_err();
    assert!(err.to_string().contains("vague"), "{err}");
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.survey_forms().unwrap()[0].waves.len(), 1);
    assert_eq!(store.form_submissions(store.survey_forms().unwrap()[0].id).unwrap().len(), 1);
    assert!(!before.is_empty());
}

#[test]
fn corrected_kinds_and_themes_are_kept_for_the_next_wave() {
    let mut store = Store::open_in_memory().unwrap();
    let outcome = store.import_survey(&export(vec![submission(1, false, &[])]), "2021").unwrap();
    let form = outcome.form_id;
    store.set_question_kind(form, "accompagnement", QuestionKind::Text).unwrap();
    store.set_question_theme(form, "accompagnement", Some("Médiation auprès du public")).unwrap();
    store.set_question_theme(form, "nom", Some("Identification")).unwrap();
    assert!(store.survey_themes(form).unwrap().contains(&"Identification".to_string()), "a new theme joins the form");

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

#[test]
fn responses_are_proposed_to_the_structure_they_name_and_the_user_decides() {
    let mut store = Store::open_in_memory().unwrap();
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
}

#[test]
fn the_demo_has_a_linked_survey_wave_whose_figures_reach_the_dossiers() {
    let mut store = Store::open_in_memory().unwrap();
    store.load_demo(today()).unwrap();
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
