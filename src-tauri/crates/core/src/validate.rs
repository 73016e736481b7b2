//! Checks on identifiers and contact fields, with French messages that say what is expected.

use crate::error::{CoreError, Result};
use crate::model::{PersonDraft, StructureDraft, VisitDraft};

/// A SIRET has 14 digits and a Luhn check digit (spaces are tolerated and removed).
pub fn normalise_siret(raw: &str) -> Result<String> {
    let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != 14 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(CoreError::invalid(
            "SIRET",
            format!("« {raw} » doit compter 14 chiffres (ex. 123 456 789 00012)."),
        ));
    }
    if !luhn_valid(&digits) {
        return Err(CoreError::invalid(
            "SIRET",
            format!("« {raw} » n'est pas un SIRET valide (clé de contrôle incorrecte) : vérifiez les chiffres."),
        ));
    }
    Ok(digits)
}

pub fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, c) in digits.chars().rev().enumerate() {
        let Some(mut d) = c.to_digit(10) else { return false };
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

/// An RNA number is "W" followed by 9 digits (associations declared since 2009 and re-registered ones).
pub fn normalise_rna(raw: &str) -> Result<String> {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    let valid = compact.len() == 10 && compact.starts_with('W') && compact[1..].chars().all(|c| c.is_ascii_digit());
    if !valid {
        return Err(CoreError::invalid(
            "RNA",
            format!("« {raw} » doit être un W suivi de 9 chiffres (ex. W332001234)."),
        ));
    }
    Ok(compact)
}

pub fn check_email(raw: &str, field: &'static str) -> Result<()> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(());
    }
    let ok = match t.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !t.contains(char::is_whitespace)
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(CoreError::invalid(field, format!("« {t} » n'est pas une adresse e-mail valide (ex. contact@exemple.fr).")))
    }
}

/// The address the system should open for a website or an e-mail typed in the directory:
/// `https://` added to a bare domain, `mailto:` to an e-mail. None for anything else, so that
/// imported text can never make the app open a file, a script or another program.
pub fn external_link(raw: &str) -> Option<String> {
    let t = raw.trim();
    if t.is_empty() || t.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\')) {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    let address = if lower.starts_with("mailto:") { &t["mailto:".len()..] } else { t };
    if (address.contains('@') && !address.contains('/')) || address.len() < t.len() {
        let valid = !address.is_empty() && check_email(address, "E-mail").is_ok();
        return valid.then(|| format!("mailto:{address}"));
    }
    let (scheme, rest) = match lower.split_once("://") {
        Some((scheme @ ("http" | "https"), _)) => (scheme, &t[scheme.len() + 3..]),
        Some(_) => return None,
        None => ("https", t),
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_name = host.rsplit_once('@').map_or(host, |(_, h)| h).split(':').next().unwrap_or_default();
    let plausible = host_name.contains('.')
        && !host_name.starts_with('.')
        && !host_name.ends_with('.')
        && host_name.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    plausible.then(|| format!("{scheme}://{rest}"))
}

pub fn check_postal_code(raw: &str) -> Result<()> {
    let t = raw.trim();
    if t.is_empty() || (t.len() == 5 && t.chars().all(|c| c.is_ascii_digit())) {
        Ok(())
    } else {
        Err(CoreError::invalid("Code postal", format!("« {t} » doit compter 5 chiffres (ex. 33700).")))
    }
}

/// Longest name or title the app accepts: a longer one is a paste gone wrong, and would fill the
/// screen and every document it appears in.
pub const MAX_NAME_CHARS: usize = 120;

/// One field of a form that cannot be saved as it is: which field (its name in the draft, as the
/// interface names its inputs), its label, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldProblem {
    pub field: String,
    pub label: String,
    pub message: String,
}

impl FieldProblem {
    fn new(field: &str, label: &str, message: impl Into<String>) -> Self {
        FieldProblem { field: field.into(), label: label.into(), message: message.into() }
    }
}

/// A phone number as people write them: digits with spaces, dots, dashes, « + », brackets, and
/// « / » or « , » between two numbers; at least 6 digits (a short number) and no letters.
pub fn check_phone(raw: &str) -> std::result::Result<(), String> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(());
    }
    let allowed = t.chars().all(|c| c.is_ascii_digit() || " .-+()/,;\u{a0}".contains(c));
    let digits = t.chars().filter(char::is_ascii_digit).count();
    if allowed && (6..=40).contains(&digits) {
        Ok(())
    } else {
        Err(format!("« {t} » n'est pas un numéro de téléphone (ex. 05 56 12 34 56)."))
    }
}

/// A website the app can open: http or https (a bare domain gets https), nothing else.
pub fn check_website(raw: &str) -> std::result::Result<(), String> {
    let t = raw.trim();
    if t.is_empty() || external_link(t).is_some_and(|url| url.starts_with("http")) {
        Ok(())
    } else {
        Err(format!("« {t} » n'est pas l'adresse d'un site web (ex. https://cs-exemple.fr)."))
    }
}

