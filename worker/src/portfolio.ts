/**
 * Collectors' portfolios (issue 10). When the organisation setting `collector_portfolio` is 'own', an analyst (the
 * collectors' role) who carries a collector name sees and acts on only the customers assigned to that collector, and
 * an analyst without one sees nothing. Every other role, and every analyst while the setting is 'all', sees the
 * whole ledger.
 *
 * Enforced once, in the auth middleware: a restricted request's database is swapped for one whose every statement
 * reads customer data through the portfolio (worker/src/portfolio-sql.ts), so no route can forget the filter.
 */
import type { Context } from 'hono';
import type { AppEnv, Principal } from './env';
import { AppError } from './errors';
import { portfolioDb } from './portfolio-sql';

export const PORTFOLIO_MODES = ['all', 'own'] as const;
export type PortfolioMode = (typeof PORTFOLIO_MODES)[number];

/** Which part of the ledger a request may see. */
export type View = { kind: 'all' } | { kind: 'collector'; collector: string } | { kind: 'none' };

export const WHOLE_LEDGER: View = { kind: 'all' };

export function viewFor(p: Pick<Principal, 'role' | 'collector'>, mode: PortfolioMode): View {
  if (mode === 'all' || p.role !== 'analyst') return WHOLE_LEDGER;
  return p.collector ? { kind: 'collector', collector: p.collector } : { kind: 'none' };
}

/** What a user without a portfolio may still call: who they are, their own tokens, and the setting that limits them. */
const WITHOUT_PORTFOLIO = new Set([
  'GET /api/v1/me',
  'GET /api/v1/settings/portfolio',
  'GET /api/v1/tokens',
  'POST /api/v1/tokens',
  'DELETE /api/v1/tokens/:id',
]);

const NO_PORTFOLIO_MESSAGE =
  'your user has no collector portfolio: this organisation limits collectors to their own customers (setting collector_portfolio = own) ' +
  'and your user carries no collector name; ask an administrator to give it one';

/**
 * Applies the view to the request (called by the auth middleware once the caller is known): a user without a
 * portfolio is refused every route that shows customers; a collector's request gets the portfolio database.
 */
export function enterView(c: Context<AppEnv>, route: string, view: View): void {
  c.set('view', view);
  if (view.kind === 'none' && !WITHOUT_PORTFOLIO.has(route)) throw new AppError('forbidden', NO_PORTFOLIO_MESSAGE);
  // A new bindings object for this request only: the isolate's env is shared by concurrent requests.
  if (view.kind === 'collector') c.env = { ...c.env, DB: portfolioDb(c.env.DB, view.collector) };
}

/**
 * Which part of the ledger this request's user may see, as a stable key: 'all', `collector:<name>`, or
 * 'no-portfolio'. Anything that caches answers must key on this, so one user's view is never served to another.
 */
export function viewKey(c: Context<AppEnv>): string {
  const view = c.get('view') ?? WHOLE_LEDGER;
  return view.kind === 'all' ? 'all' : view.kind === 'collector' ? `collector:${view.collector}` : 'no-portfolio';
}
