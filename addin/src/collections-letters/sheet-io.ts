// Reading the Audit Sample sheet back and writing each row's Recorded cell, through the same slice of Office.js the
// reports use (office/excel-api.ts). The sheet itself is written by the reports writer.
import type { ExcelGlobal } from '../office/excel-api';
import { HEADER_BLOCK } from '../office/excel-report-writer';
import { columnLetter, rangeAddress, TABLE_HEADER_ROW } from '../reports/sheet-layout';
import { AUDIT_REPORT, AUDIT_SHEET, COL, SAMPLE_FIELD } from './audit-sheet';

export async function readAuditTable(excel: ExcelGlobal): Promise<{ sampleId: string; header: unknown[]; body: unknown[][] }> {
  return excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(AUDIT_SHEET);
    await context.sync();
    if (sheet.isNullObject) throw new Error(`There is no "${AUDIT_SHEET}" sheet: draw a sample first.`);
    const head = sheet.getRange(HEADER_BLOCK).load('values');
    const header = sheet.getRange(`A${TABLE_HEADER_ROW}:${columnLetter(20)}${TABLE_HEADER_ROW}`).load('values');
    await context.sync();
    const [labels = [], values = []] = head.values;
    const field = (label: string) => values[labels.findIndex((l) => l === label)];
    if (field('Report') !== AUDIT_REPORT) throw new Error(`"${AUDIT_SHEET}" is not an audit sample sheet written by this add-in.`);
    const count = Number(field('Items') ?? 0);
    const names = (header.values[0] ?? []).slice(0, (header.values[0] ?? []).findIndex((v) => v === '') >>> 0);
    if (count === 0) return { sampleId: String(field(SAMPLE_FIELD)), header: names, body: [] };
    const body = sheet.getRange(rangeAddress(TABLE_HEADER_ROW + 1, 0, TABLE_HEADER_ROW + count, names.length - 1)).load('values');
    await context.sync();
    return { sampleId: String(field(SAMPLE_FIELD)), header: names, body: body.values };
  });
}

/** Each outcome into its row's Recorded cell, as text, in one write. */
export async function writeRecorded(excel: ExcelGlobal, header: unknown[], outcomes: Map<number, string>, rowCount: number): Promise<void> {
  const col = header.findIndex((h) => h === COL.recorded);
  if (col < 0 || rowCount === 0) return;
  await excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(AUDIT_SHEET);
    await context.sync();
    if (sheet.isNullObject) return;
    const existing = sheet.getRange(rangeAddress(TABLE_HEADER_ROW + 1, col, TABLE_HEADER_ROW + rowCount, col)).load('values');
    await context.sync();
    const range = sheet.getRange(rangeAddress(TABLE_HEADER_ROW + 1, col, TABLE_HEADER_ROW + rowCount, col));
    range.numberFormat = existing.values.map(() => ['@']);
    range.values = existing.values.map((v, i) => [outcomes.get(i) ?? v[0] ?? '']);
    await context.sync();
  });
}