/// Every reason a structure cannot be saved as it is, in the form's order: a form shows them all
/// at once, beside their fields.
pub fn structure_problems(draft: &StructureDraft) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let mut check = |field: &str, label: &str, result: std::result::Result<(), String>| {
        if let Err(message) = result {
            problems.push(FieldProblem::new(field, label, message));
        }
    };
    let name = draft.name.trim();
    check(
        "name",
        "Nom",
        if name.is_empty() {
            Err("le nom de la structure est obligatoire.".into())
        } else if name.chars().count() > MAX_NAME_CHARS {
            Err(format!("{} caractères au plus (il en compte {}).", MAX_NAME_CHARS, name.chars().count()))
        } else {
            Ok(())
        },
    );
    check(
        "kind",
        "Type",
        if draft.kind.is_none() {
            Err("choisissez « Centre social » ou « Espace de vie sociale ».".into())
        } else {
            Ok(())
        },
    );
    let message = |r: Result<String>| match r {
        Ok(_) => Ok(()),
        Err(CoreError::InvalidField { message, .. }) => Err(message),
        Err(other) => Err(other.to_string()),
    };
    if let Some(year) = draft.member_since.filter(|_| draft.member) {
        check(
            "member_since",
            "Adhérente depuis",
            if (1900..=2100).contains(&year) {
                Ok(())
            } else {
                Err(format!("« {year} » n'est pas une année plausible."))
            },
        );
    }
    if let (Some(start), Some(end)) = (draft.caf_approval_start, draft.caf_approval_end) {
        if end < start {
            check(
                "caf_approval_end",
                "Agrément CAF",
                Err("la date de fin précède la date de début : vérifiez les deux dates.".into()),
            );
        }
    }
    check("postal_code", "Code postal", message(check_postal_code(&draft.postal_code).map(|()| String::new())));
    if let Some(siret) = draft.siret.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        check("siret", "SIRET", message(normalise_siret(siret)));
    }
    if let Some(rna) = draft.rna.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        check("rna", "RNA", message(normalise_rna(rna)));
    }
    check("phone", "Téléphone", check_phone(&draft.phone));
    check("email", "E-mail", message(check_email(&draft.email, "E-mail").map(|()| String::new())));
    check("website", "Site web", check_website(&draft.website));
    problems
}

/// Checks and tidies a structure before it is stored: every rule of [`structure_problems`],
/// identifiers normalised, blanks trimmed, tags deduplicated. The commune is resolved separately,
/// against the official list.
pub fn clean_structure(mut draft: StructureDraft) -> Result<StructureDraft> {
    let problems = structure_problems(&draft);
    if !problems.is_empty() {
        return Err(CoreError::InvalidFields { problems });
    }
    draft.name = draft.name.trim().to_string();
    draft.siret = draft.siret.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(normalise_siret).transpose()?;
    draft.rna = draft.rna.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(normalise_rna).transpose()?;
    if !draft.member {
        draft.member_since = None;
    }
    for field in [
        &mut draft.address,
        &mut draft.postal_code,
        &mut draft.commune,
        &mut draft.phone,
        &mut draft.email,
        &mut draft.website,
        &mut draft.social_networks,
    ] {
        *field = field.trim().to_string();
    }
    draft.notes = draft.notes.trim_end().to_string();
    let mut tags: Vec<String> = Vec::new();
    for tag in draft.tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if !tags.iter().any(|t| crate::text::fold(t) == crate::text::fold(tag)) {
            tags.push(tag.to_string());
        }
    }
    draft.tags = tags;
    Ok(draft)
}

pub fn clean_person(mut draft: PersonDraft) -> Result<PersonDraft> {
    draft.first_name = draft.first_name.trim().to_string();
    draft.last_name = draft.last_name.trim().to_string();
    if draft.first_name.is_empty() && draft.last_name.is_empty() {
        return Err(CoreError::invalid("Nom", "indiquez au moins le prénom ou le nom de la personne."));
    }
    for (label, value) in [("Prénom", &draft.first_name), ("Nom", &draft.last_name), ("Fonction", &draft.role)] {
        if value.chars().count() > MAX_NAME_CHARS {
            return Err(CoreError::invalid(label, format!("{MAX_NAME_CHARS} caractères au plus.")));
        }
    }
    check_phone(&draft.phone).map_err(|message| CoreError::invalid("Téléphone", message))?;
    draft.role = draft.role.trim().to_string();
    draft.email = draft.email.trim().to_string();
    draft.phone = draft.phone.trim().to_string();
    check_email(&draft.email, "E-mail")?;
    Ok(draft)
}

