//! The database schema, as the ordered list of changes that built it.
//!
//! A released migration is never edited: a file written by that release must keep upgrading the
//! same way. Changes go in a new migration at the end of [`MIGRATIONS`].

use rusqlite::Connection;

use crate::error::{During, Result, StoreError};

/// "FABR" in ASCII: `PRAGMA application_id` tells a Fabrique database from any other SQLite file.
pub const APPLICATION_ID: i32 = 0x4641_4252;

pub struct Migration {
    pub version: u32,
    /// French, as it appears in the error message if the migration fails.
    pub description: &'static str,
    pub sql: &'static str,
}

pub const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, description: "schéma initial", sql: V1 },
    Migration { version: 2, description: "corbeille des structures et date de vérification des contacts", sql: V2 },
    Migration { version: 3, description: "effacements rejouables à la restauration", sql: V3 },
    Migration { version: 4, description: "saisies en cours des formulaires", sql: V4 },
    Migration { version: 5, description: "dossiers de subvention et leurs modèles", sql: V5 },
    Migration { version: 6, description: "enquête : formulaires, vagues et réponses", sql: V6 },
    Migration { version: 7, description: "RGPD : référentiel, évaluations, historique, pièces jointes", sql: V7 },
    Migration {
        version: 8,
        description: "enquête : questions de chaque vague, questions de type date, enquête citée par un dossier",
        sql: V8,
    },
    Migration {
        version: 9,
        description: "enquête : réponses rangées par position de question, comptes des vagues par un index",
        sql: V9,
    },
    Migration {
        version: 10,
        description: "auteur de chaque historique, journal des imports, version des fiches de structure",
        sql: V10,
    },
    Migration {
        version: 11, description: "RGPD : décompte de chaque centre gardé à côté de ses cotations", sql: V11
    },
    Migration { version: 12, description: "version des fiches de personne", sql: V12 },
    Migration { version: 13, description: "version des visites et des en-têtes de dossier", sql: V13 },
    Migration { version: 14, description: "communication : publications, commentaires et historique", sql: V14 },
    Migration { version: 15, description: "veille : flux suivis et articles trouvés", sql: V15 },
    Migration { version: 16, description: "lettres mensuelles rédigées et leurs articles", sql: V16 },
    Migration { version: 17, description: "images des publications", sql: V17 },
    Migration {
        version: 18,
        description: "partenaires, rencontres et leurs suites, la vie des dossiers envoyés",
        sql: V18,
    },
    Migration { version: 19, description: "contacts des partenaires parmi les personnes", sql: V19 },
    Migration { version: 20, description: "les visites deviennent des rencontres d'une structure", sql: V20 },
];

/// The schema version this build writes.
pub const LATEST: u32 = MIGRATIONS[MIGRATIONS.len() - 1].version;

// Tags live in a child table rather than as JSON text: a tag is vocabulary shared across
// structures, so renaming or counting one is a single SQL statement, SQLite can check each tag
// on its own, and the whole directory's tags still load in one query. `position` keeps the order
// the user gave.
//
// Dates are ISO text (AAAA-MM-JJ) so they sort and compare as text. The commune's territory is
// not stored: it is derived from the INSEE code against the shipped commune list on every read,
// so a change of intercommunality only needs a new release of the list.
const V1: &str = r#"
PRAGMA application_id = 1178681938;

CREATE TABLE structures (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> ''),
    kind TEXT CHECK (kind IN ('centre_social', 'evs')),
    member INTEGER NOT NULL DEFAULT 0 CHECK (member IN (0, 1)),
    member_since INTEGER,
    caf_approval_start TEXT,
    caf_approval_end TEXT,
    address TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    commune TEXT NOT NULL DEFAULT '',
    insee TEXT,
    area TEXT CHECK (area IN ('urbain', 'rural')),
    qpv INTEGER NOT NULL DEFAULT 0 CHECK (qpv IN (0, 1)),
    siret TEXT,
    rna TEXT,
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    social_networks TEXT NOT NULL DEFAULT '',
    employees INTEGER CHECK (employees >= 0),
    volunteers INTEGER CHECK (volunteers >= 0),
    notes TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);

CREATE TABLE structure_tags (
    structure_id INTEGER NOT NULL REFERENCES structures (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    tag TEXT NOT NULL CHECK (tag <> ''),
    PRIMARY KEY (structure_id, position)
) WITHOUT ROWID;

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures (id) ON DELETE CASCADE,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    collected_from TEXT NOT NULL DEFAULT '',
    collected_on TEXT
);
CREATE INDEX people_by_structure ON people (structure_id);

