//! The survey's screens on a team base, for each role: a délégué·e imports, a read-only account
//! sees every form and its figures.
#![cfg(unix)]

#[path = "../../store/tests/common/postgres.rs"]
mod pg_server;

use fabrique_core::survey::{Answer, ParsedExport, QuestionDef, QuestionKind, Submission};
use fabrique_store::Store;
use pg_server::{shared, DELEGATE, READER};

fn export(title: &str, answers: &[&str]) -> ParsedExport {
    let question = QuestionDef {
        key: "accompagnement".into(),
        label: "Proposez-vous un accompagnement numérique ?".into(),
        kind: QuestionKind::Single,
        options: vec!["Oui".into(), "Non".into()],
        has_other: false,
    };
    let submissions = answers
        .iter()
        .enumerate()
        .map(|(i, answer)| Submission {
            sid: i as i64 + 1,
            serial: Some(i as i64 + 1),
            submitted_at: None,
            completed_at: None,
            modified_at: None,
            draft: false,
            answers: [("accompagnement".to_string(), Answer::Choice { value: answer.to_string() })].into(),
            line: i + 2,
        })
        .collect();
    ParsedExport { form_title: title.into(), questions: vec![question], submissions, dropped_columns: vec![] }
}

#[test]
fn a_read_only_account_sees_each_form_and_its_figures() {
    let cluster = shared();
    let database = cluster.prepared_base();
    let (user, password) = DELEGATE;
    let mut delegate = Store::open_team(&cluster.address(user, password, &database)).unwrap();
    let first = delegate.import_survey(&export("Pratiques numériques", &["Oui", "Oui", "Non"]), "2021").unwrap();
    let second = delegate.import_survey(&export("Satisfaction", &["Non"]), "2021").unwrap();

    let (user, password) = READER;
    let mut reader = Store::open_team(&cluster.address(user, password, &database)).unwrap();
    // Asking for a form the base does not remember as shown: the read-only account may not record
    // it, and sees it all the same.
    let view = fabrique_usecases::survey::view(&mut reader, Some(first.form_id), None, false).unwrap().unwrap();
    assert_eq!((view.form_id, view.wave_id, view.responses), (first.form_id, first.wave_id, 3));
    let stats = fabrique_usecases::survey::stats(&reader, first.form_id, first.wave_id, false).unwrap();
    let on_delegate = fabrique_usecases::survey::stats(&delegate, first.form_id, first.wave_id, false).unwrap();
    assert_eq!(stats, on_delegate);
    let view = fabrique_usecases::survey::view(&mut reader, Some(second.form_id), None, false).unwrap().unwrap();
    assert_eq!(view.form_id, second.form_id);
}
