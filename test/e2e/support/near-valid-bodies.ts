import fc from 'fast-check';
import { expect } from 'vitest';
import type { Role } from '../../../src/config/roles';
import type { TestApp } from '../../support/test-app';
import { created, eur, OCT, onboard, SEP, strongCard } from '../partners.fixtures';

/**
 * Near-valid command bodies for the fuzz test: for every command endpoint of API.md a body that the service
 * accepts against fixtures that really exist (an approved partner, a signed agreement with terms, an offer with
 * codes, a referral with a conversion, prepared / approved / paid payouts, open and resolved disputes), the
 * description of each of its fields, and the corruptions that make exactly one field of it certainly invalid.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type FieldPath = ReadonlyArray<string | number>;

export type Kind =
  | { k: 'id' }
  | { k: 'code' }
  | { k: 'instant' }
  | { k: 'period' }
  | { k: 'currency' }
  | { k: 'string'; min: number; max: number }
  | { k: 'int'; min: number; max?: number }
  | { k: 'number'; min?: number; max?: number }
  /** Integer minor units; `positive`: > 0, `nonzero`: ≠ 0, `any`: any safe integer. */
  | { k: 'minor'; sign: 'positive' | 'nonzero' | 'any' }
  /** Minor units or money (flat amounts and tier thresholds). */
  | { k: 'amount' }
  | { k: 'bool' }
  | { k: 'enum'; values: readonly string[] }
  /** A strict object; `emptyInvalid` when `{}` is not a valid value (it has required members or a refinement). */
  | { k: 'object'; emptyInvalid: boolean }
  | { k: 'array'; min: number; max: number };

export interface Field {
  path: FieldPath;
  kind: Kind;
  /** Required inside its (present) parent: dropping it makes the body invalid. */
  required: boolean;
}

export interface CommandCase {
  name: string;
  /** Route with `{param}` placeholders, e.g. /v1/partners/{id}/screenings. */
  route: string;
  params: Record<string, { value: string; kind: 'id' | 'period' }>;
  role: Role;
  body: JsonObject;
  fields: Field[];
  /** The schema defaults an absent body to `{}` (a POST without a body is as good as an empty one). */
  bodyOptional?: boolean;
}

export interface Request {
  path: string;
  body?: Json;
  rawBody?: string;
}

export interface Corruption {
  label: string;
  build(c: CommandCase): Request;
  /** 400 VALIDATION_FAILED unless stated: 413 for a body over 1 MiB; a path corruption may also be 404/414. */
  expect: { statuses: readonly number[]; code?: string };
  /** A refused field's dotted path: some error detail must be about it, an ancestor or a descendant of it. */
  about?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Field descriptions
// ---------------------------------------------------------------------------------------------------------------

const f = (path: FieldPath, kind: Kind, required = true): Field => ({ path, kind, required });
const id = (path: FieldPath, required = true) => f(path, { k: 'id' }, required);
const instant = (path: FieldPath, required = true) => f(path, { k: 'instant' }, required);
const str = (path: FieldPath, min: number, max: number, required = true) => f(path, { k: 'string', min, max }, required);
const int = (path: FieldPath, min: number, max?: number, required = true) =>
  f(path, max === undefined ? { k: 'int', min } : { k: 'int', min, max }, required);
const num = (path: FieldPath, min?: number, max?: number, required = true) =>
  f(path, { k: 'number', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) }, required);
const enm = (path: FieldPath, values: readonly string[], required = true) => f(path, { k: 'enum', values }, required);
const obj = (path: FieldPath, emptyInvalid: boolean, required = true) => f(path, { k: 'object', emptyInvalid }, required);
const arr = (path: FieldPath, min: number, max: number, required = true) => f(path, { k: 'array', min, max }, required);
const bool = (path: FieldPath, required = true) => f(path, { k: 'bool' }, required);

/** The body itself: never "dropped" here (an absent body is a corruption of its own, where it is one). */
const root = (emptyInvalid = true): Field => obj([], emptyInvalid, false);
const envelope = (): Field[] => [instant(['occurredAt'], false), str(['reason'], 1, 2000, false)];
const money = (path: FieldPath, sign: 'positive' | 'nonzero' | 'any', required = true): Field[] => [
  obj(path, true, required),
  f([...path, 'amount'], { k: 'minor', sign }),
  f([...path, 'currency'], { k: 'currency' }),
];

/** Every field of a terms object as written in the bodies below (every optional member present). */
function termsFields(terms: JsonObject, at: FieldPath = ['terms']): Field[] {
  const fields: Field[] = [obj(at, true), f([...at, 'currency'], { k: 'currency' }), obj([...at, 'commission'], true)];
  const commission = terms.commission as JsonObject;
  fields.push(enm([...at, 'commission', 'type'], ['percentage', 'flat', 'tiered']));
  if (commission.type === 'percentage') fields.push(int([...at, 'commission', 'rateBps'], 0, 1_000_000));
  if (commission.type === 'flat') {
    fields.push(f([...at, 'commission', 'amount'], { k: 'amount' }));
    if (typeof commission.amount === 'object') {
      fields.push(f([...at, 'commission', 'amount', 'amount'], { k: 'minor', sign: 'any' }));
      fields.push(f([...at, 'commission', 'amount', 'currency'], { k: 'currency' }));
    }
  }
  if (commission.type === 'tiered') {
    const tiers = commission.tiers as JsonObject[];
    fields.push(arr([...at, 'commission', 'tiers'], 1, 50));
    tiers.forEach((tier, i) => {
      const p = [...at, 'commission', 'tiers', i];
      fields.push(obj(p, true, false), f([...p, 'fromAmount'], { k: 'amount' }), int([...p, 'rateBps'], 0, 1_000_000));
      if (typeof tier.fromAmount === 'object') {
        fields.push(f([...p, 'fromAmount', 'amount'], { k: 'minor', sign: 'any' }), f([...p, 'fromAmount', 'currency'], { k: 'currency' }));
      }
    });
  }
  if ('attributionWindowDays' in terms) fields.push(int([...at, 'attributionWindowDays'], 1, 3650, false));
  if ('holdDays' in terms) fields.push(int([...at, 'holdDays'], 0, 3650, false));
  if ('capPerPeriod' in terms) fields.push(...money([...at, 'capPerPeriod'], 'any', false));
  if ('bonuses' in terms) {
    fields.push(arr([...at, 'bonuses'], 0, 20, false));
    (terms.bonuses as JsonObject[]).forEach((bonus, i) => {
      const p = [...at, 'bonuses', i];
      fields.push(obj(p, true, false), enm([...p, 'kind'], ['retention', 'milestone']), int([...p, 'bonusBps'], 0, 1_000_000));
      if (bonus.kind === 'retention') fields.push(num([...p, 'minRate'], 0, 1));
      else fields.push(int([...p, 'minAnnualOrders'], 0));
    });
  }
  if ('kpis' in terms) {
    fields.push(arr([...at, 'kpis'], 0, 20, false));
    (terms.kpis as JsonObject[]).forEach((kpi, i) => {
      const p = [...at, 'kpis', i];
      const target = kpi.target as JsonObject;
      fields.push(obj(p, true, false), enm([...p, 'metric'], KPI_METRICS), obj([...p, 'target'], true));
      // min and max are each optional as long as the other is there: both present, neither is required alone.
      if ('min' in target) fields.push(num([...p, 'target', 'min'], undefined, undefined, false));
      if ('max' in target) fields.push(num([...p, 'target', 'max'], undefined, undefined, false));
    });
  }
  if ('exit' in terms) fields.push(obj([...at, 'exit'], true, false), int([...at, 'exit', 'consecutiveMisses'], 1, 120));
  return fields;
}

const KPI_METRICS = ['conversionRate', 'churnRate', 'retentionRate', 'leads', 'cac', 'roi', 'nps'] as const;

