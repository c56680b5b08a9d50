import { afterEach, describe, expect, it } from 'vitest';
import { applyBatch, projectEvents, type BatchTarget } from '../../src/projection-engine/apply-batch';
import { fingerprintOf } from '../../src/projection-engine/fingerprint';
import type { ProjectionDefinition } from '../../src/projection-engine/projection-definition';
import { ReadModelDatabase } from '../../src/projection-engine/read-model-database';
import { referralRegistered } from '../projections/support/ledger-events';
import { storeAtPositions } from '../projections/support/sparse-positions';

/** Keeps every position it is handed, exactly, in one document. */
const positionsSeen: ProjectionDefinition = {
  name: 'positions-seen',
  version: 1,
  eventTypes: ['ReferralRegistered'],
  collections: { seen: 'large' },
  handle(event, store) {
    const seen = store.get<string[]>('seen', 'all') ?? [];
    store.put('seen', 'all', [...seen, String(event.position)]);
  },
};

let database: ReadModelDatabase | undefined;
afterEach(() => database?.close());

/** Registrations stored at exactly these positions, read back from $all. */
async function registrationsAt(positions: bigint[]) {
  const given = positions.map((_, i) => referralRegistered({ referralId: `r${i}`, agreementId: 'a1', partnerId: 'p1' }));
  return (await storeAtPositions(given, positions)).readAll();
}

/** A batch target on a new active generation of the definition in `db`, at `checkpoint`. */
function targetIn(db: ReadModelDatabase, definition: ProjectionDefinition, checkpoint: bigint): BatchTarget {
  const row = db.createGeneration(definition, 'active', fingerprintOf(definition));
  return {
    definition,
    typeSet: new Set(definition.eventTypes),
    generation: row.generation,
    table: db.table(definition, row.generation),
    checkpoint,
  };
}

describe('positions past 2^53 in the engine', () => {
  it('hands a projection the exact bigint and skips exactly what its checkpoint already covers', async () => {
    const positions = [2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 63n - 1n];
    const events = await registrationsAt(positions);
    database = ReadModelDatabase.open(':memory:');
    // Already reflects 2^53: as numbers, 2^53 + 1 would equal it and be skipped.
    const target = targetIn(database, positionsSeen, 2n ** 53n);
    const outcome = applyBatch(database, [target], projectEvents(events), positions.at(-1)!);
    expect(outcome.failures.size).toBe(0);
    expect(target.table.reader().get('seen', 'all')).toEqual(['9007199254740993', '9223372036854775807']);
    expect(target.checkpoint).toBe(2n ** 63n - 1n);
    expect(database.generation(positionsSeen.name, 'active')?.position).toBe(2n ** 63n - 1n);
  });

  it('names the exact position of the event a handler failed on', async () => {
    const positions = [2n ** 53n, 2n ** 53n + 1n];
    const events = await registrationsAt(positions);
    const failsOnSecond: ProjectionDefinition = {
      ...positionsSeen,
      name: 'fails-on-second',
      handle(event) {
        if (event.position === 2n ** 53n + 1n) throw new Error('boom');
      },
    };
    database = ReadModelDatabase.open(':memory:');
    const target = targetIn(database, failsOnSecond, 0n);
    const failure = applyBatch(database, [target], projectEvents(events), positions.at(-1)!).failures.get(target);
    // As a number, 2^53 + 1 would read 9007199254740992: the event before it.
    expect(failure?.position).toBe(2n ** 53n + 1n);
    expect(failure?.message).toContain('at position 9007199254740993');
  });
});
