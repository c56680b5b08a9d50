/**
 * A small seeded generator (mulberry32): the same seed writes the same ledger, so a cached file and a fresh one
 * hold the same events and runs on different days compare like for like. Not for anything secret.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Poisson-distributed count (Knuth): the rates here are small, so the loop is short. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.gaussian()));
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count += 1;
      product *= this.next();
    }
    return count;
  }

  gaussian(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** UUID-shaped (version 4 layout), as the service's own event and correlation ids are. */
  uuid(): string {
    const a = this.word();
    const b = this.word();
    const c = (this.word() & 0x3fffffff) | 0x80000000;
    const d = this.word();
    return (
      byteHex(a >>> 24) + byteHex((a >>> 16) & 0xff) + byteHex((a >>> 8) & 0xff) + byteHex(a & 0xff) + '-' +
      byteHex(b >>> 24) + byteHex((b >>> 16) & 0xff) + '-4' + byteHex((b >>> 8) & 0xff).slice(1) + byteHex(b & 0xff) + '-' +
      byteHex(c >>> 24) + byteHex((c >>> 16) & 0xff) + '-' + byteHex((c >>> 8) & 0xff) + byteHex(c & 0xff) +
      byteHex(d >>> 24) + byteHex((d >>> 16) & 0xff) + byteHex((d >>> 8) & 0xff) + byteHex(d & 0xff)
    );
  }

  private word(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function byteHex(byte: number): string {
  return BYTE_HEX[byte]!;
}
