//! The figures of a survey wave as an XLSX workbook, for people who want to make their own charts:
//! "Synthèse" (one row per question), "Réponses" (one row per option) and "Textes libres".
//!
//! Text cells are neutralised (a leading = + - @ gets an apostrophe) so that nothing a respondent typed can run
//! as a formula; counts and percentages are numbers. The file is replaced whole or not at all.

use std::path::Path;

use fabrique_core::export::neutralise_cell;
use fabrique_core::import::column_letter;
use fabrique_core::survey::stats::{QuestionStats, WaveStats};
use fabrique_core::survey::QuestionKind;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::error::{Result, StoreError};

/// Excel refuses longer cells; a longer free text is cut rather than failing the whole export.
const MAX_CELL_CHARS: usize = 32_000;

/// A percentage rounded to one decimal, as a number.
fn rounded(percent: f64) -> f64 {
    (percent * 10.0).round() / 10.0
}

fn text_cell(text: &str) -> String {
    let neutral = neutralise_cell(text);
    if neutral.chars().count() <= MAX_CELL_CHARS {
        return neutral;
    }
    let mut cut: String = neutral.chars().take(MAX_CELL_CHARS - 1).collect();
    cut.push('…');
    cut
}

fn cell_error(path: &Path, row: u32, column: usize, e: XlsxError) -> StoreError {
    StoreError::file(
        path,
        Some(row as usize + 1),
        Some(column_letter(column)),
        format!("cellule impossible à écrire dans un classeur ({e})."),
    )
}

/// One sheet being written: a header row, then rows of text or number cells.
struct Sheet<'a> {
    sheet: &'a mut Worksheet,
    row: u32,
    path: &'a Path,
}

enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    Empty,
}

impl<'a> Sheet<'a> {
    fn new(book: &'a mut Workbook, name: &str, headers: &[&str], path: &'a Path) -> Result<Self> {
        let sheet = book.add_worksheet();
        sheet.set_name(name).map_err(|e| cell_error(path, 0, 0, e))?;
        let bold = Format::new().set_bold();
        for (c, header) in headers.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *header, &bold).map_err(|e| cell_error(path, 0, c, e))?;
        }
        sheet.set_freeze_panes(1, 0).map_err(|e| cell_error(path, 0, 0, e))?;
        Ok(Sheet { sheet, row: 1, path })
    }

    fn push(&mut self, cells: &[Cell]) -> Result<()> {
        let percent = Format::new().set_num_format("0.0");
        for (c, cell) in cells.iter().enumerate() {
            let col = c as u16;
            let written = match cell {
                Cell::Text(t) if !t.is_empty() => self.sheet.write_string(self.row, col, text_cell(t)).map(|_| ()),
                Cell::Number(n) if n.is_finite() => {
                    if n.fract() == 0.0 {
                        self.sheet.write_number(self.row, col, *n).map(|_| ())
                    } else {
                        self.sheet.write_number_with_format(self.row, col, *n, &percent).map(|_| ())
                    }
                }
                _ => Ok(()),
            };
            written.map_err(|e| cell_error(self.path, self.row, c, e))?;
        }
        self.row += 1;
        Ok(())
    }

    fn finish(self) {
        // About 50 characters at most, so one long question does not push every other column off screen.
        self.sheet.set_autofit_max_width(360).autofit();
    }
}

fn summary_row<'a>(wave: &'a str, q: &'a QuestionStats) -> Vec<Cell<'a>> {
    let n = q.number.as_ref();
    let number = |v: Option<f64>| v.map_or(Cell::Empty, |v| Cell::Number((v * 100.0).round() / 100.0));
    vec![
        Cell::Text(wave),
        Cell::Text(&q.label),
        Cell::Text(q.kind.label()),
        Cell::Number(f64::from(q.answered)),
        Cell::Number(f64::from(q.non_responses)),
        Cell::Number(rounded(q.answered_percent())),
        number(n.map(|n| n.mean)),
        number(n.map(|n| n.median)),
        number(n.map(|n| n.min)),
        number(n.map(|n| n.max)),
    ]
}

