import { describe, expect, it } from 'vitest';
import { agreementDecider } from '../../../src/domain/agreement/agreement.decider';
import { termsAt } from '../../../src/domain/agreement/agreement.state';
import { fold } from '../../../src/domain/shared/decider';
import { amended, SIGNED_AT, signed, terms } from './agreement-fixtures';

const v2Terms = terms({ commission: { type: 'percentage', rateBps: 2000 } });
const v3Terms = terms({ commission: { type: 'percentage', rateBps: 2500 } });
const state = fold(agreementDecider, [
  signed(),
  amended(v2Terms, 2, '2026-10-01T00:00:00.000Z'),
  amended(v3Terms, 3, '2026-10-01T00:00:00.000Z'),
]);

describe('termsAt: the version in effect at a business instant', () => {
  it('has no terms before version 1 takes effect', () => {
    expect(termsAt(state, '2026-09-01T11:59:59.999Z')).toBeNull();
  });

  it('applies version 1 from the signature instant itself', () => {
    expect(termsAt(state, SIGNED_AT)?.termsVersion).toBe(1);
    expect(termsAt(state, '2026-09-30T23:59:59.999Z')?.termsVersion).toBe(1);
  });

  it('picks the later of two versions effective from the same instant (it replaced the other)', () => {
    expect(termsAt(state, '2026-10-01T00:00:00.000Z')).toMatchObject({ termsVersion: 3, terms: v3Terms });
  });

  it('compares instants as times, not strings: "…00Z" and "…00.000Z" are the same instant', () => {
    expect(termsAt(state, '2026-10-01T00:00:00Z')?.termsVersion).toBe(3);
  });

  it('keeps applying the last version afterwards', () => {
    expect(termsAt(state, '2030-01-01T00:00:00.000Z')?.termsVersion).toBe(3);
  });
});
