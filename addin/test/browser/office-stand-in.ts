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
