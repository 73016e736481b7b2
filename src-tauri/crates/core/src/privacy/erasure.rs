//! What the right to erasure removes from text typed anywhere in the base: a person's full name,
//! e-mail address and phone number, found however they were written, replaced by a mark saying
//! something was erased. The store decides where to look; this decides what matches.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::Person;
use crate::text::fold;

/// What replaces an erased person's name.
pub const ERASED_NAME: &str = "[personne effacée]";
/// What replaces an erased person's e-mail address.
pub const ERASED_EMAIL: &str = "[e-mail effacé]";
/// What replaces an erased person's phone number.
pub const ERASED_PHONE: &str = "[téléphone effacé]";

/// Fewer digits than this are not a phone number one could recognise someone by (an extension,
/// a postcode), so they are never matched.
const MIN_PHONE_DIGITS: usize = 8;

/// How a person can be recognised in text.
#[derive(Debug, Clone)]
pub struct Identifiers {
    /// "Prénom Nom" and "Nom Prénom", as typed.
    names: Vec<String>,
    /// Lower case.
    email: Option<String>,
    /// Digits only, in the national form (0 5 56 …).
    phone: Option<String>,
}

impl Identifiers {
    pub fn of(person: &Person) -> Identifiers {
        let d = &person.draft;
        let (first, last) = (d.first_name.trim(), d.last_name.trim());
        let mut names = vec![person.full_name()];
        if !first.is_empty() && !last.is_empty() {
            names.push(format!("{last} {first}"));
        }
        names.retain(|n| !folded_letters(n).0.is_empty());
        let email = Some(d.email.trim().to_ascii_lowercase()).filter(|e| e.contains('@'));
        let phone = Some(national_digits(&d.phone)).filter(|p| p.len() >= MIN_PHONE_DIGITS);
        Identifiers { names, email, phone }
    }

    /// True when `text` names the person, holds their e-mail or their phone number.
    pub fn found_in(&self, text: &str) -> bool {
        self.names.iter().any(|n| find_name(text, n).is_some())
            || self.email.as_deref().is_some_and(|e| find_email(text, e).is_some())
            || self.phone.as_deref().is_some_and(|p| find_phone(text, p).is_some())
    }

    /// `text` with every mention of the person replaced; None when there is none.
    pub fn redact(&self, text: &str) -> Option<String> {
        if !self.found_in(text) {
            return None;
        }
        let mut out = text.to_string();
        for name in &self.names {
            while let Some(range) = find_name(&out, name) {
                out.replace_range(range, ERASED_NAME);
            }
        }
        if let Some(email) = &self.email {
            while let Some(range) = find_email(&out, email) {
                out.replace_range(range, ERASED_EMAIL);
            }
        }
        if let Some(phone) = &self.phone {
            while let Some(range) = find_phone(&out, phone) {
                out.replace_range(range, ERASED_PHONE);
            }
        }
        Some(out)
    }

    /// [`Identifiers::redact`] for a JSON document: every string in it is redacted, the structure
    /// kept (a name that spans two strings is two separate words, not a mention). Text that is not
    /// JSON is redacted as text.
    pub fn redact_json(&self, json: &str) -> Option<String> {
        if !self.found_in(json) {
            return None;
        }
        let Ok(mut value) = serde_json::from_str::<Value>(json) else { return self.redact(json) };
        if !self.redact_value(&mut value) {
            return None;
        }
        Some(value.to_string())
    }

    fn redact_value(&self, value: &mut Value) -> bool {
        match value {
            Value::String(s) => match self.redact(s) {
                Some(redacted) => {
                    *s = redacted;
                    true
                }
                None => false,
            },
            Value::Array(items) => items.iter_mut().fold(false, |changed, v| self.redact_value(v) | changed),
            Value::Object(map) => map.values_mut().fold(false, |changed, v| self.redact_value(v) | changed),
            _ => false,
        }
    }
}

/// Where an erasure removes something, for the confirmation before and the report after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErasedPlace {
    /// The person's own record, always removed.
    Record,
    /// Meetings, a structure's visits included.
    Meetings,
    RgpdItems,
    RgpdHistory,
    RgpdEvidence,
    Dossiers,
    DossierVersions,
    Templates,
    SurveyResponses,
    StructureNotes,
    Settings,
    UnsavedForms,
    Publications,
    PublicationComments,
    VeilleNotes,
    Newsletters,
    Partners,
}

