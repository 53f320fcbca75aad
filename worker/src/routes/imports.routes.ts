import { createRoute, z } from '@hono/zod-openapi';
import { CUSTOMER_COLUMNS } from '../../../shared/import/customer-row';
import { LEDGER_COLUMNS } from '../../../shared/import/ledger-row';
import { PRESET_NAMES } from '../../../shared/import/presets';
import { errorResponses } from './common';

export const ImportResultSchema = z.object({
  rows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  warnings: z.array(z.string()),
});

const NoQuery = z.object({});

const jsonRows = (columns: readonly string[]) => {
  const row = z.object(Object.fromEntries(columns.map((c) => [c, z.union([z.string(), z.number()]).optional()])));
  return z.union([z.array(row), z.object({ rows: z.array(row) })]);
};

const LedgerQuery = z.object({
  preset: z.string().max(50).optional().describe(`Map an ERP export onto the columns first: ${PRESET_NAMES.join(', ')}`),
  currency: z.string().max(3).optional().describe('With a preset: the currency of rows that name none (default: the functional currency)'),
});

function importRoute<Q extends z.ZodObject = typeof NoQuery>(path: '/customers' | '/ledger', columns: readonly string[], summary: string, query?: Q) {
  return createRoute({
    method: 'post',
    path,
    summary,
    description:
      `CSV with a header row (UTF-8; a BOM and CRLF are accepted), or the same fields as JSON. Columns: ${columns.join(', ')}. ` +
      'All or nothing: any invalid row and nothing is written (422 with every problem as {row, column, message}). ' +
      'Re-importing the same rows changes nothing.',
    request: {
      query: (query ?? NoQuery) as Q,
      body: {
        required: false,
        content: { 'text/csv': { schema: z.string() }, 'application/json': { schema: jsonRows(columns) } },
      },
    },
    responses: {
      200: { description: 'Imported', content: { 'application/json': { schema: ImportResultSchema } } },
      ...errorResponses(400, 401, 403, 413, 415, 422),
    },
  });
}

export const importCustomers = importRoute('/customers', CUSTOMER_COLUMNS, 'Import customers (upsert by customer_id)');
export const importLedger = importRoute('/ledger', LEDGER_COLUMNS, 'Import ledger documents: invoices, credit notes, payments, adjustments, unbilled', LedgerQuery);
