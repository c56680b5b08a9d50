import { projections } from '../../projections';

/** The projections' names as the engine knows them (the registry is the single source). */
export const PROJECTION = {
  commissions: projections.commissions.name,
  leaderboards: projections.leaderboards.name,
  auditTrail: projections.auditTrail.name,
  partnerHealth: projections.partnerHealth.name,
  concentration: projections.concentration.name,
  ledger: projections.ledger.name,
} as const;
