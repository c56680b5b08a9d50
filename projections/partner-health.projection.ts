import {
  AgreementAmended,
  AgreementSigned,
  AgreementTerminated,
  KpiBreached,
  KpiMeasured,
  TerminationRecommended,
} from '../src/domain/agreement/agreement.events';
import type { ProjectionDefinition, ProjectionEvent, ReadModelWriter } from '../src/projection-engine/projection-definition';
import { dataOf } from './shared/event-data';
import { key } from './shared/keys';

/**
 * Per agreement: the latest value of each KPI, whether it missed, the current breach streak, and the alerts
 * a partner manager acts on. A kpi-breach alert opens on KpiBreached and closes when the same metric is next
 * measured on target; a termination-recommended alert closes when the agreement is terminated (which also
 * closes its breach alerts: nothing is left to act on).
 */
export const PARTNER_HEALTH = {
  agreement: 'agreement',
  kpi: 'kpi',
  alert: 'alert',
} as const;

export type HealthAlertType = 'kpi-breach' | 'termination-recommended';

export interface AgreementHealthDoc {
  agreementId: string;
  partnerId: string;
  status: 'active' | 'terminated';
  termsVersion: number;
  signedAt?: string;
  terminatedAt?: string;
  terminationReason?: string;
  /** Metrics with an open kpi-breach alert (at most one per metric). */
  openBreaches: string[];
}

export interface KpiStatusDoc {
  agreementId: string;
  partnerId: string;
  metric: string;
  /** The measurement of the latest period (a late measurement of an older period does not replace it). */
  latest: { period: string; value: number; target?: { min?: number; max?: number }; missed: boolean; eventId: string };
  /** Consecutive missed periods, as of the latest period. */
  breachStreak: number;
  measurements: number;
}

export interface HealthAlertDoc {
  alertId: string;
  type: HealthAlertType;
  status: 'open' | 'closed';
  partnerId: string;
  agreementId: string;
  metric?: string;
  period?: string;
  details: Record<string, unknown>;
  openedAt: string;
  openedBy: string;
  updatedAt: string;
  closedAt?: string;
  closedBy?: string;
}

export const kpiAlertId = (agreementId: string, metric: string): string => key('kpi-breach', agreementId, metric);
export const terminationAlertId = (agreementId: string): string => key('termination-recommended', agreementId);

