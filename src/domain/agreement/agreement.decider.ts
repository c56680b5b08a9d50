import { accept, refuse, type Decider, type Decision } from '../shared/decider';
import { conflict, notFound, rule } from '../shared/domain-error';
import { periodEnd } from '../shared/identifiers';
import type { AgreementCommand, AmendAgreement, MeasureKpi, SignAgreement, TerminateAgreement } from './agreement.commands';
import type { AgreementEvent } from './agreement.events';
import { evolveAgreement, initialAgreementState, termsAt, type AgreementState } from './agreement.state';
import { missedRunAround, missesTarget } from './kpi-streak';
import { checkTerms } from './terms-rules';

type AgreementDecision = Decision<AgreementEvent>;

const iso = (instant: string) => new Date(instant).toISOString();

/** agreement-{id}: signed with an approved partner, amended into new terms versions, measured, terminated. */
export const agreementDecider: Decider<AgreementCommand, AgreementState, AgreementEvent> = {
  initialState: initialAgreementState,
  evolve: evolveAgreement,
  immutableState: true,
  decide(command, state) {
    if (command.type === 'SignAgreement') return decideSignature(command, state);
    if (state.status === 'absent') return refuse(notFound('agreement', command.agreementId));
    if (state.status === 'terminated') {
      return refuse(
        rule('AGREEMENT_TERMINATED', `agreement ${command.agreementId} was terminated`, {
          agreementId: command.agreementId,
          terminatedAt: state.termination?.terminatedAt,
        }),
      );
    }
    switch (command.type) {
      case 'AmendAgreement':
        return decideAmendment(command, state);
      case 'TerminateAgreement':
        return decideTermination(command, state);
      case 'MeasureKpi':
        return decideMeasurement(command, state);
    }
  },
};

function decideSignature(command: SignAgreement, state: AgreementState): AgreementDecision {
  const { agreementId, partnerId } = command;
  if (state.status !== 'absent') {
    return refuse(conflict('ALREADY_EXISTS', `agreement ${agreementId} was already signed`, { agreementId }));
  }
  if (command.partnerStatus !== 'approved') {
    const message =
      command.partnerStatus === 'absent'
        ? `partner ${partnerId} does not exist`
        : `partner ${partnerId} is ${command.partnerStatus}, not approved`;
    return refuse(rule('PARTNER_NOT_APPROVED', message, { partnerId, status: command.partnerStatus }));
  }
  const invalid = checkTerms(command.terms);
  if (invalid) return refuse(invalid);
  return accept({
    type: 'AgreementSigned',
    data: {
      agreementId,
      partnerId,
      terms: command.terms,
      termsVersion: 1,
      effectiveFrom: iso(command.signedAt ?? command.occurredAt),
    },
    occurredAt: command.occurredAt,
  });
}

/**
 * Versions take effect in the order they are declared: an amendment cannot take effect before the version it
 * follows (it may take effect at the same instant, replacing it). Otherwise an older version would silently
 * come back into force after a newer one.
 */
function decideAmendment(command: AmendAgreement, state: AgreementState): AgreementDecision {
  const latest = state.versions[state.versions.length - 1]!;
  if (Date.parse(command.effectiveFrom) < Date.parse(latest.effectiveFrom)) {
    return refuse(
      rule(
        'AMENDMENT_OUT_OF_ORDER',
        `an amendment must take effect at or after ${latest.effectiveFrom}, when terms version ${latest.termsVersion} does`,
        { agreementId: command.agreementId, effectiveFrom: command.effectiveFrom, latestEffectiveFrom: latest.effectiveFrom },
      ),
    );
  }
  const invalid = checkTerms(command.terms);
  if (invalid) return refuse(invalid);
  return accept({
    type: 'AgreementAmended',
    data: {
      agreementId: command.agreementId,
      partnerId: state.partnerId!,
      terms: command.terms,
      termsVersion: latest.termsVersion + 1,
      effectiveFrom: iso(command.effectiveFrom),
    },
    occurredAt: command.occurredAt,
  });
}

function decideTermination(command: TerminateAgreement, state: AgreementState): AgreementDecision {
  return accept({
    type: 'AgreementTerminated',
    data: { agreementId: command.agreementId, partnerId: state.partnerId!, reason: command.reason },
    occurredAt: command.occurredAt,
  });
}

/**
 * A measurement is judged on the target of the terms in effect at the end of its period. Re-measuring a period
 * is a correction: the new value replaces the old; the same value again changes nothing and appends nothing.
 * A miss is a breach carrying the length of the run of consecutive missed months it belongs to; when that run
 * reaches the exit clause's count, termination is recommended, once per run.
 */
function decideMeasurement(command: MeasureKpi, state: AgreementState): AgreementDecision {
  const { agreementId, metric, period, value, occurredAt } = command;
  const partnerId = state.partnerId!;
  const lastInstant = new Date(Date.parse(periodEnd(period)) - 1).toISOString();
  const version = termsAt(state, lastInstant);
  if (!version) {
    return refuse(
      rule('KPI_PERIOD_BEFORE_AGREEMENT', `agreement ${agreementId} had no terms in effect during ${period}`, {
        agreementId,
        period,
        effectiveFrom: state.versions[0]!.effectiveFrom,
      }),
    );
  }
  const target = version.terms.kpis.find((kpi) => kpi.metric === metric)?.target;
  const missed = missesTarget(value, target);
  const track = state.kpis[metric] ?? { measurements: {}, recommendedAt: [] };
  const previous = track.measurements[period];
  if (previous && previous.value === value && previous.missed === missed) return accept();

  const measured: AgreementEvent = {
    type: 'KpiMeasured',
    data: { agreementId, partnerId, metric, period, value, ...(target ? { target } : {}), missed },
    occurredAt,
  };
  if (!missed || !target) return accept(measured);

  const run = missedRunAround({ ...track.measurements, [period]: { period, value, missed, measuredAt: occurredAt } }, period);
  const breached: AgreementEvent = {
    type: 'KpiBreached',
    data: { agreementId, partnerId, metric, period, value, target, consecutiveMisses: run.length },
    occurredAt,
  };
  const threshold = version.terms.exit.consecutiveMisses;
  const alreadyRecommended = run.some((p) => track.recommendedAt.includes(p));
  if (run.length < threshold || alreadyRecommended) return accept<AgreementEvent>(measured, breached);
  return accept<AgreementEvent>(measured, breached, {
    type: 'TerminationRecommended',
    data: { agreementId, partnerId, metric, period, consecutiveMisses: run.length, threshold },
    occurredAt,
  });
}
