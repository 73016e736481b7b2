//! The native menu bar. Items only tell the window what was chosen (event "menu"): the interface
//! runs the same action as its own buttons, so both paths behave alike.

use fabrique_api::MenuAction;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem, Submenu};
use tauri::{App, Emitter, Runtime};

pub fn install<R: Runtime>(app: &mut App<R>) -> tauri::Result<()> {
    let handle = app.handle();
    let item = |action: MenuAction, label: &str, accelerator: Option<&str>| {
        MenuItem::with_id(handle, action.id(), label, true, accelerator)
    };
    let file = Submenu::with_items(
        handle,
        "Fichier",
        true,
        &[
            &item(MenuAction::New, "Nouveau", Some("CmdOrCtrl+N"))?,
            // No accelerator: a menu's accelerator is taken before the page sees the key, and in a
            // dossier's text Ctrl+I is italic. The window's own handler imports on Ctrl+I elsewhere.
            &item(MenuAction::Import, "Importer des structures…", None)?,
            &item(MenuAction::Export, "Exporter l'annuaire…", Some("CmdOrCtrl+E"))?,
            &PredefinedMenuItem::separator(handle)?,
            &item(MenuAction::Backup, "Sauvegarder la base…", None)?,
            &item(MenuAction::Restore, "Restaurer une sauvegarde…", None)?,
            &PredefinedMenuItem::separator(handle)?,
            &item(MenuAction::TeamBase, "Base d'équipe…", None)?,
            &PredefinedMenuItem::separator(handle)?,
            &item(MenuAction::Demo, "Charger les données de démonstration", None)?,
            &PredefinedMenuItem::separator(handle)?,
            // Not the predefined item: quitting goes through the window, which asks about unsaved changes.
            &item(MenuAction::Quit, "Quitter Fabrique", Some("CmdOrCtrl+Q"))?,
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
            &item(MenuAction::Find, "Rechercher", Some("CmdOrCtrl+F"))?,
        ],
    )?;
    let help = Submenu::with_items(
        handle,
        "Aide",
        true,
        &[
            &item(MenuAction::Shortcuts, "Raccourcis clavier", Some("F1"))?,
            &item(MenuAction::About, "À propos de Fabrique", None)?,
        ],
    )?;
    let menu = Menu::with_items(handle, &[&file, &edit, &help])?;
    app.set_menu(menu)?;
    app.on_menu_event(|app, event| {
        if let Some(action) = MenuAction::from_id(event.id().0.as_str()) {
            let _ = app.emit_to("main", "menu", action);
        }
    });
    Ok(())
}
