import { OpenAPIHono } from '@hono/zod-openapi';
import { toDecimal } from '../../../shared/money';
import type { AppEnv } from '../env';
import { validationHook } from '../errors';
import { ledgerState } from '../queries/settings';
import * as routes from './system.routes';

export const system = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.health, (c) => c.json({ ok: true as const, version: c.env.APP_VERSION }, 200))
  .openapi(routes.me, async (c) => {
    const p = c.get('principal');
    const state = await ledgerState(c.env.DB);
    const authority = p.authority === Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : toDecimal(p.authority, state.currency);
    return c.json({ id: p.userId, name: p.name, role: p.role, authority, dataDate: state.dataDate, dataVersion: state.dataVersion, currency: state.currency }, 200);
  });
