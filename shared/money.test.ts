import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, minorUnitExponent, parseMoney, parseRate, toDecimal, toFunctional } from './money';

describe('parseMoney', () => {
  it('turns decimal text into minor units of the currency', () => {
    expect(parseMoney('1234.5', 'USD')).toEqual({ ok: true, value: 123450 });
    expect(parseMoney('0.07', 'USD')).toEqual({ ok: true, value: 7 });
    expect(parseMoney('1500', 'JPY')).toEqual({ ok: true, value: 1500 });
    expect(parseMoney('1.234', 'KWD')).toEqual({ ok: true, value: 1234 });
    expect(parseMoney('12.300', 'USD')).toEqual({ ok: true, value: 1230 }); // trailing zeros are not extra precision
    expect(parseMoney('-20.00', 'USD', { allowNegative: true })).toEqual({ ok: true, value: -2000 });
  });

  it('says what is wrong', () => {
    expect(parseMoney('1.001', 'USD')).toMatchObject({ ok: false, message: expect.stringMatching(/more decimals than USD allows \(2\)/) });
    expect(parseMoney('1.5', 'JPY')).toMatchObject({ ok: false, message: expect.stringMatching(/JPY allows \(0\)/) });
    expect(parseMoney('-1', 'USD')).toMatchObject({ ok: false, message: expect.stringMatching(/negative/) });
    for (const bad of ['', 'abc', '1,000.00', '1e5', '--1', '.5', '1.']) expect(parseMoney(bad, 'USD').ok, bad).toBe(false);
    expect(parseMoney('90071992547409.92', 'USD')).toMatchObject({ ok: false, message: expect.stringMatching(/too large/) });
    expect(parseMoney('90071992547409.91', 'USD')).toEqual({ ok: true, value: Number.MAX_SAFE_INTEGER });
  });

  it('round-trips through formatMoney for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), fc.constantFrom('USD', 'JPY', 'KWD'), (minor, ccy) => {
        const text = formatMoney(minor, ccy);
        expect(parseMoney(text, ccy, { allowNegative: true })).toEqual({ ok: true, value: minor });
        expect(text.split('.')[1]?.length ?? 0).toBe(minorUnitExponent(ccy));
      }),
    );
  });
});

describe('toFunctional', () => {
  it('converts exactly and rounds once, half away from zero', () => {
    expect(toFunctional(100000, 'EUR', '1.0842', 'USD')).toBe(108420);
    expect(toFunctional(33333, 'EUR', '1.0842', 'USD')).toBe(36140); // 361.396386 → 361.40
    expect(toFunctional(5, 'EUR', '0.5', 'USD')).toBe(3); // 2.5 → 3
    expect(toFunctional(-5, 'EUR', '0.5', 'USD')).toBe(-3);
    expect(toFunctional(150000, 'JPY', '0.0067', 'USD')).toBe(100500); // ¥150,000 → $1,005.00
    expect(toFunctional(12345, 'USD', '1', 'USD')).toBe(12345);
  });
});

describe('parseRate and toDecimal', () => {
  it('keeps rates as exact text and reports bad ones', () => {
    expect(parseRate('')).toEqual({ ok: true, value: '1' });
    expect(parseRate('1.084200')).toEqual({ ok: true, value: '1.0842' });
    expect(parseRate('0')).toMatchObject({ ok: false });
    expect(parseRate('-1.2')).toMatchObject({ ok: false });
    expect(toDecimal(123450, 'USD')).toBe(1234.5);
    expect(formatMoney(-5, 'USD')).toBe('-0.05');
  });
});
