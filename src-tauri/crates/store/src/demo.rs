//! The fictional demo: 49 structures of Gironde with people and visits, the federation's record,
//! two dossiers, a survey wave and the RGPD follow-up, built aside and copied in whole.

use chrono::NaiveDate;
use fabrique_core::dossier::demo::DemoApplicant;
use fabrique_core::StructureKind;

use crate::dossiers::{insert_dossier, write_federation};
use crate::error::{Result, StoreError};
use crate::people::{write_person, write_visit};
use crate::structures::{prepare, write_structure};
use crate::{now, Store};

impl Store {
    /// Fills an empty base with the fictional demo (directory, dossiers, survey wave, RGPD
    /// follow-up). Returns the number of structures inserted.
    ///
    /// The demo is built aside, in memory, then copied into this base in one step (SQLite's
    /// backup writes every page in one transaction): a kill or a full disk leaves the base as it
    /// was, never half a demo that would then refuse to load again.
    pub fn load_demo(&mut self, today: NaiveDate) -> Result<u32> {
        if !self.is_empty()? {
            return Err(StoreError::NotEmpty);
        }
        let mut aside = Store::open_in_memory()?;
        let count = aside.build_demo(today)?;
        match &self.connection {
            // A team base receives it as a published base: in one transaction on the server.
            crate::Connection::Team(team) => {
                crate::team::transfer::publish_store(&aside, &mut team.team_base())?;
            }
            crate::Connection::Local(_) => {
                self.copy_from(aside.local()?, "le chargement de la démonstration")?;
            }
        }
        Ok(count)
    }

    fn build_demo(&mut self, today: NaiveDate) -> Result<u32> {
        let stamp = now();
        let author = self.author();
        let tx = self.write()?;
        let mut count = 0;
        let mut first_member_centre = None;
        for demo in fabrique_core::demo::demo_directory(today) {
            let is_member_centre = demo.structure.member && demo.structure.kind == Some(StructureKind::CentreSocial);
            let id = write_structure(&tx, None, &prepare(demo.structure)?, &stamp)?;
            if is_member_centre && first_member_centre.is_none() {
                first_member_centre = Some(id);
            }
            for person in &demo.people {
                write_person(&tx, id, None, person)?;
            }
            for visit in &demo.visits {
                write_visit(&tx, id, None, visit, &author)?;
            }
            count += 1;
        }
        write_federation(&tx, &fabrique_core::dossier::demo::demo_federation())?;
        let templates = fabrique_core::dossier::template::shipped_templates();
        for mut demo in fabrique_core::dossier::demo::demo_dossiers(&templates) {
            demo.header.structure_id = match demo.applicant {
                DemoApplicant::Federation => None,
                DemoApplicant::FirstMemberCentre => first_member_centre,
            };
            insert_dossier(&tx, &demo.header, &demo.template_name, demo.template_revision, &demo.content)?;
        }
        tx.commit()?;
        // The demo survey links its responses to the structures just stored; it is imported like a
        // real export, in its own transaction.
        self.load_demo_survey()?;
        self.load_demo_rgpd(today)?;
        Ok(count)
    }
}
