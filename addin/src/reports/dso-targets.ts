// The hook for DSO targets. Targets do not exist yet (the Targets pane is a later release); when they
// do, answer the target days for a group ('Total' for the company) at a period end, and the DSO
// dashboard draws a "DSO target" line next to DSO and BPDSO. Until then every answer is null and
// the chart has no target series.
export type DsoTargetLookup = (group: string, periodEnd: string) => number | null;

export const noDsoTargets: DsoTargetLookup = () => null;
