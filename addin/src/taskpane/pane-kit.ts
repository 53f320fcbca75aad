// What every write-back pane does the same way: its stylesheet once, a status message bar, and one user action at
// a time — signed in from the saved connection, "Working…" meanwhile, buttons re-rendered, any failure said in the
// action's own status box.
import type { Fetch } from '../api/client';
import type { ConnectionStore } from '../connection/storage';
import { ReportWriteError } from '../office/excel-report-writer';

export type Intent = 'success' | 'info' | 'warning' | 'error';
export type Button = HTMLElement & { disabled: boolean };

export function installStyle(id: string, css: string): void {
  if (document.getElementById(id)) return;
  const style = document.createElement('style');
  style.id = id;
  style.textContent = css;
  document.head.append(style);
}

/** One Fluent message bar in `box` (or none, for null). */
export function say(box: HTMLElement, intent: Intent | null, text = ''): void {
  if (intent === null) return box.replaceChildren();
  const bar = document.createElement('fluent-message-bar');
  bar.setAttribute('intent', intent);
  bar.setAttribute('layout', 'multiline');
  bar.className = `status-${intent}`;
  bar.textContent = text;
  box.replaceChildren(bar);
}

/** An error as a sentence for the status box. */
export function errorText(err: unknown): string {
  if (err instanceof ReportWriteError) return err.message;
  const text = err instanceof Error ? err.message : String(err);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export interface PaneConnection {
  store: ConnectionStore;
  defaultServerUrl: string;
  fetch?: Fetch;
}

export interface PaneRunner<Api> {
  readonly busy: boolean;
  task(box: HTMLElement, work: (api: Api) => Promise<void>): Promise<void>;
}

/** `create` builds the pane's API client from the saved connection; `render` re-renders the buttons from `busy`. */
export function paneRunner<Api>(
  connection: PaneConnection,
  create: (c: { serverUrl: string; token: string; fetch?: Fetch }) => Api,
  render: () => void,
): PaneRunner<Api> {
  let busy = false;
  return {
    get busy() {
      return busy;
    },
    async task(box, work) {
      if (busy) return;
      const saved = await connection.store.load();
      if (!saved.token) return say(box, 'error', 'Sign in on the Connect tab first.');
      const api = create({ serverUrl: saved.serverUrl ?? connection.defaultServerUrl, token: saved.token, fetch: connection.fetch });
      busy = true;
      render();
      say(box, 'info', 'Working…');
      try {
        await work(api);
      } catch (err) {
        say(box, 'error', errorText(err));
      } finally {
        busy = false;
        render();
      }
    },
  };
}
