-- Post lifecycle (issue: posting pipeline). Candidates and posts are rows of `tweets`; these columns
-- carry the lifecycle of runbooks §8 and the architecture sketch. All additive and nullable.

ALTER TABLE tweets ADD COLUMN topic text NULL;
ALTER TABLE tweets ADD COLUMN source text NULL;
ALTER TABLE tweets ADD COLUMN priority double precision NULL;
ALTER TABLE tweets ADD COLUMN expires_at timestamptz NULL;
ALTER TABLE tweets ADD COLUMN status_changed_at timestamptz NULL;
ALTER TABLE tweets ADD COLUMN safety_verdict jsonb NULL;
ALTER TABLE tweets ADD COLUMN decision jsonb NULL;
ALTER TABLE tweets ADD COLUMN attempt_id uuid NULL;
ALTER TABLE tweets ADD COLUMN posting_started_at timestamptz NULL;
ALTER TABLE tweets ADD COLUMN approval_deadline timestamptz NULL;
ALTER TABLE tweets ADD COLUMN approved_by text NULL;
ALTER TABLE tweets ADD COLUMN submitted_by text NULL;
ALTER TABLE tweets ADD COLUMN request_id text NULL;
ALTER TABLE tweets ADD COLUMN last_error text NULL;

CREATE INDEX ix_tweets_queue ON tweets (status, priority DESC, created_at);
CREATE UNIQUE INDEX uq_tweets_request_id ON tweets (request_id) WHERE request_id IS NOT NULL;

-- One row per scheduling cycle: what it decided and why, also when nothing was picked.
CREATE TABLE schedule_decisions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    decided_at timestamptz NOT NULL DEFAULT now(),
    worker     text        NOT NULL,
    outcome    text        NOT NULL,
    reason     text        NULL,
    tweet_row  bigint      NULL REFERENCES tweets (id),
    details    jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX ix_schedule_decisions_decided_at ON schedule_decisions (decided_at DESC);
