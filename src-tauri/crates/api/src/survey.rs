//! What the survey view and `fabrique-cli survey` exchange: the shapes, built from the figures
//! core counts (the use cases read the store and call these constructors).

use fabrique_core::french::short_date_of_iso;
use fabrique_core::survey::chart::{comparison_chart, question_chart, split_chart, theme_overview_chart, BarChart};
use fabrique_core::survey::counted::Counted;
use fabrique_core::survey::link::{candidates, given_name_and_commune, LinkCandidate};
use fabrique_core::survey::parse::CheckedExport;
use fabrique_core::survey::stats::{
    answer_label, compare, split, theme_summaries, QuestionComparison, QuestionStats, SplitGroup, ThemeSummary,
    WaveStats,
};
use fabrique_core::survey::{
    FormId, LinkState, QuestionKind, StoredQuestion, StoredSubmission, Submission, SurveyForm, SurveyImportOutcome,
    WaveId,
};
use fabrique_core::{Structure, StructureId, StructureKind};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use fabrique_core::survey::NO_THEME;

/// What a chosen file holds, before it is imported.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SurveyImportPreview {
    pub path: String,
    pub file_name: String,
    pub form_title: String,
    /// A form of that title is already in the base: its question model will be reused.
    pub known_form: bool,
    pub waves: Vec<String>,
    pub questions: u32,
    pub submissions: u32,
    pub drafts: u32,
    pub dropped_columns: Vec<String>,
    /// A name for the wave: the year of the latest submission.
    pub suggested_wave: String,
}

impl SurveyImportPreview {
    pub fn new(path: &std::path::Path, export: &CheckedExport, forms: &[SurveyForm]) -> Self {
        let known =
            forms.iter().find(|f| fabrique_core::text::fold(&f.title) == fabrique_core::text::fold(&export.form_title));
        let year = export
            .submissions
            .iter()
            .filter_map(|s| s.submitted_at.as_deref().and_then(year_of))
            .max()
            .map(|y| y.to_string())
            .unwrap_or_default();
        SurveyImportPreview {
            path: path.display().to_string(),
            file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            form_title: export.form_title.clone(),
            known_form: known.is_some(),
            waves: known.map(|f| f.waves.iter().map(|w| w.name.clone()).collect()).unwrap_or_default(),
            questions: export.questions.len() as u32,
            submissions: export.submissions.len() as u32,
            drafts: export.submissions.iter().filter(|s| s.draft).count() as u32,
            dropped_columns: export.dropped_columns.clone(),
            suggested_wave: year,
        }
    }
}

/// The four-digit year in "22/06/2021 - 14:32" or "2021-06-22T14:32:00".
fn year_of(date: &str) -> Option<i32> {
    date.split(|c: char| !c.is_ascii_digit()).find(|part| part.len() == 4).and_then(|y| y.parse().ok())
}

/// What an import did, as the window and `survey import --json` report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SurveyImportResult {
    pub wave: String,
    pub form_title: String,
    pub imported: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub drafts: u32,
    pub dropped_columns: Vec<String>,
    pub new_questions: u32,
    /// Responses of the file linked to a structure by the import's matching pass.
    pub proposed_links: u32,
}

impl SurveyImportResult {
    pub fn new(wave: &str, form_title: &str, outcome: &SurveyImportOutcome) -> Self {
        SurveyImportResult {
            wave: wave.to_string(),
            form_title: form_title.to_string(),
            imported: outcome.imported,
            updated: outcome.updated,
            unchanged: outcome.unchanged,
            drafts: outcome.drafts,
            dropped_columns: outcome.dropped_columns.clone(),
            new_questions: outcome.new_questions,
            proposed_links: outcome.proposed_links,
        }
    }
}

/// `fabrique-cli survey stats --json`: exactly the documented shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatsJson {
    pub wave: String,
    pub responses: u32,
    pub questions: Vec<QuestionJson>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionJson {
    pub label: String,
    pub kind: QuestionKind,
    pub answered: u32,
    /// A date question's counts by month (« juin 2021 »), oldest first.
    pub options: Vec<OptionJson>,
    /// A date question's earliest and latest answers (ISO dates); absent for other kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dates: Option<DatesJson>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatesJson {
    pub first: String,
    pub last: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionJson {
    pub label: String,
    pub count: u32,
}

impl StatsJson {
    pub fn new(wave: &str, stats: &WaveStats) -> Self {
        StatsJson {
            wave: wave.to_string(),
            responses: stats.responses,
            questions: stats
                .questions
                .iter()
                .map(|q| QuestionJson {
                    label: q.label.clone(),
                    kind: q.kind,
                    answered: q.answered,
                    options: q.options.iter().map(|o| OptionJson { label: o.label.clone(), count: o.count }).collect(),
                    dates: q.dates.as_ref().map(|d| DatesJson { first: d.first.clone(), last: d.last.clone() }),
                })
                .collect(),
        }
    }
}

/// How to split a question's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum SplitBy {
    Membership,
    Kind,
    Territory,
    /// Another single-choice question: a cross-tab.
    Question {
        key: String,
    },
}

