-- Dual store (runbooks.md §3-§5): the post lifecycle and the normalised-content hash on tweets, with a
-- unique index as the last line of defence against duplicates, and the durable rate-limit events that
-- let PostgreSQL answer rate limits exactly as Redis does while Redis is down. Additive only.

ALTER TABLE tweets ADD COLUMN content_hash text NULL;
ALTER TABLE tweets ADD COLUMN status text NOT NULL DEFAULT 'posted';
ALTER TABLE tweets ADD CONSTRAINT ck_tweets_status CHECK (status IN (
    'queued', 'picked', 'awaiting_approval', 'approved', 'posting', 'posted',
    'shadowed', 'refused', 'failed', 'expired', 'skipped', 'unknown'));

-- A live post (any status but the four dead ones) may exist once per normalised text. NULL hashes
-- (texts with nothing to compare, such as a bare link) are never unique-checked.
CREATE UNIQUE INDEX uq_tweets_content_hash_live ON tweets (content_hash)
    WHERE content_hash IS NOT NULL AND status NOT IN ('refused', 'failed', 'expired', 'skipped');

-- One row per admitted rate-limit consumption, whichever store admitted it. The id is also the member
-- of the Redis sliding-window set, so both stores count the same events.
CREATE TABLE rate_limit_events (
    id          uuid        PRIMARY KEY,
    environment text        NOT NULL,
    limit_key   text        NOT NULL,
    window_kind text        NOT NULL,
    window_ms   bigint      NOT NULL,
    occurred_at timestamptz NOT NULL,
    source      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ck_rate_limit_events_window_kind CHECK (window_kind IN ('sliding', 'fixed')),
    CONSTRAINT ck_rate_limit_events_window_ms CHECK (window_ms > 0),
    CONSTRAINT ck_rate_limit_events_source CHECK (source IN ('redis', 'postgres', 'repair'))
);
CREATE INDEX ix_rate_limit_events_key_occurred_at ON rate_limit_events (environment, limit_key, occurred_at DESC);
CREATE INDEX ix_rate_limit_events_occurred_at ON rate_limit_events (occurred_at);
