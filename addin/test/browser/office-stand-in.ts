// Stands in for exactly the Office.js surface the add-in uses, installed before any page script
// runs (addInitScript) while the CDN request for office.js is answered with an empty script:
//   Office.onReady()                     -> { host: 'Excel', platform: 'PC' }
//   OfficeRuntime.storage                -> getItem / setItem / removeItem over a Map
//   CustomFunctions.associate(id, fn)    -> recorded
//   CustomFunctions.Error, .ErrorCode    -> as Excel has them (code '#N/A', '#VALUE!', ...; message)
//   Excel.run(ctx => ctx.workbook.application.calculate(type)) -> recorded
// The page can be inspected through window.__officeStandIn; its invoke(id, args, {preview}) calls a
// function as Excel does (args as given, then an invocation object) and answers {value} or {error}.
// Kept as plain JavaScript source, so nothing a TypeScript transform adds can leak into the page.

export const OFFICE_JS_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

export interface StandInOptions {
  /** Items already in OfficeRuntime.storage when the page starts. */
  storage?: Record<string, string>;
}

export function officeStandInScript(options: StandInOptions = {}): string {
  return `(() => {
  const storage = new Map(Object.entries(${JSON.stringify(options.storage ?? {})}));
  const associated = new Map();
  const calls = [];
  window.__officeStandIn = { storage, associated, calls };
  window.Office = {
    HostType: { Excel: 'Excel' },
    PlatformType: { PC: 'PC' },
    onReady(callback) {
      calls.push('Office.onReady');
      const info = { host: 'Excel', platform: 'PC' };
      if (typeof callback === 'function') callback(info);
      return Promise.resolve(info);
    },
  };
  window.OfficeRuntime = {
    storage: {
      async getItem(key) { calls.push('storage.getItem ' + key); return storage.has(key) ? storage.get(key) : null; },
      async setItem(key, value) { calls.push('storage.setItem ' + key); storage.set(key, String(value)); },
      async removeItem(key) { calls.push('storage.removeItem ' + key); storage.delete(key); },
    },
  };
  class CustomFunctionError extends Error {
    constructor(code, message) { super(message || ''); this.code = code; this.type = 'CustomFunctionError'; }
  }
  window.CustomFunctions = {
    associate(id, fn) { calls.push('CustomFunctions.associate ' + id); associated.set(id, fn); },
    Error: CustomFunctionError,
    ErrorCode: {
      invalidValue: '#VALUE!', notAvailable: '#N/A', divisionByZero: '#DIV/0!', invalidNumber: '#NUM!',
      nullReference: '#NULL!', invalidName: '#NAME?', invalidReference: '#REF!',
    },
  };
  window.__officeStandIn.invoke = (id, args, options = {}) => {
    const fn = associated.get(id);
    if (!fn) return Promise.resolve({ error: { code: '#NAME?', message: 'not associated: ' + id, excelError: false } });
    const invocation = { address: 'Sheet1!A1', functionName: 'AR.' + id, isInValuePreview: options.preview === true };
    return Promise.resolve()
      .then(() => fn(...args, invocation))
      .then(
        (value) => ({ value }),
        (error) => ({ error: { code: error && error.code, message: error && error.message, excelError: error instanceof CustomFunctionError } }),
      );
  };
  window.Excel = {
    CalculationType: { full: 'Full', recalculate: 'Recalculate' },
    async run(batch) {
      const context = {
        workbook: { application: { calculate(type) { calls.push('Excel.calculate ' + type); } } },
        async sync() {},
      };
      return batch(context);
    },
  };
})();`;
}

/** Knobs of the in-memory workbook, also settable at run time on window.__officeStandIn.excel. */
export interface ExcelWorkbookOptions {
  /** Sheets the workbook starts with (Excel always has at least one). */
  sheets?: string[];
  /** Milliseconds each context.sync() takes (to cancel mid-report). */
  syncDelayMs?: number;
}

