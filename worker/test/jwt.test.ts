// Single sign-on: JWTs signed in the test with locally generated keys (RS256 and ES256), verified by the Worker
// against a JWKS from its settings, the way Cloudflare Access or Microsoft Entra ID would send them.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import app from '../src/index';
import { verifyJwt } from '../src/security/jwt';
import { call } from './helpers';

const ISSUER = 'https://example.cloudflareaccess.com';
const AUDIENCE = 'ar-ledger-aud-tag';
const b64url = (bytes: Uint8Array | string) =>
  btoa(typeof bytes === 'string' ? bytes : String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

let rsa: CryptoKeyPair;
let ec: CryptoKeyPair;
let other: CryptoKeyPair;
let jwks: string;

async function sign(claims: Record<string, unknown>, opts: { alg?: string; kid?: string; key?: CryptoKey } = {}): Promise<string> {
  const alg = opts.alg ?? 'RS256';
  const header = b64url(JSON.stringify({ alg, kid: opts.kid ?? (alg === 'ES256' ? 'ec-1' : 'rsa-1'), typ: 'JWT' }));
  const payload = b64url(JSON.stringify(claims));
  const data = new TextEncoder().encode(`${header}.${payload}`);
  const key = opts.key ?? (alg === 'ES256' ? ec.privateKey : rsa.privateKey);
  const sig = alg === 'ES256' ? await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, data) : await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, data);
  return `${header}.${payload}.${b64url(new Uint8Array(sig))}`;
}

const now = () => Math.floor(Date.now() / 1000);
const good = (extra: Record<string, unknown> = {}) => ({ iss: ISSUER, aud: [AUDIENCE], email: 'sso.user@example.com', exp: now() + 300, iat: now(), ...extra });

async function me(headers: Record<string, string>, settings: Record<string, string> = {}) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request('http://ar.test/api/v1/me', { headers }), { ...env, JWT_JWKS: jwks, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, ...settings }, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, json: (await res.json()) as any };
}

beforeAll(async () => {
  rsa = (await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  ec = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  other = (await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const pub = async (k: CryptoKey, kid: string) => ({ ...((await crypto.subtle.exportKey('jwk', k)) as JsonWebKey), kid });
  jwks = JSON.stringify({ keys: [await pub(rsa.publicKey, 'rsa-1'), await pub(ec.publicKey, 'ec-1')] });
  const created = await call('POST', '/users', { body: { name: 'Sso User', role: 'controller', authority: '100.00', ssoSubject: 'SSO.User@example.com' } });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
});

describe('the JWT verifier (behind JWT_JWKS, JWT_ISSUER, JWT_AUDIENCE)', () => {
  it('signs in a Cloudflare Access user (RS256, Cf-Access-Jwt-Assertion) as the user with that identity', async () => {
    const res = await me({ 'Cf-Access-Jwt-Assertion': await sign(good()) });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ name: 'Sso User', role: 'controller', authority: 100 });
  });

  it('signs in an Entra ID user (ES256, Authorization: Bearer) with another user claim', async () => {
    const token = await sign(good({ email: undefined, preferred_username: 'sso.user@example.com' }), { alg: 'ES256' });
    const res = await me({ Authorization: `Bearer ${token}` }, { JWT_HEADER: 'Authorization', JWT_USER_CLAIM: 'preferred_username' });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.name).toBe('Sso User');
  });

  it('refuses expired, early, foreign, tampered, unsigned and unknown tokens with 401', async () => {
    const valid = await sign(good());
    const [h, p, s] = valid.split('.') as [string, string, string];
    const forged = `${h}.${b64url(JSON.stringify(good({ email: 'admin@example.com' })))}.${s}`;
    const bad = [
      await sign(good({ exp: now() - 120 })),
      await sign(good({ exp: undefined })),
      await sign(good({ nbf: now() + 600 })),
      await sign(good({ iss: 'https://evil.example' })),
      await sign(good({ aud: 'someone-else' })),
      await sign(good(), { key: other.privateKey }), // a key not in the set, same kid
      await sign(good(), { kid: 'rsa-9' }),
      forged,
      `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${p}.`,
      `${b64url(JSON.stringify({ alg: 'HS256', kid: 'rsa-1' }))}.${p}.${s}`,
      await sign(good({ email: 'nobody@example.com' })), // valid, but no user has that identity
      'a.b.c',
    ];
    for (const [i, token] of bad.entries()) {
      const res = await me({ 'Cf-Access-Jwt-Assertion': token });
      expect(res.status, `case ${i}`).toBe(401);
    }
  });

  it('is off unless configured: the same JWT is ignored without the settings', async () => {
    const token = await sign(good());
    expect((await me({ 'Cf-Access-Jwt-Assertion': token }, { JWT_JWKS: '' })).status).toBe(401);
    expect((await call('GET', '/me', { token: null, headers: { 'Cf-Access-Jwt-Assertion': token } })).status).toBe(401);
  });

  it('reports why a token is refused (the verifier on its own)', async () => {
    const settings = { jwks: JSON.parse(jwks), issuer: ISSUER, audience: AUDIENCE };
    expect(await verifyJwt(await sign(good()), settings)).toMatchObject({ ok: true, claims: { email: 'sso.user@example.com' } });
    expect(await verifyJwt(await sign(good({ exp: now() - 120 })), settings)).toEqual({ ok: false, reason: 'expired (or no exp)' });
    expect(await verifyJwt(await sign(good(), { key: other.privateKey }), settings)).toEqual({ ok: false, reason: 'bad signature' });
    // 30 s past exp is inside the 60 s allowance for clock skew; 61 s is not.
    expect((await verifyJwt(await sign(good({ exp: now() - 30 })), settings)).ok).toBe(true);
    expect((await verifyJwt(await sign(good({ exp: now() - 61 })), settings)).ok).toBe(false);
  });
});
