//! Opening, upgrading, backing up and restoring the database file.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::error::{During, Result, StoreError};
use crate::fsutil::{replace_atomically, sibling};
use crate::migrations::{identity, migrate, Identity, APPLICATION_ID, LATEST};
use crate::{ChangeStamp, RestoreOutcome, Store};

impl Store {
    /// The schema version this build of Fabrique writes.
    pub const SCHEMA_VERSION: u32 = LATEST;

    /// Opens (creating if missing, with parent dirs) the database at `path`.
    ///
    /// A file with an older schema is first copied to `<file>.avant-v{N}.bak`, then upgraded one
    /// migration per transaction. A newer schema, or a file that is not a Fabrique base, is
    /// refused before anything is written to it.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(address) = path.to_str().filter(|text| crate::TeamAddress::is_team_address(text)) {
            return Err(StoreError::TeamAddress {
                address: crate::TeamAddress::parse(address)
                    .map(|a| a.to_string())
                    .unwrap_or_else(|_| "postgresql://…".into()),
                message: "c'est l'adresse d'une base d'équipe, et cette version de Fabrique ne travaille encore que \
                          sur une base locale. Pour travailler sur les données de l'équipe, faites-en une copie \
                          locale (fabrique-cli --db ADRESSE team copy FICHIER), puis ouvrez ce fichier."
                    .into(),
            });
        }
        if crate::location::is_network_folder(path) {
            let folder = path.parent().unwrap_or(path).display();
            return Err(StoreError::file(
                path,
                None,
                None,
                format!(
                    "cette base est dans un dossier réseau ({folder}), où deux postes qui écrivent en même temps \
                     l'abîmeraient. Gardez la base sur ce poste (un dossier local comme Documents) ; pour la \
                     transmettre, faites une sauvegarde."
                ),
            ));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(StoreError::io("de créer le dossier", dir))?;
        }
        let conn = Connection::open(path).map_err(|e| {
            StoreError::file(path, None, None, format!("impossible d'ouvrir la base ({e}) : vérifiez que le dossier existe et que vous avez le droit d'y écrire."))
        })?;
        conn.busy_timeout(BUSY_TIMEOUT).during("l'ouverture de la base")?;
        let found = check_identity(&conn, path, true)?;
        if !found.blank && found.user_version < LATEST {
            keep_copy_before_upgrade(&conn, path, found.user_version)?;
        }
        Store::ready(conn, Some(path.to_path_buf()))
    }

    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory().during("l'ouverture de la base")?;
        Store::ready(conn, None)
    }

    fn ready(mut conn: Connection, path: Option<std::path::PathBuf>) -> Result<Store> {
        migrate(&mut conn)?;
        configure(&conn)?;
        let mut store = Store { connection: crate::Connection::Local(conn), path, replacements: 0, team_drafts: None };
        store.install_shipped_templates()?;
        store.install_rgpd_checklist()?;
        Ok(store)
    }

    /// A value that changes whenever the base changes, through this store or through another
    /// window or command: a cache kept beside the store is fresh while its stamp is the same.
    pub fn change_stamp(&self) -> Result<ChangeStamp> {
        if self.is_team_base() {
            // The server's snapshot (first transaction not yet started, those still running)
            // moves with every write that starts or ends, anyone's; reads leave it as it is.
            let snapshot: String =
                crate::sql::query_value(self.db(), "SELECT CAST(pg_current_snapshot() AS TEXT)", &[])?;
            let mut hasher = std::hash::DefaultHasher::new();
            std::hash::Hash::hash(&snapshot, &mut hasher);
            let other_connections = std::hash::Hasher::finish(&hasher) as i64;
            return Ok(ChangeStamp { other_connections, this_connection: 0, replacements: self.replacements });
        }
        let other_connections: i64 = self
            .local()?
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .during("la lecture de l'état de la base")?;
        Ok(ChangeStamp {
            other_connections,
            this_connection: self.local()?.total_changes(),
            replacements: self.replacements,
        })
    }

    /// The database file, or None for an in-memory store.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn schema_version(&self) -> Result<u32> {
        if self.is_team_base() {
            return crate::sql::query_value(self.db(), "SELECT CAST(schema_version AS BIGINT) FROM fabrique_base", &[]);
        }
        Ok(identity(self.local()?).during("la lecture de la version du schéma")?.user_version)
    }

    /// True when the base has never held a structure (deleted ones count as held).
    pub fn is_empty(&self) -> Result<bool> {
        let any: bool = crate::sql::query_value(self.db(), "SELECT EXISTS (SELECT 1 FROM structures)", &[])?;
        Ok(!any)
    }

    /// Copies the live database to `dest` with SQLite's online backup, replacing `dest` only once
    /// the copy is complete. The copy is a single self-contained file (no `-wal` beside it), fit
    /// for a USB stick or an e-mail.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        // A `-wal` beside the destination means a base is open there (maybe this one): replacing
        // the file under it would let SQLite replay the old journal onto the new file.
        if wal_of(dest).exists() {
            return Err(StoreError::file(
                dest,
                None,
                None,
                "ce fichier est une base en cours d'utilisation : choisissez un autre nom pour la sauvegarde.",
            ));
        }
        // A team base's backup is a copy of one consistent snapshot of the server.
        if let crate::Connection::Team(team) = &self.connection {
            return crate::team::transfer::snapshot_into(&mut *team.ready_team_base()?, dest).map(drop);
        }
        replace_atomically(dest, |tmp| {
            let mut out = Connection::open(tmp).during("la création de la sauvegarde")?;
            Backup::new(self.local()?, &mut out)
                .and_then(|b| b.run_to_completion(1024, Duration::ZERO, None))
                .during("la copie de la base")?;
            out.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0))
                .during("la finition de la sauvegarde")?;
            Ok(())
        })
    }

    /// Replaces the live data with the base in `src` (a backup, possibly from an older version),
    /// after checking it and keeping a copy of the current base as `<file>.avant-restauration.bak`.
    /// Erasures recorded in the replaced base are carried over and applied again.
    ///
    /// On a team base (its owner only), the team base is first copied to a new file beside the
    /// backup, then replaced whole (see [`crate::team::transfer::restore`]).
    pub fn restore_from(&mut self, src: &Path) -> Result<RestoreOutcome> {
        if let crate::Connection::Team(team) = &self.connection {
            let address = team.address().clone();
            let stamp = chrono::Local::now().format("%Y-%m-%d-%Hh%Mm%Ss");
            let kept = src.with_file_name(format!("{}-avant-restauration-{stamp}.sqlite", address.database()));
            let restored = crate::team::transfer::restore(src, &mut crate::TeamBase::open(&address)?, &kept)?;
            self.replacements += 1;
            return Ok(RestoreOutcome { erased_again: restored.erased_again, kept: Some(kept) });
        }
        if let Some(live) = &self.path {
            if same_file(live, src) {
                return Err(StoreError::file(
                    src,
                    None,
                    None,
                    "c'est la base actuellement ouverte : choisissez une sauvegarde.",
                ));
            }
        }
        let source = open_backup(src)?;
        if let Some(live) = self.path.clone() {
            self.backup_to(&sibling(&live, "avant-restauration"))?;
        }
        self.copy_from(&source, "la restauration de la sauvegarde")
    }

    /// Replaces the live data with `source`'s (already checked by [`open_backup`]), upgraded, with
    /// the erasures the replaced data had recorded carried over and applied again; `action` names
    /// the operation in messages.
    ///
    /// The new base is built aside, in memory, and copied over the live one in a single step: a
    /// kill or a full disk leaves the base as it was, or restored with every erasure applied,
    /// never restored with a person erased since the backup back in it.
    pub(crate) fn copy_from(&mut self, source: &Connection, action: &'static str) -> Result<RestoreOutcome> {
        let erasures = crate::erasure::erasure_records(self.local()?)?;
        let mut aside = Connection::open_in_memory().during("la préparation de la restauration")?;
        // An in-memory copy must have the source's page size, set before its first page.
        let page_size: i64 =
            source.query_row("PRAGMA page_size", [], |r| r.get(0)).during("la lecture de la sauvegarde")?;
        aside.pragma_update(None, "page_size", page_size).during("la préparation de la restauration")?;
        copy_whole(source, &mut aside).during("la lecture de la sauvegarde")?;
        migrate(&mut aside)?;
        configure(&aside)?;
        let tx = aside.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let erased_again = crate::erasure::reapply_erasures(&tx, &erasures)?;
        tx.commit()?;
        copy_whole(&aside, self.local_mut()?).during(action)?;
        self.replacements += 1;
        configure(self.local()?)?;
        if erased_again > 0 {
            self.checkpoint_erased_pages();
        }
        Ok(RestoreOutcome { erased_again, kept: None })
    }
}

