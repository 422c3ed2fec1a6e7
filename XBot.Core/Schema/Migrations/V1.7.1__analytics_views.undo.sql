DROP VIEW IF EXISTS vw_content_sources_perf;
DROP VIEW IF EXISTS vw_bandit_performance;
DROP VIEW IF EXISTS vw_learning_performance;
DROP VIEW IF EXISTS vw_time_of_day_perf_7d;
DROP VIEW IF EXISTS vw_topics_perf_7d;
DROP VIEW IF EXISTS vw_recent_posts;
