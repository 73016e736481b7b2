use super::columns::other_like;
use super::*;
use crate::survey::model::QuestionKind;

fn rows(lines: &[&[&str]]) -> Vec<TableRow> {
    lines.iter().enumerate().map(|(i, cells)| TableRow::new(i + 1, cells.iter())).collect()
}

/// An export with the EN metadata (SID and Draft), the given question header rows and data.
fn export(row2: &[&str], row3: &[&str], data: &[&[&str]]) -> Result<ParsedExport> {
    let owned = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<String>>();
    let mut lines = vec![
        TableRow::new(1, owned(&["Formulaire"])),
        TableRow::new(2, [owned(&["Submission Details", ""]), owned(row2)].concat()),
        TableRow::new(3, [owned(&["SID", "Draft"]), owned(row3)].concat()),
    ];
    for (i, d) in data.iter().enumerate() {
        lines.push(TableRow::new(4 + i, [vec![(100 + i).to_string(), "0".into()], owned(d)].concat()));
    }
    parse_export(&lines, "t.csv")
}

fn kinds(p: &ParsedExport) -> Vec<(&str, QuestionKind)> {
    p.questions.iter().map(|q| (q.key.as_str(), q.kind)).collect()
}

#[test]
fn a_multi_runs_over_its_ticks_and_takes_the_other_column() {
    let p = export(
        &["Outils", "", "", "", "", ""],
        &["Site", "Facebook", "Lettre", "Autre...", "Nombre", "Commune"],
        &[
            &["X", "", "", "Affichage", "3", "Pessac"],
            &["", "x", "", "", "2", "Talence"],
            &["X", "X", "", "", "1", "Cenon"],
        ],
    )
    .unwrap();
    assert_eq!(
        kinds(&p),
        [("Outils", QuestionKind::Multi), ("Nombre", QuestionKind::Number), ("Commune", QuestionKind::Text)]
    );
    let q = &p.questions[0];
    assert_eq!(q.options, ["Site", "Facebook", "Lettre"], "an option never ticked stays an option");
    assert!(q.has_other);
    assert_eq!(
        p.submissions[0].answers["Outils"],
        Answer::Choices { selected: vec!["Site".into()], other: Some("Affichage".into()) }
    );
    assert_eq!(p.submissions[1].answers["Outils"], Answer::Choices { selected: vec!["Facebook".into()], other: None });
}

#[test]
fn the_other_column_is_told_by_its_header_only() {
    for header in ["Autre...", "Other…", "Autre", "Autre (précisez)", "Autres, lesquels ?", "outils_other"] {
        assert!(other_like(header), "{header}");
    }
    for header in ["Autres remarques", "Commentaire", "Nombre d'ordinateurs", "Site autre", "mon other"] {
        assert!(!other_like(header), "{header}");
    }
    // Without an "other" header, a text column after the options is the next question.
    let p = export(&["Outils", "", ""], &["Site", "Facebook", "Remarques"], &[&["X", "", "Rien"], &["", "X", "Bien"]])
        .unwrap();
    assert_eq!(kinds(&p), [("Outils", QuestionKind::Multi), ("Remarques", QuestionKind::Text)]);
    assert!(!p.questions[0].has_other);
    // An option named « Autre » that is ticked is an option, not the 'other' text.
    let p = export(&["Outils", "", ""], &["Site", "Autre", "Nom"], &[&["X", "X", "A"], &["", "X", "B"]]).unwrap();
    assert_eq!(p.questions[0].options, ["Site", "Autre"]);
    assert!(!p.questions[0].has_other);
    // An 'other' column nobody filled is still the 'other' column.
    let p = export(&["Outils", "", ""], &["Site", "Autre...", "Nom"], &[&["X", "", "A"], &["", "", "B"]]).unwrap();
    assert_eq!(p.questions[0].options, ["Site"]);
    assert!(p.questions[0].has_other);
}

