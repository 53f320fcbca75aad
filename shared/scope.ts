/** Which customers a figure covers: one customer, a vertical, a region, a collector's portfolio, or all. */

export type ScopeKind = 'customer' | 'vertical' | 'region' | 'collector' | 'all';
export interface Scope {
  kind: ScopeKind;
  value: string;
}

export type GroupBy = 'customer' | 'vertical' | 'region' | 'collector' | 'all';
export const GROUP_BYS: readonly GroupBy[] = ['customer', 'vertical', 'region', 'collector', 'all'];

const PREFIXED = /^(vertical|region|collector|customer):(.+)$/i;

/** "C1042", "vertical:Retail", "region:EMEA", "collector:Ana", "*" (everything). */
export function parseScope(text: string): Scope | null {
  const t = text.trim();
  if (t === '*' || t.toLowerCase() === 'all') return { kind: 'all', value: '' };
  const m = PREFIXED.exec(t);
  if (m) return { kind: m[1]!.toLowerCase() as ScopeKind, value: m[2]!.trim() };
  if (!t || t.length > 100 || t.includes(':')) return null;
  return { kind: 'customer', value: t };
}

export function formatScope(s: Scope): string {
  return s.kind === 'all' ? '*' : s.kind === 'customer' ? s.value : `${s.kind}:${s.value}`;
}
