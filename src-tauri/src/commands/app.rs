//! The application's own commands: what the window knows of its base, autosaved form drafts,
//! links, quitting, backups and restores, and replacing a base that could not be opened.

use std::path::Path;

use fabrique_api::{AppInfo, ReplaceResult, RestoreResult, SavedDraft};
use fabrique_core::validate::external_link;
use fabrique_core::ErrorCode;
use tauri::State;

use super::{save_as, today};
use crate::dialogs::DATABASES;
use crate::error::{CommandError, CommandResult};
use crate::state::{on_blocking_thread, AppState};

/// Autosave: keeps what a form holds (JSON text) until it is saved or discarded.
#[tauri::command]
pub async fn save_form_draft(state: State<'_, AppState>, key: String, content: String) -> CommandResult<()> {
    state.run(move |s| Ok(s.store.save_form_draft(&key, &content)?)).await
}

#[tauri::command]
pub async fn form_draft(state: State<'_, AppState>, key: String) -> CommandResult<Option<SavedDraft>> {
    state
        .run(move |s| {
            let draft = s.store.form_draft(&key)?;
            Ok(draft.map(|d| SavedDraft { content: d.content, saved_at: d.saved_at }))
        })
        .await
}

#[tauri::command]
pub async fn discard_form_draft(state: State<'_, AppState>, key: String) -> CommandResult<()> {
    state.run(move |s| Ok(s.store.discard_form_draft(&key)?)).await
}

/// Opens a structure's website or e-mail with the system's browser or mail program. Only what
/// [`external_link`] accepts is opened: imported text cannot launch a file or a program.
#[tauri::command]
pub fn open_link(target: String) -> CommandResult<()> {
    let url = external_link(&target).ok_or_else(|| {
        CommandError::new(
            ErrorCode::InvalidLink,
            format!(
                "« {} » n'est ni une adresse de site web ni une adresse e-mail : corrigez-la dans la fiche.",
                target.trim()
            ),
        )
    })?;
    open::that_detached(&url).map_err(|e| {
        CommandError::new(
            ErrorCode::OpenFailed,
            format!(
                "Impossible d'ouvrir « {url} » ({e}) : copiez l'adresse dans votre navigateur ou votre messagerie."
            ),
        )
    })
}

/// Opens the folder that holds the base in the system's file manager (« À propos »), so a delegate
/// finds the file to back up or hand to the IT service.
#[tauri::command]
pub fn open_data_folder(state: State<'_, AppState>) -> CommandResult<()> {
    let path = state.db_path();
    let folder = path.as_deref().and_then(Path::parent).ok_or_else(|| {
        CommandError::new(
            ErrorCode::OpenFailed,
            "Cette base n'est pas dans un dossier de cet ordinateur (base d'équipe sur un serveur, ou base en mémoire).",
        )
    })?;
    open::that_detached(folder).map_err(|e| {
        CommandError::new(
            ErrorCode::OpenFailed,
            format!(
                "Impossible d'ouvrir le dossier « {} » ({e}) : ouvrez-le depuis l'explorateur de fichiers.",
                folder.display()
            ),
        )
    })
}

/// The interface says whether a form holds unsaved changes, so closing the window can ask first.
#[tauri::command]
pub fn set_unsaved_changes(state: State<'_, AppState>, unsaved: bool) {
    state.set_unsaved_changes(unsaved);
}

/// Quits once the interface has asked about unsaved changes (menu "Quitter" or a guarded close).
#[tauri::command]
pub fn quit<R: tauri::Runtime>(app: tauri::AppHandle<R>, state: State<'_, AppState>) {
    state.set_unsaved_changes(false);
    app.exit(0);
}

/// What changes whenever the base does, whoever changed it (this window, another desktop on the
/// team base, a command line): the window asks every two seconds and reads again what it shows.
#[tauri::command]
pub async fn change_token(state: State<'_, AppState>) -> CommandResult<String> {
    state.run(|s| Ok(s.store.change_stamp()?.token())).await
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> CommandResult<AppInfo> {
    let version = env!("CARGO_PKG_VERSION").to_string();
    let (base, db_path) = state.base_shown();
    if let Some(problem) = state.open_problem() {
        return Ok(AppInfo { version, db_path, base, schema_version: 0, empty: false, problem: Some(problem) });
    }
    state
        .run(|s| {
            Ok(AppInfo {
                version,
                db_path: match s.store.path() {
                    Some(path) => path.display().to_string(),
                    None => db_path,
                },
                base,
                schema_version: s.store.schema_version()?,
                empty: s.store.is_empty()?,
                problem: None,
            })
        })
        .await
}

/// Replaces a database that could not be opened by a backup the user picks (`from_backup`) or by
/// an empty base; the unreadable file is set aside, never deleted. None when the dialog is cancelled.
#[tauri::command]
pub async fn replace_database(state: State<'_, AppState>, from_backup: bool) -> CommandResult<Option<ReplaceResult>> {
    if state.open_problem().is_none() {
        return Err(CommandError::new(
            ErrorCode::DatabaseOpen,
            "La base est ouverte normalement : pour revenir à une sauvegarde, utilisez « Restaurer une sauvegarde… ».",
        ));
    }
    let path = state.db_path().ok_or_else(|| {
        CommandError::new(
            ErrorCode::Internal,
            "Aucun fichier de base n'est associé à cette fenêtre : relancez Fabrique.",
        )
    })?;
    let backup = if from_backup {
        let dialogs = state.dialogs()?;
        match on_blocking_thread(move || Ok(dialogs.open_file("Restaurer une sauvegarde", &DATABASES))).await? {
            Some(p) => Some(p),
            None => return Ok(None),
        }
    } else {
        None
    };
    state
        .reopen(move || {
            let replaced = fabrique_store::Store::replace_unopenable(&path, backup.as_deref())?;
            let set_aside = replaced.set_aside.map(|p| p.display().to_string());
            Ok((replaced.store, Some(ReplaceResult { set_aside })))
        })
        .await
}

#[tauri::command]
pub async fn backup_database(state: State<'_, AppState>) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let default_name = format!("fabrique-{}.fabrique", today().format("%Y-%m-%d"));
            save_as(&*dialogs, "Sauvegarder la base", &default_name, &DATABASES, |path| {
                s.store.backup_to(path)?;
                Ok(())
            })
        })
        .await
}

#[tauri::command]
pub async fn restore_database(state: State<'_, AppState>) -> CommandResult<Option<RestoreResult>> {
    let dialogs = state.dialogs()?;
    state
        .run(move |s| {
            let Some(path) = dialogs.open_file("Restaurer une sauvegarde", &DATABASES) else {
                return Ok(None);
            };
            let outcome = s.store.restore_from(&path)?;
            Ok(Some(RestoreResult {
                path: path.display().to_string(),
                erased_again: outcome.erased_again,
                kept: outcome.kept.map(|kept| kept.display().to_string()),
            }))
        })
        .await
}
