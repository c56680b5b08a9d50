import 'reflect-metadata';
import { streamAudit } from '../../../../projections';
import { explainPayout } from '../../../../src/api/audit/explain/explain-payout';
import { explainSources } from '../../../../src/api/audit/explain/explain-sources';
import { ReadStreamAuditHandler, ReadStreamAuditQuery } from '../../../../src/api/audit/read-stream-audit.query';
import { streams, type StreamType } from '../../../../src/domain/stream-names';
import type { EventStore } from '../../../../src/event-store/event-store.port';
import type { ReadModelReader } from '../../../../src/projection-engine';
import type { EntitySamples } from '../generator/story-stats';
import type { QueryPlan } from './query-latency';

export interface AuditQueryInputs {
  store: EventStore;
  auditTrail: ReadModelReader;
  commissions: ReadModelReader;
  samples: EntitySamples;
  queries: number;
  warmup: number;
}

/**
 * The auditor's questions: one entity's history, as GET /v1/audit/{type}/{id} answers it (straight from the
 * store) and as the audit-trail read model answers it; and GET /v1/audit/explain/payout/{id}, the chain from
 * each payout line back to its conversion, referral, attribution, offer and terms version.
 */
export function auditQueryPlans(inputs: AuditQueryInputs): QueryPlan[] {
  const { samples, queries, warmup } = inputs;
  return [
    historyFromStore(inputs, 'referral', samples.referrals),
    historyFromStore(inputs, 'account', samples.accounts),
    historyFromReadModel(inputs, 'referral', samples.referrals),
    historyFromReadModel(inputs, 'account', samples.accounts),
    explainPayouts(inputs),
  ].map((plan) => ({ ...plan, queries, warmup }));
}

type PlanCore = Omit<QueryPlan, 'queries' | 'warmup'>;

function historyFromStore({ store }: AuditQueryInputs, type: StreamType, ids: readonly string[]): PlanCore {
  const handler = new ReadStreamAuditHandler(store);
  return {
    id: `audit.history.${type}.store`,
    label: `history of ${article(type)} ${type} (API: from the store)`,
    ids,
    async run(id) {
      try {
        return (await handler.execute(new ReadStreamAuditQuery(type, id, undefined))).length;
      } catch {
        return 0;
      }
    },
  };
}

function historyFromReadModel({ auditTrail }: AuditQueryInputs, type: StreamType, ids: readonly string[]): PlanCore {
  return {
    id: `audit.history.${type}.readModel`,
    label: `history of ${article(type)} ${type} (audit-trail read model)`,
    ids,
    run: async (id) => streamAudit(auditTrail, streams[type](id)).length,
  };
}

function explainPayouts({ store, auditTrail, commissions, samples }: AuditQueryInputs): PlanCore {
  let lines = 0;
  let unexplained = 0;
  let payouts = 0;
  let maxLines = 0;
  return {
    id: 'audit.explain.payout',
    label: 'explain a payout (lines back to conversions and terms)',
    ids: samples.payouts,
    async run(id) {
      // As ExplainPayoutHandler does it: fresh sources (their stream cache lives for one explanation).
      const sources = explainSources({ auditTrail, commissions }, store);
      const explanation = await explainPayout(sources, await store.readStream(streams.payout(id)));
      if (!explanation) return 0;
      payouts += 1;
      lines += explanation.lines.length;
      if (explanation.lines.length > maxLines) maxLines = explanation.lines.length;
      let steps = explanation.steps.length;
      for (const line of explanation.lines) {
        if (line.explanation) steps += line.explanation.chain.length;
        else unexplained += 1;
      }
      return steps;
    },
    notes: () => [
      `${payouts === 0 ? 0 : (lines / payouts).toFixed(1)} lines/payout (max ${maxLines})`,
      `${unexplained} of ${lines} lines unexplained`,
    ],
  };
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? 'an' : 'a';
}
