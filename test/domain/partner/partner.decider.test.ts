import { describe, expect, it } from 'vitest';
import { partnerDecider } from '../../../src/domain/partner/partner.decider';
import type { PartnerCommand } from '../../../src/domain/partner/partner.commands';
import type { PartnerEvent } from '../../../src/domain/partner/partner.events';
import { given } from './decider-spec';
import { approved, proposed, screened, strongCard, T0, T1, T2 } from './partner-fixtures';

const spec = (history: PartnerEvent[]) => given(partnerDecider, history);
const approve = (over: Partial<Extract<PartnerCommand, { type: 'ApprovePartner' }>> = {}): PartnerCommand => ({
  type: 'ApprovePartner',
  partnerId: 'edu-consult',
  override: false,
  occurredAt: T2,
  ...over,
});

describe('partner: proposal', () => {
  it('records a proposed partner', () => {
    const { events } = spec([]).when({
      type: 'ProposePartner',
      partnerId: 'edu-consult',
      name: 'Education consultancy',
      segment: 'education',
      occurredAt: T0,
    });
    expect(events).toEqual([proposed()]);
  });

  it('refuses to propose the same partner id twice (ALREADY_EXISTS, a conflict)', () => {
    const { error } = spec([proposed()]).when({ type: 'ProposePartner', partnerId: 'edu-consult', name: 'Other', occurredAt: T1 });
    expect(error).toMatchObject({ kind: 'conflict', code: 'ALREADY_EXISTS' });
  });
});

describe('partner: screening', () => {
  it('records the card with the policy’s recommendation, score and reasons', () => {
    const { events } = spec([proposed()]).when({ type: 'ScreenPartner', partnerId: 'edu-consult', card: strongCard, occurredAt: T1 });
    expect(events).toEqual([screened('approve')]);
  });

  it('recommends rejecting the indebted ed-tech platform', () => {
    const { events } = spec([proposed('edtech')]).when({
      type: 'ScreenPartner',
      partnerId: 'edtech',
      card: { ...strongCard, debtRatio: 0.72 },
      occurredAt: T1,
    });
    expect(events[0]!.data).toMatchObject({ recommendation: 'reject', reasons: ['debt ratio 0.72 is above 0.60'] });
  });

  it('refuses to screen a partner that was never proposed (NOT_FOUND)', () => {
    const { error } = spec([]).when({ type: 'ScreenPartner', partnerId: 'ghost', card: strongCard, occurredAt: T1 });
    expect(error).toMatchObject({ kind: 'not_found', code: 'NOT_FOUND' });
  });
});

describe('partner: approval and rejection by a person', () => {
  it('approves a partner whose latest screening recommends approval', () => {
    expect(spec([proposed(), screened('approve')]).when(approve()).events).toEqual([approved()]);
  });

  it('refuses to approve a partner that was never screened (PARTNER_NOT_SCREENED)', () => {
    expect(spec([proposed()]).when(approve()).error).toMatchObject({ kind: 'rule', code: 'PARTNER_NOT_SCREENED' });
  });

  it('refuses to approve against a "reject" recommendation without an override', () => {
    const { error } = spec([proposed(), screened('reject')]).when(approve({ reason: 'we like them' }));
    expect(error).toMatchObject({ kind: 'rule', code: 'SCREENING_RECOMMENDS_REJECTION' });
    expect(error.details).toMatchObject({ reasons: ['debt ratio 0.72 is above 0.60'] });
  });

  it('refuses an override that gives no reason', () => {
    const { error } = spec([proposed(), screened('reject')]).when(approve({ override: true }));
    expect(error.code).toBe('SCREENING_RECOMMENDS_REJECTION');
  });

  it('approves against the recommendation with override and a reason, and records that it was an override', () => {
    const { events } = spec([proposed(), screened('reject')]).when(approve({ override: true, reason: 'debt refinanced in August' }));
    expect(events).toEqual([
      { type: 'PartnerApproved', data: { partnerId: 'edu-consult', override: true, reason: 'debt refinanced in August' }, occurredAt: T2 },
    ]);
  });

  it('records no override when the approval follows the recommendation, even if the caller set override', () => {
    const { events } = spec([proposed(), screened('approve')]).when(approve({ override: true, reason: 'belt and braces' }));
    expect(events[0]!.data).toMatchObject({ override: false });
  });

  it('judges the latest screening: a re-screening that recommends approval lifts the need for an override', () => {
    expect(spec([proposed(), screened('reject'), screened('approve')]).when(approve()).events).toHaveLength(1);
  });

  it('rejects a partner, with or without a screening', () => {
    const { events } = spec([proposed()]).when({ type: 'RejectPartner', partnerId: 'edu-consult', reason: 'not our market', occurredAt: T2 });
    expect(events).toEqual([{ type: 'PartnerRejected', data: { partnerId: 'edu-consult', reason: 'not our market' }, occurredAt: T2 }]);
  });

  it('refuses to decide twice: approving, rejecting or screening a decided partner is PARTNER_ALREADY_DECIDED', () => {
    const history = [proposed(), screened('approve'), approved()];
    expect(spec(history).when(approve()).error).toMatchObject({ kind: 'conflict', code: 'PARTNER_ALREADY_DECIDED' });
    expect(spec(history).when({ type: 'RejectPartner', partnerId: 'edu-consult', occurredAt: T2 }).error.code).toBe(
      'PARTNER_ALREADY_DECIDED',
    );
    expect(spec(history).when({ type: 'ScreenPartner', partnerId: 'edu-consult', card: strongCard, occurredAt: T2 }).error.code).toBe(
      'PARTNER_ALREADY_DECIDED',
    );
  });

  it('refuses to approve a rejected partner', () => {
    const rejected: PartnerEvent = { type: 'PartnerRejected', data: { partnerId: 'edu-consult' }, occurredAt: T2 };
    expect(spec([proposed(), screened('approve'), rejected]).when(approve()).error).toMatchObject({
      code: 'PARTNER_ALREADY_DECIDED',
      details: { status: 'rejected' },
    });
  });

  it('refuses to approve a partner that does not exist (NOT_FOUND)', () => {
    expect(spec([]).when(approve()).error.code).toBe('NOT_FOUND');
  });
});
