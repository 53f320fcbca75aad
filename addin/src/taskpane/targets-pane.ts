// The Targets pane: "Get targets" writes the Targets sheet (collectors × months, per metric) for a range of months;
// the manager edits it; "Submit targets" sends every filled cell (one Idempotency-Key per submission) and fills each
// row's Result. "Team performance" writes the Team Performance sheet for a month: target, actual, % achieved,
// ranking and a chart per collector.
import { ApiError, type Fetch } from '../api/client';
import type { ConnectionStore } from '../connection/storage';
import type { ExcelGlobal } from '../office/excel-api';
import { ReportWriteError, writeReport } from '../office/excel-report-writer';
import { layoutSheet } from '../reports/sheet-layout';
import { createTargetsApi, type TargetsApi } from '../targets/api';
import { gridSheet, resultTexts, targetsFrom } from '../targets/grid-sheet';
import { performanceSheet } from '../targets/performance-sheet';
import { readGrid, writeResults } from '../targets/sheet-io';

export interface TargetsPaneOptions {
  store: ConnectionStore;
  defaultServerUrl: string;
  /** Excel's API inside Excel; null in a bare browser. */
  excel: ExcelGlobal | null;
  fetch?: Fetch;
  now?: () => Date;
}

const MARKUP = `
<p class="hint">Managers set monthly targets per collector; everyone can see the team's performance.</p>
<div class="field">
  <label for="targets-from">From month</label>
  <input id="targets-from" type="month" />
</div>
<div class="field">
  <label for="targets-to">To month</label>
  <input id="targets-to" type="month" />
</div>
<div class="actions">
  <fluent-button id="get-targets" type="button" appearance="primary">Get targets</fluent-button>
  <fluent-button id="submit-targets" type="button">Submit targets</fluent-button>
</div>
<div id="targets-status" role="status" aria-live="polite"></div>
<h3 class="performance-title">Team performance</h3>
<div class="field">
  <label for="performance-period">Month</label>
  <input id="performance-period" type="month" />
</div>
<div class="field">
  <label for="performance-group">By</label>
  <select id="performance-group"><option value="collector" selected>Collector</option><option value="vertical">Vertical</option></select>
</div>
<div class="actions">
  <fluent-button id="team-performance" type="button">Team performance</fluent-button>
</div>
<div id="performance-status" role="status" aria-live="polite"></div>`;

const STYLE = `
#targets-pane .performance-title { margin: 16px 0 8px; font-size: 14px; }
#targets-pane fluent-message-bar { margin-bottom: 8px; }`;

type Intent = 'success' | 'info' | 'warning' | 'error';
type Button = HTMLElement & { disabled: boolean };

const monthOf = (d: Date) => d.toISOString().slice(0, 7);
function addMonths(month: string, n: number): string {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + n, 1));
  return monthOf(d);
}

export function mountTargetsPane(root: HTMLElement, options: TargetsPaneOptions): void {
  if (!document.getElementById('targets-pane-style')) {
    const style = document.createElement('style');
    style.id = 'targets-pane-style';
    style.textContent = STYLE;
    document.head.append(style);
  }
  root.innerHTML = MARKUP;
  const $ = <T extends HTMLElement>(id: string) => root.querySelector<T>(`#${id}`)!;
  const from = $<HTMLInputElement>('targets-from');
  const to = $<HTMLInputElement>('targets-to');
  const period = $<HTMLInputElement>('performance-period');
  const group = $<HTMLSelectElement>('performance-group');
  const getButton = $<Button>('get-targets');
  const submitButton = $<Button>('submit-targets');
  const performanceButton = $<Button>('team-performance');
  const status = $('targets-status');
  const performanceStatus = $('performance-status');
  const { excel } = options;
  const now = options.now ?? (() => new Date());
  const thisMonth = monthOf(now());
  from.value = thisMonth;
  to.value = addMonths(thisMonth, 2);
  period.value = thisMonth;
  let busy = false;

  const say = (box: HTMLElement, intent: Intent | null, text = '') => {
    if (intent === null) return box.replaceChildren();
    const bar = document.createElement('fluent-message-bar');
    bar.setAttribute('intent', intent);
    bar.setAttribute('layout', 'multiline');
    bar.className = `status-${intent}`;
    bar.textContent = text;
    box.replaceChildren(bar);
  };
  const render = () => {
    for (const b of [getButton, submitButton, performanceButton]) b.disabled = busy || excel === null;
  };

  async function api(): Promise<TargetsApi | null> {
    const saved = await options.store.load();
    if (!saved.token) return null;
    return createTargetsApi({ serverUrl: saved.serverUrl ?? options.defaultServerUrl, token: saved.token, fetch: options.fetch });
  }

  async function task(box: HTMLElement, work: (client: TargetsApi) => Promise<void>): Promise<void> {
    if (busy) return;
    const client = await api();
    if (!client) return say(box, 'error', 'Sign in on the Connect tab first.');
    busy = true;
    render();
    say(box, 'info', 'Working…');
    try {
      await work(client);
    } catch (err) {
      say(box, 'error', message(err));
    } finally {
      busy = false;
      render();
    }
  }

  const getTargets = () =>
    task(status, async (client) => {
      const reply = await client.grid(from.value || thisMonth, to.value || from.value || thisMonth);
      const layout = layoutSheet(gridSheet(reply, now()));
      await writeReport(excel!, layout);
      const closed = reply.periods.filter((p) => p.state === 'closed').length;
      say(status, 'success', `"${layout.sheetName}" written: ${reply.collectors.length} collector${reply.collectors.length === 1 ? '' : 's'} × ${reply.periods.length} month${reply.periods.length === 1 ? '' : 's'}${closed ? ` (${closed} closed)` : ''}. Type targets in the month columns, then Submit targets.`);
    });

  const submit = () =>
    task(status, async (client) => {
      const table = await readGrid(excel!);
      const cells = targetsFrom(table.header, table.body);
      if (!cells.length) return say(status, 'warning', 'No targets typed: fill the month columns of the Targets sheet first.');
      const reply = await client.submit(cells.map((c) => c.input), `targets-${crypto.randomUUID()}`);
      await writeResults(excel!, table.header, resultTexts(cells, reply.results), table.body.length);
      const count = (s: string) => reply.results.filter((r) => r.status === s).length;
      const rejected = count('rejected');
      const text = `Submitted ${reply.results.length} targets: ${count('created')} new, ${count('updated')} changed, ${count('unchanged')} unchanged, ${rejected} rejected. Each row's Result says why.`;
      say(status, rejected ? 'warning' : 'success', text);
    });

  const showPerformance = () =>
    task(performanceStatus, async (client) => {
      const reply = await client.performance(period.value || thisMonth, group.value === 'vertical' ? 'vertical' : 'collector');
      const layout = layoutSheet(performanceSheet(reply, now()));
      await writeReport(excel!, layout);
      const keys = new Set(reply.rows.map((r) => r.key)).size;
      say(performanceStatus, 'success', `"${layout.sheetName}" written for ${reply.period}: ${keys} ${reply.groupBy}${keys === 1 ? '' : 's'}, ${reply.complete ? 'final' : 'month to date'}.`);
    });

  getButton.addEventListener('click', () => void getTargets());
  submitButton.addEventListener('click', () => void submit());
  performanceButton.addEventListener('click', () => void showPerformance());
  if (excel === null) say(status, 'info', 'Targets and team performance are written into an Excel workbook: open this add-in in Excel.');
  render();
}

function message(err: unknown): string {
  if (err instanceof ReportWriteError) return err.message;
  const text = err instanceof ApiError || err instanceof Error ? err.message : String(err);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
