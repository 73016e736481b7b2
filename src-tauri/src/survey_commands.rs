//! The Enquête view's commands: import an export through the file dialog, read the figures,
//! correct the question model, link responses to structures, export the report and the figures.

use fabrique_api::survey::{
    earlier_wave, link_rows, report_document, Counted, Counting, LinkRow, QuestionDetail, QuestionDetailInput, SplitBy,
    SurveyImportPreview, SurveyImportResult, SurveyView, SurveyViewInput,
};
use fabrique_api::ApiError;
use fabrique_core::survey::stats::Texts;
use fabrique_core::survey::{FormId, LinkState, QuestionKind, SubmissionId, WaveId};
use fabrique_core::StructureId;
use fabrique_store::{files, Store};
use tauri::State;

use crate::dialogs::{PDF, SURVEY_EXPORTS, XLSX};
use crate::state::{api_error, AppState};

type CommandResult<T> = Result<T, ApiError>;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The wave to show. The form: the one asked for (remembered for the next start), else the one
/// shown last, else the most recently imported. The wave: the one asked for if it belongs to that
/// form, else the form's latest. Every form stays reachable whatever was imported after it.
fn resolve(
    store: &mut Store,
    form_id: Option<FormId>,
    wave_id: Option<WaveId>,
) -> CommandResult<Option<(FormId, WaveId)>> {
    let forms = store.survey_forms().map_err(api_error)?;
    let asked = form_id.and_then(|id| forms.iter().find(|f| f.id == id));
    let chosen = store.chosen_survey_form().map_err(api_error)?;
    if let Some(form) = asked.filter(|f| Some(f.id) != chosen) {
        store.choose_survey_form(form.id).map_err(api_error)?;
    }
    let form = asked.or_else(|| chosen.and_then(|id| forms.iter().find(|f| f.id == id))).or(forms.last());
    let Some(form) = form else { return Ok(None) };
    let wave = wave_id.and_then(|id| form.waves.iter().find(|w| w.id == id)).or(form.waves.last());
    Ok(wave.map(|w| (form.id, w.id)))
}

/// What a wave's figures count: the questions its exports contained, and its submissions, with the
/// answers to `hold` kept for a split and the free texts copied when `texts` keeps them.
fn counted(
    store: &Store,
    form_id: FormId,
    wave_id: WaveId,
    include_drafts: bool,
    hold: &[&str],
    texts: Texts,
) -> CommandResult<Counted> {
    let questions = store.wave_questions(form_id, wave_id).map_err(api_error)?;
    let mut counting = Counting::new(&questions, include_drafts, hold, texts);
    store.read_wave(wave_id, include_drafts, &mut counting).map_err(api_error)?;
    Ok(counting.finish())
}

/// A wave's name, for file names and comparisons ("" if it is gone).
fn wave_name(store: &Store, form_id: FormId, wave_id: WaveId) -> CommandResult<String> {
    let forms = store.survey_forms().map_err(api_error)?;
    let wave = forms.iter().filter(|f| f.id == form_id).flat_map(|f| &f.waves).find(|w| w.id == wave_id);
    Ok(wave.map(|w| w.name.clone()).unwrap_or_default())
}

fn view(store: &Store, form_id: FormId, wave_id: WaveId, include_drafts: bool) -> CommandResult<SurveyView> {
    let questions = store.survey_questions(form_id).map_err(api_error)?;
    let counted = counted(store, form_id, wave_id, include_drafts, &[], Texts::CountOnly)?;
    Ok(SurveyView::new(SurveyViewInput {
        forms: store.survey_forms().map_err(api_error)?,
        form_id,
        wave_id,
        include_drafts,
        themes: store.survey_themes(form_id).map_err(api_error)?,
        questions: &questions,
        counted: &counted,
        directory_size: store.list_structures().map_err(api_error)?.len() as u32,
    }))
}

