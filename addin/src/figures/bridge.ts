// functions.js and taskpane.js are two bundles in one shared runtime (one window): the functions'
// batch client is published on the window so the task pane can refresh it and show its status.
import type { BatchClient, FiguresStatus } from './batch-client';

export interface FiguresBridge {
  refreshAll(): void;
  status(): FiguresStatus;
  onStatus(listener: (status: FiguresStatus) => void): () => void;
}

const KEY = '__arFigures';
type Holder = { [KEY]?: FiguresBridge };

export function publishFigures(client: BatchClient, scope: object = globalThis): void {
  (scope as Holder)[KEY] = { refreshAll: client.refreshAll, status: client.status, onStatus: client.onStatus };
}

/** The functions' client, or null when functions.js is not loaded in this window. */
export function findFigures(scope: object = globalThis): FiguresBridge | null {
  return (scope as Holder)[KEY] ?? null;
}
