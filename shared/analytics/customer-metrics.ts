/**
 * Everything about one customer as of D, from that customer's own documents: balance and ageing, DSO family,
 * payment behaviour, credit score and recommended limit. Pure: the Worker fetches the documents, this computes.
 */
import { addDays, type IsoDate } from '../dates';
import { ageOpenItems, bucketSet, DEFAULT_BOUNDARIES } from './ageing';
import { countbackFigures, countbackMonths, MAX_COUNTBACK_MONTHS, standardDso, type MonthSales } from './dso';
import { creditScore, recommendedLimit, type CreditScore, type RecommendedLimit } from './credit-score';
import type { FinancialStatements } from './altman';
import type { Figure } from './numbers';
import { ledgerAsOf, type AllocationRow, type CreditDoc, type DebitDoc } from './open-items';
import { paymentBehaviour, type PaymentBehaviour } from './payment-index';
import { monthsEarlier } from './periods';

export interface CustomerDebit extends DebitDoc {
  docType: string;
  settledOn: IsoDate | null;
}
export interface CustomerCredit extends CreditDoc {
  docType: string;
}

export interface CustomerLedger {
  customerId: string;
  creditLimit: number;
  termsDays: number;
  debits: readonly CustomerDebit[];
  credits: readonly CustomerCredit[];
  allocations: readonly AllocationRow[];
  /** Σ unbilled (UNB) dated ≤ D. */
  unbilled: number;
  financials?: FinancialStatements | null;
}

export interface LimitPolicy {
  graceDays: number;
  maxLimit: number | null;
}

export interface CustomerMetrics {
  asOf: IsoDate;
  balance: number;
  openItems: number;
  overdue: number;
  pastDue90: number;
  unapplied: number;
  creditLimit: number;
  exposure: number;
  headroom: number;
  dso: Figure;
  bpdso: Figure;
  add: Figure;
  dsoStandard90: Figure;
  behaviour: PaymentBehaviour;
  score: CreditScore;
  limit: RecommendedLimit;
}

const isSale = (t: string) => t === 'INV';
const isCreditNote = (t: string) => t === 'CRN';

/** Net credit sales (invoices − credit notes) dated in [from, to]. */
function netSales(l: CustomerLedger, from: IsoDate, to: IsoDate): number {
  let sales = 0;
  for (const d of l.debits) if (isSale(d.docType) && d.docDate >= from && d.docDate <= to) sales += d.funcAmount;
  for (const c of l.credits) if (isCreditNote(c.docType) && c.docDate >= from && c.docDate <= to) sales -= c.funcAmount;
  return sales;
}

/**
 * Net credit sales by calendar month 'YYYY-MM' of the documents dated ≤ D, once per customer. Every other date asked
 * about is a month end before D, so each countback month is whole or ends on D: one map serves all.
 */
function salesByMonth(l: CustomerLedger, asOf: IsoDate): Map<string, number> {
  const m = new Map<string, number>();
  const add = (date: IsoDate, v: number) => m.set(date.slice(0, 7), (m.get(date.slice(0, 7)) ?? 0) + v);
  for (const d of l.debits) if (isSale(d.docType) && d.docDate <= asOf) add(d.docDate, d.funcAmount);
  for (const c of l.credits) if (isCreditNote(c.docType) && c.docDate <= asOf) add(c.docDate, -c.funcAmount);
  return m;
}

function monthlySales(byMonth: Map<string, number>, asOf: IsoDate): MonthSales[] {
  return countbackMonths(asOf, MAX_COUNTBACK_MONTHS).map((m) => ({ start: m.start, end: m.end, sales: byMonth.get(m.start.slice(0, 7)) ?? 0 }));
}

