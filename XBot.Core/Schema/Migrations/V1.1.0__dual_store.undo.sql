-- Undo of the dual-store migration.
DROP TABLE IF EXISTS rate_limit_events;
DROP INDEX IF EXISTS uq_tweets_content_hash_live;
ALTER TABLE tweets DROP CONSTRAINT IF EXISTS ck_tweets_status;
ALTER TABLE tweets DROP COLUMN IF EXISTS status;
ALTER TABLE tweets DROP COLUMN IF EXISTS content_hash;
