import type { ReadModelReader } from '../src/projection-engine/projection-definition';
import {
  PARTNER_HEALTH,
  type AgreementHealthDoc,
  type HealthAlertDoc,
  type HealthAlertType,
  type KpiStatusDoc,
} from './partner-health.projection';
import { key } from './shared/keys';
import { listAll } from './shared/read-all';

export interface AgreementHealth {
  agreement: AgreementHealthDoc;
  kpis: KpiStatusDoc[];
  openAlerts: HealthAlertDoc[];
}

export function agreementHealth(reader: ReadModelReader, agreementId: string): AgreementHealth | undefined {
  const agreement = reader.get<AgreementHealthDoc>(PARTNER_HEALTH.agreement, agreementId);
  if (!agreement) return undefined;
  const kpis = [...listAll<KpiStatusDoc>(reader, PARTNER_HEALTH.kpi, key(agreementId, ''))].map((entry) => entry.doc);
  const openAlerts = [
    ...agreement.openBreaches.map((metric) => reader.get<HealthAlertDoc>(PARTNER_HEALTH.alert, key('kpi-breach', agreementId, metric))),
    reader.get<HealthAlertDoc>(PARTNER_HEALTH.alert, key('termination-recommended', agreementId)),
  ].filter((alert): alert is HealthAlertDoc => alert?.status === 'open');
  return { agreement, kpis, openAlerts };
}

/** Open kpi-breach and termination-recommended alerts, in key order (type, agreement, metric). */
export function openHealthAlerts(reader: ReadModelReader, type?: HealthAlertType): HealthAlertDoc[] {
  const types: HealthAlertType[] = type ? [type] : ['kpi-breach', 'termination-recommended'];
  const alerts: HealthAlertDoc[] = [];
  for (const alertType of types) {
    for (const { doc } of listAll<HealthAlertDoc>(reader, PARTNER_HEALTH.alert, key(alertType, ''))) {
      if (doc.status === 'open') alerts.push(doc);
    }
  }
  return alerts;
}
