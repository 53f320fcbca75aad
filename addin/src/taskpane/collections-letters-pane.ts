// Collections, part B, in the task pane: a dunning run (Preview → the letters with their level and channel, the
// skipped customers with the reason, a letter shown in a sandboxed preview frame; Produce letters → recorded as
// activities, one Idempotency-Key per previewed run so a double click records once), and the audit sample for
// managers (Draw sample → the Audit Sample sheet with Result and Comment columns → Submit results).
import type { Fetch } from '../api/client';
import { createLettersApi, type DunningRun, type Letter, type LettersApi } from '../collections-letters/api';
import { auditSheet, resultsFrom } from '../collections-letters/audit-sheet';
import { readAuditTable, writeRecorded } from '../collections-letters/sheet-io';
import type { ConnectionStore } from '../connection/storage';
import type { ExcelGlobal } from '../office/excel-api';
import { writeReport } from '../office/excel-report-writer';
import { layoutSheet } from '../reports/sheet-layout';
import { installStyle, paneRunner, say, type Button } from './pane-kit';

export interface CollectionsLettersPaneOptions {
  store: ConnectionStore;
  defaultServerUrl: string;
  /** Excel's API inside Excel; null in a bare browser (the dunning run still works there). */
  excel: ExcelGlobal | null;
  fetch?: Fetch;
  now?: () => Date;
}

const MARKUP = `
<h3>Dunning run</h3>
<p class="hint">Letters at the level of each customer's oldest open item. Customers on hold, disputing their whole balance, with an open promise, or sent the same level in the last 14 days are skipped.</p>
<div class="field"><label for="dunning-as-of">As of</label><input id="dunning-as-of" type="date" /><span class="hint">Empty: the ledger's data date.</span></div>
<div class="field"><label for="dunning-collector">Collector</label><input id="dunning-collector" type="text" placeholder="All collectors" /></div>
<div class="actions">
  <fluent-button id="dunning-preview" type="button" appearance="primary">Preview letters</fluent-button>
  <fluent-button id="dunning-produce" type="button">Produce letters</fluent-button>
</div>
<div id="dunning-status" role="status" aria-live="polite"></div>
<ul id="dunning-letters" class="letters"></ul>
<ul id="dunning-skipped" class="skipped"></ul>
<iframe id="letter-preview" title="Letter preview" sandbox="" hidden></iframe>
<h3>Audit sample</h3>
<p class="hint">For managers: a reproducible random sample of one person's activities and decisions in a period.</p>
<div class="field"><label for="audit-user">User ID</label><input id="audit-user" type="text" /></div>
<div class="field"><label for="audit-from">From</label><input id="audit-from" type="date" /></div>
<div class="field"><label for="audit-to">To</label><input id="audit-to" type="date" /></div>
<div class="field"><label for="audit-size">Items</label><input id="audit-size" type="number" min="1" max="500" value="10" /></div>
<div class="field"><label for="audit-seed">Seed</label><input id="audit-seed" type="text" placeholder="Empty: a new random seed" /></div>
<div class="actions">
  <fluent-button id="audit-draw" type="button">Draw sample</fluent-button>
  <fluent-button id="audit-submit" type="button">Submit results</fluent-button>
</div>
<div id="audit-status" role="status" aria-live="polite"></div>`;

const STYLE = `
#collections-letters-pane .letters, #collections-letters-pane .skipped { list-style: none; margin: 0; padding: 0; }
#collections-letters-pane .letters li, #collections-letters-pane .skipped li { border-bottom: 1px solid var(--colorNeutralStroke2, #e0e0e0); padding: 4px 0; font-size: 12px; }
#collections-letters-pane iframe { width: 100%; height: 360px; border: 1px solid var(--colorNeutralStroke2, #e0e0e0); background: #fff; }
#collections-letters-pane h3 { margin: 16px 0 8px; font-size: 14px; }
#collections-letters-pane fluent-message-bar { margin-bottom: 8px; }`;

