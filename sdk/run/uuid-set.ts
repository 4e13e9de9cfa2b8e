/**
 * Compact collections of record ids, for the structures that hold one entry per migrated record (the ids the
 * transform has seen, the ledger's done/patched/trashed records). A UUID held as a JS string costs about 56 bytes
 * plus the Set/Map entry; here a canonical UUID costs 16 bytes of a Uint32Array plus a 4-byte slot of the hash index
 * (at most 70 % full), so memory per record drops several times.
 *
 * Exactness: only canonical lower-case UUIDs (`8-4-4-4-12` hex digits, as Twenty writes them) are packed, and
 * unpacking gives back that very string. Anything else (upper case, other id formats in tests or custom data) is
 * kept as the string it was, so `has` compares ids exactly as given, like a Set<string> would: `ABC…` and `abc…`
 * stay two ids. Iteration follows insertion order, as for a Set. There is no delete: none of the users removes ids.
 */

const HEX = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 10; i++) t[48 + i] = i;
  for (let i = 0; i < 6; i++) t[97 + i] = 10 + i;
  return t;
})();
const scratch = new Uint32Array(4);

/** Packs a canonical lower-case UUID into `scratch` (words 0..3); false when `id` is anything else. */
function pack(id: string): boolean {
  if (id.length !== 36 || id.charCodeAt(8) !== 45 || id.charCodeAt(13) !== 45 || id.charCodeAt(18) !== 45 || id.charCodeAt(23) !== 45) return false;
  // Digits in order, skipping dashes: word w holds hex digits 8w..8w+7.
  let digit = 0;
  let word = 0;
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) continue;
    const c = id.charCodeAt(i);
    const v = c < 128 ? HEX[c] : -1;
    if (v < 0) return false;
    word = (word << 4) | v;
    if ((++digit & 7) === 0) {
      scratch[(digit >> 3) - 1] = word >>> 0;
      word = 0;
    }
  }
  return true;
}
const hex8 = (w: number) => (w >>> 0).toString(16).padStart(8, '0');

function unpack(words: Uint32Array, at: number): string {
  const a = hex8(words[at]);
  const b = hex8(words[at + 1]);
  const c = hex8(words[at + 2]);
  const d = hex8(words[at + 3]);
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}

/** A 32-bit mix of the 4 words (UUID v1/v7 ids share their time bits, so the words are mixed, not just taken). */
function hash4(w0: number, w1: number, w2: number, w3: number): number {
  let h = Math.imul(w0 ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15) ^ w1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13) ^ w2, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16) ^ w3, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * An append-only list of ids in insertion order: canonical UUIDs as 4 words each, other ids as strings by index.
 *
 * @example
 * const list = new UuidList();
 * list.push('6f1c…'); list.get(0); // '6f1c…'
 */
export class UuidList {
  /** 4 words per id; zero for the positions held in `odd` */
  words = new Uint32Array(64);
  /** position → id, for ids that are not canonical UUIDs */
  odd: Map<number, string> | null = null;
  length = 0;

  /** Appends `id`; returns its position. */
  push(id: string): number {
    const at = this.length;
    if (4 * (at + 1) > this.words.length) {
      const grown = new Uint32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    if (pack(id)) this.words.set(scratch, 4 * at);
    else (this.odd ??= new Map()).set(at, id);
    this.length = at + 1;
    return at;
  }

  get(at: number): string {
    return this.odd?.get(at) ?? unpack(this.words, 4 * at);
  }

  *[Symbol.iterator](): IterableIterator<string> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}

/**
 * A set of ids with the part of the Set<string> interface the migration uses: add, has, size, iteration.
 *
 * @example
 * const ids = new UuidSet();
 * ids.add(record.id);
 * ids.has(other.id); // exact comparison, as for a Set<string>
 */
export class UuidSet implements Iterable<string> {
  private readonly list = new UuidList();
  /** open addressing over `list`: 0 = empty, else position + 1; length a power of two */
  private slots = new Int32Array(64);
  /** ids that are not canonical UUIDs → position */
  private odd: Map<string, number> | null = null;

  get size(): number {
    return this.list.length;
  }

  has(id: string): boolean {
    return this.positionOf(id) >= 0;
  }

  /** Adds `id` (no-op when present). */
  add(id: string): this {
    this.insert(id);
    return this;
  }

  /** The position of `id` in insertion order, adding it when absent (for UuidMap). */
  insert(id: string): number {
    if (!pack(id)) {
      const known = this.odd?.get(id);
      if (known !== undefined) return known;
      const at = this.list.push(id);
      (this.odd ??= new Map()).set(id, at);
      return at;
    }
    const s = this.findSlot();
    if (this.slots[s] !== 0) return this.slots[s] - 1;
    const at = this.list.push(id); // packs `id` into scratch again; same words
    this.slots[s] = at + 1;
    if ((this.list.length - (this.odd?.size ?? 0)) * 10 > this.slots.length * 7) this.rehash();
    return at;
  }

