//! Where the database lives: `--db PATH`, else the FABRIQUE_DB variable, else the user's data folder;
//! and where it must not (a network folder).

use std::path::{Path, PathBuf};

pub const DB_ENV: &str = "FABRIQUE_DB";

pub fn database_path(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| std::env::var_os(DB_ENV).filter(|v| !v.is_empty()).map(PathBuf::from))
        .unwrap_or_else(default_database_path)
}

/// `%APPDATA%\Fabrique` on Windows, `~/Library/Application Support/Fabrique` on macOS,
/// `$XDG_DATA_HOME/fabrique` on Linux.
pub fn default_database_path() -> PathBuf {
    let base = dirs::data_dir().unwrap_or_else(|| PathBuf::from("."));
    let folder = if cfg!(target_os = "linux") { "fabrique" } else { "Fabrique" };
    base.join(folder).join("fabrique.sqlite")
}

/// Where a team base's form drafts are kept on this computer: beside the local base, one file per
/// team base (named after it, so two team bases never mix their drafts).
pub fn team_drafts_path(address: &crate::TeamAddress) -> PathBuf {
    let name: String = address
        .short_name()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
        .collect();
    default_database_path().with_file_name(format!("brouillons-{name}.sqlite"))
}

/// True when `path` is in a network folder: a UNC path (`\\serveur\partage\…`) or a mapped
/// network drive on Windows. SQLite's file locks do not hold over SMB, so two desktops writing one
/// base there would corrupt it; the base refuses to open there (exports may go anywhere).
pub fn is_network_folder(path: &Path) -> bool {
    #[cfg(windows)]
    {
        use std::path::{Component, Prefix};
        match path.components().next() {
            Some(Component::Prefix(prefix)) => match prefix.kind() {
                Prefix::UNC(..) | Prefix::VerbatimUNC(..) => true,
                Prefix::Disk(letter) | Prefix::VerbatimDisk(letter) => is_remote_drive(letter),
                _ => false,
            },
            // A path without a drive is on the current directory's drive.
            _ => std::env::current_dir().is_ok_and(|dir| dir != path && is_network_folder(&dir)),
        }
    }
    #[cfg(not(windows))]
    {
        let _ = path;
        false
    }
}

#[cfg(windows)]
fn is_remote_drive(letter: u8) -> bool {
    use windows_sys::Win32::Storage::FileSystem::GetDriveTypeW;
    const DRIVE_REMOTE: u32 = 4;
    let root: Vec<u16> = [letter as u16, b':' as u16, b'\\' as u16, 0].to_vec();
    // SAFETY: `root` is a NUL-terminated UTF-16 string that outlives the call.
    unsafe { GetDriveTypeW(root.as_ptr()) == DRIVE_REMOTE }
}
