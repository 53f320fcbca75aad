// Entry point of functions.js, loaded by taskpane.html: in the shared runtime the task pane page is
// also the custom functions' runtime page (manifest: <Runtime resid="Taskpane.Url" lifetime="long"/>).
// It registers at load, not in Office.onReady, so a recalculation that starts the runtime finds
// every function associated as soon as the script has run.
import { customFunctions } from './functions/index';
import { associateAll } from './office/custom-functions';

associateAll(customFunctions);
