-- Schema 19, twin of the local migration 19: a person is a contact of a structure or of a
-- partner, never both.
ALTER TABLE people ALTER COLUMN structure_id DROP NOT NULL;
ALTER TABLE people ADD COLUMN partner_id BIGINT REFERENCES partners (id) ON DELETE CASCADE;
ALTER TABLE people ADD CONSTRAINT people_of_one_organisation CHECK ((structure_id IS NULL) <> (partner_id IS NULL));
CREATE INDEX people_by_partner ON people (partner_id);
