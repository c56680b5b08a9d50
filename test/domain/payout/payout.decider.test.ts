import { describe, expect, it } from 'vitest';
import type { PayoutCommand, PreparePayout } from '../../../src/domain/payout/payout.commands';
import { payoutDecider } from '../../../src/domain/payout/payout.decider';
import type { PayoutEvent } from '../../../src/domain/payout/payout.events';
import { expectEvents, expectRefusal, given } from '../account/decider-spec';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const prepare: PreparePayout = {
  type: 'PreparePayout',
  payoutId: 'pay-1',
  partnerId: 'p1',
  period: '2026-09',
  lines: [{ lineId: 'accrual:c1', kind: 'accrual', amount: eur(500), period: '2026-09', sourceEventId: 'e1', conversionId: 'c1' }],
  total: eur(500),
  preparedBy: 'alice',
  occurredAt: '2026-10-02T09:00:00.000Z',
};
const approve = (approvedBy: string): PayoutCommand => ({ type: 'ApprovePayout', payoutId: 'pay-1', approvedBy, occurredAt: '2026-10-02T11:00:00.000Z' });
const pay = (bankReference = 'SEPA-1'): PayoutCommand => ({ type: 'PayPayout', payoutId: 'pay-1', bankReference, paidBy: 'alice', occurredAt: '2026-10-03T09:00:00.000Z' });

const prepared = expectEvents(payoutDecider.decide(prepare, payoutDecider.initialState));
const approved: PayoutEvent[] = [...prepared, ...expectEvents(given(payoutDecider, prepared).when(approve('bob')))];

describe('payout: prepare, approve with four eyes, pay once', () => {
  it('prepares the statement with its lines, total and preparer', () => {
    expect(prepared).toEqual([
      { type: 'PayoutPrepared', occurredAt: prepare.occurredAt, data: expect.objectContaining({ total: eur(500), preparedBy: 'alice', lines: prepare.lines }) },
    ]);
    expectRefusal(given(payoutDecider, prepared).when(prepare), 'PAYOUT_ALREADY_EXISTS', 'conflict');
  });

  it('refuses approval by the person who prepared it', () => {
    expectRefusal(given(payoutDecider, prepared).when(approve('alice')), 'SAME_PERSON_APPROVAL', 'rule');
  });

  it('is approved by another person, once', () => {
    expect(approved[1]).toMatchObject({ type: 'PayoutApproved', data: { payoutId: 'pay-1', partnerId: 'p1', approvedBy: 'bob' } });
    expectRefusal(given(payoutDecider, approved).when(approve('dave')), 'PAYOUT_ALREADY_APPROVED', 'conflict');
  });

  it('refuses payment before approval', () => {
    expectRefusal(given(payoutDecider, prepared).when(pay()), 'PAYOUT_NOT_APPROVED', 'rule');
  });

  it('is paid once with the bank reference and the statement total', () => {
    const paid = expectEvents(given(payoutDecider, approved).when(pay()));
    expect(paid).toEqual([
      { type: 'PayoutPaid', occurredAt: '2026-10-03T09:00:00.000Z', data: { payoutId: 'pay-1', partnerId: 'p1', bankReference: 'SEPA-1', total: eur(500), paidBy: 'alice' } },
    ]);
    expectRefusal(given(payoutDecider, [...approved, ...paid]).when(pay('SEPA-2')), 'PAYOUT_ALREADY_PAID', 'conflict');
  });

  it('knows no payout that was never prepared', () => {
    expectRefusal(given(payoutDecider, []).when(approve('bob')), 'NOT_FOUND', 'not_found');
    expectRefusal(given(payoutDecider, []).when(pay()), 'NOT_FOUND', 'not_found');
  });
});
