-- The X client's rate-limit state (issue 8, item 4): what X last reported per endpoint and window, so
-- that a restarted worker doesn't forget a known reset. Redis holds it first; this is the fallback.
CREATE TABLE x_rate_limit_windows (
    environment text        NOT NULL,
    endpoint    text        NOT NULL,
    scope       text        NOT NULL,
    limit_count integer     NULL,
    remaining   integer     NOT NULL,
    reset_at    timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (environment, endpoint, scope)
);
