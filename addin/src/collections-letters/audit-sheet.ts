// The "Audit Sample" sheet: the drawn items as a report table with empty Result and Comment columns the manager
// types into, and a Recorded column the pane fills after "Submit results". Plain functions, tested without Office.
import { generatedAt } from '../reports/common';
import { FIELD, type Cell, type Column, type SheetPlan } from '../reports/sheet-plan';
import type { AuditSample } from './api';

export const AUDIT_REPORT = 'Audit Sample';
export const AUDIT_SHEET = 'Audit Sample';
export const COL = { position: 'Item', type: 'Type', id: 'Record ID', summary: 'What', result: 'Result', comment: 'Comment', recorded: 'Recorded' } as const;
export const SAMPLE_FIELD = 'Sample';

const COLUMNS: Column[] = [
  { header: COL.position, kind: 'integer' },
  { header: COL.type, kind: 'text' },
  { header: COL.id, kind: 'text' },
  { header: COL.summary, kind: 'text' },
  { header: COL.result, kind: 'text' },
  { header: COL.comment, kind: 'text' },
  { header: COL.recorded, kind: 'text' },
];

export function auditSheet(s: AuditSample, now: Date): SheetPlan {
  const rows: Cell[][] = s.items.map((i) => [i.position, i.itemType, i.itemId, i.summary, i.result, i.comment, i.result ? 'recorded earlier' : null]);
  return {
    report: AUDIT_REPORT,
    sheetName: AUDIT_SHEET,
    tableName: 'AuditSample',
    title: `Audit sample of ${s.userId}'s work, ${s.from} to ${s.to}`,
    currency: 'USD',
    fields: [
      { label: SAMPLE_FIELD, value: s.id, kind: 'text' },
      { label: 'Items', value: s.items.length, kind: 'integer' },
      { label: 'Population', value: s.population, kind: 'integer' },
      { label: 'Seed', value: s.seed, kind: 'text' },
      { label: FIELD.generated, value: generatedAt(now), kind: 'text' },
    ],
    note: { text: `Type ok or finding in ${COL.result} (a finding needs a ${COL.comment}), then Submit results.`, tone: 'plain' },
    columns: COLUMNS,
    rows,
    charts: [],
  };
}

export type ParsedResults = {
  results: { index: number; position: number; result: 'ok' | 'finding'; comment: string }[];
  problems: { index: number; message: string }[];
};

/** The read-back table → the results typed in it; rows already recorded or left empty are skipped. */
export function resultsFrom(header: unknown[], body: unknown[][]): ParsedResults {
  const col = (h: string) => header.findIndex((x) => String(x) === h);
  const at = { position: col(COL.position), result: col(COL.result), comment: col(COL.comment), recorded: col(COL.recorded) };
  if (Object.values(at).some((i) => i < 0)) throw new Error(`The ${AUDIT_SHEET} sheet lacks its columns. Draw the sample again.`);
  const out: ParsedResults = { results: [], problems: [] };
  body.forEach((cells, index) => {
    const text = (i: number) => String(cells[i] ?? '').trim();
    const result = text(at.result).toLowerCase();
    if (!result || text(at.recorded)) return;
    if (result !== 'ok' && result !== 'finding') return void out.problems.push({ index, message: 'not sent: Result must be ok or finding' });
    if (result === 'finding' && !text(at.comment)) return void out.problems.push({ index, message: 'not sent: a finding needs a comment' });
    out.results.push({ index, position: Number(cells[at.position]), result, comment: text(at.comment) });
  });
  return out;
}
