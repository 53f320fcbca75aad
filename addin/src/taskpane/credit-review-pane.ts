// The Credit review pane: "Get review list" writes the customers due for review into the Credit Review sheet
// (recommended limit, score drivers, insurance, empty decision columns); the user types decisions there;
// "Submit decisions" sends them (one Idempotency-Key per submission) and fills each row's Result. "Show
// approvals" lists the decisions waiting for this user with their evidence, to approve or reject.
import type { Fetch } from '../api/client';
import type { ConnectionStore } from '../connection/storage';
import { createCreditApi, type ApprovalItem, type CreditApi } from '../credit/api';
import { decisionsFrom, resultText, reviewSheet } from '../credit/review-sheet';
import { readReviewTable, writeResults } from '../credit/sheet-io';
import type { ExcelGlobal } from '../office/excel-api';
import { writeReport } from '../office/excel-report-writer';
import { layoutSheet } from '../reports/sheet-layout';
import { errorText, installStyle, paneRunner, say, type Button } from './pane-kit';

export interface CreditReviewPaneOptions {
  store: ConnectionStore;
  defaultServerUrl: string;
  /** Excel's API inside Excel; null in a bare browser (approvals still work there). */
  excel: ExcelGlobal | null;
  fetch?: Fetch;
  now?: () => Date;
}

const MARKUP = `
<p class="hint">Customers due for review: review date reached, utilisation at least 90%, grade worse than at the last decision, or on hold.</p>
<div class="field">
  <label for="review-as-of">As of</label>
  <input id="review-as-of" type="date" aria-describedby="review-as-of-hint" />
  <span id="review-as-of-hint" class="hint">Empty: the ledger's data date.</span>
</div>
<div class="field">
  <label><input id="review-due-only" type="checkbox" checked /> Only customers due for review</label>
</div>
<div class="actions">
  <fluent-button id="get-review" type="button" appearance="primary">Get review list</fluent-button>
  <fluent-button id="submit-decisions" type="button">Submit decisions</fluent-button>
</div>
<div id="review-status" role="status" aria-live="polite"></div>
<h3 class="approvals-title">Approvals</h3>
<div class="actions">
  <fluent-button id="show-approvals" type="button">Show approvals</fluent-button>
</div>
<div id="approvals-status" role="status" aria-live="polite"></div>
<ul id="approvals-list" class="approvals"></ul>`;

const STYLE = `
#credit-review-pane .approvals { list-style: none; margin: 0; padding: 0; }
#credit-review-pane .approvals li { border: 1px solid var(--colorNeutralStroke2, #e0e0e0); border-radius: 4px; padding: 8px; margin-bottom: 8px; }
#credit-review-pane .approvals .evidence { font-size: 12px; color: var(--colorNeutralForeground2, #424242); margin: 4px 0; }
#credit-review-pane .approvals input { width: 100%; min-height: 28px; margin: 4px 0; font: inherit; }
#credit-review-pane .approvals-title { margin: 16px 0 8px; font-size: 14px; }
#credit-review-pane fluent-message-bar { margin-bottom: 8px; }`;

