import { agreementInEffect } from '../agreement/agreement-snapshot';
import { accept, refuse, type Decider } from '../shared/decider';
import { rule } from '../shared/domain-error';
import { addDays } from '../shared/identifiers';
import type { AttributionCommand } from './attribution.commands';
import type { AttributionEvent } from './attribution.events';
import { evolveAttribution, initialAttributionState, type AttributionState } from './attribution.state';

/**
 * A customer belongs to at most one partner inside an attribution window (the agreement's attributionWindowDays
 * from the attribution's business time). Another partner's claim before that window ends is refused; from its end
 * on, a new partner may claim. The same partner claiming again renews the window from the new claim (never
 * shortening it). The stream's expected revision makes two concurrent claims race: exactly one is decided first.
 */
export const attributionDecider: Decider<AttributionCommand, AttributionState, AttributionEvent> = {
  initialState: initialAttributionState,
  evolve: evolveAttribution,
  immutableState: true,
  decide(command, state) {
    const { customerId, agreementId, occurredAt } = command;
    const live = agreementInEffect(command.agreement, agreementId, occurredAt);
    if (!live.ok) return refuse(live.error);
    const current = state.current;
    const samePartner = current?.partnerId === live.partnerId;
    if (current && !samePartner && Date.parse(occurredAt) < Date.parse(current.windowEndsAt)) {
      return refuse(
        rule(
          'ALREADY_ATTRIBUTED',
          `customer ${customerId} is attributed to another partner until ${current.windowEndsAt}`,
          { customerId, partnerId: current.partnerId, agreementId: current.agreementId, windowEndsAt: current.windowEndsAt },
        ),
      );
    }
    const newEnd = addDays(occurredAt, live.terms.terms.attributionWindowDays);
    const windowEndsAt =
      current && samePartner && Date.parse(current.windowEndsAt) > Date.parse(newEnd) ? current.windowEndsAt : newEnd;
    return accept({
      type: 'CustomerAttributed',
      data: {
        customerId,
        partnerId: live.partnerId,
        agreementId,
        source: command.source,
        attributedAt: new Date(occurredAt).toISOString(),
        windowEndsAt,
        referralId: command.referralId,
      },
      occurredAt,
    });
  },
};
