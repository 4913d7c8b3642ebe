-- The five tables of the original plan, with their columns. Timestamps are UTC ISO-8601 text.
-- AUTOINCREMENT so that ids are never reused: clients resume the event stream by id.

CREATE TABLE characters (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    profile     TEXT    NOT NULL DEFAULT '',
    personality TEXT    NOT NULL DEFAULT '',
    avatar_url  TEXT,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

CREATE TABLE chat_logs (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    character_id       INTEGER NOT NULL REFERENCES characters (id),
    user_message       TEXT    NOT NULL,
    character_response TEXT    NOT NULL,
    audio_file         TEXT,
    timestamp          TEXT    NOT NULL,
    emotion            TEXT
);
CREATE INDEX chat_logs_by_character ON chat_logs (character_id, id);

-- quality holds the clip's grade (good / fair / poor).
CREATE TABLE training_data (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    filename   TEXT    NOT NULL,
    transcript TEXT,
    duration   REAL    NOT NULL,
    speaker    TEXT,
    emotion    TEXT,
    quality    TEXT,
    created_at TEXT    NOT NULL
);

CREATE TABLE models (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    name           TEXT    NOT NULL,
    model_path     TEXT,
    character_id   INTEGER REFERENCES characters (id),
    status         TEXT    NOT NULL,
    epochs_trained INTEGER NOT NULL DEFAULT 0,
    loss           REAL,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
);

CREATE TABLE events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    event_type TEXT    NOT NULL,
    message    TEXT    NOT NULL,
    data       TEXT    NOT NULL DEFAULT '{}',
    timestamp  TEXT    NOT NULL,
    severity   TEXT    NOT NULL
);
CREATE INDEX events_by_type ON events (event_type, id);
