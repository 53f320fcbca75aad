/**
 * Money is integer minor units everywhere. This module is the only place that turns decimal text
 * into minor units, converts between currencies, and turns minor units back into decimals.
 */

/** ISO 4217 minor-unit exponents that differ from 2. */
const EXPONENT_EXCEPTIONS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
  UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

export const CURRENCY_CODE = /^[A-Z]{3}$/;

export function minorUnitExponent(currency: string): number {
  return EXPONENT_EXCEPTIONS[currency] ?? 2;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** "1234.5" in USD → 123450. Rejects more decimals than the currency has, and unsafe magnitudes. */
export function parseMoney(text: string, currency: string, opts: { allowNegative?: boolean } = {}): Parsed<number> {
  const m = DECIMAL.exec(text.trim());
  if (!m) return { ok: false, message: `"${text}" is not a decimal amount (use digits and a dot, e.g. 1234.56)` };
  const [, sign, whole = '', frac = ''] = m;
  const exp = minorUnitExponent(currency);
  const significant = frac.replace(/0+$/, '');
  if (significant.length > exp) {
    return { ok: false, message: `"${text}" has more decimals than ${currency} allows (${exp})` };
  }
  const digits = (whole + frac.padEnd(exp, '0').slice(0, exp)).replace(/^0+(?=\d)/, '');
  // Up to 15 digits is exact as a double; beyond, check against the safe-integer limit exactly.
  if (digits.length > 15 && BigInt(digits) > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, message: `"${text}" is too large` };
  const value = Number(digits) * (sign === '-' ? -1 : 1);
  if (value < 0 && !opts.allowNegative) return { ok: false, message: `"${text}" must not be negative` };
  return { ok: true, value: value === 0 ? 0 : value };
}

const RATE = /^(\d+)(?:\.(\d+))?$/;

/** An exchange rate as exact decimal text, positive; "" means 1. */
export function parseRate(text: string): Parsed<string> {
  const t = text.trim();
  if (t === '') return { ok: true, value: '1' };
  const m = RATE.exec(t);
  if (!m) return { ok: false, message: `"${text}" is not a positive decimal exchange rate` };
  const whole = m[1]!.replace(/^0+(?=\d)/, '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (BigInt(whole + frac || '0') === 0n) return { ok: false, message: 'the exchange rate must be greater than 0' };
  if (frac.length > 12) return { ok: false, message: `"${text}" has more than 12 decimals` };
  return { ok: true, value: frac ? `${whole}.${frac}` : whole };
}

/** Divide rounding half away from zero (commercial rounding), exact. The one rounding rule for money. */
export function divRoundHalfAway(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (ad * 2n);
  return neg ? -q : q;
}

/**
 * Document-currency minor units → functional minor units at `rate` (functional units per document unit),
 * exact, rounded once, half away from zero.
 */
export function toFunctional(amountMinor: number, docCurrency: string, rate: string, functionalCurrency: string): number {
  if (rate === '1' && minorUnitExponent(docCurrency) === minorUnitExponent(functionalCurrency)) return amountMinor;
  const [whole, frac = ''] = rate.split('.');
  const rateScaled = BigInt((whole ?? '0') + frac);
  const scale = 10n ** BigInt(frac.length);
  const expDiff = minorUnitExponent(functionalCurrency) - minorUnitExponent(docCurrency);
  let num = BigInt(amountMinor) * rateScaled;
  let den = scale;
  if (expDiff >= 0) num *= 10n ** BigInt(expDiff);
  else den *= 10n ** BigInt(-expDiff);
  return Number(divRoundHalfAway(num, den));
}

/** Minor units → a decimal number for JSON replies (the one place a float appears, at the very edge). */
export function toDecimal(minor: number, currency: string): number {
  return Number(formatMoney(minor, currency));
}

/** Minor units → exact decimal text, e.g. 123450 USD → "1234.50". */
export function formatMoney(minor: number, currency: string): string {
  const exp = minorUnitExponent(currency);
  const neg = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exp + 1, '0');
  const whole = digits.slice(0, digits.length - exp);
  const frac = digits.slice(digits.length - exp);
  return `${neg ? '-' : ''}${whole}${exp ? `.${frac}` : ''}`;
}
