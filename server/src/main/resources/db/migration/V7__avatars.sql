-- Avatars per character (issue 11): what she uploaded (a VRM, a sprite pack or a picture), the
-- files it was stored as under DATA_DIR/avatars/files (names start with file_prefix), and her
-- emotions mapped onto its expressions. No row: her portrait (card picture or a generated one).
CREATE TABLE avatars (
    character_id   INTEGER PRIMARY KEY REFERENCES characters (id) ON DELETE CASCADE,
    kind           TEXT    NOT NULL,
    file_prefix    TEXT    NOT NULL,
    files          TEXT    NOT NULL,
    expressions    TEXT    NOT NULL,
    expression_map TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
);

-- A card's picture is one file of her portrait avatar now; GET /api/characters/{id}/avatar describes it.
UPDATE characters SET avatar_url = '/api/characters/' || id || '/avatar/files/portrait.png'
    WHERE avatar_url = '/api/characters/' || id || '/avatar';
