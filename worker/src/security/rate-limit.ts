/**
 * Per-token rate limiting, answering 429 with Retry-After. In production the Workers rate-limiting binding
 * (RATE_LIMITER in wrangler.toml: per Cloudflare location, eventually consistent); when it is not bound, or when
 * RATE_LIMIT ("<requests>/<seconds>") is set, an in-memory fixed window per isolate (a local fallback: each isolate
 * counts on its own, so it bounds a client only roughly in production).
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { errorBody } from '../errors';

export interface RateLimiter {
  /** Whether one more request under `key` is allowed now, and if not, seconds until it will be. */
  take(key: string): Promise<{ ok: true } | { ok: false; retryAfter: number }>;
}

export const DEFAULT_RATE = { limit: 3000, seconds: 10 };

export class WindowLimiter implements RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(
    readonly limit: number,
    readonly seconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  async take(key: string) {
    const now = this.now();
    const period = this.seconds * 1000;
    if (this.windows.size > 10_000) for (const [k, w] of this.windows) if (now - w.start >= period) this.windows.delete(k);
    let w = this.windows.get(key);
    if (!w || now - w.start >= period) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= this.limit) return { ok: false as const, retryAfter: Math.max(1, Math.ceil((w.start + period - now) / 1000)) };
    w.count++;
    return { ok: true as const };
  }
}

class BindingLimiter implements RateLimiter {
  constructor(private readonly binding: RateLimit) {}
  async take(key: string) {
    const { success } = await this.binding.limit({ key });
    // The binding does not say when its window ends; its period is 10 s (wrangler.toml).
    return success ? { ok: true as const } : { ok: false as const, retryAfter: 10 };
  }
}

const fallbacks = new Map<string, WindowLimiter>();

export function limiterFor(env: AppEnv['Bindings']): RateLimiter {
  const m = /^(\d+)\/(\d+)$/.exec(env.RATE_LIMIT ?? '');
  if (!m && env.RATE_LIMITER) return new BindingLimiter(env.RATE_LIMITER);
  const spec = m ? `${m[1]}/${m[2]}` : `${DEFAULT_RATE.limit}/${DEFAULT_RATE.seconds}`;
  let limiter = fallbacks.get(spec);
  if (!limiter) {
    limiter = new WindowLimiter(m ? Number(m[1]) : DEFAULT_RATE.limit, m ? Number(m[2]) : DEFAULT_RATE.seconds);
    fallbacks.set(spec, limiter);
  }
  return limiter;
}

/** Keyed by the presented token (before authentication, so a flood of bad tokens is limited too), else the client IP. */
export const rateLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '')?.[1];
  const key = token ? `t:${token.slice(0, 64)}` : `ip:${c.req.header('CF-Connecting-IP') ?? 'local'}`;
  const outcome = await limiterFor(c.env).take(key);
  if (!outcome.ok) {
    const message = `too many requests for this token; retry after ${outcome.retryAfter} s`;
    return c.json(errorBody('rate_limited', message), 429, { 'Retry-After': String(outcome.retryAfter) });
  }
  return next();
};
