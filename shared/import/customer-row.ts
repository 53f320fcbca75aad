/** The canonical customer import row. */
import { CURRENCY_CODE, parseMoney } from '../money';
import type { CellProblem } from './ledger-row';

export const CUSTOMER_COLUMNS = [
  'customer_id', 'name', 'vertical', 'region', 'collector', 'currency', 'credit_limit', 'payment_terms_days',
] as const;
export const CUSTOMER_REQUIRED = ['customer_id', 'name', 'currency'] as const;

export interface CustomerRecord {
  id: string;
  name: string;
  vertical: string;
  region: string;
  collector: string;
  currency: string;
  /** Functional minor units. */
  credit_limit: number;
  payment_terms_days: number;
}

export type CustomerResult = { ok: true; customer: CustomerRecord } | { ok: false; problems: CellProblem[] };

export function parseCustomerRow(v: Record<string, string | undefined>, functionalCurrency: string): CustomerResult {
  const problems: CellProblem[] = [];
  const get = (k: string) => (v[k] ?? '').trim();
  const bad = (column: string, message: string) => problems.push({ column, message });

  const id = get('customer_id');
  if (!id) bad('customer_id', 'customer_id is required');
  else if (id.length > 100) bad('customer_id', 'customer_id is longer than 100 characters');
  const name = get('name');
  if (!name) bad('name', 'name is required');
  else if (name.length > 200) bad('name', 'name is longer than 200 characters');
  for (const col of ['vertical', 'region', 'collector'] as const) {
    if (get(col).length > 100) bad(col, `${col} is longer than 100 characters`);
  }
  const currency = get('currency').toUpperCase();
  if (!CURRENCY_CODE.test(currency)) bad('currency', `"${get('currency')}" is not an ISO 4217 currency code`);
  const limit = parseMoney(get('credit_limit') || '0', functionalCurrency);
  if (!limit.ok) bad('credit_limit', `${limit.message} (credit limits are in ${functionalCurrency})`);
  const termsText = get('payment_terms_days') || '30';
  const terms = Number(termsText);
  if (!/^\d+$/.test(termsText) || terms > 3650) bad('payment_terms_days', `"${termsText}" is not a whole number of days between 0 and 3650`);

  if (problems.length || !limit.ok) return { ok: false, problems };
  return {
    ok: true,
    customer: {
      id, name, currency, credit_limit: limit.value, payment_terms_days: terms,
      vertical: get('vertical'), region: get('region'), collector: get('collector'),
    },
  };
}
