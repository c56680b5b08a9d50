import fc from 'fast-check';
import { allProjections } from '../../../projections';
import type { Role } from '../../../src/config/roles';
import type { TestApp, TestResponse } from '../../support/test-app';

/**
 * Random but valid-ish business stories told to the real service through its HTTP commands (API.md): a few
 * partners onboarded and signed on random terms, then a sequence of referrals, conversions, refunds, KPI
 * measurements, amendments, terminations, offers and redemptions, period closes, payouts (prepared, approved —
 * sometimes by the preparer — and paid; `settle` does a whole month end), disputes with evidence and resolutions,
 * plain repeats of the previous request, bursts of operations sent concurrently, projection rebuilds requested
 * over HTTP while the story goes on, and restarts of the service on the same files. Business times run from
 * January to mid-July 2026 (the past: periods can be closed), with jitter, so they mostly but not always increase.
 *
 * Operations name their targets by index into what the story has created SO FAR (modulo its count), so a
 * shrunk story (fewer operations) still makes sense. Many commands are refused by a business rule (4xx): that is
 * part of the story; the caller asserts only that nothing answers 5xx.
 */

/** A second approver whose principal (alice) is the finance person who prepares payouts: four eyes → 422. */
export const SAME_PERSON_APPROVER_KEY = 'alice-approves';
export const STORY_API_KEYS = [`approver:alice:${SAME_PERSON_APPROVER_KEY}`];

const CURRENCIES = ['EUR', 'USD'] as const;
type Currency = (typeof CURRENCIES)[number];
const CUSTOMERS = 8;
const KPI_METRICS = ['conversionRate', 'retentionRate', 'churnRate', 'leads', 'nps'] as const;
type Metric = (typeof KPI_METRICS)[number];

const START = Date.parse('2026-01-03T00:00:00.000Z');
const END = Date.parse('2026-07-15T00:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------------------------
// Terms
// ---------------------------------------------------------------------------------------------------------------

/** Terms as a caller writes them; the amounts are minor units or money in `currency`. */
export type TermsBody = Record<string, unknown>;

const money = (amount: number, currency: string) => ({ amount, currency });

const commissionArb = (currency: string) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.record({ type: fc.constant('percentage'), rateBps: fc.integer({ min: 0, max: 5000 }) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant('flat'),
        amount: fc.oneof(fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 1, max: 50_000 }).map((a) => money(a, currency))),
      }),
    },
    {
      weight: 2,
      arbitrary: fc
        .uniqueArray(fc.integer({ min: 1, max: 300_000 }), { maxLength: 3 })
        .chain((thresholds) =>
          fc.tuple(...[0, ...thresholds].map(() => fc.integer({ min: 0, max: 4000 }))).map((rates) => ({
            type: 'tiered',
            tiers: [0, ...thresholds].map((fromAmount, i) => ({ fromAmount, rateBps: rates[i]! })),
          })),
        ),
    },
  );

const bonusesArb = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('retention'), minRate: fc.double({ min: 0, max: 1, noNaN: true }).map((r) => Math.round(r * 100) / 100), bonusBps: fc.integer({ min: 0, max: 3000 }) }),
    fc.record({ kind: fc.constant('milestone'), minAnnualOrders: fc.integer({ min: 0, max: 6 }), bonusBps: fc.integer({ min: 0, max: 3000 }) }),
  ),
  { maxLength: 2 },
);

const kpisArb = fc.uniqueArray(
  fc.record({
    metric: fc.constantFrom<Metric>(...KPI_METRICS),
    target: fc.oneof(
      fc.record({ min: fc.integer({ min: 0, max: 60 }).map((v) => v / 100) }),
      fc.record({ max: fc.integer({ min: 20, max: 100 }).map((v) => v / 100) }),
      fc.record({ min: fc.integer({ min: 0, max: 30 }).map((v) => v / 100), max: fc.integer({ min: 40, max: 100 }).map((v) => v / 100) }),
    ),
  }),
  { maxLength: 3, selector: (kpi) => kpi.metric },
);

