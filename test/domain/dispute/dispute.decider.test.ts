import { describe, expect, it } from 'vitest';
import type { DisputeCommand, OpenDispute } from '../../../src/domain/dispute/dispute.commands';
import { disputeDecider } from '../../../src/domain/dispute/dispute.decider';
import { expectEvents, expectRefusal, given } from '../account/decider-spec';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const open: OpenDispute = {
  type: 'OpenDispute',
  disputeId: 'disp-1',
  partnerId: 'agency-network',
  subject: { type: 'commission', id: 'conv-net-2' },
  claim: eur(5_000),
  description: 'Campaign landing page bookings were not attributed',
  subjectFound: null,
  occurredAt: '2026-10-02T10:00:00.000Z',
};
const evidence: DisputeCommand = {
  type: 'AddEvidence',
  disputeId: 'disp-1',
  description: 'Booking export with UTM tags',
  reference: 'doc://evidence/utm-export.csv',
  occurredAt: '2026-10-03T10:00:00.000Z',
};
const resolve = (over: Partial<Extract<DisputeCommand, { type: 'ResolveDispute' }>> = {}): DisputeCommand => ({
  type: 'ResolveDispute',
  disputeId: 'disp-1',
  outcome: 'partial',
  adjustment: eur(2_500),
  reason: 'half of the claimed bookings carry the partner’s tags',
  occurredAt: '2026-10-05T10:00:00.000Z',
  ...over,
});
const opened = expectEvents(disputeDecider.decide(open, disputeDecider.initialState));

describe('dispute: open, attach evidence, resolve once', () => {
  it('opens a dispute on a subject with the partner’s claim', () => {
    expect(opened).toEqual([
      {
        type: 'DisputeOpened',
        occurredAt: open.occurredAt,
        data: { disputeId: 'disp-1', partnerId: 'agency-network', subject: open.subject, claim: eur(5_000), description: open.description },
      },
    ]);
    expectRefusal(given(disputeDecider, opened).when(open), 'ALREADY_EXISTS', 'conflict');
  });

  it('refuses a dispute about a payout or referral that is not the partner’s', () => {
    expectRefusal(given(disputeDecider, []).when({ ...open, subject: { type: 'payout', id: 'x' }, subjectFound: false }), 'UNKNOWN_SUBJECT', 'rule');
  });

  it('attaches evidence while the dispute is open', () => {
    expect(expectEvents(given(disputeDecider, opened).when(evidence))).toEqual([
      {
        type: 'DisputeEvidenceAdded',
        occurredAt: '2026-10-03T10:00:00.000Z',
        data: { disputeId: 'disp-1', partnerId: 'agency-network', description: 'Booking export with UTM tags', reference: 'doc://evidence/utm-export.csv' },
      },
    ]);
    expectRefusal(given(disputeDecider, []).when(evidence), 'NOT_FOUND', 'not_found');
  });

  it('resolves with an outcome, a reason and an optional signed adjustment, once', () => {
    const resolved = expectEvents(given(disputeDecider, opened).when(resolve()));
    expect(resolved[0]).toMatchObject({ type: 'DisputeResolved', data: { outcome: 'partial', adjustment: eur(2_500), partnerId: 'agency-network' } });
    expectRefusal(given(disputeDecider, [...opened, ...resolved]).when(resolve({ outcome: 'upheld' })), 'DISPUTE_ALREADY_RESOLVED', 'conflict');
    expectRefusal(given(disputeDecider, [...opened, ...resolved]).when(evidence), 'DISPUTE_RESOLVED', 'rule');
  });

  it('refuses an adjustment on a rejected dispute', () => {
    expectRefusal(given(disputeDecider, opened).when(resolve({ outcome: 'rejected' })), 'ADJUSTMENT_NOT_ALLOWED', 'rule');
    const { adjustment: _none, ...withoutAdjustment } = resolve({ outcome: 'rejected' }) as Extract<DisputeCommand, { type: 'ResolveDispute' }>;
    expect(expectEvents(given(disputeDecider, opened).when(withoutAdjustment))[0]!.data).not.toHaveProperty('adjustment');
  });
});
