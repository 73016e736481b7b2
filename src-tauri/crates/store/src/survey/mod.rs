//! The survey: Framaforms forms, their question model, waves of submissions and their links to
//! the directory.
//!
//! An import is one transaction: the whole file lands, or nothing does. Submissions are identified
//! by (form, SID), so importing a later export of the same form only adds what is new and updates
//! what changed, wherever it first landed. Each wave records which questions its exports contained,
//! so a question the wave never asked is not counted among its non-responses.
//!
//! Every operation runs on both engines, the local file and the team base, through [`crate::sql`].

use std::collections::{BTreeMap, HashMap, HashSet};

use fabrique_core::dossier::placeholders::SurveyFigures;
use fabrique_core::dossier::{Dossier, DossierFacts, DossierId};
use fabrique_core::survey::link;
use fabrique_core::survey::{
    Answer, FormId, LinkState, QuestionDef, QuestionKind, StoredQuestion, StoredSubmission, Submission, SubmissionId,
    SurveyExport, SurveyForm, SurveyImportOutcome, WaveId, WaveInfo, WaveReader,
};
use fabrique_core::text::fold;
use fabrique_core::{CoreError, StructureId};

mod answers;
mod citations;
mod demo;
mod forms;
mod import;
mod links;
mod waves;

use crate::database::{PAGE_CACHE_KIB, SCAN_CACHE_KIB};
use crate::error::{Result, StoreError};
use crate::sql::{query_value, values, Engine, Sql};
use crate::{now, Store};

/// A structure's answers in one wave: the wave's name, then (question label, answer as text).
pub type WaveAnswers = (String, Vec<(String, String)>);

/// The setting holding the form the Enquête view shows, so the next start opens it again.
const CHOSEN_FORM_KEY: &str = "survey_form";

/// The five themes of the federation's questionnaire, offered for every form.
pub const DEFAULT_THEMES: [&str; 5] = [
    "Communication",
    "Équipements",
    "Médiation auprès du public",
    "Droit et licences",
    "Faire réseau avec le numérique",
];

impl Store {
    /// A small page cache while a wave is written or read through once (see [`SCAN_CACHE_KIB`]),
    /// or the usual one back.
    /// The server of a team base keeps its own cache, shared by every connection: nothing to tune.
    pub(super) fn scan_cache(&self, scanning: bool) -> Result<()> {
        let kib = if scanning { SCAN_CACHE_KIB } else { PAGE_CACHE_KIB };
        match self.db().engine() {
            Engine::Sqlite => self.db().batch(&format!("PRAGMA cache_size = -{kib}")),
            Engine::Postgres => Ok(()),
        }
    }
}