#[test]
fn a_multi_stops_at_the_next_named_column_and_trailing_empties_follow_their_header() {
    let p = export(
        &["Outils", "", "", "Matériel", "", ""],
        &["Site", "Facebook", "Lettre", "PC", "Tablette", "Combien de salariés ?"],
        &[&["X", "", "", "", "X", ""], &["X", "", "", "X", "", ""]],
    )
    .unwrap();
    assert_eq!(p.questions[0].options, ["Site", "Facebook", "Lettre"]);
    assert_eq!(p.questions[1].options, ["PC", "Tablette"]);
    assert_eq!(p.questions[2].key, "Combien de salariés ?", "an empty column headed by a question is one");
    assert_eq!(p.questions.len(), 3);
}

#[test]
fn a_grid_runs_while_its_values_stay_within_its_labels() {
    let p = export(
        &["Niveau", "", "", ""],
        &["Texte", "Tableur", "Réseaux", "Vos besoins"],
        &[
            &["Débutant", "Avancé", "Intermédiaire", "Former les bénévoles"],
            &["Avancé", "Avancé", "", "Du matériel"],
            &["Intermédiaire", "", "Débutant", ""],
        ],
    )
    .unwrap();
    assert_eq!(kinds(&p), [("Niveau", QuestionKind::Grid), ("Vos besoins", QuestionKind::Text)]);
    assert_eq!(p.questions[0].options, ["Texte", "Tableur", "Réseaux"]);
    assert_eq!(
        p.submissions[1].answers["Niveau"],
        Answer::Grid { cells: vec![("Texte".into(), "Avancé".into()), ("Tableur".into(), "Avancé".into())] }
    );
    // A grid row nobody answered, between answered ones, belongs to the grid.
    let p = export(
        &["Niveau", "", "", ""],
        &["Texte", "Tableur", "Réseaux", "Nom"],
        &[&["Débutant", "", "Avancé", "CS A"], &["Avancé", "", "Débutant", "CS B"]],
    )
    .unwrap();
    assert_eq!(p.questions[0].options, ["Texte", "Tableur", "Réseaux"]);
    assert_eq!(p.questions[1].kind, QuestionKind::Text);
}

#[test]
fn compact_multis_are_read_with_their_other_text_and_commas_in_labels_stay_single() {
    // As webform writes 'compact' with an "other" choice: labels joined by "," and the typed text last.
    let compact = [
        "Site internet,Facebook,",
        "Facebook,",
        "Site internet,Instagram,Radio locale, affichage en mairie",
        "Instagram,",
        ",",
    ];
    let data: Vec<Vec<&str>> = compact.iter().map(|v| vec![*v]).collect();
    let refs: Vec<&[&str]> = data.iter().map(|d| d.as_slice()).collect();
    let p = export(&[""], &["Outils"], &refs).unwrap();
    assert_eq!(kinds(&p), [("Outils", QuestionKind::Multi)]);
    assert_eq!(p.questions[0].options, ["Site internet", "Facebook", "Instagram"]);
    assert!(p.questions[0].has_other);
    assert_eq!(
        p.submissions[2].answers["Outils"],
        Answer::Choices {
            selected: vec!["Site internet".into(), "Instagram".into()],
            other: Some("Radio locale, affichage en mairie".into())
        }
    );
    assert!(!p.submissions[4].answers.contains_key("Outils"), "nothing ticked, nothing typed");

    // A single choice whose options hold commas.
    let single = [
        "Oui, chaque semaine",
        "Oui, de temps en temps",
        "Non",
        "Oui, chaque semaine",
        "Non",
        "Oui, de temps en temps",
    ];
    let data: Vec<Vec<&str>> = single.iter().map(|v| vec![*v]).collect();
    let refs: Vec<&[&str]> = data.iter().map(|d| d.as_slice()).collect();
    let p = export(&[""], &["Publiez-vous ?"], &refs).unwrap();
    assert_eq!(kinds(&p), [("Publiez-vous ?", QuestionKind::Single)]);
    assert_eq!(p.submissions[0].answers["Publiez-vous ?"], Answer::Choice { value: "Oui, chaque semaine".into() });
}

