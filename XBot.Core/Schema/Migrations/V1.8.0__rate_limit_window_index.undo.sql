DROP INDEX IF EXISTS ix_rate_limit_events_window;
