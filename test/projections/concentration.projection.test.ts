import { afterEach, describe, expect, it } from 'vitest';
import { openAlerts } from '../../projections/alerts.queries';
import { concentrationProjection } from '../../projections/concentration.projection';
import { openConcentrationAlerts, revenueShares } from '../../projections/concentration.queries';
import { partnerHealthProjection } from '../../projections/partner-health.projection';
import type { ReplayResult } from '../../src/projection-engine/replay-to-point';
import { agreementSigned, kpiBreached, kpiMeasured, referralConverted, revenueRefunded, type GivenEvent } from './support/ledger-events';
import { project } from './support/project';

let result: ReplayResult | undefined;
afterEach(() => result?.close());

function sale(partnerId: string, id: string, amount: number, currency = 'EUR'): GivenEvent {
  return referralConverted({ referralId: id, conversionId: `c-${id}`, agreementId: `agr-${partnerId}`, partnerId, revenue: { amount, currency } });
}

function refund(partnerId: string, id: string, amount: number, converted: number): GivenEvent {
  return revenueRefunded({ referralId: id, conversionId: `c-${id}`, agreementId: `agr-${partnerId}`, partnerId, refund: amount, refundedToDate: amount, converted });
}

async function concentration(events: GivenEvent[]) {
  result = await project([concentrationProjection], events);
  return result.reader('concentration');
}

describe('concentration projection', () => {
  it('raises no alert while the revenue comes from a single partner', async () => {
    const reader = await concentration([sale('p1', 'r1', 1000)]);
    expect(openConcentrationAlerts(reader)).toEqual([]);
  });

  it('opens an alert for a partner whose share exceeds the maximum (default 0.4)', async () => {
    const reader = await concentration([sale('p1', 'r1', 500), sale('p2', 'r2', 300), sale('p3', 'r3', 200)]);
    const alerts = openConcentrationAlerts(reader);
    expect(alerts).toEqual([
      expect.objectContaining({ type: 'concentration', partnerId: 'p1', currency: 'EUR', share: 0.5, revenue: { amount: 500, currency: 'EUR' }, total: { amount: 1000, currency: 'EUR' } }),
    ]);
    expect(openConcentrationAlerts(reader, { maxShare: 0.6 })).toEqual([]);
    expect(openConcentrationAlerts(reader, { maxShare: 0.25 }).map((alert) => alert.partnerId)).toEqual(['p1', 'p2']);
  });

  it('treats a share exactly at the maximum as within it', async () => {
    const reader = await concentration([sale('p1', 'r1', 400), sale('p2', 'r2', 600)]);
    expect(openConcentrationAlerts(reader, { maxShare: 0.6 })).toEqual([]);
    expect(openConcentrationAlerts(reader, { maxShare: 0.4 }).map((alert) => alert.partnerId)).toEqual(['p2']);
  });

  it('closes the alert when refunds bring the share back under the maximum', async () => {
    const reader = await concentration([sale('p1', 'r1', 500), sale('p2', 'r2', 300), sale('p3', 'r3', 200), refund('p1', 'r1', 300, 500)]);
    // p1: 200 of 700 (28.6%); p2: 300 of 700 (42.9%) now crosses instead.
    expect(openConcentrationAlerts(reader).map((alert) => alert.partnerId)).toEqual(['p2']);
    expect(revenueShares(reader, 'EUR').map((share) => [share.partnerId, share.revenue.amount])).toEqual([
      ['p2', 300],
      ['p1', 200],
      ['p3', 200],
    ]);
  });

  it('judges each currency on its own', async () => {
    const reader = await concentration([
      sale('p1', 'r1', 100),
      sale('p2', 'r2', 100),
      sale('p3', 'r5', 100),
      sale('p1', 'r3', 900, 'USD'),
      sale('p2', 'r4', 100, 'USD'),
    ]);
    expect(openConcentrationAlerts(reader)).toEqual([expect.objectContaining({ partnerId: 'p1', currency: 'USD' })]);
  });

  it('counts only partners with positive revenue towards the two-partner minimum', async () => {
    const reader = await concentration([sale('p1', 'r1', 100), sale('p2', 'r2', 50), refund('p2', 'r2', 50, 50)]);
    expect(openConcentrationAlerts(reader)).toEqual([]);
  });
});

describe('alerts query', () => {
  it('merges partner-health and concentration alerts, filtered by type', async () => {
    result = await project(
      [partnerHealthProjection, concentrationProjection],
      [
        agreementSigned('a1', 'p1'),
        kpiMeasured({ agreementId: 'a1', partnerId: 'p1', period: '2026-01', value: 0.01, missed: true }),
        kpiBreached({ agreementId: 'a1', partnerId: 'p1', period: '2026-01', value: 0.01, consecutiveMisses: 1 }),
        sale('p1', 'r1', 900),
        sale('p2', 'r2', 100),
      ],
    );
    const readers = { partnerHealth: result.reader('partner-health'), concentration: result.reader('concentration') };
    expect(openAlerts(readers).map((alert) => alert.type)).toEqual(['kpi-breach', 'concentration']);
    expect(openAlerts(readers, { type: 'concentration' })).toHaveLength(1);
    expect(openAlerts(readers, { type: 'termination-recommended' })).toEqual([]);
  });
});