/** Every member name of every command schema: an "unknown field" is never one of these. */
export const KNOWN_KEYS = new Set([
  'partnerId', 'name', 'segment', 'contact', 'occurredAt', 'reason', 'debtRatio', 'auditedYears', 'successfulCases', 'scores',
  'channel', 'customerBase', 'reputation', 'culture', 'skills', 'override', 'agreementId', 'terms', 'signedAt', 'effectiveFrom',
  'metric', 'period', 'value', 'currency', 'commission', 'type', 'rateBps', 'amount', 'tiers', 'fromAmount', 'attributionWindowDays',
  'holdDays', 'capPerPeriod', 'bonuses', 'kind', 'minRate', 'bonusBps', 'minAnnualOrders', 'kpis', 'target', 'min', 'max', 'exit',
  'consecutiveMisses', 'offerId', 'description', 'incentive', 'percentBps', 'item', 'codes', 'singleUse', 'validFrom', 'validUntil',
  'maxRedemptions', 'code', 'customerId', 'orderValue', 'referralId', 'conversionId', 'revenue', 'refund', 'payoutId',
  'bankReference', 'disputeId', 'subject', 'id', 'claim', 'reference', 'outcome', 'adjustment',
]);

// ---------------------------------------------------------------------------------------------------------------
// Fixtures: the world every near-valid body refers to
// ---------------------------------------------------------------------------------------------------------------

export const FX = {
  partner: 'fz-partner',
  agreement: 'fz-agr',
  agreementToTerminate: 'fz-agr-term',
  agreementEnded: 'fz-agr-ended',
  rival: 'fz-rival',
  rivalAgreement: 'fz-agr-rival',
  rivalReferral: 'fz-ref-rival',
  rivalCustomer: 'fz-cust-rival',
  proposed: 'fz-proposed',
  screened: 'fz-screened',
  screenedToReject: 'fz-screened-2',
  weak: 'fz-weak',
  rejected: 'fz-rejected',
  offer: 'fz-offer',
  usedCode: 'FZ-USED',
  usedCodeCustomer: 'fz-cust-used',
  referral: 'fz-ref',
  customer: 'fz-cust',
  conversion: 'fz-conv',
  conversionOct: 'fz-conv-oct',
  payee: 'fz-payee',
  payeeAgreement: 'fz-agr-payee',
  payeeReferral: 'fz-ref-payee',
  payeeConversionSep: 'fz-conv-payee-sep',
  payout: 'fz-pay',
  payoutApproved: 'fz-pay-approved',
  payoutPaid: 'fz-pay-paid',
  dispute: 'fz-disp',
  disputeResolved: 'fz-disp-resolved',
  /** Idempotency-Key of an evidence already added to fz-disp. */
  evidenceKey: 'fz-evidence-key-1',
  /** An agreement at the highest rate the terms allow (1,000,000 bps = 10,000 %), and a referral under it. */
  greedy: 'fz-greedy',
  greedyAgreement: 'fz-agr-greedy',
  greedyReferral: 'fz-ref-greedy',
} as const;

/** A second approver key whose principal is the finance person who prepares payouts (four eyes). */
export const SAME_PERSON_APPROVER_KEY = 'fz-alice-approves';
export const EXTRA_API_KEYS = [`approver:alice:${SAME_PERSON_APPROVER_KEY}`];

