// From the pane's choices to a SheetPlan: which report, which options, fetched from the API with
// progress, and turned into the sheet's content. Office-free; the pane hands the plan to the writer.
import { ApiError } from '../api/client';
import { isIsoDate } from '../../../shared/dates';
import { ageingSheet, fetchAgeing, type AgeingGroupBy } from './ageing-report';
import type { ReportsApi } from './api';
import { dsoSheet, fetchDso } from './dso-report';
import { fetchMis, misSheet } from './mis-report';
import { fetchOpenItems, openItemsSheet, parseBoundaries } from './open-items-report';
import type { SheetPlan } from './sheet-plan';
import { fetchForecast, fetchInsights, forecastSheet, insightsSheet } from './forecast-report';

export type ReportId = 'ageing' | 'dso' | 'open-items' | 'mis' | 'forecast' | 'insights';

export interface ReportRequest {
  id: ReportId;
  asOf: string;
  basis: 'due' | 'document';
  buckets: string;
  groupBy: AgeingGroupBy;
  method: 'countback' | 'standard';
  customer: string;
}

export interface ReportDescription {
  id: ReportId;
  label: string;
  sheetName: string;
  summary: string;
  options: ('groupBy' | 'basis' | 'buckets' | 'method' | 'customer')[];
}

export const REPORTS: readonly ReportDescription[] = [
  {
    id: 'ageing',
    label: 'AR Ageing',
    sheetName: 'AR Ageing',
    summary: 'Aged balance by customer (with vertical, region, collector, limit, headroom, score, grade) or by group; totals, the ledger check and a chart by vertical.',
    options: ['groupBy', 'basis', 'buckets'],
  },
  {
    id: 'dso',
    label: 'DSO dashboard',
    sheetName: 'DSO Dashboard',
    summary: 'Twelve month-ends by vertical and for the company: DSO, BPDSO, ADD and CEI, with a DSO/BPDSO line chart.',
    options: ['method'],
  },
  {
    id: 'open-items',
    label: 'Open items',
    sheetName: 'Open Items',
    summary: 'Every open item as of the date, with days past due and bucket, tied to the ageing.',
    options: ['basis', 'buckets', 'customer'],
  },
  {
    id: 'mis',
    label: 'MIS summary',
    sheetName: 'MIS Summary',
    summary: 'Last twelve months: billed revenue, unbilled, debtors and ECL provision, with a chart.',
    options: [],
  },
  // Cash-in forecast and insights (issue 12).
  {
    id: 'forecast',
    label: 'Cash-in forecast',
    sheetName: 'Cash-in Forecast',
    summary: 'Expected receipts for the next 13 weeks by group, with the past-due amount that has no expected date, exclusions and a chart.',
    options: ['groupBy'],
  },
  {
    id: 'insights',
    label: 'Insights',
    sheetName: 'Insights',
    summary: 'Movers since the previous month-end, concentration, over-limit customers and customers without payment history, each with a sentence.',
    options: [],
  },
];

/** A problem with the pane's inputs, said in the pane's words. */
export function checkRequest(request: ReportRequest): string | null {
  if (!isIsoDate(request.asOf)) return 'Choose an as-of date.';
  if (request.id === 'ageing' || request.id === 'open-items') {
    try {
      parseBoundaries(request.buckets);
    } catch (err) {
      return err instanceof ApiError ? err.message : String(err);
    }
  }
  return null;
}

export type FetchProgress = (text: string, fraction: number | null) => void;

export async function buildReport(api: ReportsApi, request: ReportRequest, onProgress: FetchProgress, signal?: AbortSignal, now: () => Date = () => new Date()): Promise<SheetPlan> {
  const buckets = parseBoundaries(request.buckets).join(',');
  switch (request.id) {
    case 'ageing': {
      onProgress('Fetching the ageing, limits and scores…', null);
      const data = await fetchAgeing(api, { asOf: request.asOf, basis: request.basis, buckets, groupBy: request.groupBy }, signal);
      return ageingSheet(data, now());
    }
    case 'dso': {
      onProgress('Fetching DSO and CEI for 12 period ends…', 0);
      const data = await fetchDso(api, { asOf: request.asOf, method: request.method }, (done, total) => onProgress(`Fetched ${done} of ${total} period ends…`, done / total), signal);
      return dsoSheet(data, now());
    }
    case 'open-items': {
      onProgress('Fetching open items…', null);
      const data = await fetchOpenItems(
        api,
        { asOf: request.asOf, basis: request.basis, buckets, customer: request.customer },
        (count) => onProgress(`Fetched ${count.toLocaleString('en-US')} open items…`, null),
        signal,
      );
      return openItemsSheet(data, now());
    }
    case 'mis': {
      onProgress('Fetching the MIS figures…', null);
      const data = await fetchMis(api, { asOf: request.asOf }, signal);
      return misSheet(data, now());
    }
    // Cash-in forecast and insights (issue 12).
    case 'forecast': {
      onProgress('Fetching the cash-in forecast…', null);
      return forecastSheet(await fetchForecast(api, { asOf: request.asOf, groupBy: request.groupBy }, signal), now());
    }
    case 'insights': {
      onProgress('Fetching the insights…', null);
      return insightsSheet(await fetchInsights(api, { asOf: request.asOf }, signal), now());
    }
  }
}
