/** Query parameters the analytics endpoints share, validated once. */
import { z } from '@hono/zod-openapi';
import { checkBoundaries, DEFAULT_BOUNDARIES } from '../../../shared/analytics/ageing';
import { isIsoDate } from '../../../shared/dates';
import { GROUP_BYS, parseScope } from '../../../shared/scope';

export const AsOf = z
  .string()
  .refine(isIsoDate, 'asOf must be a date YYYY-MM-DD')
  .optional()
  .describe("As-of date; default: the ledger's data date (latest document date)");

export const Boundaries = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text === '') return [...DEFAULT_BOUNDARIES];
    const parts = text.split(',').map((p) => (/^\s*\d+\s*$/.test(p) ? Number(p) : p));
    const checked = checkBoundaries(parts);
    if (!checked.ok) {
      ctx.addIssue({ code: 'custom', message: checked.message });
      return z.NEVER;
    }
    return checked.value;
  })
  .describe('Inclusive upper bounds in days, e.g. 30,60,90,120');

export const GroupByParam = z.enum(GROUP_BYS as [string, ...string[]]).default('customer');

export const ScopeParam = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text === '') return undefined;
    const scope = parseScope(text);
    if (!scope) {
      ctx.addIssue({ code: 'custom', message: 'scope must be a customer id, vertical:<name>, region:<name>, collector:<name> or *' });
      return z.NEVER;
    }
    return scope;
  })
  .describe('Limit to a customer id, vertical:<name>, region:<name>, collector:<name>, or * (all)');
