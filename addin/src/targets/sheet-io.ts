// Reading the targets typed into the Targets sheet and writing each row's result back. The sheet itself is written
// by the reports writer.
import type { ExcelGlobal } from '../office/excel-api';
import { readReportTable, writeTableColumn } from '../office/excel-report-table';
import { GRID_REPORT, GRID_SHEET, RESULT, ROWS } from './grid-sheet';

export interface GridTable {
  header: unknown[];
  body: unknown[][];
}

/** The table under the header block: its header row and as many body rows as the header block's "Rows" says. */
export async function readGrid(excel: ExcelGlobal): Promise<GridTable> {
  const { header, body } = await readReportTable(excel, {
    sheet: GRID_SHEET, report: GRID_REPORT, countField: ROWS, maxColumns: 60, missing: 'get targets first', kind: 'a targets sheet',
  });
  return { header, body };
}

/** Each result into its row's Result cell, as text, in one write; rows without a result keep theirs. */
export function writeResults(excel: ExcelGlobal, header: unknown[], results: Map<number, string>, rowCount: number): Promise<void> {
  return writeTableColumn(excel, GRID_SHEET, header, RESULT, results, rowCount);
}
