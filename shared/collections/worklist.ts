/**
 * Who to work today, and why. Each customer's priority is a sum of points, each with its reason, so the ranking
 * can be explained line by line:
 *  - overdue money, weighted by age: 1 point per 1,000.00 (functional) overdue 1–30 days, 2 for 31–60, 3 for
 *    61–90, 4 beyond 90 — older debt is harder to collect, so it comes first; disputed amounts are left out
 *    (they are being worked by whoever owns the dispute);
 *  - a broken promise in the last 30 days: 50 points each (the customer said they would pay and did not);
 *  - a promise falling due today or tomorrow: 20 points (a reminder call while it can still be kept);
 *  - a next action date reached (today or earlier): 30 points;
 *  - grade D: ×1.25, grade E: ×1.5 on the total (riskier customers first, for the same amount).
 * Customers with nothing overdue, no promise and no action due are not listed.
 */
export interface WorkInput {
  customerId: string;
  /** Collectible overdue (functional minor units) by age: 1–30, 31–60, 61–90, 91+. */
  overdueByAge: [number, number, number, number];
  brokenPromises: number;
  promisesDueSoon: number;
  nextActionDue: boolean;
  grade: string | null;
}

export interface WorkItem {
  customerId: string;
  priority: number;
  reasons: string[];
}

const WEIGHTS = [1, 2, 3, 4];
const AGES = ['1–30', '31–60', '61–90', '91+'];
const UNIT = 100_000; // 1,000.00 in minor units of a 2-decimal functional currency

export function prioritise(inputs: readonly WorkInput[], money: (minor: number) => string): WorkItem[] {
  const items: WorkItem[] = [];
  for (const c of inputs) {
    let points = 0;
    const reasons: string[] = [];
    c.overdueByAge.forEach((amount, i) => {
      if (amount <= 0) return;
      const p = (amount / UNIT) * WEIGHTS[i]!;
      points += p;
      reasons.push(`${money(amount)} overdue ${AGES[i]} days (${round(p)} pts)`);
    });
    if (c.brokenPromises) {
      points += 50 * c.brokenPromises;
      reasons.push(`${c.brokenPromises} broken promise${c.brokenPromises > 1 ? 's' : ''} in the last 30 days (${50 * c.brokenPromises} pts)`);
    }
    if (c.promisesDueSoon) {
      points += 20;
      reasons.push('a promise falls due today or tomorrow (20 pts)');
    }
    if (c.nextActionDue) {
      points += 30;
      reasons.push('next action date reached (30 pts)');
    }
    if (!reasons.length) continue;
    const factor = c.grade === 'E' ? 1.5 : c.grade === 'D' ? 1.25 : 1;
    if (factor !== 1) reasons.push(`grade ${c.grade}: ×${factor}`);
    items.push({ customerId: c.customerId, priority: round(points * factor), reasons });
  }
  return items.sort((a, b) => b.priority - a.priority || (a.customerId < b.customerId ? -1 : 1));
}

const round = (n: number) => Math.round(n * 100) / 100;