#[test]
fn dates_are_read_in_the_sites_order_and_stored_as_iso() {
    let p = export(
        &["", ""],
        &["Date de la formation", "Quand ?"],
        &[&["14/06/2021", "2021-06-14"], &["02/03/2021", ""], &["02/03/2021", "2020-01-31"]],
    )
    .unwrap();
    assert_eq!(kinds(&p), [("Date de la formation", QuestionKind::Date), ("Quand ?", QuestionKind::Date)]);
    assert_eq!(p.submissions[1].answers["Date de la formation"], Answer::Text { value: "2021-03-02".into() });
    assert_eq!(p.submissions[2].answers["Quand ?"], Answer::Text { value: "2020-01-31".into() });
}

#[test]
fn single_versus_text_versus_number() {
    let p = export(
        &["", "", "", "", ""],
        &["Type", "Commune", "Ordinateurs", "Code postal", "Accompagnement"],
        &[
            &["Centre social", "Pessac", "12", "33600", "Oui"],
            &["EVS", "Talence", "1,5", "33400", "Non"],
            &["Centre social", "Pessac", "1 200", "33000", "Oui"],
            &["Centre social", "Cenon", "-3.25", "03100", "Oui"],
        ],
    )
    .unwrap();
    assert_eq!(
        kinds(&p),
        [
            ("Type", QuestionKind::Single),
            ("Commune", QuestionKind::Text),
            ("Ordinateurs", QuestionKind::Number),
            ("Code postal", QuestionKind::Text),
            ("Accompagnement", QuestionKind::Single),
        ]
    );
    let numbers: Vec<Answer> = p.submissions.iter().map(|s| s.answers["Ordinateurs"].clone()).collect();
    assert_eq!(
        numbers,
        [12.0, 1.5, 1200.0, -3.25].map(|value| Answer::Number { value }),
        "comma decimals and thousands"
    );
    assert_eq!(p.submissions[0].answers["Type"], Answer::Choice { value: "Centre social".into() });
    assert_eq!(p.submissions[0].answers["Commune"], Answer::Text { value: "Pessac".into() });
    for bad in ["1.2.3", "12a", "", "1 20", "0123", "1,", ",5", "--1"] {
        assert_eq!(parse_number(bad), None, "{bad:?}");
    }
    assert_eq!(parse_number("0,5"), Some(0.5));
    assert_eq!(parse_number("12 345,5"), Some(12345.5));
}

#[test]
fn french_metadata_and_form_keys_are_recognised_and_personal_columns_dropped() {
    let fr = rows(&[
        &["Mon enquête"],
        &["Détails de la soumission"],
        &[
            "Séquentiel",
            "SID",
            "Heure de soumission",
            "Heure de complétion",
            "Heure de modification",
            "Brouillon",
            "Adresse IP",
            "UID",
            "Nom d'utilisateur",
            "Type",
        ],
        &["3", "17", "22/06/2021 - 14:32", "22/06/2021 - 14:40", "", "oui", "10.0.0.1", "4", "jdupont", "EVS"],
    ]);
    let keys = rows(&[
        &["Mon enquête"],
        &["submission_details"],
        &[
            "webform_serial",
            "webform_sid",
            "webform_time",
            "webform_completed_time",
            "webform_modified_time",
            "webform_draft",
            "webform_ip_address",
            "webform_uid",
            "webform_username",
            "type",
        ],
        &["3", "17", "22/06/2021 - 14:32", "22/06/2021 - 14:40", "", "1", "10.0.0.1", "4", "jdupont", "EVS"],
    ]);
    for (rows, dropped, key) in [
        (fr, ["Adresse IP", "UID", "Nom d'utilisateur"], "Type"),
        (keys, ["webform_ip_address", "webform_uid", "webform_username"], "type"),
    ] {
        let p = parse_export(&rows, "t.csv").unwrap();
        assert_eq!(p.form_title, "Mon enquête");
        assert_eq!(p.dropped_columns, dropped);
        assert_eq!(kinds(&p), [(key, QuestionKind::Text)]);
        let s = &p.submissions[0];
        assert_eq!((s.sid, s.serial, s.draft, s.line), (17, Some(3), true, 4));
        assert_eq!(s.submitted_at.as_deref(), Some("22/06/2021 - 14:32"));
        assert_eq!(s.completed_at.as_deref(), Some("22/06/2021 - 14:40"));
        assert_eq!(s.modified_at, None);
        let debug = format!("{p:?}");
        assert!(!debug.contains("jdupont") && !debug.contains("10.0.0.1"), "personal data never kept");
    }
}

