-- The console's read side (issue 13): a post's page reads the decision that picked it and its lifecycle
-- history. Without these, both scan tables that grow by a row every cycle and several rows per post.
CREATE INDEX ix_schedule_decisions_tweet_row ON schedule_decisions (tweet_row, decided_at DESC) WHERE tweet_row IS NOT NULL;
-- Text, not a cast: a cast in an index expression would make any non-numeric id fail its insert.
CREATE INDEX ix_audit_log_post_id ON audit_log ((event_data ->> 'id')) WHERE event_type IN ('POST_QUEUED', 'POST_TRANSITION');
CREATE INDEX ix_audit_log_tweet_id ON audit_log ((event_data ->> 'tweet_id')) WHERE event_type IN ('TWEET_STORED', 'TWEET_STATUS_CHANGED');