export const partnerHealthProjection: ProjectionDefinition = {
  name: 'partner-health',
  version: 1,
  eventTypes: [
    AgreementSigned.type,
    AgreementAmended.type,
    KpiMeasured.type,
    KpiBreached.type,
    TerminationRecommended.type,
    AgreementTerminated.type,
  ],
  collections: { [PARTNER_HEALTH.agreement]: 'large', [PARTNER_HEALTH.kpi]: 'large', [PARTNER_HEALTH.alert]: 'large' },
  handle(event, store) {
    switch (event.type) {
      case AgreementSigned.type: {
        const data = dataOf(AgreementSigned, event);
        const existing = store.get<AgreementHealthDoc>(PARTNER_HEALTH.agreement, data.agreementId);
        store.put(PARTNER_HEALTH.agreement, data.agreementId, {
          ...(existing ?? { openBreaches: [] }),
          agreementId: data.agreementId,
          partnerId: data.partnerId,
          status: existing?.status ?? 'active',
          termsVersion: Math.max(existing?.termsVersion ?? 0, data.termsVersion),
          signedAt: data.effectiveFrom,
        } satisfies AgreementHealthDoc);
        return;
      }
      case AgreementAmended.type: {
        const data = dataOf(AgreementAmended, event);
        const agreement = agreementOf(store, data.agreementId, data.partnerId);
        agreement.termsVersion = Math.max(agreement.termsVersion, data.termsVersion);
        store.put(PARTNER_HEALTH.agreement, data.agreementId, agreement);
        return;
      }
      case KpiMeasured.type: {
        const data = dataOf(KpiMeasured, event);
        const kpiKey = key(data.agreementId, data.metric);
        const existing = store.get<KpiStatusDoc>(PARTNER_HEALTH.kpi, kpiKey);
        const isLatest = !existing || data.period >= existing.latest.period;
        const latest: KpiStatusDoc['latest'] = { period: data.period, value: data.value, missed: data.missed, eventId: event.eventId };
        if (data.target !== undefined) latest.target = data.target;
        const kpi: KpiStatusDoc = {
          agreementId: data.agreementId,
          partnerId: data.partnerId,
          metric: data.metric,
          latest: isLatest ? latest : existing.latest,
          // A miss is counted by the KpiBreached that follows it; a measurement on target ends the streak.
          breachStreak: isLatest && !data.missed ? 0 : (existing?.breachStreak ?? 0),
          measurements: (existing?.measurements ?? 0) + 1,
        };
        store.put(PARTNER_HEALTH.kpi, kpiKey, kpi);
        if (!data.missed) closeKpiAlert(store, event, data.agreementId, data.partnerId, data.metric);
        return;
      }
      case KpiBreached.type: {
        const data = dataOf(KpiBreached, event);
        const kpiKey = key(data.agreementId, data.metric);
        const kpi = store.get<KpiStatusDoc>(PARTNER_HEALTH.kpi, kpiKey);
        if (kpi && data.period >= kpi.latest.period) {
          store.put(PARTNER_HEALTH.kpi, kpiKey, { ...kpi, breachStreak: data.consecutiveMisses });
        }
        const details = { value: data.value, target: data.target, consecutiveMisses: data.consecutiveMisses };
        openAlert(store, event, {
          alertId: kpiAlertId(data.agreementId, data.metric),
          type: 'kpi-breach',
          partnerId: data.partnerId,
          agreementId: data.agreementId,
          metric: data.metric,
          period: data.period,
          details,
        });
        const agreement = agreementOf(store, data.agreementId, data.partnerId);
        if (!agreement.openBreaches.includes(data.metric)) {
          agreement.openBreaches = [...agreement.openBreaches, data.metric].sort();
          store.put(PARTNER_HEALTH.agreement, data.agreementId, agreement);
        }
        return;
      }
      case TerminationRecommended.type: {
        const data = dataOf(TerminationRecommended, event);
        openAlert(store, event, {
          alertId: terminationAlertId(data.agreementId),
          type: 'termination-recommended',
          partnerId: data.partnerId,
          agreementId: data.agreementId,
          metric: data.metric,
          period: data.period,
          details: { consecutiveMisses: data.consecutiveMisses, threshold: data.threshold },
        });
        return;
      }
      case AgreementTerminated.type: {
        const data = dataOf(AgreementTerminated, event);
        const agreement = agreementOf(store, data.agreementId, data.partnerId);
        for (const metric of agreement.openBreaches) closeAlert(store, event, kpiAlertId(data.agreementId, metric));
        closeAlert(store, event, terminationAlertId(data.agreementId));
        store.put(PARTNER_HEALTH.agreement, data.agreementId, {
          ...agreement,
          status: 'terminated',
          terminatedAt: event.occurredAt,
          terminationReason: data.reason,
          openBreaches: [],
        } satisfies AgreementHealthDoc);
        return;
      }
    }
  },
};

function agreementOf(store: ReadModelWriter, agreementId: string, partnerId: string): AgreementHealthDoc {
  const existing = store.get<AgreementHealthDoc>(PARTNER_HEALTH.agreement, agreementId);
  return existing ? { ...existing } : { agreementId, partnerId, status: 'active', termsVersion: 0, openBreaches: [] };
}

function openAlert(
  store: ReadModelWriter,
  event: ProjectionEvent,
  alert: Pick<HealthAlertDoc, 'alertId' | 'type' | 'partnerId' | 'agreementId' | 'metric' | 'period' | 'details'>,
): void {
  const existing = store.get<HealthAlertDoc>(PARTNER_HEALTH.alert, alert.alertId);
  const stillOpen = existing?.status === 'open';
  const doc: HealthAlertDoc = {
    ...alert,
    status: 'open',
    openedAt: stillOpen ? existing.openedAt : event.occurredAt,
    openedBy: stillOpen ? existing.openedBy : event.eventId,
    updatedAt: event.occurredAt,
  };
  store.put(PARTNER_HEALTH.alert, alert.alertId, doc);
}

function closeKpiAlert(store: ReadModelWriter, event: ProjectionEvent, agreementId: string, partnerId: string, metric: string): void {
  if (!closeAlert(store, event, kpiAlertId(agreementId, metric))) return;
  const agreement = agreementOf(store, agreementId, partnerId);
  agreement.openBreaches = agreement.openBreaches.filter((open) => open !== metric);
  store.put(PARTNER_HEALTH.agreement, agreementId, agreement);
}

function closeAlert(store: ReadModelWriter, event: ProjectionEvent, alertId: string): boolean {
  const existing = store.get<HealthAlertDoc>(PARTNER_HEALTH.alert, alertId);
  if (existing?.status !== 'open') return false;
  store.put(PARTNER_HEALTH.alert, alertId, {
    ...existing,
    status: 'closed',
    updatedAt: event.occurredAt,
    closedAt: event.occurredAt,
    closedBy: event.eventId,
  } satisfies HealthAlertDoc);
  return true;
}
