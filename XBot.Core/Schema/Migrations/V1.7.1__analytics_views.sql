-- The analytics views of runbooks.md §3 (issue 12). Engagement comes from the latest reading on the post
-- (tweets.engagement, written by the engagement collector). Engagement rate = (likes + retweets + replies
-- + quotes + bookmarks) / impressions; tiers: viral >= 0.15, high >= 0.08, medium >= 0.03, otherwise low
-- (no tier before a reading with impressions). Hours are UTC. Only published posts count: shadowed posts
-- were never on X. X's public metrics have no click count, so click_through_estimate is the
-- impression-weighted engagement rate (total engagements / total impressions).

CREATE VIEW vw_recent_posts AS
SELECT p.id, p.tweet_id, p.posted_at, p.topic, p.source, p.content,
       p.likes, p.retweets, p.replies, p.quotes, p.bookmarks, p.impressions,
       p.engagement_rate,
       CASE WHEN p.engagement_rate IS NULL THEN NULL
            WHEN p.engagement_rate >= 0.15 THEN 'viral'
            WHEN p.engagement_rate >= 0.08 THEN 'high'
            WHEN p.engagement_rate >= 0.03 THEN 'medium'
            ELSE 'low' END AS performance_tier,
       p.priority AS priority_score,
       p.reward_rate,
       p.reward
FROM (
    SELECT t.id, t.tweet_id, t.posted_at, t.topic, t.source, t.content, t.priority, t.reward_rate, t.reward,
           (t.engagement ->> 'likes')::bigint AS likes,
           (t.engagement ->> 'retweets')::bigint AS retweets,
           (t.engagement ->> 'replies')::bigint AS replies,
           (t.engagement ->> 'quotes')::bigint AS quotes,
           (t.engagement ->> 'bookmarks')::bigint AS bookmarks,
           (t.engagement ->> 'impressions')::bigint AS impressions,
           CASE WHEN (t.engagement ->> 'impressions')::bigint > 0 THEN
               ((t.engagement ->> 'likes')::bigint + (t.engagement ->> 'retweets')::bigint + (t.engagement ->> 'replies')::bigint
                + (t.engagement ->> 'quotes')::bigint + (t.engagement ->> 'bookmarks')::bigint)::double precision
               / (t.engagement ->> 'impressions')::bigint
           END AS engagement_rate
    FROM tweets t
    WHERE t.status = 'posted' AND t.posted_at > now() - interval '7 days'
) p;

CREATE VIEW vw_topics_perf_7d AS
SELECT coalesce(topic, 'none') AS topic,
       count(*) AS post_count,
       avg(engagement_rate) AS avg_engagement_rate,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY likes) AS p95_likes,
       sum(likes + retweets + replies + quotes + bookmarks)::double precision / nullif(sum(impressions), 0) AS click_through_estimate
FROM vw_recent_posts
GROUP BY coalesce(topic, 'none');

CREATE VIEW vw_time_of_day_perf_7d AS
SELECT extract(hour FROM posted_at AT TIME ZONE 'UTC')::int AS posting_hour,
       count(*) AS post_count,
       avg(engagement_rate) AS avg_engagement_rate,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY likes) AS p95_likes,
       sum(likes + retweets + replies + quotes + bookmarks)::double precision / nullif(sum(impressions), 0) AS click_through_estimate,
       count(*) FILTER (WHERE performance_tier = 'viral') AS viral_count,
       count(*) FILTER (WHERE performance_tier = 'high') AS high_count,
       count(*) FILTER (WHERE performance_tier = 'medium') AS medium_count,
       count(*) FILTER (WHERE performance_tier = 'low') AS low_count
FROM vw_recent_posts
GROUP BY 1;

-- Exploration posts: the scheduler's decision for the post shows the bandit exploring (the epsilon floor).
CREATE VIEW vw_learning_performance AS
WITH posts AS (
    SELECT t.id, (t.posted_at AT TIME ZONE 'UTC')::date AS day, t.priority, t.reward,
           CASE WHEN (t.engagement ->> 'impressions')::bigint > 0 THEN
               ((t.engagement ->> 'likes')::bigint + (t.engagement ->> 'retweets')::bigint + (t.engagement ->> 'replies')::bigint
                + (t.engagement ->> 'quotes')::bigint + (t.engagement ->> 'bookmarks')::bigint)::double precision
               / (t.engagement ->> 'impressions')::bigint
           END AS engagement_rate,
           EXISTS (
               SELECT 1 FROM schedule_decisions d, jsonb_array_elements(coalesce(d.details -> 'Scores', '[]'::jsonb)) s
               WHERE d.tweet_row = t.id AND d.outcome = 'posted'
                 AND (s ->> 'Id')::bigint = t.id AND (s -> 'Bandit' ->> 'Explored')::boolean
           ) AS explored
    FROM tweets t
    WHERE t.status = 'posted' AND t.posted_at > now() - interval '30 days'
)
SELECT day,
       count(*) AS post_count,
       count(*) FILTER (WHERE engagement_rate >= 0.08) AS high_performing_posts,
       count(*) FILTER (WHERE explored) AS exploration_posts,
       avg(priority) AS avg_priority_score,
       avg(reward) AS avg_reward,
       count(*) FILTER (WHERE reward IS NOT NULL) AS reward_posts
FROM posts
GROUP BY day;

CREATE VIEW vw_bandit_performance AS
SELECT (timestamp AT TIME ZONE 'UTC')::date AS day,
       count(*) AS learning_cycles,
       sum((event_data ->> 'postsProcessed')::int) AS posts_processed,
       sum((event_data ->> 'armsUpdated')::int) AS arms_updated,
       avg((event_data ->> 'baseline')::double precision) AS avg_baseline,
       avg((event_data ->> 'averageReward')::double precision) AS avg_reward,
       max((event_data ->> 'armCount')::int) AS arm_count
FROM audit_log
WHERE event_type = 'LEARNING_CYCLE_COMPLETE' AND timestamp > now() - interval '30 days'
GROUP BY 1;

-- Success: a counted post whose reward is above 0.5, that is whose engagement rate beat the baseline.
CREATE VIEW vw_content_sources_perf AS
SELECT coalesce(source, 'unknown') AS source,
       count(*) AS post_count,
       count(*) FILTER (WHERE reward IS NOT NULL) AS rewarded_posts,
       count(*) FILTER (WHERE reward > 0.5) AS successful_posts,
       (count(*) FILTER (WHERE reward > 0.5))::double precision / nullif(count(*) FILTER (WHERE reward IS NOT NULL), 0) AS success_rate,
       avg(reward_rate) AS avg_engagement_rate
FROM tweets
WHERE status = 'posted' AND posted_at > now() - interval '14 days'
GROUP BY coalesce(source, 'unknown');