/** Receivables and not-yet-due receivables as of a date, and the countback figures from them. */
function dsoAt(l: CustomerLedger, byMonth: Map<string, number>, asOf: IsoDate) {
  const position = ledgerAsOf(l, asOf);
  const balance = position.customers[0]?.balance ?? 0;
  const notDue = position.openItems.filter((i) => i.dueDate >= asOf).reduce((s, i) => s + i.outstanding, 0);
  return { position, balance, notDue, ...countbackFigures(balance, notDue, monthlySales(byMonth, asOf), asOf) };
}

/** ADD at D and the two previous month-ends, against the nine month-ends before (CREDIT-SCORE.md). */
function addTrend(l: CustomerLedger, byMonth: Map<string, number>, asOf: IsoDate): { recent: number | null; prior: number | null } {
  const monthEnd = (k: number) => addDays(`${monthsEarlier(asOf, k - 1).slice(0, 7)}-01`, -1);
  const dates = [asOf, monthEnd(1), monthEnd(2)];
  const prior = Array.from({ length: 9 }, (_, i) => monthEnd(i + 3));
  const mean = (ds: IsoDate[]) => {
    const values = ds.map((d) => dsoAt(l, byMonth, d).add.value);
    return values.some((v) => v === null) ? null : (values as number[]).reduce((a, b) => a + b, 0) / values.length;
  };
  return { recent: mean(dates), prior: mean(prior) };
}

export function customerMetrics(l: CustomerLedger, asOf: IsoDate, policy: LimitPolicy): CustomerMetrics {
  const byMonth = salesByMonth(l, asOf);
  const now = dsoAt(l, byMonth, asOf);
  const buckets = bucketSet(DEFAULT_BOUNDARIES, 'due');
  const amounts = ageOpenItems(now.position.openItems, asOf, 'due', buckets);
  const openItems = amounts.reduce((a, b) => a + b, 0);
  const unapplied = now.position.customers[0]?.unapplied ?? 0;
  const pastDue90 = amounts.slice(buckets.findIndex((b) => b.from !== null && b.from > 90)).reduce((a, b) => a + b, 0);
  const overdue = openItems - amounts[0]!;
  const exposure = now.balance + l.unbilled;

  const behaviour = paymentBehaviour(
    l.debits.filter((d) => d.settledOn !== null && d.settledOn <= asOf).map((d) => ({ amount: d.funcAmount, docDate: d.docDate, dueDate: d.dueDate, settledOn: d.settledOn! })),
    now.position.openItems.map((i) => ({ outstanding: i.outstanding, dueDate: i.dueDate })),
    asOf,
  );
  const yearStart = addDays(monthsEarlier(asOf, 12), 1);
  const trend = addTrend(l, byMonth, asOf);
  const score = creditScore({
    paymentIndex: behaviour.index.value,
    add: now.add.value,
    addRecent3m: trend.recent,
    addPrior9m: trend.prior,
    balance: now.balance,
    unbilled: l.unbilled,
    creditLimit: l.creditLimit || null,
    openItems,
    pastDue90,
    creditNotes12m: l.credits.filter((c) => isCreditNote(c.docType) && c.docDate >= yearStart && c.docDate <= asOf).reduce((s, c) => s + c.funcAmount, 0),
    invoices12m: l.debits.filter((d) => isSale(d.docType) && d.docDate >= yearStart && d.docDate <= asOf).reduce((s, d) => s + d.funcAmount, 0),
    financials: l.financials ?? null,
  });
  const limit = recommendedLimit({
    netSales12m: netSales(l, yearStart, asOf),
    termsDays: l.termsDays,
    graceDays: policy.graceDays,
    grade: score.grade,
    policyMax: policy.maxLimit,
  });
  return {
    asOf,
    balance: now.balance,
    openItems,
    overdue,
    pastDue90,
    unapplied,
    creditLimit: l.creditLimit,
    exposure,
    headroom: l.creditLimit - exposure,
    dso: now.dso,
    bpdso: now.bpdso,
    add: now.add,
    dsoStandard90: standardDso(now.balance, netSales(l, addDays(asOf, -89), asOf), 90),
    behaviour,
    score,
    limit,
  };
}
