import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { bucketSet, checkBoundaries } from '../../../shared/analytics/ageing';
import { addDays, addMonths } from '../../../shared/dates';
import { checkMatrix, percentToPpm, ppmToPercent, suggestMatrix, type EclResult } from '../../../shared/analytics/ecl';
import { lossRatesFromRollRates } from '../../../shared/analytics/ecl-roll-rates';
import { rollWindow } from '../../../shared/forecast/roll-rates';
import { toDecimal } from '../../../shared/money';
import type { GroupBy, Scope } from '../../../shared/scope';
import { eclReport, findMatrix, listMatrices, writeOffHistory, type StoredMatrix } from '../analytics/ecl';
import { rollTotals } from '../forecast/roll-rates-sql';
import type { AppEnv } from '../env';
import { AppError, validationHook } from '../errors';
import { auditStatement, bumpDataVersion, ledgerState } from '../queries/settings';
import { AsOf, Boundaries, GroupByParam, ScopeParam } from './analytics.params';
import { resolveAsOf } from './analytics';
import { errorResponses } from './common';

const MatrixSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  buckets: z.array(z.object({ label: z.string(), ratePercent: z.string() })),
  overlay: z.number(),
  note: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});

const LineSchema = z.object({ label: z.string(), balance: z.number(), ratePercent: z.string(), effectiveRatePercent: z.string(), allowance: z.number() });
const EclSchema = z.object({ lines: z.array(LineSchema), balance: z.number(), allowance: z.number() });

const eclRoute = createRoute({
  method: 'get',
  path: '/ecl',
  summary: 'Expected credit loss (IFRS 9 simplified approach): balance, rate and allowance per ageing bucket, as of any date',
  request: { query: z.object({ asOf: AsOf, matrix: z.string().max(80).optional().describe('name or name@version; default: the organisation default'), groupBy: GroupByParam.default('all'), scope: ScopeParam }) },
  responses: {
    200: {
      description: 'Allowances; a group total is computed from the group’s bucket totals',
      content: { 'application/json': { schema: z.object({ asOf: z.string(), currency: z.string(), matrix: MatrixSchema, rows: z.array(EclSchema.extend({ key: z.string(), name: z.string() })), totals: EclSchema }) } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/ecl/matrices',
  summary: 'Every version of every provision matrix',
  responses: { 200: { description: 'Matrices', content: { 'application/json': { schema: z.object({ items: z.array(MatrixSchema) }) } } }, ...errorResponses(401, 403) },
});

const createMatrix = createRoute({
  method: 'post',
  path: '/ecl/matrices',
  summary: 'Add a new version of a provision matrix (versions are never edited)',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            name: z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/, 'name: letters, digits, - and _ only'),
            buckets: z.array(z.number().int()).describe('Upper bounds in days past due, e.g. [30, 60, 90]'),
            ratesPercent: z.array(z.string()).describe('One rate per bucket, Current first, e.g. ["0.3","1.6","3.6","6.6","10.6"]'),
            overlay: z.number().positive().default(1).describe('Forward-looking multiplier on every rate'),
            note: z.string().max(500).default(''),
            version: z.number().int().min(0).optional().describe('The latest version of this name you read (0: a new name); when given, a stale one is 409 and nothing is added'),
          }),
        },
      },
    },
  },
  responses: { 201: { description: 'Created', content: { 'application/json': { schema: MatrixSchema } } }, ...errorResponses(401, 403, 409, 422) },
});

function matrixJson(m: StoredMatrix) {
  return { id: m.id, name: m.name, version: Number(m.version), buckets: m.buckets.map((b) => ({ label: b.label, ratePercent: ppmToPercent(b.ratePpm) })), overlay: m.overlay ?? 1, note: m.note, createdBy: m.createdBy, createdAt: m.createdAt };
}

const Flow = z.object({
  stayed: z.number().describe('Σ still in the bucket at the next month-end'),
  rolledForward: z.number().describe('Σ in a later bucket at the next month-end'),
  collected: z.number(),
  credited: z.number(),
  left: z.number().describe('balance − stayed: what left the bucket'),
  rollForwardPercent: z.string().describe('rolledForward ÷ left'),
  writeOffPercent: z.string().describe('writtenOff ÷ left'),
  next: z.string().nullable().describe('The bucket whose loss rate the roll-forward rate multiplies'),
  derivation: z.string().describe('ratePercent = writeOffPercent + rollForwardPercent × the next bucket’s ratePercent, each product rounded to 0.0001 %'),
});

