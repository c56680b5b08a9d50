import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/event-store/canonical-json';
import type { EventMetadata, NewEvent } from '../../src/event-store/event-store.port';
import { computeEventHash, GENESIS_HASH, hashFromTemplate } from '../../src/event-store/hash-chain';
import { plainJsonTexts } from '../../src/event-store/sqlite/event-json';
import { validateAppend } from '../../src/event-store/sqlite/validate-append';

/**
 * The store hashes through a template built before its write transaction (event-json.ts, hash-chain.ts);
 * the chain's definition is computeEventHash over what a reader gets back (the JSON round trip of data
 * and metadata). These properties hold the fast route to that definition, byte for byte, and hold the
 * stored text to JSON.stringify's.
 */

/** Keys that exercise canonical order (array indices sort first, as numbers) and the merged members. */
const awkwardKey = fc.constantFrom(
  '0', '1', '9', '10', '01', '-1', '1e3', '4294967294', '4294967295', '42949672950',
  '__proto__', 'toJSON', 'eventId', 'recordedAt', 'constructor', 'a', 'B', 'é', '\u{1F600}', '', '\ud800',
);
const key = fc.oneof(fc.string({ maxLength: 6 }), awkwardKey);

const scalar = fc.oneof(
  fc.string({ maxLength: 8, unit: 'binary' }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(-0),
  fc.constantFrom(1e21, 5e-324, 2 ** 53 + 2, 0.1),
);

/** Values JSON changes or drops: the general route must agree with the round trip too. */
const oddity = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(NaN, Infinity, -Infinity),
  fc.date({ noInvalidDate: true }),
  fc.constant(() => 1),
  fc.constant(Symbol('s')),
  fc.constant(new Map([[1, 2]])),
  fc.integer().map((n) => new Number(n)),
  fc.string().map((s) => ({ toJSON: () => `custom ${s}` })),
  fc.constant(new (class Point { x = 1; y = 2; })()),
);

/** Objects built with defineProperty, so a "__proto__" key becomes an own member as JSON.parse makes it. */
function objectOf(entries: [string, unknown][], nullPrototype: boolean): Record<string, unknown> {
  const out = (nullPrototype ? Object.create(null) : {}) as Record<string, unknown>;
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

function valueArb(withOddities: boolean): fc.Arbitrary<unknown> {
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      withOddities ? fc.oneof(scalar, oddity) : scalar,
      fc.array(tie('value'), { maxLength: 4 }),
      fc
        .tuple(fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }), fc.boolean())
        .map(([entries, nullPrototype]) => objectOf(entries, nullPrototype)),
    ),
  }));
  return value;
}

function metadataArb(withOddities: boolean): fc.Arbitrary<EventMetadata> {
  return fc
    .tuple(
      fc.record({
        occurredAt: fc.constant('2026-01-15T10:00:00.000Z'),
        actor: fc.record({ principalId: fc.string(), role: fc.string() }),
        correlationId: fc.uuid(),
        causationId: fc.option(fc.uuid(), { nil: null }),
        schemaVersion: fc.integer({ min: 1, max: 3 }),
      }),
      fc.array(fc.tuple(key, valueArb(withOddities)), { maxLength: 4 }),
    )
    .map(([base, extra]) => Object.assign(objectOf(extra, false), base) as unknown as EventMetadata);
}

function eventArb(withOddities: boolean): fc.Arbitrary<NewEvent> {
  return fc.record({
    eventId: fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 6 })),
    type: fc.string({ minLength: 1, maxLength: 10 }),
    data: valueArb(withOddities),
    metadata: metadataArb(withOddities),
  });
}

const recordedAtArb = fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
const previousHashArb = fc.oneof(fc.constant(GENESIS_HASH), fc.stringMatching(/^[0-9a-f]{64}$/));

/** What the definition says the hash is over: the event as a reader gets it back. */
function referenceHash(event: NewEvent, recordedAt: string, previousHash: string): string {
  return computeEventHash(
    {
      eventId: event.eventId,
      type: event.type,
      data: JSON.parse(JSON.stringify(event.data)) as unknown,
      metadata: JSON.parse(JSON.stringify(event.metadata)) as EventMetadata,
      recordedAt,
    },
    previousHash,
  );
}

