import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ACCESS } from '../src/access';
import { call, newUser } from './helpers';

async function userIdOf(token: string): Promise<string> {
  return (await call('GET', '/me', { token })).json.id as string;
}

describe('API tokens: list, issue, revoke', () => {
  it('issues a token shown once, lists it by prefix, and a revoked token answers 401 on its very next request', async () => {
    const first = await newUser('analyst');
    const issued = await call('POST', '/tokens', { token: first, body: { label: 'Excel on my laptop' } });
    expect(issued.status, JSON.stringify(issued.json)).toBe(201);
    const second: string = issued.json.token;
    expect(second).toMatch(/^ar_[A-Za-z0-9_-]{43}$/); // 32 random bytes = 256 bits, base64url
    expect(issued.json).toMatchObject({ prefix: second.slice(0, 12), label: 'Excel on my laptop', expiresAt: null, revokedAt: null, active: true });
    expect((await call('GET', '/me', { token: second })).status).toBe(200);

    const list = await call('GET', '/tokens', { token: second });
    expect(list.status).toBe(200);
    expect(list.json.tokens).toHaveLength(2);
    expect(list.json.tokens.map((t: { prefix: string }) => t.prefix).sort()).toEqual([first.slice(0, 12), second.slice(0, 12)].sort());
    expect(JSON.stringify(list.json)).not.toContain(second);
    expect(JSON.stringify((await env.DB.prepare('SELECT * FROM api_tokens').all()).results)).not.toContain(second);

    // Rotation: revoke the first with the second.
    const firstId = list.json.tokens.find((t: { prefix: string }) => t.prefix === first.slice(0, 12)).id;
    const revoked = await call('DELETE', `/tokens/${firstId}`, { token: second });
    expect(revoked.status).toBe(200);
    expect(revoked.json).toMatchObject({ id: firstId, active: false, revokedAt: expect.any(String) });
    const next = await call('GET', '/me', { token: first });
    expect(next.status).toBe(401);
    expect(next.json.error.code).toBe('unauthenticated');
    expect((await call('GET', '/me', { token: second })).status).toBe(200);

    const audit = await env.DB.prepare("SELECT action, before, after FROM audit_log WHERE entity = 'api_token' AND entity_id IN (?1, ?2) ORDER BY id").bind(firstId, issued.json.id).all<{ action: string; after: string }>();
    expect(audit.results.map((r) => r.action)).toEqual(['token.issue', 'token.revoke']);
    expect(JSON.stringify(audit.results)).not.toContain(second);
  });

  it('a token revoked by itself is refused on its next request; revoking again is harmless', async () => {
    const token = await newUser('viewer');
    const [mine] = (await call('GET', '/tokens', { token })).json.tokens;
    const first = await call('DELETE', `/tokens/${mine.id}`, { token });
    expect(first.status).toBe(200);
    expect((await call('DELETE', `/tokens/${mine.id}`, { token })).status).toBe(401);
    const audits = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'token.revoke' AND entity_id = ?1").bind(mine.id).first<{ n: number }>())!.n;
    expect(await audits()).toBe(1);
    const again = await call('DELETE', `/tokens/${mine.id}`); // the admin: already revoked, nothing changes
    expect(again.status).toBe(200);
    expect(again.json.revokedAt).toBe(first.json.revokedAt);
    expect(await audits()).toBe(1);
  });

  it('honours expiry: a future expiry works until then, an expired token is 401, a past expiry is refused', async () => {
    const token = await newUser('viewer');
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const issued = await call('POST', '/tokens', { token, body: { expiresAt } });
    expect(issued.status).toBe(201);
    expect(issued.json.expiresAt).toBe(expiresAt);
    expect((await call('GET', '/me', { token: issued.json.token })).status).toBe(200);
    await env.DB.prepare("UPDATE api_tokens SET expires_at = '2020-01-01T00:00:00.000Z' WHERE id = ?1").bind(issued.json.id).run();
    expect((await call('GET', '/me', { token: issued.json.token })).status).toBe(401);
    const listed = (await call('GET', '/tokens', { token })).json.tokens.find((t: { id: string }) => t.id === issued.json.id);
    expect(listed.active).toBe(false);

    const past = await call('POST', '/tokens', { token, body: { expiresAt: '2020-01-01T00:00:00Z' } });
    expect(past.status).toBe(422);
    expect(past.json.error.details[0].path).toBe('json.expiresAt');
    const garbage = await call('POST', '/tokens', { token, body: { expiresAt: 'next tuesday' } });
    expect(garbage.status).toBe(422);
  });

  it("keeps other users' tokens out of reach, except for an admin", async () => {
    const alice = await newUser('controller');
    const bob = await newUser('controller');
    const bobId = await userIdOf(bob);
    const [bobsToken] = (await call('GET', '/tokens', { token: bob })).json.tokens;
    expect((await call('GET', `/tokens?userId=${bobId}`, { token: alice })).status).toBe(403);
    expect((await call('POST', '/tokens', { token: alice, body: { userId: bobId } })).status).toBe(403);
    const del = await call('DELETE', `/tokens/${bobsToken.id}`, { token: alice });
    expect(del.status).toBe(404);
    expect((await call('GET', '/me', { token: bob })).status).toBe(200);

    const adminList = await call('GET', `/tokens?userId=${bobId}`);
    expect(adminList.json.tokens.map((t: { id: string }) => t.id)).toEqual([bobsToken.id]);
    const forBob = await call('POST', '/tokens', { body: { userId: bobId, label: 'issued by admin' } });
    expect(forBob.status).toBe(201);
    expect(await userIdOf(forBob.json.token)).toBe(bobId);
    expect((await call('DELETE', `/tokens/${bobsToken.id}`)).status).toBe(200);
    expect((await call('GET', '/me', { token: bob })).status).toBe(401);
    expect((await call('GET', '/tokens?userId=nobody')).status).toBe(404);
    // The bootstrap administrator has no user record to hold a token.
    expect((await call('POST', '/tokens', { body: {} })).status).toBe(422);
  });

  it('never stores a token for an Idempotency-Key replay: the replay says it was shown once', async () => {
    const token = await newUser('analyst');
    const headers = { 'Idempotency-Key': 'issue-token-0001' };
    const first = await call('POST', '/tokens', { token, body: { label: 'once' }, headers });
    expect(first.status).toBe(201);
    const replay = await call('POST', '/tokens', { token, body: { label: 'once' }, headers });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    expect(replay.json).toMatchObject({ id: first.json.id, token: null });
    const stored = JSON.stringify((await env.DB.prepare('SELECT * FROM idempotency_keys').all()).results);
    expect(stored).not.toContain(first.json.token);
    expect((await call('GET', '/tokens', { token })).json.tokens).toHaveLength(2);
  });
});

describe('a revoked token on every route', () => {
  it('answers 401 on every route but the public ones', async () => {
    const token = await newUser('admin');
    const [mine] = (await call('GET', '/tokens', { token })).json.tokens;
    expect((await call('DELETE', `/tokens/${mine.id}`, { token })).status).toBe(200);
    for (const [route, allowed] of Object.entries(ACCESS)) {
      const [method, path] = route.split(' ') as [string, string];
      const res = await call(method, path.replace('/api/v1', '').replace(':id', 'NOPE'), { token });
      expect(res.status, route).toBe(allowed === 'public' ? 200 : 401);
    }
  });
});
