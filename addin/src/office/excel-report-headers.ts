// Reads the header blocks of the report sheets in the workbook (which report, as of, data version,
// status), and marks a report out of date in its own Status cell.
import { cellAddress, VALUE_ROW } from '../reports/sheet-layout';
import { FIELD } from '../reports/sheet-plan';
import { REPORT_SHEETS, reportInfo, type ReportSheetInfo } from '../reports/staleness';
import type { ExcelGlobal } from './excel-api';
import { HEADER_BLOCK } from './excel-report-writer';

export interface ReportSheetHeader extends ReportSheetInfo {
  /** The Status value cell, for marking the sheet out of date. */
  statusAddress: string | null;
}

export async function readReportSheets(excel: ExcelGlobal, names: readonly string[] = REPORT_SHEETS): Promise<ReportSheetHeader[]> {
  return excel.run(async (context) => {
    const sheets = names.map((name) => ({ name, sheet: context.workbook.worksheets.getItemOrNullObject(name) }));
    await context.sync();
    const present = sheets.filter((s) => !s.sheet.isNullObject).map((s) => ({ ...s, head: s.sheet.getRange(HEADER_BLOCK).load('values') }));
    await context.sync();
    const found: ReportSheetHeader[] = [];
    for (const { name, head } of present) {
      const [labels = [], values = []] = head.values;
      const info = reportInfo(name, labels, values);
      if (!info) continue;
      const statusColumn = labels.indexOf(FIELD.status);
      found.push({ ...info, statusAddress: statusColumn < 0 ? null : cellAddress(VALUE_ROW, statusColumn) });
    }
    return found;
  });
}

export async function markOutOfDate(excel: ExcelGlobal, sheets: { sheetName: string; statusAddress: string; text: string }[]): Promise<void> {
  if (sheets.length === 0) return;
  await excel.run(async (context) => {
    for (const s of sheets) {
      const cell = context.workbook.worksheets.getItemOrNullObject(s.sheetName).getRange(s.statusAddress);
      cell.numberFormat = [['@']];
      cell.values = [[s.text]];
      cell.format.fill.color = '#FDE7E9';
      cell.format.font.color = '#A4262C';
    }
    await context.sync();
  });
}
