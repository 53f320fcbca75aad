/**
 * The evidence a credit decision is made on: the customer's metrics as of the data date, stored with the decision
 * (minor units) so an approver and a later reader see what the decider saw.
 */
import type { CustomerMetrics } from '../analytics/customer-metrics';
import type { DriverName, Grade } from '../analytics/credit-score';
import { roundForDisplay } from '../analytics/numbers';
import { uninsured, type InsuranceCover } from './review';

export interface DriverEvidence {
  driver: DriverName;
  value: number | null;
  points: number | null;
  weight: number;
  reason?: string;
}

export interface DecisionSnapshot {
  asOf: string;
  modelVersion: string;
  score: number;
  grade: Grade;
  drivers: DriverEvidence[];
  creditLimit: number;
  exposure: number;
  headroom: number;
  recommendedLimit: number;
  insurance: InsuranceCover | null;
  insuredCover: number;
  uninsuredExposure: number;
}

export function driverEvidence(m: CustomerMetrics): DriverEvidence[] {
  return m.score.drivers.map((d) => ({
    driver: d.driver,
    value: d.value === null ? null : Math.round(d.value * 10_000) / 10_000,
    points: d.points === null ? null : roundForDisplay(d.points, 2),
    weight: roundForDisplay(d.weight, 2),
    ...(d.reason ? { reason: d.reason } : {}),
  }));
}

export function decisionSnapshot(m: CustomerMetrics, insurance: InsuranceCover | null): DecisionSnapshot {
  const cover = uninsured(m.exposure, insurance, m.asOf);
  return {
    asOf: m.asOf,
    modelVersion: m.score.modelVersion,
    score: m.score.score,
    grade: m.score.grade,
    drivers: driverEvidence(m),
    creditLimit: m.creditLimit,
    exposure: m.exposure,
    headroom: m.headroom,
    recommendedLimit: m.limit.limit,
    insurance,
    insuredCover: cover.cover,
    uninsuredExposure: cover.uninsured,
  };
}

/** "score 66 (B): payment_index 60 pts, add 80 pts, …": the drivers in one line, for a sheet cell. */
export function driversLine(drivers: readonly DriverEvidence[]): string {
  return drivers.map((d) => (d.points === null ? `${d.driver} n/a` : `${d.driver} ${d.points} pts × ${d.weight}%`)).join('; ');
}
