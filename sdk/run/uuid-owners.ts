/**
 * Unique value → id of the record holding it, for the uniqueness checks of the transform and import stages (person
 * emails, company domains, custom unique fields), without keeping the values: each value is reduced to a 64-bit
 * hash and the owner id is packed (sdk/run/uuid-set.ts), about 30 bytes per value instead of ~150 for two strings
 * and a Map entry.
 *
 * Why a hash and not the value: the values are only ever compared for equality, and the only answer needed is the
 * owner's id. The price is a false match when two different values share all 64 bits: for n distinct values of one
 * field that happens with probability below n² / 2^65 (1e-8 for a million values; 3e-10 for 100,000), and its effect
 * would be one record reported as DUPLICATE_UNIQUE_VALUE (listed in errors.jsonl with both ids, so visible and
 * checkable), never a silent change of data. Values are ordinary CRM data, not chosen to collide.
 */
import { UuidList } from './uuid-set.js';

let hashHigh = 0;
let hashLow = 0;

/** A 64-bit hash of `s` (cyrb53's two 32-bit lanes, both kept) into hashHigh/hashLow. */
function hash64(s: string): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  // the length too: a third, cheap discriminator between values
  hashHigh = (h2 ^ Math.imul(s.length, 0x9e3779b1)) >>> 0;
  hashLow = h1 >>> 0;
}

/**
 * The first owner of each value, by hash of the value.
 *
 * @example
 * const owners = new UuidOwners();
 * owners.claim('ann@acme.com', firstId); // undefined: firstId owns it now
 * owners.get('ann@acme.com');            // firstId
 */
export class UuidOwners {
  /** 2 words (hash high, low) per entry */
  private hashes = new Uint32Array(128);
  private readonly owners = new UuidList();
  /** open addressing over the entries: 0 = empty, else entry + 1; length a power of two */
  private slots = new Int32Array(128);

  get size(): number {
    return this.owners.length;
  }

  /** The owner of `value`, or undefined. */
  get(value: string): string | undefined {
    hash64(value);
    const v = this.slots[this.findSlot()];
    return v === 0 ? undefined : this.owners.get(v - 1);
  }

  /** Makes `owner` the owner of `value` unless it has one; returns the owner it had (undefined if none). */
  claim(value: string, owner: string): string | undefined {
    hash64(value);
    const s = this.findSlot();
    if (this.slots[s] !== 0) return this.owners.get(this.slots[s] - 1);
    const at = this.owners.push(owner);
    if (2 * (at + 1) > this.hashes.length) {
      const grown = new Uint32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[2 * at] = hashHigh;
    this.hashes[2 * at + 1] = hashLow;
    this.slots[s] = at + 1;
    if ((at + 1) * 10 > this.slots.length * 7) this.rehash();
    return undefined;
  }

  /** The slot of the entry with the current hash, or the empty slot where it would go. */
  private findSlot(): number {
    const mask = this.slots.length - 1;
    let s = (hashLow ^ hashHigh) & mask;
    for (;;) {
      const v = this.slots[s];
      if (v === 0) return s;
      const o = 2 * (v - 1);
      if (this.hashes[o] === hashHigh && this.hashes[o + 1] === hashLow) return s;
      s = (s + 1) & mask;
    }
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let at = 0; at < this.owners.length; at++) {
      let s = (this.hashes[2 * at] ^ this.hashes[2 * at + 1]) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = at + 1;
    }
    this.slots = slots;
  }
}
