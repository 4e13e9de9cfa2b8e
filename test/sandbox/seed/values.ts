/**
 * A valid value for any data field, by field type, in the JSON shape Twenty 2.21 returns (twenty-api.md §5).
 * Field names give hints (an `email` TEXT gets an email); unique fields get values that embed the record
 * index. Standard fields with a meaning of their own are in standard.ts and take precedence.
 */
import type { FieldType, ModelField } from '../model/types.js';
import type { RecordContext } from './context.js';
import { richText, sentence } from './rich-text.js';
import { CURRENCIES, EDGE_DATES, EDGE_DATE_TIMES, EDGE_TEXTS, FIRST_NAMES, FREE_MAIL, LAST_NAMES, PLACES, STREETS, THING_WORDS, WORDS, type Place } from './vocab.js';

const DAY = 86_400_000;

/** Empty sub-field values per composite type, in Twenty's key order (create-one-minimal-defaults). */
const EMPTY_COMPOSITES: Partial<Record<FieldType, () => Record<string, unknown>>> = {
  ADDRESS: () => ({ addressStreet1: '', addressStreet2: '', addressCity: '', addressPostcode: '', addressState: '', addressCountry: '', addressLat: null, addressLng: null }),
  LINKS: () => ({ primaryLinkLabel: '', primaryLinkUrl: '', secondaryLinks: [] }),
  CURRENCY: () => ({ amountMicros: null, currencyCode: null }),
  FULL_NAME: () => ({ firstName: '', lastName: '' }),
  EMAILS: () => ({ primaryEmail: '', additionalEmails: [] }),
  PHONES: () => ({ primaryPhoneNumber: '', primaryPhoneCountryCode: '', primaryPhoneCallingCode: '', additionalPhones: [] }),
  RICH_TEXT: () => ({ blocknote: null, markdown: null }),
  // Twenty 1.x's name for the same composite (models/seeded-1.2.json).
  RICH_TEXT_V2: () => ({ blocknote: null, markdown: null }),
};

/** Metadata defaults are SQL literals (`"'NEW'"`, `"''"`); `now`/`uuid` never reach here (system fields). */
const unquote = (v: unknown) => (typeof v === 'string' ? (/^'(.*)'$/s.exec(v)?.[1] ?? v) : v);

/** What Twenty stores when the field is left out: the metadata default, else the type's empty value. */
export function emptyValue(field: ModelField): unknown {
  const composite = EMPTY_COMPOSITES[field.type];
  if (composite) {
    const out = composite();
    for (const [k, v] of Object.entries((field.defaultValue ?? {}) as Record<string, unknown>)) {
      if (!(k in out) || v === null) continue;
      // A list sub-field's default is a SQL literal of JSON (1.2: secondaryLinks "'[]'").
      const literal = unquote(v);
      out[k] = Array.isArray(out[k]) && typeof literal === 'string' ? JSON.parse(literal) : literal;
    }
    return out;
  }
  if (field.defaultValue !== undefined && field.defaultValue !== null) return unquote(field.defaultValue);
  if (field.type === 'TEXT') return '';
  if (field.type === 'MULTI_SELECT') return [];
  return null;
}

/** Whether to leave this field empty: only where Twenty allows it (nullable, or a default exists). */
export function leaveEmpty(field: ModelField, ctx: RecordContext): boolean {
  const hasDefault = field.defaultValue !== undefined && field.defaultValue !== null;
  // A record's label (its `name`) is what people see in lists: rarely blank.
  const share = field.id === ctx.object.labelIdentifierFieldMetadataId ? ctx.g.emptyShare / 6 : ctx.g.emptyShare;
  return (field.isNullable || hasDefault) && !field.isUnique && ctx.rng.chance(share);
}

/** A long text built from words at run time (no huge constants in source). */
export function longText(ctx: RecordContext): string {
  const target = ctx.rng.between(2_000, 12_000);
  const parts: string[] = [];
  let length = 0;
  while (length < target) {
    const s = sentence(ctx.rng, 6, 20);
    parts.push(s);
    length += s.length + 1;
  }
  return parts.join(' ');
}

/** An awkward string for edge records, or undefined to generate normally. */
function edgeText(ctx: RecordContext, field: ModelField): string | undefined {
  if (!ctx.edge || !ctx.rng.chance(0.4)) return undefined;
  if (ctx.rng.chance(0.15)) return longText(ctx);
  const s = ctx.rng.pick(EDGE_TEXTS);
  return s === '' && !field.isNullable && field.defaultValue == null ? 'x' : s;
}

export const place = (ctx: RecordContext): Place => ctx.rng.pick(PLACES);
const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const words = (ctx: RecordContext, n: number) => Array.from({ length: n }, () => ctx.rng.pick(WORDS)).join(' ');

/**
 * Area codes of the places' +1 countries. 2.21 re-parses every number (transform-phones-value.util.ts) and refuses
 * one whose digits belong to another country than the one stated: a random `989…` given as Canadian is a US number,
 * so a real 2.x workspace cannot hold it and a seed must not either.
 */
