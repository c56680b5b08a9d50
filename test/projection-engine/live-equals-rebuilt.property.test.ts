import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allProjections } from '../../projections';
import { auditTrailProjectionWith } from '../../projections/audit-trail.projection';
import { trialBalance } from '../../projections/ledger.queries';
import type { StoredDocument } from '../../src/projection-engine/document-table';
import type { JobProgress } from '../../src/projection-engine/projection-status';
import { ProjectionEngine } from '../../src/projection-engine/projection-engine';
import { toNewEvent } from '../projections/support/project';
import { opSeed, scenarioFrom } from './support/ledger-scenarios';
import { LaggingSource, workspace } from './support/engine-fixtures';

type Dump = Record<string, StoredDocument[]>;

// The audit trail with buckets of seven events: a run crosses many buckets.
const projections = allProjections.map((definition) =>
  definition.name === 'audit-trail' ? auditTrailProjectionWith({ bucketEvents: 7 }) : definition,
);

function dump(engine: ProjectionEngine): Dump {
  return Object.fromEntries(projections.map((definition) => [definition.name, engine.documents(definition.name)]));
}

/**
 * The central promise of the engine: however the events arrive (live, interleaved with appends, in batches of
 * any size, or all at once in a rebuild), the read models come out identical, document for document.
 */
describe('read models built live equal read models rebuilt from scratch', () => {
  it('for random valid event sequences, batch sizes and append rhythms', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opSeed, { minLength: 1, maxLength: 100 }),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 6 }),
        async (seeds, chunkSizes, liveBatchSize, lagTurns) => {
          const events = scenarioFrom(seeds);
          const ws = workspace();
          const engines: ProjectionEngine[] = [];
          try {
            const live = new ProjectionEngine({
              store: new LaggingSource(ws.store, lagTurns),
              path: ws.readModelPath,
              projections,
              batchSize: liveBatchSize,
            });
            engines.push(live);
            await live.start();
            // Append in chunks (a chunk is one stream's events or several single appends), yielding in between
            // so the subscription interleaves its batches with the writes.
            let index = 0;
            let shadow: Promise<JobProgress> | undefined;
            for (let chunk = 0; index < events.length; chunk++) {
              // Half-way, rebuild everything into shadows while the appends go on: the swap must lose nothing.
              if (shadow === undefined && index >= events.length / 2) {
                shadow = live.rebuild(projections.map((definition) => definition.name)).done;
              }
              const size = chunkSizes[chunk % chunkSizes.length]!;
              const slice = events.slice(index, index + size);
              index += size;
              await Promise.all(slice.map((event) => ws.store.append(event.streamId, [toNewEvent(event)], 'any')));
              await new Promise((resolve) => setImmediate(resolve));
            }
            const head = await ws.store.headPosition();
            if (shadow) expect((await shadow).state).toBe('completed');
            expect(await live.waitForPosition(head, { timeoutMs: 30_000 })).toBe(true);
            const liveDump = dump(live);

            // Reads of 1, 7 and 1000 events, committed every few reads (documents then come back from the
            // engine's cache of committed documents across commits), and the bulk defaults.
            const sizes: Array<{ batchSize?: number; bulkCommitEvents?: number }> = [
              { batchSize: 1, bulkCommitEvents: 3 },
              { batchSize: 7, bulkCommitEvents: 20 },
              { batchSize: 1000, bulkCommitEvents: 1000 },
              {},
            ];
            for (const [index, size] of sizes.entries()) {
              const rebuilt = new ProjectionEngine({
                store: ws.store,
                path: join(ws.dir, `rebuilt-${index}.db`),
                projections,
                ...size,
              });
              engines.push(rebuilt);
              expect(await rebuilt.catchUp()).toBe(head);
              expect(dump(rebuilt)).toEqual(liveDump);
            }

            for (const total of trialBalance(live.reader('ledger')).totals) expect(total.balance.amount).toBe(0);
          } finally {
            for (const engine of engines) await engine.close();
            await ws.dispose();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
