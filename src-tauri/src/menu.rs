//! The native menu bar. Items only tell the window what was chosen (event "menu"): the interface
//! runs the same action as its own buttons, so both paths behave alike.

use tauri::menu::{Menu, MenuItem, PredefinedMenuItem, Submenu};
use tauri::{App, Emitter, Runtime};

pub fn install<R: Runtime>(app: &mut App<R>) -> tauri::Result<()> {
    let handle = app.handle();
    let item = |id: &str, label: &str, accelerator: Option<&str>| MenuItem::with_id(handle, id, label, true, accelerator);
    let file = Submenu::with_items(
        handle,
        "Fichier",
        true,
        &[
            &item("new_structure", "Nouvelle structure", Some("CmdOrCtrl+N"))?,
            &item("import", "Importer des structures…", Some("CmdOrCtrl+I"))?,
            &item("export", "Exporter l'annuaire…", Some("CmdOrCtrl+E"))?,
            &PredefinedMenuItem::separator(handle)?,
            &item("backup", "Sauvegarder la base…", None)?,
            &item("restore", "Restaurer une sauvegarde…", None)?,
            &PredefinedMenuItem::separator(handle)?,
            &item("demo", "Charger les données de démonstration", None)?,
            &PredefinedMenuItem::separator(handle)?,
            &PredefinedMenuItem::quit(handle, Some("Quitter Fabrique"))?,
        ],
    )?;
    // Predefined items give the system clipboard shortcuts (needed on macOS for text fields).
    let edit = Submenu::with_items(
        handle,
        "Édition",
        true,
        &[
            &PredefinedMenuItem::undo(handle, Some("Annuler"))?,
            &PredefinedMenuItem::redo(handle, Some("Rétablir"))?,
            &PredefinedMenuItem::separator(handle)?,
            &PredefinedMenuItem::cut(handle, Some("Couper"))?,
            &PredefinedMenuItem::copy(handle, Some("Copier"))?,
            &PredefinedMenuItem::paste(handle, Some("Coller"))?,
            &PredefinedMenuItem::select_all(handle, Some("Tout sélectionner"))?,
            &PredefinedMenuItem::separator(handle)?,
            &item("find", "Rechercher", Some("CmdOrCtrl+F"))?,
        ],
    )?;
    let menu = Menu::with_items(handle, &[&file, &edit])?;
    app.set_menu(menu)?;
    app.on_menu_event(|app, event| {
        let _ = app.emit_to("main", "menu", event.id().0.as_str());
    });
    Ok(())
}