const suggestRoute = createRoute({
  method: 'get',
  path: '/ecl/suggested',
  summary: 'A provision matrix suggested by the ledger’s own history: from roll rates (default) or from later write-offs',
  description:
    '`basis=roll-rates` (default): the monthly roll rates of the last `months` whole months up to the as-of date (as GET /roll-rates), ' +
    'summed per bucket (amount-weighted). Of what left a bucket by the next month-end (balance − stayed), the share rolled forward to ' +
    'a later bucket and the share written off; loss rate of the last bucket = its write-off share; of each earlier bucket = its ' +
    'write-off share + its roll-forward share × the next bucket’s loss rate (the flow-rate chain). `flow` shows each link. ' +
    '`basis=write-offs`: at each of the `months` month-ends before the as-of date, each bucket’s balance and the part of those items ' +
    'later written off up to the as-of date; rate = Σ written off ÷ Σ balance. Write-offs are ADJ settlements whose reference says ' +
    'WRITE-OFF. No forward-looking overlay is added: that is a judgement to record when the matrix is saved (POST /ecl/matrices; ' +
    '`save` is its body without the name).',
  request: {
    query: z.object({
      asOf: AsOf,
      basis: z.enum(['roll-rates', 'write-offs']).default('roll-rates'),
      buckets: Boundaries,
      months: z.coerce.number().int().min(1).max(36).default(12),
      scope: ScopeParam,
    }),
  },
  responses: {
    200: {
      description: 'Suggested rates with their evidence',
      content: {
        'application/json': {
          schema: z.object({
            asOf: z.string(),
            basis: z.enum(['roll-rates', 'write-offs']),
            snapshots: z.array(z.string()).describe('roll-rates: the month-ends of the window, each month from one to the next; write-offs: the snapshot dates'),
            buckets: z.array(z.object({
              label: z.string(),
              ratePercent: z.string(),
              balance: z.number().describe('Σ of the bucket’s balance over the snapshots (roll-rates: at each month-end but the last)'),
              writtenOff: z.number(),
              note: z.string().optional(),
              flow: Flow.optional().describe('roll-rates only'),
            })),
            save: z.object({ buckets: z.array(z.number().int()), ratesPercent: z.array(z.string()) }),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

export const provisions = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(eclRoute, async (c) => {
    const q = c.req.valid('query');
    const state = await ledgerState(c.env.DB);
    const asOf = resolveAsOf(q.asOf, state);
    const matrix = await findMatrix(c.env.DB, q.matrix);
    const r = await eclReport(c.env.DB, state, { asOf, matrix, groupBy: q.groupBy as GroupBy, scope: q.scope as Scope | undefined });
    const money = (v: number) => toDecimal(v, state.currency);
    const json = (e: EclResult) => ({
      lines: e.lines.map((l) => ({ label: l.label, balance: money(l.balance), ratePercent: ppmToPercent(l.ratePpm), effectiveRatePercent: ppmToPercent(l.effectiveRatePpm), allowance: money(l.allowance) })),
      balance: money(e.totalBalance),
      allowance: money(e.totalAllowance),
    });
    return c.json({ asOf, currency: state.currency, matrix: matrixJson(matrix), rows: r.rows.map((row) => ({ key: row.key, name: row.name, ...json(row.result) })), totals: json(r.totals) }, 200);
  })
  .openapi(suggestRoute, async (c) => {
    const q = c.req.valid('query');
    const state = await ledgerState(c.env.DB);
    const asOf = resolveAsOf(q.asOf, state);
    const scope = q.scope as Scope | undefined;
    const buckets = bucketSet(q.buckets, 'due');
    const labels = buckets.map((b) => b.label);
    const money = (v: number) => toDecimal(v, state.currency);
    const save = (rates: number[]) => ({ buckets: q.buckets, ratesPercent: rates.map(ppmToPercent) });
    if (q.basis === 'roll-rates') {
      const ends = rollWindow(asOf, q.months);
      const { steps } = lossRatesFromRollRates(labels, await rollTotals(c.env.DB, buckets, scope, ends), 'suggested');
      return c.json({
        asOf, basis: q.basis, snapshots: ends,
        buckets: steps.map((s) => ({
          label: s.label, ratePercent: ppmToPercent(s.lossPpm), balance: money(s.opening), writtenOff: money(s.writtenOff), ...(s.note ? { note: s.note } : {}),
          flow: {
            stayed: money(s.stayed), rolledForward: money(s.rolledForward), collected: money(s.collected), credited: money(s.credited), left: money(s.left),
            rollForwardPercent: ppmToPercent(s.rollForwardPpm), writeOffPercent: ppmToPercent(s.writeOffPpm), next: s.next, derivation: s.derivation,
          },
        })),
        save: save(steps.map((s) => s.lossPpm)),
      }, 200);
    }
    const snapshots = Array.from({ length: q.months }, (_, i) => addDays(addMonths(asOf, -i), -1)).reverse();
    const history = await writeOffHistory(c.env.DB, asOf, q.buckets, snapshots, scope);
    const suggested = suggestMatrix(labels, history, 'suggested');
    return c.json({
      asOf, basis: q.basis, snapshots,
      buckets: suggested.evidence.map((e, i) => ({
        label: e.label, ratePercent: ppmToPercent(suggested.matrix.buckets[i]!.ratePpm), balance: money(e.balance), writtenOff: money(e.writtenOff),
        ...('note' in e && e.note ? { note: e.note } : {}),
      })),
      save: save(suggested.matrix.buckets.map((b) => b.ratePpm)),
    }, 200);
  })
  .openapi(listRoute, async (c) => c.json({ items: (await listMatrices(c.env.DB)).map(matrixJson) }, 200))
  .openapi(createMatrix, async (c) => {
    const input = c.req.valid('json');
    const problems: { path: string; message: string }[] = [];
    const bounds = checkBoundaries(input.buckets);
    if (!bounds.ok) problems.push({ path: 'json.buckets', message: bounds.message });
    const rates = input.ratesPercent.map((r) => percentToPpm(r));
    rates.forEach((r, i) => !r.ok && problems.push({ path: `json.ratesPercent.${i}`, message: r.message }));
    if (bounds.ok && rates.length !== bounds.value.length + 2) {
      problems.push({ path: 'json.ratesPercent', message: `${bounds.value.length + 2} rates needed (Current, one per boundary and the open-ended last bucket), got ${rates.length}` });
    }
    if (problems.length) throw new AppError('validation_failed', 'the matrix is not valid', problems);
    const ppm = rates.map((r) => (r.ok ? r.value : 0));
    checkMatrix({ version: '1', overlay: input.overlay, buckets: ppm.map((ratePpm, i) => ({ label: String(i), ratePpm })) });
    const db = c.env.DB;
    const last = await db.prepare('SELECT MAX(version) AS v FROM provision_matrices WHERE name = ?1').bind(input.name).first<{ v: number | null }>();
    if (input.version !== undefined && input.version !== (last?.v ?? 0)) throw new AppError('conflict', `matrix ${input.name} is at version ${last?.v ?? 0}, not ${input.version}; nothing was added`);
    const version = (last?.v ?? 0) + 1;
    const id = `${input.name}@${version}`;
    const at = new Date().toISOString();
    const userId = c.get('principal').userId;
    const row = { boundaries: JSON.stringify(bounds.ok ? bounds.value : []), rates_ppm: JSON.stringify(ppm), overlay: String(input.overlay) };
    // Two submissions that read the same latest version both aim at the next one: the key lets one win, the other is 409.
    await db.batch([
      db.prepare('INSERT INTO provision_matrices (id, name, version, boundaries, rates_ppm, overlay, note, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)')
        .bind(id, input.name, version, row.boundaries, row.rates_ppm, row.overlay, input.note, userId, at),
      auditStatement(db, { at, userId, action: 'provision_matrix.create', entity: 'provision_matrix', entityId: id, after: { ...row, note: input.note } }),
      bumpDataVersion(db),
    ]).catch((err: unknown) => {
      if (String(err).includes('UNIQUE')) throw new AppError('conflict', `version ${version} of matrix ${input.name} was added at the same moment; nothing was added: reload and submit again`);
      throw err;
    });
    return c.json(matrixJson(await findMatrix(db, id)), 201);
  });
