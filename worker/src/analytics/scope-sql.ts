/** Scope and grouping as SQL over the customers table (aliased `c`). Column names come from a closed list. */
import type { GroupBy, Scope } from '../../../shared/scope';

/**
 * A WHERE fragment on `c`; its value is bound as ?9, the slot every analytics query reserves for scope.
 * "All" still mentions ?9 so every query binds the same number of values.
 */
export function scopeWhere(scope: Scope | undefined): string {
  if (!scope || scope.kind === 'all') return '?9 IS NOT NULL';
  return `c.${scope.kind === 'customer' ? 'id' : scope.kind} = ?9`;
}

export function scopeValue(scope: Scope | undefined): string {
  return scope?.value ?? '';
}

export function groupKey(groupBy: GroupBy): string {
  return groupBy === 'all' ? "'all'" : `c.${groupBy === 'customer' ? 'id' : groupBy}`;
}

export function groupName(groupBy: GroupBy): string {
  return groupBy === 'customer' ? 'MAX(c.name)' : groupKey(groupBy);
}
