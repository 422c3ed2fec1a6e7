-- A change counter for bot_config, kept by the database itself: a change made by any path (the api, the
-- CLI, or plain SQL in an emergency) moves it, so every process notices a change by polling one small row
-- instead of reading the whole table. The value only grows and is never below the change's time in
-- microseconds, so it also orders snapshots cached before this migration (versioned by updated_at).
CREATE TABLE bot_config_version (
    id      boolean PRIMARY KEY DEFAULT true CHECK (id),
    version bigint  NOT NULL
);

INSERT INTO bot_config_version (id, version)
SELECT true, greatest(
    (extract(epoch FROM clock_timestamp()) * 1000000)::bigint,
    coalesce((SELECT (extract(epoch FROM max(updated_at)) * 1000000)::bigint FROM bot_config), 0) + 1);

CREATE FUNCTION bump_bot_config_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE bot_config_version
    SET version = greatest(version + 1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint);
    RETURN NULL;
END $$;

CREATE TRIGGER trg_bot_config_version
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON bot_config
FOR EACH STATEMENT EXECUTE FUNCTION bump_bot_config_version();
