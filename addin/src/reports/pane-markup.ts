// The Reports pane's markup and the few styles it adds to taskpane.html's (native inputs and selects
// dressed as Fluent's, like the Connect pane's). Kept apart from the pane's behaviour.
export const PANE_MARKUP = `
<div id="report-freshness" class="report-freshness" role="status" aria-live="polite"></div>
<form id="report-form" novalidate>
  <div class="field">
    <label for="report-kind">Report</label>
    <select id="report-kind"></select>
    <span id="report-summary" class="hint"></span>
  </div>
  <div class="field">
    <label for="report-as-of">As of</label>
    <input id="report-as-of" type="date" />
  </div>
  <div class="field" data-option="groupBy">
    <label for="report-group-by">Group by</label>
    <select id="report-group-by">
      <option value="customer">Customer</option>
      <option value="vertical">Vertical</option>
      <option value="region">Region</option>
      <option value="collector">Collector</option>
    </select>
  </div>
  <div class="field" data-option="basis">
    <label for="report-basis">Basis</label>
    <select id="report-basis">
      <option value="due">Days past due</option>
      <option value="document">Days since the document</option>
    </select>
  </div>
  <div class="field" data-option="buckets">
    <label for="report-buckets">Bucket set</label>
    <input id="report-buckets" value="30,60,90,120" inputmode="numeric" spellcheck="false" aria-describedby="report-buckets-hint" />
    <span id="report-buckets-hint" class="hint">Upper bounds in days, e.g. 30,60,90,120.</span>
  </div>
  <div class="field" data-option="method">
    <label for="report-method">DSO method</label>
    <select id="report-method">
      <option value="countback">Countback</option>
      <option value="standard">Standard (90 days)</option>
    </select>
  </div>
  <div class="field" data-option="customer">
    <label for="report-customer">Customer</label>
    <input id="report-customer" placeholder="All customers" spellcheck="false" />
  </div>
  <div class="actions">
    <fluent-button id="run-report" type="button" appearance="primary">Write report</fluent-button>
    <fluent-button id="cancel-report" type="button" disabled>Cancel</fluent-button>
  </div>
</form>
<div id="report-progress" class="report-progress" hidden>
  <fluent-progress-bar id="report-progress-bar" aria-label="Report progress" max="100"></fluent-progress-bar>
  <p id="report-progress-text" class="status-busy" aria-live="polite"></p>
</div>
<div id="report-status" role="status" aria-live="polite"></div>
`;

export const PANE_STYLE = `
#report-form .field[hidden] {
  display: none;
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
.field select:focus {
  outline: none;
  border-bottom: 2px solid var(--colorCompoundBrandStroke, #0f6cbd);
}
.report-progress {
  display: flex;
  flex-direction: column;
  gap: 4px;
  margin-bottom: 12px;
}
.report-progress[hidden] {
  display: none;
}
.report-progress p {
  margin: 0;
}
#report-status fluent-message-bar,
.report-freshness fluent-message-bar {
  margin-bottom: 8px;
}
.report-sheets {
  margin: 0 0 12px;
  padding-left: 18px;
  font-size: var(--fontSizeBase200, 12px);
  line-height: var(--lineHeightBase200, 16px);
}
.report-sheets li[data-freshness='stale'],
.report-sheets li[data-freshness='incomplete'] {
  color: var(--colorPaletteRedForeground1, #bc2f32);
}
`;
