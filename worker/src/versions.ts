/**
 * Versions of the settings an admin replaces whole (escalation rules, dunning levels, letterhead, credit policy).
 * A replacement names the version it was read at; the batch asserts it first (batch_assertions), so a write made on
 * a stale read, even one that raced in between, is refused with 409 and the whole batch rolls back.
 */
import { AppError } from './errors';
import { assertion, guardedBatch } from './batch-guard';

export type Setting = 'escalation_rules' | 'dunning_levels' | 'letterhead' | 'credit_policy';

const LABEL: Record<Setting, string> = {
  escalation_rules: 'the escalation rules',
  dunning_levels: 'the dunning levels',
  letterhead: 'the letterhead',
  credit_policy: 'the credit policy',
};

export async function settingVersion(db: D1Database, name: Setting): Promise<number> {
  const row = await db.prepare('SELECT version FROM setting_versions WHERE name = ?1').bind(name).first<{ version: number }>();
  return row?.version ?? 1;
}

/**
 * Runs `statements` (the replacement and its audit rows) only if `name` is still at `version`; moves the version.
 * Returns the new version.
 */
export async function replaceSetting(db: D1Database, name: Setting, version: number, statements: D1PreparedStatement[]): Promise<number> {
  const atVersion = assertion(db, 'setting version', 'EXISTS (SELECT 1 FROM setting_versions WHERE name = ?2 AND version = ?3)', name, version);
  const done = await guardedBatch(db, atVersion, [...statements, db.prepare('UPDATE setting_versions SET version = version + 1 WHERE name = ?1').bind(name)]);
  if (!done) {
    throw new AppError('conflict', `${LABEL[name]} changed since version ${version} (now ${await settingVersion(db, name)}); nothing was changed: reload and apply your change again`);
  }
  return version + 1;
}
