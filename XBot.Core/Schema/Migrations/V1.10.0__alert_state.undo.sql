DROP TABLE IF EXISTS alert_state;
