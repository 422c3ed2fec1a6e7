-- Undo of the config change counter: processes fall back to noticing changes by pub/sub and the local TTL.
DROP TRIGGER IF EXISTS trg_bot_config_version ON bot_config;
DROP FUNCTION IF EXISTS bump_bot_config_version();
DROP TABLE IF EXISTS bot_config_version;