const AREA_CODES: Record<string, string[]> = { US: ['212', '415', '512', '617', '312'], CA: ['416', '514', '604', '403', '613'] };

/** A +1 number moved into its country's area codes (same random digits otherwise, so the generator's sequence is unchanged). */
function inNanpCountry(n: string, p: Place): string {
  const areas = AREA_CODES[p.countryCode];
  if (p.callingCode !== '+1' || !areas || n.length !== 10) return n;
  const area = areas[Number(n.slice(0, 3)) % areas.length];
  const exchange = /[2-9]/.test(n[3]) ? n[3] : '5';
  return `${area}${exchange}${n.slice(4)}`;
}

export function phoneNumber(ctx: RecordContext, p: Place): string {
  const digits = p.callingCode === '+1' ? 10 : ctx.rng.between(8, 10);
  let n = String(ctx.rng.between(2, 9));
  while (n.length < digits) n += String(ctx.rng.int(10));
  return inNanpCountry(n, p);
}

export function phones(ctx: RecordContext, unique: boolean): Record<string, unknown> {
  const p = place(ctx);
  const primary = unique ? inNanpCountry(`${ctx.rng.between(2, 9)}${String(ctx.index).padStart(9, '0')}`, p) : phoneNumber(ctx, p);
  // In the key order Twenty answers them: additionalPhones is jsonb, whose keys come back shortest first.
  const additional = ctx.rng.chance(0.1) ? [{ number: phoneNumber(ctx, p), callingCode: p.callingCode, countryCode: p.countryCode }] : [];
  return { primaryPhoneNumber: primary, primaryPhoneCountryCode: p.countryCode, primaryPhoneCallingCode: p.callingCode, additionalPhones: additional };
}

export function address(ctx: RecordContext): Record<string, unknown> {
  const p = place(ctx);
  if (ctx.rng.chance(0.2)) {
    // As often imported: a city and country, nothing else.
    return { ...EMPTY_COMPOSITES.ADDRESS!(), addressCity: p.city, addressCountry: p.country };
  }
  const jitter = () => Math.round((ctx.rng.next() - 0.5) * 2000) / 10000;
  return {
    addressStreet1: `${ctx.rng.between(1, 999)} ${ctx.rng.pick(STREETS)}`,
    addressStreet2: ctx.rng.chance(0.3) ? `Suite ${ctx.rng.between(100, 999)}` : '',
    addressCity: p.city,
    addressPostcode: p.postcode,
    addressState: p.state,
    addressCountry: p.country,
    addressLat: ctx.rng.chance(0.7) ? Math.round((p.lat + jitter()) * 1e6) / 1e6 : null,
    addressLng: ctx.rng.chance(0.7) ? Math.round((p.lng + jitter()) * 1e6) / 1e6 : null,
  };
}

/** Amount in micros (an integer, × 10⁶), below 2^53; zero on edge records. */
export function currency(ctx: RecordContext, maxUnits: number): Record<string, unknown> {
  if (ctx.edge && ctx.rng.chance(0.3)) return { amountMicros: 0, currencyCode: ctx.rng.pick(CURRENCIES) };
  const cents = Math.round(Math.exp(ctx.rng.next() * Math.log(maxUnits * 100)));
  return { amountMicros: cents * 10_000, currencyCode: ctx.rng.pick(CURRENCIES) };
}

export function links(ctx: RecordContext, url: string, label = ''): Record<string, unknown> {
  const secondary = ctx.rng.chance(0.1) ? [{ url: `https://example.com/${ctx.rng.pick(WORDS)}/${ctx.rng.int(10_000)}`, label: title(ctx.rng.pick(WORDS)) }] : [];
  return { primaryLinkLabel: label, primaryLinkUrl: url, secondaryLinks: secondary };
}

/** A timestamp near the record's creation (up to a year before, half a year after), or a boundary one. */
export function dateNear(ctx: RecordContext): Date {
  return new Date(ctx.createdAt + Math.round((ctx.rng.next() * 1.5 - 1) * 365 * DAY));
}

function number(field: ModelField, ctx: RecordContext): number {
  const s = (field.settings ?? {}) as { dataType?: string; decimals?: number; type?: string };
  if (ctx.edge && ctx.rng.chance(0.3)) return ctx.rng.pick(s.dataType === 'float' ? [0, -1.5, 1e-6] : [0, -1, 2_147_483_647]);
  const decimals = Math.min(s.decimals ?? 2, 6);
  const round = (x: number) => Math.round(x * 10 ** decimals) / 10 ** decimals;
  if (s.type === 'percentage') return round(ctx.rng.next());
  switch (s.dataType) {
    case 'float':
      return round(ctx.rng.next() * 1000);
    case 'bigint':
      // Beyond 32 bits, still an exact JSON number.
      return ctx.rng.between(0, 2 ** 20) * 2 ** 32 + ctx.rng.int(2 ** 32);
    default:
      return ctx.rng.between(0, /age/i.test(field.name) ? 20 : 10_000);
  }
}

