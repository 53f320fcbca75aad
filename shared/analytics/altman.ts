/**
 * Altman's financial-statement scores. Inputs are statement lines in minor units; only ratios enter
 * the formulas, so the currency does not matter. Zones: above `safe` is safe, below `distress` is
 * distress, anything between (boundaries included) is grey.
 *   Z   (public manufacturers): 1.2 X1 + 1.4 X2 + 3.3 X3 + 0.6 X4(market equity) + 1.0 X5; safe > 2.99, distress < 1.81
 *   Z′  (private firms):        0.717 X1 + 0.847 X2 + 3.107 X3 + 0.420 X4(book equity) + 0.998 X5; safe > 2.90, distress < 1.23
 *   Z″  (non-manufacturers):    6.56 X1 + 3.26 X2 + 6.72 X3 + 1.05 X4(book equity); safe > 2.60, distress < 1.10
 * X1 working capital ÷ total assets, X2 retained earnings ÷ TA, X3 EBIT ÷ TA, X4 equity ÷ total liabilities, X5 sales ÷ TA.
 */
import { assertMinor } from './numbers';

export interface FinancialStatements {
  totalAssets: number;
  currentAssets: number;
  currentLiabilities: number;
  totalLiabilities: number;
  retainedEarnings: number;
  ebit: number;
  /** Book value of equity (Z′, Z″). */
  bookEquity?: number;
  /** Market value of equity (Z, public companies). */
  marketEquity?: number;
  /** Sales / revenue (Z, Z′). */
  sales?: number;
}

export type AltmanModel = 'Z' | "Z'" | 'Z"';
export type AltmanZone = 'safe' | 'grey' | 'distress';

export interface AltmanResult {
  model: AltmanModel;
  value: number | null;
  reason?: string;
  zone: AltmanZone | null;
  ratios: { x1: number; x2: number; x3: number; x4: number; x5?: number } | null;
}

interface ModelSpec {
  model: AltmanModel;
  weights: readonly [number, number, number, number, number];
  equity: 'marketEquity' | 'bookEquity';
  usesSales: boolean;
  safeAbove: number;
  distressBelow: number;
}

export const ALTMAN_MODELS: Record<AltmanModel, ModelSpec> = {
  Z: { model: 'Z', weights: [1.2, 1.4, 3.3, 0.6, 1.0], equity: 'marketEquity', usesSales: true, safeAbove: 2.99, distressBelow: 1.81 },
  "Z'": { model: "Z'", weights: [0.717, 0.847, 3.107, 0.42, 0.998], equity: 'bookEquity', usesSales: true, safeAbove: 2.9, distressBelow: 1.23 },
  'Z"': { model: 'Z"', weights: [6.56, 3.26, 6.72, 1.05, 0], equity: 'bookEquity', usesSales: false, safeAbove: 2.6, distressBelow: 1.1 },
};

export function altmanZone(model: AltmanModel, value: number): AltmanZone {
  const spec = ALTMAN_MODELS[model];
  return value > spec.safeAbove ? 'safe' : value < spec.distressBelow ? 'distress' : 'grey';
}

export function altman(model: AltmanModel, fs: FinancialStatements): AltmanResult {
  const spec = ALTMAN_MODELS[model];
  const none = (reason: string): AltmanResult => ({ model, value: null, reason, zone: null, ratios: null });
  const equity = fs[spec.equity];
  for (const [k, v] of Object.entries(fs)) if (v !== undefined) assertMinor(v as number, k);
  if (fs.totalAssets <= 0) return none('total assets must be greater than 0');
  if (fs.totalLiabilities <= 0) return none('total liabilities must be greater than 0 (X4 divides by them)');
  if (equity === undefined) return none(spec.equity === 'marketEquity' ? 'market value of equity is needed' : 'book value of equity is needed');
  if (spec.usesSales && fs.sales === undefined) return none('sales are needed');
  const ta = fs.totalAssets;
  const x1 = (fs.currentAssets - fs.currentLiabilities) / ta;
  const x2 = fs.retainedEarnings / ta;
  const x3 = fs.ebit / ta;
  const x4 = equity / fs.totalLiabilities;
  const [w1, w2, w3, w4, w5] = spec.weights;
  let value = w1 * x1 + w2 * x2 + w3 * x3 + w4 * x4;
  let ratios: AltmanResult['ratios'] = { x1, x2, x3, x4 };
  if (spec.usesSales) {
    const x5 = (fs.sales ?? 0) / ta;
    value += w5 * x5;
    ratios = { ...ratios, x5 };
  }
  return { model, value, zone: altmanZone(model, value), ratios };
}

export const altmanZ = (fs: FinancialStatements): AltmanResult => altman('Z', fs);
export const altmanZPrime = (fs: FinancialStatements): AltmanResult => altman("Z'", fs);
export const altmanZDoublePrime = (fs: FinancialStatements): AltmanResult => altman('Z"', fs);
