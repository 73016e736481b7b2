//! The team base's schema, as the ordered list of changes that built it, numbered as the local
//! base's ([`crate::migrations`]): a team base at version N has the tables and columns of a local
//! base at version N. The team base began at the local base's version 9, so its first migration
//! creates that schema at once; every later change of the local schema gets its PostgreSQL twin
//! here, with the same number.
//!
//! The version lives in the `fabrique_base` table. A base newer than this build is refused; an
//! older one is upgraded only by `team upgrade`, which needs the rights of the tables' owner.

use crate::error::{Result, StoreError};
use crate::migrations::LATEST;

use super::{failed, TeamAddress, TeamBase};

pub struct TeamMigration {
    pub version: u32,
    /// French, as it appears in the message if the migration fails.
    pub description: &'static str,
    pub sql: &'static [&'static str],
}

pub const TEAM_MIGRATIONS: &[TeamMigration] = &[
    TeamMigration {
        version: 9,
        description: "base d'équipe : tables du schéma 9 et rôles",
        sql: &[include_str!("schema.sql"), include_str!("roles.sql")],
    },
    TeamMigration {
        version: 10,
        description: "auteur de chaque historique, écrit par le serveur, et journal des imports",
        sql: &[include_str!("schema10.sql")],
    },
    TeamMigration {
        version: 11,
        description: "RGPD : décompte de chaque centre gardé à côté de ses cotations",
        sql: &[include_str!("schema11.sql")],
    },
    TeamMigration { version: 12, description: "version des fiches de personne", sql: &[include_str!("schema12.sql")] },
    TeamMigration {
        version: 13,
        description: "version des visites et des en-têtes de dossier",
        sql: &[include_str!("schema13.sql")],
    },
    TeamMigration {
        version: 14,
        description: "communication : publications, commentaires et historique",
        sql: &[include_str!("schema14.sql")],
    },
    TeamMigration {
        version: 15,
        description: "veille : flux suivis et articles trouvés",
        sql: &[include_str!("schema15.sql")],
    },
    TeamMigration {
        version: 16,
        description: "lettres mensuelles rédigées et leurs articles",
        sql: &[include_str!("schema16.sql")],
    },
    TeamMigration { version: 17, description: "images des publications", sql: &[include_str!("schema17.sql")] },
    TeamMigration {
        version: 18,
        description: "partenaires, rencontres et leurs suites, la vie des dossiers envoyés",
        sql: &[include_str!("schema18.sql")],
    },
    TeamMigration {
        version: 19,
        description: "contacts des partenaires parmi les personnes",
        sql: &[include_str!("schema19.sql")],
    },
    TeamMigration {
        version: 20,
        description: "les visites deviennent des rencontres d'une structure",
        sql: &[include_str!("schema20.sql")],
    },
];

/// What `team init` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub schema_version: u32,
}

/// The version a prepared team base is at, or None when the database is not a Fabrique base.
pub fn version(team: &mut TeamBase) -> Result<Option<u32>> {
    let marked: bool = team
        .client
        .query_one("SELECT to_regclass('public.fabrique_base') IS NOT NULL", &[])
        .map_err(failed(&team.address, "la lecture de la version de la base"))?
        .get(0);
    if !marked {
        return Ok(None);
    }
    let row = team
        .client
        .query_opt("SELECT schema_version FROM fabrique_base WHERE application = 'fabrique'", &[])
        .map_err(failed(&team.address, "la lecture de la version de la base"))?;
    Ok(row.map(|row| u32::try_from(row.get::<_, i64>(0)).unwrap_or(u32::MAX)))
}

/// Refuses a database that is not a prepared team base, or one at another schema version.
pub(crate) fn check(team: &mut TeamBase) -> Result<u32> {
    match version(team)? {
        None => Err(StoreError::NotATeamBase { server: team.address().server() }),
        Some(found) if found > LATEST => Err(StoreError::NewerSchema { found, known: LATEST }),
        Some(found) if found < LATEST => Err(StoreError::OlderTeamSchema { found, known: LATEST }),
        Some(found) => Ok(found),
    }
}

