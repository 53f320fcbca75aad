// Writes a laid-out report into the workbook. The report is built on a staging sheet
// ("AR Ageing (building)") whose Status says INCOMPLETE: header block first, then the table body one
// chunk per context.sync() (sheet-layout.ts and chunks.ts decide the chunks), then the table, totals,
// formats, conditional format, charts and frozen header. Only then, in one last sync, the old report
// sheet is deleted, the staging sheet and its table take the report's names and Status becomes
// Complete. A cancel or a failure before that deletes the staging sheet and leaves the previous
// report as it was; should even the clean-up fail, the leftover sheet still says INCOMPLETE.
import { ReportCancelled } from '../reports/api';
import { STATUS } from '../reports/sheet-plan';
import { LABEL_ROW, VALUE_ROW, columnLetter, type Block, type SheetLayout } from '../reports/sheet-layout';
import { reportInfo } from '../reports/staleness';
import type { ExcelContext, ExcelGlobal, ExcelWorksheet } from './excel-api';

export interface WriteProgress {
  phase: 'preparing' | 'writing' | 'finishing';
  rowsWritten: number;
  rowCount: number;
}

export interface WriteOptions {
  signal?: AbortSignal;
  onProgress?(progress: WriteProgress): void;
}

export class ReportWriteError extends Error {
  constructor(
    message: string,
    /** True when the previous report sheet (if any) is untouched. */
    readonly previousKept: boolean,
  ) {
    super(message);
    this.name = 'ReportWriteError';
  }
}

const COLORS = {
  label: '#616161',
  good: '#0E700E',
  bad: '#A4262C',
  incompleteFill: '#FFF4CE',
  incompleteFont: '#8A3707',
  completeFill: '#DFF6DD',
  sideHeaderFill: '#F0F0F0',
};

/** Where the header block is read back from: the labels row over the values row. */
export const HEADER_BLOCK = `A${LABEL_ROW}:Z${VALUE_ROW}`;

function put(sheet: ExcelWorksheet, block: Block) {
  const range = sheet.getRange(block.address);
  // Formats before values: a string lands in a Text-formatted cell and Excel keeps it as typed.
  range.numberFormat = block.numberFormat;
  range.values = block.values;
  return range;
}

/** Office.js rejects with OfficeExtension.Error: a message and a code such as RequestPayloadSizeLimitExceeded. */
function errorText(err: unknown): string {
  const { message, code } = (typeof err === 'object' && err !== null ? err : {}) as { message?: unknown; code?: unknown };
  if (typeof message !== 'string' || message === '') return String(err);
  const text = message.replace(/[.\s]+$/, '');
  return typeof code === 'string' && code !== '' && !text.includes(code) ? `${text} (${code})` : text;
}

