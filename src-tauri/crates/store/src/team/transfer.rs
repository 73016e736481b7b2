//! Moving a whole base between the two engines: `team publish` copies a local SQLite base into an
//! empty team base, `team copy` writes the team base to a new local file. Every table, every row,
//! attachments, histories and erasure traces go across, ids kept, in one transaction on each side:
//! a failure, a cut connection or a server restart leaves the target as it was.
//!
//! Both directions go table by table in [`TABLES`] (parents before children) and column by column
//! in the order both schemas share; a value is streamed, never the whole table held.

use std::path::Path;

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};
use rusqlite::types::{Value, ValueRef};

use super::{failed, schema, TeamBase};
use crate::database::wal_of;
use crate::error::{During, Result, StoreError};
use crate::fsutil::replace_atomically;
use crate::Store;

/// Every table of the base, each after the tables it refers to.
pub const TABLES: &[&str] = &[
    "structures",
    "structure_tags",
    "partners",
    "people",
    "erasures",
    "form_drafts",
    "settings",
    "dossier_templates",
    "survey_forms",
    "dossiers",
    "dossier_versions",
    "dossier_payments",
    "survey_themes",
    "survey_waves",
    "survey_submissions",
    "survey_questions",
    "survey_wave_questions",
    "rgpd_checklists",
    "rgpd_assessments",
    "rgpd_tallies",
    "rgpd_history",
    "rgpd_evidence_files",
    "rgpd_progress_log",
    "imports",
    "publications",
    "publication_structures",
    "publication_comments",
    "publication_history",
    "publication_images",
    "veille_sources",
    "veille_items",
    "newsletters",
    "newsletter_entries",
    "meetings",
    "meeting_structures",
    "meeting_partners",
    "follow_ups",
];

/// How many rows each table sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TransferReport {
    pub rows: Vec<(&'static str, u64)>,
}

impl TransferReport {
    pub fn total(&self) -> u64 {
        self.rows.iter().map(|(_, n)| n).sum()
    }

    pub fn count(&self, table: &str) -> u64 {
        self.rows.iter().find(|(t, _)| *t == table).map_or(0, |(_, n)| *n)
    }
}

/// A column as both engines hold it.
struct Column {
    name: String,
    kind: Kind,
}

#[derive(Clone, Copy)]
enum Kind {
    Integer,
    Text,
    Bytes,
}

/// The columns of `table` on the team base, in their order, checked against the local schema.
fn columns(team: &mut TeamBase, local: &rusqlite::Connection, table: &'static str) -> Result<Vec<Column>> {
    let rows = team
        .client
        .query(
            "SELECT column_name::text, data_type::text FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
            &[&table],
        )
        .map_err(failed(&team.address, "la lecture du schéma"))?;
    let mut columns = Vec::with_capacity(rows.len());
    for row in rows {
        let name: String = row.get(0);
        let kind = match row.get::<_, String>(1).as_str() {
            "bigint" | "integer" | "smallint" => Kind::Integer,
            "text" => Kind::Text,
            "bytea" => Kind::Bytes,
            other => return Err(schema_differs(table, format!("colonne {name} de type {other}"))),
        };
        columns.push(Column { name, kind });
    }
    let local_names: Vec<String> = local
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"))
        .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect())
        .during("la lecture du schéma")?;
    let team_names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    if local_names != team_names {
        return Err(schema_differs(table, format!("{team_names:?} au lieu de {local_names:?}")));
    }
    Ok(columns)
}

fn schema_differs(table: &str, detail: String) -> StoreError {
    StoreError::damaged(format!("la table {table} de la base d'équipe diffère de celle de Fabrique"), detail)
}

fn column_list(columns: &[Column]) -> String {
    columns.iter().map(|c| format!("\"{}\"", c.name)).collect::<Vec<_>>().join(", ")
}

/// Copies the local base at `source` into the team base, which must hold no data. The local base is
/// first brought to the latest schema, as opening it in the app would.
pub fn publish(source: &Path, team: &mut TeamBase) -> Result<TransferReport> {
    if !source.is_file() {
        return Err(StoreError::Io {
            action: "de lire",
            path: source.to_path_buf(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        });
    }
    publish_store(&Store::open(source)?, team)
}

/// What [`restore`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRestore {
    pub rows: TransferReport,
    /// People erased after the backup was made, who came back with it and were erased again.
    pub erased_again: u32,
}

