-- Optimistic concurrency (issue 10). Every object a user changes in place carries a version that each change
-- names and moves by one; a change made on an older version is refused (409) and writes nothing.

-- A customer's quarterly confirmation row (sent / flagged / note). A customer with no row yet is at version 0.
ALTER TABLE confirmations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Settings replaced whole by an admin: one version each.
CREATE TABLE setting_versions (
  name    TEXT PRIMARY KEY CHECK (name IN ('escalation_rules', 'dunning_levels', 'letterhead', 'credit_policy')),
  version INTEGER NOT NULL CHECK (version >= 1)
) WITHOUT ROWID;
INSERT INTO setting_versions (name, version) VALUES ('escalation_rules', 1), ('dunning_levels', 1), ('letterhead', 1), ('credit_policy', 1);

-- The version of everything a cached answer may show (worker/src/cache.ts keys on it). Moved in the same transaction
-- as every change, by these triggers, so no write path can forget it. Not on: documents and allocations (written only
-- by the ledger import's commit and a returned cheque, each in a batch that also updates settings, so the trigger on
-- settings moves it in that batch); the import's staging tables; the audit log and its chain; idempotency replays;
-- batch_assertions (always empty) and this table. worker/test/cache.test.ts fails for any other table without them.
CREATE TABLE cache_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
);
INSERT INTO cache_version (id, n) VALUES (1, 0);