  /** The position of `id` in insertion order, or -1. */
  positionOf(id: string): number {
    if (!pack(id)) return this.odd?.get(id) ?? -1;
    return this.slots[this.findSlot()] - 1;
  }

  /** The id at a position (insertion order). */
  at(position: number): string {
    return this.list.get(position);
  }

  *keys(): IterableIterator<string> {
    for (let i = 0; i < this.list.length; i++) yield this.list.get(i);
  }

  values(): IterableIterator<string> {
    return this.keys();
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.keys();
  }

  /** The slot holding the id packed in `scratch`, or the empty slot where it would go. */
  private findSlot(): number {
    const w0 = scratch[0], w1 = scratch[1], w2 = scratch[2], w3 = scratch[3];
    const words = this.list.words;
    const mask = this.slots.length - 1;
    let s = hash4(w0, w1, w2, w3) & mask;
    for (;;) {
      const v = this.slots[s];
      if (v === 0) return s;
      const o = 4 * (v - 1);
      if (words[o] === w0 && words[o + 1] === w1 && words[o + 2] === w2 && words[o + 3] === w3) return s;
      s = (s + 1) & mask;
    }
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    const words = this.list.words;
    const odd = this.list.odd;
    for (let at = 0; at < this.list.length; at++) {
      if (odd?.has(at)) continue;
      const o = 4 * at;
      let s = hash4(words[o], words[o + 1], words[o + 2], words[o + 3]) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = at + 1;
    }
    this.slots = slots;
  }
}

/**
 * Source id → target id where the target id is almost always the source id (records keep their id; only merges
 * differ): the keys in a UuidSet, the few differing values in a small Map. The part of Map<string, string> the
 * migration uses: get, has, set, size, iteration of entries and keys.
 *
 * @example
 * const done = new UuidMap();
 * done.set(sourceId, sourceId); done.set(mergedId, existingId);
 * done.get(mergedId); // existingId
 */
export class UuidMap implements Iterable<[string, string]> {
  private readonly ids = new UuidSet();
  /** key → value, for values other than their key */
  private readonly other = new Map<string, string>();

  get size(): number {
    return this.ids.size;
  }

  has(key: string): boolean {
    return this.ids.has(key);
  }

  get(key: string): string | undefined {
    const v = this.other.get(key);
    if (v !== undefined) return v;
    // The key string given is equal to the one stored (ids are compared exactly), so it is the value.
    return this.ids.has(key) ? key : undefined;
  }

  set(key: string, value: string): this {
    this.ids.add(key);
    if (value === key) this.other.delete(key);
    else this.other.set(key, value);
    return this;
  }

  keys(): IterableIterator<string> {
    return this.ids.keys();
  }

  *entries(): IterableIterator<[string, string]> {
    for (const key of this.ids.keys()) yield [key, this.other.get(key) ?? key];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/**
 * Id → a 64-bit digest given as 16 hex digits (the import ledger's "what was last sent for this record"): the keys
 * in a UuidSet, the digests as two words per position, 8 bytes per record instead of a 16-character string.
 *
 * @example
 * const sent = new UuidDigests();
 * sent.set(sourceId, '0123456789abcdef');
 * sent.get(sourceId); // '0123456789abcdef'
 */
export class UuidDigests {
  private readonly ids = new UuidSet();
  private words = new Uint32Array(128);

  get size(): number {
    return this.ids.size;
  }

  get(key: string): string | undefined {
    const at = this.ids.positionOf(key);
    if (at < 0) return undefined;
    return this.words[2 * at].toString(16).padStart(8, '0') + this.words[2 * at + 1].toString(16).padStart(8, '0');
  }

  /** `digest`: 16 hex digits (longer ones are cut, shorter ones refused). */
  set(key: string, digest: string): this {
    if (!/^[0-9a-f]{16}/.test(digest)) throw new Error(`UuidDigests: "${digest}" is not 16 hex digits`);
    const at = this.ids.insert(key);
    if (2 * (at + 1) > this.words.length) {
      const grown = new Uint32Array(Math.max(this.words.length * 2, 2 * (at + 1)));
      grown.set(this.words);
      this.words = grown;
    }
    this.words[2 * at] = Number.parseInt(digest.slice(0, 8), 16);
    this.words[2 * at + 1] = Number.parseInt(digest.slice(8, 16), 16);
    return this;
  }
}