/// The view of a wave; `None` when nothing has been imported yet. A form asked for is remembered,
/// so the next start shows it again.
#[tauri::command]
pub async fn survey_view(
    state: State<'_, AppState>,
    form_id: Option<FormId>,
    wave_id: Option<WaveId>,
    include_drafts: bool,
) -> CommandResult<Option<SurveyView>> {
    state
        .run(move |s| match resolve(&mut s.store, form_id, wave_id)? {
            None => Ok(None),
            Some((form, wave)) => view(&s.store, form, wave, include_drafts).map(Some),
        })
        .await
}

/// Asks for an export file and reads it (nothing is written): what the import would bring.
#[tauri::command]
pub async fn pick_survey_file(state: State<'_, AppState>) -> CommandResult<Option<SurveyImportPreview>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let Some(path) = dialogs.open_file("Importer un export Framaforms", &SURVEY_EXPORTS) else {
                return Ok(None);
            };
            let forms = s.store.survey_forms().map_err(api_error)?;
            let preview =
                files::with_survey_export(&path, |export| Ok(SurveyImportPreview::new(&path, export, &forms)));
            Ok(Some(preview.map_err(api_error)?))
        })
        .await
}

/// Imports the file into the wave, all or nothing, its responses proposed to the structures they
/// name. The form imported becomes the one the view shows.
#[tauri::command]
pub async fn import_survey(
    state: State<'_, AppState>,
    path: String,
    wave: String,
) -> CommandResult<SurveyImportResult> {
    state
        .run(move |s| {
            let (outcome, form_title) = files::with_survey_export(std::path::Path::new(&path), |export| {
                Ok((s.store.import_survey(export, &wave)?, export.form_title.clone()))
            })
            .map_err(api_error)?;
            s.store.choose_survey_form(outcome.form_id).map_err(api_error)?;
            Ok(SurveyImportResult::new(wave.trim(), &form_title, &outcome))
        })
        .await
}

#[tauri::command]
pub async fn question_detail(
    state: State<'_, AppState>,
    form_id: FormId,
    wave_id: WaveId,
    key: String,
    include_drafts: bool,
    split_by: Option<SplitBy>,
    compare_wave_id: Option<WaveId>,
) -> CommandResult<Option<QuestionDetail>> {
    state
        .run(move |s| {
            let mut hold = vec![key.as_str()];
            if let Some(SplitBy::Question { key }) = &split_by {
                hold.push(key);
            }
            let this_wave = counted(&s.store, form_id, wave_id, include_drafts, &hold, Texts::Keep)?;
            let structures = s.store.list_structures().map_err(api_error)?;
            let other = match compare_wave_id.filter(|id| *id != wave_id) {
                Some(id) => Some((
                    wave_name(&s.store, form_id, id)?,
                    counted(&s.store, form_id, id, include_drafts, &[], Texts::CountOnly)?,
                )),
                None => None,
            };
            let this_name = wave_name(&s.store, form_id, wave_id)?;
            Ok(QuestionDetail::new(QuestionDetailInput {
                key: &key,
                counted: &this_wave,
                structures: &structures,
                split_by: split_by.as_ref(),
                compare_with: other.as_ref().map(|(name, c)| (name.as_str(), this_name.as_str(), c)),
            }))
        })
        .await
}

#[tauri::command]
pub async fn set_question_kind(
    state: State<'_, AppState>,
    form_id: FormId,
    key: String,
    kind: QuestionKind,
) -> CommandResult<()> {
    state.run(move |s| s.store.set_question_kind(form_id, &key, kind).map_err(api_error)).await
}

#[tauri::command]
pub async fn set_question_theme(
    state: State<'_, AppState>,
    form_id: FormId,
    key: String,
    theme: Option<String>,
) -> CommandResult<()> {
    state.run(move |s| s.store.set_question_theme(form_id, &key, theme.as_deref()).map_err(api_error)).await
}

#[tauri::command]
pub async fn add_survey_theme(state: State<'_, AppState>, form_id: FormId, name: String) -> CommandResult<()> {
    state.run(move |s| s.store.add_survey_theme(form_id, &name).map_err(api_error)).await
}

