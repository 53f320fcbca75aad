/**
 * Month-end exchange rates for the demo, in the ledger's convention: functional (USD) units per document unit.
 * Rates are scaled integers (1.0842 → 10842 at 4 digits) so the walk and every conversion stay exact.
 */
import { minorUnitExponent } from '../../shared/money';
import { Dice, streamSeed } from './prng';

interface BaseRate { scaled: number; digits: number }

const BASE_RATES: Record<string, BaseRate> = {
  USD: { scaled: 1, digits: 0 },
  EUR: { scaled: 10842, digits: 4 },
  GBP: { scaled: 12650, digits: 4 },
  CAD: { scaled: 7315, digits: 4 },
  AUD: { scaled: 6580, digits: 4 },
  JPY: { scaled: 6712, digits: 6 },
};

export interface RateTable {
  /** Rate text for a month index from the start of the history ('' for the functional currency). */
  text(currency: string, month: number): string;
  /** A USD amount in cents expressed in `currency` minor units at the base rate: sizes invoices per currency. */
  fromUsd(usdCents: number, currency: string): number;
}

/** A bounded random walk per currency, at most ±0.6 % a month, the same for every customer. */
export function rateTable(seed: number, months: number): RateTable {
  const dice = new Dice(streamSeed(seed, 0xf0));
  const series = new Map<string, string[]>();
  for (const [currency, base] of Object.entries(BASE_RATES)) {
    if (currency === 'USD') continue;
    const texts: string[] = [];
    let scaled = base.scaled;
    const step = Math.max(1, Math.floor(base.scaled / 170));
    for (let m = 0; m < months; m++) {
      scaled += dice.int(-step, step);
      // Mean-revert so 24 months (or 240) never drift into an implausible rate.
      scaled += Math.trunc((base.scaled - scaled) / 8);
      texts.push(scaledText(scaled, base.digits));
    }
    series.set(currency, texts);
  }
  return {
    text(currency, month) {
      const texts = series.get(currency);
      if (!texts) return '';
      return texts[Math.min(Math.max(month, 0), texts.length - 1)]!;
    },
    fromUsd(usdCents, currency) {
      const base = BASE_RATES[currency] ?? BASE_RATES.USD!;
      const num = usdCents * 10 ** minorUnitExponent(currency) * 10 ** base.digits;
      return Math.max(1, Math.round(num / (100 * base.scaled)));
    },
  };
}

export const DEMO_CURRENCIES = Object.keys(BASE_RATES);

function scaledText(scaled: number, digits: number): string {
  const s = String(scaled).padStart(digits + 1, '0');
  return digits ? `${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}` : s;
}
