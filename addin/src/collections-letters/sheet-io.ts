// Reading the Audit Sample sheet back and writing each row's Recorded cell. The sheet itself is written by the
// reports writer.
import type { ExcelGlobal } from '../office/excel-api';
import { readReportTable, writeTableColumn } from '../office/excel-report-table';
import { AUDIT_REPORT, AUDIT_SHEET, COL, SAMPLE_FIELD } from './audit-sheet';

export async function readAuditTable(excel: ExcelGlobal): Promise<{ sampleId: string; header: unknown[]; body: unknown[][] }> {
  const t = await readReportTable(excel, {
    sheet: AUDIT_SHEET, report: AUDIT_REPORT, countField: 'Items', maxColumns: 20, missing: 'draw a sample first', kind: 'an audit sample sheet',
  });
  return { sampleId: String(t.field(SAMPLE_FIELD)), header: t.header, body: t.body };
}

/** Each outcome into its row's Recorded cell, as text, in one write. */
export function writeRecorded(excel: ExcelGlobal, header: unknown[], outcomes: Map<number, string>, rowCount: number): Promise<void> {
  return writeTableColumn(excel, AUDIT_SHEET, header, COL.recorded, outcomes, rowCount);
}
