//! Builders of survey figures for the tests of this crate and of the crates that assemble views
//! from its shapes (`--features testing`).

use fabrique_core::survey::demo::{demo_export, demo_questions};
use fabrique_core::survey::{LinkState, StoredQuestion, StoredSubmission, SurveyForm, WaveId, WaveInfo};
use fabrique_pdf::model::plain_text;
use fabrique_pdf::Block;

use fabrique_core::survey::counted::Counted;

pub fn wave_info(id: WaveId, name: &str) -> WaveInfo {
    WaveInfo { id, name: name.into(), imported_at: String::new(), responses: 0, drafts: 0, linked: 0 }
}

pub fn form() -> SurveyForm {
    SurveyForm {
        id: 1,
        title: "Pratiques numériques".into(),
        link_name_key: Some("nom".into()),
        link_commune_key: Some("commune".into()),
        waves: vec![wave_info(10, "2021"), wave_info(11, "2022"), wave_info(12, "2023")],
    }
}

pub fn stored(structures: usize, wave_id: WaveId) -> (Vec<StoredQuestion>, Counted) {
    let questions: Vec<StoredQuestion> = demo_questions()
        .into_iter()
        .map(|(def, theme)| StoredQuestion { def, theme: theme.map(str::to_string), kind_corrected: false })
        .collect();
    let list: Vec<(String, String, bool)> =
        (0..structures).map(|i| (format!("Maison de quartier n° {i}"), "Cenon".to_string(), i % 2 == 0)).collect();
    let rows = demo_export(&list)
        .submissions
        .into_iter()
        .enumerate()
        .map(|(i, submission)| StoredSubmission {
            id: i as i64 + 1,
            wave_id,
            submission,
            structure_id: None,
            link_state: LinkState::None,
        })
        .collect();
    let counted = Counted::new(&questions, rows, false);
    (questions, counted)
}

pub fn text_of(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading { spans, .. } | Block::Paragraph { spans } | Block::Note { spans } => {
                out.push_str(&plain_text(spans))
            }
            Block::List { items, .. } => items.iter().for_each(|i| out.push_str(&text_of(i))),
            Block::Table(t) => t.rows.iter().flatten().for_each(|c| {
                out.push_str(&plain_text(c));
                out.push('|');
            }),
            _ => {}
        }
        out.push('\n');
    }
    out
}
