// The "Unapplied <date>" sheet: one row per suggested allocation of each unapplied payment or credit
// (a payment with no suggestion gets one empty row to fill in). The analyst types Yes in Accept,
// may change the invoice and the amount, and Submit accepted sends the accepted rows, grouped per
// payment, as proposals. The result (proposal ids, or the server's reasons) goes back in Result.
import { formatMoney } from '../../../shared/money';
import { columnLetter } from '../reports/sheet-layout';
import type { Proposal, ProposalRequest, RecApiError, UnappliedItem } from './api';
import { LABEL_COLOR, STATUS_FILL, TEXT, dateValue, rowFormats, textCell, type CellValue, type CellWrite } from './cell-writes';
import { isBlank, parseAmount, type CellProblem } from './statement';

export const UNAPPLIED_REPORT = 'Unapplied cash';
export const UNAPPLIED_COLUMNS = ['Accept', 'Customer', 'Name', 'Type', 'Document', 'Date', 'Currency', 'Unapplied', 'Suggestion', 'Rule', 'Confidence', 'Invoice', 'Amount', 'Note', 'Result'] as const;
const KINDS = ['text', 'text', 'text', 'text', 'text', 'date', 'text', 'money', 'number', 'text', 'percent', 'text', 'money', 'text', 'text'] as const;
export const UNAPPLIED_HEADER_ROW = 6;
export const UNAPPLIED_FIRST_ROW = 7;
export const UNAPPLIED_HEADER = ['Report', 'As of', 'Customer', 'Rows', 'Generated', 'Status'] as const;
const LAST = columnLetter(UNAPPLIED_COLUMNS.length - 1);
const col = (name: (typeof UNAPPLIED_COLUMNS)[number]) => UNAPPLIED_COLUMNS.indexOf(name);
const RESULT = columnLetter(col('Result'));

export const unappliedSheetName = (asOf: string) => `Unapplied ${asOf}`;
export const unappliedTableName = (asOf: string) => `Unapplied_${asOf.replace(/-/g, '')}`;
export const bodyAddress = (rows: number) => `A${UNAPPLIED_FIRST_ROW}:${LAST}${UNAPPLIED_FIRST_ROW + Math.max(rows, 1) - 1}`;

const RULES: Record<string, string> = { reference: 'Reference', exact_amount: 'Exact amount', subset_sum: 'Sum of invoices' };

export interface UnappliedPlan {
  sheetName: string;
  tableName: string;
  tableAddress: string;
  rowCount: number;
  writes: CellWrite[];
  columnWidths: Record<string, number>;
}

