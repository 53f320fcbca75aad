/**
 * One customer's trading history: invoices month by month, and the payments, credit notes, write-offs and
 * open orders its payment behaviour implies. Held in memory one customer at a time, never the whole ledger.
 */
import { addMonths, daysInMonth, dayNumber, fromDayNumber, type IsoDate } from '../../shared/dates';
import { formatMoney } from '../../shared/money';
import { DISPUTE_REASONS, PAYMENT_METHODS } from './catalogue';
import type { CustomerProfile } from './customers';
import type { RateTable } from './fx';
import { Dice, streamSeed } from './prng';

export type DocType = 'INV' | 'CRN' | 'PMT' | 'ADJ' | 'UNB';

export interface LedgerRow {
  doc_type: DocType;
  doc_no: string;
  customer_id: string;
  doc_date: string;
  due_date: string;
  amount: string;
  currency: string;
  fx_rate: string;
  applies_to: string;
  reference: string;
}

/** The history's calendar: `months` whole months ending with the month of `endDate`, cut at `endDate`. */
export interface Calendar {
  startMonth: IsoDate;
  months: number;
  endDay: number;
}

/** Running document numbers for the whole file, so numbers are unique and rise with the date per customer. */
export class DocNumbers {
  private readonly next: Record<DocType, number> = { INV: 1, CRN: 1, PMT: 1, ADJ: 1, UNB: 1 };

  take(type: DocType): string {
    return `${type}-${String(this.next[type]++).padStart(7, '0')}`;
  }
}

interface Doc { type: DocType; no: string; reference: string }
interface Entry { doc: Doc; day: number; due: number; amount: number; appliesTo?: Doc; seq: number }
interface OpenInvoice { doc: Doc; day: number; remaining: number }

const TYPE_ORDER: Record<DocType, number> = { INV: 0, UNB: 1, CRN: 2, PMT: 3, ADJ: 4 };
const OVERPAYMENT_RATE = 0.001;

export function customerLedger(
  seed: number, p: CustomerProfile, cal: Calendar, rates: RateTable, numbers: DocNumbers, invoicesPerMonth: number,
): LedgerRow[] {
  const dice = new Dice(streamSeed(seed, p.index, 2));
  const entries: Entry[] = [];
  const invoices: OpenInvoice[] = [];
  const paymentRuns = new Map<number, Doc>();
  const firstDay = dayNumber(addMonths(cal.startMonth, p.firstMonth));
  const stopDay = p.stopMonthsAgo ? dayNumber(addMonths(fromDayNumber(cal.endDay), -p.stopMonthsAgo)) + dice.int(0, 27) : Infinity;
  // A stopped payer is put on hold a month or two after the money stops, so invoicing ends there.
  const lastInvoiceDay = Math.min(cal.endDay, stopDay + dice.int(30, 75));
  const method = () => dice.pick(PAYMENT_METHODS[p.region]);

  const add = (doc: Doc, day: number, amount: number, appliesTo?: OpenInvoice, due = day) => {
    entries.push({ doc, day, due, amount, appliesTo: appliesTo?.doc, seq: entries.length });
    if (appliesTo) appliesTo.remaining -= Math.abs(amount);
  };
  const newDoc = (type: DocType, reference: string): Doc => ({ type, no: '', reference });
  /** The customer pays, unless the date is past the end of the data or after they stopped paying. */
  const pay = (inv: OpenInvoice, amount: number, day: number, runOf?: (day: number) => number) => {
    const payDay = runOf ? runOf(day) : day;
    if (payDay > cal.endDay || payDay > stopDay || amount <= 0) return;
    let doc = runOf ? paymentRuns.get(payDay) : undefined;
    if (!doc) {
      doc = newDoc('PMT', `${method()} ${dice.int(100000, 999999)}`);
      if (runOf) paymentRuns.set(payDay, doc);
    }
    add(doc, payDay, amount, inv);
  };
  const runOf = p.remittance === 'weekly' ? nextFriday : p.remittance === 'monthly' ? next25th : undefined;

  for (let m = p.firstMonth; m < cal.months; m++) {
    const monthStart = dayNumber(addMonths(cal.startMonth, m));
    const monthEnd = Math.min(monthStart + monthLength(monthStart) - 1, lastInvoiceDay);
    if (monthEnd < monthStart) break;
    for (const day of invoiceDays(dice, invoicesPerMonth, monthStart, monthEnd)) {
      const amount = rates.fromUsd(dice.skewed(p.invoiceUsd[0], p.invoiceUsd[1]), p.currency);
      const inv: OpenInvoice = { doc: newDoc('INV', `PO ${dice.int(10000, 99999)}`), day, remaining: amount };
      const due = day + p.termsDays;
      add(inv.doc, day, amount, undefined, due);
      invoices.push(inv);
      settle(inv, due);
    }
    if (dice.chance(p.unappliedRate)) {
      const day = dice.int(monthStart, monthEnd);
      const amount = rates.fromUsd(dice.int(2, 40) * 250_00, p.currency);
      if (day <= stopDay) add(newDoc('PMT', `${method()} ${dice.int(100000, 999999)} no remittance advice`), day, amount);
    }
  }

  function settle(inv: OpenInvoice, due: number) {
    let payDay = Math.max(inv.day + 1, due + dice.int(p.lateness[0], p.lateness[1]));
    if (dice.chance(0.03)) payDay += dice.int(20, 60); // even good payers lose an invoice now and then
    if (dice.chance(p.disputeRate)) {
      const crnDay = inv.day + dice.int(10, 60);
      const cancelled = dice.chance(0.2);
      const credit = cancelled ? inv.remaining : Math.max(1, Math.floor((inv.remaining * dice.int(5, 40)) / 100));
      const reason = cancelled ? 'Duplicate billing' : dice.pick(DISPUTE_REASONS);
      if (crnDay <= cal.endDay) add(newDoc('CRN', reason), crnDay, credit, inv);
      // Disputed invoices are paid (net of the credit) only once the credit note is through.
      payDay = Math.max(payDay, crnDay + dice.int(1, 10));
    }
    if (inv.remaining <= 0) return;
    if (inv.remaining >= 2 && dice.chance(p.partialRate)) {
      const first = Math.max(1, Math.floor((inv.remaining * dice.int(30, 80)) / 100));
      const rest = inv.remaining - first;
      pay(inv, first, payDay);
      if (!dice.chance(0.1)) pay(inv, rest, payDay + dice.int(20, 60));
      return;
    }
    const excess = dice.chance(OVERPAYMENT_RATE) ? rates.fromUsd(dice.int(5_00, 250_00), p.currency) : 0;
    pay(inv, inv.remaining + excess, payDay, runOf);
  }

  if (p.writesOff) writeOffOldest();
  function writeOffOldest() {
    const day = stopDay + dice.int(150, 240);
    if (day > cal.endDay) return;
    for (const inv of invoices.filter((i) => i.remaining > 0 && i.day < day).slice(0, dice.int(1, 2))) {
      add(newDoc('ADJ', 'WRITE-OFF'), day, -inv.remaining, inv);
    }
  }

  if (!p.stopMonthsAgo) openOrders();
  function openOrders() {
    for (let n = dice.weighted([[0, 40], [1, 35], [2, 18], [3, 7]] as const); n > 0; n--) {
      const day = Math.min(cal.endDay, Math.max(firstDay, cal.endDay - dice.int(0, 40)));
      const amount = rates.fromUsd(dice.skewed(p.invoiceUsd[0], p.invoiceUsd[1]), p.currency);
      add(newDoc('UNB', `SO-${dice.int(100000, 999999)}`), day, amount, undefined, day + p.termsDays);
    }
  }

  return toRows(entries, p, cal, rates, numbers);
}

