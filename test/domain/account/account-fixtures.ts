import type { AccountEvent } from '../../../src/domain/account/account.events';
import type { AccrueCommission, ClawBack } from '../../../src/domain/account/account.commands';
import { accountDecider } from '../../../src/domain/account/account.decider';
import type { TermsInput } from '../../../src/domain/agreement/terms.schema';
import { TermsSchema } from '../../../src/domain/agreement/terms.schema';
import type { TermsVersion } from '../../../src/domain/commission/terms-in-effect';
import { expectEvents } from './decider-spec';

export const eur = (amount: number) => ({ amount, currency: 'EUR' });

export function termsVersion(terms: TermsInput, over: Partial<TermsVersion> = {}): TermsVersion {
  return {
    agreementId: 'agr-1',
    partnerId: 'p1',
    termsVersion: 1,
    effectiveFrom: '2026-01-01T00:00:00.000Z',
    terms: TermsSchema.parse(terms),
    ...over,
  };
}

export const percentage = (rateBps: number, extra: Partial<TermsInput> = {}) =>
  termsVersion({ currency: 'EUR', commission: { type: 'percentage', rateBps }, ...extra });

export function accrue(conversionId: string, revenue: number, terms: TermsVersion, occurredAt: string): AccrueCommission {
  return {
    type: 'AccrueCommission',
    partnerId: terms.partnerId,
    agreementId: terms.agreementId,
    referralId: `ref-${conversionId}`,
    conversionId,
    revenue: eur(revenue),
    sourceEventId: `evt-${conversionId}`,
    terms,
    occurredAt,
  };
}

export function refund(conversionId: string, amount: number, refundedToDate: number, converted: number, occurredAt: string, eventId = `refund-${conversionId}-${refundedToDate}`): ClawBack {
  return {
    type: 'ClawBack',
    partnerId: 'p1',
    conversionId,
    refund: eur(amount),
    refundedToDate: eur(refundedToDate),
    converted: eur(converted),
    sourceEventId: eventId,
    occurredAt,
  };
}

/** Decides the commands one after another on the account, returning every event appended. */
export function history(...commands: Parameters<typeof accountDecider.decide>[0][]): AccountEvent[] {
  let state = accountDecider.initialState;
  const events: AccountEvent[] = [];
  for (const command of commands) {
    const decided = expectEvents(accountDecider.decide(command, state));
    for (const event of decided) state = accountDecider.evolve(state, event);
    events.push(...decided);
  }
  return events;
}
