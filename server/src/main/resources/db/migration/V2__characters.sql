-- Characters get what a SillyTavern card carries and the chat engine needs; the card itself is kept
-- whole (card, JSON) so that fields we do not model survive an import/export round trip.
-- A character with chat logs is archived (archived_at), never deleted with them.
ALTER TABLE characters ADD COLUMN greeting         TEXT NOT NULL DEFAULT '';
ALTER TABLE characters ADD COLUMN example_dialogue TEXT NOT NULL DEFAULT '';
ALTER TABLE characters ADD COLUMN voice            TEXT;
ALTER TABLE characters ADD COLUMN card             TEXT;
ALTER TABLE characters ADD COLUMN archived_at      TEXT;

-- Small application state that must survive a restart (the active character, one-time seeding).
CREATE TABLE app_state (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
