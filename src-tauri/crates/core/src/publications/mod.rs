//! Publications (« Communication »): the federation's posts on its Facebook page, LinkedIn, its
//! website and in the monthly newsletter, from the idea to the post, with validation by a
//! delegate other than the author.
//!
//! `mod.rs` holds the publication and the rules of its life (which status may follow which, what
//! each move needs, who may validate), `flags.rs` what the board points out (waiting too long for
//! validation, a date passed before validation), `ics.rs` the iCalendar export, `demo.rs` the demo.

pub mod demo;
mod flags;
pub mod ics;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::model::StructureId;

pub use flags::{checked_waiting_days, flags_of, Flag, WAITING_DAYS_DEFAULT, WAITING_DAYS_MAX};

pub type PublicationId = i64;

/// Where a publication goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Facebook,
    Linkedin,
    Site,
    Lettre,
}

impl Channel {
    pub const ALL: [Channel; 4] = [Channel::Facebook, Channel::Linkedin, Channel::Site, Channel::Lettre];

    pub fn label(self) -> &'static str {
        match self {
            Channel::Facebook => "Page Facebook",
            Channel::Linkedin => "LinkedIn",
            Channel::Site => "Site",
            Channel::Lettre => "Lettre",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Channel::Facebook => "facebook",
            Channel::Linkedin => "linkedin",
            Channel::Site => "site",
            Channel::Lettre => "lettre",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// Where a publication stands, in the order of its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PublicationStatus {
    Idee,
    Redaction,
    AValider,
    Validee,
    Refusee,
    Programmee,
    Publiee,
}

impl PublicationStatus {
    /// The board's columns, in order.
    pub const ALL: [PublicationStatus; 7] = [
        PublicationStatus::Idee,
        PublicationStatus::Redaction,
        PublicationStatus::AValider,
        PublicationStatus::Validee,
        PublicationStatus::Refusee,
        PublicationStatus::Programmee,
        PublicationStatus::Publiee,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PublicationStatus::Idee => "Idée",
            PublicationStatus::Redaction => "Rédaction",
            PublicationStatus::AValider => "À valider",
            PublicationStatus::Validee => "Validée",
            PublicationStatus::Refusee => "Refusée",
            PublicationStatus::Programmee => "Programmée",
            PublicationStatus::Publiee => "Publiée",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            PublicationStatus::Idee => "idee",
            PublicationStatus::Redaction => "redaction",
            PublicationStatus::AValider => "a_valider",
            PublicationStatus::Validee => "validee",
            PublicationStatus::Refusee => "refusee",
            PublicationStatus::Programmee => "programmee",
            PublicationStatus::Publiee => "publiee",
        }
    }

    pub fn from_code(code: &str) -> Option<PublicationStatus> {
        PublicationStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The statuses a publication may move to from this one. Going back is allowed where work
    /// resumes (a refused or validated text rewritten, a planned one taken off the calendar);
    /// a published one stays published.
    pub fn next(self) -> &'static [PublicationStatus] {
        use PublicationStatus::*;
        match self {
            Idee => &[Redaction],
            Redaction => &[Idee, AValider],
            AValider => &[Redaction, Validee, Refusee],
            Validee => &[Redaction, Programmee],
            Refusee => &[Redaction],
            Programmee => &[Validee, Publiee],
            Publiee => &[],
        }
    }

    /// Validated and not yet out: what the calendar and the iCalendar export plan.
    pub fn is_planned(self) -> bool {
        matches!(self, PublicationStatus::Validee | PublicationStatus::Programmee)
    }
}

/// What a delegate writes of a publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PublicationDraft {
    pub title: String,
    pub text: String,
    pub channels: Vec<Channel>,
    /// The structures of the directory it concerns.
    #[cfg_attr(feature = "ts", ts(type = "number[]"))]
    pub structure_ids: Vec<StructureId>,
    /// The partners it concerns, by name (until partners have their own records).
    pub partners: Vec<String>,
    /// When it should go out, local time (`AAAA-MM-JJTHH:MM`).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub planned_at: Option<NaiveDateTime>,
}

/// Longest title and text: a post, not a report.
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_TEXT_CHARS: usize = 20_000;

impl PublicationDraft {
    /// Tidies the draft (spaces, channels once each in a fixed order) and checks it.
    pub fn cleaned(mut self) -> Result<PublicationDraft> {
        self.title = self.title.trim().to_string();
        self.text = self.text.trim_end().to_string();
        self.channels.sort();
        self.channels.dedup();
        self.structure_ids.sort_unstable();
        self.structure_ids.dedup();
        self.partners = self.partners.iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
        self.partners.dedup();
        if self.title.is_empty() {
            return Err(CoreError::invalid("titre", "donnez un titre à la publication."));
        }
        if self.title.chars().count() > MAX_TITLE_CHARS {
            return Err(CoreError::invalid("titre", format!("le titre dépasse {MAX_TITLE_CHARS} caractères.")));
        }
        if self.text.chars().count() > MAX_TEXT_CHARS {
            return Err(CoreError::invalid(
                "texte",
                format!("le texte dépasse {MAX_TEXT_CHARS} caractères : c'est une publication, pas un rapport."),
            ));
        }
        Ok(self)
    }
}

