/** Escalation rules: which customers to flag, to whom, and why. Pure; money is functional minor units. */
import { displayMoney } from './html';

export const RULE_KINDS = ['overdue_over_days', 'broken_promises', 'grade'] as const;
export type EscalationRule =
  | { id: string; kind: 'overdue_over_days'; days: number; amount: number; level: string }
  | { id: string; kind: 'broken_promises'; count: number; level: string }
  | { id: string; kind: 'grade'; grade: string; level: string };

export interface EscalationFacts {
  /** Open items with their days past due (functional open amounts). */
  items: readonly { daysPastDue: number; openFunc: number }[];
  /** Promises broken or partly kept, as of the date. */
  brokenPromises: number;
  grade: string | null;
}

/** The rules a customer meets, each with its reason. */
export function escalations(rules: readonly EscalationRule[], f: EscalationFacts, currency: string): { rule: EscalationRule; reason: string }[] {
  const hits: { rule: EscalationRule; reason: string }[] = [];
  for (const rule of rules) {
    if (rule.kind === 'overdue_over_days') {
      const over = f.items.filter((i) => i.daysPastDue > rule.days).reduce((s, i) => s + i.openFunc, 0);
      if (over > rule.amount) {
        hits.push({ rule, reason: `${currency} ${displayMoney(over, currency)} more than ${rule.days} days past due (over ${displayMoney(rule.amount, currency)})` });
      }
    } else if (rule.kind === 'broken_promises') {
      if (f.brokenPromises >= rule.count) hits.push({ rule, reason: `${f.brokenPromises} broken or partly kept promise(s) (${rule.count} or more)` });
    } else if (f.grade === rule.grade) {
      hits.push({ rule, reason: `credit score grade ${rule.grade}` });
    }
  }
  return hits;
}
