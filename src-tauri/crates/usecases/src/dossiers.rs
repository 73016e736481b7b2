//! Subsidy dossiers: creating one from a template, the open dossier as the editor shows it, its
//! list with completeness, and its PDF.

use chrono::{Datelike, NaiveDate};
use fabrique_api::{DossierRow, DossierSaved, DossierView, NewDossier};
use fabrique_core::dossier::budget::Funder;
use fabrique_core::dossier::{prepare, ContentChanges, DossierContent, DossierHeader, DossierId};
use fabrique_core::survey::FormId;
use fabrique_core::StructureId;
use fabrique_store::Store;

use fabrique_core::ErrorCode;

use crate::{Result, UseCaseError};

/// The open dossier as the editor draws it: text, budget, preview and completeness, with the
/// survey figures of the form it cites.
pub fn view(store: &Store, id: DossierId, today: NaiveDate) -> Result<DossierView> {
    let (dossier, facts, template_title) = store.cited_dossier_bundle(id, today)?;
    let form = store.cited_survey_form(id)?;
    Ok(DossierView::new(&dossier, &facts, &template_title, form))
}

/// One line of the list: title, applicant, completeness.
pub fn row(store: &Store, id: DossierId, today: NaiveDate) -> Result<DossierRow> {
    let (dossier, facts, template_title) = store.cited_dossier_bundle(id, today)?;
    let life = crate::dossier_life::facts(store, id, today)?;
    Ok(DossierRow::new(&dossier, &facts, &template_title, life))
}

pub fn rows(store: &Store, today: NaiveDate) -> Result<Vec<DossierRow>> {
    store.dossiers()?.iter().map(|d| row(store, d.id, today)).collect()
}

/// Refuses a survey form that is not in the base before anything is written.
fn check_survey_form(store: &Store, form_id: Option<FormId>) -> Result<()> {
    let Some(id) = form_id else { return Ok(()) };
    if store.survey_forms()?.iter().any(|f| f.id == id) {
        Ok(())
    } else {
        Err(UseCaseError::refused(
            ErrorCode::NotFound,
            format!("aucun formulaire n° {id} n'est dans la base : choisissez l'une des enquêtes importées."),
        ))
    }
}

/// Creates a dossier from a template, quoting the survey form given (else the first imported).
pub fn create(store: &mut Store, new: NewDossier) -> Result<DossierId> {
    check_survey_form(store, new.survey_form_id)?;
    let dossier = store.create_dossier(&new.template, new.header)?;
    if new.survey_form_id.is_some() {
        store.set_dossier_survey_form(dossier.id, new.survey_form_id)?;
    }
    Ok(dossier.id)
}

/// What a new dossier is about when only its template, applicant, year and funder are given:
/// « <template> — <applicant> — <year> », for next year unless said otherwise.
pub fn new_header(
    store: &Store,
    template: &str,
    applicant: Option<StructureId>,
    year: Option<i32>,
    funder: Funder,
    today: NaiveDate,
) -> Result<DossierHeader> {
    let template = store.template(template)?;
    let year = year.unwrap_or(today.year() + 1);
    let name = match applicant {
        Some(id) => store.structure_detail(id)?.structure.draft.name,
        None => store.federation()?.name,
    };
    Ok(DossierHeader {
        structure_id: applicant,
        title: format!("{} — {name} — {year}", template.title),
        project: String::new(),
        year,
        funder,
    })
}

/// Changes what the dossier is about and, when `survey_form_id` is given, the survey form it
/// quotes (left as it is otherwise).
/// The editor's autosave. With `changed`, only those parts are written, merged with what someone
/// else wrote meanwhile (see `Store::save_dossier_changes`); without, the text is written whole.
pub fn save_content(
    store: &mut Store,
    id: DossierId,
    content: &DossierContent,
    changed: Option<&ContentChanges>,
    today: NaiveDate,
) -> Result<DossierSaved> {
    let (conflicts, budget_conflict) = match changed {
        Some(changes) => {
            let saved = store.save_dossier_changes(id, content, changes)?;
            (saved.conflicts, saved.budget_conflict)
        }
        None => {
            store.save_dossier_content(id, content)?;
            (Vec::new(), false)
        }
    };
    Ok(DossierSaved { view: view(store, id, today)?, conflicts, budget_conflict })
}

pub fn update_header(
    store: &mut Store,
    id: DossierId,
    header: DossierHeader,
    opened_version: Option<i64>,
    survey_form_id: Option<FormId>,
    today: NaiveDate,
) -> Result<DossierView> {
    check_survey_form(store, survey_form_id)?;
    store.update_dossier_header(id, header, opened_version)?;
    if survey_form_id.is_some() && store.dossier_survey_form(id)? != survey_form_id {
        store.set_dossier_survey_form(id, survey_form_id)?;
    }
    view(store, id, today)
}

/// Next year's dossier: same text, budget and survey, the year moved.
pub fn duplicate(store: &mut Store, id: DossierId, year: i32, today: NaiveDate) -> Result<DossierView> {
    let copy = store.duplicate_dossier(id, year)?;
    let form = store.dossier_survey_form(id)?;
    if form.is_some() {
        store.set_dossier_survey_form(copy.id, form)?;
    }
    view(store, copy.id, today)
}

/// The dossier's title, for the PDF's file name.
pub fn title(store: &Store, id: DossierId, today: NaiveDate) -> Result<String> {
    Ok(store.cited_dossier_bundle(id, today)?.0.header.title)
}

/// The dossier as a PDF: title page (with its logo), contents, sections, budget.
pub fn pdf(store: &Store, id: DossierId, today: NaiveDate) -> Result<Vec<u8>> {
    let (dossier, facts, template_title) = store.cited_dossier_bundle(id, today)?;
    let logo = store.dossier_logo(id)?;
    Ok(fabrique_reports::dossier_pdf(&prepare(&dossier, &facts), &template_title, logo)?)
}
