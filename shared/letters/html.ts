/**
 * Printable HTML for letters and statements. Every value merged into a template is escaped: ledger text
 * (names, references) comes from imports and is untrusted. Templates are the administrator's own HTML.
 */
import { formatMoney } from '../money';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** HTML our own code built from escaped parts (the open-items table); merged as it is. */
export class TrustedHtml {
  constructor(readonly html: string) {}
}

export type MergeValue = string | number | TrustedHtml;

export const MERGE_FIELD = /\{\{\s*([A-Za-z][A-Za-z0-9_.]*)\s*\}\}/g;

/** The merge fields a template uses that `known` does not offer (a template with these is refused). */
export function unknownFields(template: string, known: readonly string[]): string[] {
  return [...new Set([...template.matchAll(MERGE_FIELD)].map((m) => m[1]!).filter((f) => !known.includes(f)))];
}

export function merge(template: string, fields: Record<string, MergeValue>): string {
  return template.replace(MERGE_FIELD, (whole, name: string) => {
    const v = fields[name];
    if (v === undefined) return escapeHtml(whole);
    return v instanceof TrustedHtml ? v.html : escapeHtml(String(v));
  });
}

/** 123456789 USD → "1,234,567.89" (display only; amounts stay minor units). */
export function displayMoney(minor: number, currency: string): string {
  const text = formatMoney(minor, currency);
  const [whole, frac] = text.replace('-', '').split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${minor < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** Totals per currency, e.g. "USD 1,200.00 + EUR 50.00"; "0" when there is nothing. */
export function totalsText(totals: ReadonlyMap<string, number>): string {
  const parts = [...totals].filter(([, v]) => v !== 0).map(([cur, v]) => `${cur} ${displayMoney(v, cur)}`);
  return parts.length ? parts.join(' + ') : '0';
}

export function sumByCurrency<T>(items: readonly T[], currency: (t: T) => string, amount: (t: T) => number): Map<string, number> {
  const m = new Map<string, number>();
  for (const it of items) m.set(currency(it), (m.get(currency(it)) ?? 0) + amount(it));
  return m;
}

export interface Column<T> {
  heading: string;
  cell: (t: T) => string;
  numeric?: boolean;
}

export function table<T>(rows: readonly T[], columns: readonly Column<T>[], emptyText = 'Nothing to show.'): TrustedHtml {
  if (!rows.length) return new TrustedHtml(`<p class="empty">${escapeHtml(emptyText)}</p>`);
  const th = columns.map((c) => `<th${c.numeric ? ' class="num"' : ''}>${escapeHtml(c.heading)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${columns.map((c) => `<td${c.numeric ? ' class="num"' : ''}>${escapeHtml(c.cell(r))}</td>`).join('')}</tr>`)
    .join('');
  return new TrustedHtml(`<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`);
}

export interface Letterhead {
  name: string;
  address: string;
  contact: string;
  logoUrl: string;
}

const STYLE =
  'body{font-family:Segoe UI,Arial,sans-serif;font-size:11pt;color:#222;margin:2cm}' +
  'header{border-bottom:1px solid #888;margin-bottom:1em;padding-bottom:.5em}header img{max-height:60px;float:right}' +
  '.org{font-size:14pt;font-weight:600}.addr{white-space:pre-line}table{border-collapse:collapse;width:100%;margin:.8em 0}' +
  'th,td{border-bottom:1px solid #ccc;padding:3px 6px;text-align:left}.num{text-align:right}' +
  '.letter{page-break-after:always}.letter:last-child{page-break-after:auto}@media print{body{margin:0}}';

function letterheadHtml(l: Letterhead): string {
  const logo = /^https:\/\//.test(l.logoUrl) ? `<img src="${escapeHtml(l.logoUrl)}" alt="">` : '';
  return `<header>${logo}<div class="org">${escapeHtml(l.name)}</div><div class="addr">${escapeHtml(l.address)}</div><div>${escapeHtml(l.contact)}</div></header>`;
}

/** One page: letterhead, date line, body (already merged). */
export function page(l: Letterhead, dateLine: string, body: string): string {
  return `<section class="letter">${letterheadHtml(l)}<p class="date">${escapeHtml(dateLine)}</p>${body}</section>`;
}

/** A printable document of one or more pages. */
export function printable(title: string, pages: readonly string[]): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${pages.join('')}</body></html>`;
}
