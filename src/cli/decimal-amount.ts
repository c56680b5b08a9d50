/**
 * ISO 4217 currencies whose minor unit is not the cent. Everything else has two decimals, which is also the
 * safe reading of a code this table does not know.
 */
const MINOR_UNIT_DIGITS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0,
  XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

export function minorUnitDigits(currency: string): number {
  return MINOR_UNIT_DIGITS[currency] ?? 2;
}

/** 12345 EUR → "123.45", −5 EUR → "-0.05", 1200 JPY → "1200": string arithmetic on the integer, never a float. */
export function decimalAmount(minorUnits: number, currency: string): string {
  if (!Number.isSafeInteger(minorUnits)) throw new RangeError(`${minorUnits} is not a whole number of minor units`);
  const digits = minorUnitDigits(currency);
  const negative = minorUnits < 0;
  const magnitude = (negative ? -BigInt(minorUnits) : BigInt(minorUnits)).toString();
  const sign = negative ? '-' : '';
  if (digits === 0) return `${sign}${magnitude}`;
  const padded = magnitude.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}
