use std::fs::{self, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::error::{Result, StoreError};

/// Writes `dest` through a temporary file beside it, renamed into place only once complete and
/// flushed to disk, so a failure (full disk, crash, bad cell) never leaves a half-written file
/// under the real name, nor destroys the previous one.
pub(crate) fn replace_atomically(dest: &Path, write: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let tmp = temporary_beside(dest)?;
    let _ = fs::remove_file(&tmp);
    let result = write(&tmp)
        .and_then(|()| {
            OpenOptions::new()
                .write(true)
                .open(&tmp)
                .and_then(|f| f.sync_all())
                .map_err(StoreError::io("d'écrire", dest))
        })
        .and_then(|()| rename_over(&tmp, dest).map_err(StoreError::io("d'enregistrer", dest)));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Renames `from` over `to`. Windows refuses while another program holds `to` open without
/// sharing it for deletion (Excel holds the workbook it shows; an antivirus briefly holds a file
/// just written): the rename is tried again for two seconds before giving up, and the error then
/// says the file is open elsewhere (see `io_advice`).
fn rename_over(from: &Path, to: &Path) -> std::io::Result<()> {
    let started = std::time::Instant::now();
    loop {
        match fs::rename(from, to) {
            Err(e) if cfg!(windows) && is_held_open(&e) && started.elapsed() < std::time::Duration::from_secs(2) => {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            result => return result,
        }
    }
}

/// Windows' answer when a file is open in another program: access denied, or a sharing or lock
/// violation (ERROR_ACCESS_DENIED 5, ERROR_SHARING_VIOLATION 32, ERROR_LOCK_VIOLATION 33).
pub(crate) fn is_held_open(error: &std::io::Error) -> bool {
    cfg!(windows) && matches!(error.raw_os_error(), Some(5 | 32 | 33))
}

/// `<dir>/.<name>.<pid>-<n>.partiel`: hidden, unique per write, and on the same file system as
/// `dest` so the final rename cannot turn into a copy.
fn temporary_beside(dest: &Path) -> Result<PathBuf> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = dest.file_name().ok_or_else(|| {
        StoreError::file(dest, None, None, "ce chemin ne désigne pas un fichier : choisissez un nom de fichier.")
    })?;
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    Ok(dest.with_file_name(format!(".{}.{}-{n}.partiel", name.to_string_lossy(), std::process::id())))
}

/// `<file>.<suffix>.bak`, beside the file.
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".{suffix}.bak"));
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("export.csv");
        fs::write(&dest, "ancien").unwrap();
        let err = replace_atomically(&dest, |tmp| {
            fs::write(tmp, "à moitié").unwrap();
            Err(StoreError::file(tmp, None, None, "échec simulé"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("échec simulé"));
        assert_eq!(fs::read_to_string(&dest).unwrap(), "ancien");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "temporary file removed");

        replace_atomically(&dest, |tmp| fs::write(tmp, "nouveau").map_err(StoreError::io("d'écrire", tmp))).unwrap();
        assert_eq!(fs::read_to_string(&dest).unwrap(), "nouveau");
        assert_eq!(sibling(&dest, "avant-v1"), dir.path().join("export.csv.avant-v1.bak"));
    }
}
