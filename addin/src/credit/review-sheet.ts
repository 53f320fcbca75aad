// The "Credit Review" sheet: the review list as a report table (written by the reports writer) with empty
// decision columns the user types into, and the Result column the pane fills after "Submit decisions".
// Plain functions: the review reply → a SheetPlan; the read-back table → decisions; a result → its cell text.
import { excelSerialToIso, isIsoDate } from '../../../shared/dates';
import { generatedAt } from '../reports/common';
import { FIELD, type Cell, type Column, type SheetPlan } from '../reports/sheet-plan';
import type { DecisionInput, DecisionResult, ReviewReply } from './api';

export const REVIEW_REPORT = 'Credit Review';
export const REVIEW_SHEET = 'Credit Review';

/** Where the user types: every decision column is optional but Reason. */
export const DECISION = { limit: 'New limit', terms: 'New terms days', hold: 'New hold', review: 'New review date', reason: 'Reason' } as const;
export const RESULT = 'Result';
export const ID = 'Customer ID';
export const VERSION = 'Version';

const COLUMNS: Column[] = [
  { header: ID, kind: 'text' },
  { header: 'Customer', kind: 'text' },
  { header: VERSION, kind: 'integer' },
  { header: 'Due because', kind: 'text' },
  { header: 'Credit limit', kind: 'money' },
  { header: 'Terms days', kind: 'integer' },
  { header: 'Hold', kind: 'text' },
  { header: 'Next review', kind: 'text' },
  { header: 'Exposure', kind: 'money' },
  { header: 'Headroom', kind: 'money' },
  { header: 'Utilisation', kind: 'percent' },
  { header: 'Score', kind: 'score' },
  { header: 'Grade', kind: 'text' },
  { header: 'Recommended limit', kind: 'money' },
  { header: 'Score drivers', kind: 'text' },
  { header: 'Insurer', kind: 'text' },
  { header: 'Insured cover', kind: 'money' },
  { header: 'Uninsured exposure', kind: 'money' },
  { header: DECISION.limit, kind: 'money' },
  { header: DECISION.terms, kind: 'integer' },
  { header: DECISION.hold, kind: 'text' },
  { header: DECISION.review, kind: 'text' },
  { header: DECISION.reason, kind: 'text' },
  { header: RESULT, kind: 'text' },
];

const DUE_TEXT: Record<string, string> = { review_date: 'review date reached', utilisation: 'utilisation ≥ 90%', grade_worsened: 'grade worsened', on_hold: 'on hold' };

export function reviewSheet(reply: ReviewReply, now: Date): SheetPlan {
  const rows: Cell[][] = reply.items.map((i) => [
    i.customerId,
    i.name,
    i.version,
    i.dueReasons.map((r) => DUE_TEXT[r] ?? r).join(', '),
    i.creditLimit,
    i.termsDays,
    i.hold,
    i.nextReviewDate,
    i.exposure,
    i.headroom,
    i.utilisation,
    i.score,
    i.grade,
    i.recommendedLimit,
    i.drivers.map((d) => (d.points === null ? `${d.driver} n/a` : `${d.driver} ${d.points} pts (${d.weight}%)`)).join('; '),
    i.insurance?.insurer ?? null,
    i.insuredCover,
    i.uninsuredExposure,
    null, null, null, null, null,
    i.pendingDecisionId ? 'a decision is waiting for approval' : null,
  ]);
  return {
    report: REVIEW_REPORT,
    sheetName: REVIEW_SHEET,
    tableName: 'CreditReview',
    title: 'Credit review: limits and terms due for a decision',
    currency: reply.currency,
    fields: [
      { label: FIELD.asOf, value: reply.asOf, kind: 'text' },
      { label: 'Customers', value: reply.items.length, kind: 'integer' },
      { label: 'Currency', value: reply.currency, kind: 'text' },
      { label: FIELD.dataVersion, value: reply.dataVersion, kind: 'integer' },
      { label: FIELD.generated, value: generatedAt(now), kind: 'text' },
    ],
    note: { text: `Type decisions in ${Object.values(DECISION).join(', ')} (hold: none, new_orders, invoicing or all), then Submit decisions.`, tone: 'plain' },
    columns: COLUMNS,
    rows,
    charts: [],
  };
}

export interface SheetRow {
  /** Position in the table body (0 = first row). */
  index: number;
  customerId: string;
}

export type ParsedRows = { decisions: { row: SheetRow; decision: DecisionInput }[]; problems: { row: SheetRow; message: string }[] };

const blank = (v: unknown) => v === null || v === undefined || String(v).trim() === '';
const HOLDS = ['none', 'new_orders', 'invoicing', 'all'];

/** A typed date: text YYYY-MM-DD, or the serial Excel made of it. */
function dateOf(v: unknown): string | null {
  if (typeof v === 'number') return excelSerialToIso(v);
  const t = String(v).trim();
  return isIsoDate(t) ? t : null;
}

/** The table as read back (header row, then body rows) → the decisions typed in it; rows without one are skipped. */
export function decisionsFrom(header: unknown[], body: unknown[][]): ParsedRows {
  const col = (h: string) => header.findIndex((x) => String(x) === h);
  const at = Object.fromEntries([ID, VERSION, ...Object.values(DECISION)].map((h) => [h, col(h)]));
  const missing = Object.entries(at).filter(([, i]) => i < 0).map(([h]) => h);
  if (missing.length) throw new Error(`The ${REVIEW_SHEET} sheet lacks the column(s) ${missing.join(', ')}. Get the review list again.`);
  const out: ParsedRows = { decisions: [], problems: [] };
  body.forEach((cells, index) => {
    const get = (h: string) => cells[at[h]!];
    const customerId = String(get(ID) ?? '').trim();
    if (!customerId) return;
    const row = { index, customerId };
    const typed = [DECISION.limit, DECISION.terms, DECISION.hold, DECISION.review].filter((h) => !blank(get(h)));
    if (!typed.length) return;
    const problem = (message: string) => out.problems.push({ row, message });
    if (blank(get(DECISION.reason))) return problem('not sent: a reason is required');
    const d: DecisionInput = { customerId, version: Number(get(VERSION)), reason: String(get(DECISION.reason)).trim() };
    if (!blank(get(DECISION.limit))) d.newLimit = typeof get(DECISION.limit) === 'number' ? (get(DECISION.limit) as number) : String(get(DECISION.limit)).trim();
    if (!blank(get(DECISION.terms))) {
      const n = Number(get(DECISION.terms));
      if (!Number.isInteger(n) || n < 0) return problem(`not sent: ${DECISION.terms} must be a whole number of days`);
      d.newTermsDays = n;
    }
    if (!blank(get(DECISION.hold))) {
      const h = String(get(DECISION.hold)).trim().toLowerCase();
      if (!HOLDS.includes(h)) return problem(`not sent: ${DECISION.hold} must be one of ${HOLDS.join(', ')}`);
      d.hold = h as DecisionInput['hold'];
    }
    if (!blank(get(DECISION.review))) {
      const date = dateOf(get(DECISION.review));
      if (!date) return problem(`not sent: ${DECISION.review} must be a date YYYY-MM-DD`);
      d.nextReviewDate = date;
    }
    out.decisions.push({ row, decision: d });
  });
  return out;
}

/** What the Result cell says: applied / pending: who approves / rejected: why. */
export function resultText(r: DecisionResult): string {
  if (r.status === 'applied') return 'applied';
  if (r.status === 'pending_approval') return `pending: ${r.approverRole ?? 'an approver'} approves (${r.reason ?? 'above your authority'})`;
  return `rejected: ${r.reason ?? 'no reason given'}`;
}
