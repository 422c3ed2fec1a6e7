-- The hot path (issue 10, item 7): the fallback rate-limit count filters on environment, limit, window
-- kind and window length, and reads the window's time range. With all five in one index the count and
-- the oldest event's time come from the index alone, instead of visiting every event of the window.
CREATE INDEX ix_rate_limit_events_window ON rate_limit_events (environment, limit_key, window_kind, window_ms, occurred_at);