function text(field: ModelField, ctx: RecordContext): string {
  const edge = edgeText(ctx, field);
  if (edge !== undefined) return field.isUnique ? `${edge} #${ctx.index}` : edge;
  const n = field.name;
  let v: string;
  if (/email/i.test(n)) v = `${ctx.rng.pick(FIRST_NAMES)[1]}${field.isUnique ? `.${ctx.index}` : ''}@${ctx.rng.pick(FREE_MAIL)}`;
  else if (/(url|link|website)/i.test(n)) v = `https://example.com/${ctx.rng.pick(WORDS)}/${ctx.rng.int(100_000)}`;
  else if (/phone/i.test(n)) v = `${place(ctx).callingCode} ${phoneNumber(ctx, place(ctx))}`;
  else if (/city/i.test(n)) v = place(ctx).city;
  else if (/(comment|description|bio|note|intro|text|body|summary|message)/i.test(n) || Number((field.settings as { displayedMaxRows?: number } | null)?.displayedMaxRows) > 1) {
    v = Array.from({ length: ctx.rng.between(1, 3) }, () => sentence(ctx.rng)).join(' ');
  } else if (/name$/i.test(n)) v = `${ctx.rng.pick(THING_WORDS)} ${ctx.rng.pick(THING_WORDS)}`;
  else v = title(words(ctx, ctx.rng.between(1, 4)));
  return field.isUnique && !/email/i.test(n) ? `${v} #${ctx.index}` : v;
}

function rawJson(ctx: RecordContext): unknown {
  const out: Record<string, unknown> = { source: ctx.rng.pick(['import', 'api', 'form']), score: ctx.rng.int(100), tags: [ctx.rng.pick(WORDS), ctx.rng.pick(WORDS)] };
  if (ctx.rng.chance(0.3)) out.nested = { enabled: ctx.rng.chance(0.5), items: [{ key: 'weight', value: `${ctx.rng.between(1, 40)}kg` }], nothing: null };
  if (ctx.edge) out.note = ctx.rng.pick(EDGE_TEXTS);
  return out;
}

/** A value for `field` that Twenty's validation accepts. */
export function genericValue(field: ModelField, ctx: RecordContext): unknown {
  if (field.type === 'FILES') {
    // Decided by the file planner alone, so the file table and the records always agree.
    const refs = ctx.g.files.filesOf(ctx.object, field, ctx.index);
    return refs.length ? refs : null;
  }
  if (leaveEmpty(field, ctx)) return emptyValue(field);
  const rng = ctx.rng;
  const options = (field.options ?? []).map((o) => o.value);
  switch (field.type) {
    case 'TEXT':
      return text(field, ctx);
    case 'NUMBER':
      return number(field, ctx);
    case 'NUMERIC':
      return Math.round(rng.next() * 1_000_000) / 100;
    case 'BOOLEAN':
      return rng.chance(0.5);
    case 'DATE':
      if (ctx.edge && rng.chance(0.5)) return rng.pick(EDGE_DATES);
      return new Date(Date.UTC(1950, 0, 1) + rng.int(75 * 365) * DAY).toISOString().slice(0, 10);
    case 'DATE_TIME':
      if (ctx.edge && rng.chance(0.5)) return rng.pick(EDGE_DATE_TIMES);
      return dateNear(ctx).toISOString();
    case 'SELECT':
    case 'RATING':
      return options.length ? rng.pick(options) : emptyValue(field);
    case 'MULTI_SELECT':
      return options.length ? rng.some(options, rng.between(1, Math.min(3, options.length))) : [];
    case 'CURRENCY':
      return currency(ctx, 10_000);
    case 'FULL_NAME':
      return { firstName: rng.pick(FIRST_NAMES)[0], lastName: rng.pick(LAST_NAMES)[0] };
    case 'EMAILS': {
      const local = field.isUnique ? `${rng.pick(FIRST_NAMES)[1]}.${ctx.index}` : `${rng.pick(FIRST_NAMES)[1]}.${rng.pick(LAST_NAMES)[1]}`;
      const additional = rng.chance(0.15) ? [`${local}@${rng.pick(FREE_MAIL)}`] : [];
      return { primaryEmail: `${local}@${rng.pick(FREE_MAIL)}`, additionalEmails: additional };
    }
    case 'PHONES':
      return phones(ctx, field.isUnique);
    case 'LINKS':
      return links(ctx, `https://${rng.pick(['www.', ''])}${rng.pick(THING_WORDS).toLowerCase()}.example.com/${field.isUnique ? ctx.index : rng.int(10_000)}`);
    case 'ADDRESS':
      return address(ctx);
    case 'ARRAY':
      return Array.from({ length: rng.between(1, 4) }, () => (ctx.edge && rng.chance(0.3) ? rng.pick(EDGE_TEXTS) : title(words(ctx, rng.between(2, 5)))));
    case 'RAW_JSON':
      return rawJson(ctx);
    case 'RICH_TEXT':
    case 'RICH_TEXT_V2':
      return richText(rng, ctx.newUuid, ctx.edge);
    case 'UUID':
      return ctx.newUuid();
    default:
      return emptyValue(field);
  }
}
