// "Refresh AR data": drops the custom functions' cached results and has Excel recalculate, so every
// AR formula asks the server again. Beside it, what the functions last heard from the server, and a
// warning while cells show cached values because the server could not be reached.
import type { FiguresStatus } from '../figures/batch-client';
import type { FiguresBridge } from '../figures/bridge';

export interface RefreshDataOptions {
  /** The functions' client in this runtime; null when functions.js is not loaded. */
  figures: FiguresBridge | null;
  /** Recalculates the workbook; false outside Excel. */
  recalculate(): Promise<boolean>;
}

export function mountRefreshData(root: HTMLElement, { figures, recalculate }: RefreshDataOptions): void {
  const button = required<HTMLElement & { disabled: boolean }>(root, '#refresh-data');
  const statusLine = required<HTMLElement>(root, '#functions-status');
  const warning = required<HTMLElement>(root, '#functions-warning');

  const show = (status: FiguresStatus | null, note = '') => {
    statusLine.textContent = [note, status ? dataLine(status) : ''].filter(Boolean).join(' ');
    const cached = status ? cachedWarning(status) : null;
    warning.hidden = cached === null;
    warning.textContent = cached ?? '';
  };

  if (!figures) {
    button.disabled = true;
    show(null, 'The AR functions are not loaded on this page.');
    return;
  }
  figures.onStatus((status) => show(status));
  show(figures.status());

  button.addEventListener('click', () => {
    if (button.disabled) return;
    button.disabled = true;
    figures.refreshAll();
    show(figures.status(), 'Recalculating…');
    recalculate()
      .then(
        (recalculated) => (recalculated ? 'Every AR formula is asking the server again.' : 'Cached AR results dropped. Recalculate in Excel to fetch them again.'),
        (err: unknown) => `Cached AR results dropped, but Excel did not recalculate: ${err instanceof Error ? err.message : String(err)}`,
      )
      .then((note) => {
        button.disabled = false;
        show(figures.status(), note);
      });
  });
}

/** "AR data as of 2026-06-30 (version 12)." once the functions have heard from the server. */
export function dataLine(status: FiguresStatus): string {
  if (status.dataVersion === null) return '';
  return `AR data as of ${status.dataDate ?? 'no data loaded'} (version ${status.dataVersion}).`;
}

/** The warning while cells show cached values, or null. */
export function cachedWarning(status: FiguresStatus): string | null {
  if (status.cachedAnswers === 0) return null;
  const cells = status.cachedAnswers === 1 ? '1 cell' : `${status.cachedAnswers.toLocaleString('en-US')} cells`;
  return `Showing cached values in ${cells}: ${status.problem ?? 'the server could not be reached.'} Refresh AR data to try again.`;
}

function required<T extends Element>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`taskpane.html lacks ${selector}`);
  return element;
}
