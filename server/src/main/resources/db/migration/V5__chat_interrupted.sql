-- Voice loop barge-in: the streamer talked over the character, and character_response holds only
-- what was heard of her reply. V5, not V4: the voice-training feature takes V4.
ALTER TABLE chat_logs ADD COLUMN interrupted INTEGER NOT NULL DEFAULT 0;
