// The Collections pane's markup (part A: worklist, activities, promises, disputes) and the few styles it adds.
export const COLLECTIONS_MARKUP = `
<h3 class="coll-title">Today’s worklist</h3>
<div class="field">
  <label for="coll-collector">Collector</label>
  <input id="coll-collector" placeholder="All collectors" spellcheck="false" />
</div>
<div class="field">
  <label for="coll-date">Date</label>
  <input id="coll-date" type="date" aria-describedby="coll-date-hint" />
  <span id="coll-date-hint" class="hint">Empty: the ledger's data date.</span>
</div>
<div class="actions">
  <fluent-button id="coll-get-worklist" type="button" appearance="primary">Get worklist</fluent-button>
</div>
<div id="coll-worklist-status" role="status" aria-live="polite"></div>

<h3 class="coll-title">Customer</h3>
<div class="field">
  <label for="coll-customer">Customer ID</label>
  <input id="coll-customer" spellcheck="false" aria-describedby="coll-customer-name" />
  <span id="coll-customer-name" class="hint"></span>
</div>
<div class="actions">
  <fluent-button id="coll-use-selection" type="button">Use selected row</fluent-button>
</div>
<div id="coll-customer-status" role="status" aria-live="polite"></div>

<details id="coll-activity" class="coll-form" open>
  <summary>Log activity</summary>
  <div class="field"><label for="coll-activity-kind">Kind</label><select id="coll-activity-kind"></select></div>
  <div class="field"><label for="coll-activity-outcome">Outcome</label><input id="coll-activity-outcome" /></div>
  <div class="field"><label for="coll-activity-note">Note</label><input id="coll-activity-note" /></div>
  <div class="field"><label for="coll-activity-next-action-date">Next action date</label><input id="coll-activity-next-action-date" type="date" /></div>
  <div class="field"><label for="coll-activity-invoices">Invoices</label><input id="coll-activity-invoices" placeholder="INV-1001, INV-1002" spellcheck="false" /></div>
  <div class="actions"><fluent-button id="coll-log-activity" type="button" appearance="primary">Log activity</fluent-button></div>
  <div id="coll-activity-status" role="status" aria-live="polite"></div>
</details>

<details id="coll-promise" class="coll-form" open>
  <summary>Record promise</summary>
  <div class="field"><label for="coll-promise-invoices">Invoices</label><input id="coll-promise-invoices" placeholder="INV-1001, INV-1002" spellcheck="false" /></div>
  <div class="field"><label for="coll-promise-amount">Amount</label><input id="coll-promise-amount" inputmode="decimal" spellcheck="false" /></div>
  <div class="field"><label for="coll-promise-promised-date">Promised date</label><input id="coll-promise-promised-date" type="date" /></div>
  <div class="field"><label for="coll-promise-note">Note</label><input id="coll-promise-note" /></div>
  <div class="actions"><fluent-button id="coll-record-promise" type="button" appearance="primary">Record promise</fluent-button></div>
  <div id="coll-promise-status" role="status" aria-live="polite"></div>
</details>

<h3 class="coll-title">Disputes register</h3>
<div class="field">
  <label for="coll-disputes-filter">Show</label>
  <select id="coll-disputes-filter"><option value="active">Active (open, in review)</option><option value="all">All</option></select>
</div>
<div class="actions">
  <fluent-button id="coll-get-disputes" type="button">Get disputes register</fluent-button>
</div>
<div id="coll-disputes-status" role="status" aria-live="polite"></div>

<details id="coll-dispute" class="coll-form">
  <summary>Open a dispute</summary>
  <div class="field"><label for="coll-dispute-invoices">Invoices</label><input id="coll-dispute-invoices" placeholder="INV-1001" spellcheck="false" /></div>
  <div class="field"><label for="coll-dispute-amount">Amount</label><input id="coll-dispute-amount" inputmode="decimal" spellcheck="false" /></div>
  <div class="field"><label for="coll-dispute-reason">Reason</label><select id="coll-dispute-reason"></select></div>
  <div class="field"><label for="coll-dispute-owner">Owner</label><input id="coll-dispute-owner" /></div>
  <div class="field"><label for="coll-dispute-note">Note</label><input id="coll-dispute-note" /></div>
  <div class="actions"><fluent-button id="coll-open-dispute" type="button" appearance="primary">Open dispute</fluent-button></div>
  <div id="coll-dispute-status" role="status" aria-live="polite"></div>
</details>`;

export const COLLECTIONS_STYLE = `
#collections-pane .coll-title { margin: 16px 0 8px; font-size: 14px; }
#collections-pane .coll-title:first-child { margin-top: 0; }
#collections-pane .coll-form { border: 1px solid var(--colorNeutralStroke2, #e0e0e0); border-radius: 4px; padding: 8px; margin-bottom: 12px; }
#collections-pane .coll-form summary { cursor: pointer; font-weight: 600; margin-bottom: 8px; }
#collections-pane select { width: 100%; min-height: 32px; font: inherit; }
#collections-pane [aria-invalid='true'] { border-color: var(--colorPaletteRedBorder2, #d13438); }
#collections-pane fluent-message-bar { margin-bottom: 8px; }`;