/** validateAppend throws for data JSON.stringify cannot write at all (undefined at the top, a cycle...). */
function storable(event: NewEvent): boolean {
  try {
    return JSON.stringify(event.data) !== undefined;
  } catch {
    return false;
  }
}

describe('the store’s hash template', () => {
  for (const [label, withOddities] of [
    ['plain JSON data', false],
    ['data JSON changes (Dates, undefined, NaN, functions, toJSON, class instances)', true],
  ] as const) {
    it(`gives computeEventHash's bytes for ${label}`, () => {
      fc.assert(
        fc.property(eventArb(withOddities), recordedAtArb, previousHashArb, (event, recordedAt, previousHash) => {
          fc.pre(storable(event));
          const [serialised] = validateAppend('s', [event], 'any').events;
          expect(hashFromTemplate(serialised!.hashTemplate, recordedAt, previousHash)).toBe(
            referenceHash(event, recordedAt, previousHash),
          );
        }),
        { numRuns: 2_000 },
      );
    });

    it(`stores exactly JSON.stringify's text for ${label}`, () => {
      fc.assert(
        fc.property(eventArb(withOddities), (event) => {
          fc.pre(storable(event));
          const [serialised] = validateAppend('s', [event], 'any').events;
          expect(serialised!.dataJson).toBe(JSON.stringify(event.data));
          expect(serialised!.metadataJson).toBe(JSON.stringify(event.metadata));
        }),
        { numRuns: 1_000 },
      );
    });
  }

  it('writes canonicalJson’s text for the round trip of plain JSON, key order included', () => {
    fc.assert(
      fc.property(valueArb(false), (value) => {
        const texts = plainJsonTexts(value);
        expect(texts).toBeDefined();
        expect(texts!.canonical).toBe(canonicalJson(JSON.parse(JSON.stringify(value))));
      }),
      { numRuns: 2_000 },
    );
  });

  it('puts array-index keys first, in numeric order, as canonicalJson does', () => {
    const value = objectOf(
      ['b', '10', '9', 'a', '4294967295', '4294967294', '01', '0'].map((k): [string, unknown] => [k, k]),
      false,
    );
    expect(plainJsonTexts(value)!.canonical).toBe(canonicalJson(value));
    expect(plainJsonTexts(value)!.canonical).toBe(
      '{"0":"0","9":"9","10":"10","4294967294":"4294967294","01":"01","4294967295":"4294967295","a":"a","b":"b"}',
    );
  });

  it('leaves non-JSON values to the general route, which still hashes their round trip', () => {
    const when = new Date('2026-02-03T04:05:06.007Z');
    expect(plainJsonTexts({ when })).toBeUndefined();
    const event: NewEvent = {
      eventId: 'e-1',
      type: 'Dated',
      data: { when, gone: undefined, list: [undefined, NaN] },
      metadata: { ...metadataSample(), reason: undefined },
    };
    const [serialised] = validateAppend('s', [event], 'any').events;
    expect(serialised!.dataJson).toBe('{"when":"2026-02-03T04:05:06.007Z","list":[null,null]}');
    const recordedAt = '2026-02-03T05:00:00.000Z';
    expect(hashFromTemplate(serialised!.hashTemplate, recordedAt, GENESIS_HASH)).toBe(
      referenceHash(event, recordedAt, GENESIS_HASH),
    );
  });

  it('reads each property once, so the stored text and the hash agree even with a getter that changes', () => {
    let reads = 0;
    const data = {
      get amount() {
        reads += 1;
        return reads;
      },
    };
    const [serialised] = validateAppend('s', [{ eventId: 'e-1', type: 'T', data, metadata: metadataSample() }], 'any').events;
    const stored = JSON.parse(serialised!.dataJson) as unknown;
    const recordedAt = '2026-02-03T05:00:00.000Z';
    expect(hashFromTemplate(serialised!.hashTemplate, recordedAt, GENESIS_HASH)).toBe(
      computeEventHash({ eventId: 'e-1', type: 'T', data: stored, metadata: metadataSample(), recordedAt }, GENESIS_HASH),
    );
  });
});

function metadataSample(): EventMetadata {
  return {
    occurredAt: '2026-01-15T10:00:00.000Z',
    actor: { principalId: 'user-1', role: 'finance' },
    correlationId: 'c-1',
    causationId: null,
    schemaVersion: 1,
  };
}
