/**
 * Evaluates a batch of custom-function calls with a handful of set-based queries: every distinct data need
 * (an ageing by customer for an as-of date and bucket set, sales for a date, metrics for a set of customers) is
 * loaded once, per customer, for all customers, and each call's figure is summed from its scope's members.
 * Group figures (DSO, CEI) are computed from the group's totals.
 */
import { ageingRow, bucketSet, sumAgeing, type AgeingRow } from '../../../shared/analytics/ageing';
import { cei } from '../../../shared/analytics/cei';
import type { CustomerMetrics } from '../../../shared/analytics/customer-metrics';
import { countbackFigures, countbackMonths, daysDelinquent, MAX_COUNTBACK_MONTHS, standardDso, sumMonthlySales, type MonthSales } from '../../../shared/analytics/dso';
import { roundForDisplay, type Figure } from '../../../shared/analytics/numbers';
import { addDays, addMonths } from '../../../shared/dates';
import { toDecimal } from '../../../shared/money';
import { formatScope, type Scope } from '../../../shared/scope';
import { ageing } from '../analytics/ageing';
import { metricsForMany } from '../analytics/metrics';
import { findMatrix, type StoredMatrix } from '../analytics/ecl';
import { AppError } from '../errors';
import { eclAllowance } from '../../../shared/analytics/ecl';
import { monthlySalesSql, windowSalesSql } from '../analytics/sales-sql';
import type { LedgerState } from '../queries/settings';
import type { FunctionCall } from './calls';
import { TargetFigures } from '../targets/functions';
import { FigureArgumentError, FigureNotAvailable, ForecastFigures } from '../forecast/functions';
import type { ShareLoad } from '../cache';

export type CellValue = number | string | (number | string)[][];
export class NotAvailable extends Error {}

interface CustomerInfo {
  id: string;
  name: string;
  vertical: string;
  region: string;
  collector: string;
  credit_limit: number;
  payment_terms_days: number;
}

/** Loads each distinct data need once per batch. */
class Loader {
  private memo = new Map<string, Promise<unknown>>();
  /** `share`: loads other requests on the same data may reuse (worker/src/cache.ts); only for loads keyed on all they depend on. */
  constructor(readonly db: D1Database, readonly state: LedgerState, private readonly share?: ShareLoad) {}

  private once<T>(key: string, load: () => Promise<T>, shareable = false): Promise<T> {
    if (!this.memo.has(key)) this.memo.set(key, shareable && this.share ? this.share(key, load) : load());
    return this.memo.get(key) as Promise<T>;
  }

  /** A load that depends only on the stored data (and the view) and its key. */
  private shared<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.once(key, load, true);
  }

  customers(): Promise<Map<string, CustomerInfo>> {
    return this.shared('customers', async () => {
      const { results } = await this.db
        .prepare('SELECT id, name, vertical, region, collector, credit_limit, payment_terms_days FROM customers ORDER BY id')
        .all<CustomerInfo>();
      return new Map(results.map((c) => [c.id, c]));
    });
  }

  /** Aged balance per customer (customers with nothing open are absent). */
  ageingByCustomer(asOf: string, basis: 'due' | 'document', boundaries: number[]): Promise<Map<string, AgeingRow>> {
    return this.shared(`ageing|${asOf}|${basis}|${boundaries.join(',')}`, async () => {
      const r = await ageing(this.db, this.state, { asOf, basis, boundaries, groupBy: 'customer', check: false });
      return new Map(r.rows.map((row) => [row.key, row]));
    });
  }

  unbilled(asOf: string): Promise<Map<string, number>> {
    return this.shared(`unbilled|${asOf}`, async () => {
      const { results } = await this.db
        .prepare("SELECT customer_id AS id, SUM(func_amount) AS n FROM documents WHERE kind = 'U' AND doc_date <= ?1 GROUP BY 1")
        .bind(asOf)
        .all<{ id: string; n: number }>();
      return new Map(results.map((r) => [r.id, r.n]));
    });
  }

  /** Net credit sales per customer by countback month (newest first) for D. */
  monthlySales(asOf: string): Promise<{ months: ReturnType<typeof countbackMonths>; byCustomer: Map<string, Map<string, number>> }> {
    return this.shared(`months|${asOf}`, async () => {
      const months = countbackMonths(asOf, MAX_COUNTBACK_MONTHS);
      const { results } = await this.db
        .prepare(monthlySalesSql('customer', undefined))
        .bind(months.at(-1)!.start, asOf, ...Array(6).fill(null), '')
        .all<{ key: string; month: string; sales: number }>();
      const byCustomer = new Map<string, Map<string, number>>();
      for (const r of results) {
        if (!byCustomer.has(r.key)) byCustomer.set(r.key, new Map());
        byCustomer.get(r.key)!.set(r.month, r.sales);
      }
      return { months, byCustomer };
    });
  }

  windowSales(from: string, to: string): Promise<Map<string, number>> {
    return this.shared(`window|${from}|${to}`, async () => {
      const { results } = await this.db
        .prepare(windowSalesSql('customer', undefined))
        .bind(from, to, ...Array(6).fill(null), '')
        .all<{ key: string; sales: number }>();
      return new Map(results.map((r) => [r.key, r.sales]));
    });
  }

  matrix(ref: string | null): Promise<StoredMatrix> {
    return this.shared(`matrix|${ref ?? ''}`, async () => {
      try {
        return await findMatrix(this.db, ref);
      } catch (err) {
        if (err instanceof AppError && err.code === 'not_found') throw new NotAvailable(err.message);
        throw err;
      }
    });
  }

  /** Metrics of every customer any call of this batch asks about for D: one set of queries. */
  metrics(asOf: string, id: string, wanted: Set<string>): Promise<CustomerMetrics | undefined> {
    // Not shared: it covers only the customers this batch asks about.
    return this.once(`metrics|${asOf}`, async () => {
      const customers = await this.customers();
      const list = [...wanted].map((w) => customers.get(w)).filter((c): c is CustomerInfo => !!c);
      return metricsForMany(this.db, list, asOf);
    }).then((m) => (m as Map<string, CustomerMetrics>).get(id));
  }
}

