-- Long-term memory of chat: one row per remembered exchange, with its embedding.
-- embedding: float32 little-endian, unit length; embedding_model names the model that made it,
-- so vectors of different models are never compared.
CREATE TABLE memories (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    character_id       INTEGER NOT NULL REFERENCES characters (id),
    chat_log_id        INTEGER REFERENCES chat_logs (id),
    user_message       TEXT    NOT NULL,
    character_response TEXT    NOT NULL,
    embedding          BLOB    NOT NULL,
    embedding_model    TEXT    NOT NULL,
    created_at         TEXT    NOT NULL
);
CREATE INDEX memories_by_character ON memories (character_id, id);

-- History pages across all characters go by id alone.
CREATE INDEX chat_logs_by_id_desc ON chat_logs (id DESC);
