import { OpenAPIHono } from '@hono/zod-openapi';
import { toDecimal } from '../../../shared/money';
import type { AppEnv } from '../env';
import { validationHook } from '../errors';
import { auditStatement, bumpDataVersion, ledgerState, portfolioMode } from '../queries/settings';
import * as routes from './system.routes';

const PORTFOLIO = { all: 'all', collector: 'own', none: 'none' } as const;

export const system = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.health, (c) => c.json({ ok: true as const, version: c.env.APP_VERSION }, 200))
  .openapi(routes.me, async (c) => {
    const p = c.get('principal');
    const state = await ledgerState(c.env.DB);
    const authority = p.authority === Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : toDecimal(p.authority, state.currency);
    return c.json({
      id: p.userId, name: p.name, role: p.role, authority, collector: p.collector, portfolio: PORTFOLIO[c.get('view').kind],
      dataDate: state.dataDate, dataVersion: state.dataVersion, currency: state.currency,
    }, 200);
  })
  .openapi(routes.getPortfolio, async (c) => c.json({ mode: await portfolioMode(c.env.DB) }, 200))
  .openapi(routes.putPortfolio, async (c) => {
    const { mode } = c.req.valid('json');
    const db = c.env.DB;
    const before = await portfolioMode(db);
    if (before === mode) return c.json({ mode }, 200);
    const at = new Date().toISOString();
    // Figures change for the collectors it limits or frees: the data version moves so clients reload them.
    await db.batch([
      db.prepare("INSERT INTO settings (key, value) VALUES ('collector_portfolio', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value").bind(mode),
      auditStatement(db, { at, userId: c.get('principal').userId, action: 'settings.portfolio', entity: 'settings', entityId: 'collector_portfolio', before: { mode: before }, after: { mode } }),
      bumpDataVersion(db),
    ]);
    return c.json({ mode }, 200);
  });
