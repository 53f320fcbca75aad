// What a cell passes, checked and normalised before any request: a malformed argument is a #VALUE!
// naming it, with no round trip. The normal form is what the batch endpoint receives and what the
// cache keys on, so "C1042" and " C1042 " are one call. Omitted optional arguments are null.
//
// Excel passes an omitted optional argument as null (some hosts as undefined), an empty cell as
// null or "", dates as serial numbers, and a number typed where text was meant as a number.
import { bucketSet, checkBoundaries, DEFAULT_BOUNDARIES, type AgeingBasis } from '../../../shared/analytics/ageing';
import { excelSerialToIso, isIsoDate } from '../../../shared/dates';
import { parseScope } from '../../../shared/scope';
import { invalidValue } from './errors';

/** One normalised argument as the batch endpoint receives it. */
export type Arg = string | number | null;

export const isOmitted = (raw: unknown): boolean => raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');

const SCOPE_FORMS = 'a customer id, vertical:<name>, region:<name>, collector:<name> or *';

/** Text, or a whole number as text (customer ids such as 1042 arrive as numbers). */
function asText(name: string, raw: unknown): string {
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return String(raw);
  throw invalidValue(`${name}: ${describe(raw)} is not text.`);
}

/** A scope: "C1042", "vertical:Retail", "region:EMEA", "collector:Ana" or "*". */
export function scopeArg(raw: unknown, name = 'scope'): string {
  if (isOmitted(raw)) throw invalidValue(`${name} is required: ${SCOPE_FORMS}.`);
  const text = asText(name, raw);
  if (!parseScope(text)) throw invalidValue(`${name}: "${text}" is not ${SCOPE_FORMS}.`);
  return text;
}

export function optionalScopeArg(raw: unknown, name = 'scope'): string | null {
  return isOmitted(raw) ? null : scopeArg(raw, name);
}

/** One customer's id; a group scope is refused. */
export function customerArg(raw: unknown, name = 'customer'): string {
  if (isOmitted(raw)) throw invalidValue(`${name} is required: a customer id.`);
  const text = asText(name, raw);
  const scope = parseScope(text);
  if (!scope) throw invalidValue(`${name}: "${text}" is not a customer id.`);
  if (scope.kind !== 'customer') throw invalidValue(`${name}: "${text}" is a group; give one customer id.`);
  return text;
}

/** An Excel date serial or "YYYY-MM-DD" text → ISO date; omitted → null (the server's data date). */
export function asOfArg(raw: unknown, name = 'asOf'): string | null {
  if (isOmitted(raw)) return null;
  if (typeof raw === 'number') {
    const iso = excelSerialToIso(raw);
    if (iso) return iso;
    if (Math.floor(raw) === 60) throw invalidValue(`${name}: 60 is 29 February 1900, a day Excel counts but the calendar does not have.`);
    throw invalidValue(`${name}: ${raw} is not a date.`);
  }
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (isIsoDate(text)) return text;
    throw invalidValue(`${name}: "${text}" is not a date; give a date or text such as 2026-06-30.`);
  }
  throw invalidValue(`${name}: ${describe(raw)} is not a date.`);
}

/** A whole number in [min, max], given as a number or as digits; omitted → null (the server's default). */
export function wholeNumberArg(raw: unknown, name: string, min: number, max: number): number | null {
  if (isOmitted(raw)) return null;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw invalidValue(`${name}: ${describe(raw)} is not a whole number from ${min} to ${max}.`);
  }
  return n;
}

/** One of a few words, any case → the word as listed; omitted → null. */
export function choiceArg<T extends string>(raw: unknown, name: string, choices: readonly T[]): T | null {
  if (isOmitted(raw)) return null;
  const word = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  const hit = choices.find((c) => c === word);
  if (!hit) throw invalidValue(`${name}: ${describe(raw)} is not one of ${choices.join(', ')}.`);
  return hit;
}

/** Free text up to `max` characters (e.g. a provision matrix's name); omitted → null. */
export function optionalTextArg(raw: unknown, name: string, max = 100): string | null {
  if (isOmitted(raw)) return null;
  const text = asText(name, raw);
  if (text.length > max) throw invalidValue(`${name}: at most ${max} characters.`);
  return text;
}

export const AGEING_BASES: readonly AgeingBasis[] = ['due', 'document'];

/** Bucket boundaries "30, 60, 90" (or one number) → "30,60,90"; omitted → null (30,60,90,120). */
export function boundariesArg(raw: unknown, name = 'buckets'): string | null {
  if (isOmitted(raw)) return null;
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : null;
  if (text === null) throw invalidValue(`${name}: ${describe(raw)} is not a list of days such as 30,60,90,120.`);
  const parts = text.split(',').map((p) => (/^\s*\d+\s*$/.test(p) ? Number(p) : p.trim()));
  const checked = checkBoundaries(parts);
  if (!checked.ok) throw invalidValue(`${name}: ${checked.message}.`);
  return checked.value.join(',');
}

/** The labels AR.AGEING answers, in report order: the buckets, then unapplied and total. */
export function ageingLabels(basis: AgeingBasis | null, boundaries: string | null): string[] {
  const days = boundaries === null ? DEFAULT_BOUNDARIES : boundaries.split(',').map(Number);
  return [...bucketSet(days, basis ?? 'due').map((b) => b.label), 'unapplied', 'total'];
}

/** A bucket label of the bucket set the other arguments give, any case → as labelled; omitted → null. */
export function bucketArg(raw: unknown, labels: readonly string[], name = 'bucket'): string | null {
  if (isOmitted(raw)) return null;
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  const hit = labels.find((l) => l.toLowerCase() === text.toLowerCase());
  if (!hit) throw invalidValue(`${name}: ${describe(raw)} is not one of ${labels.join(', ')}.`);
  return hit;
}

function describe(raw: unknown): string {
  if (typeof raw === 'string') return `"${raw}"`;
  if (Array.isArray(raw)) return 'a range';
  return String(raw);
}
