//! Which base the window opens when it is started without `--db` or `FABRIQUE_DB`: the local file
//! or the team base last connected to from the « Base d'équipe » screen. Kept in a small file
//! beside the local base (`base-choisie.json`); never the password (that is in the keychain).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::fsutil::replace_atomically;
use crate::TeamServer;

/// A choice file is a few hundred bytes; a larger one is not one of ours.
const MAX_CHOICE_BYTES: u64 = 64 * 1024;

/// What the window opens, and the team base it knows (kept when going back to the local base, so
/// returning to the team base needs no retyping).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseChoice {
    /// True: the team base below; false: the local file.
    pub use_team: bool,
    pub team: Option<TeamServer>,
}

/// Where the choice is kept: beside the local base in the user's data folder.
pub fn choice_path() -> PathBuf {
    crate::location::default_database_path().with_file_name("base-choisie.json")
}

impl BaseChoice {
    /// The choice kept in `path`; the local base when there is none yet.
    pub fn load(path: &Path) -> Result<BaseChoice> {
        let unreadable =
            |detail: String| StoreError::BaseChoice { path: path.display().to_string(), action: "lu", detail };
        let size = match std::fs::metadata(path) {
            Ok(meta) => meta.len(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BaseChoice::default()),
            Err(e) => return Err(unreadable(e.to_string())),
        };
        if size > MAX_CHOICE_BYTES {
            return Err(unreadable(format!("{size} octets, bien plus qu'un choix de base")));
        }
        let text = std::fs::read_to_string(path).map_err(|e| unreadable(e.to_string()))?;
        serde_json::from_str(&text).map_err(|e| unreadable(format!("ligne {}, colonne {} : {e}", e.line(), e.column())))
    }

    /// Writes the choice whole (through a temporary file), creating the folder if needed.
    pub fn save(&self, path: &Path) -> Result<()> {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(StoreError::io("de créer le dossier de", path))?;
        }
        let text = serde_json::to_string_pretty(self).expect("a choice serializes");
        replace_atomically(path, |tmp| std::fs::write(tmp, &text).map_err(StoreError::io("d'écrire", path)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server() -> TeamServer {
        TeamServer {
            host: "bdd.federation.example".into(),
            port: 5433,
            database: "fabrique".into(),
            user: "marie".into(),
            ca_file: Some(PathBuf::from("/etc/federation/ca.pem")),
        }
    }

    #[test]
    fn the_choice_is_kept_whole_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sous-dossier").join("base-choisie.json");
        assert_eq!(BaseChoice::load(&path).unwrap(), BaseChoice::default(), "no file: the local base");
        let choice = BaseChoice { use_team: true, team: Some(server()) };
        choice.save(&path).unwrap();
        assert_eq!(BaseChoice::load(&path).unwrap(), choice);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.to_lowercase().contains("password") && !text.contains("mot"), "{text}");
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left beside it");
    }

    #[test]
    fn a_damaged_or_huge_choice_is_refused_in_french_with_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("base-choisie.json");
        std::fs::write(&path, "{\n  \"use_team\": oui\n}").unwrap();
        let message = BaseChoice::load(&path).unwrap_err().to_string();
        assert!(message.contains("base-choisie.json") && message.contains("ligne 2, colonne"), "{message}");
        std::fs::write(&path, vec![b' '; 100_000]).unwrap();
        let message = BaseChoice::load(&path).unwrap_err().to_string();
        assert!(message.contains("100000 octets"), "{message}");
    }
}
