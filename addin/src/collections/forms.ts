// The pane's three forms (log an activity, record a promise, open a dispute) read and checked before anything is
// sent, the server's 422 details mapped back onto the form's fields, and the Idempotency-Key of a submission: fresh
// for each new submission, the same one when the user sends the very same submission again after it got no answer.
import { DISPUTE_REASONS } from '../../../shared/collections/disputes';
import { isIsoDate } from '../../../shared/dates';
import type { ActivityRequest, DisputeRequest, ErrorDetail, PromiseRequest } from './desk-api';

export const ACTIVITY_KINDS = ['call', 'email', 'letter', 'visit', 'note'] as const;
export { DISPUTE_REASONS };

export interface Problem {
  field: string;
  message: string;
}
export type Parsed<T> = { ok: true; body: T } | { ok: false; problems: Problem[] };

/** The form fields' labels, as the pane shows them; also names the fields of the server's details. */
export const LABELS: Record<string, string> = {
  customerId: 'Customer ID', kind: 'Kind', outcome: 'Outcome', note: 'Note', nextActionDate: 'Next action date', invoices: 'Invoices',
  amount: 'Amount', promisedDate: 'Promised date', reason: 'Reason', owner: 'Owner',
};

/** "INV-1, INV-2; INV-3" → ['INV-1', 'INV-2', 'INV-3'] (commas or semicolons, blanks and repeats dropped). */
export function parseInvoices(text: string): string[] {
  return [...new Set(text.split(/[,;\n]/).map((s) => s.trim()).filter(Boolean))];
}

/** A positive decimal as typed ("1,234.50", "1234.5", "1 234.50") → "1234.50"-style text for the API, or null. */
export function parseAmount(text: string): string | null {
  const t = text.trim().replace(/[\s\u00a0,']/g, '');
  if (!/^\d+(\.\d+)?$/.test(t) || !/[1-9]/.test(t)) return null;
  return t;
}

type Fields = Record<string, string>;

function common(f: Fields, problems: Problem[]): string {
  const customerId = (f.customerId ?? '').trim();
  if (!customerId) problems.push({ field: 'customerId', message: 'select a customer’s row in the Worklist sheet or type the customer id' });
  else if (customerId.length > 64) problems.push({ field: 'customerId', message: 'at most 64 characters' });
  return customerId;
}

function text(f: Fields, field: string, max: number, problems: Problem[]): string {
  const v = (f[field] ?? '').trim();
  if (v.length > max) problems.push({ field, message: `at most ${max} characters` });
  return v;
}

function date(f: Fields, field: string, required: boolean, problems: Problem[]): string | undefined {
  const v = (f[field] ?? '').trim();
  if (!v) {
    if (required) problems.push({ field, message: 'a date is required' });
    return undefined;
  }
  if (!isIsoDate(v)) problems.push({ field, message: 'a date YYYY-MM-DD' });
  return v;
}

function invoices(f: Fields, required: boolean, problems: Problem[]): string[] {
  const list = parseInvoices(f.invoices ?? '');
  if (required && !list.length) problems.push({ field: 'invoices', message: 'name at least one open invoice' });
  const long = list.find((i) => i.length > 64);
  if (long) problems.push({ field: 'invoices', message: `${long.slice(0, 20)}… is longer than 64 characters` });
  return list;
}

function amount(f: Fields, problems: Problem[]): string {
  const v = parseAmount(f.amount ?? '');
  if (v === null) problems.push({ field: 'amount', message: (f.amount ?? '').trim() ? 'a positive amount such as 1250.00' : 'an amount is required' });
  return v ?? '';
}

const done = <T>(body: T, problems: Problem[]): Parsed<T> => (problems.length ? { ok: false, problems } : { ok: true, body });

export function parseActivity(f: Fields): Parsed<ActivityRequest> {
  const problems: Problem[] = [];
  const customerId = common(f, problems);
  const kind = (f.kind ?? '').trim();
  if (!(ACTIVITY_KINDS as readonly string[]).includes(kind)) problems.push({ field: 'kind', message: `one of ${ACTIVITY_KINDS.join(', ')}` });
  const body: ActivityRequest = { customerId, kind, invoices: invoices(f, false, problems), outcome: text(f, 'outcome', 500, problems), note: text(f, 'note', 4000, problems) };
  const next = date(f, 'nextActionDate', false, problems);
  if (next) body.nextActionDate = next;
  return done(body, problems);
}

export function parsePromise(f: Fields): Parsed<PromiseRequest> {
  const problems: Problem[] = [];
  const body: PromiseRequest = {
    customerId: common(f, problems), invoices: invoices(f, true, problems), amount: amount(f, problems),
    promisedDate: date(f, 'promisedDate', true, problems) ?? '', note: text(f, 'note', 1000, problems),
  };
  return done(body, problems);
}

export function parseDispute(f: Fields): Parsed<DisputeRequest> {
  const problems: Problem[] = [];
  const customerId = common(f, problems);
  const list = invoices(f, true, problems);
  const amt = amount(f, problems);
  const reason = (f.reason ?? '').trim();
  if (!(DISPUTE_REASONS as readonly string[]).includes(reason)) problems.push({ field: 'reason', message: `one of ${DISPUTE_REASONS.join(', ')}` });
  return done({ customerId, invoices: list, amount: amt, reason, owner: text(f, 'owner', 100, problems), note: text(f, 'note', 4000, problems) }, problems);
}

/** The server's details ("json.invoices.1", "json.amount") → the form's fields, in the form's words. */
export function problemsFromServer(details: readonly ErrorDetail[]): Problem[] {
  return details.map((d) => {
    const [, field = ''] = /^(?:json\.)?([A-Za-z]+)/.exec(d.path ?? '') ?? [];
    return { field: field || 'form', message: d.message };
  });
}

/** "Invoices: X is not an open invoice …; Amount: more than …" */
export function problemText(problems: readonly Problem[]): string {
  return problems.map((p) => (LABELS[p.field] ? `${LABELS[p.field]}: ${p.message}` : p.message)).join('; ');
}

/**
 * One form's Idempotency-Key. keyFor(body) gives a fresh key for a new submission and the previous one when the same
 * body is sent again while the previous attempt is unsettled (no answer came, or the server was still processing it),
 * so a retry is stored at most once. settle() after any answer from the server: the next submission is a new one.
 */
export class SubmissionKey {
  private pending: { body: string; key: string } | null = null;
  constructor(private readonly prefix: string, private readonly newId: () => string = () => crypto.randomUUID()) {}

  keyFor(body: unknown): string {
    const text = JSON.stringify(body);
    if (this.pending?.body !== text) this.pending = { body: text, key: `${this.prefix}-${this.newId()}` };
    return this.pending.key;
  }

  settle(): void {
    this.pending = null;
  }
}