export const termsArb = (currency: string): fc.Arbitrary<TermsBody> =>
  fc
    .record(
      {
        commission: commissionArb(currency),
        attributionWindowDays: fc.integer({ min: 20, max: 180 }),
        holdDays: fc.constantFrom(0, 0, 3, 14),
        capPerPeriod: fc.integer({ min: 0, max: 60_000 }).map((a) => money(a, currency)),
        bonuses: bonusesArb,
        kpis: kpisArb,
        exit: fc.record({ consecutiveMisses: fc.integer({ min: 1, max: 4 }) }),
      },
      { requiredKeys: ['commission'] },
    )
    .map((terms) => ({ currency, ...terms }));

// ---------------------------------------------------------------------------------------------------------------
// The story
// ---------------------------------------------------------------------------------------------------------------

export interface PartnerSpec {
  /** The terms of the agreements signed at onboarding (one or two). */
  agreements: TermsBody[];
}

type Index = number;

export type Op =
  | { op: 'refer'; agreement: Index; customer: Index }
  | { op: 'convert'; referral: Index; amount: number; wrongCurrency: boolean }
  | { op: 'refund'; conversion: Index; kind: 'partial' | 'full' | 'exceed'; share: number }
  | { op: 'kpi'; agreement: Index; metric: Metric; monthsBack: number; value: number }
  | { op: 'amend'; agreement: Index; terms: TermsBody; effectiveInDays: number }
  | { op: 'terminate'; agreement: Index }
  | { op: 'sign'; partner: Index; terms: TermsBody }
  | { op: 'offer'; agreement: Index; percentBps: number; codes: number; singleUse: boolean; validDays: number }
  | { op: 'redeem'; offer: Index; code: Index; customer: Index; orderValue?: number }
  /** `withMoney`: a month in which the partner has conversions (if any has ended), else a recent month. */
  | { op: 'close'; partner: Index; monthsBack: number; withMoney: boolean }
  | { op: 'prepare'; partner: Index; monthsBack: number; closedOne: boolean }
  | { op: 'approve'; payout: Index; byPreparer: boolean }
  | { op: 'pay'; payout: Index }
  | { op: 'dispute'; partner: Index; subject: 'payout' | 'referral' | 'commission'; claim?: number }
  | { op: 'evidence'; dispute: Index }
  | { op: 'resolve'; dispute: Index; outcome: 'upheld' | 'rejected' | 'partial'; adjustment?: number }
  /** A month's end for a partner with money in it: close (unless closed), prepare, approve and pay a payout. */
  | { op: 'settle'; partner: Index }
  /** POST /v1/projections/{name}/rebuild as admin: a shadow rebuild racing the commands that follow. */
  | { op: 'rebuild'; projection: Index }
  /** The next `size` operations sent concurrently. */
  | { op: 'burst'; size: number }
  /** The service stops and starts again on the same files (not inside a burst): the live read side resumes. */
  | { op: 'restart' }
  | { op: 'repeat' };

/** Each op carries a jitter (hours) on its business time, so times mostly but not always increase. */
export type TimedOp = Op & { jitterHours: number };

export interface CommandStory {
  partners: PartnerSpec[];
  /** A partner proposed (and screened) but never approved: signing with it is refused. */
  pendingPartner: boolean;
  ops: TimedOp[];
}

