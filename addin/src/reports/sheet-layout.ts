// Where everything of a SheetPlan goes on the sheet, as A1 addresses and 2-D arrays ready for
// Office.js. The layout, top to bottom:
//   row 1      title
//   rows 2-3   header block: labels over values (Report, As of, …, Data version, Generated, Status)
//   row 4      the note or check line
//   row 6      table header (frozen with everything above it), rows 7… the body, then the totals row
//   to the right of the table, after one empty column: each chart's side block, the chart under it
import { minorUnitExponent } from '../../../shared/money';
import { planChunks, type Chunk, type ChunkLimits, DEFAULT_LIMITS } from './chunks';
import { cellFormat, cellValue, FIELD, numberFormatFor, STATUS, type Cell, type ChartSpec, type Column, type SheetPlan } from './sheet-plan';

export const TITLE_ROW = 1;
export const LABEL_ROW = 2;
export const VALUE_ROW = 3;
export const NOTE_ROW = 4;
export const TABLE_HEADER_ROW = 6;
const CHART_ROWS = 16;
const HEADER_BLOCK_CHARS = 20;
const CHART_COLUMNS = 8;

export type Values = (string | number | boolean)[][];

export interface Block {
  address: string;
  values: Values;
  numberFormat: string[][];
}

export interface ChartLayout {
  name: string;
  type: ChartSpec['type'];
  title: string;
  source: Block;
  /** Top-left and bottom-right cells the chart covers. */
  from: string;
  to: string;
}