export async function writeReport(excel: ExcelGlobal, layout: SheetLayout, options: WriteOptions = {}): Promise<void> {
  const { signal, onProgress } = options;
  const checkCancel = () => {
    if (signal?.aborted) throw new ReportCancelled();
  };
  const progress = (phase: WriteProgress['phase'], rowsWritten: number) => onProgress?.({ phase, rowsWritten, rowCount: layout.rowCount });
  // Assigned inside excel.run's callback; cast so TypeScript does not narrow it to 'prepare' here.
  let stage = 'prepare' as 'prepare' | 'write' | 'swap';
  let rowsWritten = 0;
  let stagingAdded = false as boolean;

  try {
    await excel.run(async (context: ExcelContext) => {
      progress('preparing', 0);
      const sheets = context.workbook.worksheets;
      const existing = sheets.getItemOrNullObject(layout.sheetName);
      const leftover = sheets.getItemOrNullObject(layout.stagingName);
      await context.sync();
      let oldPosition: number | null = null;
      if (!existing.isNullObject) {
        const head = existing.getRange(HEADER_BLOCK).load('values');
        existing.load('position');
        await context.sync();
        const info = reportInfo(layout.sheetName, head.values[0] ?? [], head.values[1] ?? []);
        if (!info || info.report !== layout.report) {
          throw new ReportWriteError(`This workbook already has a sheet named "${layout.sheetName}" that is not an AR Ledger report. Rename that sheet, then run the report again.`, true);
        }
        oldPosition = existing.position;
      }
      if (!leftover.isNullObject) leftover.delete();
      checkCancel();

      stage = 'write';
      const sheet = sheets.add(layout.stagingName);
      stagingAdded = true;
      const title = sheet.getRange(layout.title.address);
      title.numberFormat = [['@']];
      title.values = [[layout.title.text]];
      title.format.font.bold = true;
      title.format.font.size = 14;
      const labels = put(sheet, layout.labels);
      labels.format.font.bold = true;
      labels.format.font.color = COLORS.label;
      put(sheet, layout.values);
      const status = sheet.getRange(layout.statusAddress);
      status.format.fill.color = COLORS.incompleteFill;
      status.format.font.color = COLORS.incompleteFont;
      if (layout.note) {
        const note = sheet.getRange(layout.note.address);
        note.numberFormat = [['@']];
        note.values = [[layout.note.text]];
        if (layout.note.tone !== 'plain') {
          note.format.font.bold = true;
          note.format.font.color = layout.note.tone === 'good' ? COLORS.good : COLORS.bad;
        }
      }
      put(sheet, layout.tableHeader);
      await context.sync();

      for (const chunk of layout.chunks) {
        checkCancel();
        progress('writing', rowsWritten);
        put(sheet, layout.chunk(chunk));
        await context.sync();
        rowsWritten = chunk.end;
      }
      checkCancel();
      progress('finishing', rowsWritten);

      const table = sheet.tables.add(layout.tableAddress, true);
      table.name = layout.stagingTableName;
      table.style = 'TableStyleMedium2';
      if (layout.totals) {
        table.showTotals = true;
        const totals = table.getTotalRowRange();
        totals.numberFormat = [layout.totals.numberFormat];
        totals.formulas = [layout.totals.formulas];
      }
      for (const f of layout.formulas) {
        const cell = sheet.getRange(f.address);
        cell.numberFormat = [['General']];
        cell.formulas = [[f.formula]];
      }
      if (layout.highlight) {
        const rule = sheet.getRange(layout.highlight.address).conditionalFormats.add('Custom');
        rule.custom.rule.formula = layout.highlight.formula;
        rule.custom.format.fill.color = layout.highlight.fill;
        rule.custom.format.font.color = layout.highlight.fontColor;
      }
      for (const chart of layout.charts) {
        const source = put(sheet, chart.source);
        const head = sheet.getRange(chart.source.address.replace(/^([A-Z]+)(\d+):([A-Z]+)\d+$/, '$1$2:$3$2'));
        head.format.font.bold = true;
        head.format.fill.color = COLORS.sideHeaderFill;
        const drawn = sheet.charts.add(chart.type, source, 'Columns');
        drawn.name = chart.name;
        drawn.title.text = chart.title;
        drawn.legend.position = 'Bottom';
        drawn.setPosition(chart.from, chart.to);
      }
      layout.columnWidths.forEach((width, i) => {
        const letter = columnLetter(i);
        sheet.getRange(`${letter}:${letter}`).format.columnWidth = width;
      });
      sheet.freezePanes.freezeRows(layout.freezeRows);
      await context.sync();

      // The swap: nothing before this line touched the previous report.
      checkCancel();
      stage = 'swap';
      if (!existing.isNullObject) existing.delete();
      table.name = layout.tableName;
      sheet.name = layout.sheetName;
      if (oldPosition !== null) sheet.position = oldPosition;
      status.values = [[STATUS.complete]];
      status.format.fill.color = COLORS.completeFill;
      status.format.font.color = COLORS.good;
      sheet.activate();
      await context.sync();
    });
  } catch (err) {
    // After a failed swap the staging sheet may be all that is left of the report: keep it.
    if (stagingAdded && stage !== 'swap') await removeStaging(excel, layout.stagingName);
    if (err instanceof ReportCancelled || err instanceof ReportWriteError) throw err;
    const where =
      stage === 'write' && rowsWritten < layout.rowCount
        ? `Writing rows ${(rowsWritten + 1).toLocaleString('en-US')} to ${layout.rowCount.toLocaleString('en-US')} failed`
        : stage === 'swap'
          ? 'Replacing the previous sheet failed'
          : 'Writing the report failed';
    const kept =
      stage !== 'swap'
        ? ` Nothing was replaced: "${layout.sheetName}" is as it was.`
        : ` The new report is on "${layout.stagingName}", still marked INCOMPLETE; run the report again.`;
    throw new ReportWriteError(`${where}: ${errorText(err)}.${kept}`, stage !== 'swap');
  }
}

/** Best effort: a staging sheet that cannot be deleted still says INCOMPLETE in its header block. */
async function removeStaging(excel: ExcelGlobal, name: string): Promise<void> {
  try {
    await excel.run(async (context) => {
      const staging = context.workbook.worksheets.getItemOrNullObject(name);
      await context.sync();
      if (!staging.isNullObject) {
        staging.delete();
        await context.sync();
      }
    });
  } catch {
    // Nothing more to do: the Status cell of the leftover says INCOMPLETE.
  }
}
