-- Schema 11, twin of the local migration 11: one tally per centre beside its ratings, which the
-- federation's dashboard reads instead of the ratings. Fabrique writes a centre's tally with each
-- rating; the trigger marks it stale (checklist version 0) whenever a rating's status changes by
-- any other way (a published base, psql), so a stale tally is counted again rather than believed.
CREATE TABLE rgpd_tallies (
    structure_id BIGINT PRIMARY KEY REFERENCES structures (id) ON DELETE CASCADE,
    checklist_version BIGINT NOT NULL,
    assessed BIGINT NOT NULL CHECK (assessed >= 0),
    steps TEXT NOT NULL
);
INSERT INTO rgpd_tallies (structure_id, checklist_version, assessed, steps)
    SELECT DISTINCT structure_id, 0, 0, '' FROM rgpd_assessments;

-- The dashboard's late actions: the few ratings still to do whose date has passed, found without
-- reading every rating.
CREATE INDEX rgpd_assessments_to_do_by_due ON rgpd_assessments (due) WHERE status IN ('a_faire', 'en_cours');

CREATE FUNCTION fabrique_tally_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE rgpd_tallies SET checklist_version = 0 WHERE structure_id = OLD.structure_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO rgpd_tallies (structure_id, checklist_version, assessed, steps)
            VALUES (NEW.structure_id, 0, 0, '')
            ON CONFLICT (structure_id) DO UPDATE SET checklist_version = 0;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER rgpd_tally_stale AFTER INSERT OR DELETE OR UPDATE OF structure_id, item_id, status
    ON rgpd_assessments FOR EACH ROW EXECUTE FUNCTION fabrique_tally_stale();

GRANT SELECT ON rgpd_tallies TO fabrique_lecture;
GRANT INSERT, UPDATE, DELETE ON rgpd_tallies TO fabrique_delegation;
