// The only code of the Reconciliation pane that touches Excel: it writes the planned cells of the
// reconciliation and unapplied-cash sheets (number formats before values, as the reports do) and
// reads back what the analyst pasted or typed. What goes where is decided in src/reconciliation/.
import type { CellWrite } from '../reconciliation/cell-writes';
import {
  FIRST_LINE_ROW, HEADER_RANGE, MAX_STATEMENT_LINES, PASTE_LAST, readHeader, type RecSheetPlan,
} from '../reconciliation/rec-sheet';
import {
  UNAPPLIED_REPORT, bodyAddress, pendingAcceptedRows, unappliedSheetName, type UnappliedPlan,
} from '../reconciliation/unapplied-sheet';
import type { ExcelGlobal, ExcelWorksheet } from './excel-api';

function apply(sheet: ExcelWorksheet, writes: CellWrite[]): void {
  for (const w of writes) {
    const range = sheet.getRange(w.address);
    if (w.numberFormat) range.numberFormat = w.numberFormat;
    if (w.values) range.values = w.values;
    if (w.fill === null) range.format.fill.clear();
    else if (w.fill) range.format.fill.color = w.fill;
    if (w.fontColor) range.format.font.color = w.fontColor;
    if (w.bold !== undefined) range.format.font.bold = w.bold;
  }
}

function widths(sheet: ExcelWorksheet, columnWidths: Record<string, number>): void {
  for (const [letter, width] of Object.entries(columnWidths)) sheet.getRange(`${letter}:${letter}`).format.columnWidth = width;
}

/** Creates the reconciliation sheet, or, when it exists already, only activates it (the analyst's work is kept). */
export async function prepareRecSheet(excel: ExcelGlobal, plan: RecSheetPlan): Promise<'created' | 'existing'> {
  return excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    const existing = sheets.getItemOrNullObject(plan.sheetName);
    await context.sync();
    if (!existing.isNullObject) {
      existing.activate();
      await context.sync();
      return 'existing';
    }
    const sheet = sheets.add(plan.sheetName);
    apply(sheet, plan.writes);
    const table = sheet.tables.add(plan.tableAddress, true);
    table.name = plan.tableName;
    table.style = 'TableStyleLight9';
    widths(sheet, plan.columnWidths);
    sheet.activate();
    await context.sync();
    return 'created';
  });
}

export interface RecSheetContent {
  header: Record<string, unknown>;
  /** Our items A:I from the first line row, as many rows as the header's Open items. */
  items: unknown[][];
  /** K:AD from the first line row, MAX_STATEMENT_LINES rows: results, explanations, the paste area. */
  statement: unknown[][];
}

export class SheetMissing extends Error {}

export async function readRecSheet(excel: ExcelGlobal, sheetName: string): Promise<RecSheetContent> {
  return excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(sheetName);
    await context.sync();
    if (sheet.isNullObject) throw new SheetMissing(`There is no sheet "${sheetName}": Prepare sheet first.`);
    const head = sheet.getRange(HEADER_RANGE).load('values');
    await context.sync();
    const header = readHeader(head.values);
    if (!header) throw new SheetMissing(`"${sheetName}" is not a reconciliation sheet written by this add-in (its header block is missing).`);
    const count = Math.max(Number(header['Open items']) || 0, 1);
    const items = sheet.getRange(`A${FIRST_LINE_ROW}:I${FIRST_LINE_ROW + count - 1}`).load('values');
    const statement = sheet.getRange(`K${FIRST_LINE_ROW}:${PASTE_LAST}${FIRST_LINE_ROW + MAX_STATEMENT_LINES - 1}`).load('values');
    await context.sync();
    return { header, items: items.values, statement: statement.values };
  });
}

export async function writeCells(excel: ExcelGlobal, sheetName: string, writes: CellWrite[]): Promise<void> {
  if (writes.length === 0) return;
  await excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(sheetName);
    await context.sync();
    if (sheet.isNullObject) throw new SheetMissing(`The sheet "${sheetName}" is gone; nothing was written.`);
    apply(sheet, writes);
    await context.sync();
  });
}

export class UnsubmittedWork extends Error {}

/** Writes the unapplied-cash sheet, replacing an earlier one unless it holds accepted rows not yet submitted. */
export async function writeUnappliedSheet(excel: ExcelGlobal, plan: UnappliedPlan): Promise<'created' | 'replaced'> {
  return excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    const existing = sheets.getItemOrNullObject(plan.sheetName);
    await context.sync();
    const replacing = !existing.isNullObject;
    if (replacing) {
      const body = await readUnappliedBody(existing, context.sync.bind(context));
      const pending = body ? pendingAcceptedRows(body) : [];
      if (pending.length > 0) throw new UnsubmittedWork(`"${plan.sheetName}" has accepted rows not yet submitted (row ${pending.slice(0, 5).join(', ')}${pending.length > 5 ? ', …' : ''}): submit them or clear Accept first.`);
      existing.delete();
    }
    const sheet = sheets.add(plan.sheetName);
    apply(sheet, plan.writes);
    const table = sheet.tables.add(plan.tableAddress, true);
    table.name = plan.tableName;
    table.style = 'TableStyleLight9';
    widths(sheet, plan.columnWidths);
    sheet.activate();
    await context.sync();
    return replacing ? 'replaced' : 'created';
  });
}

async function readUnappliedBody(sheet: ExcelWorksheet, sync: () => Promise<void>): Promise<unknown[][] | null> {
  const head = sheet.getRange('A2:F3').load('values');
  await sync();
  const [labels = [], values = []] = head.values;
  if (values[labels.indexOf('Report')] !== UNAPPLIED_REPORT) return null;
  const rows = Number(values[labels.indexOf('Rows')]) || 0;
  const body = sheet.getRange(bodyAddress(rows)).load('values');
  await sync();
  return rows > 0 ? body.values : [];
}

/** The unapplied sheet's body rows for the date, or an error saying it is not there. */
export async function readUnappliedSheet(excel: ExcelGlobal, asOf: string): Promise<unknown[][]> {
  return excel.run(async (context) => {
    const name = unappliedSheetName(asOf);
    const sheet = context.workbook.worksheets.getItemOrNullObject(name);
    await context.sync();
    if (sheet.isNullObject) throw new SheetMissing(`There is no sheet "${name}": pull the unapplied cash first.`);
    const body = await readUnappliedBody(sheet, context.sync.bind(context));
    if (!body) throw new SheetMissing(`"${name}" is not an unapplied-cash sheet written by this add-in.`);
    return body;
  });
}
