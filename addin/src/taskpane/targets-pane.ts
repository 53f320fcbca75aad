// The Targets pane: "Get targets" writes the Targets sheet (collectors × months, per metric) for a range of months;
// the manager edits it; "Submit targets" sends every filled cell (one Idempotency-Key per submission) and fills each
// row's Result. "Team performance" writes the Team Performance sheet for a month: target, actual, % achieved,
// ranking and a chart per collector.
import type { Fetch } from '../api/client';
import type { ConnectionStore } from '../connection/storage';
import type { ExcelGlobal } from '../office/excel-api';
import { writeReport } from '../office/excel-report-writer';
import { layoutSheet } from '../reports/sheet-layout';
import { createTargetsApi, type TargetsApi } from '../targets/api';
import { gridSheet, resultTexts, targetsFrom } from '../targets/grid-sheet';
import { performanceSheet } from '../targets/performance-sheet';
import { readGrid, writeResults } from '../targets/sheet-io';
import { installStyle, paneRunner, say, type Button } from './pane-kit';

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


const monthOf = (d: Date) => d.toISOString().slice(0, 7);
function addMonths(month: string, n: number): string {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + n, 1));
  return monthOf(d);
}

export function mountTargetsPane(root: HTMLElement, options: TargetsPaneOptions): void {
  installStyle('targets-pane-style', STYLE);
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

  function render() {
    const { busy } = runner;
    for (const b of [getButton, submitButton, performanceButton]) b.disabled = busy || excel === null;
  }

  const runner = paneRunner<TargetsApi>(options, createTargetsApi, () => render());
  const task = runner.task;

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
