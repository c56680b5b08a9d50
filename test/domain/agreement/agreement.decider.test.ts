import { describe, expect, it } from 'vitest';
import type { AgreementCommand } from '../../../src/domain/agreement/agreement.commands';
import { agreementDecider } from '../../../src/domain/agreement/agreement.decider';
import type { PartnerStatus } from '../../../src/domain/partner/partner.state';
import { given } from '../partner/decider-spec';
import { amended, SIGNED_AT, signed, terminated, terms } from './agreement-fixtures';

const sign = (partnerStatus: PartnerStatus, over: Partial<Extract<AgreementCommand, { type: 'SignAgreement' }>> = {}): AgreementCommand => ({
  type: 'SignAgreement',
  agreementId: 'agr-fitness',
  partnerId: 'fitness-app',
  terms: terms(),
  partnerStatus,
  occurredAt: SIGNED_AT,
  ...over,
});
const amend = (effectiveFrom: string, t = terms({ commission: { type: 'percentage', rateBps: 2000 } })): AgreementCommand => ({
  type: 'AmendAgreement',
  agreementId: 'agr-fitness',
  terms: t,
  effectiveFrom,
  occurredAt: '2026-09-20T10:00:00.000Z',
});

describe('agreement: signature', () => {
  it('signs terms version 1 with an approved partner, in effect from the signature instant', () => {
    const { events } = given(agreementDecider, []).when(sign('approved', { signedAt: '2026-09-01T12:00:00Z', occurredAt: '2026-09-02T08:00:00.000Z' }));
    expect(events).toEqual([
      {
        type: 'AgreementSigned',
        data: { agreementId: 'agr-fitness', partnerId: 'fitness-app', terms: terms(), termsVersion: 1, effectiveFrom: SIGNED_AT },
        occurredAt: '2026-09-02T08:00:00.000Z',
      },
    ]);
  });

  it('takes the business time of the command as the signature instant when signedAt is left out', () => {
    const { events } = given(agreementDecider, []).when(sign('approved', { occurredAt: '2026-09-03T10:00:00.000Z' }));
    expect(events[0]!.data).toMatchObject({ effectiveFrom: '2026-09-03T10:00:00.000Z' });
  });

  it.each<PartnerStatus>(['absent', 'proposed', 'rejected'])('refuses to sign with a partner that is %s (PARTNER_NOT_APPROVED)', (status) => {
    const { error } = given(agreementDecider, []).when(sign(status));
    expect(error).toMatchObject({ kind: 'rule', code: 'PARTNER_NOT_APPROVED', details: { partnerId: 'fitness-app', status } });
  });

  it('refuses terms whose amounts are in another currency (no FX, ever)', () => {
    const { error } = given(agreementDecider, []).when(sign('approved', { terms: terms({ capPerPeriod: { amount: 100, currency: 'USD' } }) }));
    expect(error).toMatchObject({ code: 'INVALID_TERMS', details: { problems: ['capPerPeriod is in USD, the terms are in EUR'] } });
  });

  it('refuses two targets for one KPI metric', () => {
    const kpis = [
      { metric: 'nps' as const, target: { min: 30 } },
      { metric: 'nps' as const, target: { min: 40 } },
    ];
    expect(given(agreementDecider, []).when(sign('approved', { terms: terms({ kpis }) })).error.code).toBe('INVALID_TERMS');
  });

  it('refuses to sign the same agreement id twice (ALREADY_EXISTS)', () => {
    expect(given(agreementDecider, [signed()]).when(sign('approved')).error).toMatchObject({ kind: 'conflict', code: 'ALREADY_EXISTS' });
  });
});

describe('agreement: amendments create the next terms version', () => {
  it('amends into version 2 from its effectiveFrom', () => {
    const { events } = given(agreementDecider, [signed()]).when(amend('2026-10-01T00:00:00Z'));
    expect(events).toEqual([
      {
        type: 'AgreementAmended',
        data: {
          agreementId: 'agr-fitness',
          partnerId: 'fitness-app',
          terms: terms({ commission: { type: 'percentage', rateBps: 2000 } }),
          termsVersion: 2,
          effectiveFrom: '2026-10-01T00:00:00.000Z',
        },
        occurredAt: '2026-09-20T10:00:00.000Z',
      },
    ]);
  });

  it('numbers versions in order: a second amendment is version 3', () => {
    const history = [signed(), amended(terms(), 2, '2026-10-01T00:00:00.000Z')];
    expect(given(agreementDecider, history).when(amend('2026-11-01T00:00:00Z')).events[0]!.data).toMatchObject({ termsVersion: 3 });
  });

  it('refuses an amendment that would take effect before the version it follows (AMENDMENT_OUT_OF_ORDER)', () => {
    const history = [signed(), amended(terms(), 2, '2026-10-01T00:00:00.000Z')];
    expect(given(agreementDecider, history).when(amend('2026-09-15T00:00:00Z')).error).toMatchObject({
      kind: 'rule',
      code: 'AMENDMENT_OUT_OF_ORDER',
    });
  });

  it('accepts an amendment effective at the same instant as the latest version: it replaces it', () => {
    expect(given(agreementDecider, [signed()]).when(amend(SIGNED_AT)).events).toHaveLength(1);
  });

  it('refuses to amend an agreement that does not exist (NOT_FOUND)', () => {
    expect(given(agreementDecider, []).when(amend('2026-10-01T00:00:00Z')).error.code).toBe('NOT_FOUND');
  });
});

describe('agreement: termination', () => {
  it('terminates with a reason', () => {
    const { events } = given(agreementDecider, [signed()]).when({
      type: 'TerminateAgreement',
      agreementId: 'agr-fitness',
      reason: 'partner asked to leave',
      occurredAt: '2026-11-01T10:00:00.000Z',
    });
    expect(events).toEqual([
      {
        type: 'AgreementTerminated',
        data: { agreementId: 'agr-fitness', partnerId: 'fitness-app', reason: 'partner asked to leave' },
        occurredAt: '2026-11-01T10:00:00.000Z',
      },
    ]);
  });

  it('refuses to amend, measure or terminate again a terminated agreement (AGREEMENT_TERMINATED)', () => {
    const history = [signed(), terminated()];
    const commands: AgreementCommand[] = [
      amend('2027-01-01T00:00:00Z'),
      { type: 'MeasureKpi', agreementId: 'agr-fitness', metric: 'nps', period: '2026-11', value: 50, occurredAt: '2026-12-06T00:00:00.000Z' },
      { type: 'TerminateAgreement', agreementId: 'agr-fitness', reason: 'again', occurredAt: '2026-12-06T00:00:00.000Z' },
    ];
    for (const command of commands) {
      expect(given(agreementDecider, history).when(command).error).toMatchObject({ kind: 'rule', code: 'AGREEMENT_TERMINATED' });
    }
  });
});
