// The Collections pane's own Excel calls (the sheets themselves go through the reports writer): read the row the user
// selected, and rewrite a few cells of a customer's Worklist row after a write. Selection: Workbook.getSelectedRange,
// Range.rowIndex and Range.worksheet (ExcelApi 1.1).
import { COUNT_FIELD, WORKLIST_REPORT, WORKLIST_SHEET, type CellWrite } from '../collections/worklist-sheet';
import type { SelectedRow } from '../collections/selection';
import { columnLetter, rangeAddress, TABLE_HEADER_ROW } from '../reports/sheet-layout';
import type { ExcelContext, ExcelGlobal, ExcelRange, ExcelWorksheet } from './excel-api';
import { HEADER_BLOCK } from './excel-report-writer';

type SelectedRange = ExcelRange & { rowIndex: number; worksheet: ExcelWorksheet };
type SelectionContext = ExcelContext & { workbook: { getSelectedRange(): SelectedRange } };

const WIDTH = 40;

export async function readSelectedRow(excel: ExcelGlobal): Promise<SelectedRow> {
  return excel.run(async (ctx) => {
    const context = ctx as SelectionContext;
    const selected = context.workbook.getSelectedRange();
    selected.load('rowIndex');
    const sheet = selected.worksheet.load('name');
    await context.sync();
    const row = selected.rowIndex + 1;
    const header = sheet.getRange(`A${TABLE_HEADER_ROW}:${columnLetter(WIDTH - 1)}${TABLE_HEADER_ROW}`).load('values');
    const values = sheet.getRange(`A${row}:${columnLetter(WIDTH - 1)}${row}`).load('values');
    await context.sync();
    return { sheetName: sheet.name, row, header: header.values[0] ?? [], values: values.values[0] ?? [] };
  });
}

export interface WorklistTable {
  header: unknown[];
  body: unknown[][];
  firstRow: number;
}

/** The Worklist table as written by the pane, or null when the workbook has none. */
export async function readWorklist(excel: ExcelGlobal): Promise<WorklistTable | null> {
  return excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(WORKLIST_SHEET);
    await context.sync();
    if (sheet.isNullObject) return null;
    const head = sheet.getRange(HEADER_BLOCK).load('values');
    const header = sheet.getRange(`A${TABLE_HEADER_ROW}:${columnLetter(WIDTH - 1)}${TABLE_HEADER_ROW}`).load('values');
    await context.sync();
    const [labels = [], values = []] = head.values;
    const field = (label: string) => values[labels.findIndex((l) => l === label)];
    if (field('Report') !== WORKLIST_REPORT) return null;
    const count = Number(field(COUNT_FIELD) ?? 0);
    const row = header.values[0] ?? [];
    const names = row.slice(0, row.findIndex((v) => v === '') >>> 0);
    if (count === 0 || names.length === 0) return { header: names, body: [], firstRow: TABLE_HEADER_ROW + 1 };
    const body = sheet.getRange(rangeAddress(TABLE_HEADER_ROW + 1, 0, TABLE_HEADER_ROW + count, names.length - 1)).load('values');
    await context.sync();
    return { header: names, body: body.values, firstRow: TABLE_HEADER_ROW + 1 };
  });
}

/** Number formats before values, as the reports writer does, so a string stays text. */
export async function writeWorklistCells(excel: ExcelGlobal, writes: readonly CellWrite[]): Promise<void> {
  if (!writes.length) return;
  await excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(WORKLIST_SHEET);
    await context.sync();
    if (sheet.isNullObject) return;
    for (const w of writes) {
      const range = sheet.getRange(w.address);
      range.numberFormat = w.numberFormat;
      range.values = w.values;
    }
    await context.sync();
  });
}
