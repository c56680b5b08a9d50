import { describe, expect, it } from 'vitest';
import type { AgreementCommand } from '../../../src/domain/agreement/agreement.commands';
import { agreementDecider } from '../../../src/domain/agreement/agreement.decider';
import type { AgreementEvent } from '../../../src/domain/agreement/agreement.events';
import type { KpiMetric } from '../../../src/domain/agreement/terms.schema';
import { given } from '../partner/decider-spec';
import { amended, fitnessTerms, signed, terms } from './agreement-fixtures';

const measure = (period: string, value: number, metric: KpiMetric = 'conversionRate'): AgreementCommand => ({
  type: 'MeasureKpi',
  agreementId: 'agr-fitness',
  metric,
  period,
  value,
  occurredAt: `${period}-28T18:00:00.000Z`,
});

/** Decides each measurement on the history so far and appends what it decided: the stream after all of them. */
function measureAll(history: AgreementEvent[], ...commands: AgreementCommand[]): { history: AgreementEvent[]; last: AgreementEvent[] } {
  let last: AgreementEvent[] = [];
  for (const command of commands) {
    last = given(agreementDecider, history).when(command).events;
    history = [...history, ...last];
  }
  return { history, last };
}

const types = (events: AgreementEvent[]) => events.map((e) => e.type);
const base = [signed(fitnessTerms())];

describe('KPI measurement: the fitness app breaches its 15% conversion-rate minimum, then recovers', () => {
  it('records a 12% conversion rate as missed, with a breach of streak 1', () => {
    const { events } = given(agreementDecider, base).when(measure('2026-09', 0.12));
    expect(events).toEqual([
      {
        type: 'KpiMeasured',
        data: {
          agreementId: 'agr-fitness',
          partnerId: 'fitness-app',
          metric: 'conversionRate',
          period: '2026-09',
          value: 0.12,
          target: { min: 0.15 },
          missed: true,
        },
        occurredAt: '2026-09-28T18:00:00.000Z',
      },
      {
        type: 'KpiBreached',
        data: {
          agreementId: 'agr-fitness',
          partnerId: 'fitness-app',
          metric: 'conversionRate',
          period: '2026-09',
          value: 0.12,
          target: { min: 0.15 },
          consecutiveMisses: 1,
        },
        occurredAt: '2026-09-28T18:00:00.000Z',
      },
    ]);
  });

  it('records 18% the next month as on target, with no breach', () => {
    const { last } = measureAll(base, measure('2026-09', 0.12), measure('2026-10', 0.18));
    expect(last).toHaveLength(1);
    expect(last[0]).toMatchObject({ type: 'KpiMeasured', data: { value: 0.18, missed: false } });
  });

  it('resets the streak after a measure on target: the next miss starts again at 1', () => {
    const { last } = measureAll(base, measure('2026-09', 0.12), measure('2026-10', 0.18), measure('2026-11', 0.1));
    expect(last[1]).toMatchObject({ type: 'KpiBreached', data: { consecutiveMisses: 1 } });
  });
});

describe('KPI measurement: targets', () => {
  it('never misses a metric that has no target in the terms', () => {
    const { events } = given(agreementDecider, base).when(measure('2026-09', 0, 'nps'));
    expect(events).toEqual([expect.objectContaining({ type: 'KpiMeasured', data: expect.objectContaining({ missed: false }) })]);
    expect(events[0]!.data).not.toHaveProperty('target');
  });

  it('misses above a maximum', () => {
    const history = [signed(terms({ kpis: [{ metric: 'churnRate', target: { max: 0.05 } }] }))];
    expect(types(given(agreementDecider, history).when(measure('2026-09', 0.06, 'churnRate')).events)).toEqual(['KpiMeasured', 'KpiBreached']);
    expect(types(given(agreementDecider, history).when(measure('2026-09', 0.05, 'churnRate')).events)).toEqual(['KpiMeasured']);
  });

  it('judges a period on the target of the terms in effect at its end', () => {
    const stricter = terms({ kpis: [{ metric: 'conversionRate', target: { min: 0.2 } }] });
    const history = [...base, amended(stricter, 2, '2026-10-15T00:00:00.000Z')];
    expect(given(agreementDecider, history).when(measure('2026-09', 0.18)).events).toHaveLength(1);
    expect(given(agreementDecider, history).when(measure('2026-10', 0.18)).events[1]).toMatchObject({
      type: 'KpiBreached',
      data: { target: { min: 0.2 } },
    });
  });

  it('refuses a period that ended before the agreement took effect (KPI_PERIOD_BEFORE_AGREEMENT)', () => {
    expect(given(agreementDecider, base).when(measure('2026-08', 0.2)).error).toMatchObject({ code: 'KPI_PERIOD_BEFORE_AGREEMENT' });
  });
});