/**
 * An in-memory Excel workbook behind `Excel.run`, for the Reports pane: worksheets
 * (getItemOrNullObject/add/delete/activate/name/position), getRange(address) with values,
 * numberFormat, formulas and format (font, fill and fill.clear, columnWidth, autofitColumns), tables
 * (add, name, style, showTotals, header/body/total row ranges, rows.add), freezePanes.freezeRows,
 * conditionalFormats.add, charts.add/setPosition, load and context.sync. It replaces the plain
 * `Excel.run` of officeStandInScript and keeps `workbook.application.calculate` (recorded the same way).
 *
 * It is strict where Excel is: loaded properties and isNullObject can be read only after a sync;
 * values given to a cell are parsed as Excel parses typed input, so a string starting with = + - or @
 * becomes a formula and a numeric or ISO-date string a number, unless the cell's number format is
 * Text ("@") or the string starts with an apostrophe; formulas given to a Text cell stay text; a
 * sync carrying more than 5 MB fails as Excel on the web does. Each cell records how it was taken
 * (kind: text, number, boolean, formula, empty). Every sync is logged with the cells it carried.
 * Add it with context.addInitScript after openAddinPage (it works whichever script runs first); the
 * workbook is window.__excelStandIn (sheetNames, sheetView, tableView, rangeView, cell, log, syncs,
 * failAtSync or failOnWrite {sheet, nth} with failWith to fail a sync, syncDelayMs).
 * The selection: workbook.getSelectedRange() with rowIndex, columnIndex and worksheet; select(sheet, address) sets it.
 */