export class BatchEvaluator {
  private readonly loader: Loader;
  /** Customers per as-of date that score-type calls ask about, gathered before evaluation. */
  private readonly wanted = new Map<string, Set<string>>();
  /** AR.TARGET and AR.ACTUAL figures of this batch (issue 8). */
  private targetFigures: TargetFigures | undefined;
  private forecastFigures: ForecastFigures | undefined;

  constructor(db: D1Database, private readonly state: LedgerState, share?: ShareLoad) {
    this.loader = new Loader(db, state, share);
  }

  private asOf(d: string | null): string {
    return d ?? this.state.dataDate ?? new Date().toISOString().slice(0, 10);
  }

  private money(minor: number): number {
    return toDecimal(minor, this.state.currency);
  }

  /** Announce a call before evaluating, so per-customer loads can be made for all customers at once. */
  plan(call: FunctionCall) {
    if (call.fn === 'CREDITSCORE' || call.fn === 'SCOREDETAIL' || call.fn === 'PAYINDEX') {
      const d = this.asOf(call.asOf);
      if (!this.wanted.has(d)) this.wanted.set(d, new Set());
      this.wanted.get(d)!.add(call.scope.value);
    }
  }

  private async members(scope: Scope): Promise<CustomerInfo[]> {
    const customers = await this.loader.customers();
    if (scope.kind === 'customer') {
      const c = customers.get(scope.value);
      if (!c) throw new NotAvailable(`unknown customer ${scope.value}`);
      return [c];
    }
    const all = [...customers.values()];
    const list = scope.kind === 'all' ? all : all.filter((c) => c[scope.kind as 'vertical' | 'region' | 'collector'] === scope.value);
    if (!list.length) throw new NotAvailable(`no customers in ${formatScope(scope)}`);
    return list;
  }

  private async aged(scope: Scope, asOf: string, basis: 'due' | 'document', boundaries: number[]): Promise<AgeingRow> {
    const [members, rows] = await Promise.all([this.members(scope), this.loader.ageingByCustomer(asOf, basis, boundaries)]);
    const n = bucketSet(boundaries, basis).length;
    return sumAgeing(members.map((m) => rows.get(m.id) ?? ageingRow(Array(n).fill(0), 0)), n);
  }

  private figure(f: Figure, what: string): number {
    if (f.value === null) throw new NotAvailable(`no ${what}: ${f.reason}`);
    return roundForDisplay(f.value, 2);
  }

