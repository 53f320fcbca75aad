// Reading a report's header block back: which report a sheet holds, as of when, from which data
// version; and whether the server's data has moved on since.
import { FIELD, STATUS } from './sheet-plan';

export const REPORT_SHEETS = ['AR Ageing', 'DSO Dashboard', 'Open Items', 'MIS Summary'] as const;

export interface ReportSheetInfo {
  sheetName: string;
  report: string;
  asOf: string | null;
  dataVersion: number | null;
  generated: string | null;
  status: string | null;
}

/** Labels row over values row → label → value. */
export function headerFields(labels: readonly unknown[], values: readonly unknown[]): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  labels.forEach((label, i) => {
    if (typeof label === 'string' && label !== '' && !fields.has(label)) fields.set(label, values[i]);
  });
  return fields;
}

/** The header block of a sheet the add-in wrote, or null for any other sheet. */
export function reportInfo(sheetName: string, labels: readonly unknown[], values: readonly unknown[]): ReportSheetInfo | null {
  const f = headerFields(labels, values);
  const report = f.get(FIELD.report);
  if (typeof report !== 'string' || report === '') return null;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const version = f.get(FIELD.dataVersion);
  const asNumber = typeof version === 'number' ? version : typeof version === 'string' && /^\d+$/.test(version) ? Number(version) : null;
  return { sheetName, report, asOf: text(f.get(FIELD.asOf)), dataVersion: asNumber, generated: text(f.get(FIELD.generated)), status: text(f.get(FIELD.status)) };
}

export type Freshness = { kind: 'current' } | { kind: 'stale'; serverVersion: number } | { kind: 'incomplete' } | { kind: 'unknown' };

export function freshness(info: ReportSheetInfo, serverVersion: number | null): Freshness {
  if (info.status !== null && info.status.startsWith('INCOMPLETE')) return { kind: 'incomplete' };
  if (info.dataVersion === null || serverVersion === null) return { kind: 'unknown' };
  return info.dataVersion < serverVersion ? { kind: 'stale', serverVersion } : { kind: 'current' };
}

/** What the Status cell says once the server's data moved on. */
export function staleStatus(serverVersion: number, checkedAt: string): string {
  return `Out of date: the server's data is now version ${serverVersion} (checked ${checkedAt})`;
}

export function isCompleteStatus(status: string | null): boolean {
  return status === STATUS.complete || (status?.startsWith('Out of date') ?? false);
}
