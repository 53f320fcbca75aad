import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, endOfMonth, excelSerialToIso, isIsoDate, isoToExcelSerial } from './dates';

describe('dates', () => {
  it('validates calendar dates strictly', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    for (const bad of ['2023-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '26-01-01', '2026-1-1', '']) expect(isIsoDate(bad), bad).toBe(false);
  });

  it('does day and month arithmetic in UTC', () => {
    expect(daysBetween('2026-02-09', '2026-03-31')).toBe(50);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-01');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-01');
    expect(endOfMonth('2024-02-10')).toBe('2024-02-29');
  });

  it("reads Excel's 1900 date serials, phantom 1900-02-29 included", () => {
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(excelSerialToIso(59)).toBe('1900-02-28');
    expect(excelSerialToIso(60)).toBeNull(); // Lotus's 1900-02-29 does not exist
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(46142)).toBe('2026-04-30');
    expect(excelSerialToIso(46142.75)).toBe('2026-04-30');
    expect(isoToExcelSerial('2026-04-30')).toBe(46142);
    expect(excelSerialToIso(0)).toBeNull();
  });
});
