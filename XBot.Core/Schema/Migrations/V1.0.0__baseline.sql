-- Baseline: the five tables of runbooks.md §3. JSONB columns keep room for what later versions add.

CREATE TABLE tweets (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tweet_id          text        NOT NULL,
    content           text        NOT NULL,
    posted_at         timestamptz NULL,
    platform          text        NOT NULL DEFAULT 'twitter',
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    engagement        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    ai_metadata       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    content_analysis  jsonb       NOT NULL DEFAULT '{}'::jsonb,
    learning_metadata jsonb       NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT uq_tweets_tweet_id UNIQUE (tweet_id)
);
CREATE INDEX ix_tweets_posted_at ON tweets (posted_at DESC);
CREATE INDEX ix_tweets_created_at ON tweets (created_at DESC);

CREATE TABLE bot_config (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key         text        NOT NULL,
    environment text        NOT NULL,
    value       jsonb       NOT NULL,
    metadata    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT uq_bot_config_key_environment UNIQUE (key, environment)
);

CREATE TABLE daily_summaries (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    date         date        NOT NULL,
    summary_type text        NOT NULL,
    environment  text        NOT NULL,
    metrics      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    quality      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT uq_daily_summaries_date_type_environment UNIQUE (date, summary_type, environment)
);

CREATE TABLE audit_log (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    timestamp  timestamptz NOT NULL DEFAULT now(),
    event_type text        NOT NULL,
    component  text        NOT NULL,
    severity   text        NOT NULL,
    event_data jsonb       NOT NULL DEFAULT '{}'::jsonb,
    context    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT ck_audit_log_severity CHECK (severity IN ('info', 'warning', 'critical', 'emergency'))
);
CREATE INDEX ix_audit_log_timestamp ON audit_log (timestamp DESC);
CREATE INDEX ix_audit_log_event_type_timestamp ON audit_log (event_type, timestamp DESC);

CREATE TABLE system_health (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    timestamp   timestamptz NOT NULL DEFAULT now(),
    component   text        NOT NULL,
    status      text        NOT NULL,
    environment text        NOT NULL,
    metrics     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    diagnostics jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX ix_system_health_component_timestamp ON system_health (component, timestamp DESC);