/// Replaces the whole team base with the backup at `backup` (a local base file, possibly from an
/// older version of Fabrique). The team base is first copied to `kept` (a new file); the erasures
/// it records are applied again to the backup's data, so that a person erased since the backup
/// does not come back; then every table is emptied and filled in one transaction, so the
/// colleagues connected see the old base or the restored one, never half of each. The base's
/// owner only, as publishing.
pub fn restore(backup: &Path, team: &mut TeamBase, kept: &Path) -> Result<TeamRestore> {
    schema::check(team)?;
    require_owner(
        team,
        "la restauration de la base d'équipe",
        "remplacer toute la base d'équipe par une sauvegarde, réservé au compte propriétaire de la base",
    )?;
    let mut aside = Store::open_in_memory()?;
    aside.restore_from(backup)?;
    copy(team, kept)?;
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let erasures = crate::erasure::erasure_records(
        &rusqlite::Connection::open_with_flags(kept, flags).during("la lecture de la copie de la base d'équipe")?,
    )?;
    let tx = aside.write()?;
    let erased_again = crate::erasure::reapply_erasures(&tx, &erasures)?;
    tx.commit().during("la préparation de la restauration")?;
    let rows = fill(&aside, team, Filling::Replacing)?;
    Ok(TeamRestore { rows, erased_again })
}

/// Copies a local store into the team base, which must hold no data.
pub(crate) fn publish_store(store: &Store, team: &mut TeamBase) -> Result<TransferReport> {
    fill(store, team, Filling::IntoEmpty)
}

/// Whether the team base may hold data before it is filled.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Filling {
    /// `team publish`: refused if any table holds a row.
    IntoEmpty,
    /// A restore: every table emptied first, in the same transaction.
    Replacing,
}

/// A whole base sets the federation's record and the ids' sequences: the base's owner's work, as
/// `team init` and `team upgrade` are (and COPY would meet row-level security otherwise).
fn require_owner(team: &mut TeamBase, action: &'static str, refused: &'static str) -> Result<()> {
    let address = team.address.clone();
    let owner: bool = team
        .client
        .query_one(
            "SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables \
             WHERE schemaname = 'public' AND tablename = 'fabrique_base'",
            &[],
        )
        .map_err(failed(&address, action))?
        .get(0);
    if !owner {
        return Err(StoreError::PermissionDenied { action: refused });
    }
    Ok(())
}

fn fill(store: &Store, team: &mut TeamBase, filling: Filling) -> Result<TransferReport> {
    schema::check(team)?;
    let address = team.address.clone();
    let action = "la publication de la base";
    require_owner(
        team,
        action,
        "remplir la base d'équipe d'une base entière, réservé au compte propriétaire de la base",
    )?;
    let mut plan = Vec::with_capacity(TABLES.len());
    for &table in TABLES {
        plan.push((table, columns(team, store.local()?, table)?));
    }
    // The local side reads one snapshot, so a window writing meanwhile cannot tear it.
    let snapshot = store.local()?.unchecked_transaction().during("la lecture de la base locale")?;
    let mut tx = team.client.transaction().map_err(failed(&address, action))?;
    if filling == Filling::Replacing {
        // All at once: the tables refer to each other.
        tx.batch_execute(&format!("TRUNCATE {}", TABLES.join(", "))).map_err(failed(&address, action))?;
    }
    for &table in TABLES {
        let held: bool = tx
            .query_one(&format!("SELECT EXISTS (SELECT 1 FROM {table})"), &[])
            .map_err(failed(&address, action))?
            .get(0);
        if held {
            return Err(StoreError::TeamBaseNotEmpty {
                server: address.server(),
                what: "contient déjà des données",
                advice: "Une base locale ne se publie que dans une base d'équipe vide : pour la remplacer, \
                         le service informatique crée une nouvelle base et la prépare (team init).",
            });
        }
    }
    let mut report = TransferReport::default();
    for (table, columns) in &plan {
        let list = column_list(columns);
        let types: Vec<Type> = columns
            .iter()
            .map(|c| match c.kind {
                Kind::Integer => Type::INT8,
                Kind::Text => Type::TEXT,
                Kind::Bytes => Type::BYTEA,
            })
            .collect();
        // The tables before may have had the receiving side's triggers write here (each rating
        // arriving marks its centre's tally stale): the source's rows replace those.
        tx.batch_execute(&format!("DELETE FROM {table}")).map_err(failed(&address, action))?;
        let sink = tx.copy_in(&format!("COPY {table} ({list}) FROM STDIN BINARY")).map_err(failed(&address, action))?;
        let mut writer = BinaryCopyInWriter::new(sink, &types);
        let mut stmt =
            snapshot.prepare(&format!("SELECT {list} FROM {table}")).during("la lecture de la base locale")?;
        let mut rows = stmt.query([]).during("la lecture de la base locale")?;
        let mut values: Vec<Box<dyn ToSql + Sync>> = Vec::with_capacity(columns.len());
        while let Some(row) = rows.next().during("la lecture de la base locale")? {
            values.clear();
            for (i, column) in columns.iter().enumerate() {
                let value = row.get_ref(i).during("la lecture de la base locale")?;
                values.push(to_team_value(value, column, table)?);
            }
            let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v.as_ref()).collect();
            writer.write(&refs).map_err(failed(&address, action))?;
        }
        let sent = writer.finish().map_err(failed(&address, action))?;
        report.rows.push((table, sent));
    }
    // Ids were kept: the next id each table hands out comes after the highest one published.
    tx.batch_execute(
        "DO $$ DECLARE t record; BEGIN \
           FOR t IN SELECT table_name, column_name FROM information_schema.columns \
                    WHERE table_schema = 'public' AND is_identity = 'YES' LOOP \
             EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), COALESCE((SELECT max(%I) FROM %I), 0) + 1, false)', \
                            t.table_name, t.column_name, t.column_name, t.table_name); \
           END LOOP; END $$;",
    )
    .map_err(failed(&address, action))?;
    tx.commit().map_err(failed(&address, action))?;
    drop(snapshot);
    Ok(report)
}

