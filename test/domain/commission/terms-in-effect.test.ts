import { describe, expect, it } from 'vitest';
import { agreementDecider } from '../../../src/domain/agreement/agreement.decider';
import type { AgreementEvent } from '../../../src/domain/agreement/agreement.events';
import { TermsSchema } from '../../../src/domain/agreement/terms.schema';
import { lastInstantOf, termsVersionAt } from '../../../src/domain/commission/terms-in-effect';
import { fold } from '../../../src/domain/shared/decider';

const terms = (rateBps: number) => TermsSchema.parse({ currency: 'EUR', commission: { type: 'percentage', rateBps } });

const history: AgreementEvent[] = [
  {
    type: 'AgreementSigned',
    occurredAt: '2026-01-10T09:00:00.000Z',
    data: { agreementId: 'a', partnerId: 'p', terms: terms(1000), termsVersion: 1, effectiveFrom: '2026-01-10T09:00:00.000Z' },
  },
  {
    type: 'AgreementAmended',
    // Recorded in March, effective from the 1st of April.
    occurredAt: '2026-03-15T09:00:00.000Z',
    data: { agreementId: 'a', partnerId: 'p', terms: terms(2000), termsVersion: 2, effectiveFrom: '2026-04-01T00:00:00Z' },
  },
];

describe('the terms version a money event is computed on', () => {
  const agreement = fold(agreementDecider, history);

  it('is none before the signature', () => {
    expect(termsVersionAt(agreement, '2026-01-10T08:59:59.999Z')).toBeNull();
  });

  it('is the signed version until the amendment takes effect, however early the amendment was recorded', () => {
    expect(termsVersionAt(agreement, '2026-03-31T23:59:59.999Z')).toMatchObject({ agreementId: 'a', partnerId: 'p', termsVersion: 1 });
  });

  it('is the amendment from its effectiveFrom on', () => {
    expect(termsVersionAt(agreement, '2026-04-01T00:00:00.000Z')?.terms.commission).toEqual({ type: 'percentage', rateBps: 2000 });
  });

  it('is taken at the period’s last instant for a close', () => {
    expect(lastInstantOf('2026-03')).toBe('2026-03-31T23:59:59.999Z');
    expect(termsVersionAt(agreement, lastInstantOf('2026-03'))?.termsVersion).toBe(1);
  });

  it('is none for an agreement that does not exist', () => {
    expect(termsVersionAt(agreementDecider.initialState, '2026-05-01T00:00:00.000Z')).toBeNull();
  });
});