/// Copies every page of `from` over `to` in one backup step, hence one transaction of `to`,
/// waiting (up to the busy timeout) while another window or command is writing.
fn copy_whole(from: &Connection, to: &mut Connection) -> rusqlite::Result<()> {
    use rusqlite::backup::StepResult;
    let backup = Backup::new(from, to)?;
    let started = std::time::Instant::now();
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::Busy | StepResult::Locked if started.elapsed() >= BUSY_TIMEOUT => {
                return Err(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY), None))
            }
            _ => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// A base that could not be opened, replaced by [`Store::replace_unopenable`].
#[derive(Debug)]
pub struct Replacement {
    pub store: Store,
    /// Where the unreadable file now is (None when there was no file).
    pub set_aside: Option<PathBuf>,
}

impl Store {
    /// Replaces the base at `path` that cannot be opened (damaged, not a Fabrique base, newer
    /// schema): the backup, when given, is checked first, so a wrong choice changes nothing; then
    /// the file is moved aside under a dated name (never deleted) and a new base takes its place,
    /// restored from the backup or empty.
    pub fn replace_unopenable(path: &Path, backup: Option<&Path>) -> Result<Replacement> {
        if let Some(src) = backup {
            if same_file(path, src) {
                return Err(StoreError::file(
                    src,
                    None,
                    None,
                    "c'est le fichier illisible lui-même : choisissez une sauvegarde.",
                ));
            }
        }
        let source = backup.map(open_backup).transpose()?;
        let set_aside = set_aside(path)?;
        let mut store = Store::open(path)?;
        if let Some(source) = &source {
            store.copy_from(source, "la restauration de la sauvegarde")?;
        }
        Ok(Replacement { store, set_aside })
    }
}

