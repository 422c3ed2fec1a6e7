DROP INDEX IF EXISTS ix_tweets_words_unindexed;
ALTER TABLE tweets DROP COLUMN IF EXISTS words_indexed;
DROP TABLE IF EXISTS tweet_words;
