-- Smoke SQL for the shadow test (db shadow): writes and reads one row in every table. The shadow test
-- runs it in a transaction and rolls it back. When a migration adds a table, add its lines here; the
-- shadow test names any table this script does not mention.

INSERT INTO tweets (tweet_id, content) VALUES ('smoke-1', 'smoke test post');
DO $$ BEGIN
    IF (SELECT platform FROM tweets WHERE tweet_id = 'smoke-1') IS DISTINCT FROM 'twitter' THEN
        RAISE EXCEPTION 'smoke: tweets row not readable with its defaults';
    END IF;
END $$;

INSERT INTO bot_config (key, environment, value) VALUES ('smoke_test', 'smoke', '{"ok": true}');
DO $$ BEGIN
    IF (SELECT value ->> 'ok' FROM bot_config WHERE key = 'smoke_test' AND environment = 'smoke') IS DISTINCT FROM 'true' THEN
        RAISE EXCEPTION 'smoke: bot_config row not readable';
    END IF;
END $$;
DO $$ DECLARE before bigint; BEGIN
    SELECT version INTO before FROM bot_config_version;
    UPDATE bot_config SET value = '{"ok": true, "again": true}' WHERE key = 'smoke_test' AND environment = 'smoke';
    IF (SELECT version FROM bot_config_version) <= before THEN
        RAISE EXCEPTION 'smoke: bot_config_version did not move when bot_config changed';
    END IF;
END $$;

INSERT INTO daily_summaries (date, summary_type, environment, metrics) VALUES (DATE '2000-01-01', 'smoke', 'smoke', '{"posts": 1}');
DO $$ BEGIN
    IF (SELECT metrics ->> 'posts' FROM daily_summaries WHERE summary_type = 'smoke') IS DISTINCT FROM '1' THEN
        RAISE EXCEPTION 'smoke: daily_summaries row not readable';
    END IF;
END $$;

INSERT INTO audit_log (event_type, component, severity) VALUES ('SMOKE_TEST', 'shadow', 'info');
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM audit_log WHERE event_type = 'SMOKE_TEST' AND severity = 'info') THEN
        RAISE EXCEPTION 'smoke: audit_log row not readable';
    END IF;
END $$;

INSERT INTO system_health (component, status, environment) VALUES ('shadow', 'healthy', 'smoke');
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM system_health WHERE component = 'shadow' AND status = 'healthy') THEN
        RAISE EXCEPTION 'smoke: system_health row not readable';
    END IF;
END $$;

INSERT INTO schedule_decisions (worker, outcome, reason) VALUES ('smoke', 'skipped', 'smoke test');
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM schedule_decisions WHERE worker = 'smoke' AND outcome = 'skipped') THEN
        RAISE EXCEPTION 'smoke: schedule_decisions row not readable';
    END IF;
END $$;

INSERT INTO rate_limit_events (id, environment, limit_key, window_kind, window_ms, occurred_at, source)
VALUES ('00000000-0000-0000-0000-00000000005e', 'smoke', 'smoke_limit', 'sliding', 1000, now(), 'postgres');
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM rate_limit_events WHERE limit_key = 'smoke_limit' AND source = 'postgres') THEN
        RAISE EXCEPTION 'smoke: rate_limit_events row not readable';
    END IF;
END $$;

INSERT INTO x_rate_limit_windows (environment, endpoint, scope, limit_count, remaining, reset_at)
VALUES ('smoke', 'POST /2/tweets', 'Endpoint', 100, 99, now() + interval '15 minutes');
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM x_rate_limit_windows WHERE environment = 'smoke' AND remaining = 99) THEN
        RAISE EXCEPTION 'smoke: x_rate_limit_windows row not readable';
    END IF;
END $$;

INSERT INTO tweet_metrics (tweet_row, read_at, age_seconds, likes, impressions)
SELECT id, now(), 7200, 3, 100 FROM tweets WHERE tweet_id = 'smoke-1';
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM tweet_metrics m JOIN tweets t ON t.id = m.tweet_row WHERE t.tweet_id = 'smoke-1' AND m.likes = 3) THEN
        RAISE EXCEPTION 'smoke: tweet_metrics row not readable';
    END IF;
END $$;

INSERT INTO bandit_arms (environment, dimension, value, alpha, beta, updated_at) VALUES ('smoke', 'topic', 'smoke', 1.5, 1.5, now());
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM bandit_arms WHERE environment = 'smoke' AND alpha = 1.5) THEN
        RAISE EXCEPTION 'smoke: bandit_arms row not readable';
    END IF;
END $$;

INSERT INTO x_spend_ledger (environment, operation, units, cost_usd, endpoint) VALUES ('smoke', 'post_with_url', 1, 0.2, 'POST /2/tweets');
DO $$ BEGIN
    IF (SELECT sum(cost_usd) FROM x_spend_ledger WHERE environment = 'smoke') IS DISTINCT FROM 0.2000 THEN
        RAISE EXCEPTION 'smoke: x_spend_ledger row not readable';
    END IF;
END $$;

INSERT INTO alert_state (environment, condition, severity, status, event_type, message, observations, first_seen_at, last_seen_at)
VALUES ('smoke', 'redis', 'critical', 'pending', 'REDIS_DOWN', 'smoke', 1, now(), now());
DO $$ BEGIN
    IF (SELECT status FROM alert_state WHERE environment = 'smoke' AND condition = 'redis') IS DISTINCT FROM 'pending' THEN
        RAISE EXCEPTION 'smoke: alert_state row not readable';
    END IF;
END $$;

INSERT INTO tweet_words (word, created_at, tweet_row_id) SELECT 'smoke', created_at, id FROM tweets WHERE tweet_id = 'smoke-1';
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM tweet_words w JOIN tweets t ON t.id = w.tweet_row_id WHERE w.word = 'smoke' AND NOT t.words_indexed) THEN
        RAISE EXCEPTION 'smoke: tweet_words row not readable';
    END IF;
END $$;
