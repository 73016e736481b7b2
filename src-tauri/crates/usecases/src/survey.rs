//! The survey (« Enquête »): importing a Framaforms export into a wave, the figures of a wave, the
//! links of responses to structures, and the « photographie » report.

use std::path::Path;

use chrono::NaiveDate;
use fabrique_api::survey::by_theme;
use fabrique_api::survey::{
    link_rows, LinkRow, QuestionDetail, QuestionDetailInput, SplitBy, StatsJson, SurveyImportPreview,
    SurveyImportResult, SurveyView, SurveyViewInput,
};
use fabrique_core::survey::counted::{Counted, Counting};
use fabrique_core::survey::stats::{QuestionStats, Texts, WaveStats};
use fabrique_core::survey::{
    FormId, LinkState, QuestionDef, StoredQuestion, SubmissionId, SurveyForm, WaveId, WaveInfo,
};
use fabrique_core::{french, StructureId};
use fabrique_store::{files, Store, StoreError};

use fabrique_core::ErrorCode;

use crate::{Result, UseCaseError};

/// The wave to show. The form: the one asked for (remembered for the next start), else the one
/// shown last, else the most recently imported. The wave: the one asked for if it belongs to that
/// form, else the form's latest. Every form stays reachable whatever was imported after it.
pub fn shown_wave(
    store: &mut Store,
    form_id: Option<FormId>,
    wave_id: Option<WaveId>,
) -> Result<Option<(FormId, WaveId)>> {
    let forms = store.survey_forms()?;
    let asked = form_id.and_then(|id| forms.iter().find(|f| f.id == id));
    let chosen = store.chosen_survey_form()?;
    if let Some(form) = asked.filter(|f| Some(f.id) != chosen) {
        match store.choose_survey_form(form.id) {
            // A read-only account of a team base sees the form it asks for; only the next start
            // does not open it again.
            Ok(()) | Err(StoreError::PermissionDenied { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let form = asked.or_else(|| chosen.and_then(|id| forms.iter().find(|f| f.id == id))).or(forms.last());
    let Some(form) = form else { return Ok(None) };
    let wave = wave_id.and_then(|id| form.waves.iter().find(|w| w.id == id)).or(form.waves.last());
    Ok(wave.map(|w| (form.id, w.id)))
}

/// The view of a wave (see [`shown_wave`]); `None` when nothing has been imported yet.
pub fn view(
    store: &mut Store,
    form_id: Option<FormId>,
    wave_id: Option<WaveId>,
    include_drafts: bool,
) -> Result<Option<SurveyView>> {
    let Some((form_id, wave_id)) = shown_wave(store, form_id, wave_id)? else { return Ok(None) };
    let questions = store.survey_questions(form_id)?;
    let counted = counted(store, form_id, wave_id, include_drafts, &[], Texts::CountOnly)?;
    Ok(Some(SurveyView::new(SurveyViewInput {
        forms: store.survey_forms()?,
        form_id,
        wave_id,
        include_drafts,
        themes: store.survey_themes(form_id)?,
        questions: &questions,
        counted: &counted,
        directory_size: store.list_structures()?.len() as u32,
    })))
}

/// What a wave's figures count: the questions its exports contained, and its submissions, with the
/// answers to `hold` kept for a split and the free texts copied when `texts` keeps them.
pub fn counted(
    store: &Store,
    form_id: FormId,
    wave_id: WaveId,
    include_drafts: bool,
    hold: &[&str],
    texts: Texts,
) -> Result<Counted> {
    let questions = store.wave_questions(form_id, wave_id)?;
    let mut counting = Counting::new(&questions, include_drafts, hold, texts);
    store.read_wave(wave_id, include_drafts, &mut counting)?;
    Ok(counting.finish())
}

/// A wave's name, for file names and comparisons ("" if it is gone).
pub fn wave_name(store: &Store, form_id: FormId, wave_id: WaveId) -> Result<String> {
    let forms = store.survey_forms()?;
    let wave = forms.iter().filter(|f| f.id == form_id).flat_map(|f| &f.waves).find(|w| w.id == wave_id);
    Ok(wave.map(|w| w.name.clone()).unwrap_or_default())
}

/// The form and wave a user names on the command line: the wave's name, in the form given, else in
/// the form the window shows if it has that wave, else in the latest form that has it.
pub fn find_wave(store: &Store, form_id: Option<FormId>, wave: &str) -> Result<(FormId, WaveId)> {
    Ok(store.find_form_wave(form_id, wave)?)
}

/// Reads an export (nothing is written): what its import would bring.
pub fn preview(store: &Store, path: &Path) -> Result<SurveyImportPreview> {
    let forms = store.survey_forms()?;
    Ok(files::with_survey_export(path, |export| Ok(SurveyImportPreview::new(path, export, &forms)))?)
}

/// Imports the export into the wave, all or nothing, its responses proposed to the structures they
/// name. The form imported becomes the one the window shows.
pub fn import(store: &mut Store, path: &Path, wave: &str) -> Result<SurveyImportResult> {
    let (outcome, form_title) =
        files::with_survey_export(path, |export| Ok((store.import_survey(export, wave)?, export.form_title.clone())))?;
    store.choose_survey_form(outcome.form_id)?;
    Ok(SurveyImportResult::new(wave.trim(), &form_title, &outcome))
}

/// The figures of a wave as `fabrique-cli survey stats` gives them.
pub fn stats(store: &Store, form_id: FormId, wave_id: WaveId, include_drafts: bool) -> Result<StatsJson> {
    let counted = counted(store, form_id, wave_id, include_drafts, &[], Texts::CountOnly)?;
    Ok(StatsJson::new(&wave_name(store, form_id, wave_id)?, &counted.figures()))
}

/// One question in detail: its figures, split by a question or a kind of structure, and compared
/// with another wave of the same form.
pub fn question_detail(
    store: &Store,
    form_id: FormId,
    wave_id: WaveId,
    key: &str,
    include_drafts: bool,
    split_by: Option<&SplitBy>,
    compare_wave_id: Option<WaveId>,
) -> Result<Option<QuestionDetail>> {
    let mut hold = vec![key];
    if let Some(SplitBy::Question { key }) = split_by {
        hold.push(key);
    }
    let this_wave = counted(store, form_id, wave_id, include_drafts, &hold, Texts::Keep)?;
    let structures = store.list_structures()?;
    let other = match compare_wave_id.filter(|id| *id != wave_id) {
        Some(id) => {
            Some((wave_name(store, form_id, id)?, counted(store, form_id, id, include_drafts, &[], Texts::CountOnly)?))
        }
        None => None,
    };
    let this_name = wave_name(store, form_id, wave_id)?;
    Ok(QuestionDetail::new(QuestionDetailInput {
        key,
        counted: &this_wave,
        structures: &structures,
        split_by,
        compare_with: other.as_ref().map(|(name, c)| (name.as_str(), this_name.as_str(), c)),
    }))
}

fn form(store: &Store, form_id: FormId) -> Result<SurveyForm> {
    store
        .survey_forms()?
        .into_iter()
        .find(|f| f.id == form_id)
        .ok_or_else(|| UseCaseError::refused(ErrorCode::NotFound, "Ce formulaire est introuvable : actualisez."))
}

/// The linking screen of a wave: each response, what it names, its link and the candidates.
pub fn links(store: &Store, form_id: FormId, wave_id: WaveId) -> Result<Vec<LinkRow>> {
    let form = form(store, form_id)?;
    let structures = store.list_structures()?;
    let rows = store.wave_submissions(wave_id)?;
    Ok(link_rows(&rows, &structures, form.link_name_key.as_deref(), form.link_commune_key.as_deref()))
}

/// Designates the questions that name the structure and its commune, and proposes links again;
/// returns how many responses were proposed a structure.
pub fn set_link_questions(
    store: &mut Store,
    form_id: FormId,
    name_key: Option<&str>,
    commune_key: Option<&str>,
) -> Result<u32> {
    store.set_link_questions(form_id, name_key, commune_key)?;
    Ok(store.propose_survey_links(form_id)?)
}

/// The user's decision on one response: this structure (confirmed), or none (rejected).
pub fn set_submission_link(
    store: &mut Store,
    submission_id: SubmissionId,
    structure_id: Option<StructureId>,
) -> Result<()> {
    let state = if structure_id.is_some() { LinkState::Confirmed } else { LinkState::Rejected };
    Ok(store.set_submission_link(submission_id, structure_id, state)?)
}

/// The « photographie » of a wave as a PDF, with the evolution since the wave imported before it.
pub fn report_pdf(
    store: &Store,
    form_id: FormId,
    wave_id: WaveId,
    include_drafts: bool,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    let form = form(store, form_id)?;
    let themes = store.survey_themes(form_id)?;
    let counted = counted(store, form_id, wave_id, include_drafts, &[], Texts::Keep)?;
    let directory_size = store.list_structures()?.len() as u32;
    let earlier = match earlier_wave(&form, wave_id) {
        Some(w) => Some((w.name.clone(), counted_stats(store, form_id, w.id, include_drafts)?)),
        None => None,
    };
    let earlier = earlier.as_ref().map(|(name, stats)| (name.as_str(), stats));
    let document = report_document(&form, wave_id, &counted.asked, &themes, &counted, directory_size, earlier, today);
    Ok(fabrique_reports::render(&document)?)
}

fn counted_stats(store: &Store, form_id: FormId, wave_id: WaveId, include_drafts: bool) -> Result<WaveStats> {
    Ok(counted(store, form_id, wave_id, include_drafts, &[], Texts::CountOnly)?.into_stats())
}

/// The figures of a wave as a workbook, for people who make their own charts.
pub fn write_figures(store: &Store, form_id: FormId, wave_id: WaveId, include_drafts: bool, path: &Path) -> Result<()> {
    let wave = wave_name(store, form_id, wave_id)?;
    let stats = counted(store, form_id, wave_id, include_drafts, &[], Texts::Keep)?.into_stats();
    Ok(files::write_survey_figures(path, &wave, &stats)?)
}
/// The wave to compare a wave's report with: the one imported just before it, if any.
pub fn earlier_wave(form: &SurveyForm, wave_id: WaveId) -> Option<&WaveInfo> {
    let at = form.waves.iter().position(|w| w.id == wave_id)?;
    at.checked_sub(1).map(|i| &form.waves[i])
}
/// The "photographie" report of a wave, as a document to print. The questions that link responses
/// to structures (the form's `link_name_key` and `link_commune_key`) are never quoted. `earlier`, the
/// name and figures of an earlier wave of the same form (see [`earlier_wave`]), adds the evolution since it.
#[allow(clippy::too_many_arguments)]
pub fn report_document(
    form: &SurveyForm,
    wave_id: WaveId,
    questions: &[StoredQuestion],
    themes: &[String],
    counted: &Counted,
    directory_size: u32,
    earlier: Option<(&str, &WaveStats)>,
    today: chrono::NaiveDate,
) -> fabrique_pdf::Document {
    let stats = counted.stats();
    let pairs: Vec<(&QuestionDef, &QuestionStats)> = counted.questions.iter().zip(&stats.questions).collect();
    let grouped = by_theme(themes, questions, &pairs);
    let dates: Vec<chrono::NaiveDate> =
        counted.rows.iter().filter_map(|r| r.submission.submitted_at.as_deref().and_then(parse_date)).collect();
    let wave = form.waves.iter().find(|w| w.id == wave_id).map(|w| w.name.clone()).unwrap_or_default();
    let linked = counted
        .rows
        .iter()
        .filter(|r| r.structure_id.is_some() && matches!(r.link_state, LinkState::Proposed | LinkState::Confirmed))
        .count() as u32;
    let long = french::long_date;
    fabrique_reports::survey::survey_report(&fabrique_reports::survey::SurveyReportInput {
        form_title: &form.title,
        wave: &wave,
        first_date: dates.iter().min().copied().map(long),
        last_date: dates.iter().max().copied().map(long),
        responses: stats.responses,
        directory_size,
        linked,
        themes: grouped.into_iter().map(|(theme, items)| (theme, items.into_iter().copied().collect())).collect(),
        link_keys: [&form.link_name_key, &form.link_commune_key].into_iter().flatten().map(String::as_str).collect(),
        earlier: earlier.map(|(name, stats)| fabrique_reports::survey::EarlierWave { name, stats }),
        today,
    })
}
/// "22/06/2021 - 14:32" (the site's short format), "2021-06-22T14:32:00" (XLSX), or the month
/// first as some spreadsheets resave it.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let day = text.split([' ', 'T']).next()?;
    french::parse_date(day).or_else(|| NaiveDate::parse_from_str(day, "%m/%d/%Y").ok())
}

#[cfg(test)]
mod tests {
    use fabrique_api::testing::{form, stored, text_of};

    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 5, 4).unwrap()
    }

    #[test]
    fn the_earlier_wave_is_the_one_imported_before() {
        let f = form();
        assert_eq!(earlier_wave(&f, 11).map(|w| w.name.as_str()), Some("2021"));
        assert_eq!(earlier_wave(&f, 12).map(|w| w.name.as_str()), Some("2022"));
        assert_eq!(earlier_wave(&f, 10), None);
        assert_eq!(earlier_wave(&f, 99), None);
    }
    #[test]
    fn the_report_leaves_out_the_linking_answers_and_shows_the_evolution() {
        let f = form();
        let (questions, before) = stored(30, 10);
        let (_, counted) = stored(40, 11);
        let themes: Vec<String> = vec!["Communication".into(), "Équipements".into()];
        let earlier = before.stats();
        let doc = report_document(&f, 11, &questions, &themes, &counted, 40, Some(("2021", earlier)), today());
        let text = text_of(&doc.blocks);
        assert!(!text.contains("Maison de quartier"), "names given to link responses are not quoted:\n{text}");
        assert!(!text.contains("Cenon"), "nor communes:\n{text}");
        assert!(text.contains("Évolution depuis 2021"), "{text}");
        assert!(text.contains("pts|"), "changes in points:\n{text}");
        let alone = text_of(&report_document(&f, 11, &questions, &themes, &counted, 40, None, today()).blocks);
        assert!(!alone.contains("Évolution depuis"));
        // A form without linking questions quotes its free texts (the demo's names among them).
        let open = SurveyForm { link_name_key: None, link_commune_key: None, ..form() };
        let quoted = text_of(&report_document(&open, 11, &questions, &themes, &counted, 40, None, today()).blocks);
        assert!(quoted.contains("Maison de quartier"));
    }
}
