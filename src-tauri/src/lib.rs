//! Fabrique's desktop shell: the Tauri window, its menu and file dialogs, and the commands the
//! interface calls. Each command takes the state, calls one function of the store or the core, and
//! turns errors into `{code, message}`; no business rule lives here.

pub mod commands;
pub mod dialogs;
pub mod email_window;
pub mod error;
pub mod menu;
pub mod state;

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
    let commands: Box<dyn Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync> = Box::new(tauri::generate_handler![
        commands::app::app_info,
        commands::app::change_token,
        commands::app::replace_database,
        commands::app::set_unsaved_changes,
        commands::app::open_link,
        commands::app::open_data_folder,
        commands::app::save_form_draft,
        commands::app::form_draft,
        commands::app::discard_form_draft,
        commands::app::quit,
        commands::activity::activity,
        commands::team_base::team_base_settings,
        commands::team_base::connect_team_base,
        commands::team_base::use_local_base,
        commands::team_base::forget_team_password,
        commands::team_base::pick_team_ca_file,
        commands::directory::search_structures,
        commands::directory::structure_detail,
        commands::directory::check_structure,
        commands::directory::create_structure,
        commands::directory::update_structure,
        commands::directory::delete_structure,
        commands::directory::restore_structure,
        commands::directory::save_person,
        commands::directory::delete_person,
        commands::directory::save_visit,
        commands::directory::delete_visit,
        commands::directory::suggest_communes,
        commands::directory::pick_import_file,
        commands::directory::preview_import,
        commands::directory::apply_import,
        commands::directory::export_structures,
        commands::app::backup_database,
        commands::app::restore_database,
        commands::directory::load_demo,
        commands::privacy::export_person,
        commands::privacy::erasure_preview,
        commands::privacy::erase_person,
        commands::privacy::mark_person_reviewed,
        commands::privacy::stale_people,
        commands::privacy::erasures,
        commands::dossiers::dossier_options,
        commands::dossiers::list_dossiers,
        commands::dossiers::create_dossier,
        commands::dossiers::open_dossier,
        commands::dossiers::save_dossier_content,
        commands::dossiers::update_dossier_header,
        commands::dossiers::dossier_versions,
        commands::dossiers::save_dossier_version,
        commands::dossiers::restore_dossier_version,
        commands::dossiers::duplicate_dossier,
        commands::dossiers::delete_dossier,
        commands::dossiers::export_dossier_pdf,
        commands::dossiers::choose_dossier_logo,
        commands::dossiers::remove_dossier_logo,
        commands::publications::publication_board,
        commands::publications::publication_detail,
        commands::publications::set_publication_waiting_days,
        commands::publications::add_publication_image,
        commands::publications::publication_image_data,
        commands::publications::delete_publication_image,
        commands::publications::export_publication_image,
        commands::publications::create_publication,
        commands::publications::save_publication,
        commands::publications::move_publication,
        commands::publications::comment_publication,
        commands::publications::delete_publication,
        commands::publications::export_publications_ics,
        commands::publications::export_publications_csv,
        commands::partners::partner_rows,
        commands::partners::partner_detail,
        commands::partners::create_partner,
        commands::partners::save_partner,
        commands::partners::save_partner_contact,
        commands::partners::delete_partner,
        commands::partners::meeting_rows,
        commands::partners::create_meeting,
        commands::partners::save_meeting,
        commands::partners::delete_meeting,
        commands::partners::set_follow_up_done,
        commands::partners::agenda,
        commands::partners::export_meeting_pdf,
        commands::dossier_life::dossier_life,
        commands::dossier_life::set_dossier_status,
        commands::dossier_life::set_dossier_funder,
        commands::dossier_life::set_dossier_report,
        commands::dossier_life::add_dossier_payment,
        commands::dossier_life::delete_dossier_payment,
        commands::dossier_life::dossier_totals,
        commands::dossier_life::export_dossier_totals,
        commands::lettre::lettre_month,
        commands::lettre::start_lettre,
        commands::lettre::duplicate_lettre,
        commands::lettre::save_lettre,
        commands::lettre::add_fresh_to_lettre,
        commands::lettre::mark_lettre_sent,
        commands::lettre::discard_lettre,
        commands::lettre::export_lettre_html,
        commands::lettre::export_lettre_pdf,
        commands::lettre::show_lettre_email,
        commands::veille::veille_view,
        commands::veille::add_veille_feed,
        commands::veille::delete_veille_feed,
        commands::veille::fetch_veille,
        commands::veille::add_veille_link,
        commands::veille::mark_veille_item,
        commands::dossiers::save_template,
        commands::dossiers::export_template,
        commands::dossiers::import_template,
        commands::dossiers::federation,
        commands::dossiers::save_federation,
        commands::survey::survey_view,
        commands::survey::pick_survey_file,
        commands::survey::import_survey,
        commands::survey::question_detail,
        commands::survey::set_question_kind,
        commands::survey::set_question_theme,
        commands::survey::add_survey_theme,
        commands::survey::survey_links,
        commands::survey::set_link_questions,
        commands::survey::set_submission_link,
        commands::survey::export_survey_report,
        commands::survey::export_survey_figures,
        commands::rgpd::rgpd_dashboard,
        commands::rgpd::rgpd_checklist,
        commands::rgpd::save_rgpd_checklist,
        commands::rgpd::rgpd_centre,
        commands::rgpd::set_rgpd_assessment,
        commands::rgpd::add_rgpd_evidence,
        commands::rgpd::save_rgpd_evidence,
        commands::rgpd::delete_rgpd_evidence,
        commands::rgpd::export_rgpd_report,
        commands::rgpd::export_rgpd_summary,
        commands::rgpd::export_action_plan,
    ]);
    builder
        .manage(email_window::EmailPage::default())
        .register_uri_scheme_protocol(email_window::SCHEME, email_window::serve)
        // Only the main window calls the app: the e-mail window shows a page and nothing more.
        .invoke_handler(move |invoke| {
            if invoke.message.webview().label() == email_window::LABEL {
                invoke.resolver.reject("Cette fenêtre n'appelle pas l'application.");
                return true;
            }
            commands(invoke)
        })
}

pub fn run() {
    let options = LaunchOptions::from_args(std::env::args());
    let named = options
        .db
        .clone()
        .or_else(|| std::env::var_os(fabrique_store::location::DB_ENV).filter(|v| !v.is_empty()).map(PathBuf::from));
    // A base named at start wins; otherwise the one chosen last in the « Base d'équipe » screen.
    let state = match named {
        Some(path) => AppState::open(&path, options.demo),
        None => AppState::open_chosen(options.demo),
    };
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
                if window.label() != email_window::LABEL && window.state::<AppState>().has_unsaved_changes() {
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
