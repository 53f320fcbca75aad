/** The cheque lifecycle: which action may follow which state, and on which dates. Pure. */
export const CHEQUE_STATES = ['received', 'deposited', 'cleared', 'returned', 'cancelled'] as const;
export type ChequeState = (typeof CHEQUE_STATES)[number];
export const CHEQUE_ACTIONS = ['deposit', 'clear', 'return', 'cancel'] as const;
export type ChequeAction = (typeof CHEQUE_ACTIONS)[number];

const MOVES: Record<ChequeAction, { from: readonly ChequeState[]; to: ChequeState }> = {
  deposit: { from: ['received'], to: 'deposited' },
  clear: { from: ['deposited'], to: 'cleared' },
  return: { from: ['deposited', 'cleared'], to: 'returned' },
  cancel: { from: ['received'], to: 'cancelled' },
};

export interface ChequeDates {
  state: ChequeState;
  chequeDate: string;
  receivedOn: string;
  depositedOn: string | null;
}

/** The new state, or why the action is refused. */
export function chequeMove(c: ChequeDates, action: ChequeAction, on: string): { ok: true; to: ChequeState } | { ok: false; reason: string } {
  const move = MOVES[action];
  if (!move.from.includes(c.state)) return { ok: false, reason: `a ${c.state} cheque cannot be ${move.to}` };
  if (action === 'deposit' && on < c.chequeDate) return { ok: false, reason: `a post-dated cheque is not deposited before its date (${c.chequeDate})` };
  if (action === 'cancel' && on < c.receivedOn) return { ok: false, reason: `the date is before the cheque was received (${c.receivedOn})` };
  if ((action === 'clear' || action === 'return') && c.depositedOn && on < c.depositedOn) return { ok: false, reason: `the date is before the deposit (${c.depositedOn})` };
  return { ok: true, to: move.to };
}
