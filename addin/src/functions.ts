// Entry point of functions.js, loaded by taskpane.html: in the shared runtime the task pane page is
// also the custom functions' runtime page (manifest: <Runtime resid="Taskpane.Url" lifetime="long"/>).
// It registers at load, not in Office.onReady, so a recalculation that starts the runtime finds
// every function associated as soon as the script has run.
import { createBatchClient } from './figures/batch-client';
import { publishFigures } from './figures/bridge';
import { setBatchClient } from './figures/current';
import { customFunctions } from './functions/index';
import { associateAll } from './office/custom-functions';
import { savedConnection } from './office/saved-connection';

const client = createBatchClient({ connection: savedConnection });
setBatchClient(client);
publishFigures(client);
associateAll(customFunctions);
