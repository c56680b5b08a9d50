import type { NewEvent } from '../../../../src/event-store/event-store.port';
import type { SeededRandom } from './seeded-random';

/** Entities the audit-latency scenarios draw from: a uniform sample of each kind, whatever the ledger's size. */
export interface EntitySamples {
  referrals: string[];
  /** Partners with an account stream (at least one money line). */
  accounts: string[];
  payouts: string[];
}

export interface StorySummary {
  events: number;
  appends: number;
  byType: Record<string, number>;
  partnersOnboarded: number;
  referrals: number;
  payouts: number;
  /** Lines per payout: mean, 99th percentile and max (the explain-payout cost grows with it). */
  payoutLines: { mean: number; p99: number; max: number };
  disputes: number;
  firstDay: string;
  lastDay: string;
}

const SAMPLE_SIZE = 4096;

/** Counters and reservoir samples, both constant-size: the story may run for 10M events. */
export class StoryStats {
  events = 0;
  appends = 0;
  readonly byType = new Map<string, number>();
  partnersOnboarded = 0;
  referrals = 0;
  disputes = 0;
  private readonly payoutLineCounts: number[] = [];
  private payoutCount = 0;
  private payoutLineTotal = 0;
  private payoutLineMax = 0;
  readonly samples: EntitySamples = { referrals: [], accounts: [], payouts: [] };
  private readonly seen = { referrals: 0, accounts: 0, payouts: 0 };

  countAppend(events: readonly NewEvent[]): void {
    this.appends += 1;
    this.events += events.length;
    for (const event of events) this.byType.set(event.type, (this.byType.get(event.type) ?? 0) + 1);
  }

  countPayout(lines: number): void {
    this.payoutCount += 1;
    this.payoutLineTotal += lines;
    if (lines > this.payoutLineMax) this.payoutLineMax = lines;
    // A bounded histogram: index = line count, capped; enough for a p99.
    const bucket = Math.min(lines, 100_000);
    while (this.payoutLineCounts.length <= bucket) this.payoutLineCounts.push(0);
    this.payoutLineCounts[bucket]! += 1;
  }

  /** Reservoir sampling (algorithm R): every entity ever seen has the same chance to be in the sample. */
  sample(kind: keyof EntitySamples, id: string, random: SeededRandom): void {
    const list = this.samples[kind];
    this.seen[kind] += 1;
    if (list.length < SAMPLE_SIZE) {
      list.push(id);
      return;
    }
    const slot = Math.floor(random.next() * this.seen[kind]);
    if (slot < SAMPLE_SIZE) list[slot] = id;
  }

  summary(firstDay: string, lastDay: string): StorySummary {
    return {
      events: this.events,
      appends: this.appends,
      byType: Object.fromEntries([...this.byType.entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
      partnersOnboarded: this.partnersOnboarded,
      referrals: this.referrals,
      payouts: this.payoutCount,
      payoutLines: {
        mean: this.payoutCount === 0 ? 0 : Math.round((this.payoutLineTotal / this.payoutCount) * 10) / 10,
        p99: this.payoutLinePercentile(0.99),
        max: this.payoutLineMax,
      },
      disputes: this.disputes,
      firstDay,
      lastDay,
    };
  }

  private payoutLinePercentile(fraction: number): number {
    const rank = Math.ceil(fraction * this.payoutCount);
    let seen = 0;
    for (let lines = 0; lines < this.payoutLineCounts.length; lines++) {
      seen += this.payoutLineCounts[lines]!;
      if (seen >= rank) return lines;
    }
    return this.payoutLineMax;
  }
}
