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
  'GET /api/v1/customers/:id/financials': ALL,
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
  // Security (issue 10): self-service tokens (another user's: admin, checked in the handler); the audit chain.
  'GET /api/v1/tokens': ALL,
  'POST /api/v1/tokens': ALL,
  'DELETE /api/v1/tokens/:id': ALL,
  'GET /api/v1/audit/verify': ['controller', 'manager', 'admin'],
  // Collections, part B (issue 9): collectors (analysts) and up act; approvals and audits: manager, admin; settings: admin.
  'GET /api/v1/dunning/levels': ALL,
  'PUT /api/v1/dunning/levels': ['admin'],
  'POST /api/v1/dunning/runs': PREPARERS,
  'GET /api/v1/dunning/runs/:id': ALL,
  'GET /api/v1/letterhead': ALL,
  'PUT /api/v1/letterhead': ['admin'],
  'POST /api/v1/statements': PREPARERS,
  'GET /api/v1/statements': ALL,
  'POST /api/v1/cheques': PREPARERS,
  'GET /api/v1/cheques': ALL,
  'POST /api/v1/cheques/:id': PREPARERS,
  'GET /api/v1/cheques/reversals.csv': ALL,
  'POST /api/v1/letters-of-credit': PREPARERS,
  'GET /api/v1/letters-of-credit': ALL,
  'POST /api/v1/letters-of-credit/:id': PREPARERS,
  'GET /api/v1/escalation-rules': ALL,
  'PUT /api/v1/escalation-rules': ['admin'],
  'POST /api/v1/escalations/evaluate': PREPARERS,
  'GET /api/v1/escalations': ALL,
  'POST /api/v1/escalations/:id/clear': PREPARERS,
  'PUT /api/v1/customers/:id/hold': PREPARERS,
  'GET /api/v1/customers/:id/holds': ALL,
  'POST /api/v1/write-offs': PREPARERS,
  'GET /api/v1/write-offs': ALL,
  'POST /api/v1/write-offs/:id/approve': ['manager', 'admin'],
  'POST /api/v1/write-offs/:id/reject': ['manager', 'admin'],
  'GET /api/v1/write-offs.csv': ALL,
  'POST /api/v1/recovery-transfers': PREPARERS,
  'GET /api/v1/recovery-transfers': ALL,
  'POST /api/v1/recovery-transfers/:id': PREPARERS,
  'GET /api/v1/recovery-transfers/:id/pack': ALL,
  'POST /api/v1/audits/sample': ['manager', 'admin'],
  'GET /api/v1/audits': ['manager', 'admin'],
  'GET /api/v1/audits/:id': ['manager', 'admin'],
  'POST /api/v1/audits/:id/results': ['manager', 'admin'],
  // Cash-in forecast and collection insights.
  'GET /api/v1/forecast': ALL,
  'GET /api/v1/roll-rates': ALL,
  'GET /api/v1/insights': ALL,
  // Collectors' portfolios (issue 10): everyone sees the setting, admins change it.
  'GET /api/v1/settings/portfolio': ALL,
  'PUT /api/v1/settings/portfolio': ['admin'],
};

export function allowedRoles(method: string, path: string): Role[] | 'public' {
  return ACCESS[`${method} ${path}`] ?? [];
}