describe('KPI measurement: the exit clause', () => {
  it('recommends termination when the streak reaches exit.consecutiveMisses (3 by default)', () => {
    const { last } = measureAll(base, measure('2026-09', 0.1), measure('2026-10', 0.11), measure('2026-11', 0.12));
    expect(types(last)).toEqual(['KpiMeasured', 'KpiBreached', 'TerminationRecommended']);
    expect(last[1]!.data).toMatchObject({ consecutiveMisses: 3 });
    expect(last[2]!.data).toEqual({
      agreementId: 'agr-fitness',
      partnerId: 'fitness-app',
      metric: 'conversionRate',
      period: '2026-11',
      consecutiveMisses: 3,
      threshold: 3,
    });
  });

  it('does not recommend before the streak reaches the count', () => {
    const { last } = measureAll(base, measure('2026-09', 0.1), measure('2026-10', 0.11));
    expect(types(last)).toEqual(['KpiMeasured', 'KpiBreached']);
  });

  it('recommends once per run of misses: a fourth miss is a breach of streak 4 without a second recommendation', () => {
    const { last } = measureAll(base, measure('2026-09', 0.1), measure('2026-10', 0.1), measure('2026-11', 0.1), measure('2026-12', 0.1));
    expect(types(last)).toEqual(['KpiMeasured', 'KpiBreached']);
    expect(last[1]!.data).toMatchObject({ consecutiveMisses: 4 });
  });

  it('follows the terms’ own count', () => {
    const { last } = measureAll([signed(fitnessTerms(2))], measure('2026-09', 0.1), measure('2026-10', 0.1));
    expect(last[2]).toMatchObject({ type: 'TerminationRecommended', data: { threshold: 2, consecutiveMisses: 2 } });
  });

  it('counts calendar months: an unmeasured month breaks the streak', () => {
    const { last } = measureAll(base, measure('2026-09', 0.1), measure('2026-11', 0.1));
    expect(last[1]!.data).toMatchObject({ consecutiveMisses: 1 });
  });

  it('counts a late measurement that fills the gap into the whole run', () => {
    const { last } = measureAll(base, measure('2026-09', 0.1), measure('2026-11', 0.1), measure('2026-10', 0.1));
    expect(types(last)).toEqual(['KpiMeasured', 'KpiBreached', 'TerminationRecommended']);
    expect(last[1]!.data).toMatchObject({ period: '2026-10', consecutiveMisses: 3 });
  });
});

describe('KPI measurement: re-measuring a period is a correction', () => {
  it('replaces the earlier value: a corrected miss no longer counts toward the streak', () => {
    const { last } = measureAll(base, measure('2026-09', 0.1), measure('2026-09', 0.16), measure('2026-10', 0.1));
    expect(last[1]!.data).toMatchObject({ consecutiveMisses: 1 });
  });

  it('appends nothing when the same value is measured again', () => {
    const { history } = measureAll(base, measure('2026-09', 0.12));
    expect(given(agreementDecider, history).when(measure('2026-09', 0.12)).events).toEqual([]);
  });
});