const idx = fc.nat({ max: 1000 });
const termsAnyCurrency = fc.constantFrom<Currency>('EUR', 'EUR', 'EUR', 'USD').chain(termsArb);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant('refer' as const), agreement: idx, customer: fc.nat({ max: CUSTOMERS - 1 }) }) },
  {
    weight: 10,
    arbitrary: fc.record({
      op: fc.constant('convert' as const),
      referral: idx,
      amount: fc.integer({ min: 500, max: 400_000 }),
      wrongCurrency: fc.nat({ max: 19 }).map((v) => v === 0),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('refund' as const),
      conversion: idx,
      kind: fc.constantFrom('partial' as const, 'partial' as const, 'full' as const, 'exceed' as const),
      share: fc.integer({ min: 1, max: 99 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('kpi' as const),
      agreement: idx,
      metric: fc.constantFrom<Metric>(...KPI_METRICS),
      monthsBack: fc.nat({ max: 1 }),
      value: fc.integer({ min: 0, max: 100 }).map((v) => v / 100),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('amend' as const), agreement: idx, terms: termsAnyCurrency, effectiveInDays: fc.integer({ min: -10, max: 25 }) }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('terminate' as const), agreement: idx }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('sign' as const), partner: idx, terms: termsAnyCurrency }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('offer' as const),
      agreement: idx,
      percentBps: fc.integer({ min: 1, max: 10_000 }),
      codes: fc.integer({ min: 1, max: 3 }),
      singleUse: fc.boolean(),
      validDays: fc.integer({ min: 5, max: 120 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        op: fc.constant('redeem' as const),
        offer: idx,
        code: fc.nat({ max: 3 }),
        customer: fc.nat({ max: CUSTOMERS - 1 }),
        orderValue: fc.integer({ min: 1, max: 100_000 }),
      },
      { requiredKeys: ['op', 'offer', 'code', 'customer'] },
    ),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('close' as const),
      partner: idx,
      monthsBack: fc.constantFrom(0, 1, 1, 1, 1, 2, 2),
      withMoney: fc.constantFrom(true, true, true, false),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('prepare' as const),
      partner: idx,
      monthsBack: fc.constantFrom(0, 1, 1, 2),
      closedOne: fc.constantFrom(true, true, true, true, false),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('approve' as const), payout: idx, byPreparer: fc.constantFrom(false, false, false, false, false, true) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('pay' as const), payout: idx }) },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        op: fc.constant('dispute' as const),
        partner: idx,
        subject: fc.constantFrom('payout' as const, 'referral' as const, 'commission' as const),
        claim: fc.integer({ min: 1, max: 50_000 }),
      },
      { requiredKeys: ['op', 'partner', 'subject'] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('evidence' as const), dispute: idx }) },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        op: fc.constant('resolve' as const),
        dispute: idx,
        outcome: fc.constantFrom('upheld' as const, 'rejected' as const, 'partial' as const),
        adjustment: fc.integer({ min: -20_000, max: 20_000 }).filter((a) => a !== 0),
      },
      { requiredKeys: ['op', 'dispute', 'outcome'] },
    ),
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('settle' as const), partner: idx }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('rebuild' as const), projection: idx }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('repeat' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('restart' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('burst' as const), size: fc.integer({ min: 2, max: 5 }) }) },
);

const timedOpArb: fc.Arbitrary<TimedOp> = fc
  .tuple(opArb, fc.integer({ min: -36, max: 36 }))
  .map(([op, jitterHours]) => ({ ...op, jitterHours }));

export function commandStoryArb(options: { minOps?: number; maxOps?: number } = {}): fc.Arbitrary<CommandStory> {
  return fc.record({
    partners: fc.array(fc.record({ agreements: fc.array(termsAnyCurrency, { minLength: 1, maxLength: 2 }) }), { minLength: 2, maxLength: 4 }),
    pendingPartner: fc.boolean(),
    ops: fc.array(timedOpArb, { minLength: options.minOps ?? 20, maxLength: options.maxOps ?? 60 }),
  });
}

/**
 * A hand-written story in which every kind of operation is accepted at least once (fast-check runs it first, as
 * an example): whatever the random stories draw, each run of the test covers the whole life cycle.
 */
