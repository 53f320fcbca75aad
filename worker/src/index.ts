import { OpenAPIHono } from '@hono/zod-openapi';
import { authenticate } from './auth';
import { responseCache } from './cache';
import type { AppEnv } from './env';
import { AppError, onError, validationHook } from './errors';
import { idempotency } from './idempotency';
import { analytics } from './routes/analytics';
import { creditReview } from './routes/credit-review';
import { financials } from './routes/financials';
import { functions } from './routes/functions';
import { imports } from './routes/imports';
import { limitDecisions } from './routes/limit-decisions';
import { mis } from './routes/mis';
import { provisions } from './routes/provisions';
import { reconciliations } from './routes/reconciliations';
import { collections } from './routes/collections';
// Collections, part B: letters, statements, cheques, escalation, holds, write-offs, recovery, audits.
import { audits } from './routes/audits';
import { cheques } from './routes/cheques';
import { dunning } from './routes/dunning';
import { escalationRoutes } from './routes/escalations';
import { writeOffs } from './routes/write-offs';
import { confirmations } from './routes/confirmations';
import { unapplied } from './routes/unapplied';
import { ledger } from './routes/ledger';
import { system } from './routes/system';
import { users } from './routes/users';
import { targets } from './routes/targets';
import { chainAfterWrites } from './audit/chain';
import { security } from './routes/security';
import { secureHeaders } from './security/headers';
import { forecast } from './routes/forecast';
import { bodyLimits } from './security/limits';
import { rateLimit } from './security/rate-limit';

/** The API under /api/v1; everything else is the add-in, served as static assets before the Worker runs. */
const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
api.use('*', rateLimit);
api.use('*', bodyLimits);
api.use('*', authenticate);
api.use('*', idempotency);
api.use('*', chainAfterWrites);
api.use('*', responseCache);
api.route('/', system);
api.route('/', users);
api.route('/', imports);
api.route('/', ledger);
api.route('/', analytics);
api.route('/', functions);
api.route('/', provisions);
api.route('/', mis);
api.route('/', financials);
api.route('/', creditReview);
api.route('/', limitDecisions);
api.route('/', reconciliations);
api.route('/', confirmations);
api.route('/', collections);
api.route('/', dunning);
api.route('/', cheques);
api.route('/', escalationRoutes);
api.route('/', writeOffs);
api.route('/', audits);
api.route('/', unapplied);
api.route('/', targets);
api.route('/', security);
api.route('/', forecast);
api.doc31('/openapi.json', (c) => ({
  openapi: '3.1.0',
  info: { title: 'AR ledger API', version: c.env.APP_VERSION, description: 'Receivables ledger behind the Excel add-in.' },
  servers: [{ url: '/api/v1' }],
  security: [{ bearer: [] }],
}));
api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });

const app = new OpenAPIHono<AppEnv>();
app.use('*', secureHeaders);
app.route('/api/v1', api);
app.notFound((c) => {
  throw new AppError('not_found', `no such endpoint: ${c.req.method} ${new URL(c.req.url).pathname}`);
});
app.onError(onError);

export default app;