export interface SheetLayout {
  report: string;
  sheetName: string;
  stagingName: string;
  tableName: string;
  stagingTableName: string;
  title: { address: string; text: string };
  labels: Block;
  values: Block;
  /** The header block's live formulas (the balance check), written after the table exists. */
  formulas: { address: string; formula: string }[];
  statusAddress: string;
  note: { address: string; text: string; tone: 'good' | 'bad' | 'plain' } | null;
  tableHeader: Block;
  /** Header and body: what tables.add() gets. */
  tableAddress: string;
  bodyAddress: string;
  rowCount: number;
  columnCount: number;
  chunks: Chunk[];
  /** The totals row's formulas (our SUBTOTALs) and number formats, or null when the table has none. */
  totals: { formulas: string[]; numberFormat: string[] } | null;
  /** Column widths in points, from column A over the table and the side blocks. */
  columnWidths: number[];
  /** Whole-row highlight: a custom conditional format over the body. */
  highlight: { address: string; formula: string; fill: string; fontColor: string } | null;
  charts: ChartLayout[];
  freezeRows: number;
  /** The body rows [start, end) as one write. */
  chunk(chunk: Chunk): Block;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export function cellAddress(row: number, column: number): string {
  return `${columnLetter(column)}${row}`;
}

export function rangeAddress(top: number, left: number, bottom: number, right: number): string {
  const a = cellAddress(top, left);
  const b = cellAddress(bottom, right);
  return a === b ? a : `${a}:${b}`;
}

export const stagingSheetName = (sheetName: string) => `${sheetName} (building)`;

function block(top: number, left: number, rows: Cell[][], kinds: Column['kind'][], currency: string): Block {
  const width = Math.max(...rows.map((r) => r.length), 1);
  return {
    address: rangeAddress(top, left, top + rows.length - 1, left + width - 1),
    values: rows.map((r) => r.map(cellValue)),
    numberFormat: rows.map((r) => r.map((v, i) => cellFormat(v, kinds[i] ?? 'text', currency))),
  };
}

export function layoutSheet(plan: SheetPlan, limits: ChunkLimits = DEFAULT_LIMITS): SheetLayout {
  const { columns, rows, currency } = plan;
  const cols = columns.length;
  if (cols === 0) throw new Error(`${plan.report}: a table needs columns`);
  for (const [i, row] of rows.entries()) {
    if (row.length !== cols) throw new Error(`${plan.report}: row ${i + 1} has ${row.length} cells for ${cols} columns`);
  }
  const headers = columns.map((c) => c.header);
  const columnOf = (header: string) => {
    const i = headers.indexOf(header);
    if (i < 0) throw new Error(`${plan.report}: no column ${header}`);
    return i;
  };

  // Header block: Report first, the plan's fields, then Status and the live check.
  const fields = [{ label: FIELD.report, value: plan.report, kind: 'text' as const }, ...plan.fields, { label: FIELD.status, value: STATUS.writing, kind: 'text' as const }];
  const checkAt = plan.balanceCheck ? fields.length : -1;
  const labelRow: Cell[] = [...fields.map((f) => f.label), ...(plan.balanceCheck ? [plan.balanceCheck.label] : [])];
  const valueRow: Cell[] = [...fields.map((f) => f.value), ...(plan.balanceCheck ? [null] : [])];
  const valueKinds = fields.map((f) => f.kind ?? (typeof f.value === 'number' ? 'money' : 'text'));

  const firstBody = TABLE_HEADER_ROW + 1;
  const bodyRows = Math.max(rows.length, 1);
  const lastBody = TABLE_HEADER_ROW + bodyRows;
  const columnRange = (i: number) => rangeAddress(firstBody, i, lastBody, i);

  const formulas: SheetLayout['formulas'] = [];
  if (plan.balanceCheck) {
    const equalsAt = fields.findIndex((f) => f.label === plan.balanceCheck!.equals);
    if (equalsAt < 0) throw new Error(`${plan.report}: no header field ${plan.balanceCheck.equals}`);
    const decimals = minorUnitExponent(currency);
    formulas.push({
      address: cellAddress(VALUE_ROW, checkAt),
      formula: `=ROUND(SUM(${columnRange(columnOf(plan.balanceCheck.sumOf))})-${cellAddress(VALUE_ROW, equalsAt)},${decimals})=0`,
    });
  }

  const totalsRow = lastBody + 1;
  const totalFormulas = plan.totals
    ? columns.map((c, i) => {
        const rule = plan.totals![c.header];
        if (!rule) return '';
        if ('label' in rule) return rule.label;
        if ('sum' in rule) return `=SUBTOTAL(109,${columnRange(i)})`;
        const refs = (names: string[]) => names.map((n) => cellAddress(totalsRow, columnOf(n))).join('+');
        return `=IFERROR((${refs(rule.ratio.numerator)})/(${refs(rule.ratio.denominator)}),"")`;
      })
    : null;
  // A formula typed into a Text-formatted cell stays text, so formula cells never get "@".
  const formulaFormat = (kind: Column['kind']) => (kind === 'text' ? 'General' : numberFormatFor(kind, currency));
  const totals = totalFormulas ? { formulas: totalFormulas, numberFormat: columns.map((c) => formulaFormat(c.kind)) } : null;

  const highlight = plan.highlightNegative
    ? {
        address: rangeAddress(firstBody, 0, lastBody, cols - 1),
        formula: `=$${columnLetter(columnOf(plan.highlightNegative.column))}${firstBody}<0`,
        fill: plan.highlightNegative.fill,
        fontColor: plan.highlightNegative.fontColor,
      }
    : null;

  // Side blocks and charts, stacked to the right of the table after one empty column.
  const sideLeft = cols + 1;
  let top = TABLE_HEADER_ROW;
  const charts: ChartLayout[] = plan.charts.map((chart) => {
    const kinds = chart.columns.map((c) => c.kind);
    const source = block(top, sideLeft, [chart.columns.map((c) => c.header), ...chart.rows], kinds, currency);
    // The header row of a side block is ours and text.
    source.numberFormat[0] = source.numberFormat[0]!.map(() => '@');
    const chartTop = top + chart.rows.length + 2;
    const layout = {
      name: chart.name,
      type: chart.type,
      title: chart.title,
      source,
      from: cellAddress(chartTop, sideLeft),
      to: cellAddress(chartTop + CHART_ROWS - 1, sideLeft + CHART_COLUMNS - 1),
    };
    top = chartTop + CHART_ROWS + 1;
    return layout;
  });

  const widthColumns = Math.max(cols, labelRow.length, ...plan.charts.map((c) => sideLeft + c.columns.length));
  const columnWidths = Array.from({ length: widthColumns }, (_, i) => {
    // The header block counts for a few characters at most: it must not widen a table column much.
    let chars = Math.min(HEADER_BLOCK_CHARS, Math.max(displayLength(labelRow[i] ?? null, 'text', currency), displayLength(valueRow[i] ?? null, 'days', currency)));
    const cells: Cell[] = [];
    if (i < cols) {
      cells.push(columns[i]!.header);
      chars = Math.max(chars, longestIn(rows, i, columns[i]!.kind, currency));
    }
    for (const chart of plan.charts) {
      const j = i - sideLeft;
      if (j >= 0 && j < chart.columns.length) {
        cells.push(chart.columns[j]!.header);
        chars = Math.max(chars, longestIn(chart.rows, j, chart.columns[j]!.kind, currency));
      }
    }
    for (const c of cells) chars = Math.max(chars, displayLength(c, 'text', currency));
    return widthInPoints(chars);
  });

  const stagingName = stagingSheetName(plan.sheetName);
  const statusAt = fields.findIndex((f) => f.label === FIELD.status);
  const chunks = planChunks(rows, cols, limits);

  return {
    report: plan.report,
    sheetName: plan.sheetName,
    stagingName,
    tableName: plan.tableName,
    stagingTableName: `${plan.tableName}_building`,
    title: { address: cellAddress(TITLE_ROW, 0), text: plan.title },
    labels: block(LABEL_ROW, 0, [labelRow], labelRow.map(() => 'text'), currency),
    values: withGeneralAt(block(VALUE_ROW, 0, [valueRow], valueKinds, currency), checkAt),
    formulas,
    statusAddress: cellAddress(VALUE_ROW, statusAt),
    note: plan.note ? { address: cellAddress(NOTE_ROW, 0), ...plan.note } : null,
    tableHeader: block(TABLE_HEADER_ROW, 0, [headers], headers.map(() => 'text'), currency),
    tableAddress: rangeAddress(TABLE_HEADER_ROW, 0, lastBody, cols - 1),
    bodyAddress: rangeAddress(firstBody, 0, lastBody, cols - 1),
    rowCount: rows.length,
    columnCount: cols,
    chunks,
    totals,
    columnWidths,
    highlight,
    charts,
    freezeRows: TABLE_HEADER_ROW,
    chunk({ start, end }) {
      return block(firstBody + start, 0, rows.slice(start, end) as Cell[][], columns.map((c) => c.kind), currency);
    },
  };
}

/** The live check's cell takes a formula, so it must not be Text-formatted. */
function withGeneralAt(b: Block, column: number): Block {
  if (column >= 0) b.numberFormat[0]![column] = 'General';
  return b;
}

/** The longest display of a column, looking at every row up to 5,000 and a sample beyond. */
function longestIn(rows: readonly Cell[][], column: number, kind: Column['kind'], currency: string): number {
  let longest = 0;
  const step = rows.length > 5_000 ? Math.ceil(rows.length / 5_000) : 1;
  for (let r = 0; r < rows.length; r += step) longest = Math.max(longest, displayLength(rows[r]![column] ?? null, kind, currency));
  return longest;
}

/** Characters a value takes once Excel formats it (a close estimate). */
export function displayLength(value: Cell, kind: Column['kind'], currency: string): number {
  if (value === null || value === '') return 0;
  if (typeof value === 'string') return value.length;
  if (typeof value === 'boolean') return 5;
  switch (kind) {
    case 'date':
      return 10;
    case 'percent':
      return (value * 100).toFixed(1).length + 1;
    case 'money': {
      const digits = minorUnitExponent(currency);
      return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).length;
    }
    case 'days':
      return value.toFixed(2).length;
    default:
      return value.toLocaleString('en-US', { maximumFractionDigits: 2 }).length;
  }
}

/** Excel's column width in points for a number of characters of the default font, with a margin, capped. */
export function widthInPoints(chars: number): number {
  const clamped = Math.min(Math.max(chars + 2, 8), 60);
  return Math.round(clamped * 5.6 + 6);
}
