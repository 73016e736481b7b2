//! The directory's data: structures, the people attached to them, and the visit log.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub type StructureId = i64;
pub type PersonId = i64;
pub type VisitId = i64;

/// A centre social holds a CAF "animation globale" approval; an EVS a lighter "animation locale" one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum StructureKind {
    CentreSocial,
    Evs,
}

impl StructureKind {
    pub const ALL: [StructureKind; 2] = [StructureKind::CentreSocial, StructureKind::Evs];

    pub fn label(self) -> &'static str {
        match self {
            StructureKind::CentreSocial => "Centre social",
            StructureKind::Evs => "Espace de vie sociale",
        }
    }

    pub fn as_code(self) -> &'static str {
        match self {
            StructureKind::CentreSocial => "centre_social",
            StructureKind::Evs => "evs",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "centre_social" => Some(StructureKind::CentreSocial),
            "evs" => Some(StructureKind::Evs),
            _ => None,
        }
    }
}

/// Whether the structure's commune is urban or rural, as the delegates class it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Area {
    Urbain,
    Rural,
}

impl Area {
    pub fn label(self) -> &'static str {
        match self {
            Area::Urbain => "Urbain",
            Area::Rural => "Rural",
        }
    }

    pub fn as_code(self) -> &'static str {
        match self {
            Area::Urbain => "urbain",
            Area::Rural => "rural",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "urbain" => Some(Area::Urbain),
            "rural" => Some(Area::Rural),
            _ => None,
        }
    }
}

/// What a user edits: every field of a structure except its identity and bookkeeping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StructureDraft {
    pub name: String,
    pub kind: Option<StructureKind>,
    pub member: bool,
    /// Year the structure joined the federation.
    pub member_since: Option<i32>,
    pub caf_approval_start: Option<NaiveDate>,
    pub caf_approval_end: Option<NaiveDate>,
    pub address: String,
    pub postal_code: String,
    pub commune: String,
    /// INSEE code of the commune, filled from the official list when the commune is recognised.
    pub insee: Option<String>,
    pub area: Option<Area>,
    /// In a "quartier prioritaire de la politique de la ville".
    pub qpv: bool,
    pub siret: Option<String>,
    pub rna: Option<String>,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub social_networks: String,
    pub employees: Option<u32>,
    pub volunteers: Option<u32>,
    pub notes: String,
    pub tags: Vec<String>,
}

/// A structure as stored, with the territory derived from its commune.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Structure {
    pub id: StructureId,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub draft: StructureDraft,
    pub territory: Territory,
    /// RFC 3339 time of the last change.
    pub updated_at: String,
    /// Moves with each change: a form saved against an older version is refused as a conflict.
    pub version: i64,
}

/// Where a structure stands among Gironde's intercommunalities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Territory {
    /// SIREN of the intercommunality (EPCI), when the commune is known.
    pub epci_code: Option<String>,
    pub epci_name: Option<String>,
    /// True inside Bordeaux Métropole.
    pub metropole: bool,
}

impl Territory {
    pub fn label(&self) -> &str {
        if self.metropole {
            "Bordeaux Métropole"
        } else {
            self.epci_name.as_deref().unwrap_or("Hors métropole")
        }
    }
}

/// Roles the federation meets in structures; free text is allowed beside these.
pub const SUGGESTED_ROLES: [&str; 8] = [
    "Direction",
    "Présidence",
    "Référent·e numérique",
    "Référent·e RGPD",
    "Accueil",
    "Coordination",
    "Animation",
    "Trésorerie",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonDraft {
    pub first_name: String,
    pub last_name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
    /// Where the data was collected (a visit, a form, an email…), as the RGPD asks the federation to know.
    pub collected_from: String,
    pub collected_on: Option<NaiveDate>,
    /// Last time someone checked the data is still accurate and needed.
    pub reviewed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Person {
    pub id: PersonId,
    /// The structure of the directory the person works in, or…
    pub structure_id: Option<StructureId>,
    /// …the partner they are a contact of (exactly one of the two).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub partner_id: Option<i64>,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub draft: PersonDraft,
    /// Moves with each change: a form saves with the version it was opened on.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub version: i64,
}

impl Person {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.draft.first_name.trim(), self.draft.last_name.trim()).trim().to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VisitDraft {
    pub date: Option<NaiveDate>,
    /// The federation's delegate(s) who went.
    pub delegate: String,
    /// Whom they met at the structure.
    pub met: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Visit {
    pub id: VisitId,
    pub structure_id: StructureId,
    /// The meeting's object: « Visite » for one recorded on the fiche.
    pub title: String,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub draft: VisitDraft,
    /// Moves with each correction: a form saves with the version it was opened on.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub version: i64,
}

/// A structure with everything attached to it, for the detail view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StructureDetail {
    pub structure: Structure,
    pub people: Vec<Person>,
    pub visits: Vec<Visit>,
}
