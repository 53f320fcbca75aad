// The Reconciliation pane: a customer's statement against our ledger in a sheet of its own
// (Prepare sheet, paste, Match, explain, Submit), the unapplied-cash suggestions in a sheet to accept
// and submit, and this quarter's confirmations with an Open and a Mark sent per customer. Every
// action sends one fresh Idempotency-Key (reused only by the client's own retries of that action).
import { ApiError, type Fetch } from '../api/client';
import type { ConnectionStore } from '../connection/storage';
import type { ExcelGlobal } from '../office/excel-api';
import { prepareRecSheet, readRecSheet, readUnappliedSheet, writeCells, writeUnappliedSheet } from '../office/excel-reconciliation';
import { createRecApi, newIdempotencyKey, RecApiError, type Confirmation, type RecApi } from '../reconciliation/api';
import { columnIndex } from '../reconciliation/cell-writes';
import { REC_PANE_MARKUP, REC_PANE_STYLE } from '../reconciliation/pane-markup';
import { isQuarter, lastCompletedQuarter, quarterEnd } from '../reconciliation/quarters';
import {
  FIRST_LINE_ROW, MAX_STATEMENT_LINES, PASTE_FIRST, PASTE_LAST, RESULT_EXPLANATION, matchStatusWrites, matchSummary, paintedRows,
  planRecSheet, recSheetName, resultWrites, storedText, submitWrites,
} from '../reconciliation/rec-sheet';
import { checkMapping, describeProblems, isBlank, readStatement, type ColumnMapping, type StatementLine } from '../reconciliation/statement';
import { acceptedProposals, planUnappliedSheet, proposalWrites, refusalWrites, unappliedSheetName } from '../reconciliation/unapplied-sheet';
import { generatedAt } from '../reports/common';
import { isIsoDate } from '../../../shared/dates';

export interface ReconciliationPaneOptions {
  store: ConnectionStore;
  defaultServerUrl: string;
  /** Excel's API inside Excel; null in a bare browser, where there is no workbook to write. */
  excel: ExcelGlobal | null;
  fetch?: Fetch;
  now?: () => Date;
}

type Intent = 'success' | 'info' | 'warning' | 'error';
type Button = HTMLElement & { disabled: boolean };

