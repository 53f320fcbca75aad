// Small pieces every report shares: header fields, money in minor units, the version guard.
import { ApiError } from '../api/client';
import { isoToExcelSerial } from '../../../shared/dates';
import { minorUnitExponent } from '../../../shared/money';
import { FIELD, type HeaderField } from './sheet-plan';

/** Decimal from the API → integer minor units, so sums are exact (no float arithmetic on money). */
export function toMinor(amount: number, currency: string): number {
  return Math.round(amount * 10 ** minorUnitExponent(currency));
}

export function fromMinor(minor: number, currency: string): number {
  return minor / 10 ** minorUnitExponent(currency);
}

/** 4043657.92 → "4,043,657.92" (for the check line's text). */
export function moneyText(minor: number, currency: string): string {
  const digits = minorUnitExponent(currency);
  return fromMinor(minor, currency).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "2026-11-02 14:03 UTC" */
export function generatedAt(now: Date): string {
  return `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** An ISO date as an Excel date serial, so the column sorts and filters as dates. */
export function excelDate(iso: string | null | undefined): number | null {
  return iso ? isoToExcelSerial(iso) : null;
}

export function standardFields(o: { asOf: string; currency: string; dataVersion: number; now: Date }): { head: HeaderField[]; tail: HeaderField[] } {
  return {
    head: [{ label: FIELD.asOf, value: o.asOf, kind: 'text' }],
    tail: [
      { label: 'Currency', value: o.currency, kind: 'text' },
      { label: FIELD.dataVersion, value: o.dataVersion, kind: 'integer' },
      { label: FIELD.generated, value: generatedAt(o.now), kind: 'text' },
    ],
  };
}

/** All replies of one report must come from the same data version, or the figures would not tie. */
export function sameVersion(versions: number[]): number {
  const distinct = [...new Set(versions)];
  if (distinct.length > 1) {
    throw new ApiError('data_changed', `The ledger changed while the report was being fetched (data versions ${distinct.join(', ')}). Run it again.`, null);
  }
  return distinct[0]!;
}

export const BASIS_LABEL: Record<string, string> = { due: 'Due date', document: 'Document date' };
