// The Collections pane, part A: "Get worklist" writes today's ranked worklist into the Worklist sheet; the user selects
// a customer's row and logs an activity or records a promise against it (each submission with its own
// Idempotency-Key, reused only when the same submission is sent again after it got no answer); the server's answer,
// a 422's details by field, shows in the form's message bar, and a success is written into the customer's Worklist
// row. "Get disputes register" writes the Disputes sheet; a small form opens a dispute for the selected customer.
import type { Fetch } from '../api/client';
import { ACTIVITY_KINDS, DISPUTE_REASONS, parseActivity, parseDispute, parsePromise, problemsFromServer, problemText, SubmissionKey, type Parsed, type Problem } from '../collections/forms';
import { createDeskApi, DeskApiError, type DeskApi } from '../collections/desk-api';
import { disputesSheet, type DisputeFilter } from '../collections/disputes-sheet';
import { customerOfRow } from '../collections/selection';
import { promiseText, rowWrites, worklistSheet, type RowChange } from '../collections/worklist-sheet';
import type { ConnectionStore } from '../connection/storage';
import type { ExcelGlobal } from '../office/excel-api';
import { readSelectedRow, readWorklist, writeWorklistCells } from '../office/excel-collections';
import { writeReport } from '../office/excel-report-writer';
import { layoutSheet } from '../reports/sheet-layout';
import { COLLECTIONS_MARKUP, COLLECTIONS_STYLE } from './collections-pane-markup';
import { errorText, installStyle, paneRunner, say, type Button } from './pane-kit';

export interface CollectionsPaneOptions {
  store: ConnectionStore;
  defaultServerUrl: string;
  /** Excel's API inside Excel; null in a bare browser (the forms still work with a typed customer id). */
  excel: ExcelGlobal | null;
  fetch?: Fetch;
  now?: () => Date;
}


