/**
 * Staging: validated rows are written to a staging table in chunks (one JSON parameter per statement, so
 * D1's 100-bound-parameter limit never bites), then moved into the ledger by one atomic batch, or dropped.
 */

const ROWS_PER_STATEMENT = 1000;
const STATEMENTS_PER_BATCH = 8;

export class Stager {
  private pending: unknown[][] = [];
  private queued: D1PreparedStatement[] = [];
  private readonly sql: string;

  constructor(
    private readonly db: D1Database,
    table: 'staging_documents' | 'staging_customers',
    columns: readonly string[],
    private readonly batchId: string,
  ) {
    const picks = columns.map((_, i) => `json_extract(value, '$[${i}]')`).join(', ');
    this.sql = `INSERT INTO ${table} (batch_id, ${columns.join(', ')}) SELECT ?1, ${picks} FROM json_each(?2)`;
  }

  async add(values: unknown[]): Promise<void> {
    this.pending.push(values);
    if (this.pending.length >= ROWS_PER_STATEMENT) await this.cut();
  }

  private async cut(): Promise<void> {
    if (!this.pending.length) return;
    this.queued.push(this.db.prepare(this.sql).bind(this.batchId, JSON.stringify(this.pending)));
    this.pending = [];
    if (this.queued.length >= STATEMENTS_PER_BATCH) await this.flushQueued();
  }

  /** One write in flight while the next rows are parsed: parsing and D1 overlap, memory stays bounded. */
  private inFlight: Promise<unknown> = Promise.resolve();

  private async flushQueued(): Promise<void> {
    if (!this.queued.length) return;
    const statements = this.queued;
    this.queued = [];
    await this.inFlight;
    this.inFlight = this.db.batch(statements);
    this.inFlight.catch(() => {}); // observed by the next flush or settle(); never an unhandled rejection
  }

  /** Wait for the write in flight, whatever its outcome, before staging is dropped. */
  async settle(): Promise<void> {
    await this.inFlight.catch(() => {});
  }

  async flush(): Promise<void> {
    await this.cut();
    await this.flushQueued();
    await this.inFlight;
  }
}

export async function dropStaging(db: D1Database, batchId: string): Promise<void> {
  await db.batch([
    db.prepare('DELETE FROM staging_documents WHERE batch_id = ?1').bind(batchId),
    db.prepare('DELETE FROM staging_customers WHERE batch_id = ?1').bind(batchId),
    db.prepare('DELETE FROM import_affected WHERE batch_id = ?1').bind(batchId),
  ]);
}
