/**
 * One walk over an event's data or metadata writes both texts the store needs:
 * - the stored text, byte for byte what `JSON.stringify` writes (so the caller's key order survives);
 * - the canonical text of what a reader gets back (its JSON round trip), which the hash chain is over.
 * Both come from the same reads of each property, so the stored text and the hash cannot disagree, and
 * the round trip (stringify, then parse back) the hash used to need is not done at all.
 *
 * Only plain JSON data takes this route: null, booleans, strings, finite numbers, arrays and objects whose
 * prototype is Object.prototype or null, without a toJSON method; `undefined` members are dropped and
 * `undefined` array items become null, as JSON.stringify does. Anything else (a Date, a Map, NaN, a
 * function, a bigint, a class instance) makes `plainJsonTexts` return undefined and the caller takes the
 * general route: JSON.stringify, parse back, canonicalise the parsed value.
 */

export interface JsonTexts {
  /** JSON.stringify(value). */
  stored: string;
  /** canonicalJson(JSON.parse(JSON.stringify(value))). */
  canonical: string;
}

/** The metadata's texts, its canonical one cut at the `recordedAt` member the hash adds (see hash-chain.ts). */
export interface MetadataTexts {
  stored: string;
  /** canonicalJson({ ...roundTrip(metadata), eventId, recordedAt }) = head + JSON.stringify(recordedAt) + tail */
  canonicalHead: string;
  canonicalTail: string;
}

/** Returned by the writers below for a value outside plain JSON. */
const NOT_PLAIN = undefined;

/**
 * The stored text of the value last written by `write`: it returns the canonical text and leaves this
 * one here, which spares a two-string result object per node of the tree.
 */
let storedText = '';

export function plainJsonTexts(value: unknown): JsonTexts | undefined {
  try {
    const canonical = write(value);
    return canonical === NOT_PLAIN ? undefined : { stored: storedText, canonical };
  } catch {
    // A throwing getter, a nesting deeper than the stack: the general route reports it.
    return NOT_PLAIN;
  }
}

/**
 * Same as `plainJsonTexts` for a metadata object, whose canonical text gets the event id and the
 * `recordedAt` member merged in (overriding members of the same names), as `computeEventHash` does.
 */
export function plainMetadataTexts(metadata: object, eventId: string): MetadataTexts | undefined {
  try {
    if (!isPlainObject(metadata)) return NOT_PLAIN;
    const members: string[] = [];
    const stored = writeMembers(metadata, members);
    if (stored === NOT_PLAIN) return NOT_PLAIN;
    return mergedMetadata(stored, members, eventId);
  } catch {
    return NOT_PLAIN;
  }
}

/**
 * The canonical text of the metadata of a parsed-back event, for the general route: parsed JSON is always
 * plain, so this cannot fail short of a nesting deep enough to exhaust the stack.
 */
export function parsedMetadataTexts(parsed: object, eventId: string, stored: string): MetadataTexts | undefined {
  try {
    const members: string[] = [];
    if (writeMembers(parsed, members) === NOT_PLAIN) return NOT_PLAIN;
    return mergedMetadata(stored, members, eventId);
  } catch {
    return NOT_PLAIN;
  }
}

const RECORDED_AT_HOLE = '\u0000recordedAt';

function mergedMetadata(stored: string, members: string[], eventId: string): MetadataTexts {
  // The spread in computeEventHash: `{ ...metadata, eventId, recordedAt }`.
  const merged: string[] = [];
  for (let i = 0; i < members.length; i += 2) {
    const key = members[i]!;
    if (key !== 'eventId' && key !== 'recordedAt') merged.push(key, members[i + 1]!);
  }
  merged.push('eventId', `"eventId":${JSON.stringify(eventId)}`, 'recordedAt', RECORDED_AT_HOLE);
  sortMembers(merged);
  let head = '{';
  let tail = '';
  let afterHole = false;
  for (let i = 0; i < merged.length; i += 2) {
    const text = merged[i + 1]!;
    if (text === RECORDED_AT_HOLE) {
      head += i === 0 ? '"recordedAt":' : ',"recordedAt":';
      afterHole = true;
    } else if (afterHole) {
      tail += `,${text}`;
    } else {
      head += i === 0 ? text : `,${text}`;
    }
  }
  return { stored, canonicalHead: head, canonicalTail: `${tail}}` };
}

function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return (storedText = JSON.stringify(value));
    case 'number':
      // JSON.stringify writes NaN and ±Infinity as null, which canonicalJson would refuse: general route.
      if (!Number.isFinite(value)) return NOT_PLAIN;
      return (storedText = String(value));
    case 'boolean':
      return (storedText = value ? 'true' : 'false');
    case 'object':
      if (value === null) return (storedText = 'null');
      if (Array.isArray(value)) return writeArray(value);
      if (!isPlainObject(value)) return NOT_PLAIN;
      return writeObject(value);
    default:
      return NOT_PLAIN;
  }
}