export function mountReconciliationPane(root: HTMLElement, options: ReconciliationPaneOptions): void {
  if (!document.getElementById('rec-pane-style')) {
    const style = document.createElement('style');
    style.id = 'rec-pane-style';
    style.textContent = REC_PANE_STYLE;
    document.head.append(style);
  }
  root.innerHTML = REC_PANE_MARKUP;
  const $ = <T extends HTMLElement>(id: string) => {
    const el = root.querySelector<T>(`#${id}`);
    if (!el) throw new Error(`reconciliation pane lacks #${id}`);
    return el;
  };
  const input = (id: string) => $<HTMLInputElement>(id);
  const { excel } = options;
  const now = options.now ?? (() => new Date());
  const names: Record<string, string> = {};
  let busy = false;
  let defaultsSet = false;
  const buttons = [...root.querySelectorAll<Button>('fluent-button')];

  function say(box: HTMLElement, intent: Intent | null, text = '') {
    if (intent === null) return box.replaceChildren();
    const bar = document.createElement('fluent-message-bar');
    bar.setAttribute('intent', intent);
    bar.setAttribute('layout', 'multiline');
    // A span keeps line breaks (bad cells one a line) without touching the component's own spacing.
    const body = document.createElement('span');
    body.className = 'rec-text';
    body.textContent = text;
    bar.append(body);
    box.replaceChildren(bar);
  }

  async function api(): Promise<RecApi | null> {
    const saved = await options.store.load();
    if (!saved.token) return null;
    return createRecApi({ serverUrl: saved.serverUrl ?? options.defaultServerUrl, token: saved.token, fetch: options.fetch });
  }

  /** Runs one user action: buttons off meanwhile, every failure said in the action's status box. */
  async function action(box: HTMLElement, needsExcel: boolean, run: (client: RecApi, excel: ExcelGlobal) => Promise<void>): Promise<void> {
    if (busy) return;
    if (needsExcel && !excel) return say(box, 'error', 'Open this add-in in Excel: the reconciliation is written into the workbook.');
    const client = await api();
    if (!client) return say(box, 'error', 'Sign in on the Connect tab first.');
    busy = true;
    buttons.forEach((b) => (b.disabled = true));
    say(box, 'info', 'Working…');
    try {
      await run(client, excel!);
    } catch (err) {
      say(box, 'error', message(err));
    } finally {
      busy = false;
      buttons.forEach((b) => (b.disabled = false));
    }
  }

  // Views.
  const views = [
    { button: $('rec-view-sheet'), panel: $('rec-sheet-view') },
    { button: $('rec-view-unapplied'), panel: $('rec-unapplied-view') },
    { button: $('rec-view-confirmations'), panel: $('rec-confirmations-view') },
  ];
  const show = (panel: HTMLElement) => views.forEach((v) => {
    v.panel.hidden = v.panel !== panel;
    v.button.setAttribute('aria-pressed', String(v.panel === panel));
  });
  views.forEach((v) => v.button.addEventListener('click', () => show(v.panel)));

  // Defaults from the server: dates from the ledger's data date, names for the sign-off line.
  async function setDefaults(): Promise<void> {
    if (defaultsSet) return;
    const client = await api();
    if (!client) return;
    try {
      const me = await client.me();
      defaultsSet = true;
      names[me.id] = me.name;
      const dataDate = me.dataDate && isIsoDate(me.dataDate) ? me.dataDate : now().toISOString().slice(0, 10);
      const quarter = lastCompletedQuarter(dataDate);
      if (!input('rec-as-of').value) input('rec-as-of').value = quarterEnd(quarter);
      if (!input('unapplied-as-of').value) input('unapplied-as-of').value = dataDate;
      if (!input('conf-quarter').value) input('conf-quarter').value = quarter;
    } catch {
      // The inputs stay empty; an action says what is wrong with the connection.
    }
  }

  // Statement view.
  const recStatus = $('rec-status');
  function sheetInputs(): { customer: string; asOf: string; sheetName: string } {
    const customer = input('rec-customer').value.trim();
    const asOf = input('rec-as-of').value;
    if (!customer) throw new PaneError('Type the customer id.');
    if (!isIsoDate(asOf)) throw new PaneError('Choose the statement date.');
    const name = recSheetName(customer, asOf);
    if (!name.ok) throw new PaneError(name.message);
    return { customer, asOf, sheetName: name.name };
  }

  async function prepare(client: RecApi, xl: ExcelGlobal): Promise<void> {
    const { customer, asOf, sheetName } = sheetInputs();
    const account = await client.account({ customer, asOf });
    const done = await prepareRecSheet(xl, planRecSheet(account, sheetName));
    if (done === 'existing') return say(recStatus, 'info', `"${sheetName}" exists already: opened it. Your pasted lines and explanations are kept.`);
    const balance = account.balance.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    say(recStatus, 'success', `"${sheetName}" ready: ${account.items.length} open items, balance ${balance} ${account.currency}. Paste the customer's statement at ${PASTE_FIRST}${FIRST_LINE_ROW}, then Match.`);
  }

  function mapping(): ColumnMapping {
    const letter = (id: string) => input(id).value.trim().toUpperCase();
    const m: ColumnMapping = { reference: letter('rec-map-reference'), date: letter('rec-map-date'), amount: letter('rec-map-amount'), type: letter('rec-map-type') || null };
    const problem = checkMapping(m, PASTE_FIRST, PASTE_LAST);
    if (problem) throw new PaneError(problem);
    return m;
  }

  /** The sheet read and the statement checked; throws with the bad cells, so nothing is sent. */
  async function readSheet(xl: ExcelGlobal) {
    const { sheetName } = sheetInputs();
    const map = mapping();
    const content = await readRecSheet(xl, sheetName);
    const currency = String(content.header.Currency ?? '');
    const customerId = String(content.header.Customer ?? '');
    const asOf = String(content.header['As of'] ?? '');
    const pasteOffset = columnIndex(PASTE_FIRST) - columnIndex('K');
    const read = readStatement(content.statement.map((r) => r.slice(pasteOffset)), FIRST_LINE_ROW, columnIndex(PASTE_FIRST), {
      mapping: map,
      headingRow: input('rec-heading-row').checked,
      dateOrder: $<HTMLSelectElement>('rec-date-order').value as 'dmy' | 'mdy',
      flipSigns: input('rec-flip-signs').checked,
      currency,
    });
    const lastRow = content.statement.at(-1) ?? [];
    if (lastRow.slice(pasteOffset).some((v) => !isBlank(v))) throw new PaneError(`The statement may run past row ${FIRST_LINE_ROW + MAX_STATEMENT_LINES - 1}: at most ${MAX_STATEMENT_LINES} lines are read. Split it.`);
    if (read.problems.length) throw new PaneError(`Nothing was sent: ${read.problems.length} cell${read.problems.length === 1 ? '' : 's'} of the statement cannot be read.\n${describeProblems(read.problems)}`);
    if (read.lines.length === 0) throw new PaneError(`No statement lines found: paste the customer's lines at ${PASTE_FIRST}${FIRST_LINE_ROW} (or set the statement columns).`);
    const explanationAt = columnIndex(RESULT_EXPLANATION) - columnIndex('K');
    const lastColumn = [map.reference, map.date, map.amount, map.type ?? PASTE_FIRST].sort((a, b) => columnIndex(b) - columnIndex(a))[0]!;
    return {
      sheetName, customerId, asOf, lastColumn,
      lines: read.lines,
      explanations: read.lines.map(({ row }) => text(content.statement[row - FIRST_LINE_ROW]?.[explanationAt])),
      state: { itemDocNos: content.items.map((r) => text(r[1])), paintedRows: paintedRows(content.statement.map((r) => [r[0]])) },
      itemExplanations: content.items.flatMap((r) => (text(r[1]) && text(r[8]) ? [{ docNo: text(r[1]), explanation: text(r[8]) }] : [])),
    };
  }

  async function match(client: RecApi, xl: ExcelGlobal): Promise<void> {
    const sheet = await readSheet(xl);
    const lines: StatementLine[] = sheet.lines.map((l) => l.line);
    const result = await client.match({ customerId: sheet.customerId, asOf: sheet.asOf, lines }, newIdempotencyKey());
    const rows = sheet.lines.map((l) => l.row);
    await writeCells(xl, sheet.sheetName, [...resultWrites(result, rows, sheet.state, sheet.lastColumn), ...matchStatusWrites(result, generatedAt(now()))]);
    const unexplained = result.unexplained.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    say(recStatus, result.difference === 0 ? 'success' : 'warning', `Matched ${lines.length} lines: ${matchSummary(result)}. Difference ${result.difference.toLocaleString('en-US', { minimumFractionDigits: 2 })} ${result.currency}, unexplained ${unexplained}.`);
  }

  async function submit(client: RecApi, xl: ExcelGlobal): Promise<void> {
    const sheet = await readSheet(xl);
    const notes = $<HTMLTextAreaElement>('rec-notes').value.trim();
    const record = await client.submit(
      {
        customerId: sheet.customerId,
        asOf: sheet.asOf,
        lines: sheet.lines.map((l, i) => (sheet.explanations[i] ? { ...l.line, explanation: sheet.explanations[i] } : l.line)),
        ...(sheet.itemExplanations.length ? { unmatchedExplanations: sheet.itemExplanations } : {}),
        ...(notes ? { notes } : {}),
      },
      newIdempotencyKey(),
    );
    const rows = sheet.lines.map((l) => l.row);
    await writeCells(xl, sheet.sheetName, [...resultWrites(record, rows, sheet.state, sheet.lastColumn), ...matchStatusWrites(record, generatedAt(now())), ...submitWrites(record, names)]);
    say(recStatus, 'success', storedText(record, names));
  }

  $('rec-prepare').addEventListener('click', () => void action(recStatus, true, prepare));
  $('rec-match').addEventListener('click', () => void action(recStatus, true, match));
  $('rec-submit').addEventListener('click', () => void action(recStatus, true, submit));

  // Unapplied cash view.
  const unappliedStatus = $('unapplied-status');
  const unappliedDate = () => {
    const asOf = input('unapplied-as-of').value;
    if (!isIsoDate(asOf)) throw new PaneError('Choose the as-of date.');
    return asOf;
  };
  $('unapplied-pull').addEventListener('click', () =>
    void action(unappliedStatus, true, async (client, xl) => {
      const asOf = unappliedDate();
      const customer = input('unapplied-customer').value.trim() || undefined;
      const reply = await client.unapplied({ asOf, customer });
      const plan = planUnappliedSheet(reply.items, { asOf, customer }, generatedAt(now()));
      const done = await writeUnappliedSheet(xl, plan);
      const suggestions = reply.items.reduce((n, i) => n + i.suggestions.length, 0);
      say(unappliedStatus, 'success', `"${plan.sheetName}" ${done}: ${reply.items.length} unapplied payments or credits, ${suggestions} suggestions in ${plan.rowCount} rows. Type Yes in Accept, then Submit accepted.`);
    }),
  );
  $('unapplied-submit').addEventListener('click', () =>
    void action(unappliedStatus, true, async (client, xl) => {
      const asOf = unappliedDate();
      const sheetName = unappliedSheetName(asOf);
      const accepted = acceptedProposals(await readUnappliedSheet(xl, asOf));
      if (accepted.problems.length) throw new PaneError(`Nothing was sent: ${accepted.problems.length} accepted row${accepted.problems.length === 1 ? '' : 's'} cannot be sent.\n${describeProblems(accepted.problems)}`);
      if (accepted.request.items.length === 0) throw new PaneError(`No row of "${sheetName}" has Yes in Accept.`);
      try {
        const reply = await client.propose(accepted.request, newIdempotencyKey());
        await writeCells(xl, sheetName, proposalWrites(reply.items, accepted.rowsOf));
        say(unappliedStatus, 'success', `Stored ${reply.items.length} proposal${reply.items.length === 1 ? '' : 's'}: ${reply.items.map((p) => `${p.id} (${p.docNo})`).join(', ')}.`);
      } catch (err) {
        if (!(err instanceof RecApiError) || err.status !== 422) throw err;
        const refused = refusalWrites(err, accepted.rowsOf);
        await writeCells(xl, sheetName, refused.writes);
        say(unappliedStatus, 'error', `Nothing was stored: ${err.message}${refused.unplaced.length ? `\n${refused.unplaced.join('\n')}` : ''}\nThe reasons are in the Result column.`);
      }
    }),
  );

  // Confirmations view.
  const confStatus = $('conf-status');
  const confList = $('conf-list');
  let shownQuarter = '';
  function renderConfirmations(items: Confirmation[], currency: string, asOf: string) {
    confList.replaceChildren(
      ...items.map((item) => {
        const li = document.createElement('li');
        li.dataset.customer = item.customerId;
        const head = document.createElement('div');
        head.className = 'conf-head';
        const who = document.createElement('span');
        who.textContent = `${item.customerId} ${item.name}`;
        const state = document.createElement('span');
        state.className = 'conf-state';
        state.dataset.state = item.state;
        state.textContent = STATE_TEXT[item.state] ?? item.state;
        head.append(who, state);
        const meta = document.createElement('div');
        meta.className = 'conf-meta';
        const rec = item.version === null ? 'not reconciled' : `reconciled v${item.version}, ${item.signedOff ? 'signed off' : 'awaiting sign-off'}`;
        meta.textContent = `${item.balance.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency} · ${item.selectedBecause === 'flagged' ? 'flagged' : 'top balance'} · ${rec}${item.note ? ` · ${item.note}` : ''}`;
        const actions = document.createElement('div');
        actions.className = 'actions';
        const open = document.createElement('fluent-button') as Button;
        open.className = 'conf-open';
        open.setAttribute('size', 'small');
        open.textContent = 'Open';
        open.addEventListener('click', () => {
          input('rec-customer').value = item.customerId;
          input('rec-as-of').value = asOf;
          show($('rec-sheet-view'));
          void action(recStatus, true, prepare);
        });
        const mark = document.createElement('fluent-button') as Button;
        mark.className = 'conf-mark-sent';
        mark.setAttribute('size', 'small');
        mark.textContent = 'Mark sent';
        mark.hidden = item.state !== 'not_sent';
        mark.addEventListener('click', () =>
          void action(confStatus, false, async (client) => {
            const updated = await client.setConfirmation({ quarter: shownQuarter, customerId: item.customerId, confirmationVersion: item.confirmationVersion, state: 'sent' }, newIdempotencyKey());
            Object.assign(item, updated);
            renderConfirmations(items, currency, asOf);
            say(confStatus, 'success', `${item.customerId}: confirmation marked sent.`);
          }),
        );
        actions.append(open, mark);
        li.append(head, meta, actions);
        return li;
      }),
    );
  }
  $('conf-load').addEventListener('click', () =>
    void action(confStatus, false, async (client) => {
      const quarter = input('conf-quarter').value.trim().toUpperCase();
      if (!isQuarter(quarter)) throw new PaneError('Type the quarter as YYYY-Qn, e.g. 2026-Q3.');
      const top = Number(input('conf-top').value) || 20;
      const reply = await client.confirmations({ quarter, top });
      shownQuarter = reply.quarter;
      renderConfirmations(reply.items, reply.currency, reply.asOf);
      const count = (s: string) => reply.items.filter((i) => i.state === s).length;
      say(confStatus, 'info', `${reply.quarter} (to ${reply.asOf}): ${reply.items.length} customers; ${count('not_sent')} not sent, ${count('sent')} sent, ${count('confirmed')} confirmed, ${count('disputed')} disputed.`);
    }),
  );

  // Defaults when the tab is first shown (the Connect pane may have saved the token meanwhile).
  const panel = root.closest<HTMLElement>('[role="tabpanel"]') ?? root;
  new MutationObserver(() => {
    if (!panel.hidden) void setDefaults();
  }).observe(panel, { attributes: true, attributeFilter: ['hidden'] });
  if (!panel.hidden) void setDefaults();
  if (!excel) say(recStatus, 'info', 'Reconciliations are written into Excel workbooks: open this add-in in Excel.');
}

const STATE_TEXT: Record<string, string> = { not_sent: 'Not sent', sent: 'Sent', confirmed: 'Confirmed', disputed: 'Disputed' };

/** A problem with the pane's own inputs or the sheet, said as it is. */
class PaneError extends Error {}

function text(v: unknown): string {
  return isBlank(v) ? '' : String(v).trim();
}

function message(err: unknown): string {
  if (err instanceof RecApiError && err.details.length) {
    return `${err.message}\n${err.details.slice(0, 8).map((d) => `${d.path ?? (d.row !== undefined ? `row ${d.row}` : '')}${d.column ? ` ${d.column}` : ''}: ${d.message}`).join('\n')}`;
  }
  const t = err instanceof ApiError || err instanceof Error ? err.message : String(err);
  return /[.!?:]$/.test(t) || t.includes('\n') ? t : `${t}.`;
}
