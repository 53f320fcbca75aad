// The reconciliation sheet "Rec <customer> <date>", planned without Office:
//   row 1       title
//   rows 2-3    header block, labels over values (customer, date, currency, balances, status, version, sign-off)
//   row 4       the note: what to do next, or what was stored and who must sign off
//   rows 6-19   summary: our balance, their balance, the difference, its breakdown, unexplained
//   row 21      section labels; row 22 the column headers; rows 23… the lines
//   A:I         OUR SIDE: our open items (an Excel table), with Status and Explanation
//   K:N         Status, Matched to, Difference, Explanation of each statement line
//   O:AD        the paste area: the customer's statement, as Reference, Date, Amount, Type by
//               default, or in the customer's own columns (the pane's mapping says which)
// The paste area is a labelled range rather than an Excel table, so a block of any width or length
// can be pasted without Excel growing or splitting a table under it.
import type { Account, MatchResult, RecRecord } from './api';
import { columnLetter } from '../reports/sheet-layout';
import { LABEL_COLOR, PASTE_FILL, SECTION_FILL, STATUS_FILL, TEXT, columnIndex, dateValue, money, moneyCell, rowFormats, textCell, type CellWrite } from './cell-writes';
import type { ColumnMapping } from './statement';

export const REC_REPORT = 'Customer reconciliation';
export const HEADER_FIELDS = ['Report', 'Customer', 'Name', 'As of', 'Currency', 'Open items', 'Our balance', 'Their balance', 'Difference', 'Unexplained', 'Status', 'Version', 'Prepared by', 'Sign-off'] as const;
export type HeaderField = (typeof HEADER_FIELDS)[number];
export const HEADER_RANGE = `A2:${columnLetter(HEADER_FIELDS.length - 1)}3`;
export const NOTE_CELL = 'A4';

export const SUMMARY_ROW = 6;
/** Breakdown rows reserved between "Difference" and "Unexplained" (the server has seven categories). */
export const BREAKDOWN_ROWS = 9;
const SUMMARY_AMOUNT_COLUMN = 'F';
export const SECTION_ROW = 21;
export const COLUMN_HEADER_ROW = 22;
export const FIRST_LINE_ROW = 23;
/** Statement lines read per Match: the paste area's height. */
export const MAX_STATEMENT_LINES = 2000;

export const ITEM_COLUMNS = ['Type', 'Document', 'Date', 'Due date', 'Amount', 'Open', 'Reference', 'Status', 'Explanation'] as const;
const ITEM_KINDS = ['text', 'text', 'date', 'date', 'money', 'money', 'text', 'text', 'text'] as const;
const ITEM_STATUS = 'H';
const ITEM_EXPLANATION = 'I';
export const RESULT_COLUMNS = ['Status', 'Matched to', 'Difference', 'Explanation'] as const;
const RESULT_FIRST = 'K';
const RESULT_DIFFERENCE = 'M';
export const RESULT_EXPLANATION = 'N';
export const PASTE_FIRST = 'O';
export const PASTE_LAST = 'AD';
export const DEFAULT_MAPPING: ColumnMapping = { reference: 'O', date: 'P', amount: 'Q', type: 'R' };
const STATEMENT_HEADINGS = ['Reference', 'Date', 'Amount', 'Type'];

const INVALID_SHEET_CHARS = /[\\/?*:[\]]/;

/** "Rec C00042 2026-09-30", or a message saying why the customer id cannot name a sheet. */
export function recSheetName(customer: string, asOf: string): { ok: true; name: string } | { ok: false; message: string } {
  const name = `Rec ${customer} ${asOf}`;
  if (INVALID_SHEET_CHARS.test(customer)) return { ok: false, message: `A customer id with \\ / ? * : [ or ] cannot name a sheet ("${customer}").` };
  if (name.length > 31) return { ok: false, message: `"${name}" is longer than Excel's 31 characters for a sheet name.` };
  return { ok: true, name };
}

/** An Excel table name from the customer and date: letters, digits and underscores. */
export function itemsTableName(customer: string, asOf: string): string {
  return `RecItems_${customer.replace(/[^A-Za-z0-9_]/g, '_')}_${asOf.replace(/-/g, '')}`;
}

export const fieldAddress = (field: HeaderField) => `${columnLetter(HEADER_FIELDS.indexOf(field))}3`;