export const FULL_STORY: CommandStory = {
  partners: [
    { agreements: [{ currency: 'EUR', commission: { type: 'percentage', rateBps: 1000 }, bonuses: [{ kind: 'milestone', minAnnualOrders: 1, bonusBps: 500 }] }] },
    { agreements: [{ currency: 'EUR', commission: { type: 'tiered', tiers: [{ fromAmount: 0, rateBps: 500 }, { fromAmount: 60_000, rateBps: 800 }] }, capPerPeriod: money(6_000, 'EUR') }] },
  ],
  pendingPartner: true,
  ops: (
    [
      { op: 'refer', agreement: 0, customer: 0 },
      { op: 'refer', agreement: 1, customer: 1 },
      { op: 'convert', referral: 0, amount: 100_000, wrongCurrency: false },
      { op: 'convert', referral: 1, amount: 80_000, wrongCurrency: false },
      { op: 'refund', conversion: 0, kind: 'partial', share: 10 },
      { op: 'kpi', agreement: 0, metric: 'retentionRate', monthsBack: 1, value: 0.9 },
      { op: 'amend', agreement: 0, terms: { currency: 'EUR', commission: { type: 'flat', amount: 2_500 } }, effectiveInDays: 3 },
      { op: 'offer', agreement: 1, percentBps: 1000, codes: 2, singleUse: true, validDays: 60 },
      { op: 'redeem', offer: 0, code: 0, customer: 2, orderValue: 4_000 },
      { op: 'rebuild', projection: 0 },
      { op: 'burst', size: 2 },
      { op: 'convert', referral: 0, amount: 30_000, wrongCurrency: false },
      { op: 'convert', referral: 2, amount: 20_000, wrongCurrency: false },
      { op: 'restart' },
      { op: 'close', partner: 1, monthsBack: 1, withMoney: true },
      { op: 'settle', partner: 0 },
      { op: 'prepare', partner: 0, monthsBack: 1, closedOne: true },
      { op: 'approve', payout: 0, byPreparer: true },
      { op: 'pay', payout: 0 },
      { op: 'dispute', partner: 0, subject: 'referral', claim: 5_000 },
      { op: 'evidence', dispute: 0 },
      { op: 'resolve', dispute: 0, outcome: 'partial', adjustment: 2_500 },
      { op: 'repeat' },
      { op: 'sign', partner: 0, terms: { currency: 'USD', commission: { type: 'percentage', rateBps: 1200 } } },
      { op: 'terminate', agreement: 1 },
      { op: 'kpi', agreement: 0, metric: 'conversionRate', monthsBack: 0, value: 0.05 },
    ] satisfies Op[]
  ).map((op) => ({ ...op, jitterHours: 0 })),
};

// ---------------------------------------------------------------------------------------------------------------
// Telling the story to the service
// ---------------------------------------------------------------------------------------------------------------

export interface Outcome {
  /** Operation kind (setup steps are 'setup'; a settle's steps are close, prepare, approve and pay). */
  op: Op['op'] | 'setup';
  /** 'POST', or '-' for a restart of the service. */
  method: 'POST' | '-';
  path: string;
  body: unknown;
  status: number;
  code?: string;
  /** For 2xx: the position the command answered. */
  position?: bigint;
  /** For an accepted rebuild: its job. */
  jobId?: string;
  text: string;
}

interface Sent {
  path: string;
  body: unknown;
  role?: Role;
  key?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
const monthOf = (ms: number) => iso(ms).slice(0, 7);
function monthsBefore(period: string, months: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) - months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}
const pick = <T>(items: readonly T[], index: number): T | undefined => (items.length === 0 ? undefined : items[index % items.length]);

const strongCard = {
  debtRatio: 0.35,
  auditedYears: 6,
  successfulCases: 9,
  scores: { channel: 8, customerBase: 8, reputation: 8, culture: 7, skills: 8 },
};

/** What the story has created so far (only what the service accepted). */
interface World {
  partners: string[];
  agreements: Array<{ id: string; partnerId: string; currency: string }>;
  offers: Array<{ id: string; agreementId: string; codes: string[] }>;
  referrals: Array<{ id: string; partnerId: string; currency: string }>;
  conversions: Array<{ id: string; referralId: string; partnerId: string; amount: number; refunded: number; currency: string }>;
  closed: Map<string, string[]>;
  /** Partner and month of each accepted conversion. */
  converted: Array<{ partnerId: string; period: string }>;
  payouts: Array<{ id: string; partnerId: string }>;
  disputes: Array<{ id: string; partnerId: string; currency: string }>;
}