/// The linking screen of a wave: each response, what it names, its link and the candidates.
#[tauri::command]
pub async fn survey_links(state: State<'_, AppState>, form_id: FormId, wave_id: WaveId) -> CommandResult<Vec<LinkRow>> {
    state
        .run(move |s| {
            let form = s.store.survey_forms().map_err(api_error)?.into_iter().find(|f| f.id == form_id);
            let form = form.ok_or_else(|| ApiError::new("not_found", "Ce formulaire est introuvable : actualisez."))?;
            let structures = s.store.list_structures().map_err(api_error)?;
            let rows = s.store.wave_submissions(wave_id).map_err(api_error)?;
            Ok(link_rows(&rows, &structures, form.link_name_key.as_deref(), form.link_commune_key.as_deref()))
        })
        .await
}

/// Designates the questions that name the structure and its commune, and proposes links again.
#[tauri::command]
pub async fn set_link_questions(
    state: State<'_, AppState>,
    form_id: FormId,
    name_key: Option<String>,
    commune_key: Option<String>,
) -> CommandResult<u32> {
    state
        .run(move |s| {
            s.store.set_link_questions(form_id, name_key.as_deref(), commune_key.as_deref()).map_err(api_error)?;
            s.store.propose_survey_links(form_id).map_err(api_error)
        })
        .await
}

/// The user's decision on one response: this structure (confirmed), or none (rejected).
#[tauri::command]
pub async fn set_submission_link(
    state: State<'_, AppState>,
    submission_id: SubmissionId,
    structure_id: Option<StructureId>,
) -> CommandResult<()> {
    let link_state = if structure_id.is_some() { LinkState::Confirmed } else { LinkState::Rejected };
    state.run(move |s| s.store.set_submission_link(submission_id, structure_id, link_state).map_err(api_error)).await
}

#[tauri::command]
pub async fn export_survey_report(
    state: State<'_, AppState>,
    form_id: FormId,
    wave_id: WaveId,
    include_drafts: bool,
) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let forms = s.store.survey_forms().map_err(api_error)?;
            let form = forms
                .iter()
                .find(|f| f.id == form_id)
                .ok_or_else(|| ApiError::new("not_found", "Formulaire introuvable : actualisez."))?;
            let wave = wave_name(&s.store, form_id, wave_id)?;
            let Some(path) =
                dialogs.save_file("Exporter la photographie en PDF", &format!("photographie-{wave}.pdf"), &PDF)
            else {
                return Ok(None);
            };
            let themes = s.store.survey_themes(form_id).map_err(api_error)?;
            let counted = counted(&s.store, form_id, wave_id, include_drafts, &[], Texts::Keep)?;
            let directory_size = s.store.list_structures().map_err(api_error)?.len() as u32;
            // The wave imported just before this one, if any, for the evolution since it.
            let earlier = match earlier_wave(form, wave_id) {
                Some(w) => Some((
                    w.name.clone(),
                    self::counted(&s.store, form_id, w.id, include_drafts, &[], Texts::CountOnly)?.into_stats(),
                )),
                None => None,
            };
            let earlier = earlier.as_ref().map(|(name, stats)| (name.as_str(), stats));
            let document =
                report_document(form, wave_id, &counted.asked, &themes, &counted, directory_size, earlier, today());
            let bytes = fabrique_reports::render(&document).map_err(|e| ApiError::new("pdf", e.to_string()))?;
            files::write_document(&path, &bytes).map_err(api_error)?;
            Ok(Some(path.display().to_string()))
        })
        .await
}

#[tauri::command]
pub async fn export_survey_figures(
    state: State<'_, AppState>,
    form_id: FormId,
    wave_id: WaveId,
    include_drafts: bool,
) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let wave = wave_name(&s.store, form_id, wave_id)?;
            let Some(path) = dialogs.save_file("Exporter les chiffres", &format!("enquete-{wave}.xlsx"), &XLSX) else {
                return Ok(None);
            };
            let stats = counted(&s.store, form_id, wave_id, include_drafts, &[], Texts::Keep)?.into_stats();
            files::write_survey_figures(&path, &wave, &stats).map_err(api_error)?;
            Ok(Some(path.display().to_string()))
        })
        .await
}
