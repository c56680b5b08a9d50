import type { PartnerEvent, ScoreCard } from '../../../src/domain/partner/partner.events';

export const T0 = '2026-09-01T09:00:00.000Z';
export const T1 = '2026-09-01T10:00:00.000Z';
export const T2 = '2026-09-01T11:00:00.000Z';

/** The seeds' strong card: 8·0.25 + 8·0.25 + 8·0.2 + 7·0.15 + 8·0.15 = 7.85. */
export const strongCard: ScoreCard = {
  debtRatio: 0.35,
  auditedYears: 6,
  successfulCases: 9,
  scores: { channel: 8, customerBase: 8, reputation: 8, culture: 7, skills: 8 },
};

export const proposed = (partnerId = 'edu-consult'): PartnerEvent => ({
  type: 'PartnerProposed',
  data: { partnerId, name: 'Education consultancy', segment: 'education' },
  occurredAt: T0,
});

export const screened = (recommendation: 'approve' | 'reject', partnerId = 'edu-consult'): PartnerEvent => ({
  type: 'PartnerScreened',
  data: {
    partnerId,
    card: recommendation === 'approve' ? strongCard : { ...strongCard, debtRatio: 0.72 },
    recommendation,
    weightedScore: 7.85,
    reasons: recommendation === 'approve' ? ['weighted score 7.85 reaches 7.00'] : ['debt ratio 0.72 is above 0.60'],
  },
  occurredAt: T1,
});

export const approved = (partnerId = 'edu-consult'): PartnerEvent => ({
  type: 'PartnerApproved',
  data: { partnerId, override: false },
  occurredAt: T2,
});
