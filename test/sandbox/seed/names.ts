/**
 * Unique identities (company names and domains, people's names and email local parts) as pure functions
 * of an index. A seeded permutation walks all (word A, word B) pairs before any repeats, and a repeat gets a
 * numeric suffix in its slug, so domains and emails are unique for any count while names look random.
 */
import { hashString, unitFor } from './random.js';
import { COMPANY_SUFFIXES, COMPANY_WORDS_A, COMPANY_WORDS_B, FIRST_NAMES, LAST_NAMES, TLDS, type Named } from './vocab.js';

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** i ↦ (i·m + c) mod size, with m coprime to size: a bijection on [0, size). */
class Permutation {
  private readonly multiplier: number;
  private readonly offset: number;

  constructor(readonly size: number, key: number) {
    key >>>= 0;
    // A step near size/φ sends consecutive indexes far apart, so neighbours share neither word.
    let m = (Math.floor(size * 0.6180339887) + ((key % 31) << 1)) % size | 1;
    while (gcd(m, size) !== 1) m += 2;
    this.multiplier = m;
    this.offset = (key >>> 8) % size;
  }

  at(i: number): number {
    // Both factors are below 2^13 here, so the product stays exact.
    return (i * this.multiplier + this.offset) % this.size;
  }
}

/** The i-th distinct pair of a × b, then again with cycle 1, 2, … */
function pairs(a: readonly Named[], b: readonly Named[], key: number) {
  const perm = new Permutation(a.length * b.length, key);
  return (i: number) => {
    const p = perm.at(i % perm.size);
    const ai = p % a.length;
    // Shifting b by a's index keeps the pair map a bijection while decorrelating the two words.
    const bi = (Math.floor(p / a.length) + ai * 7) % b.length;
    return { a: a[ai], b: b[bi], cycle: Math.floor(i / perm.size) };
  };
}

export interface CompanyIdentity {
  name: string;
  /** e.g. `https://nordicrobotics.io`: unique across the workspace (domainName is a unique field) */
  domainUrl: string;
  /** the bare host, used for employees' emails */
  host: string;
  slug: string;
}

export interface PersonIdentity {
  firstName: string;
  lastName: string;
  /** unique email local part, e.g. `jose.muller3` */
  local: string;
}

export class Identities {
  private readonly companyPair;
  private readonly personPair;
  private readonly memberPair;
  private readonly suffixKey: number;
  private readonly tldKey: number;

  constructor(seedKey: number) {
    this.companyPair = pairs(COMPANY_WORDS_A, COMPANY_WORDS_B, seedKey ^ hashString('company-names'));
    this.personPair = pairs(FIRST_NAMES, LAST_NAMES, seedKey ^ hashString('person-names'));
    this.memberPair = pairs(FIRST_NAMES, LAST_NAMES, seedKey ^ hashString('member-names'));
    this.suffixKey = seedKey ^ hashString('company-suffix');
    this.tldKey = seedKey ^ hashString('company-tld');
  }

  company(i: number): CompanyIdentity {
    const { a, b, cycle } = this.companyPair(i);
    const suffix = COMPANY_SUFFIXES[Math.floor(unitFor(this.suffixKey, i) * COMPANY_SUFFIXES.length)];
    const tld = TLDS[Math.floor(unitFor(this.tldKey, i) * TLDS.length)];
    const slug = `${a[1]}${b[1]}${cycle > 0 ? cycle + 1 : ''}`;
    const host = `${slug}.${tld}`;
    return { name: `${a[0]} ${b[0]}${suffix}`, domainUrl: `https://${host}`, host, slug };
  }

  person(i: number): PersonIdentity {
    return this.named(this.personPair(i));
  }

  member(i: number): PersonIdentity {
    return this.named(this.memberPair(i));
  }

  private named({ a, b, cycle }: { a: Named; b: Named; cycle: number }): PersonIdentity {
    return { firstName: a[0], lastName: b[0], local: `${a[1]}.${b[1]}${cycle > 0 ? cycle + 1 : ''}` };
  }
}
