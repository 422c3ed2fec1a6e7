DROP TABLE IF EXISTS x_rate_limit_windows;
