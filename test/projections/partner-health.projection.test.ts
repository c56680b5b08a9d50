import { afterEach, describe, expect, it } from 'vitest';
import { partnerHealthProjection } from '../../projections/partner-health.projection';
import { agreementHealth, openHealthAlerts } from '../../projections/partner-health.queries';
import type { ReplayResult } from '../../src/projection-engine/replay-to-point';
import {
  agreementSigned,
  agreementTerminated,
  kpiBreached,
  kpiMeasured,
  terminationRecommended,
  type GivenEvent,
} from './support/ledger-events';
import { project } from './support/project';

let result: ReplayResult | undefined;
afterEach(() => result?.close());

const A = { agreementId: 'a1', partnerId: 'p1' };

function miss(period: string, streak: number, value = 0.05): GivenEvent[] {
  return [kpiMeasured({ ...A, period, value, missed: true }), kpiBreached({ ...A, period, value, consecutiveMisses: streak })];
}

async function health(events: GivenEvent[]) {
  result = await project([partnerHealthProjection], [agreementSigned(A.agreementId, A.partnerId), ...events]);
  return result.reader('partner-health');
}

describe('partner-health projection', () => {
  it('keeps the latest value per metric and the breach streak', async () => {
    const reader = await health([...miss('2026-01', 1), ...miss('2026-02', 2, 0.07)]);
    const state = agreementHealth(reader, 'a1');
    expect(state?.agreement).toMatchObject({ status: 'active', openBreaches: ['conversionRate'] });
    expect(state?.kpis).toEqual([
      expect.objectContaining({
        metric: 'conversionRate',
        latest: expect.objectContaining({ period: '2026-02', value: 0.07, missed: true }),
        breachStreak: 2,
        measurements: 2,
      }),
    ]);
  });

  it('opens one kpi-breach alert per metric and closes it when the metric is next measured on target', async () => {
    const breached = await health([...miss('2026-01', 1), ...miss('2026-02', 2)]);
    const open = openHealthAlerts(breached, 'kpi-breach');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ type: 'kpi-breach', agreementId: 'a1', metric: 'conversionRate', period: '2026-02', details: { consecutiveMisses: 2 } });
    result?.close();

    const recovered = await health([...miss('2026-01', 1), kpiMeasured({ ...A, period: '2026-02', value: 0.2, missed: false })]);
    expect(openHealthAlerts(recovered)).toEqual([]);
    expect(agreementHealth(recovered, 'a1')?.kpis[0]).toMatchObject({ breachStreak: 0, latest: { period: '2026-02', missed: false } });
  });

  it('does not let a late measurement of an older period replace the latest one', async () => {
    const reader = await health([
      kpiMeasured({ ...A, period: '2026-03', value: 0.3, missed: false }),
      kpiMeasured({ ...A, period: '2026-01', value: 0.12, missed: false }),
    ]);
    expect(agreementHealth(reader, 'a1')?.kpis[0]?.latest).toMatchObject({ period: '2026-03', value: 0.3 });
  });

  it('reads an agreement signed under schema version 1 through its upcaster', async () => {
    const signedV1 = agreementSigned('a-old', 'p-old');
    const { effectiveFrom, termsVersion: _version, ...rest } = signedV1.data;
    result = await project([partnerHealthProjection], [{ ...signedV1, schemaVersion: 1, data: { ...rest, signedAt: effectiveFrom } }]);
    expect(agreementHealth(result.reader('partner-health'), 'a-old')?.agreement).toMatchObject({
      status: 'active',
      termsVersion: 1,
      signedAt: effectiveFrom,
    });
  });

  it('recommends termination at the exit clause and clears every alert of the agreement when it is terminated', async () => {
    const events = [...miss('2026-01', 1), ...miss('2026-02', 2), ...miss('2026-03', 3), terminationRecommended({ ...A, period: '2026-03', consecutiveMisses: 3 })];
    const recommended = await health(events);
    expect(openHealthAlerts(recommended).map((alert) => alert.type)).toEqual(['kpi-breach', 'termination-recommended']);
    expect(openHealthAlerts(recommended, 'termination-recommended')[0]).toMatchObject({ details: { consecutiveMisses: 3, threshold: 3 } });
    result?.close();

    const terminated = await health([...events, agreementTerminated('a1', 'p1')]);
    expect(openHealthAlerts(terminated)).toEqual([]);
    expect(agreementHealth(terminated, 'a1')?.agreement).toMatchObject({ status: 'terminated', terminationReason: 'KPI breaches' });
  });
});
