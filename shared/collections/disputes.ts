/** The dispute lifecycle: which status may follow which, and what a resolution needs. */
export const DISPUTE_REASONS = ['pricing', 'quantity', 'quality', 'delivery', 'billing_error', 'other'] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];
export const DISPUTE_STATUSES = ['open', 'in_review', 'resolved_credit_note', 'resolved_customer_pays', 'rejected'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

const NEXT: Record<DisputeStatus, readonly DisputeStatus[]> = {
  open: ['in_review', 'resolved_credit_note', 'resolved_customer_pays', 'rejected'],
  in_review: ['open', 'resolved_credit_note', 'resolved_customer_pays', 'rejected'],
  resolved_credit_note: [],
  resolved_customer_pays: [],
  rejected: [],
};

export const isClosed = (s: DisputeStatus) => NEXT[s].length === 0;

/** null when the move is allowed, else why not. A closed dispute stays closed: a new problem is a new dispute. */
export function checkTransition(from: DisputeStatus, to: DisputeStatus, rootCause: string): string | null {
  if (from === to) return null;
  if (!NEXT[from].includes(to)) return `a ${from} dispute cannot become ${to}${isClosed(from) ? ' (it is closed; open a new dispute)' : ''}`;
  if (isClosed(to) && to !== 'rejected' && !rootCause.trim()) return `resolving a dispute (${to}) needs its root cause`;
  return null;
}
