import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, newUser, snapshot } from './helpers';

const matrix = (note: string) => ({ name: 'idem', buckets: [30, 60, 90], ratesPercent: ['0.3', '1.6', '3.6', '6.6', '10.6'], note });
const versions = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM provision_matrices WHERE name = 'idem'").first<{ n: number }>())!.n;

describe('Idempotency-Key on writes', () => {
  it('replays the first answer for a retry and stores nothing twice', async () => {
    const headers = { 'Idempotency-Key': 'retry-test-0001' };
    const first = await call('POST', '/ecl/matrices', { body: matrix('first'), headers });
    expect(first.status, JSON.stringify(first.json)).toBe(201);
    const before = await snapshot();
    const again = await call('POST', '/ecl/matrices', { body: matrix('first'), headers });
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await versions()).toBe(1);
    expect(await snapshot()).toBe(before);
  });

  it('refuses the same key with a different body (422) and changes nothing', async () => {
    const headers = { 'Idempotency-Key': 'retry-test-0002' };
    expect((await call('POST', '/ecl/matrices', { body: matrix('a'), headers })).status).toBe(201);
    const before = await snapshot();
    const other = await call('POST', '/ecl/matrices', { body: matrix('b'), headers });
    expect(other.status).toBe(422);
    expect(other.json.error.message).toMatch(/different request/);
    expect(await snapshot()).toBe(before);
  });

  it('answers 409 while the first request with the key is still in flight', async () => {
    await env.DB.prepare("INSERT INTO idempotency_keys (user_id, key, request_hash, status, created_at) VALUES ('admin', 'in-flight-0003', 'x', 'in_flight', '2026-11-22')").run();
    const res = await call('POST', '/ecl/matrices', { body: matrix('c'), headers: { 'Idempotency-Key': 'in-flight-0003' } });
    // The stored hash differs from this request's, so the mismatch answer wins: 422. Same hash → 409, below.
    expect(res.status).toBe(422);
    const row = await env.DB.prepare("SELECT request_hash FROM idempotency_keys WHERE key = 'retry-test-0001'").first<{ request_hash: string }>();
    await env.DB.prepare("INSERT INTO idempotency_keys (user_id, key, request_hash, status, created_at) VALUES ('admin', 'in-flight-0004', ?1, 'in_flight', '2026-11-22')").bind(row!.request_hash).run();
    const busy = await call('POST', '/ecl/matrices', { body: matrix('first'), headers: { 'Idempotency-Key': 'in-flight-0004' } });
    expect(busy.status).toBe(409);
    expect(busy.json.error.message).toMatch(/still being processed/);
  });

  it('scopes keys per user, and stores validation failures as the first answer too', async () => {
    const manager = await newUser('manager');
    const headers = { 'Idempotency-Key': 'retry-test-0001' };
    const mine = await call('POST', '/ecl/matrices', { token: manager, body: { ...matrix('manager'), name: 'idem-m' }, headers });
    expect(mine.status, JSON.stringify(mine.json)).toBe(201);
    const badKey = await call('POST', '/ecl/matrices', { body: matrix('x'), headers: { 'Idempotency-Key': 'no spaces allowed' } });
    expect(badKey.status).toBe(400);
    const invalid = { name: 'idem-bad', buckets: [30], ratesPercent: ['1'] };
    const h5 = { 'Idempotency-Key': 'retry-test-0005' };
    const r1 = await call('POST', '/ecl/matrices', { body: invalid, headers: h5 });
    const r2 = await call('POST', '/ecl/matrices', { body: invalid, headers: h5 });
    expect([r1.status, r2.status]).toEqual([422, 422]);
    expect(r2.headers.get('Idempotent-Replayed')).toBe('true');
  });
});