fn to_team_value(value: ValueRef<'_>, column: &Column, table: &str) -> Result<Box<dyn ToSql + Sync>> {
    let unreadable = || {
        StoreError::damaged(
            format!("la colonne {} de la table {table}", column.name),
            format!("{:?}", value.data_type()),
        )
    };
    Ok(match (column.kind, value) {
        (Kind::Integer, ValueRef::Null) => Box::new(None::<i64>),
        (Kind::Integer, ValueRef::Integer(n)) => Box::new(n),
        (Kind::Text, ValueRef::Null) => Box::new(None::<String>),
        (Kind::Text, ValueRef::Text(bytes)) => Box::new(String::from_utf8(bytes.to_vec()).map_err(|_| unreadable())?),
        (Kind::Text, ValueRef::Integer(n)) => Box::new(n.to_string()),
        (Kind::Bytes, ValueRef::Null) => Box::new(None::<Vec<u8>>),
        (Kind::Bytes, ValueRef::Blob(bytes)) => Box::new(bytes.to_vec()),
        _ => return Err(unreadable()),
    })
}

/// Writes the team base to a new local file at `dest` (never over an existing one), complete or
/// not at all.
pub fn copy(team: &mut TeamBase, dest: &Path) -> Result<TransferReport> {
    if dest.exists() || wal_of(dest).exists() {
        return Err(StoreError::file(
            dest,
            None,
            None,
            "ce fichier existe déjà : choisissez un nouveau nom pour la copie de la base d'équipe.",
        ));
    }
    snapshot_into(team, dest)
}

/// Writes the team base to `dest`, replacing what is there only once the copy is complete: the
/// backup of a team base from the window (« Sauvegarder la base »), where the file dialog has
/// already asked before replacing a file.
pub fn snapshot_into(team: &mut TeamBase, dest: &Path) -> Result<TransferReport> {
    schema::check(team)?;
    let address = team.address.clone();
    let action = "la copie de la base d'équipe";
    let mut scratch = rusqlite::Connection::open_in_memory().during("la préparation de la copie")?;
    crate::migrations::migrate(&mut scratch)?;
    let mut plan = Vec::with_capacity(TABLES.len());
    for &table in TABLES {
        plan.push((table, columns(team, &scratch, table)?));
    }
    drop(scratch);
    // One snapshot of the team base: a colleague saving meanwhile cannot tear the copy.
    let mut tx = team
        .client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(failed(&address, action))?;
    let mut report = TransferReport::default();
    replace_atomically(dest, |tmp| {
        let mut local = rusqlite::Connection::open(tmp).during("la création de la copie")?;
        crate::migrations::migrate(&mut local)?;
        let writes = local.transaction().during("la création de la copie")?;
        for (table, columns) in &plan {
            let list = column_list(columns);
            let placeholders = vec!["?"; columns.len()].join(", ");
            // As on publishing: the source's rows replace what the triggers wrote meanwhile.
            writes.execute_batch(&format!("DELETE FROM {table}")).during("la création de la copie")?;
            let mut insert = writes
                .prepare(&format!("INSERT INTO {table} ({list}) VALUES ({placeholders})"))
                .during("la création de la copie")?;
            let mut rows = tx
                .query_raw(&format!("SELECT {list} FROM {table}"), std::iter::empty::<i64>())
                .map_err(failed(&address, action))?;
            let mut copied = 0;
            while let Some(row) = rows.next().map_err(failed(&address, action))? {
                let values = columns
                    .iter()
                    .enumerate()
                    .map(|(i, column)| match column.kind {
                        Kind::Integer => {
                            row.try_get::<_, Option<i64>>(i).map(|v| v.map_or(Value::Null, Value::Integer))
                        }
                        Kind::Text => row.try_get::<_, Option<String>>(i).map(|v| v.map_or(Value::Null, Value::Text)),
                        Kind::Bytes => row.try_get::<_, Option<Vec<u8>>>(i).map(|v| v.map_or(Value::Null, Value::Blob)),
                    })
                    .collect::<std::result::Result<Vec<Value>, _>>()
                    .map_err(failed(&address, action))?;
                insert.execute(rusqlite::params_from_iter(values)).during("la création de la copie")?;
                copied += 1;
            }
            report.rows.push((*table, copied));
        }
        writes.commit().during("la création de la copie")?;
        local
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0))
            .during("la création de la copie")?;
        Ok(())
    })?;
    tx.commit().map_err(failed(&address, action))?;
    Ok(report)
}