export function mountCollectionsPane(root: HTMLElement, options: CollectionsPaneOptions): void {
  installStyle('collections-pane-style', COLLECTIONS_STYLE);
  root.innerHTML = COLLECTIONS_MARKUP;
  const $ = <T extends HTMLElement>(id: string) => root.querySelector<T>(`#${id}`)!;
  const { excel } = options;
  const now = options.now ?? (() => new Date());
  for (const k of ACTIVITY_KINDS) $<HTMLSelectElement>('coll-activity-kind').add(new Option(k, k));
  for (const r of DISPUTE_REASONS) $<HTMLSelectElement>('coll-dispute-reason').add(new Option(r.replace('_', ' '), r));
  const customer = $<HTMLInputElement>('coll-customer');
  const customerHint = $('coll-customer-name');
  const sheetButtons = ['coll-get-worklist', 'coll-use-selection', 'coll-get-disputes'].map((id) => $<Button>(id));
  const formButtons = ['coll-log-activity', 'coll-record-promise', 'coll-open-dispute'].map((id) => $<Button>(id));

  function render() {
    const { busy } = runner;
    for (const b of sheetButtons) b.disabled = busy || excel === null;
    for (const b of formButtons) b.disabled = busy;
  }

  const runner = paneRunner<DeskApi>(options, createDeskApi, () => render());
  const task = runner.task;

  /** The customer of the selected row into the Customer ID field; false (and why, in the box) when there is none. */
  async function useSelection(box: HTMLElement): Promise<boolean> {
    const picked = customerOfRow(await readSelectedRow(excel!));
    if ('problem' in picked) {
      say(box, 'warning', picked.problem);
      return false;
    }
    customer.value = picked.customerId;
    customerHint.textContent = picked.name ?? '';
    return true;
  }

  const getWorklist = () =>
    task($('coll-worklist-status'), async (api) => {
      const collector = $<HTMLInputElement>('coll-collector').value.trim() || undefined;
      const reply = await api.worklist({ collector, date: $<HTMLInputElement>('coll-date').value || undefined });
      const layout = layoutSheet(worklistSheet(reply, now()));
      await writeReport(excel!, layout);
      const n = reply.items.length;
      say($('coll-worklist-status'), 'success', `"${layout.sheetName}" written: ${n} customer${n === 1 ? '' : 's'} to work on ${reply.date}${reply.collector ? ` for ${reply.collector}` : ''}. Select a row, then log an activity or record a promise.`);
    });

  const getDisputes = () =>
    task($('coll-disputes-status'), async (api) => {
      const filter = $<HTMLSelectElement>('coll-disputes-filter').value as DisputeFilter;
      const { items } = await api.disputes(filter === 'active' ? { status: 'active' } : {});
      const layout = layoutSheet(disputesSheet(items, filter, items[0]?.currency ?? 'USD', now()));
      await writeReport(excel!, layout);
      say($('coll-disputes-status'), 'success', `"${layout.sheetName}" written: ${items.length} dispute${items.length === 1 ? '' : 's'} (${filter}).`);
    });

  /**
   * One form's submission: read the fields, check them, send with the form's key, then show the answer. A 422 marks
   * the fields it names; no answer keeps the key for a retry of the same submission.
   */
  function form<T extends { customerId: string }>(o: {
    prefix: string;
    fields: string[];
    parse: (f: Record<string, string>) => Parsed<T>;
    send: (api: DeskApi, body: T, key: string) => Promise<RowChange | { disputeId: string }>;
    done: (result: RowChange | { disputeId: string }) => string;
  }) {
    const key = new SubmissionKey(o.prefix);
    const box = $(`coll-${o.prefix}-status`);
    const input = (field: string) => root.querySelector<HTMLInputElement | HTMLSelectElement>(`#coll-${o.prefix}-${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    const mark = (problems: readonly Problem[]) => {
      for (const f of ['customerId', ...o.fields]) (f === 'customerId' ? customer : input(f))?.removeAttribute('aria-invalid');
      for (const p of problems) (p.field === 'customerId' ? customer : input(p.field))?.setAttribute('aria-invalid', 'true');
    };
    return () =>
      task(box, async (api) => {
        if (!customer.value.trim() && excel && !(await useSelection(box))) return;
        const values = Object.fromEntries(o.fields.map((f) => [f, input(f)?.value ?? '']));
        const parsed = o.parse({ ...values, customerId: customer.value });
        if (!parsed.ok) {
          mark(parsed.problems);
          return say(box, 'error', `Not sent: ${problemText(parsed.problems)}.`);
        }
        mark([]);
        let result: RowChange | { disputeId: string };
        try {
          result = await o.send(api, parsed.body, key.keyFor(parsed.body));
        } catch (err) {
          const noAnswer = err instanceof DeskApiError && (err.code === 'network' || (err.status === 409 && /Idempotency-Key/i.test(err.message)));
          if (noAnswer) return say(box, 'error', `${errorText(err)} Whether it was recorded is not known: submit again, unchanged, to retry it safely (it is stored at most once).`);
          key.settle();
          if (err instanceof DeskApiError && err.details.length) {
            const problems = problemsFromServer(err.details);
            mark(problems);
            return say(box, 'error', `${sentence(err.message)} ${problemText(problems)}.`);
          }
          throw err;
        }
        key.settle();
        let where = '';
        if (excel && !('disputeId' in result)) {
          // Stored already: a sheet that cannot be updated must not make it look like a failure (a retry would store it twice).
          try {
            const table = await readWorklist(excel);
            const writes = table ? rowWrites(table.header, table.body, table.firstRow, parsed.body.customerId, result) : [];
            await writeWorklistCells(excel, writes);
            where = writes.length ? ' Its Worklist row is updated.' : ' Get the worklist again to see it in the sheet.';
          } catch (err) {
            where = ` The Worklist row was not updated (${errorText(err).replace(/\.$/, '')}): get the worklist again.`;
          }
        }
        say(box, 'success', `${o.done(result)}${where}`);
      });
  }

  const logActivity = form({
    prefix: 'activity',
    fields: ['kind', 'outcome', 'note', 'nextActionDate', 'invoices'],
    parse: parseActivity,
    send: async (api, body, key) => ({ activity: await api.logActivity(body, key) }),
    done: (r) => ('activity' in r ? `Logged: ${r.activity.kind} with ${r.activity.customerId} on ${r.activity.occurredOn}${r.activity.nextActionDate ? `, next action ${r.activity.nextActionDate}` : ''}.` : ''),
  });
  const recordPromise = form({
    prefix: 'promise',
    fields: ['invoices', 'amount', 'promisedDate', 'note'],
    parse: parsePromise,
    send: async (api, body, key) => ({ promise: await api.recordPromise(body, key) }),
    done: (r) => ('promise' in r ? `Promise recorded on ${r.promise.invoices.join(', ')}: ${promiseText(r.promise)}.` : ''),
  });
  const openDispute = form({
    prefix: 'dispute',
    fields: ['invoices', 'amount', 'reason', 'owner', 'note'],
    parse: parseDispute,
    send: async (api, body, key) => ({ disputeId: (await api.openDispute(body, key)).id }),
    done: (r) => ('disputeId' in r ? `Dispute ${r.disputeId} opened (version 1). Get the disputes register to see it.` : ''),
  });

  $('coll-use-selection').addEventListener('click', () => {
    const box = $('coll-customer-status');
    useSelection(box).then(
      (ok) => ok && say(box, null),
      (err: unknown) => say(box, 'error', errorText(err)),
    );
  });
  customer.addEventListener('input', () => (customerHint.textContent = ''));
  $('coll-get-worklist').addEventListener('click', () => void getWorklist());
  $('coll-get-disputes').addEventListener('click', () => void getDisputes());
  $('coll-log-activity').addEventListener('click', () => void logActivity());
  $('coll-record-promise').addEventListener('click', () => void recordPromise());
  $('coll-open-dispute').addEventListener('click', () => void openDispute());
  if (excel === null) say($('coll-worklist-status'), 'info', 'The worklist and the disputes register are written into an Excel workbook: open this add-in in Excel. The forms work here with a typed customer id.');
  render();
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}:`);
