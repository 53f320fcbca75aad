/**
 * A write batch's precondition (batch_assertions, migration 0007). The batch starts with a row whose `ok` is the
 * condition the write was decided on, evaluated when the batch runs; a false one breaks the CHECK and D1 rolls the
 * whole batch back. So a check made before the write still holds inside it, even when another request wrote in
 * between the read and the batch: the second of two racing requests changes nothing and writes no audit row.
 */

/** `INSERT INTO batch_assertions` of `conditionSql` (a boolean SQL expression over the bound `params`, ?2 onwards). */
export function assertion(db: D1Database, what: string, conditionSql: string, ...params: unknown[]): D1PreparedStatement {
  return db.prepare(`INSERT INTO batch_assertions (what, ok) SELECT ?1, (${conditionSql})`).bind(what, ...params);
}

/** Empties batch_assertions: the last statement of a guarded batch. */
export const clearAssertions = (db: D1Database) => db.prepare('DELETE FROM batch_assertions');

/** The error D1 raises when a batch's assertion was false (its `ok` CHECK). */
export function isFailedAssertion(err: unknown): boolean {
  return err instanceof Error && /CHECK constraint failed/.test(err.message) && /\bok\b/.test(err.message);
}

/**
 * Runs `statements` in one batch behind `guard` (an assertion, or any statement inserting into batch_assertions).
 * Returns their results, or null when the guard failed: then nothing was written.
 */
export async function guardedBatch(db: D1Database, guard: D1PreparedStatement, statements: D1PreparedStatement[]): Promise<D1Result[] | null> {
  try {
    const results = await db.batch([guard, ...statements, clearAssertions(db)]);
    return results.slice(1, -1);
  } catch (err) {
    if (isFailedAssertion(err)) return null;
    throw err;
  }
}
