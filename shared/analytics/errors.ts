/**
 * The one error the analytics functions throw: the caller passed something the calculation cannot take
 * (a fraction of a cent, boundaries out of order, months that do not join up). Handlers map it to 400.
 * Data that merely yields no figure (no sales, no invoices) is not an error: it comes back as
 * `{ value: null, reason }`.
 */
export class AnalyticsInputError extends Error {
  override readonly name = 'AnalyticsInputError';
  readonly code = 'invalid_analytics_input' as const;
}
