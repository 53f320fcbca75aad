/**
 * Collection insights, each with a plain sentence for a report: movers (customers whose overdue amount, DSO or
 * limit utilisation worsened most since the previous month-end, with the driver that moved most), concentration
 * (share of the balance in the largest customers), customers over their limit, and customers with no payment
 * history (their forecast uses a fallback delay). Amounts in functional minor units.
 */
import { formatMoney as plain } from '../money';

const formatMoney = (minor: number, currency: string) => `${currency} ${plain(minor, currency)}`;

export interface CustomerSnapshot {
  id: string;
  name: string;
  /** Net balance (open items less unapplied credit). */
  balance: number;
  /** Past due. */
  overdue: number;
  dso: number | null;
  creditLimit: number;
}

export type Driver = 'overdue' | 'dso' | 'utilisation';

export interface Mover {
  customerId: string;
  name: string;
  driver: Driver;
  overdue: { before: number; now: number };
  dso: { before: number | null; now: number | null };
  /** Balance ÷ limit in percent, null without a limit. */
  utilisation: { before: number | null; now: number | null };
  sentence: string;
}

const pct = (x: number) => `${x.toFixed(1)} %`;
const days = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(1)}`);
const utilisationOf = (s: CustomerSnapshot | undefined) => (s && s.creditLimit > 0 ? (s.balance / s.creditLimit) * 100 : null);

/**
 * Customers ranked by how much their overdue amount grew (then by DSO and utilisation growth), only those where at
 * least one measure worsened. The driver is the measure that worsened most relative to its scale: overdue growth ÷
 * the current balance, DSO growth ÷ 30 days, utilisation growth ÷ 100 points.
 */
export function movers(now: readonly CustomerSnapshot[], before: ReadonlyMap<string, CustomerSnapshot>, since: string, top: number, currency: string): Mover[] {
  const out: (Mover & { rank: [number, number, number] })[] = [];
  for (const n of now) {
    const b = before.get(n.id);
    const overdueUp = n.overdue - (b?.overdue ?? 0);
    const dsoUp = n.dso !== null && b?.dso != null ? n.dso - b.dso : 0;
    const [uNow, uBefore] = [utilisationOf(n), utilisationOf(b)];
    const utilUp = uNow !== null ? uNow - (uBefore ?? 0) : 0;
    if (overdueUp <= 0 && dsoUp <= 0 && utilUp <= 0) continue;
    const scores: [Driver, number][] = [['overdue', overdueUp / Math.max(n.balance, 1)], ['dso', dsoUp / 30], ['utilisation', utilUp / 100]];
    const driver = scores.reduce((best, s) => (s[1] > best[1] ? s : best))[0];
    const money = (m: number) => formatMoney(m, currency);
    const parts = {
      overdue: `overdue rose from ${money(b?.overdue ?? 0)} to ${money(n.overdue)} (+${money(overdueUp)})`,
      dso: `DSO went from ${days(b?.dso ?? null)} to ${days(n.dso)} days`,
      utilisation: `limit utilisation went from ${uBefore === null ? 'n/a' : pct(uBefore)} to ${uNow === null ? 'n/a' : pct(uNow)}`,
    };
    const others = (['overdue', 'dso', 'utilisation'] as const).filter((d) => d !== driver && (d === 'overdue' ? overdueUp > 0 : d === 'dso' ? dsoUp > 0 : utilUp > 0));
    const sentence = `${n.name} (${n.id}): ${parts[driver]} since ${since}${others.length ? `; also ${others.map((d) => parts[d]).join(', ')}` : ''}.`;
    out.push({
      customerId: n.id, name: n.name, driver,
      overdue: { before: b?.overdue ?? 0, now: n.overdue }, dso: { before: b?.dso ?? null, now: n.dso }, utilisation: { before: uBefore, now: uNow },
      sentence, rank: [overdueUp, dsoUp, utilUp],
    });
  }
  out.sort((x, y) => y.rank[0] - x.rank[0] || y.rank[1] - x.rank[1] || y.rank[2] - x.rank[2] || x.customerId.localeCompare(y.customerId));
  return out.slice(0, top).map(({ rank: _rank, ...m }) => m);
}

export interface Concentration {
  top: number;
  total: number;
  topBalance: number;
  /** Percent of the total positive balance, 1 decimal. */
  share: number;
  customers: { customerId: string; name: string; balance: number; share: number }[];
  sentence: string;
}

/** The share of the balance (customers with a positive balance) held by the `top` largest. */
export function concentration(now: readonly CustomerSnapshot[], top: number, currency: string): Concentration {
  const positive = now.filter((s) => s.balance > 0).sort((a, b) => b.balance - a.balance || a.id.localeCompare(b.id));
  const total = positive.reduce((t, s) => t + s.balance, 0);
  const largest = positive.slice(0, top);
  const topBalance = largest.reduce((t, s) => t + s.balance, 0);
  const share = (m: number) => (total > 0 ? Math.round((m / total) * 1000) / 10 : 0);
  const first = largest[0];
  const sentence = total === 0
    ? 'No customer has a balance.'
    : `The ${largest.length} largest customers hold ${share(topBalance).toFixed(1)} % of the ${formatMoney(total, currency)} balance; the largest, ${first!.name} (${first!.id}), ${share(first!.balance).toFixed(1)} %.`;
  return {
    top, total, topBalance, share: share(topBalance),
    customers: largest.map((s) => ({ customerId: s.id, name: s.name, balance: s.balance, share: share(s.balance) })),
    sentence,
  };
}

export interface OverLimit {
  customerId: string;
  name: string;
  balance: number;
  creditLimit: number;
  over: number;
  sentence: string;
}

/** Customers with a limit whose balance exceeds it, the largest excess first. */
export function overLimit(now: readonly CustomerSnapshot[], currency: string): OverLimit[] {
  return now
    .filter((s) => s.creditLimit > 0 && s.balance > s.creditLimit)
    .map((s) => ({
      customerId: s.id, name: s.name, balance: s.balance, creditLimit: s.creditLimit, over: s.balance - s.creditLimit,
      sentence: `${s.name} (${s.id}) is ${formatMoney(s.balance - s.creditLimit, currency)} over its ${formatMoney(s.creditLimit, currency)} limit (${pct((s.balance / s.creditLimit) * 100)} used).`,
    }))
    .sort((a, b) => b.over - a.over || a.customerId.localeCompare(b.customerId));
}

export interface NewCustomer {
  customerId: string;
  name: string;
  balance: number;
  sentence: string;
}

/** Customers with a balance and no payment in the 12 months to the date: their forecast uses a fallback delay. */
export function withoutHistory(now: readonly CustomerSnapshot[], paid: ReadonlySet<string>, currency: string): NewCustomer[] {
  return now
    .filter((s) => s.balance > 0 && !paid.has(s.id))
    .sort((a, b) => b.balance - a.balance || a.id.localeCompare(b.id))
    .map((s) => ({
      customerId: s.id, name: s.name, balance: s.balance,
      sentence: `${s.name} (${s.id}) owes ${formatMoney(s.balance, currency)} and has paid nothing in the last 12 months: its forecast uses its vertical's or the company's payment delay.`,
    }));
}
