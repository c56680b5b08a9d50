import { describe, expect, it } from 'vitest';
import { decimalAmount } from '../../src/cli/decimal-amount';

describe('decimalAmount', () => {
  it.each([
    [12345, 'EUR', '123.45'],
    [5, 'EUR', '0.05'],
    [-5, 'EUR', '-0.05'],
    [-25000, 'EUR', '-250.00'],
    [0, 'USD', '0.00'],
    [1200, 'JPY', '1200'],
    [-7, 'JPY', '-7'],
    [1234, 'KWD', '1.234'],
    [9007199254740991, 'EUR', '90071992547409.91'],
  ])('%i %s is %s', (minor, currency, text) => {
    expect(decimalAmount(minor, currency)).toBe(text);
  });

  it('refuses a fraction of a minor unit', () => {
    expect(() => decimalAmount(1.5, 'EUR')).toThrow(RangeError);
  });
});
