import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { validationHook } from '../errors';
import type { ImportContext } from '../import/batch';
import { importCustomers } from '../import/customers-import';
import { importLedger } from '../import/ledger-import';
import type { ImportBody } from '../import/rows';
import { functionalCurrency } from '../queries/settings';
import * as routes from './imports.routes';

async function importContext(c: Context<AppEnv>): Promise<ImportContext> {
  return {
    db: c.env.DB,
    batchId: crypto.randomUUID(),
    userId: c.get('principal').userId,
    currency: await functionalCurrency(c.env.DB),
    now: () => new Date().toISOString(),
  };
}

function importBody(c: Context<AppEnv>): ImportBody {
  return { contentType: c.req.header('content-type'), stream: c.req.raw.body, text: () => c.req.text() };
}

export const imports = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.importCustomers, async (c) => c.json(await importCustomers(importBody(c), await importContext(c)), 200))
  .openapi(routes.importLedger, async (c) => c.json(await importLedger(importBody(c), await importContext(c)), 200));
