//! Fabrique's desktop shell: the Tauri window, its menu and file dialogs, and the commands the
//! interface calls. Each command takes the state, calls one function of the store or the core, and
//! turns errors into `{code, message}`; no business rule lives here.

pub mod commands;
pub mod dialogs;
pub mod dossier_commands;
pub mod menu;
pub mod rgpd_commands;
pub mod state;
pub mod survey_commands;

use std::path::PathBuf;
use std::sync::Arc;

use tauri::{Builder, Emitter, Manager, Runtime};

use crate::dialogs::{AnswerFileDialogs, FileDialogs, NativeDialogs};
use crate::state::AppState;

/// How the app was started: `fabrique [--db PATH] [--demo]`.
#[derive(Debug, Default, Clone)]
pub struct LaunchOptions {
    pub db: Option<PathBuf>,
    /// Loads the demo directory when the database is empty.
    pub demo: bool,
}

impl LaunchOptions {
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Self {
        let mut options = LaunchOptions::default();
        let mut args = args.into_iter().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--db" => options.db = args.next().map(PathBuf::from),
                "--demo" => options.demo = true,
                other => {
                    if let Some(path) = other.strip_prefix("--db=") {
                        options.db = Some(PathBuf::from(path));
                    }
                }
            }
        }
        options
    }
}

/// Registers the commands and plugins; shared by [`run`] and the command tests.
pub fn builder<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::app_info,
        commands::replace_database,
        commands::set_unsaved_changes,
        commands::open_link,
        commands::save_form_draft,
        commands::form_draft,
        commands::discard_form_draft,
        commands::quit,
        commands::search_structures,
        commands::structure_detail,
        commands::create_structure,
        commands::update_structure,
        commands::delete_structure,
        commands::restore_structure,
        commands::save_person,
        commands::delete_person,
        commands::save_visit,
        commands::delete_visit,
        commands::suggest_communes,
        commands::pick_import_file,
        commands::preview_import,
        commands::apply_import,
        commands::export_structures,
        commands::backup_database,
        commands::restore_database,
        commands::load_demo,
        commands::export_person,
        commands::erasure_preview,
        commands::erase_person,
        commands::mark_person_reviewed,
        commands::stale_people,
        commands::erasures,
        dossier_commands::dossier_options,
        dossier_commands::list_dossiers,
        dossier_commands::create_dossier,
        dossier_commands::open_dossier,
        dossier_commands::save_dossier_content,
        dossier_commands::update_dossier_header,
        dossier_commands::dossier_versions,
        dossier_commands::save_dossier_version,
        dossier_commands::restore_dossier_version,
        dossier_commands::duplicate_dossier,
        dossier_commands::delete_dossier,
        dossier_commands::export_dossier_pdf,
        dossier_commands::choose_dossier_logo,
        dossier_commands::remove_dossier_logo,
        dossier_commands::save_template,
        dossier_commands::export_template,
        dossier_commands::import_template,
        dossier_commands::federation,
        dossier_commands::save_federation,
        survey_commands::survey_view,
        survey_commands::pick_survey_file,
        survey_commands::import_survey,
        survey_commands::question_detail,
        survey_commands::set_question_kind,
        survey_commands::set_question_theme,
        survey_commands::add_survey_theme,
        survey_commands::survey_links,
        survey_commands::set_link_questions,
        survey_commands::set_submission_link,
        survey_commands::export_survey_report,
        survey_commands::export_survey_figures,
        rgpd_commands::rgpd_dashboard,
        rgpd_commands::rgpd_checklist,
        rgpd_commands::save_rgpd_checklist,
        rgpd_commands::rgpd_centre,
        rgpd_commands::set_rgpd_assessment,
        rgpd_commands::add_rgpd_evidence,
        rgpd_commands::save_rgpd_evidence,
        rgpd_commands::delete_rgpd_evidence,
        rgpd_commands::export_rgpd_report,
        rgpd_commands::export_rgpd_summary,
        rgpd_commands::export_action_plan,
    ])
}

pub fn run() {
    let options = LaunchOptions::from_args(std::env::args());
    let db_path = fabrique_store::location::database_path(options.db.clone());
    let state = AppState::open(&db_path, options.demo);
    builder(Builder::default())
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .setup(|app| {
            let dialogs: Arc<dyn FileDialogs> = match AnswerFileDialogs::from_environment() {
                Some(scripted) => Arc::new(scripted),
                None => Arc::new(NativeDialogs::new(app.handle().clone())),
            };
            app.state::<AppState>().set_dialogs(dialogs);
            menu::install(app)?;
            Ok(())
        })
        .on_window_event(|window, event| {
            // With a form holding unsaved changes, the window asks (event "close-requested") and
            // quits through the `quit` command once the user has chosen.
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if window.state::<AppState>().has_unsaved_changes() {
                    api.prevent_close();
                    let _ = window.emit("close-requested", ());
                }
            }
        })
        .run(tauri::generate_context!())
        .expect("la fenêtre de Fabrique n'a pas pu s'ouvrir");
}

#[cfg(test)]
mod tests;