/// A stored publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Publication {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: PublicationId,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub draft: PublicationDraft,
    pub status: PublicationStatus,
    /// Who created it (on a team base, the account, written by the server).
    pub author: String,
    /// Who validated or refused it.
    pub validator: String,
    /// Why it was refused (kept when it goes back to writing, until it is validated).
    pub refusal_reason: String,
    /// Where it was published.
    pub link: String,
    /// When it was last sent for validation (RFC 3339, UTC), for the « waiting too long » flag.
    pub asked_at: Option<String>,
    pub updated_at: String,
    /// Moves with each change: a form saves with the version it was opened on.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub version: i64,
}

/// A comment of a publication's thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PublicationComment {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub author: String,
    pub written_at: String,
    pub text: String,
}

/// Most pictures one publication keeps: a post shows a few, a gallery belongs elsewhere.
pub const MAX_IMAGES: usize = 6;

/// A picture of a publication, as listed (its bytes are fetched on their own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PublicationImage {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The file's name, as chosen.
    pub name: String,
    /// `image/jpeg` or `image/png`.
    pub media_type: String,
    pub width: u32,
    pub height: u32,
    /// Bytes stored.
    pub size: u32,
}

/// A move of a publication, as its history keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PublicationMove {
    pub at: String,
    pub author: String,
    pub before: PublicationStatus,
    pub after: PublicationStatus,
    /// The refusal's reason or the publication's link.
    pub note: String,
}

/// A move on the board, with what it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatusMove {
    pub to: Option<PublicationStatus>,
    /// Required to refuse.
    pub reason: String,
    /// Required to mark as published.
    pub link: String,
    /// Who validates or refuses, on a single desktop (on a team base, the account connected).
    pub validator: String,
}

/// Who is moving the publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mover<'a> {
    /// The account (team base) or the computer's user (local base).
    pub who: &'a str,
    /// On a team base the validator is the account connected and must not be the author; on a
    /// single desktop, where one session may be shared, the validator's name is asked instead.
    pub team: bool,
}

/// What a move changes on the publication, once allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveOutcome {
    pub status: PublicationStatus,
    pub validator: String,
    pub refusal_reason: String,
    pub link: String,
    /// A move to « À valider » starts the wait anew.
    pub asks_validation: bool,
}

