-- Schema 13, twin of the local migration 13: a visit's version and a dossier header's move with
-- each change, so a form saved against one someone else changed since it was opened is refused.
ALTER TABLE visits ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE dossiers ADD COLUMN header_version BIGINT NOT NULL DEFAULT 1;
