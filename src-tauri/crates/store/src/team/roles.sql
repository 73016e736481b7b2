-- Who may do what on a team base, enforced by the server (whoever holds a password may connect
-- with psql). Three group roles, each a member of the one below it:
--   fabrique_lecture         reads everything;
--   fabrique_delegation      writes the directory, RGPD follow-up, dossiers, survey, drafts;
--   fabrique_administration  also writes the RGPD checklist versions, the dossier templates and
--                            the federation record.
-- A user is a login role granted one of them by the IT service (see the README, « Pour le service
-- informatique »); the tables belong to the role that ran `team init`.
DO $$
BEGIN
    -- Roles belong to the whole server: another base of the same server may have made them.
    BEGIN
        CREATE ROLE fabrique_lecture NOLOGIN;
    EXCEPTION WHEN duplicate_object THEN NULL;
    END;
    BEGIN
        CREATE ROLE fabrique_delegation NOLOGIN;
    EXCEPTION WHEN duplicate_object THEN NULL;
    END;
    BEGIN
        CREATE ROLE fabrique_administration NOLOGIN;
    EXCEPTION WHEN duplicate_object THEN NULL;
    END;
END
$$;
GRANT fabrique_lecture TO fabrique_delegation;
GRANT fabrique_delegation TO fabrique_administration;

-- Nobody but the owner creates objects in the base (PostgreSQL before 15 let everyone).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO fabrique_lecture;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO fabrique_lecture;

GRANT INSERT, UPDATE, DELETE ON
    structures, structure_tags, people, visits, erasures, form_drafts, settings,
    dossiers, dossier_versions,
    survey_forms, survey_themes, survey_waves, survey_submissions, survey_questions, survey_wave_questions,
    rgpd_assessments, rgpd_history, rgpd_evidence_files, rgpd_progress_log
TO fabrique_delegation;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO fabrique_delegation;

GRANT INSERT, UPDATE, DELETE ON rgpd_checklists, dossier_templates TO fabrique_administration;

-- The federation record is one row of `settings`: every other setting is the delegates'.
ALTER TABLE settings ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS settings_read ON settings;
DROP POLICY IF EXISTS settings_delegation ON settings;
DROP POLICY IF EXISTS settings_administration ON settings;
CREATE POLICY settings_read ON settings FOR SELECT USING (true);
CREATE POLICY settings_delegation ON settings FOR ALL TO fabrique_delegation
    USING (key <> 'federation') WITH CHECK (key <> 'federation');
CREATE POLICY settings_administration ON settings FOR ALL TO fabrique_administration
    USING (true) WITH CHECK (true);
