// The Connect pane: server URL and API token in, "who am I" from GET /api/v1/me out.
// The token goes to the connection store only after the server accepted it, and leaves the
// input as soon as it is stored, so it is not left sitting in the page.
import { ApiError, createApiClient, type Fetch, type Me } from '../api/client';
import { normalizeServerUrl } from '../connection/server-url';
import type { ConnectionStore } from '../connection/storage';

export interface ConnectPaneOptions {
  store: ConnectionStore;
  /** The server URL offered when none is saved: the page's own origin, where the Worker serves the add-in. */
  defaultServerUrl: string;
  fetch?: Fetch;
}

type Status =
  | { kind: 'idle' }
  | { kind: 'busy'; text: string }
  | { kind: 'connected'; me: Me; serverUrl: string }
  | { kind: 'info'; text: string }
  | { kind: 'error'; text: string };

export function mountConnectPane(root: HTMLElement, options: ConnectPaneOptions): Promise<void> {
  const form = required<HTMLFormElement>(root, '#connect-form');
  const serverInput = required<HTMLInputElement>(root, '#server-url');
  const tokenInput = required<HTMLInputElement>(root, '#api-token');
  const testButton = required<HTMLElement & { disabled: boolean }>(root, '#test-connection');
  const signOutButton = required<HTMLElement & { disabled: boolean }>(root, '#sign-out');
  const statusBox = required<HTMLElement>(root, '#connect-status');
  const { store } = options;

  let savedToken: string | null = null;
  let savedServerUrl: string | null = null;
  let busy = false;

  function render(status: Status): void {
    statusBox.replaceChildren(...statusView(status));
    testButton.disabled = busy;
    signOutButton.disabled = busy || savedToken === null;
    tokenInput.placeholder = savedToken ? 'Saved. Paste a new token to replace it' : 'Paste the token you were given';
  }

  async function check(serverUrl: string, token: string, remember: boolean): Promise<void> {
    busy = true;
    render({ kind: 'busy', text: `Connecting to ${serverUrl}…` });
    try {
      const me = await createApiClient({ serverUrl, token, fetch: options.fetch }).me();
      if (remember) {
        await store.save({ serverUrl, token });
        savedToken = token;
        savedServerUrl = serverUrl;
        tokenInput.value = '';
      }
      busy = false;
      render({ kind: 'connected', me, serverUrl });
    } catch (err) {
      busy = false;
      render({ kind: 'error', text: err instanceof ApiError ? err.message : `Could not connect: ${String(err)}` });
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy) return;
    const server = normalizeServerUrl(serverInput.value);
    if (!server.ok) {
      render({ kind: 'error', text: server.message });
      serverInput.focus();
      return;
    }
    serverInput.value = server.url;
    const typed = tokenInput.value.trim();
    // A saved token goes only to the server it was saved for, never to an address typed since.
    const token = typed || (server.url === savedServerUrl ? savedToken : null);
    if (!token) {
      render({ kind: 'error', text: savedToken ? `Enter your API token for ${server.url}.` : 'Enter your API token.' });
      tokenInput.focus();
      return;
    }
    void check(server.url, token, typed !== '');
  });

  // Native inputs do not submit a form whose only submit control is a custom element.
  for (const input of [serverInput, tokenInput]) {
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }

  async function signOut(): Promise<void> {
    busy = true;
    render({ kind: 'busy', text: 'Signing out…' });
    let status: Status;
    try {
      await store.signOut();
      savedToken = null;
      tokenInput.value = '';
      status = { kind: 'info', text: 'Signed out. The token was removed from this add-in.' };
    } catch (err) {
      status = { kind: 'error', text: `Could not remove the token: ${String(err)}` };
    }
    busy = false;
    render(status);
  }

  signOutButton.addEventListener('click', () => {
    if (!busy) void signOut();
  });

  return (async () => {
    render({ kind: 'idle' });
    const saved = await store.load();
    serverInput.value = saved.serverUrl ?? options.defaultServerUrl;
    savedToken = saved.token;
    savedServerUrl = saved.serverUrl;
    if (saved.serverUrl && saved.token) await check(saved.serverUrl, saved.token, false);
    else render({ kind: 'idle' });
  })();
}

function statusView(status: Status): Node[] {
  switch (status.kind) {
    case 'idle':
      return [];
    case 'busy':
      return [paragraph(status.text, 'status-busy')];
    case 'info':
      return [messageBar('info', status.text)];
    case 'error':
      return [messageBar('error', status.text)];
    case 'connected': {
      const { me, serverUrl } = status;
      const list = document.createElement('dl');
      list.className = 'identity';
      for (const [field, term, value] of [
        ['name', 'Signed in as', me.name],
        ['role', 'Role', capitalize(me.role)],
        ['data-date', 'Data as of', me.dataDate ?? 'No data loaded yet'],
        ['server', 'Server', serverUrl],
      ] as const) {
        const dt = document.createElement('dt');
        dt.textContent = term;
        const dd = document.createElement('dd');
        dd.textContent = value;
        dd.dataset.field = field;
        list.append(dt, dd);
      }
      return [messageBar('success', 'Connected.'), list];
    }
  }
}

function messageBar(intent: 'info' | 'success' | 'error', text: string): HTMLElement {
  const bar = document.createElement('fluent-message-bar');
  bar.setAttribute('intent', intent);
  bar.setAttribute('layout', 'multiline');
  bar.className = `status-${intent}`;
  bar.textContent = text;
  return bar;
}

function paragraph(text: string, className: string): HTMLElement {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function required<T extends Element>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`taskpane.html lacks ${selector}`);
  return element;
}
