import type { Terms } from '../agreement/terms.schema';
import { accept, refuse, type Decision } from '../shared/decider';
import { conflict, rule } from '../shared/domain-error';
import { periodEnd } from '../shared/identifiers';
import { applyBps, type Money } from '../shared/money';
import type { AccountEvent } from './account.events';
import type { AgreementAtClose, ClosePeriod } from './account.commands';
import { accountLineIds } from './account-line-ids';
import type { AccountState } from './account.state';
import { agreementPeriodTotals, annualOrders } from './period-totals';

type BonusRule = Terms['bonuses'][number];

/**
 * Closing a period posts its bonuses, then caps what its commissions plus bonuses make payable, agreement by
 * agreement, on the terms in effect at the period's last instant; then PeriodClosed. A period closes once, and
 * only after it has ended (a conversion could still fall into it before).
 */
export function decideClosePeriod(command: ClosePeriod, state: AccountState): Decision<AccountEvent> {
  const { partnerId, period, occurredAt } = command;
  if (state.closedPeriods.has(period)) {
    return refuse(conflict('PERIOD_ALREADY_CLOSED', `period ${period} of partner ${partnerId} is already closed`, { period }));
  }
  if (Date.parse(occurredAt) < Date.parse(periodEnd(period))) {
    return refuse(
      rule('PERIOD_NOT_ENDED', `period ${period} runs until ${periodEnd(period)}; it cannot be closed at ${occurredAt}`, {
        period,
        endsAt: periodEnd(period),
      }),
    );
  }
  const events: AccountEvent[] = [];
  const caps: Array<{ agreementId: string; cap: Money }> = [];
  const agreements = [...command.agreements].sort((a, b) => (a.agreementId < b.agreementId ? -1 : 1));
  for (const agreement of agreements) {
    if (!agreement.terms) continue;
    const bonuses = bonusesOf(agreement, command, state);
    events.push(...bonuses);
    const cap = agreement.terms.terms.capPerPeriod;
    if (!cap) continue;
    caps.push({ agreementId: agreement.agreementId, cap });
    const totals = agreementPeriodTotals(state, agreement.agreementId, period, cap.currency);
    const awarded = bonuses.reduce((sum, b) => sum + (b.type === 'BonusAwarded' && b.data.amount.currency === cap.currency ? b.data.amount.amount : 0), 0);
    const excess = totals.net + totals.bonuses + awarded - cap.amount - totals.capped;
    if (excess > 0) {
      events.push({
        type: 'CommissionCapped',
        occurredAt,
        data: {
          partnerId,
          lineId: accountLineIds.cap(agreement.agreementId, period),
          period,
          cap,
          amount: { amount: excess, currency: cap.currency },
          agreementId: agreement.agreementId,
          termsVersion: agreement.terms.termsVersion,
        },
      });
    }
  }
  events.push({ type: 'PeriodClosed', occurredAt, data: { partnerId, period, ...(caps.length ? { caps } : {}) } });
  return accept(...events);
}

/**
 * A bonus is bonusBps of the period's net commission for the agreement (accrued − clawed back, by business time
 * in the period), half to even; nothing when that net is not positive. Only the first rule of each kind counts:
 * a line id names one bonus per agreement, period and kind.
 */
function bonusesOf(agreement: AgreementAtClose, command: ClosePeriod, state: AccountState): AccountEvent[] {
  const terms = agreement.terms!;
  const currency = terms.terms.currency;
  const { net } = agreementPeriodTotals(state, agreement.agreementId, command.period, currency);
  const seen = new Set<BonusRule['kind']>();
  const events: AccountEvent[] = [];
  for (const bonus of terms.terms.bonuses) {
    if (seen.has(bonus.kind)) continue;
    seen.add(bonus.kind);
    const evidence = qualifies(bonus, agreement, command, state);
    if (!evidence || net <= 0) continue;
    const amount = applyBps(net, bonus.bonusBps);
    if (amount === 0) continue;
    events.push({
      type: 'BonusAwarded',
      occurredAt: command.occurredAt,
      data: {
        partnerId: command.partnerId,
        lineId: accountLineIds.bonus(agreement.agreementId, command.period, bonus.kind),
        period: command.period,
        agreementId: agreement.agreementId,
        kind: bonus.kind,
        bonusBps: bonus.bonusBps,
        base: { amount: net, currency },
        amount: { amount, currency },
        termsVersion: terms.termsVersion,
        evidence,
      },
    });
  }
  return events;
}

/** The evidence that the bonus applies, or null: retention strictly above minRate, orders strictly above the milestone. */
function qualifies(
  bonus: BonusRule,
  agreement: AgreementAtClose,
  command: ClosePeriod,
  state: AccountState,
): { retentionRate?: number; annualOrders?: number } | null {
  if (bonus.kind === 'retention') {
    const rate = agreement.retentionRate;
    return rate !== undefined && rate > bonus.minRate ? { retentionRate: rate } : null;
  }
  const orders = annualOrders(state, agreement.agreementId, command.period);
  return orders > bonus.minAnnualOrders ? { annualOrders: orders } : null;
}
