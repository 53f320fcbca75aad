/**
 * Customer account reconciliation: the customer's statement of the account against our ledger.
 *
 * Every figure is in the account's currency, integer minor units, signed from our point of view
 * (invoices positive, payments and credit notes negative). Our side is every document of the
 * account dated on or before the as-of date, each with its full amount and the part of it still
 * open on that date; the customer may list an item at either, so a match compares both and keeps
 * the closer (an open-item statement shows a part-paid invoice at its remainder).
 *
 * Rules, in order; a line or document matched by one rule is not offered to the next:
 *  1. reference: the line's reference is our document number (or the reference we recorded);
 *  2. normalised reference: the same after normaliseReference (case, spaces, punctuation,
 *     leading zeros, prefixes such as INV-);
 *  3. amount and date: one document of the same sign whose value (open part, or full amount
 *     when settled) is within the amount tolerance and whose date is within the date window;
 *     the closest wins;
 *  4. subset sum: one line against several of our documents (a payment we booked as several
 *     receipts), then one open document against several lines (an invoice the customer booked
 *     in parts), within the subset window and a bounded search.
 * Several lines naming the same document form one group; a group's difference is ours − theirs.
 *
 * The difference (ours − theirs) is broken down by where it comes from; `unexplained` is what no
 * category covers, so the breakdown and `unexplained` always add up to the difference exactly.
 */
import { dayNumber, daysBetween } from '../dates';
import { normaliseReference } from './references';
import { findSubset } from './subset-sum';

export type DocType = 'INV' | 'CRN' | 'PMT' | 'ADJ';

export interface LedgerDoc {
  docType: DocType;
  docNo: string;
  date: string;
  /** Signed full amount. */
  amount: number;
  /** Signed part still open on the as-of date (an invoice's remainder, a credit's unapplied part). */
  open: number;
  /** Our recorded reference (e.g. the customer's remittance number on a payment). */
  reference: string;
}

export type LineType = 'invoice' | 'payment' | 'credit_note' | 'other';

export interface StatementLine {
  ref: string;
  date: string;
  /** Signed: what the customer owes goes up (+) or down (−). */
  amount: number;
  type?: LineType;
}

export interface MatchOptions {
  /** Days either side for the amount-and-date rule. */
  dateToleranceDays: number;
  /** Minor units either side for the amount-and-date rule and subset sums (e.g. bank charges). */
  amountTolerance: number;
  /** Days either side a subset's documents may lie from the line (and the reverse). */
  subsetWindowDays: number;
  /** At most this many documents in one subset. */
  maxSubsetItems: number;
  /** Search budget per subset search. */
  maxSearchNodes: number;
}

export const DEFAULT_MATCH_OPTIONS: MatchOptions = { dateToleranceDays: 7, amountTolerance: 0, subsetWindowDays: 31, maxSubsetItems: 6, maxSearchNodes: 5_000 };

export type MatchRule = 'reference' | 'normalised_reference' | 'amount_date' | 'subset_sum';
export type LineStatus = 'matched' | 'amount_difference' | 'missing_in_ledger';

export interface LineResult {
  index: number;
  status: LineStatus;
  rule: MatchRule | null;
  /** Our document numbers this line was matched to. */
  matches: string[];
  /** Lines matched together share a group number. */
  group: number | null;
  /** Ours − theirs; for a group, carried on its first line (others 0), so the column adds up. */
  difference: number;
}

export interface UnmatchedDoc {
  docNo: string;
  docType: DocType;
  date: string;
  amount: number;
  status: 'missing_in_statement';
}

