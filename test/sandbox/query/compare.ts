/**
 * Comparing column values the way PostgreSQL does for Twenty's column types.
 * Text uses the C collation of the recorded server (byte order of UTF-8: upper case before lower case).
 */
import type { ResolvedColumn, ValueKind } from './fields.js';

/** Byte order of the UTF-8 encodings, i.e. code point order (not UTF-16 code unit order). */
export const compareText = (a: string, b: string): number => {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let ca = a.charCodeAt(i);
    let cb = b.charCodeAt(i);
    if (ca !== cb) {
      // surrogates (astral code points) sort after U+E000..U+FFFF in code point order
      if (ca >= 0xd800 && cb >= 0xd800) {
        ca = ca >= 0xe000 ? ca - 0x800 : ca + 0x2000;
        cb = cb >= 0xe000 ? cb - 0x800 : cb + 0x2000;
      }
      return ca < cb ? -1 : 1;
    }
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1;
};

const sign = (x: number) => (x < 0 ? -1 : x > 0 ? 1 : 0);

/** Array order as Postgres compares arrays: element by element, then by length. */
const compareArrays = (a: unknown[], b: unknown[], element: (x: unknown, y: unknown) => number): number => {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = element(a[i], b[i]);
    if (c !== 0) return c;
  }
  return sign(a.length - b.length);
};

/**
 * Normalises a stored value into a primitive sort key for its kind, so sorting compares cheap values.
 * Returns null for SQL NULL.
 */
export const sortKey = (value: unknown, column: Pick<ResolvedColumn, 'kind' | 'enumRank'>): unknown => {
  if (value === null || value === undefined) return null;
  switch (column.kind) {
    case 'number': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isNaN(n) ? null : n;
    }
    case 'boolean':
      return value === true || value === 'true' ? 1 : 0;
    case 'dateTime': {
      const t = Date.parse(String(value));
      return Number.isNaN(t) ? String(value) : t;
    }
    case 'uuid':
      return String(value).toLowerCase();
    case 'enum':
      return column.enumRank?.get(String(value)) ?? String(value);
    case 'enumArray':
    case 'textArray':
      return Array.isArray(value)
        ? value.map((v) => (column.kind === 'enumArray' ? (column.enumRank?.get(String(v)) ?? String(v)) : String(v)))
        : [String(value)];
    case 'json':
      return JSON.stringify(value);
    default:
      return String(value);
  }
};

/** Compares two non-null sort keys produced by {@link sortKey} for the same column. */
export const compareKeys = (a: unknown, b: unknown): number => {
  if (typeof a === 'number' && typeof b === 'number') return sign(a - b);
  if (typeof a === 'string' && typeof b === 'string') return compareText(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return compareArrays(a, b, compareKeys);
  // mixed (e.g. an enum value outside the options next to a known one): numbers first
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return compareText(String(a), String(b));
};

/** Postgres `::text` rendering used by like / ilike / startsWith / endsWith. */
export const asText = (value: unknown, kind: ValueKind): string => {
  if (Array.isArray(value) && kind !== 'json') return `{${value.map(String).join(',')}}`;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
};

/** SQL LIKE pattern (`%`, `_`, backslash escape) → RegExp. */
export const likeToRegExp = (pattern: string, caseInsensitive: boolean): RegExp => {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      source += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'iu' : 'u');
};
