import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { validationHook } from '../errors';
import type { ImportContext } from '../import/batch';
import { importCustomers } from '../import/customers-import';
import { CURRENCY_CODE } from '../../../shared/money';
import { findPreset, PRESET_NAMES } from '../../../shared/import/presets';
import { AppError } from '../errors';
import { importLedger, type PresetChoice } from '../import/ledger-import';
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

function presetChoice(preset: string | undefined, currency: string | undefined): PresetChoice | undefined {
  if (preset === undefined || preset === '') {
    if (currency) throw new AppError('bad_request', 'currency applies only with a preset');
    return undefined;
  }
  const found = findPreset(preset);
  if (!found) throw new AppError('bad_request', `unknown preset "${preset}": use one of ${PRESET_NAMES.join(', ')}`);
  const code = currency?.trim().toUpperCase();
  if (code && !CURRENCY_CODE.test(code)) throw new AppError('bad_request', `"${currency}" is not an ISO 4217 currency code`);
  return { preset: found, defaultCurrency: code || undefined };
}

function importBody(c: Context<AppEnv>): ImportBody {
  return { contentType: c.req.header('content-type'), stream: c.req.raw.body, text: () => c.req.text() };
}

export const imports = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.importCustomers, async (c) => c.json(await importCustomers(importBody(c), await importContext(c)), 200))
  .openapi(routes.importLedger, async (c) => {
    const q = c.req.valid('query');
    const choice = presetChoice(q.preset, q.currency);
    return c.json(await importLedger(importBody(c), await importContext(c), choice), 200);
  });