export const CATEGORIES = [
  'payments_in_transit',
  'invoices_not_booked_by_customer',
  'credit_notes_not_booked_by_customer',
  'payments_not_on_statement',
  'invoices_not_in_our_ledger',
  'credits_not_in_our_ledger',
  'amount_differences',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Reconciliation {
  ourBalance: number;
  theirBalance: number;
  /** ourBalance − theirBalance. */
  difference: number;
  lines: LineResult[];
  unmatched: UnmatchedDoc[];
  /** Each category's part of the difference (ours − theirs); categories with nothing are left out. */
  breakdown: { category: Category; amount: number }[];
  unexplained: number;
}

interface Group {
  lines: number[];
  docs: number[];
  rule: MatchRule;
}

const sign = (n: number) => Math.sign(n);
const docValue = (d: LedgerDoc) => (d.open !== 0 ? d.open : d.amount);

export function reconcile(docs: readonly LedgerDoc[], lines: readonly StatementLine[], options: Partial<MatchOptions> = {}): Reconciliation {
  const opts = { ...DEFAULT_MATCH_OPTIONS, ...options };
  const docGroup = new Array<number>(docs.length).fill(-1);
  const lineGroup = new Array<number>(lines.length).fill(-1);
  const groups: Group[] = [];
  const join = (lineIdx: number[], docIdx: number[], rule: MatchRule) => {
    const id = groups.length;
    groups.push({ lines: lineIdx, docs: docIdx, rule });
    for (const l of lineIdx) lineGroup[l] = id;
    for (const d of docIdx) docGroup[d] = id;
  };

  matchByReference(docs, lines, docGroup, lineGroup, groups, join);
  matchByAmountAndDate(docs, lines, opts, docGroup, lineGroup, join);
  matchBySubsets(docs, lines, opts, docGroup, lineGroup, join);

  const ourBalance = docs.reduce((s, d) => s + d.open, 0);
  const theirBalance = lines.reduce((s, l) => s + l.amount, 0);
  const amounts = new Map<Category, number>();
  const add = (c: Category, v: number) => amounts.set(c, (amounts.get(c) ?? 0) + v);

  const results: LineResult[] = lines.map((_, index) => ({ index, status: 'missing_in_ledger', rule: null, matches: [], group: null, difference: 0 }));
  groups.forEach((g, id) => {
    const theirs = g.lines.reduce((s, l) => s + lines[l]!.amount, 0);
    const full = g.docs.reduce((s, d) => s + docs[d]!.amount, 0);
    const open = g.docs.reduce((s, d) => s + docs[d]!.open, 0);
    // The customer may list an item at its full amount or at what is still open: keep the closer.
    const ours = Math.abs(open - theirs) <= Math.abs(full - theirs) ? open : full;
    const difference = ours - theirs;
    if (difference !== 0) add('amount_differences', difference);
    const matches = g.docs.map((d) => docs[d]!.docNo);
    g.lines.forEach((l, i) => {
      results[l] = { index: l, status: difference === 0 ? 'matched' : 'amount_difference', rule: g.rule, matches, group: id, difference: i === 0 ? difference : 0 };
    });
  });
  results.forEach((r) => {
    if (r.status !== 'missing_in_ledger') return;
    const line = lines[r.index]!;
    r.difference = -line.amount;
    if (line.amount < 0) add(line.type === 'credit_note' ? 'credits_not_in_our_ledger' : 'payments_in_transit', -line.amount);
    else if (line.amount > 0) add('invoices_not_in_our_ledger', -line.amount);
  });

  const unmatched: UnmatchedDoc[] = [];
  docs.forEach((d, i) => {
    if (docGroup[i] !== -1 || d.open === 0) return;
    unmatched.push({ docNo: d.docNo, docType: d.docType, date: d.date, amount: d.open, status: 'missing_in_statement' });
    if (d.open > 0) add('invoices_not_booked_by_customer', d.open);
    else add(d.docType === 'CRN' ? 'credit_notes_not_booked_by_customer' : 'payments_not_on_statement', d.open);
  });

  const difference = ourBalance - theirBalance;
  const breakdown = CATEGORIES.filter((c) => (amounts.get(c) ?? 0) !== 0).map((category) => ({ category, amount: amounts.get(category)! }));
  const explained = breakdown.reduce((s, b) => s + b.amount, 0);
  return { ourBalance, theirBalance, difference, lines: results, unmatched, breakdown, unexplained: difference - explained };
}

/** Rules 1 and 2. A line names one document; several lines may name the same one. */
function matchByReference(
  docs: readonly LedgerDoc[], lines: readonly StatementLine[], docGroup: number[], lineGroup: number[], groups: Group[],
  join: (l: number[], d: number[], rule: MatchRule) => void,
): void {
  const exact = new Map<string, number[]>();
  const normal = new Map<string, number[]>();
  const put = (m: Map<string, number[]>, k: string, i: number) => {
    if (!k) return;
    const list = m.get(k);
    if (!list) m.set(k, [i]);
    else if (list.at(-1) !== i) list.push(i);
  };
  docs.forEach((d, i) => {
    put(exact, d.docNo.trim().toUpperCase(), i);
    put(exact, d.reference.trim().toUpperCase(), i);
    put(normal, normaliseReference(d.docNo), i);
    put(normal, normaliseReference(d.reference), i);
  });
  lines.forEach((line, li) => {
    for (const [map, key, rule] of [
      [exact, line.ref.trim().toUpperCase(), 'reference'],
      [normal, normaliseReference(line.ref), 'normalised_reference'],
    ] as const) {
      const found = pick(docs, map.get(key) ?? [], line);
      if (found === null) continue;
      const g = docGroup[found]!;
      if (g === -1) join([li], [found], rule);
      else {
        groups[g]!.lines.push(li);
        lineGroup[li] = g;
      }
      return;
    }
  });
}

/** Among documents with the line's reference: same sign first, then the closest amount, then date. */
function pick(docs: readonly LedgerDoc[], candidates: number[], line: StatementLine): number | null {
  let best: number | null = null;
  let bestKey: [number, number, number] | null = null;
  for (const i of candidates) {
    const d = docs[i]!;
    const key: [number, number, number] = [
      sign(d.amount) === sign(line.amount) ? 0 : 1,
      Math.min(Math.abs(d.amount - line.amount), Math.abs(d.open - line.amount)),
      Math.abs(daysBetween(d.date, line.date)),
    ];
    if (!bestKey || key[0] < bestKey[0] || (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && key[2] < bestKey[2])))) {
      best = i;
      bestKey = key;
    }
  }
  // A reference shared only by a document of the other sign (CRN-1042 for a line "1042" of +500) is no match.
  return bestKey && bestKey[0] === 0 ? best : null;
}

