import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ACCESS } from '../src/access';
import { call, newUser } from './helpers';

describe('health and the OpenAPI document', () => {
  it('answers health without a token', async () => {
    const res = await call('GET', '/health', { token: null });
    expect({ status: res.status, json: res.json }).toEqual({ status: 200, json: { ok: true, version: env.APP_VERSION } });
  });

  it('serves an OpenAPI document generated from the routes', async () => {
    const res = await call('GET', '/openapi.json', { token: null });
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
    const documented = Object.entries(res.json.paths as Record<string, object>).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} /api/v1${p.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const inTable = Object.keys(ACCESS).filter((k) => !k.endsWith('openapi.json'));
    expect(documented.sort()).toEqual(inTable.sort());
  });
});

describe('authentication', () => {
  it('refuses a missing, malformed or unknown token with 401 and the error shape', async () => {
    for (const token of [null, 'nope', 'ar_unknown']) {
      const res = await call('GET', '/me', { token });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('unauthenticated');
    }
  });

  it('creates a user whose token is shown once and stored only as a hash', async () => {
    const res = await call('POST', '/users', { body: { name: 'Priya Analyst', role: 'analyst', authority: '1500.50' } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: 'Priya Analyst', role: 'analyst', authority: 1500.5 });
    const token: string = res.json.token;
    expect(token).toMatch(/^ar_[A-Za-z0-9_-]{43}$/);
    const stored = await env.DB.prepare('SELECT prefix, hash FROM api_tokens WHERE user_id = ?1').bind(res.json.id).first<{ prefix: string; hash: string }>();
    expect(stored!.prefix).toBe(token.slice(0, 12));
    expect(stored!.hash).toMatch(/^[0-9a-f]{64}$/);
    const dump = JSON.stringify((await env.DB.prepare('SELECT * FROM api_tokens').all()).results);
    expect(dump).not.toContain(token);

    const me = await call('GET', '/me', { token });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ id: res.json.id, name: 'Priya Analyst', role: 'analyst', authority: 1500.5, currency: 'USD', dataVersion: expect.any(Number) });
    const user = await env.DB.prepare('SELECT authority FROM users WHERE id = ?1').bind(res.json.id).first<{ authority: number }>();
    expect(user!.authority).toBe(150050);
  });

  it('answers 401 to a revoked token on its next request', async () => {
    const token = await newUser('viewer');
    expect((await call('GET', '/me', { token })).status).toBe(200);
    await env.DB.prepare("UPDATE api_tokens SET revoked_at = '2026-01-01T00:00:00Z'").run();
    expect((await call('GET', '/me', { token })).status).toBe(401);
  });

  it('rejects invalid user input with 422 and writes nothing', async () => {
    const before = (await env.DB.prepare('SELECT COUNT(*) AS n FROM users').first<{ n: number }>())!.n;
    for (const body of [{ name: '', role: 'viewer' }, { name: 'X', role: 'god' }, { name: 'X', role: 'viewer', authority: '-5' }, { name: 'X', role: 'viewer', authority: '1.234' }]) {
      const res = await call('POST', '/users', { body });
      expect(res.status).toBe(422);
      expect(res.json.error.code).toBe('validation_failed');
      expect(res.json.error.details.length).toBeGreaterThan(0);
    }
    expect((await env.DB.prepare('SELECT COUNT(*) AS n FROM users').first<{ n: number }>())!.n).toBe(before);
  });
});

describe('roles', () => {
  it('enforces the access table on every route for every role', async () => {
    const tokens: Record<string, string> = {};
    for (const role of ['viewer', 'analyst', 'controller', 'manager', 'admin']) tokens[role] = await newUser(role);
    const concrete = (path: string) => path.replace(':id', 'NOPE');
    for (const [route, allowed] of Object.entries(ACCESS)) {
      const [method, path] = route.split(' ') as [string, string];
      for (const [role, token] of Object.entries(tokens)) {
        const res = await call(method, concrete(path.replace('/api/v1', '')), { token });
        if (allowed === 'public' || allowed.includes(role as never)) expect(res.status, `${role} ${route}`).not.toBe(403);
        else {
          expect(res.status, `${role} ${route}`).toBe(403);
          expect(res.json.error.code).toBe('forbidden');
        }
      }
      if (allowed !== 'public') expect((await call(method, concrete(path.replace('/api/v1', '')), { token: null })).status).toBe(401);
    }
    // Six calls for each of a hundred-odd routes: longer than one request's budget on a busy 2-core machine.
  }, 300_000);

  it('answers unknown endpoints with 404 in the error shape', async () => {
    const res = await call('GET', '/nowhere');
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  });
});

describe('the audit log', () => {
  it('is append-only', async () => {
    await newUser('viewer');
    await expect(env.DB.prepare("UPDATE audit_log SET action = 'x'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('DELETE FROM audit_log').run()).rejects.toThrow(/append-only/);
  });
});
