// The writer against the in-memory workbook of the browser tests, run here in a plain V8 context:
// staging sheet, chunked writes, the swap, and what is left after a failure or a cancel.
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { ExcelGlobal } from '../../src/office/excel-api';
import { readReportSheets } from '../../src/office/excel-report-headers';
import { ReportWriteError, writeReport } from '../../src/office/excel-report-writer';
import { ReportCancelled } from '../../src/reports/api';
import { layoutSheet } from '../../src/reports/sheet-layout';
import type { SheetPlan } from '../../src/reports/sheet-plan';
import { excelWorkbookStandInScript } from '../browser/office-stand-in';

type Cell = { value: unknown; kind: string; numberFormat: string; formula: string | null };
interface Workbook {
  sheetNames(): string[];
  cell(sheet: string, address: string): Cell;
  tableView(name: string): { body: Cell[][]; address: string } | null;
  sheetView(name: string): { tables: { name: string }[]; charts: unknown[]; freezeRows: number } | null;
  log: { sync: number; ops: { op: string; sheet: string; address: string; cells: number }[] }[];
  failOnWrite: { sheet: string; nth: number } | null;
  failWith: { code: string; message: string };
}

function newWorkbook(): { excel: ExcelGlobal; wb: Workbook } {
  const context: Record<string, unknown> = { setTimeout, console };
  context.window = context;
  runInNewContext(excelWorkbookStandInScript(), context);
  return { excel: context.Excel as ExcelGlobal, wb: context.__excelStandIn as Workbook };
}

const NAMES = ['=HYPERLINK("http://x","y")', '+cmd', '-x', '@x', '00123', '2026-01-01', "'quoted"];

function plan(rows: number, generated = 'first'): SheetPlan {
  return {
    report: 'Open Items',
    sheetName: 'Open Items',
    tableName: 'OpenItems',
    title: 'Open items',
    currency: 'USD',
    fields: [{ label: 'Generated', value: generated, kind: 'text' }],
    columns: [
      { header: 'Customer', kind: 'text' },
      { header: 'Outstanding', kind: 'money' },
    ],
    rows: Array.from({ length: rows }, (_, i) => [NAMES[i % NAMES.length]!, i + 0.5]),
    totals: { Customer: { label: 'Total' }, Outstanding: { sum: true } },
    charts: [],
  };
}
const SMALL = { maxCells: 20, maxBytes: 1_000_000 };