/// Prepares an empty database: every table at the latest version and the roles, in one
/// transaction. A database that already holds tables is left alone.
pub fn init(team: &mut TeamBase) -> Result<Prepared> {
    init_up_to(team, LATEST)
}

/// As [`init`], stopping at schema `version`: a base as an older release prepared it, for the
/// tests of `team upgrade`.
pub fn init_up_to(team: &mut TeamBase, version: u32) -> Result<Prepared> {
    let address = team.address().clone();
    let action = "la préparation de la base";
    let mut tx = team.client.transaction().map_err(failed(&address, action))?;
    let existing: i64 = tx
        .query_one("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", &[])
        .map_err(failed(&address, action))?
        .get(0);
    if existing > 0 {
        let prepared: bool = tx
            .query_one("SELECT to_regclass('public.fabrique_base') IS NOT NULL", &[])
            .map_err(failed(&address, action))?
            .get(0);
        let (what, advice) = if prepared {
            (
                "est déjà préparée pour Fabrique",
                "Les postes peuvent s'y connecter ; pour y mettre une base locale : team publish.",
            )
        } else {
            ("contient déjà des tables", "Créez une base vide réservée à Fabrique (CREATE DATABASE), puis recommencez.")
        };
        return Err(StoreError::TeamBaseNotEmpty { server: address.server(), what, advice });
    }
    let first = &TEAM_MIGRATIONS[0];
    // Preparing creates the base's roles: the account running it needs CREATEROLE (see the README).
    apply(&mut tx, &address, first).map_err(|e| match e {
        StoreError::PermissionDenied { .. } => StoreError::PermissionDenied {
            action:
                "préparer la base, ce qui crée ses rôles fabrique_… : le compte propriétaire de la base doit avoir \
                     le droit CREATEROLE",
        },
        other => other,
    })?;
    tx.execute(
        "INSERT INTO fabrique_base (application, schema_version) VALUES ('fabrique', $1)",
        &[&i64::from(first.version)],
    )
    .map_err(failed(&address, action))?;
    for migration in TEAM_MIGRATIONS[1..].iter().filter(|m| m.version <= version) {
        apply(&mut tx, &address, migration)?;
    }
    tx.commit().map_err(failed(&address, action))?;
    Ok(Prepared { schema_version: version.clamp(first.version, LATEST) })
}

/// Brings an older team base to this build's version, one migration per transaction. Only the
/// tables' owner (the role that ran `team init`) may. Returns the versions before and after.
pub fn upgrade(team: &mut TeamBase) -> Result<(u32, u32)> {
    let from = match version(team)? {
        None => return Err(StoreError::NotATeamBase { server: team.address().server() }),
        Some(found) if found > LATEST => return Err(StoreError::NewerSchema { found, known: LATEST }),
        Some(found) => found,
    };
    let address = team.address().clone();
    for migration in TEAM_MIGRATIONS.iter().filter(|m| m.version > from) {
        let mut tx = team.client.transaction().map_err(failed(&address, "la mise à jour de la base"))?;
        apply(&mut tx, &address, migration)?;
        tx.commit().map_err(failed(&address, "la mise à jour de la base"))?;
    }
    Ok((from, LATEST))
}

/// Runs one migration and records its version, inside the caller's transaction.
fn apply(tx: &mut postgres::Transaction<'_>, address: &TeamAddress, migration: &TeamMigration) -> Result<()> {
    let refused = |e| match failed(address, "la mise à jour du schéma")(e) {
        StoreError::TeamDatabase { source, detail, .. } => {
            StoreError::TeamMigration { version: migration.version, description: migration.description, detail, source }
        }
        other => other,
    };
    for sql in migration.sql {
        tx.batch_execute(sql).map_err(refused)?;
    }
    tx.execute("UPDATE fabrique_base SET schema_version = $1", &[&i64::from(migration.version)]).map_err(refused)?;
    Ok(())
}