/** Amounts in the sheet are in each payment's currency; the currency column says which. */
export function planUnappliedSheet(items: UnappliedItem[], q: { asOf: string; customer?: string }, generated: string): UnappliedPlan {
  const rows: CellValue[][] = [];
  const formats: string[][] = [];
  for (const item of items) {
    const base = [item.customerId, item.customerName, item.docType, item.docNo, dateValue(item.date), item.currency, item.unapplied];
    const push = (row: CellValue[]) => {
      rows.push(row);
      formats.push(rowFormats(row, [...KINDS], item.currency));
    };
    if (item.suggestions.length === 0) push(['', ...base, '', 'No suggestion: type the invoice and amount', '', '', '', '', '']);
    item.suggestions.forEach((s, n) => {
      for (const a of s.allocations) push(['', ...base, n + 1, RULES[s.rule] ?? s.rule, s.confidence, a.invoiceNo, Number(a.amount), '', '']);
    });
  }
  const body = rows.length ? rows : [UNAPPLIED_COLUMNS.map(() => '')];
  const bodyFormats = rows.length ? formats : [UNAPPLIED_COLUMNS.map(() => TEXT)];
  // Accept, Invoice and Note are typed by the analyst: Text, so "00123" or "=x" stays as typed.
  for (const f of bodyFormats) for (const c of [col('Accept'), col('Invoice'), col('Note'), col('Result')]) f[c] = TEXT;
  const header = [UNAPPLIED_REPORT, q.asOf, q.customer || 'All customers', rows.length, generated, rows.length ? 'Type Yes in Accept, edit Invoice or Amount if needed, then Submit accepted in the pane.' : 'No unapplied cash on this date.'];
  const writes: CellWrite[] = [
    textCell('A1', `Unapplied cash as of ${q.asOf}: suggested allocations`, { bold: true }),
    { address: 'A2:F2', values: [[...UNAPPLIED_HEADER]], numberFormat: [UNAPPLIED_HEADER.map(() => TEXT)], bold: true, fontColor: LABEL_COLOR },
    { address: 'A3:F3', values: [header], numberFormat: [header.map((v) => (typeof v === 'number' ? '0' : TEXT))] },
    textCell('A4', 'Amounts are in each payment\'s own currency. Only rows with Yes in Accept are sent; several accepted rows of one payment make one proposal.'),
    { address: `A${UNAPPLIED_HEADER_ROW}:${LAST}${UNAPPLIED_HEADER_ROW}`, values: [[...UNAPPLIED_COLUMNS]], numberFormat: [UNAPPLIED_COLUMNS.map(() => TEXT)] },
    { address: bodyAddress(body.length), values: body, numberFormat: bodyFormats },
  ];
  return {
    sheetName: unappliedSheetName(q.asOf),
    tableName: unappliedTableName(q.asOf),
    tableAddress: `A${UNAPPLIED_HEADER_ROW}:${LAST}${UNAPPLIED_FIRST_ROW + body.length - 1}`,
    rowCount: rows.length,
    writes,
    columnWidths: { A: 48, B: 64, C: 150, D: 40, E: 90, F: 66, G: 50, H: 80, I: 60, J: 90, K: 60, L: 90, M: 80, N: 120, O: 220 },
  };
}

const YES = new Set(['yes', 'y', 'x', 'true', '1', '✓', 'accept', 'accepted']);
export const isAccepted = (v: unknown) => v === true || v === 1 || YES.has(String(v ?? '').trim().toLowerCase());

export interface AcceptedProposals {
  request: ProposalRequest;
  /** Sheet rows of each proposal, in request order. */
  rowsOf: number[][];
  problems: CellProblem[];
}

/** The accepted rows, grouped by payment (in sheet order), checked: an invoice, a positive amount, no more than is unapplied. */
export function acceptedProposals(body: unknown[][], firstRow = UNAPPLIED_FIRST_ROW): AcceptedProposals {
  const groups = new Map<string, { docType: string; docNo: string; currency: string; unapplied: number; rows: number[]; allocations: { invoiceNo: string; amount: number }[]; note: string }>();
  const problems: CellProblem[] = [];
  const bad = (row: number, name: (typeof UNAPPLIED_COLUMNS)[number], message: string) => problems.push({ row, column: columnLetter(col(name)), message });
  body.forEach((cells, i) => {
    const row = firstRow + i;
    if (!isAccepted(cells[col('Accept')])) return;
    const docType = String(cells[col('Type')] ?? '').trim();
    const docNo = String(cells[col('Document')] ?? '').trim();
    const currency = String(cells[col('Currency')] ?? '').trim();
    if (!docNo) return bad(row, 'Document', 'an accepted row needs its payment');
    const unapplied = parseAmount(cells[col('Unapplied')], currency);
    const invoice = cells[col('Invoice')];
    const invoiceNo = isBlank(invoice) ? '' : String(invoice).trim();
    if (!invoiceNo) bad(row, 'Invoice', 'type the invoice this amount goes to');
    const amount = parseAmount(cells[col('Amount')], currency);
    if (!amount.ok) bad(row, 'Amount', amount.message);
    else if (amount.value <= 0) bad(row, 'Amount', 'the amount must be more than zero');
    if (!invoiceNo || !amount.ok || amount.value <= 0) return;
    const key = `${docType}\u0000${docNo}`;
    const group = groups.get(key) ?? { docType, docNo, currency, unapplied: unapplied.ok ? unapplied.value : Number.POSITIVE_INFINITY, rows: [], allocations: [], note: '' };
    groups.set(key, group);
    if (group.allocations.some((a) => a.invoiceNo === invoiceNo)) return bad(row, 'Invoice', `${invoiceNo} is accepted twice for ${docNo}: keep one row`);
    group.rows.push(row);
    group.allocations.push({ invoiceNo, amount: amount.value });
    const note = cells[col('Note')];
    if (!group.note && !isBlank(note)) group.note = String(note).trim();
  });
  const items: ProposalRequest['items'] = [];
  const rowsOf: number[][] = [];
  for (const g of groups.values()) {
    const total = g.allocations.reduce((s, a) => s + a.amount, 0);
    if (total > g.unapplied) {
      bad(g.rows.at(-1)!, 'Amount', `the accepted amounts of ${g.docNo} add up to ${formatMoney(total, g.currency)}, more than its ${formatMoney(g.unapplied, g.currency)} unapplied`);
      continue;
    }
    items.push({ docType: g.docType, docNo: g.docNo, allocations: g.allocations.map((a) => ({ invoiceNo: a.invoiceNo, amount: formatMoney(a.amount, g.currency) })), ...(g.note ? { note: g.note } : {}) });
    rowsOf.push(g.rows);
  }
  return { request: { items }, rowsOf, problems };
}

