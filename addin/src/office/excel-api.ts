// The slice of the Excel JavaScript API the reports use, typed here (the add-in does not bundle or
// depend on @types/office-js; office.js comes from Microsoft's CDN). Requirement sets per feature:
//   ExcelApi 1.1  Excel.run, worksheets.add/delete/activate/name/position, getRange, values, formulas,
//                 numberFormat, format.font/fill (fill.clear), tables.add, table.name/style, charts.add/setPosition
//   ExcelApi 1.2  format.columnWidth
//   ExcelApi 1.3  table.showTotals
//   ExcelApi 1.4  worksheets.getItemOrNullObject
//   ExcelApi 1.6  conditionalFormats.add (custom rule)
//   ExcelApi 1.7  freezePanes.freezeRows
export const REQUIRED_EXCEL_API = '1.7';

export interface ExcelRange {
  values: unknown[][];
  numberFormat: unknown[][];
  formulas: unknown[][];
  address: string;
  format: {
    font: { bold: boolean; italic: boolean; color: string; size: number };
    fill: { color: string; clear(): void };
    columnWidth: number;
    horizontalAlignment: string;
    wrapText: boolean;
  };
  conditionalFormats: {
    add(type: 'Custom'): {
      custom: { rule: { formula: string }; format: { fill: { color: string }; font: { color: string } } };
    };
  };
  load(properties: string | string[]): ExcelRange;
}

export interface ExcelTable {
  name: string;
  style: string;
  showTotals: boolean;
  getTotalRowRange(): ExcelRange;
  getHeaderRowRange(): ExcelRange;
  getDataBodyRange(): ExcelRange;
}

export interface ExcelChart {
  name: string;
  title: { text: string };
  legend: { position: string };
  setPosition(startCell: string, endCell?: string): void;
}

export interface ExcelWorksheet {
  name: string;
  position: number;
  isNullObject: boolean;
  getRange(address: string): ExcelRange;
  delete(): void;
  activate(): void;
  load(properties: string | string[]): ExcelWorksheet;
  tables: { add(address: string, hasHeaders: boolean): ExcelTable };
  charts: { add(type: string, source: ExcelRange, seriesBy: 'Auto' | 'Columns' | 'Rows'): ExcelChart };
  freezePanes: { freezeRows(count: number): void };
}

export interface ExcelContext {
  workbook: {
    worksheets: {
      add(name: string): ExcelWorksheet;
      getItemOrNullObject(name: string): ExcelWorksheet;
    };
  };
  sync(): Promise<void>;
}

export interface ExcelGlobal {
  run<T>(batch: (context: ExcelContext) => Promise<T>): Promise<T>;
}

interface OfficeRequirements {
  context?: { requirements?: { isSetSupported?(name: string, version: string): boolean } };
}

/** Excel's API when the page runs inside Excel (or its stand-in), else null. */
export function excelApi(): ExcelGlobal | null {
  const excel = (globalThis as { Excel?: ExcelGlobal }).Excel;
  return excel && typeof excel.run === 'function' ? excel : null;
}

/** False only when Office says this Excel lacks the requirement set the reports need. */
export function excelSupportsReports(): boolean {
  const office = (globalThis as { Office?: OfficeRequirements }).Office;
  const check = office?.context?.requirements?.isSetSupported;
  return typeof check === 'function' ? check.call(office!.context!.requirements, 'ExcelApi', REQUIRED_EXCEL_API) : true;
}
