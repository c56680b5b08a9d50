import type { ReadModelReader } from '../src/projection-engine/projection-definition';
import { openConcentrationAlerts, type ConcentrationAlert } from './concentration.queries';
import type { HealthAlertDoc } from './partner-health.projection';
import { openHealthAlerts } from './partner-health.queries';

export type AlertType = 'kpi-breach' | 'termination-recommended' | 'concentration';
export type OpenAlert = HealthAlertDoc | ConcentrationAlert;

/** GET /v1/alerts: open alerts from the partner-health and concentration read models. */
export function openAlerts(
  readers: { partnerHealth: ReadModelReader; concentration: ReadModelReader },
  options: { type?: AlertType; maxShare?: number } = {},
): OpenAlert[] {
  const { type } = options;
  const alerts: OpenAlert[] = [];
  if (type === undefined || type === 'kpi-breach' || type === 'termination-recommended') {
    alerts.push(...openHealthAlerts(readers.partnerHealth, type));
  }
  if (type === undefined || type === 'concentration') {
    alerts.push(...openConcentrationAlerts(readers.concentration, { maxShare: options.maxShare }));
  }
  return alerts;
}
