// Reading the targets typed into the Targets sheet and writing each row's result back, through the same slice of
// Office.js the reports use (office/excel-api.ts). The sheet itself is written by the reports writer.
import type { ExcelGlobal } from '../office/excel-api';
import { HEADER_BLOCK } from '../office/excel-report-writer';
import { columnLetter, rangeAddress, TABLE_HEADER_ROW } from '../reports/sheet-layout';
import { GRID_REPORT, GRID_SHEET, RESULT, ROWS } from './grid-sheet';

export interface GridTable {
  header: unknown[];
  body: unknown[][];
}

/** The table under the header block: its header row and as many body rows as the header block's "Rows" says. */
export async function readGrid(excel: ExcelGlobal): Promise<GridTable> {
  return excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(GRID_SHEET);
    await context.sync();
    if (sheet.isNullObject) throw new Error(`There is no "${GRID_SHEET}" sheet: get targets first.`);
    const head = sheet.getRange(HEADER_BLOCK).load('values');
    const header = sheet.getRange(`A${TABLE_HEADER_ROW}:${columnLetter(60)}${TABLE_HEADER_ROW}`).load('values');
    await context.sync();
    const [labels = [], values = []] = head.values;
    const field = (label: string) => values[labels.findIndex((l) => l === label)];
    if (field('Report') !== GRID_REPORT) throw new Error(`"${GRID_SHEET}" is not a targets sheet written by this add-in.`);
    const count = Number(field(ROWS) ?? 0);
    const row = header.values[0] ?? [];
    const names = row.slice(0, row.findIndex((v) => v === '') >>> 0);
    if (count === 0) return { header: names, body: [] };
    const body = sheet.getRange(rangeAddress(TABLE_HEADER_ROW + 1, 0, TABLE_HEADER_ROW + count, names.length - 1)).load('values');
    await context.sync();
    return { header: names, body: body.values };
  });
}

/** Each result into its row's Result cell, as text, in one write; rows without a result keep theirs. */
export async function writeResults(excel: ExcelGlobal, header: unknown[], results: Map<number, string>, rowCount: number): Promise<void> {
  const col = header.findIndex((h) => h === RESULT);
  if (col < 0 || rowCount === 0) return;
  await excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(GRID_SHEET);
    await context.sync();
    if (sheet.isNullObject) return;
    const address = rangeAddress(TABLE_HEADER_ROW + 1, col, TABLE_HEADER_ROW + rowCount, col);
    const existing = sheet.getRange(address).load('values');
    await context.sync();
    const range = sheet.getRange(address);
    range.numberFormat = existing.values.map(() => ['@']);
    range.values = existing.values.map((v, i) => [results.get(i) ?? v[0] ?? '']);
    await context.sync();
  });
}
