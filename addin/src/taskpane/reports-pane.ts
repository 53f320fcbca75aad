// The Reports pane: choose a report, an as-of date and its options; the pane fetches it through the
// API with the Connect pane's saved token, writes it into its own sheet with a progress bar and a
// Cancel button, and says which report sheets in the workbook are older than the server's data.
import { ApiError, type Fetch } from '../api/client';
import type { ConnectionStore } from '../connection/storage';
import { excelSupportsReports, REQUIRED_EXCEL_API, type ExcelGlobal } from '../office/excel-api';
import { markOutOfDate, readReportSheets, type ReportSheetHeader } from '../office/excel-report-headers';
import { ReportWriteError, writeReport } from '../office/excel-report-writer';
import { createReportsApi, ReportCancelled, type ReportsApi } from '../reports/api';
import { generatedAt } from '../reports/common';
import { buildReport, checkRequest, REPORTS, type ReportId, type ReportRequest } from '../reports/run-report';
import { layoutSheet } from '../reports/sheet-layout';
import { freshness, staleStatus } from '../reports/staleness';
import { PANE_MARKUP, PANE_STYLE } from '../reports/pane-markup';

export interface ReportsPaneOptions {
  store: ConnectionStore;
  /** Where the Worker is when no server URL is saved: the page's own origin. */
  defaultServerUrl: string;
  /** Excel's API inside Excel; null in a bare browser, where reports cannot be written. */
  excel: ExcelGlobal | null;
  fetch?: Fetch;
  now?: () => Date;
}

type Intent = 'success' | 'info' | 'warning' | 'error';