CREATE TABLE visits (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures (id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    delegate TEXT NOT NULL DEFAULT '',
    met TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX visits_by_structure ON visits (structure_id, date);

-- Proof that an erasure request was carried out, holding nothing about the person erased.
CREATE TABLE erasures (
    id INTEGER PRIMARY KEY,
    erased_at TEXT NOT NULL,
    structure_id INTEGER REFERENCES structures (id) ON DELETE SET NULL
);
"#;

const V2: &str = r#"
-- Deleting a structure only marks it, so the interface can offer "Annuler". The index covers the
-- few binned rows only: listing the directory reads nearly every row, where a table scan is faster
-- than any index, and a partial index on IS NOT NULL cannot tempt the planner there.
ALTER TABLE structures ADD COLUMN deleted_at TEXT;
CREATE INDEX structures_in_bin ON structures (deleted_at) WHERE deleted_at IS NOT NULL;

-- The RGPD review date: data checked within three years is kept without asking again.
ALTER TABLE people ADD COLUMN reviewed_on TEXT;
"#;

const V3: &str = r#"
-- Each person gets a random token that says nothing about them. An erasure keeps the token, so
-- restoring a backup made before the erasure erases the same record again; ids cannot serve, as
-- SQLite reuses a deleted row's id.
ALTER TABLE people ADD COLUMN erasure_token TEXT;
UPDATE people SET erasure_token = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX people_by_erasure_token ON people (erasure_token);
ALTER TABLE erasures ADD COLUMN person_token TEXT;
"#;

const V4: &str = r#"
-- Autosave: a form's unsaved content (JSON written by the interface), one row per form, kept
-- until the user saves or discards it.
CREATE TABLE form_drafts (
    key TEXT PRIMARY KEY,
    content TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
"#;

const V5: &str = r#"
-- Single values the app keeps, as JSON by key (the federation's own record).
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Every saved revision of a template is kept: a dossier names the revision it started from, and
-- an edit the user regrets can be undone by exporting an older one.
CREATE TABLE dossier_templates (
    name TEXT NOT NULL,
    revision INTEGER NOT NULL,
    content TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (name, revision)
);

-- A dossier's sections and budget are one JSON value: they are saved, versioned and restored
-- together, and never queried piece by piece. Structures are never removed (only binned), so a
-- dossier keeps its applicant; NULL means the federation applies for itself.
CREATE TABLE dossiers (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER REFERENCES structures (id),
    title TEXT NOT NULL CHECK (title <> ''),
    project TEXT NOT NULL DEFAULT '',
    year INTEGER NOT NULL,
    funder TEXT NOT NULL,
    template_name TEXT NOT NULL,
    template_revision INTEGER NOT NULL,
    content TEXT NOT NULL,
    -- The PNG printed on the title page, if the writer chose one.
    logo BLOB,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE dossier_versions (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    saved_at TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL
);
CREATE INDEX dossier_versions_by_dossier ON dossier_versions (dossier_id, saved_at);
"#;

const V6: &str = r#"
-- A Framaforms form, recognised across exports by its title. The questions designated to link a
-- response to a structure of the directory are kept with it, so the next wave needs no new choice.
CREATE TABLE survey_forms (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    title_key TEXT NOT NULL UNIQUE,
    link_name_key TEXT,
    link_commune_key TEXT
);

-- The question model: kind as inferred (or as corrected by the user), theme as assigned. Kept
-- with the form, so importing the next wave reuses every correction.
CREATE TABLE survey_questions (
    form_id INTEGER NOT NULL REFERENCES survey_forms (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('single', 'multi', 'number', 'text', 'grid')),
    kind_corrected INTEGER NOT NULL DEFAULT 0,
    options TEXT NOT NULL DEFAULT '[]',
    has_other INTEGER NOT NULL DEFAULT 0,
    theme TEXT,
    PRIMARY KEY (form_id, key)
);

CREATE TABLE survey_themes (
    form_id INTEGER NOT NULL REFERENCES survey_forms (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (form_id, name)
);

CREATE TABLE survey_waves (
    id INTEGER PRIMARY KEY,
    form_id INTEGER NOT NULL REFERENCES survey_forms (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (name <> ''),
    imported_at TEXT NOT NULL,
    UNIQUE (form_id, name)
);

-- A submission is identified by its form and Framaforms SID: a later export repeating it updates
-- it where it is, and only new SIDs join the wave being imported. IP address, UID and username
-- are never stored. Answers are JSON by question key.
CREATE TABLE survey_submissions (
    id INTEGER PRIMARY KEY,
    form_id INTEGER NOT NULL REFERENCES survey_forms (id) ON DELETE CASCADE,
    wave_id INTEGER NOT NULL REFERENCES survey_waves (id) ON DELETE CASCADE,
    sid INTEGER NOT NULL,
    serial INTEGER,
    submitted_at TEXT,
    completed_at TEXT,
    modified_at TEXT,
    draft INTEGER NOT NULL DEFAULT 0,
    answers TEXT NOT NULL,
    structure_id INTEGER REFERENCES structures (id),
    link_state TEXT NOT NULL DEFAULT 'none' CHECK (link_state IN ('none', 'proposed', 'confirmed', 'rejected')),
    UNIQUE (form_id, sid)
);
CREATE INDEX survey_submissions_by_wave ON survey_submissions (wave_id);
"#;

const V7: &str = r#"
-- Every version of the reference checklist, as JSON: an assessment names the version and the item
-- revision it answered, so a new version can show each centre what changed.
CREATE TABLE rgpd_checklists (
    version INTEGER PRIMARY KEY,
    content TEXT NOT NULL,
    saved_at TEXT NOT NULL
);

CREATE TABLE rgpd_assessments (
    structure_id INTEGER NOT NULL REFERENCES structures (id),
    item_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('a_faire', 'en_cours', 'conforme', 'non_applicable')),
    note TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    due TEXT,
    item_revision INTEGER NOT NULL,
    checklist_version INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (structure_id, item_id),
    CHECK (status <> 'non_applicable' OR reason <> '')
);

-- Every change, field by field: what, before, after, when.
CREATE TABLE rgpd_history (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures (id),
    item_id TEXT NOT NULL,
    field TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX rgpd_history_by_structure ON rgpd_history (structure_id, at);

-- Evidence files are kept in the base itself (a size limit applies), so a backup holds them.
CREATE TABLE rgpd_evidence_files (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures (id),
    item_id TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content BLOB NOT NULL,
    size INTEGER NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX rgpd_evidence_by_item ON rgpd_evidence_files (structure_id, item_id);

-- The federation's overall progress, one value per day a rating changed: the trend over time.
CREATE TABLE rgpd_progress_log (
    day TEXT PRIMARY KEY,
    progress INTEGER NOT NULL
);
"#;

const V8: &str = r#"
-- Kinds gain 'date'. SQLite cannot change a CHECK constraint in place: the table is rebuilt with
-- the same columns and rows (nothing references it, so no foreign key is involved).
CREATE TABLE survey_questions_v8 (
    form_id INTEGER NOT NULL REFERENCES survey_forms (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('single', 'multi', 'number', 'text', 'grid', 'date')),
    kind_corrected INTEGER NOT NULL DEFAULT 0,
    options TEXT NOT NULL DEFAULT '[]',
    has_other INTEGER NOT NULL DEFAULT 0,
    theme TEXT,
    PRIMARY KEY (form_id, key)
);
INSERT INTO survey_questions_v8 (form_id, key, position, label, kind, kind_corrected, options, has_other, theme)
    SELECT form_id, key, position, label, kind, kind_corrected, options, has_other, theme FROM survey_questions;
DROP TABLE survey_questions;
ALTER TABLE survey_questions_v8 RENAME TO survey_questions;

-- The questions each wave's exports contained (by the form's question key): a question added to
-- the questionnaire later is not a non-response of the waves that never asked it. Older imports
-- did not record it: a question answered by at least one of the wave's submissions was in it.
CREATE TABLE survey_wave_questions (
    wave_id INTEGER NOT NULL REFERENCES survey_waves (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    PRIMARY KEY (wave_id, key)
) WITHOUT ROWID;
INSERT OR IGNORE INTO survey_wave_questions (wave_id, key)
    SELECT DISTINCT s.wave_id, a.key
    FROM survey_submissions s, json_each(s.answers) a
    JOIN survey_questions q ON q.form_id = s.form_id AND q.key = a.key;

-- The form whose figures a dossier quotes ({{ enquete.* }}); NULL: the first form imported.
ALTER TABLE dossiers ADD COLUMN survey_form_id INTEGER REFERENCES survey_forms (id) ON DELETE SET NULL;
"#;

const V9: &str = r#"
-- Answers written from now on name each question by its position in the form rather than by its
-- key (see the store's survey answers module); rows written before keep naming the key.
ALTER TABLE survey_submissions ADD COLUMN answers_by_position INTEGER NOT NULL DEFAULT 0;

-- A wave's counts (responses, drafts, linked) read from this index alone: a large wave's rows are
-- kilobytes of answers each, and the list of forms is shown often.
DROP INDEX survey_submissions_by_wave;
CREATE INDEX survey_submissions_by_wave ON survey_submissions (wave_id, draft, link_state, structure_id);
"#;

// Every history names who did it (« Activité »): on a local base the computer's session user, on a
// team base the server's account (written by the server itself, see team/schema10.sql). Rows from
// before keep an empty author. A visit's recording time is new too: its `date` is when it took
// place. Imports had no trace at all.
const V10: &str = r#"
ALTER TABLE rgpd_history ADD COLUMN author TEXT NOT NULL DEFAULT '';
ALTER TABLE dossier_versions ADD COLUMN author TEXT NOT NULL DEFAULT '';
ALTER TABLE visits ADD COLUMN author TEXT NOT NULL DEFAULT '';
ALTER TABLE visits ADD COLUMN recorded_at TEXT NOT NULL DEFAULT '';
ALTER TABLE erasures ADD COLUMN author TEXT NOT NULL DEFAULT '';

-- A structure's version moves with each change: a form saved against a fiche someone else has
-- changed since it was opened is refused (the window then shows both).
ALTER TABLE structures ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    imported_at TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    created INTEGER NOT NULL CHECK (created >= 0),
    updated INTEGER NOT NULL CHECK (updated >= 0)
);

-- « Activité » reads the latest entries of each history.
CREATE INDEX rgpd_history_by_time ON rgpd_history (at);
CREATE INDEX dossier_versions_by_time ON dossier_versions (saved_at);
CREATE INDEX visits_by_recording ON visits (recorded_at);
CREATE INDEX imports_by_time ON imports (imported_at);
"#;

// The federation's dashboard reads one tally per centre instead of its forty ratings (see
// `fabrique_core::rgpd::tally`). Fabrique writes a centre's tally with each rating; these
// triggers mark it stale (checklist version 0) whenever a rating's status changes by any other
// way (a restored or published base, a statement typed by hand), so a stale tally is counted
// again from the ratings rather than believed. A tally of another checklist version is stale too.
const V11: &str = r#"
CREATE TABLE rgpd_tallies (
    structure_id INTEGER PRIMARY KEY REFERENCES structures (id) ON DELETE CASCADE,
    checklist_version INTEGER NOT NULL,
    assessed INTEGER NOT NULL CHECK (assessed >= 0),
    steps TEXT NOT NULL
);
INSERT INTO rgpd_tallies (structure_id, checklist_version, assessed, steps)
    SELECT DISTINCT structure_id, 0, 0, '' FROM rgpd_assessments;

-- The dashboard's late actions: the few ratings still to do whose date has passed, found without
-- reading every rating.
CREATE INDEX rgpd_assessments_to_do_by_due ON rgpd_assessments (due) WHERE status IN ('a_faire', 'en_cours');

CREATE TRIGGER rgpd_tally_stale_on_insert AFTER INSERT ON rgpd_assessments BEGIN
    UPDATE rgpd_tallies SET checklist_version = 0 WHERE structure_id = NEW.structure_id;
    INSERT INTO rgpd_tallies (structure_id, checklist_version, assessed, steps)
        SELECT NEW.structure_id, 0, 0, '' WHERE NOT EXISTS (SELECT 1 FROM rgpd_tallies WHERE structure_id = NEW.structure_id);
END;
CREATE TRIGGER rgpd_tally_stale_on_update AFTER UPDATE OF structure_id, item_id, status ON rgpd_assessments BEGIN
    UPDATE rgpd_tallies SET checklist_version = 0 WHERE structure_id IN (OLD.structure_id, NEW.structure_id);
    INSERT INTO rgpd_tallies (structure_id, checklist_version, assessed, steps)
        SELECT NEW.structure_id, 0, 0, '' WHERE NOT EXISTS (SELECT 1 FROM rgpd_tallies WHERE structure_id = NEW.structure_id);
END;
CREATE TRIGGER rgpd_tally_stale_on_delete AFTER DELETE ON rgpd_assessments BEGIN
    UPDATE rgpd_tallies SET checklist_version = 0 WHERE structure_id = OLD.structure_id;
END;
"#;

// A person's version moves with each change, as a structure's: a form saved against a person
// someone else changed since it was opened is refused (the window then merges or shows both).
const V12: &str = r#"
ALTER TABLE people ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
"#;

// A visit's version, and a dossier header's (its text is merged section by section instead):
// a form saved against one someone else changed since it was opened is refused.
const V13: &str = r#"
ALTER TABLE visits ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE dossiers ADD COLUMN header_version INTEGER NOT NULL DEFAULT 1;
"#;

// Publications (« Communication »): the post and where it stands, the structures it concerns, its
// comment thread and the history of its moves. Channels are stored as their codes separated by
// commas, partners one per line; a planned date is local time, `AAAA-MM-JJTHH:MM`.
const V14: &str = r#"
CREATE TABLE publications (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    channels TEXT NOT NULL DEFAULT '',
    partners TEXT NOT NULL DEFAULT '',
    planned_at TEXT,
    status TEXT NOT NULL DEFAULT 'idee'
        CHECK (status IN ('idee', 'redaction', 'a_valider', 'validee', 'refusee', 'programmee', 'publiee')),
    author TEXT NOT NULL DEFAULT '',
    validator TEXT NOT NULL DEFAULT '',
    refusal_reason TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    asked_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX publications_by_date ON publications (planned_at);
CREATE TABLE publication_structures (
    publication_id INTEGER NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    structure_id INTEGER NOT NULL REFERENCES structures (id) ON DELETE CASCADE,
    PRIMARY KEY (publication_id, structure_id)
);
CREATE TABLE publication_comments (
    id INTEGER PRIMARY KEY,
    publication_id INTEGER NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    author TEXT NOT NULL DEFAULT '',
    written_at TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX publication_comments_by_publication ON publication_comments (publication_id);
CREATE TABLE publication_history (
    id INTEGER PRIMARY KEY,
    publication_id INTEGER NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX publication_history_by_publication ON publication_history (publication_id);
CREATE INDEX publication_history_by_time ON publication_history (at);
"#;

// The news watch (« veille »): the feeds followed, with what their last fetch said (and the
// validators for a conditional request), and the items found or added by hand. An item is
// found once: by its link, and by its id within its feed.
const V15: &str = r#"
CREATE TABLE veille_sources (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    etag TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    fetched_at TEXT,
    error TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL
);
CREATE TABLE veille_items (
    id INTEGER PRIMARY KEY,
    source_id INTEGER REFERENCES veille_sources (id) ON DELETE CASCADE,
    guid TEXT NOT NULL,
    link TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    published_at TEXT,
    found_at TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    share INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX veille_items_by_guid ON veille_items (source_id, guid);
CREATE INDEX veille_items_by_date ON veille_items (found_at);
"#;

// The monthly letters once a delegate writes them: one per month, its articles in their
// sections and order. `origin` names the item or publication an article was made from, so the
// month's later finds are offered without bringing back what was rewritten.
const V16: &str = r#"
CREATE TABLE newsletters (
    id INTEGER PRIMARY KEY,
    month TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    intro TEXT NOT NULL DEFAULT '',
    sent_on TEXT,
    author TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE newsletter_entries (
    id INTEGER PRIMARY KEY,
    newsletter_id INTEGER NOT NULL REFERENCES newsletters (id) ON DELETE CASCADE,
    section TEXT NOT NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    link TEXT,
    date_label TEXT,
    origin TEXT NOT NULL DEFAULT ''
);
CREATE INDEX newsletter_entries_by_letter ON newsletter_entries (newsletter_id, position);
"#;

// A publication's pictures, stored in the base (reduced and without their metadata, by
// `files::picture`), so that every delegate of a team base sees them.
const V17: &str = r#"
CREATE TABLE publication_images (
    id INTEGER PRIMARY KEY,
    publication_id INTEGER NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png')),
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX publication_images_by_publication ON publication_images (publication_id);
"#;

// The federation's partners (themes one per line); meetings with partners and structures, each
// side's participants one per line, and their follow-ups; and what happens to a dossier once
// sent: its status, the partner it is addressed to, the decision, the financial report owed, and
// the payments received (integer cents).
const V18: &str = r#"
CREATE TABLE partners (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'financeur'
        CHECK (kind IN ('financeur', 'institution', 'collectivite', 'association', 'reseau')),
    address TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    themes TEXT NOT NULL DEFAULT '',
    follow_up_months INTEGER,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX partners_by_name ON partners (lower(name));
ALTER TABLE dossiers ADD COLUMN status TEXT NOT NULL DEFAULT 'preparation'
    CHECK (status IN ('preparation', 'envoye', 'accorde', 'refuse', 'sans_suite'));
ALTER TABLE dossiers ADD COLUMN funder_partner_id INTEGER REFERENCES partners (id) ON DELETE SET NULL;
ALTER TABLE dossiers ADD COLUMN sent_on TEXT;
ALTER TABLE dossiers ADD COLUMN decided_on TEXT;
ALTER TABLE dossiers ADD COLUMN granted_cents INTEGER;
ALTER TABLE dossiers ADD COLUMN conditions TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN refusal_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN report_due_on TEXT;
ALTER TABLE dossiers ADD COLUMN report_sent_on TEXT;
CREATE TABLE dossier_payments (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    received_on TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    note TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
);
CREATE INDEX dossier_payments_by_dossier ON dossier_payments (dossier_id, received_on);
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    held_on TEXT NOT NULL,
    starts_at TEXT,
    duration_minutes INTEGER,
    place TEXT NOT NULL DEFAULT '',
    online INTEGER NOT NULL DEFAULT 0,
    ours TEXT NOT NULL DEFAULT '',
    theirs TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    decisions TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meetings_by_day ON meetings (held_on);
CREATE TABLE meeting_structures (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    structure_id INTEGER NOT NULL REFERENCES structures (id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, structure_id)
);
CREATE TABLE meeting_partners (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    partner_id INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, partner_id)
);
CREATE INDEX meeting_partners_by_partner ON meeting_partners (partner_id);
CREATE TABLE follow_ups (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    what TEXT NOT NULL,
    who TEXT NOT NULL DEFAULT '',
    due_on TEXT,
    done_on TEXT
);
CREATE INDEX follow_ups_by_meeting ON follow_ups (meeting_id, position);
CREATE INDEX follow_ups_open ON follow_ups (done_on, due_on);
"#;

// A person is a contact of a structure or of a partner, never both: the same record, the same
// RGPD duties (source, review after three years, export, erasure). SQLite cannot drop a NOT NULL,
// so the table is built again with its rows, ids, tokens and versions.
const V19: &str = r#"
CREATE TABLE people_v19 (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER REFERENCES structures (id) ON DELETE CASCADE,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    collected_from TEXT NOT NULL DEFAULT '',
    collected_on TEXT,
    reviewed_on TEXT,
    erasure_token TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    -- Last, where the team base's `ALTER TABLE … ADD COLUMN` puts it: both engines' rows alike.
    partner_id INTEGER REFERENCES partners (id) ON DELETE CASCADE,
    CHECK ((structure_id IS NULL) <> (partner_id IS NULL))
);
INSERT INTO people_v19 (id, structure_id, first_name, last_name, role, email, phone, collected_from, collected_on,
                        reviewed_on, erasure_token, version)
    SELECT id, structure_id, first_name, last_name, role, email, phone, collected_from, collected_on, reviewed_on,
           erasure_token, version FROM people;
DROP TABLE people;
ALTER TABLE people_v19 RENAME TO people;
CREATE INDEX people_by_structure ON people (structure_id);
CREATE INDEX people_by_partner ON people (partner_id);
CREATE UNIQUE INDEX people_by_erasure_token ON people (erasure_token);
"#;

// One notion of meeting: each visit becomes a meeting of its structure (« Visite », its date,
// who went, who was met, its notes, who recorded it and when, its version), under an id of its
// own after the meetings already there; then the visits' table goes.
const V20: &str = r#"
ALTER TABLE meetings ADD COLUMN author TEXT NOT NULL DEFAULT '';
CREATE TEMP TABLE visit_meetings AS
    SELECT v.id AS visit_id, (SELECT coalesce(max(id), 0) FROM meetings) + v.id AS meeting_id FROM visits v;
INSERT INTO meetings (id, title, held_on, ours, theirs, notes, created_at, updated_at, version, author)
    SELECT m.meeting_id, 'Visite', v.date, v.delegate, v.met, v.notes, v.recorded_at, v.recorded_at, v.version, v.author
    FROM visits v JOIN visit_meetings m ON m.visit_id = v.id;
INSERT INTO meeting_structures (meeting_id, structure_id)
    SELECT m.meeting_id, v.structure_id FROM visits v JOIN visit_meetings m ON m.visit_id = v.id;
DROP TABLE visit_meetings;
DROP TABLE visits;
"#;

/// What a connection holds before any migration: which application wrote it, and how far its
/// schema got.
pub(crate) struct Identity {
    pub application_id: i32,
    pub user_version: u32,
    /// No table at all: a file SQLite created just now (or an empty one), fit to become a Fabrique base.
    pub blank: bool,
}

/// Reads the header fields. A file that is not SQLite fails here, on the first read.
pub(crate) fn identity(conn: &Connection) -> rusqlite::Result<Identity> {
    let application_id = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let user_version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    Ok(Identity { application_id, user_version: u32::try_from(user_version).unwrap_or(u32::MAX), blank: objects == 0 })
}

/// Applies every migration newer than the file's `user_version`, each in its own transaction
/// that also sets `user_version`, so a failure leaves the file exactly as the last success did.
pub(crate) fn migrate(conn: &mut Connection) -> Result<u32> {
    migrate_with(conn, MIGRATIONS)
}

pub(crate) fn migrate_with(conn: &mut Connection, migrations: &[Migration]) -> Result<u32> {
    let mut version: u32 = identity(conn).during("la lecture de la version du schéma")?.user_version;
    let pending: Vec<&Migration> = migrations.iter().filter(|m| m.version > version).collect();
    if pending.is_empty() {
        return Ok(version);
    }
    // SQLite's documented way to change a schema: foreign keys off while tables are altered, then
    // checked as a whole before they are turned back on.
    conn.pragma_update(None, "foreign_keys", false).during("la préparation de la mise à jour du schéma")?;
    let result = pending.into_iter().try_for_each(|m| {
        apply(conn, m)?;
        version = m.version;
        Ok(())
    });
    conn.pragma_update(None, "foreign_keys", true).during("la fin de la mise à jour du schéma")?;
    result.map(|()| version)
}

fn apply(conn: &mut Connection, m: &Migration) -> Result<()> {
    let fail = |source| StoreError::Migration { version: m.version, description: m.description, source };
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(fail)?;
    tx.execute_batch(m.sql).map_err(fail)?;
    tx.pragma_update(None, "user_version", m.version).map_err(fail)?;
    let broken_links: i64 =
        tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).map_err(fail)?;
    if broken_links > 0 {
        return Err(fail(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
            Some(format!("{broken_links} lien(s) entre tables rompu(s)")),
        )));
    }
    // Dropping an uncommitted transaction rolls it back: the file stays as the last success left it.
    tx.commit().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::OptionalExtension;

    #[test]
    fn versions_are_contiguous_and_the_sql_sets_our_application_id() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version as usize, i + 1);
        }
        assert!(V1.contains(&format!("PRAGMA application_id = {APPLICATION_ID};")));
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), LATEST);
        let id = identity(&conn).unwrap();
        assert_eq!((id.application_id, id.user_version, id.blank), (APPLICATION_ID, LATEST, false));
        assert_eq!(migrate(&mut conn).unwrap(), LATEST, "migrating twice changes nothing");
    }

    /// The frozen schema-4 base, brought to schema 7 with a survey as that release stored it, then
    /// upgraded: its rows survive the rebuilt question table, each wave learns the questions its
    /// submissions answered, and 'date' becomes a kind.
    #[test]
    fn schema_8_keeps_a_schema_7_survey_and_records_the_questions_of_each_wave() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v4.sqlite");
        std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schema-v4.sqlite"), &path).unwrap();
        let mut conn = Connection::open(&path).unwrap();
        assert_eq!(migrate_with(&mut conn, &MIGRATIONS[..7]).unwrap(), 7);
        conn.execute_batch(
            r#"
            INSERT INTO survey_forms (id, title, title_key) VALUES (1, 'Pratiques', 'pratiques');
            INSERT INTO survey_questions (form_id, key, position, label, kind, kind_corrected, theme) VALUES
                (1, 'nom', 0, 'Nom de la structure', 'text', 0, NULL),
                (1, 'accompagnement', 1, 'Accompagnement ?', 'single', 1, 'Médiation auprès du public'),
                (1, 'nouvelle', 2, 'Question de 2023', 'number', 0, NULL);
            INSERT INTO survey_waves (id, form_id, name, imported_at) VALUES
                (1, 1, '2021', '2021-07-01T00:00:00Z'), (2, 1, '2023', '2023-07-01T00:00:00Z');
            INSERT INTO survey_submissions (form_id, wave_id, sid, answers) VALUES
                (1, 1, 101, '{"nom":{"type":"text","value":"A"},"accompagnement":{"type":"choice","value":"Oui"}}'),
                (1, 1, 102, '{"nom":{"type":"text","value":"B"},"inconnue":{"type":"text","value":"?"}}'),
                (1, 2, 201, '{"nom":{"type":"text","value":"C"},"nouvelle":{"type":"number","value":3}}');
            "#,
        )
        .unwrap();
        let structures: i64 = conn.query_row("SELECT count(*) FROM structures", [], |r| r.get(0)).unwrap();
        assert!(structures > 0, "the fixture holds real rows");

        assert_eq!(migrate_with(&mut conn, &MIGRATIONS[..8]).unwrap(), 8);
        let questions: Vec<(String, String, bool, Option<String>)> = conn
            .prepare("SELECT key, kind, kind_corrected, theme FROM survey_questions ORDER BY position")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(questions.len(), 3);
        assert_eq!(
            questions[1],
            ("accompagnement".into(), "single".into(), true, Some("Médiation auprès du public".into()))
        );
        let asked = |wave: i64| -> Vec<String> {
            conn.prepare("SELECT key FROM survey_wave_questions WHERE wave_id = ?1 ORDER BY key")
                .unwrap()
                .query_map([wave], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        assert_eq!(asked(1), ["accompagnement", "nom"], "an answer to no known question is ignored");
        assert_eq!(asked(2), ["nom", "nouvelle"]);
        conn.execute("UPDATE survey_questions SET kind = 'date' WHERE key = 'nom'", []).unwrap();
        assert!(conn.execute("UPDATE survey_questions SET kind = 'heure' WHERE key = 'nom'", []).is_err());
        let cited: Option<i64> = conn
            .query_row("SELECT survey_form_id FROM dossiers LIMIT 1", [], |r| r.get(0))
            .optional()
            .unwrap()
            .flatten();
        assert_eq!(cited, None, "no dossier cites a form yet");
        assert_eq!(identity(&conn).unwrap().user_version, 8);
    }

    #[test]
    fn schema_9_counts_the_waves_of_a_schema_8_base_from_an_index_and_still_reads_its_answers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v8.sqlite");
        std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schema-v4.sqlite"), &path).unwrap();
        {
            let mut conn = Connection::open(&path).unwrap();
            assert_eq!(migrate_with(&mut conn, &MIGRATIONS[..8]).unwrap(), 8);
            // Answers in the tagged form schema 8 wrote.
            conn.execute_batch(
                r#"
                INSERT INTO survey_forms (id, title, title_key) VALUES (1, 'Pratiques', 'pratiques');
                INSERT INTO survey_questions (form_id, key, position, label, kind) VALUES
                    (1, 'nom', 0, 'Nom de la structure', 'text'), (1, 'outils', 1, 'Outils', 'multi');
                INSERT INTO survey_waves (id, form_id, name, imported_at) VALUES (1, 1, '2021', '2021-07-01T00:00:00Z');
                INSERT INTO survey_wave_questions (wave_id, key) VALUES (1, 'nom'), (1, 'outils');
                INSERT INTO survey_submissions (form_id, wave_id, sid, draft, answers) VALUES
                    (1, 1, 101, 0, '{"nom":{"type":"text","value":"A"},"outils":{"type":"choices","selected":["Site"],"other":null}}'),
                    (1, 1, 102, 1, '{"nom":{"type":"text","value":"B"}}');
                "#,
            )
            .unwrap();
        }
        let store = crate::Store::open(&path).unwrap();
        let plan: String = store
            .local()
            .unwrap()
            .query_row(
                "EXPLAIN QUERY PLAN SELECT count(*) FROM survey_submissions WHERE wave_id = 1 AND draft = 0",
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("COVERING INDEX survey_submissions_by_wave"), "{plan}");
        let wave = &store.survey_forms().unwrap()[0].waves[0];
        assert_eq!((wave.responses, wave.drafts), (1, 1));
        let rows = store.wave_submissions(wave.id).unwrap();
        assert_eq!(
            rows[0].submission.answers["outils"],
            fabrique_core::survey::Answer::Choices { selected: vec!["Site".into()], other: None }
        );
        assert_eq!(identity(store.local().unwrap()).unwrap().user_version, LATEST);
    }

    #[test]
    fn schema_10_keeps_the_histories_of_a_schema_9_base_with_no_author_and_signs_what_comes_after() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v9.sqlite");
        std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schema-v4.sqlite"), &path).unwrap();
        {
            let mut conn = Connection::open(&path).unwrap();
            assert_eq!(migrate_with(&mut conn, &MIGRATIONS[..9]).unwrap(), 9);
            // Histories as schema 9 wrote them.
            conn.execute_batch(
                r#"
                INSERT INTO structures (id, name, updated_at) VALUES (500, 'Centre social Les Aubiers', '2026-01-01T00:00:00Z');
                INSERT INTO rgpd_history (structure_id, item_id, field, before, after, at)
                    VALUES (500, 'registre', 'statut', 'À faire', 'Conforme', '2026-03-01T10:00:00Z');
                INSERT INTO visits (structure_id, date, delegate, met, notes) VALUES (500, '2026-02-01', 'Marie', '', '');
                INSERT INTO erasures (erased_at, structure_id, person_token) VALUES ('2026-03-02T10:00:00Z', 500, 'jeton');
                "#,
            )
            .unwrap();
        }
        let mut store = crate::Store::open(&path).unwrap();
        let entries = store.activity(10).unwrap();
        let kinds: Vec<_> = entries.iter().map(|e| (e.kind, e.author.as_str())).collect();
        use fabrique_core::activity::ActivityKind;
        // A visit of before has no recording time: it is not listed as if it were new. The
        // fixture's own erasure (schema 4) comes last.
        assert_eq!(kinds, [(ActivityKind::Erasure, ""), (ActivityKind::Rgpd, ""), (ActivityKind::Erasure, "")]);
        assert_eq!(entries[1].structure_name.as_deref(), Some("Centre social Les Aubiers"));

        let visit = fabrique_core::VisitDraft {
            date: chrono::NaiveDate::from_ymd_opt(2026, 12, 1),
            delegate: "Marie".into(),
            met: String::new(),
            notes: String::new(),
        };
        store.save_visit(500, None, visit, None).unwrap();
        let latest = &store.activity(1).unwrap()[0];
        assert_eq!((latest.kind, latest.author.clone()), (ActivityKind::Visit, store.author()));
        assert_eq!(latest.summary, "Visite du 01/12/2026 enregistrée");
        assert_eq!(identity(store.local().unwrap()).unwrap().user_version, LATEST);
    }

    #[test]
    fn schema_11_marks_the_tallies_of_a_schema_10_base_stale_and_the_first_refresh_keeps_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v10.sqlite");
        std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schema-v4.sqlite"), &path).unwrap();
        {
            let mut conn = Connection::open(&path).unwrap();
            assert_eq!(migrate_with(&mut conn, &MIGRATIONS[..10]).unwrap(), 10);
            conn.execute("INSERT INTO structures (id, name, updated_at) VALUES (500, 'Les Aubiers', '2026-01-01')", [])
                .unwrap();
            // Three ratings as schema 10 wrote them, with no tally beside them.
            for item in fabrique_core::rgpd::shipped_checklist().items.iter().take(3) {
                conn.execute(
                    "INSERT INTO rgpd_assessments (structure_id, item_id, status, item_revision, checklist_version, updated_at) \
                     VALUES (500, ?1, 'conforme', 1, 1, '2026-03-01T10:00:00Z')",
                    [&item.id],
                )
                .unwrap();
            }
        }
        let mut store = crate::Store::open(&path).unwrap();
        let checklist = store.rgpd_checklist().unwrap();
        let ratings = store.rgpd_assessments(Some(500)).unwrap();
        assert_eq!(ratings.len(), 3);
        let stale = store.rgpd_tallies(&checklist).unwrap();
        assert_eq!(stale.recounted, 1);
        let expected = fabrique_core::rgpd::CentreTally::of(&checklist, 500, &ratings);
        assert_eq!(stale.by_centre[&500], expected);
        assert_eq!(store.refresh_rgpd_tallies(&checklist).unwrap(), 1);
        let kept = store.rgpd_tallies(&checklist).unwrap();
        assert_eq!((kept.recounted, &kept.by_centre[&500]), (0, &expected));
        // The late actions are looked up by their date, not by reading every rating.
        let plan: String = store
            .local()
            .unwrap()
            .query_row(
                "EXPLAIN QUERY PLAN SELECT * FROM rgpd_assessments WHERE due < '2026-12-01' AND status IN ('a_faire', 'en_cours')",
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("rgpd_assessments_to_do_by_due"), "{plan}");
    }

    #[test]
    fn a_failing_migration_rolls_back_its_own_transaction_only() {
        let broken = [
            Migration { version: 1, description: "schéma initial", sql: V1 },
            Migration {
                version: 2,
                description: "cassée",
                sql: "ALTER TABLE structures ADD COLUMN x TEXT; SELECT * FROM nulle_part;",
            },
        ];
        let mut conn = Connection::open_in_memory().unwrap();
        let err = migrate_with(&mut conn, &broken).unwrap_err();
        assert_eq!(err.code(), "migration_failed");
        assert!(err.to_string().contains("schéma 2 (« cassée »)"), "{err}");
        let id = identity(&conn).unwrap();
        assert_eq!(id.user_version, 1, "v1 committed, v2 rolled back");
        let has_x: i64 = conn
            .query_row("SELECT count(*) FROM pragma_table_info('structures') WHERE name = 'x'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(has_x, 0);
    }
}
