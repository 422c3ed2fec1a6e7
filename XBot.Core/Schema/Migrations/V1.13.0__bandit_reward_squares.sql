-- The decayed sum of squared rewards per bandit arm (issue 12): with alpha and beta it gives the rewards'
-- observed variance, from which the bandit weighs each fractional reward (Learning/EvidenceWeight.cs).
-- Nullable and additive: an arm written before it has unknown noise until `learning rebuild`.
ALTER TABLE bandit_arms ADD COLUMN reward_squares double precision;