/// One question of the model, with its figures in the chosen wave.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct QuestionRow {
    pub key: String,
    pub label: String,
    pub kind: QuestionKind,
    pub kind_corrected: bool,
    pub theme: Option<String>,
    pub answered: u32,
    pub non_responses: u32,
    /// "Facebook : 78 %", or the mean of a number question.
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ThemeBlock {
    pub theme: String,
    pub summary: ThemeSummary,
}

/// The Enquête view for one wave of one form.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SurveyView {
    pub forms: Vec<SurveyForm>,
    #[ts(type = "number")]
    pub form_id: FormId,
    #[ts(type = "number")]
    pub wave_id: WaveId,
    pub include_drafts: bool,
    pub responses: u32,
    pub themes: Vec<String>,
    pub questions: Vec<QuestionRow>,
    pub theme_summaries: Vec<ThemeBlock>,
    pub theme_chart: BarChart,
    /// Structures in the directory, for the response rate.
    pub directory_size: u32,
    pub linked: u32,
    /// Labels of the form's questions this wave's exports did not contain (asked in other waves
    /// only): neither listed nor counted here.
    pub not_asked: Vec<String>,
}

/// Groups the questions by theme, in the form's theme order, unassigned ones last.
pub fn by_theme<'a, T>(
    themes: &[String],
    questions: &'a [StoredQuestion],
    items: &'a [T],
) -> Vec<(String, Vec<&'a T>)> {
    let mut groups: Vec<(String, Vec<&T>)> = themes.iter().map(|t| (t.clone(), Vec::new())).collect();
    let mut others = Vec::new();
    for (q, item) in questions.iter().zip(items) {
        match q.theme.as_ref().and_then(|t| groups.iter_mut().find(|(name, _)| name == t)) {
            Some((_, list)) => list.push(item),
            None => others.push(item),
        }
    }
    groups.retain(|(_, list)| !list.is_empty());
    if !others.is_empty() {
        groups.push((NO_THEME.to_string(), others));
    }
    groups
}

fn summary_of(stats: &QuestionStats) -> String {
    use fabrique_core::survey::chart::{format_decimal, format_percent};
    match stats.kind {
        QuestionKind::Single | QuestionKind::Multi => {
            stats.top_option().map(|o| format!("{} : {}", o.label, format_percent(o.percent))).unwrap_or_default()
        }
        QuestionKind::Number => {
            stats.number.as_ref().map(|n| format!("moyenne {}", format_decimal(n.mean))).unwrap_or_default()
        }
        QuestionKind::Text => format!("{} réponse{}", stats.answered, if stats.answered > 1 { "s" } else { "" }),
        QuestionKind::Grid => String::new(),
        QuestionKind::Date => stats
            .dates
            .as_ref()
            .map(|d| {
                let (first, last) = (short_date_of_iso(&d.first), short_date_of_iso(&d.last));
                if first == last {
                    first
                } else {
                    format!("{first} → {last}")
                }
            })
            .unwrap_or_default(),
    }
}

pub struct SurveyViewInput<'a> {
    pub forms: Vec<SurveyForm>,
    pub form_id: FormId,
    pub wave_id: WaveId,
    pub include_drafts: bool,
    pub themes: Vec<String>,
    /// Every question of the form; the wave's figures cover those `counted` asked.
    pub questions: &'a [StoredQuestion],
    pub counted: &'a Counted,
    pub directory_size: u32,
}