export function mountReportsPane(root: HTMLElement, options: ReportsPaneOptions): { checkFreshness(): Promise<void> } {
  if (!document.getElementById('reports-pane-style')) {
    const style = document.createElement('style');
    style.id = 'reports-pane-style';
    style.textContent = PANE_STYLE;
    document.head.append(style);
  }
  root.innerHTML = PANE_MARKUP;
  const $ = <T extends HTMLElement>(id: string) => {
    const el = root.querySelector<T>(`#${id}`);
    if (!el) throw new Error(`reports pane lacks #${id}`);
    return el;
  };
  const kind = $<HTMLSelectElement>('report-kind');
  const asOf = $<HTMLInputElement>('report-as-of');
  const groupBy = $<HTMLSelectElement>('report-group-by');
  const basis = $<HTMLSelectElement>('report-basis');
  const buckets = $<HTMLInputElement>('report-buckets');
  const method = $<HTMLSelectElement>('report-method');
  const customer = $<HTMLInputElement>('report-customer');
  const summary = $('report-summary');
  const runButton = $<HTMLElement & { disabled: boolean }>('run-report');
  const cancelButton = $<HTMLElement & { disabled: boolean }>('cancel-report');
  const progressBox = $('report-progress');
  const progressBar = $('report-progress-bar');
  const progressText = $('report-progress-text');
  const statusBox = $('report-status');
  const freshnessBox = $('report-freshness');
  let { excel } = options;
  const now = options.now ?? (() => new Date());
  let running: AbortController | null = null;

  for (const r of REPORTS) kind.add(new Option(r.label, r.id));

  function showOptions() {
    const report = REPORTS.find((r) => r.id === kind.value) ?? REPORTS[0]!;
    summary.textContent = report.summary;
    for (const field of root.querySelectorAll<HTMLElement>('[data-option]')) field.hidden = !report.options.includes(field.dataset.option as never);
  }
  kind.addEventListener('change', showOptions);
  showOptions();

  function render() {
    runButton.disabled = running !== null || excel === null;
    cancelButton.disabled = running === null;
    progressBox.hidden = running === null;
  }

  function say(box: HTMLElement, intent: Intent | null, text = '') {
    if (intent === null) return box.replaceChildren();
    const bar = document.createElement('fluent-message-bar');
    bar.setAttribute('intent', intent);
    bar.setAttribute('layout', 'multiline');
    bar.className = `status-${intent}`;
    bar.textContent = text;
    box.replaceChildren(bar);
  }

  function showProgress(text: string, fraction: number | null) {
    progressText.textContent = text;
    if (fraction === null) progressBar.removeAttribute('value');
    else progressBar.setAttribute('value', String(Math.round(Math.min(Math.max(fraction, 0), 1) * 100)));
  }

  async function api(): Promise<ReportsApi | null> {
    const saved = await options.store.load();
    if (!saved.token) return null;
    return createReportsApi({ serverUrl: saved.serverUrl ?? options.defaultServerUrl, token: saved.token, fetch: options.fetch });
  }

  async function checkFreshness(): Promise<void> {
    if (running) return;
    const client = await api();
    if (!client) {
      say(freshnessBox, 'info', 'Sign in on the Connect tab to write reports.');
      return;
    }
    try {
      const state = await client.serverState();
      if (!asOf.value && state.dataDate) asOf.value = state.dataDate;
      if (!excel) return say(freshnessBox, 'info', 'Open this pane inside Excel to write reports into the workbook.');
      const sheets = await readReportSheets(excel);
      const checkedAt = generatedAt(now());
      const stale = sheets.filter((s) => freshness(s, state.dataVersion).kind === 'stale');
      await markOutOfDate(
        excel,
        stale.filter((s) => s.statusAddress && !s.status?.includes(`version ${state.dataVersion} `)).map((s) => ({ sheetName: s.sheetName, statusAddress: s.statusAddress!, text: staleStatus(state.dataVersion, checkedAt) })),
      );
      renderFreshness(sheets, state.dataVersion);
    } catch (err) {
      say(freshnessBox, 'warning', `Could not check the reports in this workbook: ${message(err)}`);
    }
  }

  function renderFreshness(sheets: ReportSheetHeader[], serverVersion: number) {
    if (sheets.length === 0) return say(freshnessBox, null);
    const list = document.createElement('ul');
    list.className = 'report-sheets';
    for (const s of sheets) {
      const f = freshness(s, serverVersion);
      const item = document.createElement('li');
      item.dataset.sheet = s.sheetName;
      item.dataset.freshness = f.kind;
      const what = `${s.sheetName}: as of ${s.asOf ?? '?'}, data version ${s.dataVersion ?? '?'}`;
      item.textContent =
        f.kind === 'stale'
          ? `${what}. Out of date: the server's data is now version ${f.serverVersion}. Run it again.`
          : f.kind === 'incomplete'
            ? `${what}. INCOMPLETE: writing it did not finish.`
            : `${what}. Up to date.`;
      list.append(item);
    }
    freshnessBox.replaceChildren(list);
  }

  function request(): ReportRequest {
    return {
      id: kind.value as ReportId,
      asOf: asOf.value,
      basis: basis.value as ReportRequest['basis'],
      buckets: buckets.value,
      groupBy: groupBy.value as ReportRequest['groupBy'],
      method: method.value as ReportRequest['method'],
      customer: customer.value,
    };
  }

  async function run(): Promise<void> {
    if (running || !excel) return;
    const req = request();
    const problem = checkRequest(req);
    if (problem) return say(statusBox, 'error', problem);
    const client = await api();
    if (!client) return say(statusBox, 'error', 'Sign in on the Connect tab first.');
    const sheetName = REPORTS.find((r) => r.id === req.id)!.sheetName;
    running = new AbortController();
    const { signal } = running;
    render();
    say(statusBox, null);
    try {
      const plan = await buildReport(client, req, showProgress, signal, now);
      const layout = layoutSheet(plan);
      await writeReport(excel, layout, {
        signal,
        onProgress: (p) =>
          showProgress(
            p.phase === 'finishing' ? 'Formatting the table and chart…' : `Writing rows: ${p.rowsWritten.toLocaleString('en-US')} of ${p.rowCount.toLocaleString('en-US')}`,
            p.rowCount ? p.rowsWritten / p.rowCount : 1,
          ),
      });
      const rows = `${layout.rowCount.toLocaleString('en-US')} row${layout.rowCount === 1 ? '' : 's'}`;
      if (plan.note?.tone === 'bad') say(statusBox, 'warning', `"${plan.sheetName}" written (${rows}), but its check does not hold: ${plan.note.text}`);
      else say(statusBox, 'success', `"${plan.sheetName}" written: ${rows} in ${layout.chunks.length} chunk${layout.chunks.length === 1 ? '' : 's'}.`);
    } catch (err) {
      if (err instanceof ReportCancelled) say(statusBox, 'info', `Cancelled. Nothing was replaced: "${sheetName}" is as it was.`);
      else if (err instanceof ReportWriteError) say(statusBox, 'error', err.message);
      else say(statusBox, 'error', `Could not fetch the report: ${message(err)} Nothing was written.`);
    } finally {
      running = null;
      render();
    }
    await checkFreshness();
  }

  runButton.addEventListener('click', () => void run());
  cancelButton.addEventListener('click', () => running?.abort());

  // Check the workbook's reports whenever the Reports tab is shown.
  const panel = root.closest<HTMLElement>('[role="tabpanel"]') ?? root;
  new MutationObserver(() => {
    if (!panel.hidden) void checkFreshness();
  }).observe(panel, { attributes: true, attributeFilter: ['hidden'] });
  if (excel === null) say(statusBox, 'info', 'Reports are written into Excel workbooks: open this add-in in Excel.');
  else if (!excelSupportsReports()) {
    say(statusBox, 'warning', `This version of Excel lacks ExcelApi ${REQUIRED_EXCEL_API}, which the reports need (tables, conditional formats, frozen rows). Update Office or use Excel on the web.`);
    excel = null;
  }
  render();
  if (!panel.hidden) void checkFreshness();
  return { checkFreshness };
}

function message(err: unknown): string {
  const text = err instanceof ApiError || err instanceof Error ? err.message : String(err);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
