// A write-back sheet read back and annotated: the sheets the panes write through the reports writer (header block,
// then one table) are where users type decisions, targets or review results; this reads that table and writes one
// text column (Result, Recorded) back, through the same slice of Office.js the reports use (office/excel-api.ts).
import type { ExcelGlobal } from './excel-api';
import { HEADER_BLOCK } from './excel-report-writer';
import { columnLetter, rangeAddress, TABLE_HEADER_ROW } from '../reports/sheet-layout';

export interface ReportTable {
  /** A header-block field by its label. */
  field(label: string): unknown;
  header: unknown[];
  body: unknown[][];
}

export interface TableSheet {
  sheet: string;
  /** The header block's Report value this sheet must carry. */
  report: string;
  /** The header block field holding the number of body rows. */
  countField: string;
  /** How many columns to look at for the header row. */
  maxColumns: number;
  /** Said when the sheet is missing, e.g. "get the review list first". */
  missing: string;
  /** What the sheet is, for the error when it is not ours, e.g. "a credit review sheet". */
  kind: string;
}

/** The table under the header block: its header row (up to the first empty cell) and as many rows as the count says. */
export async function readReportTable(excel: ExcelGlobal, t: TableSheet): Promise<ReportTable> {
  return excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(t.sheet);
    await context.sync();
    if (sheet.isNullObject) throw new Error(`There is no "${t.sheet}" sheet: ${t.missing}.`);
    const head = sheet.getRange(HEADER_BLOCK).load('values');
    const header = sheet.getRange(`A${TABLE_HEADER_ROW}:${columnLetter(t.maxColumns)}${TABLE_HEADER_ROW}`).load('values');
    await context.sync();
    const [labels = [], values = []] = head.values;
    const field = (label: string) => values[labels.findIndex((l) => l === label)];
    if (field('Report') !== t.report) throw new Error(`"${t.sheet}" is not ${t.kind} written by this add-in.`);
    const count = Number(field(t.countField) ?? 0);
    const row = header.values[0] ?? [];
    const names = row.slice(0, row.findIndex((v) => v === '') >>> 0);
    if (count === 0) return { field, header: names, body: [] };
    const body = sheet.getRange(rangeAddress(TABLE_HEADER_ROW + 1, 0, TABLE_HEADER_ROW + count, names.length - 1)).load('values');
    await context.sync();
    return { field, header: names, body: body.values };
  });
}

/** Texts into one column of the table by body row, in one write; rows without a text keep theirs. */
export async function writeTableColumn(excel: ExcelGlobal, sheetName: string, header: unknown[], column: string, texts: Map<number, string>, rowCount: number): Promise<void> {
  const col = header.findIndex((h) => h === column);
  if (col < 0 || rowCount === 0) return;
  await excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(sheetName);
    await context.sync();
    if (sheet.isNullObject) return;
    const address = rangeAddress(TABLE_HEADER_ROW + 1, col, TABLE_HEADER_ROW + rowCount, col);
    const existing = sheet.getRange(address).load('values');
    await context.sync();
    const range = sheet.getRange(address);
    range.numberFormat = existing.values.map(() => ['@']);
    range.values = existing.values.map((v, i) => [texts.get(i) ?? v[0] ?? '']);
    await context.sync();
  });
}