impl SurveyView {
    pub fn new(input: SurveyViewInput) -> Self {
        let stats = input.counted.figures();
        let asked = &input.counted.asked;
        let not_asked = input
            .questions
            .iter()
            .filter(|q| !asked.iter().any(|a| a.def.key == q.def.key))
            .map(|q| q.def.label.clone())
            .collect();
        let rows: Vec<QuestionRow> = asked
            .iter()
            .zip(&stats.questions)
            .map(|(q, s)| QuestionRow {
                key: q.def.key.clone(),
                label: q.def.label.clone(),
                kind: q.def.kind,
                kind_corrected: q.kind_corrected,
                theme: q.theme.clone(),
                answered: s.answered,
                non_responses: s.non_responses,
                summary: summary_of(s),
            })
            .collect();
        let grouped = by_theme(&input.themes, asked, &stats.questions);
        let summaries = theme_summaries(&grouped);
        let theme_chart = theme_overview_chart(&summaries);
        let linked = input
            .counted
            .rows
            .iter()
            .filter(|r| r.structure_id.is_some() && matches!(r.link_state, LinkState::Proposed | LinkState::Confirmed))
            .count() as u32;
        SurveyView {
            forms: input.forms,
            form_id: input.form_id,
            wave_id: input.wave_id,
            include_drafts: input.include_drafts,
            responses: stats.responses,
            themes: input.themes,
            questions: rows,
            theme_summaries: grouped
                .iter()
                .map(|(t, _)| t.clone())
                .zip(summaries)
                .map(|(theme, summary)| ThemeBlock { theme, summary })
                .collect(),
            theme_chart,
            directory_size: input.directory_size,
            linked,
            not_asked,
        }
    }
}

/// One question in detail: figures, chart, optional split and comparison with another wave.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct QuestionDetail {
    pub stats: QuestionStats,
    pub chart: Option<BarChart>,
    /// Per group, the figures of the question: every group lists the question's options (a grid's rows
    /// and columns) in the question's order.
    pub split: Vec<SplitGroup>,
    pub split_chart: Option<BarChart>,
    /// The split as a table, as the PDF prints it: per option the share of each group (per group and
    /// row for a grid); per group the respondents, mean, median, minimum and maximum of a number.
    pub split_table: Option<fabrique_pdf::Table>,
    pub comparison: Option<QuestionComparison>,
    pub comparison_chart: Option<BarChart>,
}

/// Which group a linked structure puts a response in.
fn group_for(by: &SplitBy, structure: Option<&Structure>, submission: &Submission) -> Option<String> {
    match by {
        SplitBy::Membership => {
            structure.map(|s| if s.draft.member { "Adhérentes" } else { "Non adhérentes" }.to_string())
        }
        SplitBy::Kind => structure.and_then(|s| s.draft.kind).map(|k| match k {
            StructureKind::CentreSocial => "Centres sociaux".to_string(),
            StructureKind::Evs => "EVS".to_string(),
        }),
        SplitBy::Territory => structure
            .filter(|s| s.draft.insee.is_some())
            .map(|s| if s.territory.metropole { "Bordeaux Métropole" } else { "Hors métropole" }.to_string()),
        SplitBy::Question { key } => answer_label(submission, key),
    }
}

pub struct QuestionDetailInput<'a> {
    pub key: &'a str,
    pub counted: &'a Counted,
    pub structures: &'a [Structure],
    pub split_by: Option<&'a SplitBy>,
    /// The same form's other wave to compare with: its name, this wave's name, and its counted submissions.
    pub compare_with: Option<(&'a str, &'a str, &'a Counted)>,
}

impl QuestionDetail {
    pub fn new(input: QuestionDetailInput) -> Option<Self> {
        let question = input.counted.questions.iter().find(|q| q.key == input.key)?;
        let mut keys = vec![input.key];
        if let Some(SplitBy::Question { key }) = input.split_by {
            keys.push(key);
        }
        let held = input.counted.submissions_with(&keys);
        let subs: Vec<&Submission> = held.iter().collect();
        let stats = input.counted.question(input.key)?.clone();
        let chart = question_chart(&stats);
        let (split, split_chart) = match input.split_by {
            None => (Vec::new(), None),
            Some(by) => {
                // Submissions and their stored rows share an order: find each one's linked structure.
                let rows: HashMap<i64, &StoredSubmission> =
                    input.counted.rows.iter().map(|r| (r.submission.sid, r)).collect();
                let structure_of = |s: &Submission| -> Option<&Structure> {
                    let row = rows.get(&s.sid)?;
                    let id: StructureId = row.structure_id.filter(|_| row.link_state != LinkState::Rejected)?;
                    input.structures.iter().find(|st| st.id == id)
                };
                let groups = split(question, &subs, |s| group_for(by, structure_of(s), s));
                let chart = split_chart(&question.label, &groups);
                (groups, chart)
            }
        };
        let (comparison, comparison_chart) = match input.compare_with {
            None => (None, None),
            Some((other_name, this_name, other)) => match other.question(input.key) {
                None => (None, None),
                Some(before) => {
                    let c = compare(before, &stats);
                    let chart = comparison_chart(&c, other_name, this_name);
                    (Some(c), chart)
                }
            },
        };
        let split_table = fabrique_reports::survey::split_table(&split);
        Some(QuestionDetail { stats, chart, split, split_chart, split_table, comparison, comparison_chart })
    }
}

