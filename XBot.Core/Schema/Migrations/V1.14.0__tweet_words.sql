-- The near-duplicate check's word index (issue 10). Each post stores the distinct words of its fingerprint
-- skeleton once, when it is written; a check looks up only the posts that share one of a few of its words
-- (Text/Shingles.ProbeWords) instead of comparing the text with every live post of the 7-day window.
-- created_at is the post's, so the lookup stays inside the window on the index alone. Words of posts
-- that left the window are deleted hourly (a scan of a table that only holds about a window's words).
CREATE TABLE tweet_words (
    word         text        NOT NULL,
    created_at   timestamptz NOT NULL,
    tweet_row_id bigint      NOT NULL,
    PRIMARY KEY (word, created_at, tweet_row_id)
);

-- Rows written before this migration, or by an older binary during a rolling update, have no words: they
-- stay candidates of every check until they leave the window, so the index never hides a post.
ALTER TABLE tweets ADD COLUMN words_indexed boolean NOT NULL DEFAULT false;
CREATE INDEX ix_tweets_words_unindexed ON tweets (created_at) WHERE NOT words_indexed;
