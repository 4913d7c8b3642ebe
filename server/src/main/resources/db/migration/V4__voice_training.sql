-- Voice training. Uploads keep the streamer's original recordings under a server-made id; clips
-- (training_data) remember which upload and which stretch of it they came from, so processing an
-- upload again adds nothing; models rows are training runs, their checkpoints and trained voices.

CREATE TABLE voice_uploads (
    id            TEXT    PRIMARY KEY,
    original_name TEXT    NOT NULL,
    file          TEXT    NOT NULL,
    format        TEXT    NOT NULL,
    sample_rate   INTEGER NOT NULL,
    channels      INTEGER NOT NULL,
    duration      REAL    NOT NULL,
    size_bytes    INTEGER NOT NULL,
    speaker       TEXT,
    character_id  INTEGER REFERENCES characters (id),
    created_at    TEXT    NOT NULL,
    processed_at  TEXT
);

ALTER TABLE training_data ADD COLUMN upload_id        TEXT REFERENCES voice_uploads (id);
ALTER TABLE training_data ADD COLUMN source_start_ms  INTEGER;
ALTER TABLE training_data ADD COLUMN source_end_ms    INTEGER;
ALTER TABLE training_data ADD COLUMN sample_rate      INTEGER;
ALTER TABLE training_data ADD COLUMN snr_db           REAL;
ALTER TABLE training_data ADD COLUMN clipping_ratio   REAL;
ALTER TABLE training_data ADD COLUMN speech_ratio     REAL;
ALTER TABLE training_data ADD COLUMN included         INTEGER NOT NULL DEFAULT 1;
ALTER TABLE training_data ADD COLUMN needs_transcript INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX training_data_by_source ON training_data (upload_id, source_start_ms);

-- kind: run (a training run), checkpoint (a .ckpt a run wrote; run_id names its run) or voice (an
-- installed trained voice; run_id names the run it came from).
ALTER TABLE models ADD COLUMN kind            TEXT NOT NULL DEFAULT 'run';
ALTER TABLE models ADD COLUMN run_id          INTEGER REFERENCES models (id);
ALTER TABLE models ADD COLUMN params          TEXT;
ALTER TABLE models ADD COLUMN step            INTEGER NOT NULL DEFAULT 0;
ALTER TABLE models ADD COLUMN error           TEXT;
ALTER TABLE models ADD COLUMN hint            TEXT;
ALTER TABLE models ADD COLUMN voice           TEXT;
CREATE INDEX models_by_run ON models (run_id, id);
CREATE UNIQUE INDEX models_checkpoint_path ON models (model_path) WHERE kind = 'checkpoint';

-- Which clips trained which run (the clips may be edited or deleted later; this stays as it was).
CREATE TABLE model_clips (
    model_id   INTEGER NOT NULL REFERENCES models (id),
    clip_id    INTEGER NOT NULL,
    filename   TEXT    NOT NULL,
    transcript TEXT    NOT NULL,
    PRIMARY KEY (model_id, clip_id)
);