function toRows(entries: Entry[], p: CustomerProfile, cal: Calendar, rates: RateTable, numbers: DocNumbers): LedgerRow[] {
  entries.sort((a, b) => a.day - b.day || TYPE_ORDER[a.doc.type] - TYPE_ORDER[b.doc.type] || a.seq - b.seq);
  const startKey = monthKey(cal.startMonth);
  return entries.map((e) => {
    if (!e.doc.no) e.doc.no = numbers.take(e.doc.type);
    const date = fromDayNumber(e.day);
    return {
      doc_type: e.doc.type,
      doc_no: e.doc.no,
      customer_id: p.id,
      doc_date: date,
      due_date: e.due === e.day ? date : fromDayNumber(e.due),
      amount: formatMoney(e.amount, p.currency),
      currency: p.currency,
      fx_rate: rates.text(p.currency, monthKey(date) - startKey),
      applies_to: e.appliesTo?.no ?? '',
      reference: e.doc.reference,
    };
  });
}

/** A fractional rate becomes whole invoices: 0.4 a month is an invoice in about two months out of five. */
function invoiceDays(dice: Dice, perMonth: number, from: number, to: number): number[] {
  let n = Math.floor(perMonth) + (dice.chance(perMonth - Math.floor(perMonth)) ? 1 : 0);
  if (perMonth >= 4) n += dice.int(-1, 1);
  const days: number[] = [];
  for (let i = 0; i < n; i++) days.push(dice.int(from, to));
  return days.sort((a, b) => a - b);
}

function monthLength(day: number): number {
  const iso = fromDayNumber(day);
  return daysInMonth(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)));
}

function monthKey(date: IsoDate): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
}

/** 1970-01-01 (day 0) was a Thursday, so Fridays are the days ≡ 1 (mod 7). */
function nextFriday(day: number): number {
  return day + ((((1 - day) % 7) + 7) % 7);
}

function next25th(day: number): number {
  const iso = fromDayNumber(day);
  const this25th = dayNumber(`${iso.slice(0, 7)}-25`);
  return day <= this25th ? this25th : dayNumber(`${addMonths(iso, 1).slice(0, 7)}-25`);
}