export const NOV = (day: number, hour = 10) => `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
const OFFER_UNTIL = '2026-12-01T00:00:00.000Z';

const weakCard = {
  debtRatio: 0.9,
  auditedYears: 1,
  successfulCases: 0,
  scores: { channel: 3, customerBase: 3, reputation: 3, culture: 3, skills: 3 },
};

async function sign(t: TestApp, agreementId: string, partnerId: string, rateBps = 1500): Promise<void> {
  await created(t, '/v1/agreements', {
    agreementId,
    partnerId,
    terms: { currency: 'EUR', commission: { type: 'percentage', rateBps }, kpis: [{ metric: 'conversionRate', target: { min: 0.05 } }] },
    signedAt: SEP(1, 12),
    occurredAt: SEP(1, 12),
  });
}

async function propose(t: TestApp, partnerId: string, card?: unknown): Promise<void> {
  await created(t, '/v1/partners', { partnerId, name: `Partner ${partnerId}`, occurredAt: SEP(1, 9) });
  if (card) await created(t, `/v1/partners/${partnerId}/screenings`, { ...(card as object), occurredAt: SEP(1, 10) });
}

/** Builds the world through the public API, as partner managers, finance and approvers would. */
export async function buildFixtures(t: TestApp): Promise<void> {
  // Partners in every state.
  await onboard(t, FX.partner);
  await onboard(t, FX.rival);
  await onboard(t, FX.payee);
  await propose(t, FX.proposed);
  await propose(t, FX.screened, strongCard);
  await propose(t, FX.screenedToReject, strongCard);
  await propose(t, FX.weak, weakCard);
  await propose(t, FX.rejected, strongCard);
  await created(t, `/v1/partners/${FX.rejected}/rejection`, { reason: 'not a fit', occurredAt: SEP(1, 11) });

  // Agreements: live, to be terminated, terminated.
  await sign(t, FX.agreement, FX.partner);
  await sign(t, FX.agreementToTerminate, FX.partner);
  await sign(t, FX.agreementEnded, FX.partner);
  await created(t, `/v1/agreements/${FX.agreementEnded}/termination`, { reason: 'ended early', occurredAt: SEP(3) });
  await sign(t, FX.rivalAgreement, FX.rival);
  await sign(t, FX.payeeAgreement, FX.payee);

  // An offer with codes, one single-use code already redeemed.
  await created(t, '/v1/offers', {
    offerId: FX.offer,
    agreementId: FX.agreement,
    description: 'Autumn promotion',
    incentive: { type: 'discount', percentBps: 1000 },
    codes: ['FZ-1', 'FZ-2', FX.usedCode],
    singleUse: true,
    validFrom: SEP(2),
    validUntil: OFFER_UNTIL,
    occurredAt: SEP(2),
  });
  await created(t, `/v1/offers/${FX.offer}/redemptions`, { code: FX.usedCode, customerId: FX.usedCodeCustomer, occurredAt: SEP(3) });

  // Referrals and conversions; the rival's customer is attributed to the rival for 90 days from SEP(2).
  await created(t, '/v1/referrals', { referralId: FX.referral, agreementId: FX.agreement, customerId: FX.customer, occurredAt: SEP(2) });
  await created(t, `/v1/referrals/${FX.referral}/conversions`, { conversionId: FX.conversion, revenue: eur(100_000), occurredAt: SEP(15) }, 'finance');
  await created(t, `/v1/referrals/${FX.referral}/conversions`, { conversionId: FX.conversionOct, revenue: eur(50_000), occurredAt: OCT(10) }, 'finance');
  await created(t, '/v1/referrals', { referralId: FX.rivalReferral, agreementId: FX.rivalAgreement, customerId: FX.rivalCustomer, occurredAt: SEP(2) });
  await created(t, '/v1/referrals', { referralId: FX.payeeReferral, agreementId: FX.payeeAgreement, customerId: 'fz-cust-payee', occurredAt: SEP(2) });
  await created(t, `/v1/referrals/${FX.payeeReferral}/conversions`, { conversionId: FX.payeeConversionSep, revenue: eur(80_000), occurredAt: SEP(15) }, 'finance');
  await created(t, `/v1/referrals/${FX.payeeReferral}/conversions`, { conversionId: 'fz-conv-payee-oct', revenue: eur(60_000), occurredAt: OCT(15) }, 'finance');

  // Closed periods and payouts: prepared (by alice), approved (by bob), paid.
  await created(t, `/v1/partners/${FX.partner}/periods/2026-09/close`, { occurredAt: OCT(1, 8) }, 'finance');
  await created(t, `/v1/partners/${FX.partner}/periods/2026-10/close`, { occurredAt: NOV(1, 8) }, 'finance');
  await created(t, `/v1/partners/${FX.payee}/periods/2026-09/close`, { occurredAt: OCT(1, 8) }, 'finance');
  await created(t, `/v1/partners/${FX.payee}/periods/2026-10/close`, { occurredAt: NOV(1, 8) }, 'finance');
  await created(t, '/v1/payouts', { payoutId: FX.payout, partnerId: FX.partner, period: '2026-09', occurredAt: OCT(2, 9) }, 'finance');
  await created(t, '/v1/payouts', { payoutId: FX.payoutApproved, partnerId: FX.payee, period: '2026-09', occurredAt: OCT(2, 9) }, 'finance');
  await created(t, `/v1/payouts/${FX.payoutApproved}/approval`, { occurredAt: OCT(2, 11) }, 'approver');
  await created(t, '/v1/payouts', { payoutId: FX.payoutPaid, partnerId: FX.payee, period: '2026-10', occurredAt: NOV(2, 9) }, 'finance');
  await created(t, `/v1/payouts/${FX.payoutPaid}/approval`, { occurredAt: NOV(2, 11) }, 'approver');
  await created(t, `/v1/payouts/${FX.payoutPaid}/payment`, { bankReference: 'SEPA-FZ-PAID', occurredAt: NOV(3) }, 'finance');

  // Disputes: open, resolved.
  await created(t, '/v1/disputes', {
    disputeId: FX.dispute,
    partnerId: FX.partner,
    subject: { type: 'commission', id: FX.conversion },
    claim: eur(5_000),
    description: 'Bookings of the landing page were not attributed',
    occurredAt: OCT(2),
  });
  await created(t, '/v1/disputes', {
    disputeId: FX.disputeResolved,
    partnerId: FX.partner,
    subject: { type: 'payout', id: FX.payout },
    description: 'Payout too small',
    occurredAt: OCT(3),
  });
  await created(t, `/v1/disputes/${FX.disputeResolved}/resolution`, { outcome: 'rejected', reason: 'not attributable', occurredAt: OCT(4) }, 'finance');
  const evidence = await t.request('POST', `/v1/disputes/${FX.dispute}/evidence`, {
    role: 'finance',
    headers: { 'idempotency-key': FX.evidenceKey },
    body: { description: 'Screenshot of the landing page', occurredAt: OCT(3) },
  });
  expect(evidence.status, evidence.text).toBe(201);

  // The highest rate the terms schema allows.
  await onboard(t, FX.greedy);
  await sign(t, FX.greedyAgreement, FX.greedy, 1_000_000);
  await created(t, '/v1/referrals', { referralId: FX.greedyReferral, agreementId: FX.greedyAgreement, customerId: 'fz-cust-greedy', occurredAt: SEP(2) });
}

// ---------------------------------------------------------------------------------------------------------------
// The near-valid bodies: each is accepted (2xx) as is, against the fixtures, in the order listed
// ---------------------------------------------------------------------------------------------------------------

const tieredTerms: JsonObject = {
  currency: 'EUR',
  commission: { type: 'tiered', tiers: [{ fromAmount: 0, rateBps: 1000 }, { fromAmount: eur(100_000), rateBps: 1500 }] },
  attributionWindowDays: 60,
  holdDays: 7,
  capPerPeriod: eur(1_000_000),
  bonuses: [
    { kind: 'retention', minRate: 0.8, bonusBps: 500 },
    { kind: 'milestone', minAnnualOrders: 10, bonusBps: 200 },
  ],
  kpis: [{ metric: 'conversionRate', target: { min: 0.05, max: 0.9 } }],
  exit: { consecutiveMisses: 3 },
};
const percentTerms: JsonObject = { currency: 'EUR', commission: { type: 'percentage', rateBps: 1200 }, holdDays: 0 };
const flatTerms: JsonObject = { currency: 'EUR', commission: { type: 'flat', amount: eur(500) }, attributionWindowDays: 30 };

const p = (value: string) => ({ value, kind: 'id' as const });

export const COMMAND_CASES: CommandCase[] = [
  {
    name: 'propose partner',
    route: '/v1/partners',
    params: {},
    role: 'partner-manager',
    body: { partnerId: 'fz-new-partner', name: 'New Partner Ltd', segment: 'retail', contact: 'ops@example.com', occurredAt: SEP(1, 9), reason: 'referred by sales' },
    fields: [root(), id(['partnerId']), str(['name'], 1, 200), str(['segment'], 0, 100, false), str(['contact'], 0, 200, false), ...envelope()],
  },
  {
    name: 'screen partner',
    route: '/v1/partners/{id}/screenings',
    params: { id: p(FX.proposed) },
    role: 'partner-manager',
    body: { ...strongCard, occurredAt: SEP(1, 10) },
    fields: [
      root(),
      num(['debtRatio'], 0, 100),
      int(['auditedYears'], 0, 200),
      int(['successfulCases'], 0, 1_000_000),
      obj(['scores'], true),
      ...(['channel', 'customerBase', 'reputation', 'culture', 'skills'] as const).map((s) => int(['scores', s], 1, 10)),
      ...envelope(),
    ],
  },
  {
    name: 'approve partner',
    route: '/v1/partners/{id}/approval',
    params: { id: p(FX.screened) },
    role: 'partner-manager',
    body: { override: false, reason: 'meets the policy', occurredAt: SEP(1, 11) },
    fields: [root(false), bool(['override'], false), ...envelope()],
  },
  {
    name: 'reject partner',
    route: '/v1/partners/{id}/rejection',
    params: { id: p(FX.screenedToReject) },
    role: 'partner-manager',
    body: { reason: 'overlaps an existing partner', occurredAt: SEP(1, 11) },
    fields: [root(false), ...envelope()],
  },
  {
    name: 'sign agreement (tiered terms)',
    route: '/v1/agreements',
    params: {},
    role: 'partner-manager',
    body: { agreementId: 'fz-agr-new', partnerId: FX.partner, terms: tieredTerms, signedAt: SEP(1, 12), occurredAt: SEP(1, 12) },
    fields: [root(), id(['agreementId']), id(['partnerId']), ...termsFields(tieredTerms), instant(['signedAt'], false), ...envelope()],
  },
  {
    name: 'sign agreement (percentage terms)',
    route: '/v1/agreements',
    params: {},
    role: 'partner-manager',
    body: { agreementId: 'fz-agr-new-2', partnerId: FX.rival, terms: percentTerms, occurredAt: SEP(2) },
    fields: [root(), id(['agreementId']), id(['partnerId']), ...termsFields(percentTerms), ...envelope()],
  },
  {
    name: 'amend agreement',
    route: '/v1/agreements/{id}/amendments',
    params: { id: p(FX.agreement) },
    role: 'partner-manager',
    body: { terms: flatTerms, effectiveFrom: OCT(1), occurredAt: SEP(20), reason: 'flat fee from October' },
    fields: [root(), ...termsFields(flatTerms), instant(['effectiveFrom']), ...envelope()],
  },
  {
    name: 'terminate agreement',
    route: '/v1/agreements/{id}/termination',
    params: { id: p(FX.agreementToTerminate) },
    role: 'partner-manager',
    body: { reason: 'partner exit', occurredAt: OCT(5) },
    fields: [root(), str(['reason'], 1, 2000), instant(['occurredAt'], false)],
  },
  {
    name: 'measure KPI',
    route: '/v1/agreements/{id}/kpi-measurements',
    params: { id: p(FX.agreement) },
    role: 'partner-manager',
    body: { metric: 'conversionRate', period: '2026-09', value: 0.12, occurredAt: OCT(1) },
    fields: [root(), enm(['metric'], KPI_METRICS), f(['period'], { k: 'period' }), num(['value']), ...envelope()],
  },
  {
    name: 'launch offer (discount)',
    route: '/v1/offers',
    params: {},
    role: 'partner-manager',
    body: {
      offerId: 'fz-offer-new',
      agreementId: FX.agreement,
      description: 'Winter promotion',
      incentive: { type: 'discount', percentBps: 1000 },
      codes: ['WIN-1', 'WIN-2'],
      singleUse: false,
      validFrom: SEP(2),
      validUntil: OFFER_UNTIL,
      maxRedemptions: 100,
      occurredAt: SEP(2),
    },
    fields: [
      root(),
      id(['offerId']),
      id(['agreementId']),
      str(['description'], 1, 2000),
      obj(['incentive'], true),
      enm(['incentive', 'type'], ['discount', 'discountAmount', 'freeItem']),
      int(['incentive', 'percentBps'], 1, 10_000),
      arr(['codes'], 1, 10_000),
      f(['codes', 0], { k: 'code' }, false),
      f(['codes', 1], { k: 'code' }, false),
      bool(['singleUse']),
      instant(['validFrom']),
      instant(['validUntil']),
      int(['maxRedemptions'], 1, undefined, false),
      ...envelope(),
    ],
  },
  {
    name: 'launch offer (discount amount)',
    route: '/v1/offers',
    params: {},
    role: 'partner-manager',
    body: {
      offerId: 'fz-offer-new-2',
      agreementId: FX.agreement,
      description: 'Five euros off',
      incentive: { type: 'discountAmount', amount: eur(500) },
      codes: ['FIVE'],
      singleUse: true,
      validFrom: SEP(2),
      validUntil: OFFER_UNTIL,
      occurredAt: SEP(2),
    },
    fields: [
      root(),
      id(['offerId']),
      obj(['incentive'], true),
      enm(['incentive', 'type'], ['discount', 'discountAmount', 'freeItem']),
      ...money(['incentive', 'amount'], 'any'),
      arr(['codes'], 1, 10_000),
      f(['codes', 0], { k: 'code' }, false),
      bool(['singleUse']),
    ],
  },
  {
    name: 'redeem offer',
    route: '/v1/offers/{id}/redemptions',
    params: { id: p(FX.offer) },
    role: 'partner-manager',
    body: { code: 'FZ-1', customerId: 'fz-cust-new', orderValue: eur(12_000), referralId: 'fz-ref-redeemed', occurredAt: SEP(10) },
    fields: [root(), f(['code'], { k: 'code' }), id(['customerId']), ...money(['orderValue'], 'any', false), id(['referralId'], false), ...envelope()],
  },
  {
    name: 'register referral',
    route: '/v1/referrals',
    params: {},
    role: 'partner-manager',
    body: { referralId: 'fz-ref-new', agreementId: FX.agreement, customerId: 'fz-cust-new-2', occurredAt: SEP(5) },
    fields: [root(), id(['referralId']), id(['agreementId']), id(['customerId']), ...envelope()],
  },
  {
    name: 'record conversion',
    route: '/v1/referrals/{id}/conversions',
    params: { id: p(FX.referral) },
    role: 'finance',
    body: { conversionId: 'fz-conv-new', revenue: eur(30_000), occurredAt: NOV(10) },
    fields: [root(), id(['conversionId']), ...money(['revenue'], 'positive'), ...envelope()],
  },
  {
    name: 'refund revenue',
    route: '/v1/referrals/{id}/refunds',
    params: { id: p(FX.referral) },
    role: 'finance',
    body: { conversionId: FX.conversion, refund: eur(10_000), occurredAt: NOV(5) },
    fields: [root(), id(['conversionId']), ...money(['refund'], 'positive'), ...envelope()],
  },
  {
    name: 'close period',
    route: '/v1/partners/{id}/periods/{period}/close',
    params: { id: p(FX.partner), period: { value: '2026-11', kind: 'period' } },
    role: 'finance',
    body: { occurredAt: '2026-12-01T08:00:00.000Z', reason: 'month end' },
    fields: [root(false), ...envelope()],
    bodyOptional: true,
  },
  {
    name: 'prepare payout',
    route: '/v1/payouts',
    params: {},
    role: 'finance',
    body: { payoutId: 'fz-pay-new', partnerId: FX.partner, period: '2026-10', currency: 'EUR', occurredAt: NOV(2, 9) },
    fields: [root(), id(['payoutId']), id(['partnerId']), f(['period'], { k: 'period' }), f(['currency'], { k: 'currency' }, false), ...envelope()],
  },
  {
    name: 'approve payout',
    route: '/v1/payouts/{id}/approval',
    params: { id: p(FX.payout) },
    role: 'approver',
    body: { occurredAt: OCT(2, 11), reason: 'checked against the statement' },
    fields: [root(false), ...envelope()],
    bodyOptional: true,
  },
  {
    name: 'pay payout',
    route: '/v1/payouts/{id}/payment',
    params: { id: p(FX.payoutApproved) },
    role: 'finance',
    body: { bankReference: 'SEPA-FZ-0926', occurredAt: OCT(3) },
    fields: [root(), str(['bankReference'], 1, 200), ...envelope()],
  },
  {
    name: 'open dispute',
    route: '/v1/disputes',
    params: {},
    role: 'partner-manager',
    body: {
      disputeId: 'fz-disp-new',
      partnerId: FX.partner,
      subject: { type: 'referral', id: FX.referral },
      claim: eur(5_000),
      description: 'Two bookings are missing',
      occurredAt: OCT(2),
    },
    fields: [
      root(),
      id(['disputeId']),
      id(['partnerId']),
      obj(['subject'], true),
      enm(['subject', 'type'], ['payout', 'commission', 'referral']),
      str(['subject', 'id'], 1, 200),
      ...money(['claim'], 'any', false),
      str(['description'], 1, 5000),
      ...envelope(),
    ],
  },
  {
    name: 'add evidence',
    route: '/v1/disputes/{id}/evidence',
    params: { id: p(FX.dispute) },
    role: 'finance',
    body: { description: 'Booking export with UTM tags', reference: 'doc://evidence/utm.csv', occurredAt: OCT(3) },
    fields: [root(), str(['description'], 1, 5000), str(['reference'], 1, 500, false), ...envelope()],
  },
  {
    name: 'resolve dispute',
    route: '/v1/disputes/{id}/resolution',
    params: { id: p(FX.dispute) },
    role: 'finance',
    body: { outcome: 'partial', adjustment: eur(2_500), reason: 'half of the bookings carry the tags', occurredAt: OCT(5) },
    fields: [root(), enm(['outcome'], ['upheld', 'rejected', 'partial']), ...money(['adjustment'], 'nonzero', false), str(['reason'], 1, 2000), instant(['occurredAt'], false)],
  },
];

export function pathOf(c: CommandCase, overrides: Record<string, string> = {}): string {
  return c.route.replace(/\{(\w+)\}/g, (_, name: string) => overrides[name] ?? c.params[name]!.value);
}

// ---------------------------------------------------------------------------------------------------------------
// Corruptions: each makes exactly one thing of a valid request certainly invalid
// ---------------------------------------------------------------------------------------------------------------

const dotted = (path: FieldPath) => path.map(String).join('.');

function clone<T extends Json>(value: T): T {
  return structuredClone(value);
}

function setIn(body: JsonObject, path: FieldPath, value: Json | typeof DROP): Json {
  if (path.length === 0) return value === DROP ? null : value;
  const copy = clone(body);
  let node: any = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path[path.length - 1]!;
  if (value === DROP) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

function getIn(body: Json, path: FieldPath): Json {
  let node: any = body;
  for (const key of path) node = node?.[key];
  return node as Json;
}

const DROP = Symbol('drop');

/** Numbers JSON cannot carry as literals are sent raw: `"@@RAW:1e400@@"` in the JSON text becomes `1e400`. */
const raw = (literal: string) => `@@RAW:${literal}@@`;
function serialise(body: Json): Request['rawBody'] | undefined {
  const text = JSON.stringify(body);
  return text.includes('@@RAW:') ? text.replace(/"@@RAW:([^@]*)@@"/g, '$1') : undefined;
}

const deepObject = (depth: number, leaf: Json = 1): Json => {
  let value: Json = leaf;
  for (let i = 0; i < depth; i++) value = { nest: value };
  return value;
};

/**
 * fast-check favours keys such as `__proto__` and `constructor`; a body holding `__proto__` (or
 * `constructor.prototype`) is refused by the JSON parser itself (prototype poisoning), before any field is looked
 * at, so its 400 names no field. Those bodies get their own test; the near-valid ones leave them out.
 */
function poisonsPrototype(value: Json): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(poisonsPrototype);
  return Object.entries(value).some(
    ([key, inner]) =>
      key === '__proto__' ||
      (key === 'constructor' && inner !== null && typeof inner === 'object' && !Array.isArray(inner) && 'prototype' in inner) ||
      poisonsPrototype(inner),
  );
}

const smallJson: fc.Arbitrary<Json> = (fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>).filter((v) => !poisonsPrototype(v));
const aString = fc.string({ maxLength: 20 });
const anObject: fc.Arbitrary<Json> = (fc.dictionary(fc.string({ maxLength: 8 }), smallJson, { maxKeys: 3 }) as fc.Arbitrary<Json>).filter(
  (v) => !poisonsPrototype(v),
);
const anArray: fc.Arbitrary<Json> = fc.array(smallJson, { maxLength: 3 });
const aNumber: fc.Arbitrary<Json> = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
const numericString = fc.oneof(
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e3', '12', '0', '-1', '0x10', '', ' 1', '1,000', '1.5', 'null', 'undefined'),
  fc.integer().map(String),
);

const notString: fc.Arbitrary<Json> = fc.oneof(aNumber, fc.boolean(), fc.constant(null), anArray, anObject);
const notNumber: fc.Arbitrary<Json> = fc.oneof(numericString, aString, fc.boolean(), fc.constant(null), anArray, anObject);
const notBool: fc.Arbitrary<Json> = fc.oneof(fc.constantFrom('true', 'false', 'yes', '', 0, 1), fc.constant(null), anArray, anObject);
const notObject: fc.Arbitrary<Json> = fc.oneof(aString, aNumber, fc.boolean(), fc.constant(null), anArray);
const notArray: fc.Arbitrary<Json> = fc.oneof(aString, aNumber, fc.boolean(), fc.constant(null), anObject);

const forbiddenIdChar = fc.constantFrom(' ', '/', '?', '#', '%', 'ä', 'é', '€', '😀', '\n', '\t', '\u0000', '"', "'", '<', '>', ',', ';', '@', '!', '*', '(', '+', '=', '\\', '&', '$', '~', '[', '|');
const idChunk = fc.stringMatching(/^[A-Za-z0-9_.:-]{0,20}$/);
const badId: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(''),
  fc.constant('x'.repeat(65)),
  fc.stringMatching(/^[A-Za-z0-9_.:-]{65,90}$/),
  fc.tuple(idChunk, forbiddenIdChar, idChunk).map(([a, c, b]) => `${a}${c}${b}`),
);
const badCode: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(''),
  fc.stringMatching(/^[A-Za-z0-9_-]{65,80}$/),
  fc.tuple(fc.stringMatching(/^[A-Za-z0-9_-]{0,10}$/), fc.oneof(forbiddenIdChar, fc.constantFrom('.', ':')), fc.stringMatching(/^[A-Za-z0-9_-]{0,10}$/)).map(
    ([a, c, b]) => `${a}${c}${b}`,
  ),
);
const badInstant: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(
    'not-a-date',
    'yesterday',
    'NaN',
    'Infinity',
    '',
    '2026-09-01',
    '2026-09-01T10:00:00',
    '2026-09-01 10:00:00Z',
    '2026-09-01T10:00:00+02:00',
    '2026-09-01T10:00:00+00:00',
    '2026-13-01T10:00:00Z',
    '2026-02-30T10:00:00Z',
    '2026-09-31T10:00:00Z',
    '2026-09-01T24:00:00Z',
    '2026-09-01T10:60:00Z',
    '+002026-09-01T10:00:00Z',
    '1788264000000',
    '2026-W36',
  ),
  fc.integer({ min: 0, max: 2 ** 42 }), // epoch milliseconds: a number, not an instant
  fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
);
const badPeriod: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom('2026-13', '2026-00', '2026-9', '26-09', '2026/09', '2026-09-01', '202609', '', 'NaN', 'September', '2026-1O', ' 2026-09'),
  fc.integer({ min: 1, max: 12 }),
  fc.integer({ min: 13, max: 99 }).map((m) => `2026-${m}`),
);
const badCurrency: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom('eur', 'Eur', 'EURO', 'EU', 'E', '', '€', 'E1R', 'EU R', 'US$', ' EUR', 'EUR ', 'ÉUR'),
  fc.string({ maxLength: 6 }).filter((s) => !/^[A-Z]{3}$/.test(s)),
  fc.integer({ min: 0, max: 999 }), // a numeric ISO code is not the code
);
const unsafeIntegers = fc.constantFrom(2 ** 53, 2 ** 53 + 2, -(2 ** 53), -(2 ** 53) - 2, 1e21, 1e308, -1e308, Number.MAX_VALUE);
const infinities = fc.constantFrom(raw('1e400'), raw('-1e400'));
const fraction = (min: number, max: number) => fc.double({ min, max, noNaN: true, noInteger: true, noDefaultInfinity: true });

interface Mutation {
  label: string;
  value: Json | typeof DROP;
  status?: 400 | 413;
}

const m = (label: string) => (value: Json): Mutation => ({ label, value });

/** The values that make a field of this kind invalid (its type's opposites and its range's outsides). */
function invalidValues(field: Field, current: Json): fc.Arbitrary<Mutation>[] {
  const { kind } = field;
  const out: fc.Arbitrary<Mutation>[] = [];
  switch (kind.k) {
    case 'id':
      out.push(notString.map(m('id of wrong type')), badId.map(m('malformed id')));
      break;
    case 'code':
      out.push(notString.map(m('code of wrong type')), badCode.map(m('malformed promo code')));
      break;
    case 'instant':
      out.push(badInstant.map(m('invalid instant')));
      break;
    case 'period':
      out.push(badPeriod.map(m('invalid period')));
      break;
    case 'currency':
      out.push(badCurrency.map(m('invalid currency')), fc.oneof(fc.constant(null), anArray, anObject, fc.boolean()).map(m('currency of wrong type')));
      break;
    case 'string':
      out.push(notString.map(m('string of wrong type')));
      out.push(fc.string({ minLength: kind.max + 1, maxLength: kind.max + 300 }).map(m(`string over ${kind.max} chars`)));
      if (kind.min >= 1) out.push(fc.constant<Mutation>({ label: 'empty string', value: '' }));
      break;
    case 'int': {
      out.push(notNumber.map(m('integer of wrong type')), unsafeIntegers.map(m('unsafe integer')), infinities.map(m('infinite number')));
      out.push(fraction(kind.min, kind.max ?? kind.min + 1e6).map(m('fraction for an integer')));
      out.push(fc.integer({ min: -(2 ** 31), max: kind.min - 1 }).map(m(`integer below ${kind.min}`)));
      if (kind.max !== undefined) out.push(fc.integer({ min: kind.max + 1, max: kind.max + 2 ** 31 }).map(m(`integer above ${kind.max}`)));
      break;
    }
    case 'number':
      out.push(notNumber.map(m('number of wrong type')), infinities.map(m('infinite number')));
      // (filtered, not excluded: -0 would pass for "below 0", and serialises as 0 anyway)
      if (kind.min !== undefined) {
        const min = kind.min;
        out.push(fc.double({ max: min, noNaN: true, noDefaultInfinity: true }).filter((x) => x < min).map(m(`number below ${min}`)));
      }
      if (kind.max !== undefined) {
        const max = kind.max;
        out.push(fc.double({ min: max, noNaN: true, noDefaultInfinity: true }).filter((x) => x > max).map(m(`number above ${max}`)));
      }
      break;
    case 'minor':
      out.push(
        notNumber.map(m('amount of wrong type')),
        fraction(-1e12, 1e12).map(m('fractional amount')),
        unsafeIntegers.map(m('unsafe amount')),
        infinities.map(m('infinite amount')),
      );
      if (kind.sign === 'positive') out.push(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: 0 }).map(m('amount not above zero')));
      if (kind.sign === 'nonzero') out.push(fc.constant<Mutation>({ label: 'zero amount', value: 0 }));
      break;
    case 'amount':
      out.push(
        fc.oneof(numericString, fc.boolean(), fc.constant(null), anArray).map(m('amount of wrong type')),
        fraction(-1e12, 1e12).map(m('fractional amount')),
        unsafeIntegers.map(m('unsafe amount')),
        fc
          .constantFrom<Json>({ amount: 1.5, currency: 'EUR' }, { amount: 100, currency: 'eur' }, { amount: 100 }, { currency: 'EUR' }, { amount: 100, currency: 'EUR', rate: 1 }, {})
          .map(m('malformed money')),
      );
      break;
    case 'bool':
      out.push(notBool.map(m('boolean of wrong type')));
      break;
    case 'enum':
      out.push(
        notString.map(m('enum of wrong type')),
        fc
          .oneof(
            aString,
            fc.constantFrom(...kind.values).map((v) => v.toUpperCase()),
            fc.constantFrom(...kind.values).map((v) => `${v} `),
            fc.constantFrom(...kind.values).map((v) => v.slice(0, -1)),
          )
          .filter((v) => !kind.values.includes(v))
          .map(m('unknown enum value')),
      );
      break;
    case 'object': {
      const known = current !== null && typeof current === 'object' && !Array.isArray(current) ? current : {};
      const unknownKey = fc
        .oneof(fc.constantFrom('extra', 'zz', 'Amount', 'currency_code', 'partnerID', 'comment', 'constructor', 'toString', 'valueOf', ''), fc.string({ maxLength: 16 }))
        .filter((k) => !KNOWN_KEYS.has(k) && k !== '__proto__');
      out.push(
        fc
          .tuple(unknownKey, smallJson)
          // `constructor` holding `{ prototype }` is the parser's refusal too (see poisonsPrototype).
          .filter(([k, v]) => !poisonsPrototype({ [k]: v }))
          .map(([k, v]) => ({ label: `unknown field ${JSON.stringify(k)} inside`, value: { ...known, [k]: v } })),
        fc.integer({ min: 5, max: 1500 }).map((depth) => ({ label: `deeply nested object (${depth})`, value: deepObject(depth) })),
      );
      if (field.path.length > 0) out.push(notObject.map(m('object of wrong type')));
      if (kind.emptyInvalid) out.push(fc.constant<Mutation>({ label: 'empty object', value: {} }));
      break;
    }
    case 'array': {
      const items = Array.isArray(current) ? current : [];
      out.push(notArray.map(m('array of wrong type')));
      if (kind.min >= 1) out.push(fc.constant<Mutation>({ label: 'empty array', value: [] }));
      if (items.length > 0) {
        out.push(
          fc.constant<Mutation>({
            label: `${kind.max + 1} items, over ${kind.max}`,
            value: Array.from({ length: kind.max + 1 }, (_, i) => (typeof items[0] === 'string' ? `${items[0]}-${i}` : clone(items[0]!))),
          }),
        );
        out.push(notString.chain((junk) => fc.constant<Mutation>({ label: 'array with an item of wrong type', value: [...items, typeof items[0] === 'string' ? junk : 'junk'] })));
      }
      break;
    }
  }
  // Any field: a deeply nested object in its place (for an object, one with unknown members).
  if (kind.k !== 'object') out.push(fc.integer({ min: 5, max: 1500 }).map((depth) => ({ label: `deeply nested object (${depth}) for a ${kind.k}`, value: deepObject(depth) })));
  // Any string: one so long that the body is over 1 MiB → 413.
  if (['id', 'code', 'string', 'enum'].includes(kind.k)) {
    out.push(fc.constant<Mutation>({ label: 'string making the body over 1 MiB', value: 'x'.repeat(1_100_000), status: 413 }));
  }
  if (field.required) out.push(fc.constant<Mutation>({ label: 'required field dropped', value: DROP }));
  return out;
}

const VALIDATION = { statuses: [400], code: 'VALIDATION_FAILED' } as const;

function fieldCorruption(c: CommandCase): fc.Arbitrary<Corruption> {
  return fc.constantFrom(...c.fields).chain((field) =>
    fc.oneof(...invalidValues(field, getIn(c.body, field.path))).map((mutation): Corruption => {
      const where = dotted(field.path) || '(body)';
      return {
        label: `${where}: ${mutation.label}`,
        build: (k) => {
          const body = setIn(k.body, field.path, mutation.value);
          const rawBody = serialise(body);
          return { path: pathOf(k), ...(rawBody !== undefined ? { rawBody } : { body }) };
        },
        expect: mutation.status === 413 ? { statuses: [413], code: 'PAYLOAD_TOO_LARGE' } : VALIDATION,
        ...(mutation.status === 413 ? {} : { about: dotted(field.path) }),
      };
    }),
  );
}

/** The whole body replaced, or its JSON text tampered with. */
function bodyCorruption(c: CommandCase): fc.Arbitrary<Corruption> {
  const json = JSON.stringify(c.body);
  const firstKey = Object.keys(c.body)[0]!;
  const replaced = fc
    .oneof(
      fc.string({ maxLength: 30 }),
      fc.integer(),
      fc.boolean(),
      fc.array(smallJson, { maxLength: 3 }),
      fc.constant<Json>([c.body]),
      ...(c.bodyOptional ? [] : [fc.constant<Json>(null)]),
    )
    .map(
      (value): Corruption => ({
        label: `body is ${JSON.stringify(value).slice(0, 40)}`,
        build: (k) => ({ path: pathOf(k), body: value }),
        expect: VALIDATION,
        about: '',
      }),
    );
  const tampered = fc
    .constantFrom(
      { label: '__proto__ member', text: `{"__proto__":{"role":"admin"},${json.slice(1)}` },
      { label: 'constructor.prototype member', text: `{"constructor":{"prototype":{"role":"admin"}},${json.slice(1)}` },
      { label: 'nested __proto__ member', text: json.replace(/\}$/, ',"x":{"__proto__":{"polluted":true}}}') },
      { label: `duplicate key ${firstKey} with a wrong type`, text: json.replace(/\}$/, `,${JSON.stringify(firstKey)}:{"nested":[1,2,3]}}`) },
      { label: 'trailing garbage', text: `${json} x` },
      { label: 'truncated JSON', text: json.slice(0, -1) },
      { label: 'single-quoted JSON', text: json.replace(/"/g, "'") },
      { label: 'very deep nesting inside an unknown field', text: json.replace(/\}$/, `,"zz":${'['.repeat(50_000)}${']'.repeat(50_000)}}`) },
    )
    .map(
      ({ label, text }): Corruption => ({
        label,
        build: (k) => ({ path: pathOf(k), rawBody: text }),
        expect: { statuses: [400] },
      }),
    );
  const missing = c.fields.some((fl) => fl.path.length === 1 && fl.required)
    ? [fc.constant<Corruption>({ label: 'no body at all', build: (k) => ({ path: pathOf(k) }), expect: VALIDATION, about: '' })]
    : [];
  return fc.oneof(replaced, tampered, ...missing);
}

const badPathId = fc.oneof(
  fc.constant('x'.repeat(65)),
  fc.tuple(idChunk, forbiddenIdChar, idChunk).map(([a, ch, b]) => `${a || 'a'}${ch}${b || 'b'}`),
);
const badPathPeriod = fc.constantFrom('2026-13', '2026-00', '2026-9', '202609', 'NaN', '2026-09-01', '26-09');

/** A path parameter (a bad id, or a bad period) instead of a body problem; the body itself stays valid. */
function pathCorruption(c: CommandCase): fc.Arbitrary<Corruption> | null {
  const names = Object.keys(c.params);
  if (names.length === 0) return null;
  return fc.constantFrom(...names).chain((name) =>
    (c.params[name]!.kind === 'period' ? badPathPeriod : badPathId).map(
      (bad): Corruption => ({
        label: `path ${name} = ${JSON.stringify(bad)}`,
        build: (k) => ({ path: pathOf(k, { [name]: encodeURIComponent(bad) }), body: k.body }),
        expect: VALIDATION,
        about: name,
      }),
    ),
  );
}

/** One corruption of a near-valid request, weighted towards single-field ones. */
export function corruptionOf(c: CommandCase): fc.Arbitrary<Corruption> {
  const inPath = pathCorruption(c);
  return fc.oneof(
    { arbitrary: fieldCorruption(c), weight: 8 },
    { arbitrary: bodyCorruption(c), weight: 1 },
    ...(inPath ? [{ arbitrary: inPath, weight: 1 }] : []),
  );
}

/** Whether a 400's details name the corrupted field, an ancestor or a descendant of it ('' is the whole body). */
export function detailsAbout(details: unknown, about: string): boolean {
  if (!Array.isArray(details)) return false;
  return details.some((d: { path?: unknown }) => {
    const path = typeof d?.path === 'string' ? d.path : '';
    return about === '' || path === about || about.startsWith(`${path}.`) || path.startsWith(`${about}.`);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Business-rule violations: well-formed bodies that a handler must refuse, with the status and code API.md gives
// ---------------------------------------------------------------------------------------------------------------

export interface RuleViolation {
  name: string;
  path: string;
  role?: Role;
  key?: string;
  headers?: Record<string, string>;
  body: Json;
  /** The status, and the code when API.md (or the service's documented behaviour) names one. */
  expect: { status: number; code?: string };
}

const caseNamed = (name: string) => COMMAND_CASES.find((c) => c.name === name)!;
const bodyOf = (name: string, patch: JsonObject = {}): JsonObject => ({ ...clone(caseNamed(name).body), ...patch });
const at = (name: string, params: Record<string, string> = {}) => pathOf(caseNamed(name), params);
const roleOf = (name: string) => caseNamed(name).role;
const v = (
  caseName: string,
  name: string,
  o: { params?: Record<string, string>; patch?: JsonObject; body?: Json; key?: string; headers?: Record<string, string> },
  status: number,
  code?: string,
): RuleViolation => ({
  name: `${caseName}: ${name}`,
  path: at(caseName, o.params),
  ...(o.key ? { key: o.key } : { role: roleOf(caseName) }),
  ...(o.headers ? { headers: o.headers } : {}),
  body: o.body !== undefined ? o.body : bodyOf(caseName, o.patch),
  expect: { status, ...(code !== undefined ? { code } : {}) },
});

const termsWith = (patch: JsonObject): JsonObject => ({ ...clone(percentTerms), ...patch });

export const RULE_VIOLATIONS: RuleViolation[] = [
  v('propose partner', 'a partner id already proposed, with another name', { patch: { partnerId: FX.partner } }, 409, 'ALREADY_EXISTS'),

  v('screen partner', 'an unknown partner', { params: { id: 'fz-ghost' } }, 404, 'NOT_FOUND'),
  v('screen partner', 'an approved partner', { params: { id: FX.partner } }, 409, 'PARTNER_ALREADY_DECIDED'),
  v('screen partner', 'a rejected partner', { params: { id: FX.rejected } }, 409, 'PARTNER_ALREADY_DECIDED'),

  v('approve partner', 'an unscreened partner', { params: { id: FX.proposed } }, 422, 'PARTNER_NOT_SCREENED'),
  v('approve partner', 'against a reject recommendation', { params: { id: FX.weak } }, 422, 'SCREENING_RECOMMENDS_REJECTION'),
  v('approve partner', 'override without a reason', { params: { id: FX.weak }, body: { override: true, occurredAt: SEP(1, 11) } }, 422, 'SCREENING_RECOMMENDS_REJECTION'),
  // The approval is keyed per partner: another approval body for a decided partner is a key reused with other content.
  v('approve partner', 'an already approved partner', { params: { id: FX.partner } }, 409, 'ALREADY_EXISTS'),
  v('approve partner', 'a rejected partner', { params: { id: FX.rejected } }, 409, 'PARTNER_ALREADY_DECIDED'),
  v('approve partner', 'an unknown partner', { params: { id: 'fz-ghost' } }, 404, 'NOT_FOUND'),
  v('reject partner', 'an approved partner', { params: { id: FX.partner } }, 409, 'PARTNER_ALREADY_DECIDED'),
  v('reject partner', 'an unknown partner', { params: { id: 'fz-ghost' } }, 404, 'NOT_FOUND'),

  v('sign agreement (percentage terms)', 'a partner not approved', { patch: { partnerId: FX.proposed } }, 422, 'PARTNER_NOT_APPROVED'),
  v('sign agreement (percentage terms)', 'a rejected partner', { patch: { partnerId: FX.rejected } }, 422, 'PARTNER_NOT_APPROVED'),
  v('sign agreement (percentage terms)', 'an unknown partner', { patch: { partnerId: 'fz-ghost' } }, 422, 'PARTNER_NOT_APPROVED'),
  v('sign agreement (percentage terms)', 'an agreement id already signed, other terms', { patch: { agreementId: FX.agreement, partnerId: FX.partner } }, 409, 'ALREADY_EXISTS'),
  v('sign agreement (percentage terms)', 'a cap in another currency', { patch: { terms: termsWith({ capPerPeriod: { amount: 1000, currency: 'USD' } }) } }, 422, 'INVALID_TERMS'),
  v('sign agreement (percentage terms)', 'a negative cap', { patch: { terms: termsWith({ capPerPeriod: eur(-1) }) } }, 422, 'INVALID_TERMS'),
  v('sign agreement (percentage terms)', 'a negative flat commission', { patch: { terms: termsWith({ commission: { type: 'flat', amount: -500 } }) } }, 422, 'INVALID_TERMS'),
  v('sign agreement (percentage terms)', 'a flat commission in another currency', { patch: { terms: termsWith({ commission: { type: 'flat', amount: { amount: 500, currency: 'USD' } } }) } }, 422, 'INVALID_TERMS'),
  v('sign agreement (percentage terms)', 'two tiers with one threshold', { patch: { terms: termsWith({ commission: { type: 'tiered', tiers: [{ fromAmount: 0, rateBps: 100 }, { fromAmount: eur(0), rateBps: 200 }] } }) } }, 422, 'INVALID_TERMS'),
  v('sign agreement (percentage terms)', 'a negative tier threshold', { patch: { terms: termsWith({ commission: { type: 'tiered', tiers: [{ fromAmount: -1, rateBps: 100 }] } }) } }, 422, 'INVALID_TERMS'),
  v('sign agreement (percentage terms)', 'two targets for one KPI', { patch: { terms: termsWith({ kpis: [{ metric: 'leads', target: { min: 1 } }, { metric: 'leads', target: { max: 9 } }] }) } }, 422, 'INVALID_TERMS'),
  v('sign agreement (percentage terms)', 'a KPI target with min above max', { patch: { terms: termsWith({ kpis: [{ metric: 'nps', target: { min: 50, max: 10 } }] }) } }, 422, 'INVALID_TERMS'),

  v('amend agreement', 'effective before the version it follows', { patch: { effectiveFrom: SEP(1, 11) } }, 422, 'AMENDMENT_OUT_OF_ORDER'),
  v('amend agreement', 'a terminated agreement', { params: { id: FX.agreementEnded } }, 422, 'AGREEMENT_TERMINATED'),
  v('amend agreement', 'an unknown agreement', { params: { id: 'fz-ghost' } }, 404, 'NOT_FOUND'),
  v('amend agreement', 'inconsistent terms', { patch: { terms: termsWith({ capPerPeriod: { amount: 1, currency: 'GBP' } }) } }, 422, 'INVALID_TERMS'),
  // Termination is keyed per agreement: a second one with another reason is a key reused with other content.
  v('terminate agreement', 'an already terminated agreement', { params: { id: FX.agreementEnded } }, 409, 'ALREADY_EXISTS'),
  v('terminate agreement', 'an unknown agreement', { params: { id: 'fz-ghost' } }, 404, 'NOT_FOUND'),
  v('measure KPI', 'a period before the agreement', { patch: { period: '2026-08' } }, 422, 'KPI_PERIOD_BEFORE_AGREEMENT'),
  v('measure KPI', 'a terminated agreement', { params: { id: FX.agreementEnded } }, 422, 'AGREEMENT_TERMINATED'),
  v('measure KPI', 'an unknown agreement', { params: { id: 'fz-ghost' } }, 404, 'NOT_FOUND'),

  v('launch offer (discount)', 'duplicate codes', { patch: { codes: ['WIN-1', 'WIN-2', 'WIN-1'] } }, 422, 'DUPLICATE_CODE'),
  v('launch offer (discount)', 'validUntil before validFrom', { patch: { validFrom: OCT(2), validUntil: OCT(1) } }, 422, 'INVALID_VALIDITY_WINDOW'),
  v('launch offer (discount)', 'an empty validity window', { patch: { validFrom: OCT(1), validUntil: OCT(1) } }, 422, 'INVALID_VALIDITY_WINDOW'),
  v('launch offer (discount)', 'an unknown agreement', { patch: { agreementId: 'fz-ghost' } }, 422, 'UNKNOWN_AGREEMENT'),
  v('launch offer (discount)', 'a terminated agreement', { patch: { agreementId: FX.agreementEnded } }, 422, 'AGREEMENT_TERMINATED'),
  v('launch offer (discount)', 'an offer id already launched', { patch: { offerId: FX.offer } }, 409, 'ALREADY_EXISTS'),

  v('redeem offer', 'a code the offer does not have', { patch: { code: 'NOPE' } }, 422, 'UNKNOWN_CODE'),
  v('redeem offer', 'a single-use code already redeemed', { patch: { code: FX.usedCode } }, 422, 'CODE_ALREADY_REDEEMED'),
  v('redeem offer', 'before the offer starts', { patch: { occurredAt: SEP(1, 13) } }, 422, 'OFFER_NOT_STARTED'),
  v('redeem offer', 'after the offer expired', { patch: { occurredAt: '2026-12-05T10:00:00.000Z' } }, 422, 'OFFER_EXPIRED'),
  v('redeem offer', 'an order in another currency', { patch: { orderValue: { amount: 12_000, currency: 'USD' } } }, 422, 'CURRENCY_MISMATCH'),
  v('redeem offer', 'a customer attributed to another partner', { patch: { customerId: FX.rivalCustomer } }, 422, 'ALREADY_ATTRIBUTED'),
  // Its own code and customer, so that what it may leave behind cannot disturb the other cases.
  v('redeem offer', 'a referral id already registered for another customer', { patch: { code: 'FZ-2', customerId: 'fz-cust-reused-ref', referralId: FX.referral } }, 409, 'ALREADY_EXISTS'),
  v('redeem offer', 'an unknown offer', { params: { id: 'fz-ghost' } }, 404, 'NOT_FOUND'),

  v('register referral', 'a customer attributed to another partner', { patch: { customerId: FX.rivalCustomer } }, 422, 'ALREADY_ATTRIBUTED'),
  v('register referral', 'a terminated agreement', { patch: { agreementId: FX.agreementEnded } }, 422, 'AGREEMENT_TERMINATED'),
  v('register referral', 'a referral id already registered for another customer', { patch: { referralId: FX.referral } }, 409, 'ALREADY_EXISTS'),
  v('register referral', 'a stale If-Match', { headers: { 'if-match': '7' } }, 409, 'CONCURRENCY_CONFLICT'),
  v('register referral', 'an unknown agreement', { patch: { agreementId: 'fz-ghost' } }, 422, 'UNKNOWN_AGREEMENT'),
  v('register referral', 'before the agreement takes effect', { patch: { occurredAt: SEP(1, 6) } }, 422, 'AGREEMENT_NOT_IN_EFFECT'),

  v('record conversion', 'revenue in another currency', { patch: { revenue: { amount: 30_000, currency: 'USD' } } }, 422, 'CURRENCY_MISMATCH'),
  v('record conversion', 'a conversion id already recorded, other revenue', { patch: { conversionId: FX.conversion } }, 409, 'ALREADY_EXISTS'),
  v('record conversion', 'an unknown referral', { params: { id: 'fz-ghost' } }, 404, 'NOT_FOUND'),
  v('record conversion', 'a stale If-Match', { headers: { 'if-match': '0' } }, 409, 'CONCURRENCY_CONFLICT'),
  v('record conversion', 'a malformed If-Match', { headers: { 'if-match': 'W/"abc"' } }, 400, 'VALIDATION_FAILED'),
  v('record conversion', 'a malformed Idempotency-Key', { headers: { 'idempotency-key': 'two words' } }, 400, 'VALIDATION_FAILED'),
  v('record conversion', 'before the agreement takes effect', { patch: { occurredAt: '2026-08-15T10:00:00.000Z' } }, 422, 'AGREEMENT_NOT_IN_EFFECT'),
  // 9,007,199,254,740,991 × 10,000 % is no safe integer: the commission cannot be accrued, so the conversion
  // is refused rather than recorded with a commission that can never be computed.
  v('record conversion', 'a commission beyond a safe integer (revenue at the safe maximum, rate at 10,000 %)', {
    params: { id: FX.greedyReferral },
    patch: { conversionId: 'fz-conv-greedy', revenue: eur(Number.MAX_SAFE_INTEGER) },
  }, 422, 'AMOUNT_OUT_OF_RANGE'),

  v('refund revenue', 'a refund exceeding the conversion', { patch: { refund: eur(100_001) } }, 422, 'REFUND_EXCEEDS_CONVERSION'),
  v('refund revenue', 'a refund of the largest safe amount', { patch: { refund: eur(Number.MAX_SAFE_INTEGER) } }, 422, 'REFUND_EXCEEDS_CONVERSION'),
  v('refund revenue', 'a refund in another currency', { patch: { refund: { amount: 10, currency: 'USD' } } }, 422, 'CURRENCY_MISMATCH'),
  v('refund revenue', 'a conversion the referral does not have', { patch: { conversionId: FX.payeeConversionSep } }, 422, 'UNKNOWN_CONVERSION'),
  v('refund revenue', 'an unknown referral', { params: { id: 'fz-ghost' } }, 404, 'NOT_FOUND'),

  v('close period', 'an already closed period', { params: { period: '2026-09' } }, 409, 'PERIOD_ALREADY_CLOSED'),
  v('close period', 'a period not yet ended', { params: { period: '2026-12' }, patch: { occurredAt: '2026-12-15T10:00:00.000Z' } }, 422, 'PERIOD_NOT_ENDED'),
  v('close period', 'an unknown partner', { params: { id: 'fz-ghost' } }, 404, 'NOT_FOUND'),

  v('prepare payout', 'an unknown partner', { patch: { partnerId: 'fz-ghost' } }, 404, 'NOT_FOUND'),
  v('prepare payout', 'a period not closed', { patch: { period: '2026-11', occurredAt: '2026-12-02T09:00:00.000Z' } }, 422, 'PERIOD_NOT_CLOSED'),
  v('prepare payout', 'lines already in another payout', { patch: { period: '2026-09', occurredAt: OCT(2, 9) } }, 422, 'NOTHING_TO_PAY'),
  v('prepare payout', 'a payout id already prepared for another period', { patch: { payoutId: FX.payout } }, 409, 'ALREADY_EXISTS'),
  v('prepare payout', "a payout id of another partner's payout", { patch: { payoutId: FX.payoutApproved } }, 409, 'PAYOUT_ALREADY_EXISTS'),
  v('prepare payout', 'a currency with nothing payable', { patch: { currency: 'USD' } }, 422, 'NOTHING_TO_PAY'),
  v('prepare payout', 'a stale If-Match', { headers: { 'if-match': '3' } }, 409, 'CONCURRENCY_CONFLICT'),

  v('approve payout', 'approved by the person who prepared it', { key: SAME_PERSON_APPROVER_KEY }, 422, 'SAME_PERSON_APPROVAL'),
  v('approve payout', 'an already approved payout', { params: { id: FX.payoutApproved } }, 409, 'PAYOUT_ALREADY_APPROVED'),
  v('approve payout', 'an unknown payout', { params: { id: 'fz-ghost' } }, 404, 'NOT_FOUND'),
  v('pay payout', 'a payout not approved', { params: { id: FX.payout } }, 422, 'PAYOUT_NOT_APPROVED'),
  v('pay payout', 'an already paid payout', { params: { id: FX.payoutPaid } }, 409, 'PAYOUT_ALREADY_PAID'),
  v('pay payout', 'an unknown payout', { params: { id: 'fz-ghost' } }, 404, 'NOT_FOUND'),

  v('open dispute', 'an unknown partner', { patch: { partnerId: 'fz-ghost' } }, 404, 'NOT_FOUND'),
  v('open dispute', "another partner's referral", { patch: { subject: { type: 'referral', id: FX.rivalReferral } } }, 422, 'UNKNOWN_SUBJECT'),
  v('open dispute', "another partner's payout", { patch: { subject: { type: 'payout', id: FX.payoutApproved } } }, 422, 'UNKNOWN_SUBJECT'),
  v('open dispute', 'a dispute id already opened, other content', { patch: { disputeId: FX.dispute } }, 409, 'ALREADY_EXISTS'),
  v('add evidence', 'a resolved dispute', { params: { id: FX.disputeResolved } }, 422, 'DISPUTE_RESOLVED'),
  v('add evidence', 'an unknown dispute', { params: { id: 'fz-ghost' } }, 404, 'NOT_FOUND'),
  v('add evidence', 'an Idempotency-Key reused for another body', { headers: { 'idempotency-key': FX.evidenceKey } }, 409, 'IDEMPOTENCY_KEY_REUSED'),
  v('resolve dispute', 'rejected with an adjustment', { patch: { outcome: 'rejected' } }, 422, 'ADJUSTMENT_NOT_ALLOWED'),
  v('resolve dispute', 'an already resolved dispute', { params: { id: FX.disputeResolved } }, 409, 'DISPUTE_ALREADY_RESOLVED'),
  v('resolve dispute', 'an unknown dispute', { params: { id: 'fz-ghost' } }, 404, 'NOT_FOUND'),
];
