-- Undo of the baseline: only for rolling back to an empty database (tests, shadow runs).
DROP TABLE IF EXISTS system_health;
DROP TABLE IF EXISTS audit_log;
DROP TABLE IF EXISTS daily_summaries;
DROP TABLE IF EXISTS bot_config;
DROP TABLE IF EXISTS tweets;