  async evaluate(call: FunctionCall): Promise<CellValue> {
    switch (call.fn) {
      case 'AGEING': {
        const asOf = this.asOf(call.asOf);
        const buckets = bucketSet(call.boundaries, call.basis);
        const row = await this.aged(call.scope, asOf, call.basis, call.boundaries);
        const values = [...row.amounts, row.unapplied, row.total].map((m) => this.money(m));
        if (call.bucket === null) return [values];
        const labels = [...buckets.map((b) => b.label), 'unapplied', 'total'];
        const i = labels.findIndex((l) => l.toLowerCase() === call.bucket!.toLowerCase());
        if (i < 0) throw new ArgumentFault(`bucket must be one of ${labels.join(', ')}`);
        return values[i]!;
      }
      case 'BALANCE':
        return this.money((await this.aged(call.scope, this.asOf(call.asOf), 'due', [30])).total);
      case 'OVERDUE': {
        const boundaries = call.minDays > 1 ? [call.minDays - 1] : [30];
        const row = await this.aged(call.scope, this.asOf(call.asOf), 'due', boundaries);
        const overdue = call.minDays > 1 ? row.amounts.at(-1)! : row.amounts.slice(1).reduce((a, b) => a + b, 0);
        return this.money(overdue);
      }
      case 'CREDITLIMIT':
        return this.money((await this.members(call.scope)).reduce((s, c) => s + c.credit_limit, 0));
      case 'EXPOSURE':
      case 'HEADROOM': {
        const asOf = this.asOf(call.asOf);
        const [members, row, unbilled] = await Promise.all([this.members(call.scope), this.aged(call.scope, asOf, 'due', [30]), this.loader.unbilled(asOf)]);
        const exposure = row.total + members.reduce((s, m) => s + (unbilled.get(m.id) ?? 0), 0);
        return this.money(call.fn === 'EXPOSURE' ? exposure : members.reduce((s, c) => s + c.credit_limit, 0) - exposure);
      }
      case 'DSO':
        return this.dso(call);
      case 'CEI': {
        const asOf = this.asOf(call.asOf);
        const start = addMonths(asOf, -(call.months - 1));
        const [members, closing, opening, sales] = await Promise.all([
          this.members(call.scope),
          this.aged(call.scope, asOf, 'due', [30]),
          this.aged(call.scope, addDays(start, -1), 'due', [30]),
          this.loader.windowSales(start, asOf),
        ]);
        const s = members.reduce((t, m) => t + (sales.get(m.id) ?? 0), 0);
        return this.figure(cei({ openingAr: opening.total, creditSales: s, months: call.months, closingAr: closing.total, closingCurrentAr: closing.amounts[0]! }), 'CEI');
      }
      case 'CREDITSCORE':
      case 'SCOREDETAIL':
      case 'PAYINDEX': {
        await this.members(call.scope);
        const asOf = this.asOf(call.asOf);
        const m = (await this.loader.metrics(asOf, call.scope.value, this.wanted.get(asOf) ?? new Set([call.scope.value])))!;
        if (call.fn === 'CREDITSCORE') return m.score.score;
        if (call.fn === 'PAYINDEX') return this.figure(m.behaviour.index, 'payment index');
        const cell = (v: number | null) => (v === null ? '' : roundForDisplay(v, 2));
        return [
          ['driver', 'value', 'points', 'weight'],
          ...m.score.drivers.map((d) => [d.driver, cell(d.value), cell(d.points), cell(d.weight)]),
          ['score', m.score.score, '', ''],
          ['grade', m.score.grade, '', ''],
          ['recommended limit', this.money(m.limit.limit), '', ''],
          ['model version', m.score.modelVersion, '', ''],
        ];
      }
      case 'ECL': {
        const matrix = await this.loader.matrix(call.matrix);
        const row = await this.aged(call.scope, this.asOf(call.asOf), 'due', matrix.boundaries);
        return this.money(eclAllowance(row.amounts, matrix).totalAllowance);
      }
      case 'CUSTOMERS':
        return (await this.members(call.scope)).map((c) => [c.id, c.name, c.vertical, c.region, c.collector]);
      // Targets and performance (issue 8).
      case 'TARGET':
      case 'ACTUAL': {
        this.targetFigures ??= new TargetFigures(this.loader.db, this.state, new Date().toISOString().slice(0, 10));
        const f = call.fn === 'TARGET' ? await this.targetFigures.target(call) : await this.targetFigures.actual(call);
        return this.figure(f, call.fn === 'TARGET' ? 'target' : 'actual');
      }
      // Cash-in forecast and roll rates (issue 12).
      case 'FORECAST':
      case 'ROLLRATE': {
        this.forecastFigures ??= new ForecastFigures(this.loader.db, this.state);
        const ids = (await this.members(call.scope)).map((m) => m.id);
        try {
          if (call.fn === 'FORECAST') return this.money(await this.forecastFigures.forecast(ids, call.week, this.asOf(call.asOf)));
          return roundForDisplay(await this.forecastFigures.rollRate(ids, call.fromBucket, call.toBucket, call.month), 2);
        } catch (err) {
          if (err instanceof FigureArgumentError) throw new ArgumentFault(err.message);
          if (err instanceof FigureNotAvailable) throw new NotAvailable(err.message);
          throw err;
        }
      }
    }
  }

  private async dso(call: Extract<FunctionCall, { fn: 'DSO' }>): Promise<number> {
    const asOf = this.asOf(call.asOf);
    const [members, row] = await Promise.all([this.members(call.scope), this.aged(call.scope, asOf, 'due', [30])]);
    const currentAr = Math.max(row.amounts[0]!, 0);
    if (call.method === 'standard') {
      const sales = await this.loader.windowSales(addDays(asOf, 1 - call.days), asOf);
      const total = members.reduce((s, m) => s + (sales.get(m.id) ?? 0), 0);
      return this.figure(standardDso(row.total, total, call.days), 'DSO');
    }
    const { months, byCustomer } = await this.loader.monthlySales(asOf);
    const series = (id: string): MonthSales[] => months.map((m) => ({ start: m.start, end: m.end, sales: byCustomer.get(id)?.get(m.start.slice(0, 7)) ?? 0 }));
    const f = countbackFigures(row.total, currentAr, sumMonthlySales(members.map((m) => series(m.id))), asOf);
    if (call.method === 'bpdso') return this.figure(f.bpdso, 'best possible DSO');
    if (call.method === 'add') return this.figure(daysDelinquent(f.dso, f.bpdso), 'ADD');
    return this.figure(f.dso, 'DSO');
  }
}

/** A bad argument found only with the data (e.g. a bucket label the bucket set does not have). */
export class ArgumentFault extends Error {}
