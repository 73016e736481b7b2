//! The news watch (« veille »): feeds followed, fetched, items marked; links added by hand.

use fabrique_api::{FetchReport, VeilleView};
use fabrique_core::veille::{Item, ItemId, ItemMarks, Source, SourceId};
use fabrique_store::veille_fetch::FetchLimits;
use fabrique_usecases::veille;
use tauri::State;

use crate::error::CommandResult;
use crate::state::{on_blocking_thread, AppState};

#[tauri::command]
pub async fn veille_view(state: State<'_, AppState>) -> CommandResult<VeilleView> {
    state.run(|s| Ok(veille::view(&s.store)?)).await
}

#[tauri::command]
pub async fn add_veille_feed(state: State<'_, AppState>, url: String) -> CommandResult<Source> {
    state.run(move |s| Ok(veille::add_feed(&mut s.store, &url)?)).await
}

#[tauri::command]
pub async fn delete_veille_feed(state: State<'_, AppState>, id: SourceId) -> CommandResult<()> {
    state.run(move |s| Ok(veille::delete_feed(&mut s.store, id)?)).await
}

/// Fetches every feed. The base is held only to read what to ask and to keep the answers, never
/// while a server is being waited for: the window stays usable meanwhile.
#[tauri::command]
pub async fn fetch_veille(state: State<'_, AppState>) -> CommandResult<Vec<FetchReport>> {
    let plan = state.run(|s| Ok(veille::to_fetch(&s.store)?)).await?;
    let answers = on_blocking_thread(move || Ok(veille::fetch(plan, FetchLimits::default()))).await?;
    state.run(move |s| Ok(veille::record(&mut s.store, answers)?)).await
}

#[tauri::command]
pub async fn add_veille_link(
    state: State<'_, AppState>,
    url: String,
    title: String,
    note: String,
) -> CommandResult<Item> {
    state.run(move |s| Ok(veille::add_link(&mut s.store, &url, &title, &note)?)).await
}

#[tauri::command]
pub async fn mark_veille_item(state: State<'_, AppState>, id: ItemId, marks: ItemMarks) -> CommandResult<Item> {
    state.run(move |s| Ok(veille::mark(&mut s.store, id, marks)?)).await
}
