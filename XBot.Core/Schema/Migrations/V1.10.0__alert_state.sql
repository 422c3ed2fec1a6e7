-- The monitor's alert state (issue 11, runbooks.md §10): one row per condition that is bad now, so that a
-- condition that stays bad is one alert, its end one "resolved", and a restarted worker does not alert
-- again. The row goes when the condition clears; audit_log keeps the history. Additive only.
CREATE TABLE alert_state (
    environment   text        NOT NULL,
    condition     text        NOT NULL,
    severity      text        NOT NULL CHECK (severity IN ('info', 'warning', 'critical', 'emergency')),
    status        text        NOT NULL CHECK (status IN ('pending', 'firing')),
    event_type    text        NOT NULL,
    message       text        NOT NULL,
    observations  integer     NOT NULL CHECK (observations > 0),
    first_seen_at timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    fired_at      timestamptz NULL,
    PRIMARY KEY (environment, condition)
);
