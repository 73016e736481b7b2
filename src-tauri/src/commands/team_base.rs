//! The « Base d'équipe » screen: which team base the window may open, connecting to it (the
//! password kept in the system's keychain), going back to the local base, and forgetting a kept
//! password. Switching is always the user's explicit choice; the badge then shows the new base.

use std::path::PathBuf;

use fabrique_api::{BaseShown, TeamBaseSettings, TeamConnected, TeamServerFields};
use fabrique_store::team::choice::choice_path;
use fabrique_store::{Store, TeamServer};
use fabrique_usecases::team;
use tauri::State;

use crate::dialogs::CERTIFICATES;
use crate::error::CommandResult;
use crate::state::{on_blocking_thread, AppState};

fn fields(server: TeamServer) -> TeamServerFields {
    TeamServerFields {
        host: server.host,
        port: server.port,
        database: server.database,
        user: server.user,
        ca_file: server.ca_file.map(|path| path.display().to_string()),
    }
}

fn server(fields: TeamServerFields) -> TeamServer {
    TeamServer {
        host: fields.host,
        port: fields.port,
        database: fields.database,
        user: fields.user,
        ca_file: fields.ca_file.filter(|path| !path.trim().is_empty()).map(PathBuf::from),
    }
}

/// The team base known (the one open, else the last connected to) and whether its password is kept.
#[tauri::command]
pub async fn team_base_settings(state: State<'_, AppState>) -> CommandResult<TeamBaseSettings> {
    let local_file = state.local_path().display().to_string();
    let open = state.run(|s| Ok(s.store.team_address().map(|address| address.server_fields()))).await.ok().flatten();
    on_blocking_thread(move || {
        let (server, password_kept) = team::known_team_base(open, &choice_path())?;
        Ok(TeamBaseSettings { server: server.map(fields), password_kept, local_file })
    })
    .await
}

/// « Se connecter »: the window moves to the team base once it is open; on any failure it stays
/// where it was and the message says why.
#[tauri::command]
pub async fn connect_team_base(
    state: State<'_, AppState>,
    server: TeamServerFields,
    password: String,
    remember: bool,
) -> CommandResult<TeamConnected> {
    let server = self::server(server);
    state
        .switch(move || {
            let opened = team::connect(&server, &password, remember, &choice_path())?;
            let base = BaseShown { team: true, name: opened.address.short_name() };
            let connected = TeamConnected { base, password_kept: opened.password_kept, warnings: opened.warnings };
            Ok((opened.store, Some(opened.address), connected))
        })
        .await
}

/// « Revenir à la base locale »: the local file, now and at the next start.
#[tauri::command]
pub async fn use_local_base(state: State<'_, AppState>) -> CommandResult<BaseShown> {
    let path = state.local_path().to_path_buf();
    state
        .switch(move || {
            let store = Store::open(&path)?;
            team::choose_local_base(&choice_path())?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            Ok((store, None, BaseShown { team: false, name }))
        })
        .await
}

#[tauri::command]
pub async fn forget_team_password(server: TeamServerFields) -> CommandResult<()> {
    let server = self::server(server);
    on_blocking_thread(move || Ok(team::forget_password(&server)?)).await
}

/// The certificate authority of the federation's own server, picked in a file dialog.
#[tauri::command]
pub async fn pick_team_ca_file(state: State<'_, AppState>) -> CommandResult<Option<String>> {
    let dialogs = state.dialogs()?;
    on_blocking_thread(move || {
        Ok(dialogs.open_file("Certificat d'autorité du serveur", &CERTIFICATES).map(|p| p.display().to_string()))
    })
    .await
}
