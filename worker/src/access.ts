import type { Role } from '../../shared/schemas/users';

const ALL: Role[] = ['viewer', 'analyst', 'controller', 'manager', 'admin'];
const IMPORTERS: Role[] = ['manager', 'admin'];
/** Who takes credit decisions and approves them (shared/credit/authority.ts DECIDERS). */
const DECIDERS: Role[] = ['controller', 'manager', 'admin'];
/** Who may record reconciliations, confirmations, allocation proposals and collection work (collectors are analysts). */
const PREPARERS: Role[] = ['analyst', 'controller', 'manager', 'admin'];

/**
 * Who may call what: the one table of route × role, enforced by the auth middleware.
 * `public` routes need no token. A route missing here answers 403 to everyone (deny by default).
 */
export const ACCESS: Record<string, Role[] | 'public'> = {
  'GET /api/v1/health': 'public',
  'GET /api/v1/openapi.json': 'public',
  'GET /api/v1/me': ALL,
  'POST /api/v1/users': ['admin'],
  'POST /api/v1/customers': IMPORTERS,
  'GET /api/v1/customers/:id': ALL,
  'POST /api/v1/ledger': IMPORTERS,
  'GET /api/v1/ledger': ALL,
  'GET /api/v1/ageing': ALL,
  'GET /api/v1/open-items': ALL,
  'GET /api/v1/dso': ALL,
  'GET /api/v1/cei': ALL,
  'GET /api/v1/customers/:id/metrics': ALL,
  'POST /api/v1/functions/batch': ALL,
  'GET /api/v1/ecl': ALL,
  'GET /api/v1/mis': ALL,
  'GET /api/v1/customers': ALL,
  'POST /api/v1/customers/:id/financials': ['analyst', 'controller', 'manager', 'admin'],
  'GET /api/v1/ecl/matrices': ALL,
  'GET /api/v1/ecl/suggested': ALL,
  'POST /api/v1/ecl/matrices': ['manager', 'admin'],
  'GET /api/v1/credit-reviews': ALL,
  'POST /api/v1/limit-decisions': DECIDERS,
  'GET /api/v1/approvals': DECIDERS,
  'POST /api/v1/approvals/:id': DECIDERS,
  'GET /api/v1/customers/:id/decisions': ALL,
  'PUT /api/v1/customers/:id/insurance': DECIDERS,
  'GET /api/v1/credit-policy': ALL,
  'PUT /api/v1/credit-policy': ['admin'],
  'GET /api/v1/reconciliations/account': ALL,
  'POST /api/v1/reconciliations/match': ALL,
  'POST /api/v1/reconciliations': PREPARERS,
  'GET /api/v1/reconciliations': ALL,
  'GET /api/v1/reconciliations/:id': ALL,
  'POST /api/v1/reconciliations/:id/signoff': ['controller', 'manager'],
  'GET /api/v1/confirmations': ALL,
  'POST /api/v1/confirmations': PREPARERS,
  'GET /api/v1/unapplied': ALL,
  'POST /api/v1/unapplied/proposals': PREPARERS,
  'GET /api/v1/unapplied/proposals': ALL,
  'GET /api/v1/unapplied/proposals.csv': ALL,
  'POST /api/v1/activities': PREPARERS,
  'GET /api/v1/activities': ALL,
  'POST /api/v1/promises': PREPARERS,
  'GET /api/v1/promises': ALL,
  'POST /api/v1/promises/:id/cancel': PREPARERS,
  'POST /api/v1/disputes': PREPARERS,
  'GET /api/v1/disputes': ALL,
  'POST /api/v1/disputes/:id': PREPARERS,
  'GET /api/v1/worklist': ALL,
  // Targets and team performance (issue 8): managers and admins set targets, admins reopen a closed period; everyone sees achievement.
  'PUT /api/v1/targets': ['manager', 'admin'],
  'GET /api/v1/targets': ALL,
  'POST /api/v1/targets/periods/:period/reopen': ['admin'],
  'GET /api/v1/performance': ALL,
};

export function allowedRoles(method: string, path: string): Role[] | 'public' {
  return ACCESS[`${method} ${path}`] ?? [];
}