export function mountCollectionsLettersPane(root: HTMLElement, options: CollectionsLettersPaneOptions): void {
  installStyle('collections-letters-pane-style', STYLE);
  root.innerHTML = MARKUP;
  const $ = <T extends HTMLElement>(id: string) => root.querySelector<T>(`#${id}`)!;
  const asOf = $<HTMLInputElement>('dunning-as-of');
  const collector = $<HTMLInputElement>('dunning-collector');
  const previewButton = $<Button>('dunning-preview');
  const produceButton = $<Button>('dunning-produce');
  const status = $('dunning-status');
  const lettersList = $('dunning-letters');
  const skippedList = $('dunning-skipped');
  const frame = $<HTMLIFrameElement>('letter-preview');
  const drawButton = $<Button>('audit-draw');
  const submitButton = $<Button>('audit-submit');
  const auditStatus = $('audit-status');
  const { excel } = options;
  const now = options.now ?? (() => new Date());
  // The previewed run: what "Produce letters" sends, with the key that makes a retry record it once.
  let previewed: { body: { asOf?: string; collector?: string }; key: string } | null = null;

  function render() {
    const { busy } = runner;
    previewButton.disabled = busy;
    produceButton.disabled = busy || previewed === null;
    drawButton.disabled = busy || excel === null;
    submitButton.disabled = busy || excel === null;
  }

  const runner = paneRunner<LettersApi>(options, createLettersApi, () => render());
  const task = runner.task;

  function showRun(run: DunningRun) {
    const money = (v: number) => `${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${run.currency}`;
    lettersList.replaceChildren(...run.letters.map((l) => letterItem(l, money)));
    skippedList.replaceChildren(...run.skipped.map((s) => {
      const li = document.createElement('li');
      li.dataset.customerId = s.customerId;
      li.textContent = `Skipped ${s.customerName} (${s.customerId}), level ${s.level}: ${s.reason}`;
      return li;
    }));
    frame.hidden = true;
  }

  function letterItem(l: Letter, money: (v: number) => string): HTMLLIElement {
    const li = document.createElement('li');
    li.dataset.customerId = l.customerId;
    li.dataset.level = String(l.level);
    const text = document.createElement('span');
    text.textContent = `${l.customerName} (${l.customerId}): level ${l.level} ${l.levelName}, ${l.channel}, ${l.daysPastDue} days past due, ${money(l.total)} `;
    const view = document.createElement('fluent-button');
    view.textContent = 'View';
    view.setAttribute('size', 'small');
    view.dataset.action = 'view';
    // The letter is shown in a sandboxed frame: no script in it runs, whatever the ledger text says.
    view.addEventListener('click', () => {
      frame.srcdoc = l.html;
      frame.hidden = false;
      frame.dataset.customerId = l.customerId;
    });
    li.append(text, view);
    return li;
  }

  const runBody = () => ({ asOf: asOf.value || undefined, collector: collector.value.trim() || undefined });

  const preview = () =>
    task(status, async (client) => {
      const body = runBody();
      const run = await client.run({ ...body, preview: true });
      showRun(run);
      previewed = { body, key: `dunning-${crypto.randomUUID()}` };
      say(status, 'success', `Preview as of ${run.asOf}: ${run.letters.length} letter${run.letters.length === 1 ? '' : 's'}, ${run.skipped.length} skipped. Nothing is recorded until you Produce letters.`);
    });

  const produce = () =>
    task(status, async (client) => {
      if (!previewed) return say(status, 'warning', 'Preview the letters first.');
      const run = await client.run({ ...previewed.body, preview: false }, previewed.key);
      showRun(run);
      say(status, 'success', `Produced ${run.letters.length} letter${run.letters.length === 1 ? '' : 's'} as of ${run.asOf}, each recorded as a dunning activity (run ${run.runId}).`);
      previewed = null;
    });

  const draw = () =>
    task(auditStatus, async (client) => {
      const body = {
        userId: $<HTMLInputElement>('audit-user').value.trim(),
        from: $<HTMLInputElement>('audit-from').value,
        to: $<HTMLInputElement>('audit-to').value,
        size: Number($<HTMLInputElement>('audit-size').value || 10),
        seed: $<HTMLInputElement>('audit-seed').value.trim() || undefined,
      };
      if (!body.userId || !body.from || !body.to) return say(auditStatus, 'warning', 'Fill User ID, From and To.');
      const sample = await client.drawSample(body, `audit-${crypto.randomUUID()}`);
      const layout = layoutSheet(auditSheet(sample, now()));
      await writeReport(excel!, layout);
      say(auditStatus, 'success', `"${layout.sheetName}" written: ${sample.items.length} of ${sample.population} items, seed ${sample.seed}. Type ok or finding in Result, then Submit results.`);
    });

  const submit = () =>
    task(auditStatus, async (client) => {
      const table = await readAuditTable(excel!);
      const parsed = resultsFrom(table.header, table.body);
      const outcomes = new Map<number, string>(parsed.problems.map((p) => [p.index, p.message]));
      if (!parsed.results.length && !parsed.problems.length) return say(auditStatus, 'warning', 'No results typed: write ok or finding in Result.');
      if (parsed.results.length) {
        await client.recordResults(table.sampleId, parsed.results.map(({ position, result, comment }) => ({ position, result, comment })), `audit-results-${crypto.randomUUID()}`);
        for (const r of parsed.results) outcomes.set(r.index, 'recorded');
      }
      await writeRecorded(excel!, table.header, outcomes, table.body.length);
      const text = `Recorded ${parsed.results.length} result${parsed.results.length === 1 ? '' : 's'}${parsed.problems.length ? `, ${parsed.problems.length} not sent (see Recorded)` : ''}.`;
      say(auditStatus, parsed.problems.length ? 'warning' : 'success', text);
    });

  previewButton.addEventListener('click', () => void preview());
  produceButton.addEventListener('click', () => void produce());
  drawButton.addEventListener('click', () => void draw());
  submitButton.addEventListener('click', () => void submit());
  if (excel === null) say(auditStatus, 'info', 'The audit sample is written into an Excel workbook: open this add-in in Excel.');
  render();
}