export interface RecSheetPlan {
  sheetName: string;
  tableName: string;
  tableAddress: string;
  writes: CellWrite[];
  columnWidths: Record<string, number>;
}

export function planRecSheet(account: Account, sheetName: string): RecSheetPlan {
  const { currency } = account;
  const writes: CellWrite[] = [];
  writes.push(textCell('A1', `Reconciliation: ${account.name} (${account.customerId}) as of ${account.asOf}`, { bold: true }));
  const header: Record<HeaderField, string | number> = {
    Report: REC_REPORT, Customer: account.customerId, Name: account.name, 'As of': account.asOf, Currency: currency, 'Open items': account.items.length,
    'Our balance': account.balance, 'Their balance': '', Difference: '', Unexplained: '', Status: 'Prepared: paste the statement, then Match', Version: '', 'Prepared by': '', 'Sign-off': '',
  };
  writes.push({ address: `A2:${columnLetter(HEADER_FIELDS.length - 1)}2`, values: [[...HEADER_FIELDS]], numberFormat: [HEADER_FIELDS.map(() => TEXT)], bold: true, fontColor: LABEL_COLOR });
  const values = HEADER_FIELDS.map((f) => header[f]);
  writes.push({ address: `A3:${columnLetter(HEADER_FIELDS.length - 1)}3`, values: [values], numberFormat: [HEADER_FIELDS.map((f) => (f === 'Open items' ? '0' : f === 'Our balance' ? money(currency) : TEXT))] });
  writes.push(textCell(NOTE_CELL, `Paste the customer's statement at ${PASTE_FIRST}${FIRST_LINE_ROW} (Reference, Date, Amount, Type, or their own columns: set the mapping in the pane), then Match.`));
  writes.push(...summaryWrites(currency, { ourBalance: account.balance, theirBalance: null, difference: null, unexplained: null, breakdown: [] }));

  writes.push(textCell(`A${SECTION_ROW}`, `OUR SIDE: open items on ${account.asOf} (${currency})`, { bold: true }));
  writes.push(textCell(`${RESULT_FIRST}${SECTION_ROW}`, `CUSTOMER STATEMENT: paste their lines from ${PASTE_FIRST}${FIRST_LINE_ROW} →`, { bold: true }));
  writes.push({ address: `${RESULT_FIRST}${COLUMN_HEADER_ROW}:${PASTE_LAST}${COLUMN_HEADER_ROW}`, values: [[...RESULT_COLUMNS, ...STATEMENT_HEADINGS, ...Array(columnIndex(PASTE_LAST) - columnIndex('R')).fill('')]], numberFormat: [Array(columnIndex(PASTE_LAST) - columnIndex(RESULT_FIRST) + 1).fill(TEXT)], bold: true, fill: SECTION_FILL });
  writes.push({ address: `${PASTE_FIRST}${COLUMN_HEADER_ROW}:R${COLUMN_HEADER_ROW}`, fill: PASTE_FILL });
  // The paste area's cells: General, so a pasted date or number is taken as Excel takes typed input.
  writes.push({ address: `${PASTE_FIRST}${FIRST_LINE_ROW}:R${FIRST_LINE_ROW}`, fill: PASTE_FILL });

  const rows = account.items.map((it) => [it.docType, it.docNo, dateValue(it.date), dateValue(it.dueDate), it.amount, it.open, it.reference, '', '']);
  const body = rows.length > 0 ? rows : [['', '', '', '', '', '', '', '', '']];
  const lastRow = FIRST_LINE_ROW + body.length - 1;
  writes.push({ address: `A${COLUMN_HEADER_ROW}:I${COLUMN_HEADER_ROW}`, values: [[...ITEM_COLUMNS]], numberFormat: [ITEM_COLUMNS.map(() => TEXT)] });
  writes.push({ address: `A${FIRST_LINE_ROW}:I${lastRow}`, values: body, numberFormat: body.map((r) => rowFormats(r, [...ITEM_KINDS], currency)) });
  return {
    sheetName,
    tableName: itemsTableName(account.customerId, account.asOf),
    tableAddress: `A${COLUMN_HEADER_ROW}:I${lastRow}`,
    writes,
    columnWidths: { A: 48, B: 90, C: 66, D: 66, E: 80, F: 80, G: 90, H: 110, I: 180, J: 16, K: 120, L: 110, M: 80, N: 180, O: 90, P: 66, Q: 80, R: 70 },
  };
}

