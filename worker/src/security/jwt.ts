/**
 * Single sign-on behind a setting: a JWT from Cloudflare Access (Cf-Access-Jwt-Assertion) or Microsoft Entra ID
 * (Authorization: Bearer), verified with WebCrypto against the issuer's JSON Web Key Set. RS256 and ES256 only (never
 * `none` or a shared-secret HS*); exp required, nbf honoured, 60 s of clock skew; iss and aud must match the settings.
 * The JWT says who the user is; the role and authority come from our users table (users.sso_subject).
 */

export interface JwtSettings {
  jwks: { keys: JsonWebKey[] };
  issuer: string;
  audience: string;
  now?: number;
}

export type JwtOutcome = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string };

const SKEW_S = 60;
const ALGS = {
  RS256: { importAs: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, verifyAs: { name: 'RSASSA-PKCS1-v1_5' }, kty: 'RSA' },
  ES256: { importAs: { name: 'ECDSA', namedCurve: 'P-256' }, verifyAs: { name: 'ECDSA', hash: 'SHA-256' }, kty: 'EC' },
} as const;

function base64url(s: string): Uint8Array {
  const b64 = s.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (s.length % 4)) % 4);
  return Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
}

function json(part: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(new TextDecoder().decode(base64url(part)));
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

export async function verifyJwt(token: string, s: JwtSettings): Promise<JwtOutcome> {
  if (!looksLikeJwt(token)) return { ok: false, reason: 'not a JWT' };
  const [h, p, sig] = token.split('.') as [string, string, string];
  const header = json(h);
  const claims = json(p);
  if (!header || !claims) return { ok: false, reason: 'malformed JWT' };
  const alg = ALGS[header.alg as keyof typeof ALGS];
  if (!alg || !Object.hasOwn(ALGS, String(header.alg))) return { ok: false, reason: `algorithm ${String(header.alg)} is not accepted` };
  const candidates = s.jwks.keys.filter((k) => k.kty === alg.kty && (header.kid === undefined || (k as { kid?: string }).kid === header.kid));
  if (candidates.length !== 1) return { ok: false, reason: 'no single key in the key set matches the token' };
  let valid = false;
  try {
    const key = await crypto.subtle.importKey('jwk', candidates[0]!, alg.importAs, false, ['verify']);
    valid = await crypto.subtle.verify(alg.verifyAs, key, base64url(sig), new TextEncoder().encode(`${h}.${p}`));
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'bad signature' };
  const now = Math.floor((s.now ?? Date.now()) / 1000);
  if (typeof claims.exp !== 'number' || claims.exp + SKEW_S <= now) return { ok: false, reason: 'expired (or no exp)' };
  if (typeof claims.nbf === 'number' && claims.nbf - SKEW_S > now) return { ok: false, reason: 'not valid yet' };
  if (claims.iss !== s.issuer) return { ok: false, reason: 'wrong issuer' };
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(s.audience)) return { ok: false, reason: 'wrong audience' };
  return { ok: true, claims };
}

/** The settings, when SSO is configured (JWT_JWKS, JWT_ISSUER and JWT_AUDIENCE all set); otherwise null. */
export function jwtSettings(env: { JWT_JWKS?: string; JWT_ISSUER?: string; JWT_AUDIENCE?: string }): JwtSettings | null {
  if (!env.JWT_JWKS || !env.JWT_ISSUER || !env.JWT_AUDIENCE) return null;
  const parsed = JSON.parse(env.JWT_JWKS) as { keys?: JsonWebKey[] };
  return { jwks: { keys: parsed.keys ?? [] }, issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE };
}