/// Moves a base file and its journals to `<file>.mise-de-cote-<date>.bak` (and `-wal`, `-shm`
/// beside it), so nothing the user had is lost.
fn set_aside(path: &Path) -> Result<Option<PathBuf>> {
    if !path.exists() {
        return Ok(None);
    }
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let target = (1..)
        .map(|n| {
            sibling(path, &if n == 1 { format!("mise-de-cote-{stamp}") } else { format!("mise-de-cote-{stamp}-{n}") })
        })
        .find(|candidate| !candidate.exists())
        .expect("an unused name");
    for suffix in ["-wal", "-shm"] {
        let journal = PathBuf::from(format!("{}{suffix}", path.display()));
        if journal.exists() {
            let moved = PathBuf::from(format!("{}{suffix}", target.display()));
            fs::rename(&journal, &moved).map_err(StoreError::io("de mettre de côté", &journal))?;
        }
    }
    fs::rename(path, &target).map_err(StoreError::io("de mettre de côté", path))?;
    Ok(Some(target))
}

/// Opens `src` read-only after checking it is a Fabrique base this build can restore.
fn open_backup(src: &Path) -> Result<Connection> {
    if !src.is_file() {
        return Err(StoreError::file(src, None, None, "fichier introuvable : vérifiez son emplacement."));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let source = Connection::open_with_flags(src, flags)
        .map_err(|_| StoreError::NotAFabriqueDatabase { path: src.to_path_buf() })?;
    source.busy_timeout(BUSY_TIMEOUT).during("l'ouverture de la sauvegarde")?;
    // A header that reads but a schema that does not: a damaged backup, not a foreign file.
    check_identity(&source, src, false).map_err(|e| match e {
        StoreError::Database { source, .. } => damaged_backup(src, format!("lecture impossible : {source}")),
        other => other,
    })?;
    check_integrity(&source, src)?;
    Ok(source)
}

fn damaged_backup(src: &Path, detail: String) -> StoreError {
    StoreError::file(
        src,
        None,
        None,
        format!(
            "cette sauvegarde est abîmée ({detail}) : rien n'a été restauré, la base actuelle est intacte. \
             Choisissez une autre sauvegarde (une plus ancienne, ou une copie faite sur un autre support)."
        ),
    )
}

/// A backup whose header reads right may still hold damaged pages, or rows pointing at rows it
/// lacks: restored, the base would fail later. Checked whole before anything is copied.
fn check_integrity(source: &Connection, src: &Path) -> Result<()> {
    let damaged = |detail: String| damaged_backup(src, detail);
    let verdict: String = source
        .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))
        .map_err(|e| damaged(format!("lecture impossible : {e}")))?;
    if verdict != "ok" {
        return Err(damaged("pages illisibles".to_string()));
    }
    let dangling: i64 = source
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))
        .map_err(|e| damaged(format!("lecture impossible : {e}")))?;
    if dangling > 0 {
        return Err(damaged(format!("{dangling} ligne(s) renvoient à des lignes absentes")));
    }
    Ok(())
}

const BUSY_TIMEOUT: Duration = Duration::from_millis(5000);

/// The page cache of a connection, in Kio (see [`configure`]).
pub(crate) const PAGE_CACHE_KIB: i64 = 32_000;

/// The page cache while a large table is read or written through once (a survey wave): its pages
/// would not be read again soon, and keeping them would only grow the process.
pub(crate) const SCAN_CACHE_KIB: i64 = 2_000;