pub fn clean_visit(mut draft: VisitDraft) -> Result<VisitDraft> {
    if draft.date.is_none() {
        return Err(CoreError::invalid("Date", "indiquez la date de la visite ou de l'échange."));
    }
    draft.delegate = draft.delegate.trim().to_string();
    draft.met = draft.met.trim().to_string();
    Ok(draft)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links_open_only_websites_and_e_mails() {
        let cases = [
            ("https://centre-social.example/agenda?x=1", Some("https://centre-social.example/agenda?x=1")),
            ("http://evs-la-ruche.fr", Some("http://evs-la-ruche.fr")),
            ("  www.cs-begles.fr/contact ", Some("https://www.cs-begles.fr/contact")),
            ("HTTPS://Exemple.fr", Some("https://Exemple.fr")),
            ("contact@cs-merignac.fr", Some("mailto:contact@cs-merignac.fr")),
            ("mailto:accueil@evs.fr", Some("mailto:accueil@evs.fr")),
            ("centre-social-été.fr", Some("https://centre-social-été.fr")),
            ("", None),
            ("pas un site", None),
            ("file:///etc/passwd", None),
            ("javascript:alert(1)", None),
            ("C:\\Windows\\calc.exe", None),
            ("/usr/bin/xterm", None),
            ("smb://serveur/partage", None),
            ("https://", None),
            ("https://localhost", None),
            ("mailto:", None),
            ("mailto:pas-un-mail", None),
            ("facebook.com/cs\"onclick", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(external_link(raw).as_deref(), expected, "{raw:?}");
        }
    }

    #[test]
    fn siret_luhn() {
        // 732 829 320 00074 is a well-known valid SIRET; changing one digit breaks the key.
        assert_eq!(normalise_siret("732 829 320 00074").unwrap(), "73282932000074");
        assert!(normalise_siret("73282932000075").unwrap_err().to_string().contains("clé de contrôle"));
        assert!(normalise_siret("1234").unwrap_err().to_string().contains("14 chiffres"));
        assert!(normalise_siret("7328293200007A").is_err());
    }

    #[test]
    fn rna_format() {
        assert_eq!(normalise_rna("w332001234").unwrap(), "W332001234");
        assert!(normalise_rna("W33200123").is_err());
        assert!(normalise_rna("X332001234").is_err());
    }

    #[test]
    fn emails() {
        assert!(check_email("", "E-mail").is_ok());
        assert!(check_email("contact@cs-exemple.fr", "E-mail").is_ok());
        for bad in ["contact", "a@b", "a @b.fr", "@b.fr"] {
            assert!(check_email(bad, "E-mail").is_err(), "{bad}");
        }
    }

    #[test]
    fn every_problem_of_a_structure_is_listed_at_once() {
        let draft = StructureDraft {
            name: "x".repeat(MAX_NAME_CHARS + 1),
            phone: "abc".into(),
            website: "javascript:alert(1)".into(),
            email: "contact".into(),
            postal_code: "3370".into(),
            ..Default::default()
        };
        let fields: Vec<String> = structure_problems(&draft).into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["name", "kind", "postal_code", "phone", "email", "website"]);
        let err = clean_structure(draft).unwrap_err();
        assert!(err.to_string().starts_with("Nom : 120 caractères au plus"), "{err}");
        assert!(err.to_string().contains("Site web : « javascript:alert(1) »"), "{err}");
    }

    #[test]
    fn phones_and_websites_as_people_write_them() {
        for ok in ["", "05 56 12 34 56", "+33 (0)5.56.12.34.56", "05 56 12 34 56 / 06 12 34 56 78", "3939"] {
            assert_eq!(check_phone(ok).is_ok(), ok != "3939", "{ok}");
        }
        assert!(check_phone("abc").is_err());
        assert!(check_phone("05 56 12 34 56 poste 12").is_err());
        for ok in ["", "cs-exemple.fr", "https://cs-exemple.fr/contact", "http://www.exemple.org"] {
            assert!(check_website(ok).is_ok(), "{ok}");
        }
        for bad in ["javascript:alert(1)", "contact@cs-exemple.fr", "file:///etc/passwd", "ftp://exemple.fr", "exemple"]
        {
            assert!(check_website(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn structure_requires_name_and_kind_and_tidies_tags() {
        let err = clean_structure(StructureDraft::default()).unwrap_err();
        assert!(err.to_string().starts_with("Nom"));
        let draft = StructureDraft {
            name: "  CS du Lac ".into(),
            kind: Some(crate::StructureKind::CentreSocial),
            tags: vec!["Numérique".into(), "numerique".into(), " ".into(), "Jeunesse".into()],
            member: false,
            member_since: Some(2010),
            ..Default::default()
        };
        let clean = clean_structure(draft).unwrap();
        assert_eq!(clean.name, "CS du Lac");
        assert_eq!(clean.tags, vec!["Numérique", "Jeunesse"]);
        assert_eq!(clean.member_since, None, "a non-member has no membership year");
    }
}
