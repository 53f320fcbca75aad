/**
 * The DSO family per group, from group totals (never an average of customers' DSOs): receivables and
 * not-yet-due receivables from the ageing query, net credit sales by month or window, then the pure
 * countback/standard functions of shared/analytics.
 */
import { ageingRow, sumAgeing, type AgeingRow } from '../../../shared/analytics/ageing';
import { cei } from '../../../shared/analytics/cei';
import {
  countbackFigures, countbackMonths, daysDelinquent, MAX_COUNTBACK_MONTHS, standardDso, sumMonthlySales, type MonthSales,
} from '../../../shared/analytics/dso';
import type { Figure } from '../../../shared/analytics/numbers';
import { addDays, addMonths } from '../../../shared/dates';
import type { GroupBy, Scope } from '../../../shared/scope';
import type { LedgerState } from '../queries/settings';
import { ageing } from './ageing';
import { monthlySalesSql, windowSalesSql } from './sales-sql';
import { scopeValue } from './scope-sql';

export type DsoMethod = 'countback' | 'standard';

export interface DsoRequest {
  asOf: string;
  method: DsoMethod;
  days: number;
  groupBy: GroupBy;
  scope?: Scope;
}

export interface DsoLine {
  key: string;
  name: string;
  ar: number;
  currentAr: number;
  /** Net credit sales behind the figure: the window (standard) or the months counted back. */
  sales: number;
  dso: Figure;
  bpdso: Figure;
  add: Figure;
}

interface Position {
  name: string;
  row: AgeingRow;
}

/** Receivables (total) and not-yet-due receivables (Current) per group, as of D. */
async function positions(db: D1Database, state: LedgerState, r: { asOf: string; groupBy: GroupBy; scope?: Scope }) {
  const aged = await ageing(db, state, { asOf: r.asOf, basis: 'due', boundaries: [30], groupBy: r.groupBy, scope: r.scope, check: false });
  return new Map<string, Position>(aged.rows.map((row) => [row.key, { name: row.name, row }]));
}

async function groupNames(db: D1Database, groupBy: GroupBy, keys: string[]): Promise<Map<string, string>> {
  if (groupBy !== 'customer' || !keys.length) return new Map(keys.map((k) => [k, k]));
  const { results } = await db
    .prepare('SELECT id, name FROM customers WHERE id IN (SELECT value FROM json_each(?1))')
    .bind(JSON.stringify(keys))
    .all<{ id: string; name: string }>();
  return new Map(results.map((r) => [r.id, r.name]));
}

// Buckets of the positions query: Current, 1-30, 31+.
const EMPTY = ageingRow([0, 0, 0], 0);

