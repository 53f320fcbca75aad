/**
 * Who the demo company sells to and how each customer pays. A profile depends only on (seed, index), so the
 * customer file and the ledger stream can rebuild any customer independently and still agree.
 */
import { formatMoney } from '../../shared/money';
import {
  COLLECTORS, CURRENCY_MIX, KEY_ACCOUNT_COLLECTOR, REGIONS, TERMS_DAYS, VERTICALS, companyName,
  type Region, type Vertical,
} from './catalogue';
import { Dice, streamSeed } from './prng';

export type Behaviour = 'early' | 'prompt' | 'slow' | 'late' | 'disputer' | 'partial' | 'stopped';
/** How a customer's accounts-payable team remits: one payment per invoice, or a payment run covering several. */
export type Remittance = 'each' | 'weekly' | 'monthly';
export type Size = 'small' | 'medium' | 'large';

export interface CustomerProfile {
  index: number;
  id: string;
  vertical: Vertical;
  region: Region;
  collector: string;
  currency: string;
  termsDays: number;
  size: Size;
  behaviour: Behaviour;
  remittance: Remittance;
  /** Usual payment date relative to the due date, in days (negative = early), inclusive range. */
  lateness: readonly [number, number];
  disputeRate: number;
  partialRate: number;
  /** Chance per month of a payment arriving without a remittance advice (unapplied cash). */
  unappliedRate: number;
  /** Stopped payers: how many months before the end date the payments stopped; 0 = never. */
  stopMonthsAgo: number;
  /** A stopped payer whose oldest debts were eventually written off. */
  writesOff: boolean;
  /** First month of the history in which this customer traded (new customers join later). */
  firstMonth: number;
  /** Invoice size range in USD cents; converted to the customer's currency per invoice. */
  invoiceUsd: readonly [number, number];
  /** Nominal invoices a month; the ledger may steer it to meet a --documents target. */
  invoicesPerMonth: number;
  sizeFactor: number;
  creditLimitUsd: number;
}

export interface CustomerRow {
  customer_id: string;
  name: string;
  vertical: string;
  region: string;
  collector: string;
  currency: string;
  credit_limit: string;
  payment_terms_days: string;
}

/** Ledger rows one invoice brings on average (itself, its settlements, a share of credits and orders). */
export const ROWS_PER_INVOICE = 2.05;

const SIZES: Record<Size, { weight: number; invoiceUsd: readonly [number, number]; perMonth: readonly [number, number]; factor: number }> = {
  small: { weight: 55, invoiceUsd: [300_00, 6_000_00], perMonth: [8, 10], factor: 0.6 },
  medium: { weight: 35, invoiceUsd: [2_000_00, 30_000_00], perMonth: [10, 12], factor: 1.0 },
  large: { weight: 10, invoiceUsd: [10_000_00, 150_000_00], perMonth: [12, 15], factor: 1.8 },
};
const MEAN_SIZE_FACTOR = 0.55 * 0.6 + 0.35 * 1.0 + 0.1 * 1.8;

const BEHAVIOURS: readonly (readonly [Behaviour, number])[] = [
  ['early', 12], ['prompt', 33], ['slow', 24], ['late', 15], ['disputer', 8], ['partial', 4], ['stopped', 4],
];

/**
 * The first customers are fixed characters so every dataset, whatever its seed or size, shows each story
 * the demo needs: foreign currencies, a long-stopped payer with write-offs, ageing in every bucket.
 */
const ARCHETYPES: readonly Partial<CustomerProfile>[] = [
  { region: 'EMEA', currency: 'EUR', vertical: 'Manufacturing', size: 'large', behaviour: 'prompt', remittance: 'monthly' },
  { region: 'EMEA', currency: 'GBP', vertical: 'Retail', behaviour: 'late' },
  { region: 'Americas', currency: 'USD', behaviour: 'stopped', stopMonthsAgo: 11, writesOff: true, firstMonth: 0 },
  { region: 'Americas', currency: 'USD', behaviour: 'stopped', stopMonthsAgo: 4, firstMonth: 0 },
  { behaviour: 'late', lateness: [60, 90], firstMonth: 0 },
  { behaviour: 'disputer', firstMonth: 0 },
  { region: 'APAC', currency: 'JPY', behaviour: 'early', remittance: 'weekly' },
  { behaviour: 'partial', unappliedRate: 0.3, firstMonth: 0 },
];

export interface VolumeHint {
  months: number;
  /** Target ledger rows per customer when a document count was asked for; undefined = natural volume. */
  rowsPerCustomer?: number;
}

export function customerId(index: number): string {
  return `C${String(index + 1).padStart(5, '0')}`;
}

