-- Schema 12, twin of the local migration 12: a person's version moves with each change, as a
-- structure's, so a form saved against a person someone else changed since is refused.
ALTER TABLE people ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
