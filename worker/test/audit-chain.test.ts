import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { chainAudit, entryHash, GENESIS, sha256Hex } from '../src/audit/chain';
import { call, csv, CUSTOMER_HEADER, newUser } from './helpers';

const verify = async () => (await call('GET', '/audit/verify')).json;

describe('the audit hash chain', () => {
  it('chains every audit row, whichever statement wrote it, and verifies', async () => {
    await newUser('viewer'); // auditStatement
    const imported = await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['CH1,Chain One,Retail,EMEA,Ana,USD,1000.00,30']) }); // INSERT … SELECT
    expect(imported.status).toBe(200);
    await call('POST', '/customers', { body: csv(CUSTOMER_HEADER, ['CH1,Chain One,Retail,EMEA,Ana,USD,2000.00,30']) }); // customer.update rows
    const report = await verify();
    const rows = (await env.DB.prepare('SELECT COUNT(*) AS n FROM audit_log').first<{ n: number }>())!.n;
    expect(rows).toBeGreaterThanOrEqual(4);
    expect(report).toMatchObject({ ok: true, entries: rows, chained: rows, unchained: 0, firstProblem: null });
    // The write middleware chained them already; the head is the last row, and its hash is recomputable by hand.
    const last = await env.DB.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT 1').first<any>();
    const link = await env.DB.prepare('SELECT prev_hash, hash FROM audit_chain WHERE audit_id = ?1').bind(last.id).first<{ prev_hash: string; hash: string }>();
    expect(report.head).toEqual({ auditId: last.id, hash: link!.hash });
    const text = `${link!.prev_hash}\n${JSON.stringify([last.id, last.at, last.user_id, last.action, last.entity, last.entity_id, last.before, last.after])}`;
    expect(link!.hash).toBe(await sha256Hex(text));
    const firstLink = await env.DB.prepare('SELECT prev_hash FROM audit_chain ORDER BY audit_id LIMIT 1').first<{ prev_hash: string }>();
    expect(firstLink!.prev_hash).toBe(GENESIS);
  });

  it('refuses an entry out of order and any change to the chain', async () => {
    await newUser('viewer');
    await chainAudit(env.DB);
    const head = await env.DB.prepare('SELECT audit_id, hash FROM audit_chain ORDER BY audit_id DESC LIMIT 1').first<{ audit_id: number; hash: string }>();
    await env.DB.prepare("INSERT INTO audit_log (at, user_id, action, entity) VALUES ('2026-01-01', 'x', 'test.row', 'test')").run();
    const next = await env.DB.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT 1').first<any>();
    const insert = (id: number, prev: string) => env.DB.prepare("INSERT INTO audit_chain (audit_id, prev_hash, hash, chained_at) VALUES (?1, ?2, 'h', 'now')").bind(id, prev).run();
    await expect(insert(next.id, GENESIS)).rejects.toThrow(/not the next entry/); // wrong prev_hash: a fork
    await expect(insert(next.id + 1, head!.hash)).rejects.toThrow(/not the next entry/); // skips a row
    await expect(env.DB.prepare("UPDATE audit_chain SET hash = 'x'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('DELETE FROM audit_chain').run()).rejects.toThrow(/append-only/);
    expect(await entryHash(head!.hash, next)).toMatch(/^[0-9a-f]{64}$/);
    expect((await verify()).ok).toBe(true);
  });

  it('never forks when two chainers run at once', async () => {
    for (let i = 0; i < 30; i++) await env.DB.prepare("INSERT INTO audit_log (at, user_id, action, entity) VALUES ('2026-01-02', 'x', 'test.concurrent', 'test')").run();
    const done = await Promise.all([chainAudit(env.DB), chainAudit(env.DB), chainAudit(env.DB)]);
    expect(done.reduce((a, b) => a + b, 0)).toBe(30); // each row chained by exactly one of them
    expect(await verify()).toMatchObject({ ok: true, unchained: 0 });
  });

  it('detects a row changed or slipped in behind the triggers', async () => {
    await newUser('analyst');
    expect((await verify()).ok).toBe(true);
    const target = await env.DB.prepare("SELECT id FROM audit_log WHERE action = 'user.create' ORDER BY id DESC LIMIT 1").first<{ id: number }>();
    // Someone with raw database access drops the append-only trigger and edits a row.
    await env.DB.prepare('DROP TRIGGER audit_log_no_update').run();
    const original = await env.DB.prepare('SELECT after FROM audit_log WHERE id = ?1').bind(target!.id).first<{ after: string }>();
    await env.DB.prepare(`UPDATE audit_log SET after = replace(after, '"role":"analyst"', '"role":"admin"') WHERE id = ?1`).bind(target!.id).run();
    let report = await verify();
    expect(report.ok).toBe(false);
    expect(report.firstProblem).toEqual({ auditId: target!.id, problem: expect.stringMatching(/changed after it was written/) });
    await env.DB.prepare('UPDATE audit_log SET after = ?2 WHERE id = ?1').bind(target!.id, original!.after).run();
    await env.DB.prepare("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END").run();
    expect((await verify()).ok).toBe(true);

    // A row inserted with an id inside the chained range.
    const gapId = (await env.DB.prepare('SELECT MAX(id) AS m FROM audit_log').first<{ m: number }>())!.m + 1000;
    await env.DB.prepare("INSERT INTO audit_log (id, at, user_id, action, entity) VALUES (?1, '2026-01-03', 'x', 'test.late', 'test')").bind(gapId).run();
    await verify(); // chains it (and everything before it)
    await env.DB.prepare("INSERT INTO audit_log (id, at, user_id, action, entity) VALUES (?1, '2026-01-03', 'x', 'test.slipped', 'test')").bind(gapId - 1).run();
    report = (await call('GET', '/audit/verify')).json;
    expect(report.ok).toBe(false);
    expect(report.firstProblem).toEqual({ auditId: gapId - 1, problem: expect.stringMatching(/inserted afterwards/) });
  });

  it('is for controllers, managers and admins', async () => {
    expect((await call('GET', '/audit/verify', { token: await newUser('analyst') })).status).toBe(403);
    expect((await call('GET', '/audit/verify', { token: await newUser('controller') })).status).toBe(200);
  });
});
