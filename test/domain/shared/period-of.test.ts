import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodOf } from '../../../src/domain/shared/identifiers';

describe('periodOf', () => {
  it('is the UTC calendar month of an instant, with or without fractions of a second', () => {
    expect(periodOf('2026-01-31T23:59:59Z')).toBe('2026-01');
    expect(periodOf('2026-12-01T00:00:00.000Z')).toBe('2026-12');
  });

  it('takes an instant with an offset to the month it falls in in UTC', () => {
    expect(periodOf('2026-02-01T00:30:00+01:00')).toBe('2026-01');
    expect(periodOf('2026-01-31T23:30:00-01:00')).toBe('2026-02');
  });

  it('agrees with Date for every UTC instant', () => {
    const instants = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instants, fc.boolean(), (date, fractions) => {
        const iso = date.toISOString();
        const instant = fractions ? iso : `${iso.slice(0, 19)}Z`;
        expect(periodOf(instant)).toBe(new Date(instant).toISOString().slice(0, 7));
      }),
    );
  });
});
