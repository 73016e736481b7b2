-- Schema 20, twin of the local migration 20: each visit becomes a meeting of its structure, under
-- an id after the meetings already there, the sequence moved past them; then the visits' table
-- goes. The server writes a meeting's author from now on.
ALTER TABLE meetings ADD COLUMN author TEXT NOT NULL DEFAULT '';
CREATE TEMP TABLE visit_meetings ON COMMIT DROP AS
    SELECT v.id AS visit_id, (SELECT coalesce(max(id), 0) FROM meetings) + v.id AS meeting_id FROM visits v;
INSERT INTO meetings (id, title, held_on, ours, theirs, notes, created_at, updated_at, version, author)
    SELECT m.meeting_id, 'Visite', v.date, v.delegate, v.met, v.notes, v.recorded_at, v.recorded_at, v.version, v.author
    FROM visits v JOIN visit_meetings m ON m.visit_id = v.id;
INSERT INTO meeting_structures (meeting_id, structure_id)
    SELECT m.meeting_id, v.structure_id FROM visits v JOIN visit_meetings m ON m.visit_id = v.id;
SELECT setval(pg_get_serial_sequence('meetings', 'id'), greatest((SELECT max(id) FROM meetings), 1));
DROP TABLE visits;
CREATE TRIGGER meetings_author BEFORE INSERT OR UPDATE ON meetings FOR EACH ROW EXECUTE FUNCTION fabrique_author();
