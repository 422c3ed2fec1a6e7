-- The X spend ledger (issue 11, spend budget): one row per answered X call that X bills under pay-per-use
-- (a post created, with or without a URL; posts read), with the price configured when it was made. The
-- scheduler sums it per UTC day and month against spend_daily_usd / spend_monthly_usd. Additive only.
CREATE TABLE x_spend_ledger (
    id          bigserial     PRIMARY KEY,
    environment text          NOT NULL,
    at          timestamptz   NOT NULL DEFAULT now(),
    operation   text          NOT NULL CHECK (operation IN ('post', 'post_with_url', 'read')),
    units       integer       NOT NULL CHECK (units > 0),
    cost_usd    numeric(12,4) NOT NULL CHECK (cost_usd >= 0),
    endpoint    text          NOT NULL
);
CREATE INDEX ix_x_spend_ledger_env_at ON x_spend_ledger (environment, at);