interface SummaryFigures {
  ourBalance: number | null;
  theirBalance: number | null;
  difference: number | null;
  unexplained: number | null;
  breakdown: { label: string; amount: number }[];
}

function summaryWrites(currency: string, s: SummaryFigures): CellWrite[] {
  const r = SUMMARY_ROW;
  const writes: CellWrite[] = [textCell(`A${r}`, 'Summary', { bold: true })];
  const line = (row: number, label: string, amount: number | null, bold = false) => [
    textCell(`A${row}`, label, { bold }),
    moneyCell(`${SUMMARY_AMOUNT_COLUMN}${row}`, amount, currency, { bold }),
  ];
  writes.push(...line(r + 1, 'Our balance (our ledger)', s.ourBalance));
  writes.push(...line(r + 2, "Their balance (their statement)", s.theirBalance));
  writes.push(...line(r + 3, 'Difference (ours − theirs)', s.difference, true));
  for (let i = 0; i < BREAKDOWN_ROWS; i++) {
    const b = s.breakdown[i];
    writes.push(...line(r + 4 + i, b ? `   ${b.label}` : '', b ? b.amount : null));
  }
  const unexplainedRow = r + 4 + BREAKDOWN_ROWS;
  writes.push(...line(unexplainedRow, 'Unexplained', s.unexplained, true));
  const tone = s.unexplained === null ? null : s.unexplained === 0 ? STATUS_FILL.matched : STATUS_FILL.missing;
  writes.push({ address: `A${unexplainedRow}:${SUMMARY_AMOUNT_COLUMN}${unexplainedRow}`, fill: tone });
  return writes;
}

/** What Match (and Submit) read back from the sheet, besides the paste area. */
export interface RecSheetState {
  /** Our document numbers in sheet order, from row FIRST_LINE_ROW. */
  itemDocNos: string[];
  /** Rows of the statement side that carry a result from an earlier Match. */
  paintedRows: number[];
}

export const STATUS_TEXT = {
  matched: 'Matched',
  amount_difference: 'Amount difference',
  missing_in_ledger: 'Missing in our ledger',
  missing_in_statement: 'Missing in their statement',
} as const;

const RULE_TEXT: Record<string, string> = { reference: 'reference', normalised_reference: 'reference, normalised', amount_date: 'amount and date', subset_sum: 'sum of several' };

/**
 * The result of a match (or of a stored reconciliation) painted onto the sheet: per statement line
 * its status, what it matched and the difference, coloured; our items marked matched or missing;
 * the summary and header block filled in. Earlier results on rows no longer read are cleared.
 */
export function resultWrites(result: MatchResult, lineRows: number[], state: RecSheetState, lastPasteColumn: string): CellWrite[] {
  const { currency } = result;
  const writes: CellWrite[] = [];
  const used = new Set(lineRows);
  const right = columnIndex(lastPasteColumn) > columnIndex('R') ? lastPasteColumn : 'R';
  for (const row of state.paintedRows) {
    if (used.has(row)) continue;
    writes.push({ address: `${RESULT_FIRST}${row}:${RESULT_DIFFERENCE}${row}`, values: [['', '', '']], numberFormat: [[TEXT, TEXT, money(currency)]] });
    writes.push({ address: `${RESULT_FIRST}${row}:${right}${row}`, fill: null });
  }
  const matchedDocs = new Set<string>();
  for (const line of result.lines) {
    const row = lineRows[line.index];
    if (row === undefined) continue;
    line.matches.forEach((d) => matchedDocs.add(d));
    const matchedTo = line.matches.length ? `${line.matches.join(', ')}${line.rule ? ` (${RULE_TEXT[line.rule] ?? line.rule})` : ''}` : '';
    writes.push({ address: `${RESULT_FIRST}${row}:${RESULT_DIFFERENCE}${row}`, values: [[STATUS_TEXT[line.status], matchedTo, line.difference]], numberFormat: [[TEXT, TEXT, money(currency)]] });
    writes.push({ address: `${RESULT_FIRST}${row}:${right}${row}`, fill: fillFor(line.status) });
  }
  const missing = new Set(result.unmatched.map((u) => u.docNo));
  state.itemDocNos.forEach((docNo, i) => {
    if (!docNo) return;
    const row = FIRST_LINE_ROW + i;
    const status = missing.has(docNo) ? STATUS_TEXT.missing_in_statement : matchedDocs.has(docNo) ? STATUS_TEXT.matched : '';
    writes.push(textCell(`${ITEM_STATUS}${row}`, status));
    writes.push({ address: `A${row}:${ITEM_EXPLANATION}${row}`, fill: missing.has(docNo) ? STATUS_FILL.missing : matchedDocs.has(docNo) ? STATUS_FILL.matched : null });
  });
  writes.push(...summaryWrites(currency, result));
  writes.push(moneyCell(fieldAddress('Our balance'), result.ourBalance, currency));
  writes.push(moneyCell(fieldAddress('Their balance'), result.theirBalance, currency));
  writes.push(moneyCell(fieldAddress('Difference'), result.difference, currency));
  writes.push(moneyCell(fieldAddress('Unexplained'), result.unexplained, currency));
  return writes;
}

