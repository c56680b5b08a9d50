import type { DemoClient } from './demo-client';

/**
 * The seeds' stories, told through the public API exactly as partner managers, finance and approvers would.
 * Business times are in September and October 2026 so that both periods can be closed and paid.
 */
const SEP = (day: number, hour = 10) => `2026-09-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
const OCT = (day: number, hour = 10) => `2026-10-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;

const eur = (amount: number) => ({ amount, currency: 'EUR' });

const strongCard = {
  debtRatio: 0.35,
  auditedYears: 6,
  successfulCases: 9,
  scores: { channel: 8, customerBase: 8, reputation: 8, culture: 7, skills: 8 },
};

export async function onboard(api: DemoClient, partnerId: string, name: string, segment: string, card = strongCard) {
  const m = api.keys.manager;
  await api.post('/v1/partners', m, { partnerId, name, segment, occurredAt: SEP(1, 9) });
  const screening = await api.post<{ recommendation?: string }>(`/v1/partners/${partnerId}/screenings`, m, {
    ...card,
    occurredAt: SEP(1, 10),
  });
  return screening;
}

async function sign(api: DemoClient, agreementId: string, partnerId: string, terms: unknown) {
  await api.post('/v1/agreements', api.keys.manager, { agreementId, partnerId, terms, signedAt: SEP(1, 12), occurredAt: SEP(1, 12) });
}

async function refer(api: DemoClient, referralId: string, agreementId: string, customerId: string, at: string) {
  await api.post('/v1/referrals', api.keys.manager, { referralId, agreementId, customerId, occurredAt: at });
}

async function convert(api: DemoClient, referralId: string, conversionId: string, amount: number, at: string) {
  return api.post<{ position: string }>(`/v1/referrals/${referralId}/conversions`, api.keys.finance, {
    conversionId,
    revenue: eur(amount),
    occurredAt: at,
  });
}

export interface Story {
  title: string;
  partners: string[];
  run(api: DemoClient): Promise<void>;
}