/** A readable, replayable form of a story: one line per request and its answer (for failure messages). */
export function transcript(outcomes: readonly Outcome[]): string {
  return outcomes
    .map((o, i) => `${String(i).padStart(3)} ${o.op.padEnd(9)} ${o.status} ${o.code ?? ''} ${o.method} ${o.path} ${JSON.stringify(o.body)}`)
    .join('\n');
}

/** The running service; `restart` replaces `current` (the story's restarts go through it). */
export interface Service {
  current: TestApp;
  restart(): Promise<void>;
}

/** Sends every command of the story, in order (a burst's at once); returns each request with its answer. */
export async function tellStory(service: Service, story: CommandStory): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const world: World = { partners: [], agreements: [], offers: [], referrals: [], conversions: [], closed: new Map(), converted: [], payouts: [], disputes: [] };
  let last: (Sent & { op: Outcome['op'] }) | undefined;

  async function send(op: Outcome['op'], sent: Sent): Promise<TestResponse> {
    const response = await service.current.request('POST', sent.path, {
      body: sent.body,
      ...(sent.key !== undefined ? { key: sent.key } : { role: sent.role ?? 'partner-manager' }),
    });
    const outcome: Outcome = { op, method: 'POST', path: sent.path, body: sent.body, status: response.status, text: response.text.slice(0, 500) };
    const code = response.body?.error?.code;
    if (typeof code === 'string') outcome.code = code;
    if (response.status < 300 && response.body?.position !== undefined) outcome.position = BigInt(response.body.position);
    if (response.status < 300 && typeof response.body?.jobId === 'string') outcome.jobId = response.body.jobId;
    outcomes.push(outcome);
    last = { op, ...sent };
    return response;
  }
  const ok = (response: TestResponse) => response.status < 300;

  // Onboarding: every partner proposed, screened with a strong card and approved; its agreements signed.
  const day1 = (hour: number) => `2026-01-01T${String(hour).padStart(2, '0')}:00:00.000Z`;
  for (const [i, partner] of story.partners.entries()) {
    const partnerId = `p${i}`;
    await send('setup', { path: '/v1/partners', body: { partnerId, name: `Partner ${i}`, occurredAt: day1(9) } });
    await send('setup', { path: `/v1/partners/${partnerId}/screenings`, body: { ...strongCard, occurredAt: day1(10) } });
    if (ok(await send('setup', { path: `/v1/partners/${partnerId}/approval`, body: { occurredAt: day1(11) } }))) world.partners.push(partnerId);
    for (const [j, terms] of partner.agreements.entries()) {
      const agreementId = `a${i}-${j}`;
      const body = { agreementId, partnerId, terms, signedAt: day1(12), occurredAt: day1(12) };
      if (ok(await send('setup', { path: '/v1/agreements', body }))) world.agreements.push({ id: agreementId, partnerId, currency: terms.currency as string });
    }
  }
  const signable = [...world.partners];
  if (story.pendingPartner) {
    await send('setup', { path: '/v1/partners', body: { partnerId: 'p-pending', name: 'Pending partner', occurredAt: day1(9) } });
    await send('setup', { path: '/v1/partners/p-pending/screenings', body: { ...strongCard, occurredAt: day1(10) } });
    signable.push('p-pending');
  }

  const n = story.ops.length;
  async function perform(timed: TimedOp, i: number, inBurst = false): Promise<void> {
    const at = START + Math.round(((i + 1) * (END - START)) / (n + 1)) + timed.jitterHours * HOUR;
    const occurredAt = iso(at);
    const op = timed as Op;
    switch (op.op) {
      case 'burst':
        break;
      case 'restart': {
        if (inBurst) break;
        await service.restart();
        outcomes.push({ op: 'restart', method: '-', path: '(service restarted)', body: undefined, status: 200, text: '' });
        break;
      }
      case 'refer': {
        const agreement = pick(world.agreements, op.agreement);
        if (!agreement) break;
        const referralId = `r${i}`;
        const body = { referralId, agreementId: agreement.id, customerId: `cust-${op.customer}`, occurredAt };
        if (ok(await send(op.op, { path: '/v1/referrals', body }))) world.referrals.push({ id: referralId, partnerId: agreement.partnerId, currency: agreement.currency });
        break;
      }
      case 'convert': {
        const referral = pick(world.referrals, op.referral);
        if (!referral) break;
        const currency = op.wrongCurrency ? (referral.currency === 'EUR' ? 'USD' : 'EUR') : referral.currency;
        const conversionId = `c${i}`;
        const body = { conversionId, revenue: money(op.amount, currency), occurredAt };
        if (ok(await send(op.op, { path: `/v1/referrals/${referral.id}/conversions`, body, role: 'finance' }))) {
          world.conversions.push({ id: conversionId, referralId: referral.id, partnerId: referral.partnerId, amount: op.amount, refunded: 0, currency });
          world.converted.push({ partnerId: referral.partnerId, period: monthOf(at) });
        }
        break;
      }
      case 'refund': {
        const conversion = pick(world.conversions, op.conversion);
        if (!conversion) break;
        const left = conversion.amount - conversion.refunded;
        if (left <= 0 && op.kind !== 'exceed') break;
        const amount = op.kind === 'full' ? left : op.kind === 'exceed' ? left + 1 : Math.max(1, Math.floor((left * op.share) / 100));
        const body = { conversionId: conversion.id, refund: money(amount, conversion.currency), occurredAt };
        if (ok(await send(op.op, { path: `/v1/referrals/${conversion.referralId}/refunds`, body, role: 'finance' }))) conversion.refunded += amount;
        break;
      }
      case 'kpi': {
        const agreement = pick(world.agreements, op.agreement);
        if (!agreement) break;
        const value = op.metric === 'leads' ? Math.round(op.value * 50) : op.metric === 'nps' ? Math.round(op.value * 200 - 100) : op.value;
        const body = { metric: op.metric, period: monthsBefore(monthOf(at), op.monthsBack), value, occurredAt };
        await send(op.op, { path: `/v1/agreements/${agreement.id}/kpi-measurements`, body });
        break;
      }
      case 'amend': {
        const agreement = pick(world.agreements, op.agreement);
        if (!agreement) break;
        const body = { terms: op.terms, effectiveFrom: iso(at + op.effectiveInDays * DAY), occurredAt };
        await send(op.op, { path: `/v1/agreements/${agreement.id}/amendments`, body });
        break;
      }
      case 'terminate': {
        const agreement = pick(world.agreements, op.agreement);
        if (!agreement) break;
        await send(op.op, { path: `/v1/agreements/${agreement.id}/termination`, body: { reason: 'partner exit', occurredAt } });
        break;
      }
      case 'sign': {
        const partnerId = pick(signable, op.partner);
        if (!partnerId) break;
        const agreementId = `a${i}`;
        const body = { agreementId, partnerId, terms: op.terms, signedAt: occurredAt, occurredAt };
        if (ok(await send(op.op, { path: '/v1/agreements', body }))) world.agreements.push({ id: agreementId, partnerId, currency: op.terms.currency as string });
        break;
      }
      case 'offer': {
        const agreement = pick(world.agreements, op.agreement);
        if (!agreement) break;
        const offerId = `o${i}`;
        const codes = Array.from({ length: op.codes }, (_, k) => `O${i}-${k}`);
        const body = {
          offerId,
          agreementId: agreement.id,
          description: `Offer ${i}`,
          incentive: { type: 'discount', percentBps: op.percentBps },
          codes,
          singleUse: op.singleUse,
          validFrom: iso(at - DAY),
          validUntil: iso(at + op.validDays * DAY),
          occurredAt,
        };
        if (ok(await send(op.op, { path: '/v1/offers', body }))) world.offers.push({ id: offerId, agreementId: agreement.id, codes });
        break;
      }
      case 'redeem': {
        const offer = pick(world.offers, op.offer);
        if (!offer) break;
        const referralId = `rd${i}`;
        const body = {
          code: offer.codes[op.code % offer.codes.length]!,
          customerId: `cust-${op.customer}`,
          referralId,
          ...(op.orderValue !== undefined ? { orderValue: money(op.orderValue, world.agreements.find((a) => a.id === offer.agreementId)!.currency) } : {}),
          occurredAt,
        };
        if (ok(await send(op.op, { path: `/v1/offers/${offer.id}/redemptions`, body }))) {
          const agreement = world.agreements.find((a) => a.id === offer.agreementId)!;
          world.referrals.push({ id: referralId, partnerId: agreement.partnerId, currency: agreement.currency });
        }
        break;
      }
      case 'close': {
        const isClosed = (c: { partnerId: string; period: string }) => world.closed.get(c.partnerId)?.includes(c.period) ?? false;
        const withMoney = world.converted.filter((c) => c.period < monthOf(at) && !isClosed(c));
        const target = op.withMoney ? pick(withMoney, op.partner) : undefined;
        const partnerId = target?.partnerId ?? pick(world.partners, op.partner);
        if (!partnerId) break;
        const period = target?.period ?? monthsBefore(monthOf(at), op.monthsBack);
        if (ok(await send(op.op, { path: `/v1/partners/${partnerId}/periods/${period}/close`, body: { occurredAt }, role: 'finance' }))) {
          world.closed.set(partnerId, [...(world.closed.get(partnerId) ?? []), period]);
        }
        break;
      }
      case 'prepare': {
        // Mostly a period that was closed (of any partner), else a recent month of any partner (maybe still open).
        const closed = [...world.closed].flatMap(([partnerId, periods]) => periods.map((period) => ({ partnerId, period })));
        const target = op.closedOne ? pick(closed, op.partner) : undefined;
        const partnerId = target?.partnerId ?? pick(world.partners, op.partner);
        if (!partnerId) break;
        const period = target?.period ?? monthsBefore(monthOf(at), op.monthsBack);
        const payoutId = `pay${i}`;
        const body = { payoutId, partnerId, period, occurredAt };
        if (ok(await send(op.op, { path: '/v1/payouts', body, role: 'finance' }))) world.payouts.push({ id: payoutId, partnerId });
        break;
      }
      case 'approve': {
        const payout = pick(world.payouts, op.payout);
        if (!payout) break;
        const who = op.byPreparer ? { key: SAME_PERSON_APPROVER_KEY } : { role: 'approver' as const };
        await send(op.op, { path: `/v1/payouts/${payout.id}/approval`, body: { occurredAt }, ...who });
        break;
      }
      case 'pay': {
        const payout = pick(world.payouts, op.payout);
        if (!payout) break;
        await send(op.op, { path: `/v1/payouts/${payout.id}/payment`, body: { bankReference: `SEPA-${payout.id}`, occurredAt }, role: 'finance' });
        break;
      }
      case 'dispute': {
        const partnerId = pick(world.partners, op.partner);
        if (!partnerId) break;
        const own = {
          payout: world.payouts.filter((p) => p.partnerId === partnerId).map((p) => p.id),
          referral: world.referrals.filter((r) => r.partnerId === partnerId).map((r) => r.id),
          commission: world.conversions.filter((c) => c.partnerId === partnerId).map((c) => c.id),
        }[op.subject];
        // No subject of that kind yet: mostly a commission (a conversion) of the partner's, else one that does not
        // exist (UNKNOWN_SUBJECT; a commission named by an unknown id is accepted).
        const conversions = world.conversions.filter((c) => c.partnerId === partnerId).map((c) => c.id);
        const fallback = i % 3 === 0 ? undefined : pick(conversions, i);
        const subject = own.length > 0 || fallback === undefined ? op.subject : 'commission';
        const subjectId = pick(own, i) ?? fallback ?? `missing-${i}`;
        const currency = world.agreements.find((a) => a.partnerId === partnerId)?.currency ?? 'EUR';
        const disputeId = `d${i}`;
        const body = {
          disputeId,
          partnerId,
          subject: { type: subject, id: subjectId },
          ...(op.claim !== undefined ? { claim: money(op.claim, currency) } : {}),
          description: `Dispute ${i}`,
          occurredAt,
        };
        if (ok(await send(op.op, { path: '/v1/disputes', body, role: 'partner-manager' }))) world.disputes.push({ id: disputeId, partnerId, currency });
        break;
      }
      case 'evidence': {
        const dispute = pick(world.disputes, op.dispute);
        if (!dispute) break;
        await send(op.op, { path: `/v1/disputes/${dispute.id}/evidence`, body: { description: `Evidence ${i}`, reference: `doc://${i}`, occurredAt }, role: 'finance' });
        break;
      }
      case 'resolve': {
        const dispute = pick(world.disputes, op.dispute);
        if (!dispute) break;
        const body = {
          outcome: op.outcome,
          ...(op.adjustment !== undefined ? { adjustment: money(op.adjustment, dispute.currency) } : {}),
          reason: `Resolution ${i}`,
          occurredAt,
        };
        await send(op.op, { path: `/v1/disputes/${dispute.id}/resolution`, body, role: 'finance' });
        break;
      }
      case 'settle': {
        const target = pick(
          world.converted.filter((c) => c.period < monthOf(at)),
          op.partner,
        );
        if (!target) break;
        const { partnerId, period } = target;
        const step = (k: number) => iso(at + k * HOUR);
        if (!world.closed.get(partnerId)?.includes(period)) {
          const closed = await send('close', { path: `/v1/partners/${partnerId}/periods/${period}/close`, body: { occurredAt: step(0) }, role: 'finance' });
          if (!ok(closed)) break;
          world.closed.set(partnerId, [...(world.closed.get(partnerId) ?? []), period]);
        }
        const payoutId = `pay${i}`;
        const prepared = await send('prepare', { path: '/v1/payouts', body: { payoutId, partnerId, period, occurredAt: step(1) }, role: 'finance' });
        if (!ok(prepared)) break;
        world.payouts.push({ id: payoutId, partnerId });
        if (!ok(await send('approve', { path: `/v1/payouts/${payoutId}/approval`, body: { occurredAt: step(2) }, role: 'approver' }))) break;
        await send('pay', { path: `/v1/payouts/${payoutId}/payment`, body: { bankReference: `SEPA-${payoutId}`, occurredAt: step(3) }, role: 'finance' });
        break;
      }
      case 'rebuild': {
        const name = allProjections[op.projection % allProjections.length]!.name;
        await send(op.op, { path: `/v1/projections/${name}/rebuild`, body: undefined, role: 'admin' });
        break;
      }
      case 'repeat': {
        // The previous request again, verbatim: a natural-key repeat (200), or a conflict / rule refusal.
        if (!last) break;
        const { op: _previous, ...sent } = last;
        await send('repeat', sent);
        break;
      }
    }
  }

  for (let i = 0; i < n; ) {
    const timed = story.ops[i]!;
    if (timed.op === 'burst') {
      // The next few operations at once, as several people would send them: their appends and the process
      // managers' interleave in $all (and a stream's concurrent writers may get 409 CONCURRENCY_CONFLICT).
      const group = story.ops.slice(i + 1, i + 1 + timed.size).map((op, k) => perform(op, i + 1 + k, true));
      await Promise.all(group);
      i += 1 + timed.size;
    } else {
      await perform(timed, i);
      i += 1;
    }
  }
  return outcomes;
}
