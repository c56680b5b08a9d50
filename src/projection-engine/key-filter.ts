const HASHES = 4;
const FIRST_LAYER_KEYS = 1 << 20;
/** About 10 bits per key with 4 hashes: under 2% false positives while a layer is within its budget. */
const BITS_PER_KEY = 10;

interface Layer {
  bits: Uint32Array;
  /** Bit count − 1 (a power of two minus one, so a hash is reduced with `&`). */
  mask: number;
  keys: number;
  budget: number;
}

/**
 * A Bloom filter over the keys written to a table the engine created empty: when it says a key was never
 * written, the table cannot hold it, and a handler's "does this line exist yet?" needs no SQLite read. It only
 * errs the safe way (a false "maybe" costs the read it would have cost anyway). It grows by adding layers twice
 * the size of the last, so it stays useful however many keys arrive, for about 1.3 bytes per key.
 */
export class KeyFilter {
  private readonly layers: Layer[] = [newLayer(FIRST_LAYER_KEYS)];

  add(collection: string, key: string): void {
    let layer = this.layers[this.layers.length - 1]!;
    if (layer.keys >= layer.budget) {
      layer = newLayer(layer.budget * 2);
      this.layers.push(layer);
    }
    layer.keys++;
    const h1 = fnv1a(collection, key);
    const h2 = secondHash(collection, key) | 1;
    for (let i = 0; i < HASHES; i++) {
      const bit = (h1 + Math.imul(i, h2)) & layer.mask;
      layer.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  mayContain(collection: string, key: string): boolean {
    const h1 = fnv1a(collection, key);
    const h2 = secondHash(collection, key) | 1;
    for (const layer of this.layers) {
      let all = true;
      for (let i = 0; i < HASHES && all; i++) {
        const bit = (h1 + Math.imul(i, h2)) & layer.mask;
        all = (layer.bits[bit >>> 5]! & (1 << (bit & 31))) !== 0;
      }
      if (all) return true;
    }
    return false;
  }
}

function newLayer(budget: number): Layer {
  let bits = 32;
  while (bits < budget * BITS_PER_KEY) bits *= 2;
  return { bits: new Uint32Array(bits / 32), mask: bits - 1, keys: 0, budget };
}

/** FNV-1a over the collection, a separator no name contains, then the key. */
function fnv1a(collection: string, key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < collection.length; i++) hash = Math.imul(hash ^ collection.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash, 0x01000193);
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** A second, independent hash (multiplicative, another seed, keys read backwards), for double hashing. */
function secondHash(collection: string, key: string): number {
  let hash = 0x9e3779b9;
  for (let i = key.length - 1; i >= 0; i--) hash = Math.imul(hash ^ key.charCodeAt(i), 0x5bd1e995) ^ (hash >>> 15);
  hash = Math.imul(hash, 0x5bd1e995) ^ (hash >>> 15);
  for (let i = collection.length - 1; i >= 0; i--) hash = Math.imul(hash ^ collection.charCodeAt(i), 0x5bd1e995) ^ (hash >>> 15);
  return hash >>> 0;
}
