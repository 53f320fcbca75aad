// The Reconciliation pane's markup and the few styles it adds to taskpane.html's (the inputs and
// selects are dressed like the other panes'). Kept apart from the pane's behaviour.
export const REC_PANE_MARKUP = `
<div class="rec-views" role="group" aria-label="Reconciliation views">
  <button type="button" id="rec-view-sheet" class="rec-view" aria-pressed="true" aria-controls="rec-sheet-view">Statement</button>
  <button type="button" id="rec-view-unapplied" class="rec-view" aria-pressed="false" aria-controls="rec-unapplied-view">Unapplied cash</button>
  <button type="button" id="rec-view-confirmations" class="rec-view" aria-pressed="false" aria-controls="rec-confirmations-view">Confirmations</button>
</div>

<div id="rec-sheet-view" class="rec-view-panel">
  <form id="rec-form" novalidate>
    <div class="field">
      <label for="rec-customer">Customer</label>
      <input id="rec-customer" placeholder="Customer id, e.g. C00042" spellcheck="false" autocomplete="off" />
    </div>
    <div class="field">
      <label for="rec-as-of">Statement date</label>
      <input id="rec-as-of" type="date" />
    </div>
    <div class="actions">
      <fluent-button id="rec-prepare" type="button" appearance="primary">Prepare sheet</fluent-button>
    </div>
    <details id="rec-mapping" class="rec-mapping">
      <summary>Statement columns (if you pasted the customer's own layout)</summary>
      <p class="hint">Which columns of the pasted block hold each field. The sheet's template is O, P, Q, R; the paste area runs from O to AD.</p>
      <div class="rec-grid">
        <div class="field"><label for="rec-map-reference">Reference</label><input id="rec-map-reference" value="O" maxlength="2" spellcheck="false" /></div>
        <div class="field"><label for="rec-map-date">Date</label><input id="rec-map-date" value="P" maxlength="2" spellcheck="false" /></div>
        <div class="field"><label for="rec-map-amount">Amount</label><input id="rec-map-amount" value="Q" maxlength="2" spellcheck="false" /></div>
        <div class="field"><label for="rec-map-type">Type (optional)</label><input id="rec-map-type" value="R" maxlength="2" spellcheck="false" /></div>
      </div>
      <label class="check"><input id="rec-heading-row" type="checkbox" /> The first pasted row holds their column headings</label>
      <label class="check"><input id="rec-flip-signs" type="checkbox" /> Amounts are from their books (invoices negative): flip the signs</label>
      <div class="field">
        <label for="rec-date-order">Dates typed as text</label>
        <select id="rec-date-order">
          <option value="dmy">Day/month/year (31/12/2026)</option>
          <option value="mdy">Month/day/year (12/31/2026)</option>
        </select>
      </div>
    </details>
    <div class="field">
      <label for="rec-notes">Notes (stored with the reconciliation)</label>
      <textarea id="rec-notes" rows="2"></textarea>
    </div>
    <div class="actions">
      <fluent-button id="rec-match" type="button">Match</fluent-button>
      <fluent-button id="rec-submit" type="button" appearance="primary">Submit</fluent-button>
    </div>
  </form>
  <div id="rec-status" class="rec-status" role="status" aria-live="polite"></div>
</div>

<div id="rec-unapplied-view" class="rec-view-panel" hidden>
  <p class="hint">Pulls each unapplied payment or credit with the server's suggested allocations into a sheet. Type Yes in Accept (edit the invoice or amount if needed), then Submit accepted.</p>
  <div class="field">
    <label for="unapplied-as-of">As of</label>
    <input id="unapplied-as-of" type="date" />
  </div>
  <div class="field">
    <label for="unapplied-customer">Customer</label>
    <input id="unapplied-customer" placeholder="All customers" spellcheck="false" autocomplete="off" />
  </div>
  <div class="actions">
    <fluent-button id="unapplied-pull" type="button" appearance="primary">Pull unapplied cash</fluent-button>
    <fluent-button id="unapplied-submit" type="button">Submit accepted</fluent-button>
  </div>
  <div id="unapplied-status" class="rec-status" role="status" aria-live="polite"></div>
</div>

<div id="rec-confirmations-view" class="rec-view-panel" hidden>
  <div class="rec-grid">
    <div class="field">
      <label for="conf-quarter">Quarter</label>
      <input id="conf-quarter" placeholder="2026-Q3" spellcheck="false" />
    </div>
    <div class="field">
      <label for="conf-top">Top balances</label>
      <input id="conf-top" type="number" min="1" max="500" value="20" />
    </div>
  </div>
  <div class="actions">
    <fluent-button id="conf-load" type="button" appearance="primary">Show confirmations</fluent-button>
  </div>
  <div id="conf-status" class="rec-status" role="status" aria-live="polite"></div>
  <ul id="conf-list" class="conf-list"></ul>
</div>
`;

