//! The fictional demo: 49 structures of Gironde with people and visits, the federation's record,
//! two dossiers, a survey wave, the RGPD follow-up and a dozen publications, built aside and
//! copied in whole.

use chrono::NaiveDate;
use fabrique_core::dossier::demo::DemoApplicant;
use fabrique_core::text::fold;
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
                write_person(&tx, crate::people::Owner::Structure(id), None, person)?;
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
        self.load_demo_publications(today)?;
        self.load_demo_veille(today)?;
        self.load_demo_newsletter(today)?;
        self.load_demo_partners_and_outcomes(today)?;
        Ok(count)
    }

    /// The partners, and the demo dossiers after their sending: the federation's granted and
    /// paid in two instalments (its report due in three weeks), the centre's sent and waiting,
    /// and a third, to the CAF, refused.
    fn load_demo_partners_and_outcomes(&mut self, today: NaiveDate) -> Result<()> {
        use chrono::Duration;
        use fabrique_core::dossier::budget::Funder;
        use fabrique_core::dossier::life::{DossierStatus, StatusChange};
        let mut partners = Vec::new();
        for draft in fabrique_core::partners::demo::demo_partners() {
            partners.push(self.create_partner(draft)?);
        }
        let named = |name: &str| partners.iter().find(|p| p.draft.name.starts_with(name)).map(|p| p.id);
        for (partner, contact) in fabrique_core::partners::demo::demo_contacts(today) {
            if let Some(id) = named(partner) {
                self.save_partner_contact(id, None, contact, None)?;
            }
        }
        let structures = self.list_structures()?;
        for demo in fabrique_core::meetings::demo::demo_meetings(today) {
            let mut draft = demo.draft;
            draft.partner_ids = demo.partners.iter().filter_map(|n| named(n)).collect();
            draft.structure_ids = demo
                .structures
                .iter()
                .filter_map(|n| structures.iter().find(|s| s.draft.name.ends_with(n)).map(|s| s.id))
                .collect();
            if !draft.partner_ids.is_empty() || !draft.structure_ids.is_empty() {
                self.create_meeting(draft)?;
            }
        }
        let mut dossiers = self.dossiers()?;
        dossiers.sort_by_key(|d| d.id);
        let change = |to, date: NaiveDate| StatusChange { to, date: Some(date), ..StatusChange::default() };
        let days_ago = |n: i64| today - Duration::days(n);
        if let Some(federation) = dossiers.first() {
            let id = federation.id;
            self.set_dossier_funder_partner(id, named("Département"))?;
            self.set_dossier_status(id, &change(DossierStatus::Envoye, days_ago(300)))?;
            self.set_dossier_status(
                id,
                &StatusChange {
                    granted_cents: Some(1_800_000),
                    conditions: "Bilan d'étape à mi-parcours.".into(),
                    ..change(DossierStatus::Accorde, days_ago(250))
                },
            )?;
            self.add_dossier_payment(id, days_ago(220), 900_000, "Premier versement (50 %)")?;
            self.add_dossier_payment(id, days_ago(60), 900_000, "Solde")?;
            self.set_dossier_report(id, Some(today + Duration::days(21)), None)?;
        }
        if let Some(centre) = dossiers.get(1) {
            self.set_dossier_funder_partner(centre.id, named("Département"))?;
            self.set_dossier_status(centre.id, &change(DossierStatus::Envoye, days_ago(12)))?;
        }
        if let Some(model) = dossiers.first() {
            let refused = self.duplicate_dossier(model.id, model.header.year)?;
            let header = fabrique_core::dossier::DossierHeader {
                title: "Familles connectées".into(),
                project: "Accompagner les familles dans leurs démarches en ligne.".into(),
                funder: Funder::Caf,
                ..refused.header.clone()
            };
            let refused = self.update_dossier_header(refused.id, header, None)?.id;
            self.set_dossier_funder_partner(refused, named("CAF"))?;
            self.set_dossier_status(refused, &change(DossierStatus::Envoye, days_ago(200)))?;
            self.set_dossier_status(
                refused,
                &StatusChange {
                    reason: "Enveloppe de l'année épuisée.".into(),
                    ..change(DossierStatus::Refuse, days_ago(140))
                },
            )?;
        }
        Ok(())
    }

    /// Last month's letter, written and sent: its publications and the first shared item.
    fn load_demo_newsletter(&mut self, today: NaiveDate) -> Result<()> {
        use chrono::Datelike;
        use fabrique_core::lettre::{compose, month_code};
        let last_month = today.with_day(1).expect("the 1st exists") - chrono::Duration::days(1);
        let shared: Vec<_> = self.veille_items()?.into_iter().filter(|i| i.share).take(1).collect();
        let mut letter = compose(last_month.year(), last_month.month(), "", &shared, &self.publications()?);
        letter.intro = "Ce mois-ci, les centres ont ouvert leurs portes et la fédération a repéré pour vous \
                        une ressource à partager. Bonne lecture !"
            .into();
        let id = self.create_newsletter(&month_code(last_month.year(), last_month.month()), letter)?.id;
        self.mark_newsletter_sent(id, Some(today.with_day(1).expect("the 1st exists") + chrono::Duration::days(2)))?;
        Ok(())
    }

    /// The demo's feeds and the items found in them (nothing is fetched: the demo works offline).
    fn load_demo_veille(&mut self, today: NaiveDate) -> Result<()> {
        let tx = self.write()?;
        let found = today.and_hms_opt(8, 0, 0).expect("8 h exists").and_utc().to_rfc3339();
        for feed in fabrique_core::veille::demo::demo_feeds() {
            tx.execute(
                "INSERT INTO veille_sources (url, title, fetched_at, added_at) VALUES (?1, ?2, ?3, ?3)",
                rusqlite::params![feed.url, feed.title, found],
            )?;
            let source = tx.last_insert_rowid();
            for item in &feed.items {
                tx.execute(
                    "INSERT INTO veille_items (source_id, guid, link, title, summary, found_at, read, share, note, tags) \
                     VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    rusqlite::params![source, item.link, item.title, item.summary, found, item.note.is_some(),
                        item.note.is_some(), item.note.unwrap_or_default(), item.tags.join("\n")],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The demo's publications, written as their authors and validators would have: each with its
    /// history of moves and its comments. One concerns the structure its title names.
    fn load_demo_publications(&mut self, today: NaiveDate) -> Result<()> {
        let structures = self.list_structures()?;
        let tx = self.write()?;
        let noon = today.and_hms_opt(12, 0, 0).expect("noon exists").and_utc();
        for demo in fabrique_core::publications::demo::demo_publications(today) {
            let mut draft = demo.draft.clone().cleaned()?;
            draft.structure_ids = structures
                .iter()
                .filter(|s| fold(&draft.title).ends_with(&fold(&s.draft.name)))
                .map(|s| s.id)
                .take(1)
                .collect();
            let asked_at = demo.asked_days_ago.map(|days| (noon - chrono::Duration::days(days)).to_rfc3339());
            let channels: Vec<&str> = draft.channels.iter().map(|c| c.code()).collect();
            let planned = draft.planned_at.map(|at| at.format("%Y-%m-%dT%H:%M").to_string());
            tx.execute(
                "INSERT INTO publications (title, text, channels, partners, planned_at, status, author, validator, \
                 refusal_reason, link, asked_at, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, '', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
                rusqlite::params![
                    draft.title,
                    draft.text,
                    channels.join(","),
                    planned,
                    demo.status.code(),
                    demo.author,
                    demo.validator,
                    demo.refusal_reason,
                    demo.link,
                    asked_at,
                    noon.to_rfc3339()
                ],
            )?;
            let id = tx.last_insert_rowid();
            for structure in &draft.structure_ids {
                tx.execute(
                    "INSERT INTO publication_structures (publication_id, structure_id) VALUES (?1, ?2)",
                    rusqlite::params![id, structure],
                )?;
            }
            if demo.status != fabrique_core::publications::PublicationStatus::Idee {
                let by = if demo.validator.is_empty() { demo.author } else { demo.validator };
                tx.execute(
                    "INSERT INTO publication_history (publication_id, at, author, before, after, note) \
                     VALUES (?1, ?2, ?3, 'idee', ?4, ?5)",
                    rusqlite::params![
                        id,
                        noon.to_rfc3339(),
                        by,
                        demo.status.code(),
                        if demo.refusal_reason.is_empty() { demo.link } else { demo.refusal_reason }
                    ],
                )?;
            }
            for (author, text) in demo.comments {
                tx.execute(
                    "INSERT INTO publication_comments (publication_id, author, written_at, text) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![id, author, noon.to_rfc3339(), text],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}