/** Rule 3: free documents indexed by value; the closest by amount, then by date, within both windows. */
function matchByAmountAndDate(
  docs: readonly LedgerDoc[], lines: readonly StatementLine[], opts: MatchOptions, docGroup: number[], lineGroup: number[],
  join: (l: number[], d: number[], rule: MatchRule) => void,
): void {
  const byValue = [...docs.keys()].filter((i) => docGroup[i] === -1).sort((a, b) => docValue(docs[a]!) - docValue(docs[b]!));
  const values = byValue.map((i) => docValue(docs[i]!));
  lines.forEach((line, li) => {
    if (lineGroup[li] !== -1 || line.amount === 0) return;
    let best = -1;
    let bestKey = [Infinity, Infinity];
    for (let k = lowerBound(values, line.amount - opts.amountTolerance); k < values.length && values[k]! <= line.amount + opts.amountTolerance; k++) {
      const i = byValue[k]!;
      if (docGroup[i] !== -1 || sign(values[k]!) !== sign(line.amount)) continue;
      const days = Math.abs(daysBetween(docs[i]!.date, line.date));
      if (days > opts.dateToleranceDays) continue;
      const key = [Math.abs(values[k]! - line.amount), days];
      if (key[0]! < bestKey[0]! || (key[0] === bestKey[0] && key[1]! < bestKey[1]!)) {
        best = i;
        bestKey = key;
      }
    }
    if (best !== -1) join([li], [best], 'amount_date');
  });
}

/** Items (by index) sorted by day number, to take the ones within a window of a date quickly. */
class DateWindow {
  private readonly order: number[];
  private readonly days: number[];
  constructor(private readonly dayOf: number[], include: (i: number) => boolean) {
    this.order = [...dayOf.keys()].filter(include).sort((a, b) => dayOf[a]! - dayOf[b]!);
    this.days = this.order.map((i) => dayOf[i]!);
  }
  /** Indexes within `width` days of `day` passing `keep`, nearest first, at most `limit`. */
  near(day: number, width: number, keep: (i: number) => boolean, limit: number): number[] {
    const found: number[] = [];
    for (let k = lowerBound(this.days, day - width); k < this.order.length && this.days[k]! <= day + width; k++) {
      if (keep(this.order[k]!)) found.push(this.order[k]!);
    }
    return found.sort((a, b) => Math.abs(this.dayOf[a]! - day) - Math.abs(this.dayOf[b]! - day)).slice(0, limit);
  }
}

const SUBSET_CANDIDATES = 24;

/** Rule 4: one line against several open documents, then one open document against several lines. */
function matchBySubsets(
  docs: readonly LedgerDoc[], lines: readonly StatementLine[], opts: MatchOptions, docGroup: number[], lineGroup: number[],
  join: (l: number[], d: number[], rule: MatchRule) => void,
): void {
  const search = { tolerance: opts.amountTolerance, maxItems: opts.maxSubsetItems, maxNodes: opts.maxSearchNodes };
  const docDay = docs.map((d) => dayNumber(d.date));
  const lineDay = lines.map((l) => dayNumber(l.date));
  const freeDoc = (i: number) => docGroup[i] === -1;
  const openDoc = (i: number) => freeDoc(i) && docs[i]!.open !== 0;
  const freeLine = (l: number) => lineGroup[l] === -1 && lines[l]!.amount !== 0;

  const docWindow = new DateWindow(docDay, freeDoc);
  lines.forEach((line, li) => {
    if (!freeLine(li)) return;
    const candidates = docWindow.near(lineDay[li]!, opts.subsetWindowDays, (i) => freeDoc(i) && sign(docValue(docs[i]!)) === sign(line.amount), SUBSET_CANDIDATES);
    const chosen = findSubset(candidates.map((i) => docValue(docs[i]!)), line.amount, search);
    if (chosen) join([li], chosen.map((k) => candidates[k]!), 'subset_sum');
  });

  const lineWindow = new DateWindow(lineDay, freeLine);
  docs.forEach((d, i) => {
    if (!openDoc(i)) return;
    const candidates = lineWindow.near(docDay[i]!, opts.subsetWindowDays, (l) => freeLine(l) && sign(lines[l]!.amount) === sign(d.open), SUBSET_CANDIDATES);
    const chosen = findSubset(candidates.map((l) => lines[l]!.amount), d.open, search);
    if (chosen) join(chosen.map((k) => candidates[k]!), [i], 'subset_sum');
  });
}

function lowerBound(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
