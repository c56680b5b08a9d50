import { fc, test as prop } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { defaultScreeningPolicy, screen, weightedScoreHundredths } from '../../../src/domain/partner/screening-policy';
import { strongCard } from './partner-fixtures';

const scores = (channel: number, customerBase: number, reputation: number, culture: number, skills: number) => ({
  channel,
  customerBase,
  reputation,
  culture,
  skills,
});
const card = (s: ReturnType<typeof scores>) => ({ ...strongCard, scores: s });

describe('screening with the default policy', () => {
  it('recommends the education consultancy: weighted score 7.85, no knock-out', () => {
    expect(screen(strongCard)).toEqual({
      recommendation: 'approve',
      weightedScore: 7.85,
      weightedScoreHundredths: 785,
      reasons: ['weighted score 7.85 reaches 7.00'],
    });
  });

  it('rejects the ed-tech platform whose debt ratio 0.72 is above 0.60, whatever its scores', () => {
    const outcome = screen({ ...strongCard, debtRatio: 0.72 });
    expect(outcome.recommendation).toBe('reject');
    expect(outcome.reasons).toEqual(['debt ratio 0.72 is above 0.60']);
  });

  it('accepts a debt ratio of exactly 0.60 (the limit is "above")', () => {
    expect(screen({ ...strongCard, debtRatio: 0.6 }).recommendation).toBe('approve');
  });

  it('gives one reason per knock-out: debt, audited years, successful cases', () => {
    const outcome = screen({ ...strongCard, debtRatio: 0.9, auditedYears: 2, successfulCases: 1 });
    expect(outcome.recommendation).toBe('reject');
    expect(outcome.reasons).toEqual([
      'debt ratio 0.9 is above 0.60',
      '2 years of audited reports, fewer than 3',
      '1 successful partnerships on record, fewer than 3',
    ]);
  });

  it('accepts exactly 3 audited years and 3 successful cases', () => {
    expect(screen({ ...strongCard, auditedYears: 3, successfulCases: 3 }).recommendation).toBe('approve');
  });

  it('approves a weighted score of exactly 7.00, computed in integers (no 6.9999… from float weights)', () => {
    const outcome = screen(card(scores(7, 7, 7, 7, 7)));
    expect(outcome).toMatchObject({ recommendation: 'approve', weightedScore: 7, weightedScoreHundredths: 700 });
  });

  it('rejects 6.95, just below the threshold, with the score as its reason', () => {
    // 6·0.25 + 7·0.25 + 8·0.2 + 7·0.15 + 7·0.15 = 6.95
    const outcome = screen(card(scores(6, 7, 8, 7, 7)));
    expect(outcome).toEqual({
      recommendation: 'reject',
      weightedScore: 6.95,
      weightedScoreHundredths: 695,
      reasons: ['weighted score 6.95 is below 7.00'],
    });
  });

  it('weighs channel 0.25, customer base 0.25, reputation 0.2, culture 0.15, skills 0.15', () => {
    expect(weightedScoreHundredths(scores(10, 1, 1, 1, 1))).toBe(250 + 25 + 20 + 15 + 15);
    expect(weightedScoreHundredths(scores(1, 1, 10, 1, 1))).toBe(25 + 25 + 200 + 15 + 15);
    expect(weightedScoreHundredths(scores(1, 1, 1, 1, 10))).toBe(25 + 25 + 20 + 15 + 150);
  });

  const score = fc.integer({ min: 1, max: 10 });
  prop.prop([score, score, score, score, score])(
    'agrees with the decimal formula for every card, and always shows two exact decimals',
    (channel, customerBase, reputation, culture, skills) => {
      const hundredths = weightedScoreHundredths(scores(channel, customerBase, reputation, culture, skills));
      const tenThousandths = channel * 2500 + customerBase * 2500 + reputation * 2000 + culture * 1500 + skills * 1500;
      expect(hundredths * 100).toBe(tenThousandths);
      const outcome = screen(card(scores(channel, customerBase, reputation, culture, skills)));
      expect(outcome.recommendation).toBe(hundredths >= defaultScreeningPolicy.approveAtHundredths ? 'approve' : 'reject');
      expect(Math.round(outcome.weightedScore * 100)).toBe(hundredths);
    },
  );
});
