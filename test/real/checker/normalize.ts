/**
 * Canonical forms for comparing a source value with its copy, per field type. Only the normalisations Twenty
 * itself applies on write are undone (twenty-api.md §13): e-mails lower-cased, link origins lower-cased and
 * trailing `/` dropped (international domains to punycode, an empty primary link replaced by the first
 * secondary), phones as national digits with inferred codes, date-times cut to milliseconds, UUIDs
 * lower-cased, a plain string in an ARRAY becoming `["…"]`, RAW_JSON strings parsed and `{}` stored as null,
 * and the read-back of empties (`''` for null text, `''`/`[]` sub-fields of empty composites). Anything else
 * that differs is a difference.
 */
import type { Json } from './http.js';

/** JSON with object keys sorted, so two equal values print the same (jsonb reorders keys). */
export function stable(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${stable(o[k])}`).join(',')}}`;
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

/** Twenty's link normalisation: scheme and host lower-cased (punycode), a trailing `/` dropped. */
export function normUrl(u: unknown): string {
  let s = text(u).trim();
  if (!s) return '';
  const m = /^([a-z][a-z0-9+.-]*:\/\/)?([^/?#]*)(.*)$/i.exec(s);
  if (m) {
    let host = m[2].toLowerCase();
    try {
      host = new URL(`http://${host}`).host; // punycode for international domains
    } catch {
      /* keep as is */
    }
    s = `${(m[1] ?? '').toLowerCase()}${host}${m[3]}`;
  }
  return s.replace(/\/+$/, '');
}

function links(v: Json): Json {
  const secondary = (Array.isArray(v?.secondaryLinks) ? v.secondaryLinks : []).map((l: Json) => ({ url: normUrl(l?.url), label: text(l?.label) }));
  let primary = { url: normUrl(v?.primaryLinkUrl), label: text(v?.primaryLinkLabel) };
  if (!primary.url && secondary.length) primary = secondary.shift(); // an empty primary is replaced by the first secondary
  return { primary, secondary };
}

/** Digits of a phone with its calling code: `+33` + `0612345678` and `+33612345678` give the same string. */
function phoneDigits(number: unknown, callingCode: unknown): string {
  const n = text(number).trim();
  const c = text(callingCode).replace(/\D/g, '');
  if (n.startsWith('+')) return n.replace(/\D/g, '');
  let national = n.replace(/\D/g, '');
  if (!national) return '';
  if (c && national.startsWith(c) && national.length > 10) return national; // number already carries its code
  if (c) national = national.replace(/^0+/, ''); // a national trunk prefix is dropped when the code is inferred
  return c + national;
}

function phones(v: Json): Json {
  const add = (Array.isArray(v?.additionalPhones) ? v.additionalPhones : []).map((p: Json) => phoneDigits(p?.number, p?.callingCode));
  return { primary: phoneDigits(v?.primaryPhoneNumber, v?.primaryPhoneCallingCode), country: text(v?.primaryPhoneCountryCode), additional: add };
}

function rawJson(v: unknown): unknown {
  let x = v;
  if (typeof x === 'string') {
    try {
      x = JSON.parse(x); // "42" is stored as 42
    } catch {
      /* a string that is not JSON stays a string */
    }
  }
  if (x && typeof x === 'object' && !Array.isArray(x) && !Object.keys(x).length) return null; // {} is stored as null
  return x ?? null;
}

/** Replaces file URLs and file ids in a rich-text body so bodies compare equal when only the copies differ. */
export function maskFileRefs(s: string): string {
  return s
    .replace(/https?:\/\/[^\s"'()<>]*\/files?(?:-field)?\/[^\s"'()<>]*/g, '<file-url>')
    .replace(/https?:\/\/[^\s"'()<>]*\/file\/[^\s"'()<>]*/g, '<file-url>')
    .replace(/("(?:attachmentFileId|fileId)"\s*:\s*")[0-9a-f-]{36}(")/gi, '$1<file-id>$2');
}

/** File URLs of a rich-text body, in order. */
export function fileUrls(s: string): string[] {
  return [...s.matchAll(/https?:\/\/[^\s"'()<>\\]*\/file\/[^\s"'()<>\\]*/g)].map((m) => m[0].replace(/\\u0026/g, '&'));
}

function richText(v: Json): Json {
  let blocknote: unknown = v?.blocknote ?? null;
  if (typeof blocknote === 'string') {
    try {
      blocknote = blocknote ? JSON.parse(maskFileRefs(blocknote)) : null;
    } catch {
      blocknote = maskFileRefs(blocknote as string);
    }
  }
  if (Array.isArray(blocknote) && !blocknote.length) blocknote = null;
  const markdown = maskFileRefs(text(v?.markdown)).trim();
  return { blocknote, markdown };
}

/**
 * The canonical form of a value of `type` (undefined when the type is not compared by value here:
 * relations, actors and files have their own checks).
 */
export function canonical(type: string, v: unknown): unknown {
  const o = v as Json;
  switch (type) {
    case 'TEXT':
      return text(v);
    case 'UUID':
      return text(v).toLowerCase();
    case 'NUMBER':
    case 'NUMERIC':
    case 'POSITION':
      return num(v);
    case 'BOOLEAN':
      return v ?? null;
    case 'DATE':
      return v ? String(v).slice(0, 10) : null;
    case 'DATE_TIME': {
      if (!v) return null;
      const t = Date.parse(String(v));
      return Number.isNaN(t) ? String(v) : new Date(t).toISOString(); // cut to ms, in UTC
    }
    case 'SELECT':
    case 'RATING':
      return v ?? null;
    case 'MULTI_SELECT':
    case 'ARRAY':
      if (v === null || v === undefined) return [];
      return Array.isArray(v) ? v : [v];
    case 'CURRENCY': {
      const amount = num(o?.amountMicros);
      const code = text(o?.currencyCode) || null;
      return amount === null && code === null ? null : { amount, code };
    }
    case 'FULL_NAME':
      return { first: text(o?.firstName), last: text(o?.lastName) };
    case 'EMAILS':
      return {
        primary: text(o?.primaryEmail).toLowerCase(),
        additional: (Array.isArray(o?.additionalEmails) ? o.additionalEmails : []).map((e: unknown) => text(e).toLowerCase()),
      };
    case 'LINKS':
      return links(o);
    case 'PHONES':
      return phones(o);
    case 'ADDRESS':
      return {
        street1: text(o?.addressStreet1), street2: text(o?.addressStreet2), city: text(o?.addressCity), postcode: text(o?.addressPostcode),
        state: text(o?.addressState), country: text(o?.addressCountry), lat: num(o?.addressLat), lng: num(o?.addressLng),
      };
    case 'RAW_JSON':
      return rawJson(v);
    case 'RICH_TEXT':
    case 'RICH_TEXT_V2':
      return richText(o);
    default:
      return undefined;
  }
}

/** Whether a target value equals the source value for this type (phones: a country code the target inferred is fine). */
export function sameValue(type: string, source: unknown, target: unknown): boolean {
  const a = canonical(type, source) as Json;
  const b = canonical(type, target) as Json;
  if (type === 'PHONES') {
    // the country code of an empty number means nothing (2.21 keeps default codes on empty phones)
    return a.primary === b.primary && stable(a.additional) === stable(b.additional) && (!a.country || !a.primary || a.country === b.country);
  }
  if ((type === 'RICH_TEXT' || type === 'RICH_TEXT_V2') && typeof source === 'string') {
    // 1.x legacy rich text is the BlockNote JSON alone; the target derives its markdown, so only blocknote compares.
    return stable((canonical(type, { blocknote: source }) as Json).blocknote) === stable(b.blocknote);
  }
  return stable(a) === stable(b);
}

/** A value shortened for a report line. */
export function shown(v: unknown, max = 300): unknown {
  if (v === undefined) return '(absent)';
  const raw = typeof v === 'string' ? v : JSON.stringify(v);
  if (raw === undefined) return String(v);
  // signed file URLs carry a token (a JWT valid for a day): never into a report
  const s = raw.replace(/token=[^&"\s\\]+/g, 'token=…');
  if (s === raw && s.length <= max) return v;
  if (s.length <= max) return typeof v === 'string' ? s : JSON.parse(s);
  return `${s.slice(0, max)}… (${s.length} chars)`;
}

/** A FILES value without its signed URLs (they are re-signed on every read). */
export function withoutUrls(v: unknown): unknown {
  return Array.isArray(v) ? v.map((f) => (f && typeof f === 'object' ? { ...f, url: undefined } : f)) : v;
}