export function mountCreditReviewPane(root: HTMLElement, options: CreditReviewPaneOptions): void {
  installStyle('credit-review-pane-style', STYLE);
  root.innerHTML = MARKUP;
  const $ = <T extends HTMLElement>(id: string) => root.querySelector<T>(`#${id}`)!;
  const asOf = $<HTMLInputElement>('review-as-of');
  const dueOnly = $<HTMLInputElement>('review-due-only');
  const getButton = $<Button>('get-review');
  const submitButton = $<Button>('submit-decisions');
  const approvalsButton = $<Button>('show-approvals');
  const status = $('review-status');
  const approvalsStatus = $('approvals-status');
  const list = $('approvals-list');
  const { excel } = options;
  const now = options.now ?? (() => new Date());

  function render() {
    const { busy } = runner;
    getButton.disabled = busy || excel === null;
    submitButton.disabled = busy || excel === null;
    approvalsButton.disabled = busy;
  }

  const runner = paneRunner<CreditApi>(options, createCreditApi, () => render());
  const task = runner.task;

  const getReview = () =>
    task(status, async (client) => {
      const reply = await client.reviews({ due: dueOnly.checked, asOf: asOf.value || undefined });
      const layout = layoutSheet(reviewSheet(reply, now()));
      await writeReport(excel!, layout);
      const n = reply.items.length;
      say(status, 'success', `"${layout.sheetName}" written: ${n} customer${n === 1 ? '' : 's'} as of ${reply.asOf}. Type decisions in the New … and Reason columns, then Submit decisions.`);
    });

  const submit = () =>
    task(status, async (client) => {
      const table = await readReviewTable(excel!);
      const parsed = decisionsFrom(table.header, table.body);
      const results = new Map<number, string>(parsed.problems.map((p) => [p.row.index, p.message]));
      if (!parsed.decisions.length && !parsed.problems.length) return say(status, 'warning', 'No decisions typed: fill New limit, New terms days, New hold or New review date, and Reason.');
      const counts = { applied: 0, pending_approval: 0, rejected: 0, notSent: parsed.problems.length };
      if (parsed.decisions.length) {
        const reply = await client.submit(parsed.decisions.map((d) => d.decision), `credit-review-${crypto.randomUUID()}`);
        reply.results.forEach((r, i) => {
          results.set(parsed.decisions[i]!.row.index, resultText(r));
          counts[r.status] += 1;
        });
      }
      await writeResults(excel!, table.header, results, table.body.length);
      const text = `Submitted: ${counts.applied} applied, ${counts.pending_approval} pending approval, ${counts.rejected} rejected${counts.notSent ? `, ${counts.notSent} not sent` : ''}. Each row's Result says why.`;
      say(status, counts.rejected || counts.notSent ? 'warning' : 'success', text);
    });

  const showApprovals = () =>
    task(approvalsStatus, async (client) => {
      const { items, currency } = await client.approvals();
      list.replaceChildren(...items.map((item) => approvalItem(item, currency, client)));
      say(approvalsStatus, 'info', items.length ? `${items.length} decision${items.length === 1 ? '' : 's'} waiting for you.` : 'Nothing is waiting for your approval.');
    });

  function approvalItem(a: ApprovalItem, currency: string, client: CreditApi): HTMLLIElement {
    const li = document.createElement('li');
    li.dataset.approvalId = a.id;
    li.dataset.customerId = a.customerId;
    const line = (field: string, text: string, cls?: string) => {
      const p = document.createElement('p');
      p.dataset.field = field;
      p.textContent = text;
      p.style.margin = '2px 0';
      if (cls) p.className = cls;
      return p;
    };
    const amount = (v: number) => `${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
    const e = a.evidence;
    const changes = [
      a.newLimit !== a.currentLimit ? `limit ${amount(a.currentLimit)} → ${amount(a.newLimit)}` : null,
      a.newTermsDays !== a.currentTermsDays ? `terms ${a.currentTermsDays} → ${a.newTermsDays} days` : null,
      a.newHold !== a.currentHold ? `hold ${a.currentHold} → ${a.newHold}` : null,
    ].filter(Boolean);
    const comment = document.createElement('input');
    comment.placeholder = 'Comment';
    comment.setAttribute('aria-label', `Comment on ${a.customerName}`);
    const outcome = line('outcome', '');
    const button = (action: 'approve' | 'reject', label: string) => {
      const b = document.createElement('fluent-button') as Button;
      b.textContent = label;
      b.dataset.action = action;
      if (action === 'approve') b.setAttribute('appearance', 'primary');
      b.addEventListener('click', async () => {
        for (const x of li.querySelectorAll<Button>('fluent-button')) x.disabled = true;
        try {
          const r = await client.decide(a.id, action, comment.value);
          outcome.textContent = r.status === 'applied' ? 'Approved: applied.' : 'Rejected.';
          li.dataset.outcome = r.status;
        } catch (err) {
          outcome.textContent = `Not done: ${errorText(err)}`;
          li.dataset.outcome = 'error';
          for (const x of li.querySelectorAll<Button>('fluent-button')) x.disabled = false;
        }
      });
      return b;
    };
    const actions = document.createElement('div');
    actions.className = 'actions';
    actions.append(button('approve', 'Approve'), button('reject', 'Reject'));
    li.append(
      line('customer', `${a.customerName} (${a.customerId})`),
      line('change', changes.join(', ')),
      line('requested', `Asked by ${a.requestedByName ?? a.requestedBy} on ${a.requestedAt.slice(0, 10)}: ${a.reason}`),
      line('why', a.whyApproval ? `Needs approval: ${a.whyApproval}` : ''),
      line('evidence', `Evidence as of ${e.asOf}: score ${e.score} (${e.grade}), exposure ${amount(e.exposure)}, headroom ${amount(e.headroom)}, recommended limit ${amount(e.recommendedLimit)}, uninsured ${amount(e.uninsuredExposure)}`, 'evidence'),
      line('drivers', e.drivers.map((d) => (d.points === null ? `${d.driver} n/a` : `${d.driver} ${d.points} pts`)).join('; '), 'evidence'),
      ...(a.stale ? [line('stale', 'The customer changed since this decision: approving will be refused; reject it and decide again.')] : []),
      comment,
      actions,
      outcome,
    );
    return li;
  }

  getButton.addEventListener('click', () => void getReview());
  submitButton.addEventListener('click', () => void submit());
  approvalsButton.addEventListener('click', () => void showApprovals());
  if (excel === null) say(status, 'info', 'The review list is written into an Excel workbook: open this add-in in Excel. Approvals work here too.');
  render();
}