/// One response on the linking screen.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LinkRow {
    #[ts(type = "number")]
    pub submission_id: i64,
    #[ts(type = "number")]
    pub sid: i64,
    pub draft: bool,
    pub given_name: String,
    pub given_commune: String,
    #[ts(type = "number | null")]
    pub structure_id: Option<StructureId>,
    pub structure_name: Option<String>,
    pub state: LinkState,
    pub candidates: Vec<LinkCandidate>,
}

pub fn link_rows(
    rows: &[StoredSubmission],
    structures: &[Structure],
    name_key: Option<&str>,
    commune_key: Option<&str>,
) -> Vec<LinkRow> {
    rows.iter()
        .map(|r| {
            let (name, commune) = given_name_and_commune(&r.submission, name_key, commune_key);
            LinkRow {
                submission_id: r.id,
                sid: r.submission.sid,
                draft: r.submission.draft,
                candidates: candidates(&name, &commune, structures, 5),
                given_name: name,
                given_commune: commune,
                structure_id: r.structure_id,
                structure_name: r
                    .structure_id
                    .and_then(|id| structures.iter().find(|s| s.id == id))
                    .map(|s| s.draft.name.clone()),
                state: r.link_state,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use fabrique_pdf::model::plain_text;

    use crate::testing::stored;

    #[test]
    fn the_stats_json_keeps_its_documented_shape() {
        let (_, counted) = stored(20, 10);
        let json = serde_json::to_value(StatsJson::new("2021", &counted.figures())).unwrap();
        let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&json), ["questions", "responses", "wave"]);
        let tools =
            json["questions"].as_array().unwrap().iter().find(|q| q["label"] == "Outils de communication utilisés");
        let tools = tools.unwrap();
        assert_eq!(keys(tools), ["answered", "kind", "label", "options"]);
        assert_eq!(keys(&tools["options"][0]), ["count", "label"]);
        let labels: Vec<&str> =
            tools["options"].as_array().unwrap().iter().map(|o| o["label"].as_str().unwrap()).collect();
        assert_eq!(
            labels,
            ["Site internet", "Facebook", "Instagram", "Lettre d'information", "Affichage", "Autre"],
            "the form's order, « Autre » after the declared options"
        );
    }

    #[test]
    fn a_number_question_and_a_grid_split_into_a_chart_and_a_table() {
        let (_, counted) = stored(40, 11);
        let structures: Vec<Structure> = Vec::new();
        let by = SplitBy::Question { key: "type".into() };
        for key in ["ordinateurs", "aisance", "outils"] {
            let d = QuestionDetail::new(QuestionDetailInput {
                key,
                counted: &counted,
                structures: &structures,
                split_by: Some(&by),
                compare_with: None,
            })
            .unwrap();
            assert_eq!(d.split.len(), 2, "{key}: centres sociaux and EVS");
            assert!(d.split_chart.is_some(), "{key}: a chart");
            assert!(d.split_table.is_some(), "{key}: a table");
        }
        let d = QuestionDetail::new(QuestionDetailInput {
            key: "ordinateurs",
            counted: &counted,
            structures: &structures,
            split_by: Some(&by),
            compare_with: None,
        })
        .unwrap();
        let chart = d.split_chart.unwrap();
        assert!(chart.bars[0].display.starts_with("moyenne "), "{:?}", chart.bars[0]);
        assert!(chart.bars[0].display.contains(" · médiane "));
        let header: Vec<String> = d.split_table.unwrap().header.iter().map(|c| plain_text(c)).collect();
        assert_eq!(header, ["Groupe", "Répondants", "Moyenne", "Médiane", "Minimum", "Maximum"]);
    }

    #[test]
    fn a_date_questions_span_reads_the_french_way() {
        assert_eq!(short_date_of_iso("2021-06-14"), "14/06/2021");
        assert_eq!(short_date_of_iso("pas une date"), "pas une date");
    }
}