export const REC_PANE_STYLE = `
.rec-views {
  display: flex;
  gap: 4px;
  margin-bottom: 12px;
}
.rec-view {
  flex: 1;
  min-height: 28px;
  font: inherit;
  font-size: var(--fontSizeBase200, 12px);
  color: inherit;
  background: var(--colorNeutralBackground1, #ffffff);
  border: 1px solid var(--colorNeutralStroke1, #d1d1d1);
  border-radius: var(--borderRadiusMedium, 4px);
  cursor: pointer;
}
.rec-view[aria-pressed='true'] {
  color: var(--colorNeutralForegroundOnBrand, #ffffff);
  background: var(--colorBrandBackground, #0f6cbd);
  border-color: var(--colorBrandBackground, #0f6cbd);
}
.rec-view-panel[hidden] {
  display: none;
}
.rec-grid {
  display: grid;
  grid-template-columns: 1fr 1fr;
  gap: 0 8px;
}
.rec-mapping {
  margin-bottom: 12px;
}
.rec-mapping summary {
  cursor: pointer;
  margin-bottom: 8px;
  font-weight: var(--fontWeightSemibold, 600);
}
.rec-mapping .hint {
  margin: 0 0 8px;
  font-size: var(--fontSizeBase200, 12px);
  color: var(--colorNeutralForeground3, #616161);
}
.rec-view-panel > .hint {
  margin: 0 0 12px;
  font-size: var(--fontSizeBase200, 12px);
  color: var(--colorNeutralForeground3, #616161);
}
label.check {
  display: flex;
  gap: 6px;
  align-items: flex-start;
  margin-bottom: 8px;
  font-size: var(--fontSizeBase200, 12px);
}
.field textarea {
  width: 100%;
  padding: 6px 10px;
  font: inherit;
  color: inherit;
  border: 1px solid var(--colorNeutralStroke1, #d1d1d1);
  border-bottom-color: var(--colorNeutralStrokeAccessible, #616161);
  border-radius: var(--borderRadiusMedium, 4px);
  resize: vertical;
}
.field select {
  width: 100%;
  min-height: 32px;
  padding: 0 6px;
  font: inherit;
  color: inherit;
  background: var(--colorNeutralBackground1, #ffffff);
  border: 1px solid var(--colorNeutralStroke1, #d1d1d1);
  border-bottom-color: var(--colorNeutralStrokeAccessible, #616161);
  border-radius: var(--borderRadiusMedium, 4px);
}
.rec-status fluent-message-bar {
  margin-bottom: 8px;
}
.rec-status .rec-text {
  white-space: pre-line;
}
.conf-list {
  list-style: none;
  margin: 0;
  padding: 0;
}
.conf-list li {
  padding: 8px 0;
  border-bottom: 1px solid var(--colorNeutralStroke2, #e0e0e0);
}
.conf-list .conf-head {
  display: flex;
  justify-content: space-between;
  gap: 8px;
  font-weight: var(--fontWeightSemibold, 600);
}
.conf-list .conf-meta {
  font-size: var(--fontSizeBase200, 12px);
  color: var(--colorNeutralForeground3, #616161);
}
.conf-list .conf-state[data-state='confirmed'] {
  color: var(--colorPaletteGreenForeground1, #0e700e);
}
.conf-list .conf-state[data-state='disputed'] {
  color: var(--colorPaletteRedForeground1, #bc2f32);
}
.conf-list .actions {
  margin: 6px 0 0;
}
`;
