// Which customer the user means by the selected row: the Customer ID cell of that row in a table the add-in wrote
// (the Worklist or Disputes sheet, or any report sheet with a "Customer ID" column under its header row).
import { TABLE_HEADER_ROW } from '../reports/sheet-layout';
import { CUSTOMER_ID } from './worklist-sheet';

export interface SelectedRow {
  sheetName: string;
  /** 1-based sheet row of the selection's first cell. */
  row: number;
  /** The sheet's table header row (row TABLE_HEADER_ROW) and the selected row, from column A. */
  header: readonly unknown[];
  values: readonly unknown[];
}

export type SelectedCustomer = { customerId: string; name: string | null } | { problem: string };

export function customerOfRow(sel: SelectedRow): SelectedCustomer {
  const idAt = sel.header.findIndex((h) => h === CUSTOMER_ID);
  if (idAt < 0) return { problem: `"${sel.sheetName}" has no ${CUSTOMER_ID} column in row ${TABLE_HEADER_ROW}: select a row of the Worklist sheet.` };
  if (sel.row <= TABLE_HEADER_ROW) return { problem: `Select a customer’s row below the header (row ${TABLE_HEADER_ROW + 1} or lower) of "${sel.sheetName}".` };
  const id = sel.values[idAt];
  const customerId = typeof id === 'string' || typeof id === 'number' ? String(id).trim() : '';
  if (!customerId) return { problem: `Row ${sel.row} of "${sel.sheetName}" has no customer id.` };
  const nameAt = sel.header.findIndex((h) => h === 'Customer');
  const name = nameAt >= 0 && typeof sel.values[nameAt] === 'string' && sel.values[nameAt] !== '' ? (sel.values[nameAt] as string) : null;
  return { customerId, name };
}
