DROP TABLE IF EXISTS bandit_arms;
DROP TABLE IF EXISTS tweet_metrics;
DROP INDEX IF EXISTS ix_tweets_reward_pending;
DROP INDEX IF EXISTS ix_tweets_metrics_due;
ALTER TABLE tweets DROP COLUMN IF EXISTS learning_processed_at;
ALTER TABLE tweets DROP COLUMN IF EXISTS reward;
ALTER TABLE tweets DROP COLUMN IF EXISTS reward_rate;
ALTER TABLE tweets DROP COLUMN IF EXISTS metrics_read_at;
ALTER TABLE tweets DROP COLUMN IF EXISTS metrics_reads;