impl ErasedPlace {
    /// The place in French, for `count` rows of it.
    pub fn describe(self, count: usize) -> String {
        let (one, many) = match self {
            ErasedPlace::Record => ("la fiche de la personne (nom, fonction, e-mail, téléphone, origine)", ""),
            ErasedPlace::RgpdItems => (
                "point RGPD (responsable, note, justification, preuve)",
                "points RGPD (responsable, note, justification, preuve)",
            ),
            ErasedPlace::RgpdHistory => ("ligne de l'historique RGPD", "lignes de l'historique RGPD"),
            ErasedPlace::RgpdEvidence => ("nom de pièce justificative RGPD", "noms de pièces justificatives RGPD"),
            ErasedPlace::Dossiers => ("dossier de subvention", "dossiers de subvention"),
            ErasedPlace::DossierVersions => ("version enregistrée d'un dossier", "versions enregistrées de dossiers"),
            ErasedPlace::Templates => ("révision de modèle de dossier", "révisions de modèles de dossier"),
            ErasedPlace::SurveyResponses => ("réponse d'enquête", "réponses d'enquête"),
            ErasedPlace::StructureNotes => ("note de structure", "notes de structures"),
            ErasedPlace::Settings => ("réglage de la fédération", "réglages de la fédération"),
            ErasedPlace::Publications => ("publication (titre, texte)", "publications (titre, texte)"),
            ErasedPlace::PublicationComments => ("commentaire de publication", "commentaires de publications"),
            ErasedPlace::VeilleNotes => ("note de veille", "notes de veille"),
            ErasedPlace::Meetings => {
                ("rencontre (participants, notes, suites)", "rencontres (participants, notes, suites)")
            }
            ErasedPlace::Partners => ("note de partenaire", "notes de partenaires"),
            ErasedPlace::Newsletters => ("passage de lettre mensuelle", "passages de lettres mensuelles"),
            ErasedPlace::UnsavedForms => {
                ("formulaire non enregistré (supprimé)", "formulaires non enregistrés (supprimés)")
            }
        };
        match (self, count) {
            (ErasedPlace::Record, _) => one.to_string(),
            (_, 1) => format!("1 {one}"),
            (_, n) => format!("{n} {many}"),
        }
    }
}

/// What an erasure removes (before it, a preview; after it, what it did), place by place.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureReport {
    pub full_name: String,
    /// Each place with the number of rows where something is removed, in a fixed order.
    pub places: Vec<(ErasedPlace, u32)>,
}

impl ErasureReport {
    /// One French line per place.
    pub fn lines(&self) -> Vec<String> {
        self.places.iter().map(|&(place, count)| place.describe(count as usize)).collect()
    }
}

/// The digits of a phone number in the national form: "+33 (0)5 56…" and "0033 5 56…" become "0556…".
fn national_digits(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let international = phone.trim_start().starts_with('+') || digits.starts_with("00");
    let rest = digits.strip_prefix("00").unwrap_or(&digits);
    match rest.strip_prefix("33") {
        Some(national) if international => {
            let national = national.strip_prefix('0').unwrap_or(national);
            format!("0{national}")
        }
        _ => digits,
    }
}

/// The byte range of the first phone number in `text` whose digits are `digits` (national form),
/// however it is grouped ("05 56 12 34 56", "05.56.12.34.56", "+33 5 56 12 34 56").
fn find_phone(text: &str, digits: &str) -> Option<std::ops::Range<usize>> {
    let is_separator = |c: char| matches!(c, ' ' | '.' | '-' | '(' | ')' | '\u{a0}' | '\u{202f}');
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let starts_number = c.is_ascii_digit() || (c == '+' && chars.peek().is_some_and(|(_, n)| n.is_ascii_digit()));
        let glued = text[..start].chars().next_back().is_some_and(|p| p.is_alphanumeric());
        if !starts_number || glued {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(at, n)) = chars.peek() {
            if n.is_ascii_digit() || is_separator(n) {
                chars.next();
                if n.is_ascii_digit() {
                    end = at + n.len_utf8();
                }
            } else {
                break;
            }
        }
        let candidate = &text[start..end];
        let followed_by_letter = text[end..].chars().next().is_some_and(char::is_alphanumeric);
        if !followed_by_letter && national_digits(candidate) == digits {
            return Some(start..end);
        }
    }
    None
}

/// The byte range of `email` (lower case) in `text`, ignoring case, as a whole address.
fn find_email(text: &str, email: &str) -> Option<std::ops::Range<usize>> {
    let part_of_address = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '@' | '+' | '%');
    let (hay, needle) = (text.as_bytes(), email.as_bytes());
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len()).find_map(|start| {
        let end = start + needle.len();
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) || !hay[start..end].eq_ignore_ascii_case(needle)
        {
            return None;
        }
        let before = text[..start].chars().next_back();
        let mut after = text[end..].chars();
        let continues = match after.next() {
            Some('.') => after.next().is_some_and(char::is_alphanumeric),
            Some(c) => part_of_address(c),
            None => false,
        };
        let glued = before.is_some_and(|c| part_of_address(c) || c == '.');
        (!glued && !continues).then_some(start..end)
    })
}

/// The byte range of the first whole-word occurrence of `name` in `text`, ignoring case, accents,
/// spaces and punctuation ("claire  DUPUY", "Claire-Dupuy" and "Dupuy Claire" all count).
fn find_name(text: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let (needle, _) = folded_letters(name);
    if needle.is_empty() {
        return None;
    }
    let (hay, origin) = folded_letters(text);
    let mut from = 0;
    while let Some(found) = hay[from..].find(&needle) {
        let start = from + found;
        let end = start + needle.len();
        let range = origin[start].start..origin[end - 1].end;
        let before = text[..range.start].chars().next_back();
        let after = text[range.end..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(range);
        }
        from = start + 1;
    }
    None
}