export async function dso(db: D1Database, state: LedgerState, r: DsoRequest): Promise<{ rows: DsoLine[]; totals: DsoLine }> {
  const pos = await positions(db, state, r);
  const scope = scopeValue(r.scope);
  if (r.method === 'standard') {
    const start = addDays(r.asOf, 1 - r.days);
    const { results } = await db.prepare(windowSalesSql(r.groupBy, r.scope)).bind(start, r.asOf, ...Array(6).fill(null), scope).all<{ key: string; sales: number }>();
    const sales = new Map(results.map((s) => [String(s.key), s.sales]));
    const keys = [...new Set([...pos.keys(), ...sales.keys()])].sort();
    const names = await groupNames(db, r.groupBy, keys.filter((k) => !pos.has(k)));
    const line = (key: string, name: string, row: AgeingRow, s: number): DsoLine => {
      const ar = row.total;
      const currentAr = row.amounts[0]!;
      const d = standardDso(ar, s, r.days);
      const b = standardDso(Math.max(currentAr, 0), s, r.days);
      return { key, name, ar, currentAr, sales: s, dso: d, bpdso: b, add: daysDelinquent(d, b) };
    };
    const rows = keys.map((k) => line(k, pos.get(k)?.name ?? names.get(k) ?? k, pos.get(k)?.row ?? EMPTY, sales.get(k) ?? 0));
    const total = sumAgeing([...pos.values()].map((p) => p.row), 3);
    return { rows, totals: line('total', 'Total', total, [...sales.values()].reduce((a, b) => a + b, 0)) };
  }

  const months = countbackMonths(r.asOf, MAX_COUNTBACK_MONTHS);
  const first = months.at(-1)!.start;
  const { results } = await db.prepare(monthlySalesSql(r.groupBy, r.scope)).bind(first, r.asOf, ...Array(6).fill(null), scope).all<{ key: string; month: string; sales: number }>();
  const byKey = new Map<string, Map<string, number>>();
  for (const s of results) {
    const k = String(s.key);
    if (!byKey.has(k)) byKey.set(k, new Map());
    byKey.get(k)!.set(s.month, s.sales);
  }
  const series = (k: string): MonthSales[] => months.map((m) => ({ start: m.start, end: m.end, sales: byKey.get(k)?.get(m.start.slice(0, 7)) ?? 0 }));
  const keys = [...new Set([...pos.keys(), ...byKey.keys()])].sort();
  const names = await groupNames(db, r.groupBy, keys.filter((k) => !pos.has(k)));
  const line = (key: string, name: string, row: AgeingRow, monthly: MonthSales[]): DsoLine => {
    const f = countbackFigures(row.total, Math.max(row.amounts[0]!, 0), monthly, r.asOf);
    // The sales the walk used: what explains the figure.
    const walked = f.dso.periods.reduce((sum, p) => sum + p.sales, 0);
    return { key, name, ar: row.total, currentAr: row.amounts[0]!, sales: walked, dso: f.dso, bpdso: f.bpdso, add: f.add };
  };
  const rows = keys.map((k) => line(k, pos.get(k)?.name ?? names.get(k) ?? k, pos.get(k)?.row ?? EMPTY, series(k)));
  const totalRow = sumAgeing([...pos.values()].map((p) => p.row), 3);
  const totalSeries = keys.length ? sumMonthlySales(keys.map(series)) : months.map((m) => ({ start: m.start, end: m.end, sales: 0 }));
  return { rows, totals: line('total', 'Total', totalRow, totalSeries) };
}

/** CEI over the N calendar months ending on D (the month of D up to D): opening AR is as of the day before. */
export async function collectionEffectiveness(db: D1Database, state: LedgerState, r: { asOf: string; months: number; groupBy: GroupBy; scope?: Scope }) {
  const periodStart = addMonths(r.asOf, -(r.months - 1));
  const openingDate = addDays(periodStart, -1);
  const [closing, opening] = await Promise.all([positions(db, state, r), positions(db, state, { ...r, asOf: openingDate })]);
  const { results } = await db
    .prepare(windowSalesSql(r.groupBy, r.scope))
    .bind(periodStart, r.asOf, ...Array(6).fill(null), scopeValue(r.scope))
    .all<{ key: string; sales: number }>();
  const sales = new Map(results.map((s) => [String(s.key), s.sales]));
  const keys = [...new Set([...closing.keys(), ...opening.keys(), ...sales.keys()])].sort();
  const names = await groupNames(db, r.groupBy, keys.filter((k) => !closing.has(k) && !opening.has(k)));
  const line = (key: string, name: string, o: AgeingRow, c: AgeingRow, s: number) => ({
    key, name, openingAr: o.total, closingAr: c.total, closingCurrentAr: c.amounts[0]!, sales: s,
    cei: cei({ openingAr: o.total, creditSales: s, months: r.months, closingAr: c.total, closingCurrentAr: c.amounts[0]! }),
  });
  const rows = keys.map((k) => line(k, closing.get(k)?.name ?? opening.get(k)?.name ?? names.get(k) ?? k, opening.get(k)?.row ?? EMPTY, closing.get(k)?.row ?? EMPTY, sales.get(k) ?? 0));
  const sum = (m: Map<string, Position>) => sumAgeing([...m.values()].map((p) => p.row), 3);
  const totals = line('total', 'Total', sum(opening), sum(closing), [...sales.values()].reduce((a, b) => a + b, 0));
  return { periodStart, openingDate, rows, totals };
}