/// Writes the figures of a wave as `.xlsx`: "Synthèse" (question, type, respondents, non-responses, share
/// answering, and for numbers mean/median/min/max), "Réponses" (question, option — "row — column" for a
/// grid —, count, % of the respondents) and "Textes libres" (free-text answers and the 'other' answers of
/// multiple choices). Every sheet starts with the wave, so several waves' files can be stacked.
pub fn write_survey_figures(path: &Path, wave: &str, stats: &WaveStats) -> Result<()> {
    let mut book = Workbook::new();
    {
        let mut s = Sheet::new(
            &mut book,
            "Synthèse",
            &[
                "Vague",
                "Question",
                "Type",
                "Répondants",
                "Non-réponses",
                "% ayant répondu",
                "Moyenne",
                "Médiane",
                "Minimum",
                "Maximum",
            ],
            path,
        )?;
        for q in &stats.questions {
            s.push(&summary_row(wave, q))?;
        }
        s.finish();
    }
    {
        let mut s = Sheet::new(
            &mut book,
            "Réponses",
            &["Vague", "Question", "Réponse", "Nombre", "% des répondants", "Répondants"],
            path,
        )?;
        for q in &stats.questions {
            match q.kind {
                QuestionKind::Grid => {
                    for row in &q.grid {
                        let answered: u32 = row.options.iter().map(|o| o.count).sum();
                        for o in &row.options {
                            let label = format!("{} — {}", row.row, o.label);
                            s.push(&[
                                Cell::Text(wave),
                                Cell::Text(&q.label),
                                Cell::Text(&label),
                                Cell::Number(f64::from(o.count)),
                                Cell::Number(rounded(o.percent)),
                                Cell::Number(f64::from(answered)),
                            ])?;
                        }
                    }
                }
                _ => {
                    for o in &q.options {
                        s.push(&[
                            Cell::Text(wave),
                            Cell::Text(&q.label),
                            Cell::Text(&o.label),
                            Cell::Number(f64::from(o.count)),
                            Cell::Number(rounded(o.percent)),
                            Cell::Number(f64::from(q.answered)),
                        ])?;
                    }
                }
            }
        }
        s.finish();
    }
    {
        let mut s = Sheet::new(&mut book, "Textes libres", &["Vague", "Question", "Réponse"], path)?;
        for q in &stats.questions {
            for t in &q.texts {
                s.push(&[Cell::Text(wave), Cell::Text(&q.label), Cell::Text(t)])?;
            }
            let other = format!("{} (autre)", q.label);
            for t in &q.other_answers {
                s.push(&[Cell::Text(wave), Cell::Text(&other), Cell::Text(t)])?;
            }
        }
        s.finish();
    }
    super::export::save_workbook(&mut book, path, "")
}

#[cfg(test)]
mod tests {
    use calamine::{open_workbook_auto, Data, Reader};
    use fabrique_core::survey::stats::wave_stats;
    use fabrique_core::survey::{Answer, QuestionDef, Submission};

    use super::*;

    fn submission(sid: i64, answers: Vec<(&str, Answer)>) -> Submission {
        Submission {
            sid,
            serial: None,
            submitted_at: None,
            completed_at: None,
            modified_at: None,
            draft: false,
            answers: answers.into_iter().map(|(k, a)| (k.to_string(), a)).collect(),
            line: 2,
        }
    }

    #[test]
    fn figures_workbook_has_three_sheets_numbers_and_no_formula() {
        let questions = vec![
            QuestionDef {
                key: "r".into(),
                label: "Réseaux sociaux utilisés".into(),
                kind: QuestionKind::Multi,
                options: vec!["Facebook".into(), "Instagram".into()],
                has_other: true,
            },
            QuestionDef {
                key: "t".into(),
                label: "Besoins".into(),
                kind: QuestionKind::Text,
                options: vec![],
                has_other: false,
            },
        ];
        let multi = |s: &[&str], other: Option<&str>| Answer::Choices {
            selected: s.iter().map(|x| x.to_string()).collect(),
            other: other.map(str::to_string),
        };
        let subs = [
            submission(
                1,
                vec![("r", multi(&["Facebook"], Some("@Mastodon"))), ("t", Answer::Text { value: "=1+1".into() })],
            ),
            submission(2, vec![("r", multi(&["Facebook", "Instagram"], None))]),
            submission(3, vec![("r", multi(&["Instagram"], None))]),
        ];
        let refs: Vec<&Submission> = subs.iter().collect();
        let stats = wave_stats(&questions, &refs);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chiffres.xlsx");
        std::fs::write(&path, b"ancien fichier").unwrap();
        write_survey_figures(&path, "Printemps 2026", &stats).unwrap();
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left beside");

        let mut book = open_workbook_auto(&path).unwrap();
        assert_eq!(book.sheet_names(), ["Synthèse", "Réponses", "Textes libres"]);
        let summary = book.worksheet_range("Synthèse").unwrap();
        assert_eq!(summary.get_value((1, 1)), Some(&Data::String("Réseaux sociaux utilisés".into())));
        assert_eq!(summary.get_value((1, 2)), Some(&Data::String("Choix multiple".into())));
        assert_eq!(summary.get_value((2, 4)), Some(&Data::Float(2.0)), "Besoins: 2 non-responses");
        let answers = book.worksheet_range("Réponses").unwrap();
        assert_eq!(answers.get_value((1, 2)), Some(&Data::String("Facebook".into())));
        assert_eq!(answers.get_value((1, 3)), Some(&Data::Float(2.0)));
        assert_eq!(answers.get_value((1, 4)), Some(&Data::Float(66.7)));
        let texts = book.worksheet_range("Textes libres").unwrap();
        assert_eq!(texts.get_value((1, 1)), Some(&Data::String("Réseaux sociaux utilisés (autre)".into())));
        assert_eq!(texts.get_value((1, 2)), Some(&Data::String("'@Mastodon".into())));
        assert_eq!(texts.get_value((2, 1)), Some(&Data::String("Besoins".into())));
        assert_eq!(texts.get_value((2, 2)), Some(&Data::String("'=1+1".into())));
        for name in ["Synthèse", "Réponses", "Textes libres"] {
            let formulas = book.worksheet_formula(name).unwrap();
            assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formula in {name}");
        }
    }
}
