-- Where each exchange's line came from (http, ws, voice, twitch, youtube) and, for a viewer's line
-- from live chat, the viewer's display name. Rows written before this migration have neither.
ALTER TABLE chat_logs ADD COLUMN origin TEXT;
ALTER TABLE chat_logs ADD COLUMN viewer_name TEXT;