export function excelWorkbookStandInScript(options: ExcelWorkbookOptions = {}): string {
  return `(() => {
  const OPTIONS = ${JSON.stringify(options)};
  const PAYLOAD_LIMIT = 5 * 1024 * 1024;
  const MAX_ROWS = 1048576;
  const holder = window.__officeStandIn || (window.__officeStandIn = { calls: [] });
  const calls = () => (window.__officeStandIn && window.__officeStandIn.calls) || [];
  const state = {
    syncs: 0, log: [], pending: [], pendingBytes: 0, pendingLoads: [],
    failAtSync: null, failWith: { code: 'GeneralException', message: 'An internal error has occurred.' },
    // { sheet, nth }: fail the nth sync (from now) that writes values to that sheet.
    failOnWrite: null,
    syncDelayMs: OPTIONS.syncDelayMs || 0, sheets: [], active: null, nextTable: 1, nextChart: 1,
  };

  class ExcelError extends Error {
    constructor(code, message) { super(message); this.name = 'RichApi.Error'; this.code = code; }
  }
  const fail = (code, message) => { throw new ExcelError(code, message); };

  // A1 addresses: "B7", "A6:R27", "C:C".
  const colIndex = (letters) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const colLetters = (i) => { let n = i + 1, s = ''; while (n > 0) { const r = (n - 1) % 26; s = String.fromCharCode(65 + r) + s; n = Math.floor((n - 1) / 26); } return s; };
  function parseAddress(address) {
    const text = String(address).replace(/^.*!/, '').replace(/\\$/g, '').toUpperCase();
    const part = (p) => {
      const m = /^([A-Z]+)?(\\d+)?$/.exec(p);
      if (!m || (!m[1] && !m[2])) fail('InvalidArgument', 'The argument is invalid or missing or has an incorrect format: ' + address);
      return { col: m[1] ? colIndex(m[1]) : null, row: m[2] ? Number(m[2]) : null };
    };
    const [a, b = a] = text.split(':').map(part);
    const top = a.row ?? 1, bottom = b.row ?? MAX_ROWS, left = a.col ?? 0, right = b.col ?? 16383;
    return { top: Math.min(top, bottom), bottom: Math.max(top, bottom), left: Math.min(left, right), right: Math.max(left, right) };
  }
  const addressOf = (r) => colLetters(r.left) + r.top + (r.top === r.bottom && r.left === r.right ? '' : ':' + colLetters(r.right) + r.bottom);
  const overlaps = (a, b) => a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;

  const NUMBER = /^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$/;
  const ISO_DATE = /^\\d{4}-\\d{2}-\\d{2}$/;
  function serial(iso) { const d = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)); const n = Math.round((d - Date.UTC(1899, 11, 31)) / 86400000); return n < 60 ? n : n + 1; }
  // What Excel makes of a value written into a cell with the given number format.
  function take(value, numberFormat) {
    if (value === null || value === undefined || value === '') return { value: '', kind: 'empty', formula: null };
    if (typeof value === 'number') return { value, kind: 'number', formula: null };
    if (typeof value === 'boolean') return { value, kind: 'boolean', formula: null };
    const s = String(value);
    if (numberFormat === '@') return { value: s, kind: 'text', formula: null };
    if (s.startsWith("'")) return { value: s.slice(1), kind: 'text', formula: null, quotePrefix: true };
    if (NUMBER.test(s.trim())) return { value: Number(s), kind: 'number', formula: null };
    if (/^[=+\\-@]/.test(s) && s.length > 1) return { value: '#NAME?', kind: 'formula', formula: s.startsWith('=') ? s : '=' + s };
    if (ISO_DATE.test(s)) return { value: serial(s), kind: 'number', formula: null, coerced: 'date' };
    if (/^(true|false)$/i.test(s)) return { value: /^true$/i.test(s), kind: 'boolean', formula: null };
    return { value: s, kind: 'text', formula: null };
  }

  function record(op, sheet, r, payload) {
    const bytes = JSON.stringify(payload === undefined ? null : payload).length;
    state.pending.push({ op, sheet: sheet.name, address: addressOf(r), cells: (r.bottom - r.top + 1) * (r.right - r.left + 1), bytes });
    state.pendingBytes += bytes;
  }

  function loadable(target, props) {
    const loaded = new Set();
    target.load = (what) => {
      const list = Array.isArray(what) ? what : String(what || '').split(',').map((p) => p.trim()).filter(Boolean);
      state.pendingLoads.push(() => list.forEach((p) => loaded.add(p)));
      return target;
    };
    for (const [prop, get] of Object.entries(props)) {
      Object.defineProperty(target, prop, {
        configurable: true,
        get() {
          if (!loaded.has(prop)) fail('PropertyNotLoaded', "The property '" + prop + "' is not available. Before reading the property's value, call the load method on the containing object and call \\"context.sync()\\" on the associated request context.");
          return get();
        },
      });
    }
  }

  class Sheet {
    constructor(name) {
      this.name = name; this.cells = new Map(); this.tables = []; this.charts = []; this.freezeRows = 0;
      this.conditionalFormats = []; this.columnWidths = {}; this.rangeFormats = []; this.deleted = false;
    }
    cell(row, col, create) {
      const key = row + ',' + col;
      let c = this.cells.get(key);
      if (!c && create) { c = { value: '', kind: 'empty', formula: null, numberFormat: 'General', font: {}, fill: null }; this.cells.set(key, c); }
      return c;
    }
  }
  const live = (sheet) => { if (sheet.deleted) fail('InvalidOperation', 'The worksheet ' + sheet.name + ' was deleted.'); return sheet; };
  const forEachCell = (sheet, r, fn) => { for (let row = r.top; row <= r.bottom; row++) for (let col = r.left; col <= r.right; col++) fn(sheet.cell(row, col, true), row - r.top, col - r.left); };
  const dims = (r) => [r.bottom - r.top + 1, r.right - r.left + 1];
  function grid(r, input, what) {
    const [rows, cols] = dims(r);
    if (!Array.isArray(input) || !Array.isArray(input[0])) fail('InvalidArgument', what + ' must be a two-dimensional array');
    const single = input.length === 1 && input[0].length === 1;
    if (!single && (input.length !== rows || input.some((row) => row.length !== cols))) {
      fail('InvalidArgument', 'The number of rows or columns in the input array does not match the size or dimensions of the range (' + what + ').');
    }
    return (i, j) => (single ? input[0][0] : input[i][j]);
  }

  function makeRange(sheet, r) {
    const range = { _sheet: sheet, _r: r };
    const fmt = (target) => (patch) => {
      const [rows, cols] = dims(r);
      if (rows * cols <= 200000) forEachCell(live(sheet), r, (c) => Object.assign(c[target] || (c[target] = {}), patch));
      else sheet.rangeFormats.push({ address: addressOf(r), [target]: patch });
    };
    const setFont = fmt('font');
    const font = {}, fill = {};
    for (const p of ['bold', 'italic', 'color', 'size', 'name']) Object.defineProperty(font, p, { set(v) { setFont({ [p]: v }); }, get() { return undefined; } });
    Object.defineProperty(fill, 'color', {
      set(v) {
        const [rows, cols] = dims(r);
        if (rows * cols <= 200000) forEachCell(live(sheet), r, (c) => (c.fill = v));
        else sheet.rangeFormats.push({ address: addressOf(r), fill: v });
      },
      get() { return undefined; },
    });
    // Range.format.fill.clear(): no fill (ExcelApi 1.1).
    fill.clear = () => {
      const [rows, cols] = dims(r);
      if (rows * cols <= 200000) forEachCell(live(sheet), r, (c) => (c.fill = null));
      else sheet.rangeFormats.push({ address: addressOf(r), fill: null });
    };
    const format = { font, fill, autofitColumns() { for (let c = r.left; c <= r.right; c++) sheet.columnWidths[colLetters(c)] = 'autofit'; }, autofitRows() {} };
    Object.defineProperty(format, 'columnWidth', { set(w) { for (let c = r.left; c <= r.right; c++) sheet.columnWidths[colLetters(c)] = w; }, get() { return undefined; } });
    for (const p of ['horizontalAlignment', 'verticalAlignment', 'wrapText']) Object.defineProperty(format, p, { set(v) { fmt('align')({ [p]: v }); }, get() { return undefined; } });
    range.format = format;
    const read = (field) => () => { const [rows, cols] = dims(r); return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => { const c = sheet.cell(r.top + i, r.left + j, false); return field(c); })); };
    loadable(range, {
      values: read((c) => (c ? c.value : '')),
      numberFormat: read((c) => (c ? c.numberFormat : 'General')),
      formulas: read((c) => (c ? (c.formula ?? c.value) : '')),
      text: read((c) => (c ? String(c.value) : '')),
      address: () => sheet.name + '!' + addressOf(r),
      // Range.rowIndex / columnIndex (ExcelApi 1.1): zero-based, of the range's first cell.
      rowIndex: () => r.top - 1,
      columnIndex: () => r.left,
    });
    // Range.worksheet (ExcelApi 1.1): the sheet the range is on.
    Object.defineProperty(range, 'worksheet', { get() { return makeSheetApi(sheet); } });
    Object.defineProperty(range, 'values', {
      set(input) { live(sheet); const at = grid(r, input, 'values'); record('values', sheet, r, input); forEachCell(sheet, r, (c, i, j) => Object.assign(c, take(at(i, j), c.numberFormat))); },
      get: Object.getOwnPropertyDescriptor(range, 'values').get,
    });
    Object.defineProperty(range, 'numberFormat', {
      set(input) { live(sheet); const at = grid(r, input, 'numberFormat'); record('numberFormat', sheet, r, input); forEachCell(sheet, r, (c, i, j) => (c.numberFormat = String(at(i, j)))); },
      get: Object.getOwnPropertyDescriptor(range, 'numberFormat').get,
    });
    Object.defineProperty(range, 'formulas', {
      set(input) {
        live(sheet);
        const at = grid(r, input, 'formulas');
        record('formulas', sheet, r, input);
        forEachCell(sheet, r, (c, i, j) => {
          const f = at(i, j);
          if (typeof f === 'string' && f.startsWith('=') && c.numberFormat !== '@') Object.assign(c, { value: null, kind: 'formula', formula: f });
          else Object.assign(c, take(f, c.numberFormat));
        });
      },
      get: Object.getOwnPropertyDescriptor(range, 'formulas').get,
    });
    range.conditionalFormats = {
      add(type) {
        live(sheet);
        const cf = { type, address: addressOf(r), custom: { rule: { formula: '' }, format: { fill: { color: null }, font: { color: null } } } };
        sheet.conditionalFormats.push(cf);
        return cf;
      },
    };
    range.getCell = (row, col) => makeRange(sheet, { top: r.top + row, bottom: r.top + row, left: r.left + col, right: r.left + col });
    return range;
  }

  function makeTable(sheet, r, hasHeaders, name) {
    const table = { _sheet: sheet, _r: { ...r }, _name: name, style: 'TableStyleMedium2', _totals: false, hasHeaders, worksheet: null };
    Object.defineProperty(table, 'name', {
      get() { return table._name; },
      set(v) {
        const taken = state.sheets.some((s) => s.tables.some((t) => t !== table && t._name.toLowerCase() === String(v).toLowerCase()));
        if (taken) fail('InvalidArgument', 'A table named ' + v + ' already exists.');
        if (!/^[A-Za-z_\\\\][A-Za-z0-9_.]*$/.test(String(v))) fail('InvalidArgument', 'The table name ' + v + ' is not valid.');
        table._name = String(v);
      },
    });
    Object.defineProperty(table, 'showTotals', {
      get() { return table._totals; },
      set(v) {
        v = !!v;
        if (v && !table._totals) {
          const row = table._r.bottom + 1;
          const clash = sheet.tables.some((t) => t !== table && overlaps(t._r, { top: row, bottom: row, left: table._r.left, right: table._r.right }));
          if (clash) fail('InvalidOperation', 'The totals row would overlap another table.');
          table._r.bottom = row;
          sheet.cell(row, table._r.left, true).value = 'Total';
        } else if (!v && table._totals) table._r.bottom -= 1;
        table._totals = v;
      },
    });
    const part = (top, bottom) => makeRange(sheet, { top, bottom, left: table._r.left, right: table._r.right });
    const bodyBottom = () => table._r.bottom - (table._totals ? 1 : 0);
    table.getRange = () => part(table._r.top, table._r.bottom);
    table.getHeaderRowRange = () => part(table._r.top, table._r.top);
    table.getDataBodyRange = () => part(table._r.top + 1, bodyBottom());
    table.getTotalRowRange = () => { if (!table._totals) fail('InvalidOperation', 'The table has no totals row.'); return part(table._r.bottom, table._r.bottom); };
    table.rows = {
      add(index, values) {
        const rows = values || [[]];
        const at = bodyBottom() + 1;
        if (table._totals) table._r.bottom += rows.length; else table._r.bottom = at + rows.length - 1;
        if (values) part(at, at + rows.length - 1).values = values;
      },
    };
    table.delete = () => { sheet.tables = sheet.tables.filter((t) => t !== table); };
    return table;
  }

  function makeSheetApi(sheet) {
    const api = { _sheet: sheet };
    Object.defineProperty(api, 'isNullObject', { configurable: true, get() { return false; } });
    loadable(api, { position: () => state.sheets.indexOf(sheet), visibility: () => 'Visible' });
    Object.defineProperty(api, 'name', {
      get() { return sheet.name; },
      set(v) {
        live(sheet);
        v = String(v);
        if (v.length === 0 || v.length > 31 || /[\\\\/?*:\\[\\]]/.test(v)) fail('InvalidArgument', 'The sheet name ' + v + ' is not valid.');
        if (state.sheets.some((s) => s !== sheet && s.name.toLowerCase() === v.toLowerCase())) fail('InvalidArgument', 'A sheet named ' + v + ' already exists.');
        sheet.name = v;
      },
    });
    Object.defineProperty(api, 'position', {
      get: Object.getOwnPropertyDescriptor(api, 'position').get,
      set(p) { live(sheet); const i = state.sheets.indexOf(sheet); state.sheets.splice(i, 1); state.sheets.splice(Math.max(0, Math.min(p, state.sheets.length)), 0, sheet); },
    });
    api.getRange = (address) => makeRange(live(sheet), parseAddress(address || 'A1'));
    api.delete = () => {
      live(sheet);
      if (state.sheets.length === 1) fail('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
      state.sheets.splice(state.sheets.indexOf(sheet), 1);
      sheet.deleted = true;
      if (state.active === sheet) state.active = state.sheets[0];
    };
    api.activate = () => { state.active = live(sheet); };
    api.tables = {
      add(address, hasHeaders) {
        live(sheet);
        const r = parseAddress(address);
        if (sheet.tables.some((t) => overlaps(t._r, r))) fail('InvalidOperation', 'A table cannot overlap another table.');
        let name;
        do name = 'Table' + state.nextTable++; while (state.sheets.some((s) => s.tables.some((t) => t._name === name)));
        const table = makeTable(sheet, r, hasHeaders, name);
        sheet.tables.push(table);
        return table;
      },
    };
    api.charts = {
      add(type, source, seriesBy) {
        live(sheet);
        const chart = { type, source: source && source._r ? addressOf(source._r) : null, seriesBy, name: 'Chart ' + state.nextChart++, title: { text: '' }, legend: { position: 'Right' }, from: null, to: null };
        chart.setPosition = (from, to) => { chart.from = from; chart.to = to ?? null; };
        sheet.charts.push(chart);
        return chart;
      },
    };
    api.freezePanes = { freezeRows(n) { live(sheet).freezeRows = n; }, unfreeze() { sheet.freezeRows = 0; } };
    return api;
  }

  function nullSheet() {
    const born = state.syncs;
    const api = {};
    Object.defineProperty(api, 'isNullObject', { get() { if (state.syncs === born) fail('PropertyNotLoaded', 'isNullObject is available after context.sync().'); return true; } });
    for (const m of ['getRange', 'delete', 'activate']) api[m] = () => fail('ItemNotFound', 'The requested resource does not exist.');
    api.load = () => api;
    return api;
  }

  const worksheets = {
    add(name) {
      name = name || 'Sheet' + (state.sheets.length + 1);
      if (state.sheets.some((s) => s.name.toLowerCase() === String(name).toLowerCase())) fail('ItemAlreadyExists', 'A sheet named ' + name + ' already exists.');
      const sheet = new Sheet(String(name));
      state.sheets.push(sheet);
      return makeSheetApi(sheet);
    },
    getItem(name) {
      const sheet = state.sheets.find((s) => s.name.toLowerCase() === String(name).toLowerCase());
      if (!sheet) fail('ItemNotFound', 'The requested resource does not exist.');
      return makeSheetApi(sheet);
    },
    getItemOrNullObject(name) {
      const sheet = state.sheets.find((s) => s.name.toLowerCase() === String(name).toLowerCase());
      if (!sheet) return nullSheet();
      const api = makeSheetApi(sheet);
      const born = state.syncs;
      Object.defineProperty(api, 'isNullObject', { get() { if (state.syncs === born) fail('PropertyNotLoaded', 'isNullObject is available after context.sync().'); return false; } });
      return api;
    },
    getActiveWorksheet() { return makeSheetApi(state.active); },
  };

  async function sync() {
    state.syncs += 1;
    const entry = { sync: state.syncs, bytes: state.pendingBytes, ops: state.pending };
    state.pending = []; state.pendingBytes = 0;
    const loads = state.pendingLoads; state.pendingLoads = [];
    if (state.syncDelayMs) await new Promise((resolve) => setTimeout(resolve, state.syncDelayMs));
    state.log.push(entry);
    const rule = state.failOnWrite;
    const writesThere = rule && entry.ops.some((op) => op.op === 'values' && op.sheet === rule.sheet);
    if (writesThere && --rule.nth === 0) state.failOnWrite = null;
    if (state.failAtSync === state.syncs || (writesThere && rule.nth === 0)) { entry.failed = true; fail(state.failWith.code, state.failWith.message); }
    if (entry.bytes > PAYLOAD_LIMIT) { entry.failed = true; fail('RequestPayloadSizeLimitExceeded', 'The request payload size has exceeded the limit.'); }
    loads.forEach((mark) => mark());
  }

  const existing = window.Excel || {};
  const excel = {
    ...existing,
    CalculationType: existing.CalculationType || { full: 'Full', recalculate: 'Recalculate' },
    async run(batch) {
      const context = {
        workbook: {
          worksheets,
          application: { calculate(type) { calls().push('Excel.calculate ' + type); } },
          // Workbook.getSelectedRange() (ExcelApi 1.1): the selection on the active sheet (A1 until state.select moves it).
          getSelectedRange() { const sheet = state.active; return makeRange(sheet, sheet.selection || parseAddress('A1')); },
        },
        sync,
        trackedObjects: { add() {}, remove() {} },
      };
      return batch(context);
    },
  };
  // Whichever init script runs second, the workbook's Excel.run wins and the other's constants stay.
  let current = excel;
  Object.defineProperty(window, 'Excel', {
    configurable: true,
    get() { return current; },
    set(other) { current = { ...(other || {}), run: excel.run, CalculationType: (other && other.CalculationType) || excel.CalculationType }; },
  });
  for (const name of OPTIONS.sheets || ['Sheet1']) state.sheets.push(new Sheet(name));
  state.active = state.sheets[0];

  // For tests: plain-data views of the workbook.
  const cellView = (c) => ({ value: c.value, kind: c.kind, formula: c.formula, numberFormat: c.numberFormat, font: c.font, fill: c.fill });
  state.sheetNames = () => state.sheets.map((s) => s.name);
  state.activeSheet = () => (state.active ? state.active.name : null);
  // As the user clicking a cell: activates the sheet and selects the address on it.
  state.select = (sheetName, address) => {
    const sheet = state.sheets.find((s) => s.name === sheetName);
    if (!sheet) throw new Error('no sheet ' + sheetName);
    state.active = sheet;
    sheet.selection = parseAddress(address);
  };
  state.cell = (sheetName, address) => {
    const sheet = state.sheets.find((s) => s.name === sheetName);
    if (!sheet) return null;
    const r = parseAddress(address);
    const c = sheet.cell(r.top, r.left, false);
    return c ? cellView(c) : { value: '', kind: 'empty', formula: null, numberFormat: 'General', font: {}, fill: null };
  };
  state.rangeView = (sheetName, address) => {
    const sheet = state.sheets.find((s) => s.name === sheetName);
    if (!sheet) return null;
    const r = parseAddress(address);
    const [rows, cols] = dims(r);
    return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => { const c = sheet.cell(r.top + i, r.left + j, false); return c ? cellView(c) : { value: '', kind: 'empty', formula: null, numberFormat: 'General', font: {}, fill: null }; }));
  };
  state.sheetView = (sheetName) => {
    const sheet = state.sheets.find((s) => s.name === sheetName);
    if (!sheet) return null;
    return {
      name: sheet.name,
      position: state.sheets.indexOf(sheet),
      freezeRows: sheet.freezeRows,
      columnWidths: { ...sheet.columnWidths },
      conditionalFormats: sheet.conditionalFormats.map((cf) => ({ type: cf.type, address: cf.address, formula: cf.custom.rule.formula, fill: cf.custom.format.fill.color, fontColor: cf.custom.format.font.color })),
      charts: sheet.charts.map((c) => ({ name: c.name, type: c.type, source: c.source, seriesBy: c.seriesBy, title: c.title.text, legend: c.legend.position, from: c.from, to: c.to })),
      tables: sheet.tables.map((t) => ({ name: t._name, address: addressOf(t._r), style: t.style, showTotals: t._totals, hasHeaders: t.hasHeaders })),
    };
  };
  state.tableView = (tableName) => {
    for (const sheet of state.sheets) {
      const t = sheet.tables.find((x) => x._name === tableName);
      if (!t) continue;
      const bodyBottom = t._r.bottom - (t._totals ? 1 : 0);
      const row = (i) => Array.from({ length: t._r.right - t._r.left + 1 }, (_, j) => { const c = sheet.cell(i, t._r.left + j, false); return c ? cellView(c) : { value: '', kind: 'empty', formula: null, numberFormat: 'General' }; });
      const body = [];
      for (let i = t._r.top + 1; i <= bodyBottom; i++) body.push(row(i));
      return { sheet: sheet.name, address: addressOf(t._r), header: row(t._r.top), body, totals: t._totals ? row(t._r.bottom) : null, firstBodyRow: t._r.top + 1 };
    }
    return null;
  };
  holder.excel = state;
  window.__excelStandIn = state;
})();`;
}