#[test]
fn metadata_may_be_left_out_but_not_the_sid() {
    let p =
        parse_export(&rows(&[&["F"], &["Submission Details"], &["SID", "Username", "Q"], &["5", "bob", "a"]]), "t.csv")
            .unwrap();
    assert_eq!((p.submissions[0].serial, p.submissions[0].draft), (None, false));
    assert_eq!(p.dropped_columns, ["Username"]);
    let err = parse_export(
        &rows(&[&["F"], &["Submission Details"], &["Serial", "Submitted Time", "Q"], &["1", "x", "a"]]),
        "enquete.csv",
    )
    .unwrap_err();
    assert_eq!(err.code(), "file_unreadable");
    assert!(err.to_string().starts_with("Fichier « enquete.csv », ligne 3 : la colonne « SID »"), "{err}");
}

#[test]
fn headers_are_found_without_row_two_label_and_keys_are_unique() {
    // Row 2's label in an unexpected translation: row 3's metadata still finds the headers.
    let p = parse_export(
        &rows(&[
            &["F"],
            &["Infos"],
            &["SID", "Commentaire", "Commentaire", ""],
            &["5", "a", "b", ""],
            &[],
            &["6", "c"],
        ]),
        "t.csv",
    )
    .unwrap();
    assert_eq!(kinds(&p), [("Commentaire", QuestionKind::Text), ("Commentaire (2)", QuestionKind::Text)]);
    assert_eq!(p.submissions.iter().map(|s| (s.sid, s.line)).collect::<Vec<_>>(), [(5, 4), (6, 6)]);
    assert!(!p.submissions[1].answers.contains_key("Commentaire (2)"), "empty answers are absent");
}

#[test]
fn bad_exports_are_refused_with_the_place_and_what_to_do() {
    let err = |lines: &[&[&str]]| parse_export(&rows(lines), "e.csv").unwrap_err().to_string();
    let head: [&[&str]; 3] = [&["F"], &["Submission Details"], &["SID", "Draft", "Q"]];
    let with = |extra: &[&[&str]]| {
        let mut all: Vec<&[&str]> = head.to_vec();
        all.extend(extra);
        err(&all)
    };
    let cases = [
        (err(&[]), "Fichier « e.csv » : le fichier est vide"),
        (err(&[&[""], &[" "]]), "Fichier « e.csv » : le fichier est vide"),
        (
            err(&[&["1", "17", "22/06/2021 - 14:32", "Oui"]]),
            "Fichier « e.csv », ligne 1 : ce fichier n'a pas de lignes d'en-tête",
        ),
        (err(&[&["Nom", "Commune"], &["CS", "Pessac"]]), "Fichier « e.csv » : ce fichier n'est pas un export"),
        (
            err(&[&["F"], &["Submission Details"]]),
            "Fichier « e.csv », ligne 2 : le fichier s'arrête au milieu des lignes d'en-tête",
        ),
        (with(&[]), "Fichier « e.csv », ligne 3 : le fichier ne contient que les lignes d'en-tête"),
        (
            with(&[&["5", "0", "a"], &["5", "0", "b"]]),
            "Fichier « e.csv », ligne 5, colonne A : le SID 5 figure déjà ligne 4",
        ),
        (
            with(&[&["5a", "0", "a"]]),
            "Fichier « e.csv », ligne 4, colonne A : le SID « 5a » n'est pas un nombre entier",
        ),
        (with(&[&["", "0", "a"]]), "Fichier « e.csv », ligne 4, colonne A : le SID de cette réponse est vide"),
        (
            with(&[&["5", "peut-être", "a"]]),
            "Fichier « e.csv », ligne 4, colonne B : « peut-être » dans la colonne « Draft »",
        ),
        (with(&[&["5", "0", "a", "b"]]), "Fichier « e.csv », ligne 4, colonne D : 4 cellules pour 3 colonnes"),
    ];
    for (message, start) in cases {
        assert!(message.starts_with(start), "{message}\n  should start with: {start}");
        assert!(message.contains("Framaforms") || message.contains("Corrigez"), "says what to do: {message}");
    }
    // Fewer cells than the header: trailing empties.
    let p = parse_export(&rows(&[&["F"], &["Submission Details"], &["SID", "Q", "R"], &["5"]]), "e.csv").unwrap();
    assert!(p.submissions[0].answers.is_empty());
}

