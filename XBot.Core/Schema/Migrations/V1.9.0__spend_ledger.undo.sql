DROP TABLE IF EXISTS x_spend_ledger;
