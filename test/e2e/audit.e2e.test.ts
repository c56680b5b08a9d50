import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT, commissionLine } from '../../projections';
import { explainCommissionLine } from '../../src/api/audit/explain/explain-commission-line';
import { explainPayout } from '../../src/api/audit/explain/explain-payout';
import { explainSources } from '../../src/api/audit/explain/explain-sources';
import { ROLES, type Role } from '../../src/config/roles';
import type { EventStore, ReadAllOptions, ReadStreamOptions } from '../../src/event-store/event-store.port';
import { ReadModels } from '../../src/read-side/read-models';
import { PROJECTION } from '../../src/read-side/read-side.tokens';
import { tamperWithEvent } from '../read-side/support/tamper';
import type { TestApp } from '../support/test-app';
import { command, eur, get, OCT, onboard, read, referAndConvert, SEP, sign, startReadSideApp, storeOf, tellStory, type Story } from '../read-side/support/story';

describe('the audit endpoints', () => {
  let t: TestApp;
  let story: Story;
  beforeAll(async () => {
    t = await startReadSideApp({ env: { LEDGER_QUERY_WAIT_MS: '1000' } });
    story = await tellStory(t);
  });
  afterAll(async () => t?.close());

  describe('GET /v1/audit/{streamType}/{id}', () => {
    it('lists every event of the stream in order, as stored, with who, when, why and the hash', async () => {
      const events = await read(t, '/v1/audit/payout/pay-agency');
      expect(events.map((e: any) => [e.type, e.revision, e.actor.principalId])).toEqual([
        ['PayoutPrepared', '0', 'alice'],
        ['PayoutApproved', '1', 'bob'],
        ['PayoutPaid', '2', 'alice'],
      ]);
      const stored = await storeOf(t).readStream('payout-pay-agency');
      expect(events[2]).toEqual({
        eventId: stored[2]!.eventId,
        type: 'PayoutPaid',
        streamId: 'payout-pay-agency',
        revision: '2',
        position: stored[2]!.position.toString(),
        occurredAt: '2026-10-03T09:00:00.000Z',
        recordedAt: stored[2]!.recordedAt,
        actor: { principalId: 'alice', role: 'finance' },
        correlationId: stored[2]!.metadata.correlationId,
        causationId: null,
        data: stored[2]!.data,
        hash: stored[2]!.hash,
        schemaVersion: 1,
      });
      expect(BigInt(events[0].position)).toBeLessThan(BigInt(events[1].position));
    });

    it('as of an instant, shows the stream as the books had it then; 404 before it existed', async () => {
      const [prepared, approved] = await storeOf(t).readStream('payout-pay-agency');
      expect(approved!.recordedAt > prepared!.recordedAt).toBe(true);
      const then = await read(t, `/v1/audit/payout/pay-agency?asOf=${prepared!.recordedAt}`, 'finance');
      expect(then.map((e: any) => e.type)).toEqual(['PayoutPrepared']);
      const before = await get(t, '/v1/audit/payout/pay-agency?asOf=2020-01-01T00:00:00Z');
      expect([before.status, before.body.error.code]).toEqual([404, 'NOT_FOUND']);
    });

    it('reads every kind of stream', async () => {
      for (const [type, id] of [
        ['partner', 'fitness-app'],
        ['agreement', 'agr-agency'],
        ['offer', 'fit-autumn'],
        ['referral', 'ref-agency-1'],
        ['attribution', 'runner-1'],
        ['account', 'agency-network'],
      ]) {
        expect((await read(t, `/v1/audit/${type}/${id}`)).length, `${type}-${id}`).toBeGreaterThan(0);
      }
    });

    it('answers 404 for a stream without events and 400 for an unknown stream type or bad input', async () => {
      expect((await get(t, '/v1/audit/partner/nobody')).status).toBe(404);
      for (const path of ['/v1/audit/ledger/x', '/v1/audit/partner/bad%20id', '/v1/audit/partner/fitness-app?asOf=soon', '/v1/audit/partner/fitness-app?x=1']) {
        const response = await get(t, path);
        expect([response.status, response.body.error.code], path).toEqual([400, 'VALIDATION_FAILED']);
      }
    });
  });

  describe('GET /v1/audit/correlation/{correlationId}', () => {
    it('gathers one business transaction across streams, in position order', async () => {
      const response = await t.request('POST', '/v1/referrals/ref-agency-2/conversions', {
        role: 'finance',
        headers: { 'x-correlation-id': 'deal-42' },
        body: { conversionId: 'conv-deal-42', revenue: eur(20_000), occurredAt: SEP(26) },
      });
      expect(response.status).toBe(201);
      const events = await read(t, `/v1/audit/correlation/deal-42?minPosition=${response.body.position}`, 'finance');
      expect(events.map((e: any) => [e.type, e.streamId])).toEqual([
        ['ReferralConverted', 'referral-ref-agency-2'],
        ['CommissionAccrued', 'account-agency-network'],
      ]);
      expect(events[1].causationId).toBe(events[0].eventId);
      expect(events.every((e: any) => e.correlationId === 'deal-42')).toBe(true);
    });

    it('answers 404 for a correlation id no event carries, 400 for a malformed one', async () => {
      expect((await get(t, '/v1/audit/correlation/nothing-here')).status).toBe(404);
      expect((await get(t, '/v1/audit/correlation/has%20space')).status).toBe(400);
    });
  });

  describe('GET /v1/audit/explain/commission/{eventId}', () => {
    it('walks an accrual back to the conversion, the referral, its attribution, the offer redeemed and the terms', async () => {
      const statement = await read(t, `/v1/partners/fitness-app/commissions?period=2026-09&minPosition=${story.position}`);
      const accrual = statement.lines.find((line: any) => line.lineId === 'accrual:conv-run-1');
      const explained = await read(t, `/v1/audit/explain/commission/${encodeURIComponent(accrual.eventId)}`, 'finance');
      expect(explained).toMatchObject({
        eventId: accrual.eventId,
        kind: 'accrual',
        partnerId: 'fitness-app',
        period: '2026-09',
        amount: eur(150_000),
        referralId: story.fitnessReferralId,
        conversionId: 'conv-run-1',
        customerId: 'runner-1',
        offerId: 'fit-autumn',
        termsVersion: 1,
        rateBps: 1500,
        terms: { agreementId: 'agr-fitness', termsVersion: 1, terms: { commission: { type: 'percentage', rateBps: 1500 } } },
      });
      expect(explained.chain.map((step: any) => [step.relation, step.type])).toEqual([
        ['line', 'CommissionAccrued'],
        ['conversion', 'ReferralConverted'],
        ['referral', 'ReferralRegistered'],
        ['attribution', 'CustomerAttributed'],
        ['offer-redemption', 'OfferRedeemed'],
        ['offer', 'OfferLaunched'],
        ['terms', 'AgreementSigned'],
      ]);
      expect(explained.chain[0].causationId).toBe(explained.chain[1].eventId);
      expect(explained.actors).toEqual([
        expect.objectContaining({ principalId: 'process-manager:commission-accrual', role: 'system' }),
        expect.objectContaining({ principalId: 'alice', role: 'finance', acts: [expect.objectContaining({ relation: 'conversion' })] }),
        expect.objectContaining({ principalId: 'paula', role: 'partner-manager' }),
      ]);
    });

    it('explains a clawback by its refund and the accrual it takes back from, on that accrual’s terms', async () => {
      const statement = await read(t, `/v1/partners/agency-network/commissions?period=2026-09&minPosition=${story.position}`);
      const clawback = statement.lines.find((line: any) => line.kind === 'clawback');
      const explained = await read(t, `/v1/audit/explain/commission/${encodeURIComponent(clawback.eventId)}`);
      expect(explained).toMatchObject({ kind: 'clawback', amount: eur(-25_000), termsVersion: 1, conversionId: 'conv-agency-1' });
      expect(explained.chain.map((step: any) => step.relation)).toEqual([
        'line',
        'refund',
        'clawed-back-accrual',
        'conversion',
        'referral',
        'attribution',
        'terms',
      ]);
    });

    it('explains a dispute adjustment by the resolution that decided it and the dispute’s story', async () => {
      await command(t, '/v1/disputes', {
        disputeId: 'disp-agency',
        partnerId: 'agency-network',
        subject: { type: 'payout', id: 'pay-agency' },
        claim: eur(5_000),
        description: 'The refund was clawed back twice',
        occurredAt: OCT(5),
      });
      await command(t, '/v1/disputes/disp-agency/evidence', { description: 'Bank statement', occurredAt: OCT(6) }, 'approver');
      const resolved = await command(t, '/v1/disputes/disp-agency/resolution', { outcome: 'partial', adjustment: eur(2_500), reason: 'half of it', occurredAt: OCT(7) }, 'finance');
      const statement = await read(t, `/v1/partners/agency-network/commissions?period=2026-10&minPosition=${resolved.body.position}`, 'finance');
      const adjustment = statement.lines.find((line: any) => line.kind === 'adjustment');
      expect(statement.adjustments).toEqual(eur(2_500));
      const explained = await read(t, `/v1/audit/explain/commission/${encodeURIComponent(adjustment.eventId)}`);
      expect(explained).toMatchObject({ kind: 'adjustment', disputeId: 'disp-agency', amount: eur(2_500) });
      expect(explained.chain.map((step: any) => [step.relation, step.actor.principalId])).toEqual([
        ['line', 'process-manager:dispute-adjustment'],
        ['dispute-resolution', 'alice'],
        ['dispute', 'paula'],
        ['dispute-evidence', 'bob'],
      ]);
    });

    it('explains a period-end bonus by the terms that grant it and the measurement that earned it', async () => {
      await onboard(t, 'gym-chain');
      await sign(t, 'agr-gym', 'gym-chain', {
        currency: 'EUR',
        commission: { type: 'percentage', rateBps: 1000 },
        bonuses: [{ kind: 'retention', minRate: 0.8, bonusBps: 1000 }],
        kpis: [{ metric: 'retentionRate', target: { min: 0.5 } }],
      });
      await referAndConvert(t, { referralId: 'ref-gym-1', agreementId: 'agr-gym', conversionId: 'conv-gym-1', amount: 100_000, at: SEP(12) });
      await command(t, '/v1/agreements/agr-gym/kpi-measurements', { metric: 'retentionRate', period: '2026-09', value: 0.9, occurredAt: SEP(30, 12) });
      const closed = await command(t, '/v1/partners/gym-chain/periods/2026-09/close', { occurredAt: OCT(1, 8) }, 'finance');
      const statement = await read(t, `/v1/partners/gym-chain/commissions?period=2026-09&minPosition=${closed.body.position}`, 'finance');
      expect(statement.bonuses).toEqual(eur(1_000));
      const bonus = statement.lines.find((line: any) => line.kind === 'bonus');
      const explained = await read(t, `/v1/audit/explain/commission/${encodeURIComponent(bonus.eventId)}`);
      expect(explained).toMatchObject({ kind: 'bonus', amount: eur(1_000), agreementId: 'agr-gym', termsVersion: 1, rateBps: 1000 });
      expect(explained.chain.map((step: any) => step.relation)).toEqual(['line', 'terms', 'kpi-measurement']);
      expect(explained.chain[2].data).toMatchObject({ metric: 'retentionRate', period: '2026-09', value: 0.9 });
    });

    it('answers 404 for an unknown event and for an event that posted no commission line', async () => {
      expect((await get(t, '/v1/audit/explain/commission/no-such-event')).status).toBe(404);
      const [signed] = await storeOf(t).readStream('agreement-agr-agency');
      expect((await get(t, `/v1/audit/explain/commission/${signed!.eventId}`)).status).toBe(404);
    });
  });

  describe('GET /v1/audit/explain/payout/{id}', () => {
    it('shows who prepared, approved and paid it, and explains every line', async () => {
      const explained = await read(t, `/v1/audit/explain/payout/pay-agency?minPosition=${story.position}`, 'finance');
      expect(explained).toMatchObject({ payoutId: 'pay-agency', partnerId: 'agency-network', status: 'paid', total: eur(115_000) });
      expect(explained.steps.map((step: any) => [step.relation, step.actor.principalId])).toEqual([
        ['payout-prepared', 'alice'],
        ['lines-reserved', 'alice'],
        ['payout-approved', 'bob'],
        ['payout-paid', 'alice'],
        ['settlement', 'process-manager:payout-settlement'],
      ]);
      expect(explained.lines.map((line: any) => [line.lineId, line.explanation?.kind])).toEqual(
        expect.arrayContaining([
          ['accrual:conv-agency-1', 'accrual'],
          ['accrual:conv-agency-2', 'accrual'],
        ]),
      );
      expect(explained.lines).toHaveLength(3);
      const second = explained.lines.find((line: any) => line.lineId === 'accrual:conv-agency-2').explanation;
      expect(second.terms).toMatchObject({ termsVersion: 2, effectiveFrom: '2026-09-20T00:00:00.000Z' });
      expect(second.chain.find((step: any) => step.relation === 'terms').type).toBe('AgreementAmended');
      expect(explained.actors.map((actor: any) => actor.principalId)).toEqual(expect.arrayContaining(['alice', 'bob', 'paula']));
    });

    it('explains the same with reads by position or by id: a store read that misses falls back to the audit trail', async () => {
      await read(t, `/v1/audit/explain/payout/pay-agency?minPosition=${story.position}`);
      const store = storeOf(t);
      const readModels = t.app.get(ReadModels);
      const readers = { auditTrail: readModels.reader(PROJECTION.auditTrail), commissions: readModels.reader(PROJECTION.commissions) };
      let correlationLookups = 0;
      const auditTrail = readers.auditTrail;
      const countingReaders = {
        ...readers,
        auditTrail: {
          get: auditTrail.get.bind(auditTrail),
          list: ((collection, prefix, options) => {
            if (collection === AUDIT.correlation) correlationLookups += 1;
            return auditTrail.list(collection, prefix, options);
          }) as typeof auditTrail.list,
        },
      };
      let readsByPosition = 0;
      let accountRanges = 0;
      let batchedReads = 0;
      const isAccountRange = (streamId: string, options?: ReadStreamOptions) => streamId.startsWith('account-') && options?.fromRevision !== undefined;
      const counting = Object.assign(Object.create(store) as EventStore, {
        readAll: (options: ReadAllOptions) => ((readsByPosition += 1), store.readAll(options)),
        readStream: async (streamId: string, options?: ReadStreamOptions) => {
          const events = await store.readStream(streamId, options);
          if (isAccountRange(streamId, options) && events.some((event) => event.type.startsWith('Commission'))) accountRanges += 1;
          return events;
        },
        readStreams: (streamIds: readonly string[]) => ((batchedReads += 1), store.readStreams(streamIds)),
      });
      // A store whose account ranges do not hold the lines' events where the commissions read model recorded them.
      const linesElsewhere = Object.assign(Object.create(store) as EventStore, {
        readStream: async (streamId: string, options?: ReadStreamOptions) => {
          const events = await store.readStream(streamId, options);
          return isAccountRange(streamId, options) ? events.filter((event) => !event.type.startsWith('Commission')) : events;
        },
      });
      // A store whose reads by position answer with some other event, or with nothing.
      const [firstEvent] = await store.readAll({ maxCount: 1 });
      const misreading = Object.assign(Object.create(store) as EventStore, { readAll: async () => [firstEvent!] });
      const unreadable = Object.assign(Object.create(store) as EventStore, { readAll: async () => [] });
      const payout = await store.readStream('payout-pay-agency');
      const explainedHere = await explainPayout(explainSources(countingReaders, counting), payout);
      // The reservation and the settlement are read where their requests appended them, next to the payout's
      // steps: no correlation is looked up. The lines' events come from the account as one range, their
      // referrals and attributions in two reads.
      expect(readsByPosition).toBe(2);
      expect(correlationLookups).toBe(0);
      expect(accountRanges).toBe(1);
      expect(batchedReads).toBe(2);
      // Reads by position that miss: every step's correlation is looked up instead, with the same result.
      const others = [misreading, unreadable, linesElsewhere];
      const explained = [explainedHere, ...(await Promise.all(others.map((source) => explainPayout(explainSources(countingReaders, source), payout))))];
      expect(correlationLookups).toBeGreaterThan(0);
      expect(explained[0]!.steps.map((step) => step.relation)).toEqual(['payout-prepared', 'lines-reserved', 'payout-approved', 'payout-paid', 'settlement']);
      for (const other of explained.slice(1)) expect(other).toEqual(explained[0]);
      expect(JSON.parse(JSON.stringify(explained[0]))).toEqual(await read(t, '/v1/audit/explain/payout/pay-agency'));

      // A line through an offer: its redemption is the attribution's cause, looked for just before it.
      const accrual = commissionLine(readers.commissions, 'fitness-app', 'accrual:conv-run-1')!;
      readsByPosition = 0;
      const lines = await Promise.all(
        [counting, misreading, unreadable].map((source) => explainCommissionLine(explainSources(readers, source), accrual.eventId)),
      );
      expect(readsByPosition).toBeGreaterThanOrEqual(1);
      expect(lines[1]).toEqual(lines[0]);
      expect(lines[2]).toEqual(lines[0]);
      expect(lines[0]!.chain.map((step) => step.relation)).toContain('offer-redemption');
      expect(JSON.parse(JSON.stringify(lines[0]))).toEqual(await read(t, `/v1/audit/explain/commission/${accrual.eventId}`));
    });

    it('answers 404 for a payout never prepared', async () => {
      expect((await get(t, '/v1/audit/explain/payout/nope')).status).toBe(404);
    });
  });

  describe('GET /v1/audit/verify', () => {
    it('recomputes every chain of an intact store', async () => {
      const head = await storeOf(t).headPosition();
      const report = await read(t, '/v1/audit/verify');
      expect(report).toMatchObject({ ok: true });
      expect(report.eventsChecked).toBeGreaterThanOrEqual(Number(head));
      expect(report.firstBroken).toBeUndefined();
    });
  });

  describe('authorization', () => {
    const endpoints: Array<{ path: () => string; allowed: Role[] }> = [
      { path: () => '/v1/audit/payout/pay-agency', allowed: ['auditor', 'finance', 'admin'] },
      { path: () => '/v1/audit/correlation/deal-42', allowed: ['auditor', 'finance', 'admin'] },
      { path: () => '/v1/audit/explain/payout/pay-agency', allowed: ['auditor', 'finance', 'admin'] },
      { path: () => '/v1/audit/explain/commission/none', allowed: ['auditor', 'finance', 'admin'] },
      { path: () => '/v1/audit/verify', allowed: ['auditor', 'admin'] },
    ];
    const cases = endpoints.flatMap((endpoint) => ROLES.map((role) => ({ ...endpoint, role, name: endpoint.path(), allow: endpoint.allowed.includes(role) })));

    it.each(cases)('$name as $role: allowed=$allow', async ({ path, role, allow }) => {
      const response = await get(t, path(), role);
      if (allow) expect([200, 404]).toContain(response.status);
      else expect([response.status, response.body.error.code]).toEqual([403, 'FORBIDDEN']);
    });

    it.each(endpoints.map((e) => e.path()))('%s without a key is 401', async (path) => {
      expect((await t.request('GET', path)).status).toBe(401);
    });
  });
});

describe('GET /v1/audit/verify after someone edits the file', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startReadSideApp();
    await tellStory(t);
  });
  afterAll(async () => t?.close());

  it('reports the first broken link', async () => {
    const [, approved] = await storeOf(t).readStream('payout-pay-agency');
    tamperWithEvent(t.dbPath, approved!.eventId, 'approvedBy', 'mallory');
    const report = await read(t, '/v1/audit/verify');
    expect(report).toMatchObject({
      ok: false,
      firstBroken: { streamId: 'payout-pay-agency', revision: '1', eventId: approved!.eventId, position: approved!.position.toString() },
    });
  });
});