CREATE TRIGGER settings_cache_ai AFTER INSERT ON settings BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER settings_cache_au AFTER UPDATE ON settings BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER settings_cache_ad AFTER DELETE ON settings BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER users_cache_ai AFTER INSERT ON users BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER users_cache_au AFTER UPDATE ON users BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER users_cache_ad AFTER DELETE ON users BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER api_tokens_cache_ai AFTER INSERT ON api_tokens BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER api_tokens_cache_au AFTER UPDATE ON api_tokens BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER api_tokens_cache_ad AFTER DELETE ON api_tokens BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER customers_cache_ai AFTER INSERT ON customers BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER customers_cache_au AFTER UPDATE ON customers BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER customers_cache_ad AFTER DELETE ON customers BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER import_batches_cache_ai AFTER INSERT ON import_batches BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER import_batches_cache_au AFTER UPDATE ON import_batches BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER import_batches_cache_ad AFTER DELETE ON import_batches BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER provision_matrices_cache_ai AFTER INSERT ON provision_matrices BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER provision_matrices_cache_au AFTER UPDATE ON provision_matrices BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER provision_matrices_cache_ad AFTER DELETE ON provision_matrices BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER customer_financials_cache_ai AFTER INSERT ON customer_financials BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER customer_financials_cache_au AFTER UPDATE ON customer_financials BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER customer_financials_cache_ad AFTER DELETE ON customer_financials BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER reconciliations_cache_ai AFTER INSERT ON reconciliations BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER reconciliations_cache_au AFTER UPDATE ON reconciliations BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER reconciliations_cache_ad AFTER DELETE ON reconciliations BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER confirmations_cache_ai AFTER INSERT ON confirmations BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER confirmations_cache_au AFTER UPDATE ON confirmations BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER confirmations_cache_ad AFTER DELETE ON confirmations BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER allocation_proposals_cache_ai AFTER INSERT ON allocation_proposals BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER allocation_proposals_cache_au AFTER UPDATE ON allocation_proposals BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER allocation_proposals_cache_ad AFTER DELETE ON allocation_proposals BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER credit_insurance_cache_ai AFTER INSERT ON credit_insurance BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER credit_insurance_cache_au AFTER UPDATE ON credit_insurance BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER credit_insurance_cache_ad AFTER DELETE ON credit_insurance BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER credit_policy_cache_ai AFTER INSERT ON credit_policy BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER credit_policy_cache_au AFTER UPDATE ON credit_policy BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER credit_policy_cache_ad AFTER DELETE ON credit_policy BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER limit_decisions_cache_ai AFTER INSERT ON limit_decisions BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER limit_decisions_cache_au AFTER UPDATE ON limit_decisions BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER limit_decisions_cache_ad AFTER DELETE ON limit_decisions BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER approvals_cache_ai AFTER INSERT ON approvals BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER approvals_cache_au AFTER UPDATE ON approvals BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER approvals_cache_ad AFTER DELETE ON approvals BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER targets_cache_ai AFTER INSERT ON targets BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER targets_cache_au AFTER UPDATE ON targets BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER targets_cache_ad AFTER DELETE ON targets BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER target_period_reopenings_cache_ai AFTER INSERT ON target_period_reopenings BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER target_period_reopenings_cache_au AFTER UPDATE ON target_period_reopenings BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER target_period_reopenings_cache_ad AFTER DELETE ON target_period_reopenings BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER activities_cache_ai AFTER INSERT ON activities BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER activities_cache_au AFTER UPDATE ON activities BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER activities_cache_ad AFTER DELETE ON activities BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER promises_cache_ai AFTER INSERT ON promises BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER promises_cache_au AFTER UPDATE ON promises BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER promises_cache_ad AFTER DELETE ON promises BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER disputes_cache_ai AFTER INSERT ON disputes BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER disputes_cache_au AFTER UPDATE ON disputes BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER disputes_cache_ad AFTER DELETE ON disputes BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER dunning_levels_cache_ai AFTER INSERT ON dunning_levels BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER dunning_levels_cache_au AFTER UPDATE ON dunning_levels BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER dunning_levels_cache_ad AFTER DELETE ON dunning_levels BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER dunning_runs_cache_ai AFTER INSERT ON dunning_runs BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER dunning_runs_cache_au AFTER UPDATE ON dunning_runs BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER dunning_runs_cache_ad AFTER DELETE ON dunning_runs BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER dunning_letters_cache_ai AFTER INSERT ON dunning_letters BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER dunning_letters_cache_au AFTER UPDATE ON dunning_letters BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER dunning_letters_cache_ad AFTER DELETE ON dunning_letters BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER cheques_cache_ai AFTER INSERT ON cheques BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER cheques_cache_au AFTER UPDATE ON cheques BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER cheques_cache_ad AFTER DELETE ON cheques BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER letters_of_credit_cache_ai AFTER INSERT ON letters_of_credit BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER letters_of_credit_cache_au AFTER UPDATE ON letters_of_credit BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER letters_of_credit_cache_ad AFTER DELETE ON letters_of_credit BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER escalation_rules_cache_ai AFTER INSERT ON escalation_rules BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER escalation_rules_cache_au AFTER UPDATE ON escalation_rules BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER escalation_rules_cache_ad AFTER DELETE ON escalation_rules BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER escalation_flags_cache_ai AFTER INSERT ON escalation_flags BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER escalation_flags_cache_au AFTER UPDATE ON escalation_flags BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER escalation_flags_cache_ad AFTER DELETE ON escalation_flags BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER hold_history_cache_ai AFTER INSERT ON hold_history BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER hold_history_cache_au AFTER UPDATE ON hold_history BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER hold_history_cache_ad AFTER DELETE ON hold_history BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER write_offs_cache_ai AFTER INSERT ON write_offs BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER write_offs_cache_au AFTER UPDATE ON write_offs BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER write_offs_cache_ad AFTER DELETE ON write_offs BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER recovery_transfers_cache_ai AFTER INSERT ON recovery_transfers BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER recovery_transfers_cache_au AFTER UPDATE ON recovery_transfers BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER recovery_transfers_cache_ad AFTER DELETE ON recovery_transfers BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER audit_samples_cache_ai AFTER INSERT ON audit_samples BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER audit_samples_cache_au AFTER UPDATE ON audit_samples BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER audit_samples_cache_ad AFTER DELETE ON audit_samples BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER audit_sample_items_cache_ai AFTER INSERT ON audit_sample_items BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER audit_sample_items_cache_au AFTER UPDATE ON audit_sample_items BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER audit_sample_items_cache_ad AFTER DELETE ON audit_sample_items BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER setting_versions_cache_ai AFTER INSERT ON setting_versions BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER setting_versions_cache_au AFTER UPDATE ON setting_versions BEGIN UPDATE cache_version SET n = n + 1; END;
CREATE TRIGGER setting_versions_cache_ad AFTER DELETE ON setting_versions BEGIN UPDATE cache_version SET n = n + 1; END;