#[test]
fn script_is_just_text_and_xlsx_whole_numbers_read_as_integers() {
    let p = parse_export(
        &rows(&[&["F"], &["Submission Details"], &["SID", "Q"], &["12.0", "[script]alert(1)[/script]"]]),
        "e.xlsx",
    )
    .unwrap();
    assert_eq!(p.submissions[0].sid, 12);
    assert_eq!(p.submissions[0].answers["Q"], Answer::Text { value: "[script]alert(1)[/script]".into() });
}

#[test]
fn synthetic_exports_parse_to_their_planned_questions() {
    let rows = synthetic_export(300, 150);
    assert_eq!(rows.len(), 303);
    assert!(rows.iter().all(|r| r.len() == 150));
    let p = parse_export(&rows, "synthétique.tsv").unwrap();
    assert_eq!(p.submissions.len(), 300);
    assert_eq!(p.dropped_columns, ["IP Address", "UID", "Username"]);
    let count = |k: QuestionKind| p.questions.iter().filter(|q| q.kind == k).count();
    // 141 question columns: 11 cycles of 12 columns, then text, single, multi (5), number, and text (1 left: no room for a grid).
    assert_eq!(count(QuestionKind::Multi), 12);
    assert_eq!(count(QuestionKind::Grid), 11);
    assert_eq!(count(QuestionKind::Number), 12);
    assert_eq!(count(QuestionKind::Single), 12);
    assert!(p.questions.iter().filter(|q| q.kind == QuestionKind::Multi).all(|q| q.has_other && q.options.len() == 4));
    let small = synthetic_export(3, 4);
    assert_eq!(parse_export(&small, "s.tsv").unwrap().questions.len(), 3);
}

#[test]
fn personal_columns_are_dropped_wherever_they_stand_and_unknown_boundaries_refused() {
    // Older webform: a single « Heure », and the personal columns in another order.
    let p = parse_export(
        &rows(&[
            &["F"],
            &["Détails de la soumission"],
            &["Séquentiel", "SID", "Heure", "Nom d'utilisateur", "Brouillon", "UID", "Adresse IP", "Commune"],
            &["1", "17", "22/06/2021 - 14:32", "Anonyme", "0", "0", "0.0.0.0", "Pessac"],
            &["2", "18", "23/06/2021 - 10:00", "jdupont", "1", "12", "2a01:cb00::1", "Cenon"],
        ]),
        "t.csv",
    )
    .unwrap();
    assert_eq!(p.dropped_columns, ["Nom d'utilisateur", "UID", "Adresse IP"]);
    assert_eq!(kinds(&p), [("Commune", QuestionKind::Text)]);
    assert_eq!(p.submissions[1].submitted_at.as_deref(), Some("23/06/2021 - 10:00"));
    assert!(p.submissions[1].draft);
    let debug = format!("{p:?}");
    assert!(!debug.contains("jdupont") && !debug.contains("0.0.0.0") && !debug.contains("2a01"), "{debug}");

    // A submission column among the questions (here after an unknown label): refused, nothing read.
    let err = parse_export(
        &rows(&[
            &["F"],
            &["Submission Details"],
            &["SID", "Date d'envoi", "Draft", "IP Address", "Commune"],
            &["17", "22/06/2021", "0", "10.0.0.1", "Pessac"],
        ]),
        "t.csv",
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("Fichier « t.csv », ligne 3, colonne C : la colonne « Draft »"), "{err}");
    // A column of IP addresses under a question's name.
    let err = parse_export(
        &rows(&[
            &["F"],
            &["Submission Details"],
            &["SID", "Adresse du poste", "Commune"],
            &["17", "192.168.1.20", "Pessac"],
            &["18", "0.0.0.0", "Cenon"],
        ]),
        "t.csv",
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("colonne B : la colonne « Adresse du poste »"), "{err}");
}