export function customerProfile(seed: number, index: number, volume: VolumeHint): CustomerProfile {
  const dice = new Dice(streamSeed(seed, index, 1));
  const arch = ARCHETYPES[index] ?? {};
  const region = arch.region ?? dice.pick(REGIONS);
  const currency = arch.currency ?? dice.weighted(CURRENCY_MIX[region]);
  const vertical = arch.vertical ?? dice.pick(VERTICALS);
  const size = arch.size ?? dice.weighted(Object.entries(SIZES).map(([s, v]) => [s as Size, v.weight] as const));
  const behaviour = arch.behaviour ?? dice.weighted(BEHAVIOURS);
  const termsDays = arch.termsDays ?? dice.weighted(TERMS_DAYS);
  const spec = SIZES[size];
  const remittance = arch.remittance ?? dice.weighted<Remittance>(
    size === 'small' ? [['each', 80], ['weekly', 15], ['monthly', 5]] : [['each', 50], ['weekly', 30], ['monthly', 20]],
  );
  const lateness = arch.lateness ?? latenessFor(behaviour, dice);
  const stopMonthsAgo = arch.stopMonthsAgo ?? (behaviour === 'stopped' ? dice.int(3, 12) : 0);
  const writesOff = arch.writesOff ?? (stopMonthsAgo >= 9 && dice.chance(0.5));
  const firstMonth = arch.firstMonth ?? (dice.chance(0.15) && volume.months >= 2 ? dice.int(1, Math.floor(volume.months / 2)) : 0);
  const sizeFactor = spec.factor / MEAN_SIZE_FACTOR;
  const invoicesPerMonth = volume.rowsPerCustomer === undefined
    ? dice.int(spec.perMonth[0], spec.perMonth[1])
    : (volume.rowsPerCustomer * sizeFactor) / (volume.months * ROWS_PER_INVOICE);
  const profile: CustomerProfile = {
    index,
    id: customerId(index),
    vertical,
    region,
    collector: size === 'large' ? KEY_ACCOUNT_COLLECTOR : dice.pick(COLLECTORS[region]),
    currency,
    termsDays,
    size,
    behaviour,
    remittance,
    lateness,
    disputeRate: arch.disputeRate ?? (behaviour === 'disputer' ? 0.18 : 0.02),
    partialRate: arch.partialRate ?? (behaviour === 'partial' ? 0.45 : behaviour === 'slow' || behaviour === 'late' ? 0.06 : 0.02),
    unappliedRate: arch.unappliedRate ?? (behaviour === 'slow' || behaviour === 'late' ? 0.05 : 0.02),
    stopMonthsAgo,
    writesOff,
    firstMonth,
    invoiceUsd: spec.invoiceUsd,
    invoicesPerMonth,
    sizeFactor,
    creditLimitUsd: 0,
  };
  profile.creditLimitUsd = creditLimit(profile, dice.int(70, 160));
  return profile;
}

function latenessFor(behaviour: Behaviour, dice: Dice): readonly [number, number] {
  switch (behaviour) {
    case 'early': return [-12, -3];
    case 'prompt': return [-3, 3];
    case 'slow': return [3, 25];
    case 'disputer': return [0, 20];
    case 'partial': return [0, 30];
    case 'stopped': return [5, 35];
    case 'late': {
      const from = dice.int(30, 45);
      return [from, Math.min(90, from + dice.int(20, 45))];
    }
  }
}

/**
 * A limit roughly covering the usual exposure (a month's sales × days outstanding), set generously or tightly
 * by `percent`, so some customers sit well inside their limit and some run over it.
 */
function creditLimit(p: CustomerProfile, percent: number): number {
  const [lo, hi] = p.invoiceUsd;
  const averageInvoice = lo + Math.floor((hi - lo) / 4);
  const daysOutstanding = p.termsDays + Math.max(0, Math.floor((p.lateness[0] + p.lateness[1]) / 2)) + 15;
  const exposure = Math.round((averageInvoice * p.invoicesPerMonth * daysOutstanding) / 30);
  const fiveThousandUsd = 5_000_00;
  return Math.max(fiveThousandUsd, Math.round((exposure * percent) / 100 / fiveThousandUsd) * fiveThousandUsd);
}

/** The customer file's row; `name` is passed in because names are made unique across the whole file. */
export function customerRow(p: CustomerProfile, name: string): CustomerRow {
  return {
    customer_id: p.id,
    name,
    vertical: p.vertical,
    region: p.region,
    collector: p.collector,
    currency: p.currency,
    credit_limit: formatMoney(p.creditLimitUsd, 'USD'),
    payment_terms_days: String(p.termsDays),
  };
}

export function customerName(seed: number, p: CustomerProfile): string {
  const dice = new Dice(streamSeed(seed, p.index, 3));
  return companyName((items) => dice.pick(items), p.vertical, p.region, p.currency);
}
