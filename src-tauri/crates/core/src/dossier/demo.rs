//! Demo dossiers: the federation's own complete AILDS dossier and a centre's draft, plus the
//! federation's record, so a fresh demo base shows every screen of the Dossiers view filled in.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::budget::{Budget, Funder};
use super::placeholders::FederationRecord;
use super::template::Template;
use super::{DossierContent, DossierHeader};

/// Who applies in a demo dossier: the structure is only known once the demo directory is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DemoApplicant {
    Federation,
    /// The first member centre social of the demo directory, by name.
    FirstMemberCentre,
}

#[derive(Deserialize)]
struct DemoFile {
    dossiers: Vec<DemoEntry>,
}

#[derive(Deserialize)]
struct DemoEntry {
    template: String,
    applicant: DemoApplicant,
    title: String,
    project: String,
    year: i32,
    funder: Funder,
    sections: BTreeMap<String, String>,
    budget: Budget,
}

pub struct DemoDossier {
    pub applicant: DemoApplicant,
    pub template_name: String,
    pub template_revision: u32,
    pub header: DossierHeader,
    pub content: DossierContent,
}

/// The demo dossiers, built on the shipped templates: sections the file leaves out keep the
/// template's starting text.
pub fn demo_dossiers(templates: &[Template]) -> Vec<DemoDossier> {
    let file: DemoFile = serde_json::from_str(include_str!("demo-dossiers.json")).expect("demo dossiers are valid");
    file.dossiers
        .into_iter()
        .map(|entry| {
            let template =
                templates.iter().find(|t| t.name == entry.template).expect("demo dossiers use shipped templates");
            let mut content = DossierContent::from_template(template);
            for section in &mut content.sections {
                if let Some(body) = entry.sections.get(&section.key) {
                    section.body = body.clone();
                }
            }
            content.budget = entry.budget;
            DemoDossier {
                applicant: entry.applicant,
                template_name: template.name.clone(),
                template_revision: template.revision,
                header: DossierHeader {
                    structure_id: None,
                    title: entry.title,
                    project: entry.project,
                    year: entry.year,
                    funder: entry.funder,
                },
                content,
            }
        })
        .collect()
}

/// The federation's complete demo dossier as the store would hold it, with what its placeholders
/// draw on (the demo survey's figures included): for tests and benchmarks that print a realistic
/// dossier without a database.
pub fn federation_dossier(today: chrono::NaiveDate) -> (super::Dossier, super::DossierFacts) {
    let demo = demo_dossiers(&super::template::shipped_templates()).remove(0);
    let federation = demo_federation();
    let dossier = super::Dossier {
        id: 1,
        header: demo.header,
        template_name: demo.template_name,
        template_revision: demo.template_revision,
        content: demo.content,
        has_logo: false,
        created_at: String::new(),
        updated_at: String::new(),
        header_version: 1,
    };
    let facts = super::DossierFacts {
        applicant: super::placeholders::Applicant::from_federation(&federation),
        federation,
        member_count: 34,
        survey: Some(crate::survey::demo::demo_figures(today)),
        rgpd_progress: None,
        today,
    };
    (dossier, facts)
}

/// The federation's record in the demo base. The identifiers are fictitious.
pub fn demo_federation() -> FederationRecord {
    FederationRecord {
        name: "Fédération des Centres Sociaux de la Gironde".to_string(),
        address: "12 avenue de la Démo".to_string(),
        postal_code: "33700".to_string(),
        commune: "Mérignac".to_string(),
        siret: "99900001000002".to_string(),
        rna: "W332000000".to_string(),
        representative: "Claire Durand".to_string(),
        representative_role: "Présidente".to_string(),
        phone: "05 56 00 00 00".to_string(),
        email: "contact@federation-demo.example".to_string(),
        website: "https://federation-demo.example".to_string(),
        employees: Some(6),
        volunteers: Some(18),
    }
}

#[cfg(test)]
mod tests {
    use super::super::template::shipped_templates;
    use super::super::{completeness, fill_sections};
    use super::*;
    use crate::dossier::placeholders::{values, Applicant, Sources};
    use chrono::NaiveDate;

    #[test]
    fn the_federation_dossier_is_complete_and_balanced_and_the_centre_one_is_a_draft() {
        let demos = demo_dossiers(&shipped_templates());
        assert_eq!(demos.len(), 2);
        let federation = demo_federation();
        assert!(crate::validate::luhn_valid(&federation.siret), "demo SIRET passes the Luhn check");
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let survey = crate::survey::demo::demo_figures(today);
        for demo in &demos {
            demo.content.validate().unwrap();
            let summary = demo.content.budget.summarize(demo.header.funder);
            let applicant = Applicant::from_federation(&federation);
            let values = values(&Sources {
                applicant: &applicant,
                federation: &federation,
                member_count: 34,
                title: &demo.header.title,
                project: &demo.header.project,
                year: demo.header.year,
                funder: demo.header.funder,
                budget: &summary,
                survey: Some(&survey),
                rgpd_progress: Some(50),
                today,
            });
            let result = completeness(&fill_sections(&demo.content, &values), &summary);
            match demo.applicant {
                DemoApplicant::Federation => {
                    assert!(summary.balanced && summary.in_kind_balanced, "{summary:?}");
                    assert!(summary.requested_cents > 0);
                    assert_eq!(result.percent, 100, "{:?}", result.gaps);
                }
                DemoApplicant::FirstMemberCentre => {
                    assert!(!summary.balanced);
                    assert!(result.percent < 100);
                }
            }
        }
    }

    #[test]
    fn the_federation_dossier_quotes_the_demo_surveys_own_figures() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let (dossier, facts) = federation_dossier(today);
        let prepared = super::super::prepare(&dossier, &facts);
        let needs = prepared.sections.iter().find(|s| s.section.key == "territoire-besoins").expect("needs section");
        let survey = facts.survey.as_ref().expect("demo figures");
        let rate = crate::french::format_permille(survey.response_rate_permille.unwrap());
        let expected = format!("{} structures ont répondu, soit un taux de réponse de {rate}.", survey.respondents);
        assert!(needs.text().contains(&expected), "{}", needs.text());
        // No figure of the survey is written out by hand: each one follows the survey.
        for section in &dossier.content.sections {
            assert!(!section.body.contains("61\u{a0}%") && !section.body.contains("47\u{a0}%"), "{}", section.key);
        }
        let structures = crate::survey::demo::demo_respondents(today);
        assert_eq!(structures.len(), crate::demo::DEMO_MEMBERS + crate::demo::DEMO_NON_MEMBERS);
    }
}