/// Connection settings, applied after migrations: WAL for a responsive interface while a backup or
/// import runs, foreign keys enforced, secure_delete so erased personal data is overwritten in the
/// file rather than left in free pages, and a 32 Mo page cache so a whole directory of thousands of
/// structures stays in memory between two listings (SQLite's default 2 Mo does not hold it).
fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT).during("la configuration de la base")?;
    conn.pragma_update(None, "foreign_keys", true).during("la configuration de la base")?;
    conn.pragma_update(None, "secure_delete", true).during("la configuration de la base")?;
    conn.pragma_update(None, "cache_size", -PAGE_CACHE_KIB).during("la configuration de la base")?;
    // An in-memory base answers "memory", and some network drives refuse WAL: both keep working.
    conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)).during("la configuration de la base")?;
    Ok(())
}

/// Accepts a Fabrique base not newer than this build, and (when `allow_blank`) an empty new file.
fn check_identity(conn: &Connection, path: &Path, allow_blank: bool) -> Result<Identity> {
    let not_ours = || StoreError::NotAFabriqueDatabase { path: path.to_path_buf() };
    let found = identity(conn).map_err(|e| match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => not_ours(),
        _ => StoreError::Database { action: "la lecture de l'en-tête de la base", source: e },
    })?;
    let fresh = allow_blank && found.blank && found.application_id == 0 && found.user_version == 0;
    if !fresh && found.application_id != APPLICATION_ID {
        return Err(not_ours());
    }
    if found.user_version > LATEST {
        return Err(StoreError::NewerSchema { found: found.user_version, known: LATEST });
    }
    Ok(found)
}

/// Copies the file as it is before an upgrade, so the previous version of Fabrique can still
/// open it. The checkpoint first moves anything left in a `-wal` journal into the file itself.
fn keep_copy_before_upgrade(conn: &Connection, path: &Path, version: u32) -> Result<()> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .during("la copie de sécurité avant mise à jour")?;
    let bak = sibling(path, &format!("avant-v{version}"));
    replace_atomically(&bak, |tmp| fs::copy(path, tmp).map(drop).map_err(StoreError::io("de copier la base vers", tmp)))
}

pub(crate) fn wal_of(path: &Path) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push("-wal");
    name.into()
}

fn same_file(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrations::{migrate_with, Migration, MIGRATIONS};

    fn sha(path: &Path) -> Vec<u8> {
        // Byte equality is what matters; the whole content stands in for a hash.
        fs::read(path).unwrap()
    }

    #[test]
    fn a_broken_migration_leaves_the_file_byte_for_byte_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("annuaire.sqlite");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate_with(&mut conn, &MIGRATIONS[..1]).unwrap();
            conn.execute(
                "INSERT INTO structures (name, kind, updated_at) VALUES ('Centre social du Lac', 'centre_social', '2024-01-01T00:00:00Z')",
                [],
            )
            .unwrap();
        }
        let before = sha(&path);
        let broken = [
            Migration { version: 1, description: "schéma initial", sql: MIGRATIONS[0].sql },
            Migration {
                version: 2,
                description: "ajout d'une colonne",
                sql: "ALTER TABLE structures ADD COLUMN deleted_at TEXT;",
            },
            Migration {
                version: 3,
                description: "cassée",
                sql: "UPDATE structures SET name = 'x'; CREATE TABLE oops (; ",
            },
        ];
        {
            let mut conn = Connection::open(&path).unwrap();
            let err = migrate_with(&mut conn, &broken[..]).unwrap_err();
            assert_eq!(err.code(), "migration_failed");
            assert_eq!(identity(&conn).unwrap().user_version, 2, "v2 was committed before v3 failed");
        }
        assert_ne!(sha(&path), before, "the successful v2 did change the file");

        // Now the same with only the broken step pending: nothing at all may change.
        let before = sha(&path);
        {
            let mut conn = Connection::open(&path).unwrap();
            assert!(migrate_with(&mut conn, &broken[..]).is_err());
        }
        assert_eq!(sha(&path), before);
        assert!(!wal_of(&path).exists());
    }

    #[test]
    fn opening_refuses_foreign_and_newer_files_without_touching_them() {
        let dir = tempfile::tempdir().unwrap();

        let other = dir.path().join("autre.sqlite");
        Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
        let before = sha(&other);
        let err = Store::open(&other).err().unwrap();
        assert_eq!(err.code(), "not_a_fabrique_database");
        assert!(err.to_string().contains("autre.sqlite"), "{err}");
        assert_eq!(sha(&other), before);

        let newer = dir.path().join("future.sqlite");
        drop(Store::open(&newer).unwrap());
        Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();
        let err = Store::open(&newer).err().unwrap();
        assert_eq!(err.code(), "newer_schema");
        assert_eq!(
            err.to_string(),
            format!("Cette base a été créée par une version plus récente de Fabrique (schéma 99, cette version connaît {LATEST}) : mettez Fabrique à jour.")
        );
    }
}
