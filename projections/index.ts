import type { ProjectionDefinition } from '../src/projection-engine/projection-definition';
import { auditTrailProjection } from './audit-trail.projection';
import { commissionsProjection } from './commissions.projection';
import { concentrationProjection } from './concentration.projection';
import { leaderboardsProjection } from './leaderboards.projection';
import { ledgerProjection } from './ledger.projection';
import { partnerHealthProjection } from './partner-health.projection';

/** Every projection the service runs, by role; `allProjections` is what the engine is given. */
export const projections = {
  commissions: commissionsProjection,
  leaderboards: leaderboardsProjection,
  auditTrail: auditTrailProjection,
  partnerHealth: partnerHealthProjection,
  concentration: concentrationProjection,
  ledger: ledgerProjection,
} as const;

export const allProjections: readonly ProjectionDefinition[] = Object.values(projections);

export * from './alerts.queries';
export * from './audit-trail.queries';
export * from './commissions.queries';
export * from './concentration.queries';
export * from './leaderboards.queries';
export * from './ledger.queries';
export * from './partner-health.queries';
export { AUDIT, type AuditRecord } from './audit-trail.projection';
export { COMMISSIONS, type CommissionLineDoc, type CommissionSummaryDoc } from './commissions.projection';
export { CONCENTRATION } from './concentration.projection';
export { LEADERBOARDS } from './leaderboards.projection';
export { ACCOUNTS, LEDGER, type PostingDoc } from './ledger.projection';
export { PARTNER_HEALTH, type HealthAlertDoc, type KpiStatusDoc, type AgreementHealthDoc } from './partner-health.projection';
