DROP INDEX IF EXISTS ix_audit_log_tweet_id;
DROP INDEX IF EXISTS ix_audit_log_post_id;
DROP INDEX IF EXISTS ix_schedule_decisions_tweet_row;