/// The letters and digits of `text`, folded, with for each byte of the result the byte range of
/// the character of `text` it came from.
fn folded_letters(text: &str) -> (String, Vec<std::ops::Range<usize>>) {
    let mut folded = String::new();
    let mut origin = Vec::new();
    let mut buffer = [0u8; 4];
    for (at, c) in text.char_indices() {
        let piece = fold(c.encode_utf8(&mut buffer)).replace(' ', "");
        origin.extend(std::iter::repeat_n(at..at + c.len_utf8(), piece.len()));
        folded.push_str(&piece);
    }
    (folded, origin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PersonDraft;

    fn someone(first: &str, last: &str, email: &str, phone: &str) -> Identifiers {
        let draft = PersonDraft {
            first_name: first.into(),
            last_name: last.into(),
            email: email.into(),
            phone: phone.into(),
            ..Default::default()
        };
        Identifiers::of(&Person { id: 1, structure_id: Some(1), partner_id: None, draft, version: 1 })
    }

    #[test]
    fn finds_names_loosely_but_only_as_whole_words() {
        let who = someone("Élodie", "Lafargue", "", "");
        assert!(who.found_in("Rencontre avec ELODIE LAFARGUE (direction)."));
        assert!(who.found_in("vu lafargue élodie"));
        assert!(!who.found_in("Élodie Lafarguette"), "another name that starts alike");
        assert!(!who.found_in("Élodie et M. Lafargue"));
        assert_eq!(
            who.redact("Élodie  Lafargue puis élodie lafargue, et Œuvre.").as_deref(),
            Some("[personne effacée] puis [personne effacée], et Œuvre.")
        );
        assert_eq!(who.redact("Rien à voir."), None);
        assert_eq!(find_name("", "x"), None);
    }

    #[test]
    fn finds_the_email_in_any_case_but_not_inside_another_address() {
        let who = someone("Jean", "Morel", "J.Morel@CS-Lac.fr", "");
        assert_eq!(
            who.redact("Écrire à j.morel@cs-lac.fr. Ou <J.MOREL@cs-lac.fr>").as_deref(),
            Some("Écrire à [e-mail effacé]. Ou <[e-mail effacé]>")
        );
        assert!(!who.found_in("aj.morel@cs-lac.fr"));
        assert!(!who.found_in("j.morel@cs-lac.fr.example"));
        assert!(!who.found_in("j.morel@cs-lac.frontiere"));
    }

    #[test]
    fn finds_the_phone_however_it_is_grouped() {
        let who = someone("Jean", "Morel", "", "05 56 12 34 56");
        for written in ["0556123456", "05.56.12.34.56", "05-56-12-34-56", "+33 5 56 12 34 56", "+33 (0)5 56 12 34 56"] {
            assert_eq!(who.redact(&format!("Tél. {written} !")), Some(format!("Tél. {ERASED_PHONE} !")), "{written}");
        }
        assert!(!who.found_in("05 56 12 34 567"), "a longer number");
        assert!(!who.found_in("SIRET 1205561234560"));
        assert!(!who.found_in("réf. A0556123456"));
        let short = someone("Jean", "Morel", "", "12 34");
        assert!(!short.found_in("12 34"), "too short to recognise anyone");
    }

    #[test]
    fn json_keeps_its_structure_and_only_strings_are_redacted() {
        let who = someone("Claire", "Dupuy", "claire@evs.fr", "");
        let json = r#"{"1":{"t":"Contact : Claire Dupuy, claire@evs.fr"},"2":["Claire","Dupuy"],"3":12.0}"#;
        let out: Value = serde_json::from_str(&who.redact_json(json).unwrap()).unwrap();
        assert_eq!(out["1"]["t"], "Contact : [personne effacée], [e-mail effacé]");
        assert_eq!(out["2"], serde_json::json!(["Claire", "Dupuy"]), "two separate strings are not a mention");
        assert_eq!(out["3"], 12.0);
        assert_eq!(who.redact_json(r#"["Claire","Dupuy"]"#), None, "nothing to redact: unchanged");
        assert_eq!(who.redact_json("Claire Dupuy, pas du JSON").as_deref(), Some("[personne effacée], pas du JSON"));
    }

    #[test]
    fn describes_each_place_in_french() {
        let report = ErasureReport {
            full_name: "Claire Dupuy".into(),
            places: vec![(ErasedPlace::Record, 1), (ErasedPlace::Meetings, 1), (ErasedPlace::RgpdItems, 3)],
        };
        assert_eq!(
            report.lines(),
            [
                "la fiche de la personne (nom, fonction, e-mail, téléphone, origine)",
                "1 rencontre (participants, notes, suites)",
                "3 points RGPD (responsable, note, justification, preuve)"
            ]
        );
    }
}
