// Reading the decisions typed into the Credit Review sheet and writing each row's result back. The sheet itself is
// written by the reports writer.
import type { ExcelGlobal } from '../office/excel-api';
import { readReportTable, writeTableColumn } from '../office/excel-report-table';
import { REVIEW_REPORT, REVIEW_SHEET, RESULT } from './review-sheet';

export interface ReviewTable {
  header: unknown[];
  body: unknown[][];
}

/** The table under the header block: its header row and as many body rows as the header block's "Customers" says. */
export async function readReviewTable(excel: ExcelGlobal): Promise<ReviewTable> {
  const { header, body } = await readReportTable(excel, {
    sheet: REVIEW_SHEET, report: REVIEW_REPORT, countField: 'Customers', maxColumns: 60, missing: 'get the review list first', kind: 'a credit review sheet',
  });
  return { header, body };
}

/** Each result into its row's Result cell, as text, in one write. */
export function writeResults(excel: ExcelGlobal, header: unknown[], results: Map<number, string>, rowCount: number): Promise<void> {
  return writeTableColumn(excel, REVIEW_SHEET, header, RESULT, results, rowCount);
}