function fillFor(status: MatchResult['lines'][number]['status']): string {
  return status === 'matched' ? STATUS_FILL.matched : status === 'amount_difference' ? STATUS_FILL.amount_difference : STATUS_FILL.missing;
}

export function matchSummary(result: MatchResult): string {
  const count = (s: string) => result.lines.filter((l) => l.status === s).length;
  return `${count('matched')} matched, ${count('amount_difference')} with an amount difference, ${count('missing_in_ledger')} missing in our ledger; ${result.unmatched.length} of our items missing in their statement`;
}

export function matchStatusWrites(result: MatchResult, at: string): CellWrite[] {
  return [textCell(fieldAddress('Status'), `Matched ${at}: ${matchSummary(result)}`), textCell(NOTE_CELL, 'Type explanations in the Explanation columns (N for their lines, I for our items), then Submit.')];
}

/** "a controller or manager other than Ana Analyst (demo-analyst)" */
export function signOffText(record: RecRecord, names: Record<string, string> = {}): string {
  const roles = record.signOff.roles.length ? record.signOff.roles.join(' or ') : 'a controller or manager';
  const who = names[record.signOff.notBy] ? `${names[record.signOff.notBy]} (${record.signOff.notBy})` : record.signOff.notBy;
  return `${record.signOff.roles.length ? `a ${roles}` : roles} other than ${who}`;
}

export function storedText(record: RecRecord, names: Record<string, string> = {}): string {
  if (record.signedOffBy) return `Stored as version ${record.version}; signed off by ${record.signedOffBy}.`;
  return `Stored as version ${record.version} (${record.status === 'agreed' ? 'agreed' : 'differences'}); sign-off by ${signOffText(record, names)}.`;
}

export function submitWrites(record: RecRecord, names: Record<string, string> = {}): CellWrite[] {
  return [
    { address: fieldAddress('Version'), values: [[record.version]], numberFormat: [['0']] },
    textCell(fieldAddress('Prepared by'), `${record.preparedBy} ${record.preparedAt}`),
    textCell(fieldAddress('Sign-off'), record.signedOffBy ? `Signed off by ${record.signedOffBy}` : `Pending: ${signOffText(record, names)}`),
    textCell(fieldAddress('Status'), `Stored version ${record.version}: ${record.status}`),
    textCell(NOTE_CELL, storedText(record, names), { bold: true }),
  ];
}

/** The header block read back: label → value, or null when the sheet is not a reconciliation sheet. */
export function readHeader(block: unknown[][]): Record<string, unknown> | null {
  const [labels = [], values = []] = block;
  const header: Record<string, unknown> = {};
  labels.forEach((l, i) => {
    if (typeof l === 'string' && l) header[l] = values[i];
  });
  return header.Report === REC_REPORT ? header : null;
}

/** Rows of the statement side whose Status cell holds one of our statuses. */
export function paintedRows(statusColumn: unknown[][], firstRow = FIRST_LINE_ROW): number[] {
  const ours = new Set<unknown>(Object.values(STATUS_TEXT));
  return statusColumn.flatMap((r, i) => (ours.has(r[0]) ? [firstRow + i] : []));
}
