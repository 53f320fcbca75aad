/** Forecast error measures for the backtest. */

/**
 * Weighted absolute percentage error: Σ |forecast − actual| ÷ Σ actual over matching cells (weeks × groups),
 * as a percentage; null when nothing was received.
 */
export function wape(forecast: readonly number[], actual: readonly number[]): number | null {
  if (forecast.length !== actual.length) throw new Error(`wape: ${forecast.length} forecasts against ${actual.length} actuals`);
  let err = 0;
  let total = 0;
  for (let i = 0; i < actual.length; i++) {
    err += Math.abs(forecast[i]! - actual[i]!);
    total += actual[i]!;
  }
  return total > 0 ? (err / total) * 100 : null;
}
