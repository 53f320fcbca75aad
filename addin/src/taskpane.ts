// Entry point of taskpane.js. Registers the Fluent components the page uses, finds out whether it
// runs inside Excel, and mounts the Connect pane. Office.js comes from Microsoft's CDN through a
// <script> tag in taskpane.html; when it cannot load, the pane still connects (for a browser check).
import '@fluentui/web-components/tablist.js';
import '@fluentui/web-components/tab.js';
import '@fluentui/web-components/button.js';
import '@fluentui/web-components/message-bar.js';
import '@fluentui/web-components/progress-bar.js';
import { setTheme } from '@fluentui/web-components';
import { webLightTheme } from '@fluentui/tokens';
import { ADDIN_VERSION } from './build-info';
import { createConnectionStore, memoryStorage } from './connection/storage';
import { findFigures } from './figures/bridge';
import { excelApi } from './office/excel-api';
import { detectOfficeHost } from './office/host';
import { recalculateWorkbook } from './office/recalculate';
import { mountConnectPane } from './taskpane/connect-pane';
import { mountReconciliationPane } from './taskpane/reconciliation-pane';
import { mountCreditReviewPane } from './taskpane/credit-review-pane';
import { mountRefreshData } from './taskpane/refresh-data';
import { mountReportsPane } from './taskpane/reports-pane';
import { mountCollectionsPane } from './taskpane/collections-pane';
import { mountCollectionsLettersPane } from './taskpane/collections-letters-pane';
import { mountTargetsPane } from './taskpane/targets-pane';

setTheme(webLightTheme);

async function start(): Promise<void> {
  for (const el of document.querySelectorAll('[data-addin-version]')) el.textContent = ADDIN_VERSION;
  const host = await detectOfficeHost();
  const note = document.getElementById('office-note');
  if (note) note.hidden = host.inExcel;
  if (!host.storage) {
    const hint = document.getElementById('api-token-hint');
    if (hint) hint.textContent = 'Outside Excel the token is kept only while this page is open.';
  }
  mountRefreshData(document.getElementById('panel-reports') ?? document.body, { figures: findFigures(), recalculate: recalculateWorkbook });
  const storage = host.storage ?? memoryStorage();
  mountReportsPane(document.getElementById('reports-pane') ?? document.body, {
    store: createConnectionStore(storage),
    defaultServerUrl: location.origin,
    excel: host.inExcel ? excelApi() : null,
  });
  mountCreditReviewPane(document.getElementById('credit-review-pane') ?? document.body, { store: createConnectionStore(storage), defaultServerUrl: location.origin, excel: host.inExcel ? excelApi() : null });
  mountReconciliationPane(document.getElementById('reconciliation-pane') ?? document.body, {
    store: createConnectionStore(storage),
    defaultServerUrl: location.origin,
    excel: host.inExcel ? excelApi() : null,
  });
  mountTargetsPane(document.getElementById('targets-pane') ?? document.body, { store: createConnectionStore(storage), defaultServerUrl: location.origin, excel: host.inExcel ? excelApi() : null });
  mountCollectionsPane(document.getElementById('collections-pane') ?? document.body, { store: createConnectionStore(storage), defaultServerUrl: location.origin, excel: host.inExcel ? excelApi() : null });
  mountCollectionsLettersPane(document.getElementById('collections-letters-pane') ?? document.body, { store: createConnectionStore(storage), defaultServerUrl: location.origin, excel: host.inExcel ? excelApi() : null });
  await mountConnectPane(document.getElementById('panel-connect') ?? document.body, {
    store: createConnectionStore(storage),
    defaultServerUrl: location.origin,
  });
  document.body.dataset.ready = 'true';
}

start().catch((err: unknown) => {
  console.error('The task pane failed to start', err);
});