function writeArray(array: unknown[]): string | undefined {
  if (typeof (array as { toJSON?: unknown }).toJSON === 'function') return NOT_PLAIN;
  let canonical = '[';
  let stored = '[';
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    let text: string | undefined;
    if (item === undefined) {
      text = storedText = 'null';
    } else {
      text = write(item);
      if (text === NOT_PLAIN) return NOT_PLAIN;
    }
    if (i > 0) {
      canonical += ',';
      stored += ',';
    }
    canonical += text;
    stored += storedText;
  }
  storedText = `${stored}]`;
  return `${canonical}]`;
}

function writeObject(object: object): string | undefined {
  const members: string[] = [];
  const stored = writeMembers(object, members);
  if (stored === NOT_PLAIN) return NOT_PLAIN;
  sortMembers(members);
  let canonical = '{';
  for (let i = 1; i < members.length; i += 2) canonical += i === 1 ? members[i]! : `,${members[i]!}`;
  storedText = stored;
  return `${canonical}}`;
}

/**
 * Writes the object's members in JSON.stringify's order (Object.keys) and returns that text; pushes
 * `key, "key":canonicalValue` pairs onto `members` for the canonical text. A `__proto__` own key is
 * stored but left out of the canonical text: canonicalJson's normalise assigns it (`out[key] = ...`),
 * which sets a prototype instead of a member, so it never reaches its output.
 */
function writeMembers(object: object, members: string[]): string | undefined {
  const record = object as Record<string, unknown>;
  const keys = Object.keys(record);
  let stored = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const member = record[key];
    if (member === undefined) continue;
    const text = write(member);
    if (text === NOT_PLAIN) return NOT_PLAIN;
    const quoted = quotedKey(key);
    stored += stored.length === 1 ? quoted + storedText : `,${quoted}${storedText}`;
    if (key !== '__proto__') members.push(key, quoted + text);
  }
  return `${stored}}`;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * Sorts `key, text` pairs into the order of canonicalJson's output. It sorts the keys
 * (`Object.keys(value).sort()`, UTF-16 code unit order, which `<` on strings is) into a new object and
 * JSON.stringify writes that object's keys in property order: array-index keys ("0", "7", "42") first,
 * ascending as numbers, then the others as inserted. Keys are distinct. Insertion sort, as objects here
 * have a handful of keys; a large object goes through Array.prototype.sort.
 */
function sortMembers(members: string[]): void {
  if (members.length > INSERTION_SORT_MAX) {
    sortManyMembers(members);
    return;
  }
  for (let i = 2; i < members.length; i += 2) {
    const key = members[i]!;
    const text = members[i + 1]!;
    let j = i - 2;
    while (j >= 0 && comesAfter(members[j]!, key)) {
      members[j + 2] = members[j]!;
      members[j + 3] = members[j + 1]!;
      j -= 2;
    }
    members[j + 2] = key;
    members[j + 3] = text;
  }
}

const INSERTION_SORT_MAX = 32;

function sortManyMembers(members: string[]): void {
  const pairs: [string, string][] = [];
  for (let i = 0; i < members.length; i += 2) pairs.push([members[i]!, members[i + 1]!]);
  pairs.sort((a, b) => (comesAfter(a[0], b[0]) ? 1 : comesAfter(b[0], a[0]) ? -1 : 0));
  for (let i = 0; i < pairs.length; i++) {
    members[2 * i] = pairs[i]![0];
    members[2 * i + 1] = pairs[i]![1];
  }
}

/** Whether key `a` is written after key `b` in canonical JSON. */
function comesAfter(a: string, b: string): boolean {
  const aIndex = isArrayIndex(a);
  if (aIndex !== isArrayIndex(b)) return !aIndex;
  return aIndex ? Number(a) > Number(b) : a > b;
}

const MAX_ARRAY_INDEX = 4_294_967_294; // 2^32 - 2

/** An array index in the sense of property order: the canonical decimal form of 0 .. 2^32 - 2. */
function isArrayIndex(key: string): boolean {
  const first = key.charCodeAt(0); // NaN for "", which the test below lets through
  if (!(first >= 48 && first <= 57)) return false; // most keys start with a letter: decided here
  if (key.length > 10 || (first === 48 && key.length > 1)) return false;
  for (let i = 1; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return Number(key) <= MAX_ARRAY_INDEX;
}

/** Keys repeat across events (the same few event shapes), so their quoted form is kept. */
const quotedKeys = new Map<string, string>();
const MAX_QUOTED_KEYS = 4_096;
const MAX_CACHED_KEY_LENGTH = 64;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (key.length <= MAX_CACHED_KEY_LENGTH && quotedKeys.size < MAX_QUOTED_KEYS) quotedKeys.set(key, quoted);
  }
  return quoted;
}
