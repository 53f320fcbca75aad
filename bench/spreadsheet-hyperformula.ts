/**
 * HyperFormula (Handsontable's spreadsheet engine, in this process) as the spreadsheet peer where LibreOffice is
 * not available, or when BENCH_SPREADSHEET_PEER=hyperformula. The same two sheets and formulas as the .xlsx; one
 * timed recalculation builds a new engine from the cells (parse + evaluate every formula, the counterpart of
 * LibreOffice opening the file) and reads the Ageing sheet's values (the counterpart of its CSV).
 *
 * Licence: HyperFormula is GPL-3.0 (or commercial). It is a devDependency used only by this benchmark, never
 * shipped, so it runs with the licence key 'gpl-v3'.
 */
import { HyperFormula, type RawCellContent } from 'hyperformula';
import { timed } from './report';
import {
  AGEING_HEADER, ageingFormulas, cents, customersOf, openItemsHeader, serialDate, SHEET_ROWS,
  type Grid, type OpenItem, type Recalc, type SpreadsheetPeer,
} from './spreadsheet-grid';

const CONFIG = { licenseKey: 'gpl-v3', maxRows: SHEET_ROWS };

/** The cells of both sheets, as HyperFormula takes them: formulas as strings starting with "=". */
function sheetsOf(items: OpenItem[], asOf: string): { sheets: Record<string, RawCellContent[][]>; customers: string[] } {
  const customers = customersOf(items);
  const ageing: RawCellContent[][] = [AGEING_HEADER, ...customers.map((c, i) => [c, ...ageingFormulas(i + 2).map((f) => `=${f}`)])];
  const open: RawCellContent[][] = [openItemsHeader(asOf), ...items.map((i) => [i.customer, serialDate(i.due), i.amount / 100, i.days])];
  return { sheets: { Ageing: ageing, OpenItems: open }, customers };
}

async function recalculate(sheets: Record<string, RawCellContent[][]>): Promise<Recalc> {
  const started = performance.now();
  let hf: HyperFormula | null = null;
  try {
    hf = HyperFormula.buildFromSheets(sheets, CONFIG);
    const values = hf.getSheetValues(hf.getSheetId('Ageing')!);
    const elapsed = performance.now() - started;
    const grid: Grid = new Map();
    for (const [r, row] of values.slice(1).entries()) {
      const buckets = row.slice(1, AGEING_HEADER.length - 1);
      const bad = buckets.findIndex((v) => typeof v !== 'number');
      if (bad >= 0) return { ms: elapsed, grid: null, error: `Ageing row ${r + 2}, column ${bad + 2}: ${String(buckets[bad])}` };
      grid.set(String(row[0]), buckets.map((v) => cents(v as number)));
    }
    return { ms: elapsed, grid, error: null };
  } catch (err) {
    return { ms: performance.now() - started, grid: null, error: err instanceof Error ? err.message : String(err) };
  } finally {
    hf?.destroy();
  }
}

export async function hyperFormulaPeer(): Promise<SpreadsheetPeer> {
  return {
    name: `HyperFormula ${HyperFormula.version}`,
    timed: 'build the engine from the cells, evaluate, read the grid',
    async prepare(items, asOf) {
      const laid = await timed(async () => sheetsOf(items, asOf));
      return {
        customers: laid.value.customers.length,
        prepareMs: laid.ms,
        recalculate: () => recalculate(laid.value.sheets),
        dispose: async () => {},
      };
    },
    async close() {},
  };
}