/** Proposal ids into Result, green. */
export function proposalWrites(proposals: Proposal[], rowsOf: number[][]): CellWrite[] {
  return proposals.flatMap((p, i) => (rowsOf[i] ?? []).map((row) => textCell(`${RESULT}${row}`, `Proposal ${p.id} (${p.state})`, { fill: STATUS_FILL.matched })));
}

/**
 * Which proposal (and allocation) a 422 detail names: a path such as `json.items.3.allocations.1.amount`,
 * `items[3]` or `/items/3`, else `row` (1-based); null when it names none.
 */
export function detailTarget(detail: { path?: string; row?: number; message?: string }): { item: number; allocation: number | null } | null {
  const m = detail.path ? /(?:^|[./])items(?:\.|\[|\/)(\d+)\]?(?:(?:\.|\/)allocations(?:\.|\[|\/)(\d+))?/.exec(detail.path) : null;
  if (m) return { item: Number(m[1]), allocation: m[2] === undefined ? null : Number(m[2]) };
  return typeof detail.row === 'number' && detail.row >= 1 ? { item: detail.row - 1, allocation: null } : null;
}

/** A refusal (nothing stored): each named row gets the reason, red; the other accepted rows say they were not stored. */
export function refusalWrites(error: RecApiError, rowsOf: number[][]): { writes: CellWrite[]; unplaced: string[] } {
  const reasons = new Map<number, string[]>();
  const unplaced: string[] = [];
  for (const d of error.details) {
    const target = detailTarget(d);
    const rows = target ? rowsOf[target.item] : undefined;
    if (!target || !rows) {
      unplaced.push(d.message);
      continue;
    }
    const named = target.allocation !== null && rows[target.allocation] !== undefined ? [rows[target.allocation]!] : rows;
    for (const row of named) reasons.set(row, [...(reasons.get(row) ?? []), d.message]);
  }
  if (reasons.size === 0 && unplaced.length === 0) unplaced.push(error.message);
  const writes = rowsOf.flat().map((row) =>
    reasons.has(row)
      ? textCell(`${RESULT}${row}`, `Refused: ${reasons.get(row)!.join('; ')}`, { fill: STATUS_FILL.missing })
      : textCell(`${RESULT}${row}`, 'Not stored: another accepted row was refused (nothing was stored)', { fill: STATUS_FILL.amount_difference }),
  );
  return { writes, unplaced };
}

/** Rows that are accepted but carry no result yet: work the analyst would lose if the sheet were replaced. */
export function pendingAcceptedRows(body: unknown[][], firstRow = UNAPPLIED_FIRST_ROW): number[] {
  return body.flatMap((cells, i) => (isAccepted(cells[col('Accept')]) && isBlank(cells[col('Result')]) ? [firstRow + i] : []));
}

export const UNAPPLIED_RESULT_COLUMN = RESULT;