export const stories: Story[] = [
  {
    title: 'The education consultancy is chosen over the indebted ed-tech platform',
    partners: ['edu-consult'],
    async run(api) {
      const m = api.keys.manager;
      const edtech = await onboard(api, 'edtech-platform', 'Ed-tech platform', 'education', {
        ...strongCard,
        debtRatio: 0.72,
      });
      console.log(`  ed-tech platform screened: ${edtech.recommendation} (debt ratio 0.72 > 0.60)`);
      await api.post('/v1/partners/edtech-platform/rejection', m, { reason: 'debt ratio above policy', occurredAt: SEP(1, 11) });
      const edu = await onboard(api, 'edu-consult', 'Education consultancy', 'education');
      console.log(`  education consultancy screened: ${edu.recommendation}`);
      await api.post('/v1/partners/edu-consult/approval', m, { occurredAt: SEP(1, 11) });
      await sign(api, 'agr-edu', 'edu-consult', { currency: 'EUR', commission: { type: 'percentage', rateBps: 1500 } });
      await refer(api, 'ref-edu-1', 'agr-edu', 'cust-student-1', SEP(3));
      await convert(api, 'ref-edu-1', 'conv-edu-1', 480_000, SEP(10));
    },
  },
  {
    title: 'The marketing agency and the content creator at 60/40, with a retention bonus above 80%',
    partners: ['mkt-agency', 'creator'],
    async run(api) {
      const m = api.keys.manager;
      const retention = { kind: 'retention', minRate: 0.8, bonusBps: 1000 };
      for (const [partnerId, name, rateBps] of [
        ['mkt-agency', 'Marketing agency', 6000],
        ['creator', 'Content creator', 4000],
      ] as const) {
        await onboard(api, partnerId, name, 'marketing');
        await api.post(`/v1/partners/${partnerId}/approval`, m, { occurredAt: SEP(1, 11) });
        await sign(api, `agr-${partnerId}`, partnerId, {
          currency: 'EUR',
          commission: { type: 'percentage', rateBps },
          bonuses: [retention],
          kpis: [{ metric: 'retentionRate', target: { min: 0.7 } }],
        });
        // One shared campaign: each partner's customer converts 10,000.00 EUR; "60/40" is their commission rates.
        await refer(api, `ref-${partnerId}`, `agr-${partnerId}`, `cust-campaign-${partnerId}`, SEP(5));
        await convert(api, `ref-${partnerId}`, `conv-${partnerId}`, 1_000_000, SEP(20));
        await api.post(`/v1/agreements/agr-${partnerId}/kpi-measurements`, m, {
          metric: 'retentionRate',
          period: '2026-09',
          value: 0.86,
          occurredAt: SEP(30, 18),
        });
      }
    },
  },
  {
    title: 'The fitness app: a 12% conversion rate breaches its 15% KPI, then recovers to 18%',
    partners: ['fitness-app'],
    async run(api) {
      const m = api.keys.manager;
      await onboard(api, 'fitness-app', 'Fitness app', 'health');
      await api.post('/v1/partners/fitness-app/approval', m, { occurredAt: SEP(1, 11) });
      await sign(api, 'agr-fitness', 'fitness-app', {
        currency: 'EUR',
        commission: { type: 'flat', amount: 2_500 },
        kpis: [{ metric: 'conversionRate', target: { min: 0.15 } }],
        exit: { consecutiveMisses: 3 },
      });
      await refer(api, 'ref-fit-1', 'agr-fitness', 'cust-runner-1', SEP(4));
      await convert(api, 'ref-fit-1', 'conv-fit-1', 9_900, SEP(12));
      const breach = await api.post<{ eventIds: string[]; position: string }>('/v1/agreements/agr-fitness/kpi-measurements', m, {
        metric: 'conversionRate',
        period: '2026-09',
        value: 0.12,
        occurredAt: SEP(30, 18),
      });
      console.log(`  September: conversion rate 12% → ${breach.eventIds.length} events (measured + breached)`);
      const open = await api.get<{ type: string; partnerId: string }[]>(
        `/v1/alerts?type=kpi-breach&minPosition=${breach.position}`,
        api.keys.auditor,
      );
      console.log(`  open KPI alerts now: ${open.map((a) => `${a.type} for ${a.partnerId}`).join(', ') || 'none'}`);
      await api.post('/v1/agreements/agr-fitness/kpi-measurements', m, {
        metric: 'conversionRate',
        period: '2026-10',
        value: 0.18,
        occurredAt: OCT(31, 18),
      });
      console.log('  October: conversion rate 18% → on target, the breach streak resets');
    },
  },
  {
    title: 'The e-commerce platform and the logistics partner earn a milestone bonus',
    partners: ['shop-platform', 'logistics'],
    async run(api) {
      const m = api.keys.manager;
      for (const [partnerId, name] of [
        ['shop-platform', 'E-commerce platform'],
        ['logistics', 'Logistics partner'],
      ] as const) {
        await onboard(api, partnerId, name, 'commerce');
        await api.post(`/v1/partners/${partnerId}/approval`, m, { occurredAt: SEP(1, 11) });
        await sign(api, `agr-${partnerId}`, partnerId, {
          currency: 'EUR',
          commission: {
            type: 'tiered',
            tiers: [
              { fromAmount: 0, rateBps: 500 },
              { fromAmount: 500_000, rateBps: 800 },
            ],
          },
          bonuses: [{ kind: 'milestone', minAnnualOrders: 3, bonusBps: 500 }],
        });
        for (let i = 1; i <= 4; i++) {
          await refer(api, `ref-${partnerId}-${i}`, `agr-${partnerId}`, `cust-${partnerId}-${i}`, SEP(2 + i));
          await convert(api, `ref-${partnerId}-${i}`, `conv-${partnerId}-${i}`, 300_000, SEP(10 + i));
        }
      }
    },
  },
  {
    title: 'An agency network at 50/50, with a refund clawed back and a dispute resolved',
    partners: ['agency-network'],
    async run(api) {
      const m = api.keys.manager;
      const f = api.keys.finance;
      await onboard(api, 'agency-network', 'Agency network', 'marketing');
      await api.post('/v1/partners/agency-network/approval', m, { occurredAt: SEP(1, 11) });
      await sign(api, 'agr-network', 'agency-network', { currency: 'EUR', commission: { type: 'percentage', rateBps: 5000 } });
      await refer(api, 'ref-net-1', 'agr-network', 'cust-net-1', SEP(6));
      await convert(api, 'ref-net-1', 'conv-net-1', 200_000, SEP(15));
      await refer(api, 'ref-net-2', 'agr-network', 'cust-net-2', SEP(7));
      await convert(api, 'ref-net-2', 'conv-net-2', 120_001, SEP(16));
      await api.post('/v1/referrals/ref-net-1/refunds', f, { conversionId: 'conv-net-1', refund: eur(50_000), occurredAt: SEP(25) });
      console.log('  a quarter of conv-net-1 refunded: its commission is clawed back pro rata');
      await api.post('/v1/disputes', m, {
        disputeId: 'disp-net-1',
        partnerId: 'agency-network',
        subject: { type: 'commission', id: 'conv-net-2' },
        claim: eur(5_000),
        description: 'Campaign landing page bookings were not attributed',
        occurredAt: OCT(2),
      });
      await api.post('/v1/disputes/disp-net-1/evidence', m, {
        description: 'Booking export with UTM tags',
        reference: 'doc://evidence/utm-export.csv',
        occurredAt: OCT(3),
      });
      await api.post('/v1/disputes/disp-net-1/resolution', f, {
        outcome: 'partial',
        adjustment: eur(2_500),
        reason: 'half of the claimed bookings carry the partner’s tags',
        occurredAt: OCT(5),
      });
      console.log('  dispute resolved partially: +25.00 EUR adjustment posted to the account');
    },
  },
];
