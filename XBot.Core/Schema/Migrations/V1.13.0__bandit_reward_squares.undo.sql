ALTER TABLE bandit_arms DROP COLUMN IF EXISTS reward_squares;
