-- The learning engine (issue 12): engagement readings per post at fixed ages, the history of every
-- reading, the reward marker (each post updates the arms exactly once), and the arms themselves.
ALTER TABLE tweets ADD COLUMN metrics_reads integer NOT NULL DEFAULT 0;
ALTER TABLE tweets ADD COLUMN metrics_read_at timestamptz NULL;
ALTER TABLE tweets ADD COLUMN reward_rate double precision NULL;
ALTER TABLE tweets ADD COLUMN reward double precision NULL;
ALTER TABLE tweets ADD COLUMN learning_processed_at timestamptz NULL;
CREATE INDEX ix_tweets_metrics_due ON tweets (posted_at) WHERE status = 'posted';
CREATE INDEX ix_tweets_reward_pending ON tweets (posted_at) WHERE reward_rate IS NOT NULL AND learning_processed_at IS NULL;

CREATE TABLE tweet_metrics (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tweet_row   bigint      NOT NULL REFERENCES tweets (id) ON DELETE CASCADE,
    read_at     timestamptz NOT NULL,
    age_seconds bigint      NOT NULL,
    likes       bigint      NULL,
    retweets    bigint      NULL,
    replies     bigint      NULL,
    quotes      bigint      NULL,
    bookmarks   bigint      NULL,
    impressions bigint      NULL
);
CREATE INDEX ix_tweet_metrics_tweet_row ON tweet_metrics (tweet_row, read_at);

CREATE TABLE bandit_arms (
    environment text             NOT NULL,
    dimension   text             NOT NULL,
    value       text             NOT NULL,
    alpha       double precision NOT NULL,
    beta        double precision NOT NULL,
    updated_at  timestamptz      NOT NULL,
    PRIMARY KEY (environment, dimension, value),
    CONSTRAINT ck_bandit_arms_positive CHECK (alpha > 0 AND beta > 0)
);
