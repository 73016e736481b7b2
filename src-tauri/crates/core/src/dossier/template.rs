//! Dossier templates: ordered sections, each with guidance for the writer and a starting body.
//!
//! Templates are data. Two ship with the app; users edit them (each save is a new revision, so a
//! dossier keeps saying which revision it started from) and exchange them as `.json` files.

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

/// Marks a file as a Fabrique template, so importing any other JSON file fails with a clear message.
pub const TEMPLATE_FORMAT: &str = "fabrique-modele-dossier";
pub const TEMPLATE_FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    #[default]
    Text,
    /// The project budget table is printed after this section's text.
    Budget,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemplateSection {
    /// Stable identifier within the template, used to carry text over between revisions and years.
    pub key: String,
    pub title: String,
    pub guidance: String,
    /// Markdown with `{{ placeholders }}`.
    pub body: String,
    pub required: bool,
    #[serde(default)]
    pub kind: SectionKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Template {
    /// Stable identifier ("ailds"); revisions share it.
    pub name: String,
    pub title: String,
    pub revision: u32,
    #[serde(default)]
    pub description: String,
    pub sections: Vec<TemplateSection>,
}

/// The file form of a template: the template plus a format marker.
#[derive(Serialize, Deserialize)]
struct TemplateFile {
    format: String,
    format_version: u32,
    #[serde(flatten)]
    template: Template,
}

const SHIPPED: [&str; 2] = [include_str!("templates/ailds.json"), include_str!("templates/cerfa-12156.json")];

/// The templates the app installs in a new database.
pub fn shipped_templates() -> Vec<Template> {
    SHIPPED
        .iter()
        .map(|json| from_file(json.as_bytes(), "modèle intégré").expect("shipped templates are valid"))
        .collect()
}

/// Reads a template file, naming the file, line and column of any problem.
pub fn from_file(bytes: &[u8], file_name: &str) -> Result<Template> {
    let not_a_template = || {
        CoreError::invalid("modèle", format!("{file_name} : ce fichier JSON n'est pas un modèle de dossier Fabrique."))
    };
    let file: TemplateFile = serde_json::from_slice(bytes).map_err(|e| {
        // Any other well-formed JSON file (an array, an object without our marker) is not a damaged template.
        if !e.is_syntax() && !e.is_eof() && is_other_json(bytes) {
            return not_a_template();
        }
        // serde_json's own text is English: the category says enough, with the place.
        let message = if e.is_eof() {
            "le fichier s'arrête avant la fin du modèle (copie incomplète ?) : exportez-le de nouveau depuis Fabrique."
        } else if e.is_syntax() {
            "ce fichier n'est pas un modèle de dossier Fabrique lisible (texte JSON abîmé à cet endroit) : exportez-le \
             de nouveau depuis Fabrique."
        } else {
            "le modèle est incomplet ou mal formé (une rubrique manque ou n'a pas le bon type) : exportez-le de \
             nouveau depuis Fabrique."
        };
        CoreError::File {
            file: file_name.to_string(),
            line: Some(e.line()),
            column: Some(e.column().to_string()),
            message: message.to_string(),
        }
    })?;
    if file.format != TEMPLATE_FORMAT {
        return Err(not_a_template());
    }
    if file.format_version > TEMPLATE_FORMAT_VERSION {
        return Err(CoreError::invalid(
            "modèle",
            format!(
                "{file_name} : ce modèle vient d'une version plus récente de Fabrique ; mettez l'application à jour."
            ),
        ));
    }
    file.template.validate().map_err(|e| CoreError::File {
        file: file_name.to_string(),
        line: None,
        column: None,
        message: e.to_string(),
    })?;
    Ok(file.template)
}

/// True for well-formed JSON without the mark of a Fabrique template.
fn is_other_json(bytes: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(bytes)
        .is_ok_and(|v| v.get("format").and_then(|f| f.as_str()) != Some(TEMPLATE_FORMAT))
}

/// The bytes of a template file, pretty-printed so it can be read and compared.
pub fn to_file(template: &Template) -> Vec<u8> {
    let file = TemplateFile {
        format: TEMPLATE_FORMAT.to_string(),
        format_version: TEMPLATE_FORMAT_VERSION,
        template: template.clone(),
    };
    serde_json::to_vec_pretty(&file).expect("a template always serializes")
}

impl Template {
    pub fn validate(&self) -> Result<()> {
        let name = self.name.trim();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(CoreError::invalid(
                "modèle",
                "l'identifiant du modèle doit être fait de lettres sans accent, de chiffres et de tirets.".to_string(),
            ));
        }
        if self.title.trim().is_empty() {
            return Err(CoreError::invalid("modèle", "donnez un titre au modèle.".to_string()));
        }
        if self.sections.is_empty() {
            return Err(CoreError::invalid("modèle", "un modèle contient au moins une section.".to_string()));
        }
        let mut keys = std::collections::HashSet::new();
        for (i, section) in self.sections.iter().enumerate() {
            if section.key.trim().is_empty() || section.title.trim().is_empty() {
                return Err(CoreError::invalid(
                    "modèle",
                    format!("la section {} n'a pas de titre ou d'identifiant.", i + 1),
                ));
            }
            if !keys.insert(section.key.as_str()) {
                return Err(CoreError::invalid(
                    "modèle",
                    format!("deux sections portent l'identifiant « {} » ; renommez-en une.", section.key),
                ));
            }
        }
        if self.sections.iter().filter(|s| s.kind == SectionKind::Budget).count() > 1 {
            return Err(CoreError::invalid("modèle", "un modèle ne contient qu'une section budget.".to_string()));
        }
        Ok(())
    }

    pub fn section(&self, key: &str) -> Option<&TemplateSection> {
        self.sections.iter().find(|s| s.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_templates_load_and_have_one_budget_section() {
        let templates = shipped_templates();
        assert_eq!(templates.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["ailds", "cerfa-12156"]);
        for t in &templates {
            assert_eq!(t.sections.iter().filter(|s| s.kind == SectionKind::Budget).count(), 1, "{}", t.name);
            assert!(t.sections.iter().all(|s| !s.guidance.trim().is_empty()), "{}: every section guides", t.name);
        }
    }

    #[test]
    fn a_template_survives_its_file_form() {
        let template = shipped_templates().remove(0);
        assert_eq!(from_file(&to_file(&template), "x.json").unwrap(), template);
    }

    #[test]
    fn foreign_or_broken_files_are_refused_with_the_place() {
        let err = from_file(b"{\n  \"format\": 3,", "modele.json").unwrap_err().to_string();
        assert!(err.starts_with("Fichier « modele.json », ligne 2, colonne 13 : le modèle est incomplet"), "{err}");
        let err = from_file(b"{\n  \"format\": \"fabrique", "coupé.json").unwrap_err().to_string();
        assert!(err.starts_with("Fichier « coupé.json », ligne 2"), "{err}");
        assert!(err.contains("s'arrête avant la fin"), "{err}");
        let err = from_file(
            br#"{"format":"autre","format_version":1,"name":"a","title":"b","revision":1,"sections":[]}"#,
            "a.json",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("n'est pas un modèle"), "{err}");
        for other in [&br#"[{"name":"Centre social du Lac"}]"#[..], br#"{"name":"fabrique","version":"1.0.0"}"#] {
            let err = from_file(other, "autre.json").unwrap_err().to_string();
            assert!(err.contains("autre.json : ce fichier JSON n'est pas un modèle"), "{err}");
        }
        let err =
            from_file(br#"{"format":"fabrique-modele-dossier","name":"a"}"#, "coupé.json").unwrap_err().to_string();
        assert!(err.contains("incomplet ou mal formé"), "a template missing fields is said damaged: {err}");
        let mut t = shipped_templates().remove(0);
        t.sections[1].key = t.sections[0].key.clone();
        let err = from_file(&to_file(&t), "double.json").unwrap_err().to_string();
        assert!(err.contains("deux sections"), "{err}");
    }
}
