/**
 * Deterministic randomness for the seed: 32-bit hashing, a small PRNG, and uuids derived from (key, index).
 *
 * Every record draws from its own stream, keyed by (seed, object, index), so any record can be generated
 * on its own, in any order, without generating the ones before it. That is what lets the seed stream a
 * million records and lets one record name another (its id is a pure function of the other's index).
 */

/** murmur3's finalizer: a bijection on 32-bit integers with good avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a of a string, finalized. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Combines 32-bit keys into one (order matters). */
export function mix(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) h = fmix32((h ^ p) + 0x7f4a7c15);
  return h;
}

/** A function returning the next float in [0, 1) of `new Rng(seed)`: replayable randomness for tests. */
export function randomSource(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

/** mulberry32: tiny, fast, and plenty for test data. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight; `weights[i]` belongs to `items[i]`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i];
      if (r < 0) return items[i];
    }
    return items[items.length - 1];
  }

  /** `k` distinct items, kept in their original order (as Twenty keeps multi-select options). */
  some<T>(items: readonly T[], k: number): T[] {
    const chosen = new Set<number>();
    const n = Math.min(k, items.length);
    while (chosen.size < n) chosen.add(this.int(items.length));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i]);
  }
}

/** A stream for item `index` of the family `key`: a bijection of the index, so no two items share a stream start. */
export function streamFor(key: number, index: number): Rng {
  return new Rng(fmix32((index ^ key) >>> 0) ^ 0x5bd1e995);
}

/** A float in [0, 1) that depends only on (key, index): for decisions other records must be able to recompute. */
export function unitFor(key: number, index: number): number {
  return fmix32(fmix32((index ^ key) >>> 0) + 0x27d4eb2f) / 4294967296;
}

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
const hex4 = (n: number) => (n & 0xffff).toString(16).padStart(4, '0');

/**
 * A uuid (v4 layout) for item `index` of the family `key`. The last 32 bits are a bijection of the index,
 * so ids within a family never collide; the other 90 bits depend on the key too, so families do not either.
 */
export function uuidFor(key: number, index: number): string {
  const w3 = fmix32((index ^ key) >>> 0);
  const w0 = fmix32(w3 ^ fmix32(key + 0x3c6ef372));
  const w1 = fmix32(w3 ^ fmix32(key + 0xa54ff53a));
  const w2 = fmix32(w3 ^ fmix32(key + 0x510e527f));
  return (
    `${hex8(w0)}-${hex4(w1 >>> 16)}-4${hex4(w1).slice(1)}-` +
    `${hex4(((w2 >>> 16) & 0x3fff) | 0x8000)}-${hex4(w2)}${hex8(w3)}`
  );
}
