/** A customer's statement as sent to the API, turned into the engine's minor units, or a 422 naming each bad cell. */
import { parseMoney } from '../../../shared/money';
import { DEFAULT_MATCH_OPTIONS, type MatchOptions, type StatementLine } from '../../../shared/reconciliation/match';
import { AppError, type ErrorDetail } from '../errors';

export interface StatementInput {
  lines: { ref: string; date: string; amount: string | number; type?: StatementLine['type'] }[];
  options?: { dateToleranceDays?: number; amountTolerance?: string | number; subsetWindowDays?: number };
}

export function parseStatement(input: StatementInput, currency: string): { lines: StatementLine[]; options: MatchOptions } {
  const problems: ErrorDetail[] = [];
  const lines = input.lines.map((l, i) => {
    const amount = parseMoney(String(l.amount), currency, { allowNegative: true });
    if (!amount.ok) problems.push({ path: `json.lines.${i}.amount`, row: i + 1, column: 'amount', message: amount.message });
    return { ref: l.ref, date: l.date, amount: amount.ok ? amount.value : 0, ...(l.type ? { type: l.type } : {}) };
  });
  let amountTolerance = DEFAULT_MATCH_OPTIONS.amountTolerance;
  if (input.options?.amountTolerance !== undefined) {
    const t = parseMoney(String(input.options.amountTolerance), currency);
    if (t.ok) amountTolerance = t.value;
    else problems.push({ path: 'json.options.amountTolerance', message: t.message });
  }
  if (problems.length) throw new AppError('validation_failed', 'the statement is not valid; nothing was matched', problems);
  const options: MatchOptions = {
    ...DEFAULT_MATCH_OPTIONS,
    ...(input.options?.dateToleranceDays !== undefined ? { dateToleranceDays: input.options.dateToleranceDays } : {}),
    ...(input.options?.subsetWindowDays !== undefined ? { subsetWindowDays: input.options.subsetWindowDays } : {}),
    amountTolerance,
  };
  return { lines, options };
}