describe('writeReport', () => {
  it('writes formula-looking and numeric-looking ledger text as text, exactly as given', async () => {
    const { excel, wb } = newWorkbook();
    await writeReport(excel, layoutSheet(plan(NAMES.length), SMALL));
    const body = wb.tableView('OpenItems')!.body;
    expect(body.map((r) => ({ value: r[0]!.value, kind: r[0]!.kind }))).toEqual(NAMES.map((value) => ({ value, kind: 'text' })));
  });

  it('would not have been safe without the Text format: the stand-in parses General cells as Excel does', async () => {
    const { excel, wb } = newWorkbook();
    await excel.run(async (context) => {
      const sheet = context.workbook.worksheets.add('Raw');
      sheet.getRange('A1:A5').values = [[NAMES[0]], [NAMES[1]], [NAMES[3]], [NAMES[4]], [NAMES[6]]];
      await context.sync();
    });
    expect(['A1', 'A2', 'A3', 'A4', 'A5'].map((a) => wb.cell('Raw', a)).map((c) => [c.kind, c.formula ?? c.value])).toEqual([
      ['formula', '=HYPERLINK("http://x","y")'],
      ['formula', '=+cmd'],
      ['formula', '=@x'],
      ['number', 123],
      ['text', 'quoted'],
    ]);
  });

  it('writes the body in chunks, one sync each, on a staging sheet that takes the report’s name at the end', async () => {
    const { excel, wb } = newWorkbook();
    const layout = layoutSheet(plan(25), SMALL);
    expect(layout.chunks).toHaveLength(3);
    const seen: string[] = [];
    await writeReport(excel, layout, { onProgress: (p) => seen.push(`${p.phase} ${p.rowsWritten}/${p.rowCount}`) });
    expect(seen).toEqual(['preparing 0/25', 'writing 0/25', 'writing 10/25', 'writing 20/25', 'finishing 25/25']);
    const bodyWrites = wb.log.flatMap((e) => e.ops.filter((o) => o.op === 'values' && o.sheet === 'Open Items (building)' && /^A([7-9]|\d\d+):B/.test(o.address)).map((o) => ({ ...o, sync: e.sync })));
    expect(bodyWrites.map((w) => [w.address, w.cells])).toEqual([['A7:B16', 20], ['A17:B26', 20], ['A27:B31', 10]]);
    expect(new Set(bodyWrites.map((w) => w.sync)).size).toBe(3);
    expect(wb.sheetNames()).toEqual(['Sheet1', 'Open Items']);
    expect(wb.sheetView('Open Items')!.tables.map((t) => t.name)).toEqual(['OpenItems']);
    expect(wb.cell('Open Items', 'C3').value).toBe('Complete');
    expect(wb.cell('Open Items', 'B32').formula).toBe('=SUBTOTAL(109,B7:B31)');
  });

  it('replaces its own sheet in place, keeping the sheet’s position', async () => {
    const { excel, wb } = newWorkbook();
    await writeReport(excel, layoutSheet(plan(3), SMALL));
    await excel.run(async (context) => {
      context.workbook.worksheets.add('After');
      await context.sync();
    });
    await writeReport(excel, layoutSheet(plan(4, 'second'), SMALL));
    expect(wb.sheetNames()).toEqual(['Sheet1', 'Open Items', 'After']);
    expect(wb.cell('Open Items', 'B3').value).toBe('second');
    expect(wb.tableView('OpenItems')!.body).toHaveLength(4);
    expect((await readReportSheets(excel)).map((s) => [s.sheetName, s.status, s.statusAddress])).toEqual([['Open Items', 'Complete', 'C3']]);
  });

  it('after a failed chunk: a clear message, the staging sheet gone, the previous report untouched', async () => {
    const { excel, wb } = newWorkbook();
    await writeReport(excel, layoutSheet(plan(3), SMALL));
    wb.failOnWrite = { sheet: 'Open Items (building)', nth: 3 };
    wb.failWith = { code: 'GeneralException', message: 'Excel went away' };
    const err = await writeReport(excel, layoutSheet(plan(25, 'second'), SMALL)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReportWriteError);
    expect((err as ReportWriteError).message).toBe('Writing rows 11 to 25 failed: Excel went away (GeneralException). Nothing was replaced: "Open Items" is as it was.');
    expect((err as ReportWriteError).previousKept).toBe(true);
    expect(wb.sheetNames()).toEqual(['Sheet1', 'Open Items']);
    expect(wb.cell('Open Items', 'B3').value).toBe('first');
  });

  it('on cancel between chunks: stops, removes the staging sheet, keeps the previous report', async () => {
    const { excel, wb } = newWorkbook();
    await writeReport(excel, layoutSheet(plan(3), SMALL));
    const controller = new AbortController();
    const pending = writeReport(excel, layoutSheet(plan(25, 'second'), SMALL), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.rowsWritten >= 10) controller.abort();
      },
    });
    await expect(pending).rejects.toBeInstanceOf(ReportCancelled);
    expect(wb.sheetNames()).toEqual(['Sheet1', 'Open Items']);
    expect(wb.cell('Open Items', 'B3').value).toBe('first');
  });

  it('refuses to replace a sheet of the report’s name that it did not write', async () => {
    const { excel, wb } = newWorkbook();
    await excel.run(async (context) => {
      context.workbook.worksheets.add('Open Items').getRange('A1').values = [['mine']];
      await context.sync();
    });
    await expect(writeReport(excel, layoutSheet(plan(3), SMALL))).rejects.toThrow(/already has a sheet named "Open Items" that is not an AR Ledger report/);
    expect(wb.sheetNames()).toEqual(['Sheet1', 'Open Items']);
    expect(wb.cell('Open Items', 'A1').value).toBe('mine');
  });
});
