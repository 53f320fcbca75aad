// Asks Excel to recalculate every formula of the workbook (after the functions' cache was dropped).
interface ExcelGlobal {
  run(batch: (context: { workbook: { application: { calculate(type: string): void } }; sync(): Promise<void> }) => Promise<void>): Promise<void>;
  CalculationType: { full: string };
}

/** Answers false outside Excel (no Excel global), where there is nothing to recalculate. */
export async function recalculateWorkbook(): Promise<boolean> {
  const excel = (globalThis as { Excel?: ExcelGlobal }).Excel;
  if (!excel || typeof excel.run !== 'function') return false;
  await excel.run(async (context) => {
    context.workbook.application.calculate(excel.CalculationType.full);
    await context.sync();
  });
  return true;
}