/// Checks a move of `publication` and says what it changes: the move must be one the status
/// allows; a refusal needs its reason; « Publiée » its link; « Programmée » a planned date;
/// validating or refusing is for someone other than the author.
pub fn apply_move(publication: &Publication, step: &StatusMove, mover: &Mover) -> Result<MoveOutcome> {
    use PublicationStatus::*;
    let from = publication.status;
    let to = step.to.ok_or_else(|| CoreError::invalid("statut", "choisissez où déplacer la publication."))?;
    if !from.next().contains(&to) {
        let allowed: Vec<&str> = from.next().iter().map(|s| s.label()).collect();
        let advice = if allowed.is_empty() {
            "une publication publiée ne change plus de colonne.".to_string()
        } else {
            format!("depuis « {} », elle peut aller vers : {}.", from.label(), allowed.join(", "))
        };
        return Err(CoreError::invalid(
            "statut",
            format!("une publication ne passe pas de « {} » à « {} » : {advice}", from.label(), to.label()),
        ));
    }
    let mut outcome = MoveOutcome {
        status: to,
        validator: publication.validator.clone(),
        refusal_reason: publication.refusal_reason.clone(),
        link: publication.link.clone(),
        asks_validation: to == AValider,
    };
    match to {
        Validee | Refusee => {
            let validator = if mover.team { mover.who.trim() } else { step.validator.trim() };
            if validator.is_empty() {
                return Err(CoreError::invalid("validation", "indiquez qui valide ou refuse la publication."));
            }
            if crate::text::fold(validator) == crate::text::fold(&publication.author) {
                return Err(CoreError::invalid(
                    "validation",
                    "une publication est validée ou refusée par un·e délégué·e autre que son auteur ou autrice.",
                ));
            }
            outcome.validator = validator.to_string();
            if to == Refusee {
                let reason = step.reason.trim();
                if reason.is_empty() {
                    return Err(CoreError::invalid("raison", "dites pourquoi la publication est refusée."));
                }
                outcome.refusal_reason = reason.to_string();
            } else {
                outcome.refusal_reason.clear();
            }
        }
        Programmee if publication.draft.planned_at.is_none() => {
            return Err(CoreError::invalid(
                "date",
                "donnez une date et une heure de publication avant de la programmer.",
            ));
        }
        Publiee => {
            let link = step.link.trim();
            if !(link.starts_with("https://") || link.starts_with("http://")) {
                return Err(CoreError::invalid(
                    "lien",
                    "donnez le lien de la publication en ligne (une adresse qui commence par https://).",
                ));
            }
            outcome.link = link.to_string();
        }
        AValider if publication.draft.text.trim().is_empty() => {
            return Err(CoreError::invalid("texte", "écrivez le texte avant de demander sa validation."));
        }
        _ => {}
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use PublicationStatus::*;

    pub(crate) fn publication(status: PublicationStatus) -> Publication {
        Publication {
            id: 1,
            draft: PublicationDraft {
                title: "Portes ouvertes".into(),
                text: "Venez nombreux.".into(),
                channels: vec![Channel::Facebook],
                planned_at: chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap().and_hms_opt(18, 0, 0),
                ..PublicationDraft::default()
            },
            status,
            author: "Marie".into(),
            validator: String::new(),
            refusal_reason: String::new(),
            link: String::new(),
            asked_at: None,
            updated_at: String::new(),
            version: 1,
        }
    }

    fn to(status: PublicationStatus) -> StatusMove {
        StatusMove { to: Some(status), ..StatusMove::default() }
    }

    const LOCAL: Mover = Mover { who: "poste", team: false };

    #[test]
    fn each_status_moves_only_to_its_next_ones() {
        for from in PublicationStatus::ALL {
            for target in PublicationStatus::ALL {
                let step = StatusMove {
                    to: Some(target),
                    reason: "x".into(),
                    link: "https://x".into(),
                    validator: "Paul".into(),
                };
                let allowed = apply_move(&publication(from), &step, &LOCAL).is_ok();
                assert_eq!(allowed, from.next().contains(&target), "{from:?} → {target:?}");
            }
        }
        let refused = apply_move(&publication(Publiee), &to(Redaction), &LOCAL).unwrap_err();
        assert!(refused.to_string().contains("ne change plus de colonne"), "{refused}");
    }

    #[test]
    fn a_refusal_needs_its_reason_and_someone_other_than_the_author() {
        let waiting = publication(AValider);
        let no_reason = StatusMove { validator: "Paul".into(), ..to(Refusee) };
        assert!(apply_move(&waiting, &no_reason, &LOCAL).unwrap_err().to_string().contains("pourquoi"));
        let refused =
            apply_move(&waiting, &StatusMove { reason: " Photo floue ".into(), ..no_reason.clone() }, &LOCAL).unwrap();
        assert_eq!(
            (refused.status, refused.refusal_reason.as_str(), refused.validator.as_str()),
            (Refusee, "Photo floue", "Paul")
        );
        // The author cannot validate her own text, whatever the case or accents.
        let by_author = StatusMove { validator: "marie".into(), ..to(Validee) };
        assert!(apply_move(&waiting, &by_author, &LOCAL).unwrap_err().to_string().contains("autre que son auteur"));
        // On a team base the account connected validates, whatever name is typed.
        let team = Mover { who: "Marie", team: true };
        assert!(apply_move(&waiting, &StatusMove { validator: "Paul".into(), ..to(Validee) }, &team).is_err());
        let paul = Mover { who: "paul", team: true };
        assert_eq!(apply_move(&waiting, &to(Validee), &paul).unwrap().validator, "paul");
    }

    #[test]
    fn publishing_needs_a_link_and_planning_a_date() {
        let planned = publication(Programmee);
        assert!(apply_move(&planned, &to(Publiee), &LOCAL).unwrap_err().to_string().contains("lien"));
        let link = StatusMove { link: "https://facebook.com/fcsg/posts/1".into(), ..to(Publiee) };
        assert_eq!(apply_move(&planned, &link, &LOCAL).unwrap().link, "https://facebook.com/fcsg/posts/1");
        let mut undated = publication(Validee);
        undated.draft.planned_at = None;
        assert!(apply_move(&undated, &to(Programmee), &LOCAL).unwrap_err().to_string().contains("date"));
        let mut empty = publication(Redaction);
        empty.draft.text = " ".into();
        assert!(apply_move(&empty, &to(AValider), &LOCAL).is_err());
        assert!(apply_move(&publication(Redaction), &to(AValider), &LOCAL).unwrap().asks_validation);
    }

    #[test]
    fn a_draft_is_tidied_and_checked() {
        let draft = PublicationDraft {
            title: "  Lettre de décembre ".into(),
            channels: vec![Channel::Lettre, Channel::Facebook, Channel::Lettre],
            partners: vec![" CAF ".into(), "".into()],
            ..PublicationDraft::default()
        };
        let clean = draft.cleaned().unwrap();
        assert_eq!(clean.title, "Lettre de décembre");
        assert_eq!(clean.channels, vec![Channel::Facebook, Channel::Lettre]);
        assert_eq!(clean.partners, vec!["CAF".to_string()]);
        assert!(PublicationDraft::default().cleaned().is_err());
    }
}
