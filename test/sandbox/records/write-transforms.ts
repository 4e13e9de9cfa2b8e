/**
 * What Twenty 2.21 rewrites in a value before it stores it: the data-arg processor's validators and transformers
 * (engine/api/common/common-args-processors/data-arg-processor/data-arg-processor.service.ts, `processField`) and the
 * record transformers it calls (engine/core-modules/record-transformer/utils/transform-{emails,links,phones}-value,
 * transform-rich-text.util.ts), then the ORM's formatData (twenty-orm/utils/format-data.util.ts: a RAW_JSON string is
 * JSON.parse'd). Pinned by test/fixtures/real-2.21/{normalised-on-write,raw-json-values,rich-text-null-fails-batch}.
 *
 * The sandbox stores a composite's empty sub-fields as '' / [] where Twenty stores NULL; both read back the same
 * (format-result.util.ts replaces NULL by the null-equivalent, see serialize.ts), and filters treat them alike.
 */
import { inspect } from 'node:util';
import { badRequest, codedError, SandboxHttpError } from '../http-error.js';
import { normalisePhone, type PhoneProblem } from '../../../sdk/transform/phones.js';

// ---------------------------------------------------------------------------------------------------------------
// RAW_JSON (validate-raw-json-field-or-throw.util.ts, transform-raw-json-field.util.ts, format-data.util.ts)

const invalidObject = (value: unknown, path: string) => badRequest(`Invalid object value ${inspect(value)} for field "${path}"`);

/**
 * A RAW_JSON value as stored: a string must hold JSON and is stored parsed (`'42'` → 42, `'"hi"'` → 'hi'); a string
 * that is not JSON, a bare number or boolean is refused; an object or array is kept, except an empty one
 * (isEmptyObject uses @sniptt/guards' isObject, true for arrays too), which is stored as null.
 */
export function rawJsonValue(value: unknown, path: string): unknown {
  if (value === null) return null;
  if (typeof value === 'string') {
    try {
      return JSON.parse(value);
    } catch {
      throw invalidObject(value, path);
    }
  }
  if (typeof value !== 'object') throw invalidObject(value, path);
  return Object.keys(value as object).length === 0 ? null : value;
}

// ---------------------------------------------------------------------------------------------------------------
// RICH_TEXT (transform-rich-text.util.ts reads `parsedValue.blocknote` of whatever it is given)

/**
 * A rich text sent as null: transformRichTextValue dereferences it, the TypeError reaches the REST filter as a 400
 * named after the error class, and the whole request fails (a batch included: values are processed before insert).
 */
export const richTextNullError = () =>
  new SandboxHttpError(400, { statusCode: 400, error: 'TypeError', messages: ["Cannot read properties of null (reading 'blocknote')"] });

/**
 * A rich text as transformRichTextValue stores it: `markdown || converted`, `blocknote || converted`, so an empty
 * string is null. Not mirrored: the conversion itself (BlockNote's server editor fills the markdown from the blocks
 * and the blocks from the markdown when one of them is missing); the sandbox keeps what was sent.
 */
export function richTextValue(v: Record<string, unknown>): Record<string, unknown> {
  return { ...v, blocknote: v.blocknote || null, markdown: v.markdown || null };
}

// ---------------------------------------------------------------------------------------------------------------
// DATE_TIME (validate-date-time-field-or-throw.util.ts → parseToInstantOrThrow in twenty-shared; Postgres keeps
// microseconds, node-postgres reads them back as a JS Date, so the answer has milliseconds)

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const monthOf = (name: string) => {
  const n = name.toLowerCase();
  const i = MONTHS.findIndex((m) => m === n || m.slice(0, 3) === n);
  return i < 0 ? NaN : i + 1;
};

/** A UTC midnight for y-m-d, or null when the date does not exist (date-fns `isValid` after a strict parse). */
function utcDate(y: number, m: number, d: number): number | null {
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d ? t : null;
}

/** NON_ISO_DATE_FORMATS of twenty-shared (date only, read as midnight UTC). */
function nonIsoDate(s: string): number | null {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})[./](\d{1,2})[./](\d{1,2})$/.exec(s))) return utcDate(+m[1], +m[2], +m[3]); // yyyy.MM.dd, yyyy/MM/dd
  if ((m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s))) return utcDate(+m[3], +m[1], +m[2]); // MM-dd-yyyy, MM/dd/yyyy, MM.dd.yyyy
  if ((m = /^([A-Za-z]+) (\d{1,2}), (\d{4})$/.exec(s))) return utcDate(+m[3], monthOf(m[1]), +m[2]); // MMMM d, yyyy / MMM d, yyyy
  if ((m = /^(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})$/.exec(s))) return utcDate(+m[3], monthOf(m[2]), +m[1]); // d MMMM yyyy, dd-MMM-yyyy
  if ((m = /^(\d{4})-([A-Za-z]+)-(\d{1,2})$/.exec(s))) return utcDate(+m[1], monthOf(m[2]), +m[3]); // yyyy-MMM-dd
  return null;
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}(:?\d{2})?)$/;
const ISO_LOCAL = /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?$/;

/**
 * A DATE_TIME value as read back: an ISO instant (any offset) in UTC at millisecond precision
 * (`2024-03-04T05:06:07.123456Z` → `2024-03-04T05:06:07.123Z`); an ISO date or date-time without offset is UTC
 * (Temporal.PlainDateTime → toZonedDateTime('UTC')); the non-ISO date formats give midnight UTC. Anything else is
 * refused with the validator's message.
 */
export function dateTimeValue(value: unknown, path: string): string {
  const refuse = () =>
    badRequest(`Invalid value ${inspect(value)} for date-time field "${path}". Expected format: 'YYYY-MM-DDTHH:mm:ssZ'`);
  if (typeof value !== 'string') throw refuse();
  // Beyond milliseconds Date.parse truncates, as the JS Date node-postgres builds does.
  let t: number | null = null;
  if (ISO_WITH_ZONE.test(value)) t = Date.parse(value.replace(' ', 'T'));
  else {
    const local = ISO_LOCAL.exec(value);
    if (local) t = Date.parse(`${local[1]}T${local[2] ?? '00:00'}Z`);
    else t = nonIsoDate(value);
  }
  if (t === null || Number.isNaN(t)) throw refuse();
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) throw refuse();
  return d.toISOString();
}

// ---------------------------------------------------------------------------------------------------------------
// EMAILS (transform-emails-value.util.ts)

type Obj = Record<string, unknown>;

/** Primary and additional e-mails lower-cased. */
export function emailsValue(v: Obj): Obj {
  const primary = v.primaryEmail;
  const additional = v.additionalEmails;
  return {
    ...v,
    primaryEmail: typeof primary === 'string' ? primary.toLowerCase() : primary,
    additionalEmails: Array.isArray(additional) ? additional.map((e) => (typeof e === 'string' ? e.toLowerCase() : e)) : additional,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// LINKS (transform-links-value.util.ts, remove-empty-links.ts, twenty-shared normalizeUrlOrigin)

/** normalizeUrlOrigin: scheme and host lower-cased by URL(), one trailing `/` dropped; a text URL() refuses is kept. */
export function normalizeUrlOrigin(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw;
  }
  return (url.origin + url.pathname + url.search + url.hash).replace(/\/$/, '');
}

/**
 * The links of a LINKS value as Twenty keeps them: links without a URL dropped, the first remaining one primary
 * (a secondary link moves up when the primary URL is empty), each URL's origin normalised, secondary links reduced
 * to `{url, label}`. Not mirrored: removeEmptyLinks also refuses a URL its absoluteUrlSchema rejects ("The URL of
 * the link is not valid"), and a PATCH naming only some sub-fields resets the others there (the sandbox merges).
 */
export function linksValue(v: Obj): Obj {
  const links: Array<{ url: string; label: unknown }> = [];
  const primaryUrl = v.primaryLinkUrl;
  if (typeof primaryUrl === 'string' && primaryUrl !== '') links.push({ url: primaryUrl, label: v.primaryLinkLabel });
  for (const l of Array.isArray(v.secondaryLinks) ? (v.secondaryLinks as unknown[]) : []) {
    const link = l as { url?: unknown; label?: unknown } | null;
    if (link && typeof link.url === 'string' && link.url !== '') links.push({ url: link.url, label: link.label });
  }
  const [first, ...others] = links;
  return {
    ...v,
    primaryLinkLabel: first ? (first.label ?? '') : '',
    primaryLinkUrl: first ? normalizeUrlOrigin(first.url) : '',
    secondaryLinks: others.map((l) => ({ url: normalizeUrlOrigin(l.url), ...(l.label === undefined ? {} : { label: l.label }) })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// PHONES (transform-phones-value.util.ts, libphonenumber-js 1.11.5 as the server ships it)

/**
 * The server's codes for each refusal (RecordTransformerExceptionCode), pinned by
 * test/fixtures/real-2.21/phones-re-parsed.json. The parse itself is the SDK's port (sdk/transform/phones.ts),
 * which that recording checks against the real server through this sandbox's replay test.
 */
const PHONE_ERROR_CODES: Record<PhoneProblem, (reason: string) => string> = {
  INVALID_COUNTRY_CODE: () => 'INVALID_PHONE_COUNTRY_CODE',
  INVALID_CALLING_CODE: () => 'INVALID_PHONE_CALLING_CODE',
  INVALID_NUMBER: () => 'INVALID_PHONE_NUMBER',
  CONFLICTING_CODES: (reason) =>
    reason.startsWith('Provided country code and calling code')
      ? 'CONFLICTING_PHONE_CALLING_CODE_AND_COUNTRY_CODE'
      : reason.includes('inferred country') ? 'CONFLICTING_PHONE_COUNTRY_CODE' : 'CONFLICTING_PHONE_CALLING_CODE',
};

const asText = (v: unknown) => (typeof v === 'string' ? v : v === null ? null : undefined);

function inferPhone(p: { number?: unknown; callingCode?: unknown; countryCode?: unknown }) {
  const r = normalisePhone({ number: asText(p.number), callingCode: asText(p.callingCode), countryCode: asText(p.countryCode) });
  if (r.status === 'refused') throw codedError(400, PHONE_ERROR_CODES[r.problem](r.reason), r.reason);
  return r.phone;
}

/** A PHONES value with its primary number and each additional phone re-parsed; a number it cannot parse refuses the record. */
export function phonesValue(v: Obj): Obj {
  const primary = inferPhone({ number: v.primaryPhoneNumber, callingCode: v.primaryPhoneCallingCode, countryCode: v.primaryPhoneCountryCode });
  const orEmpty = (x: string | null | undefined, previous: unknown) => (x === undefined ? previous : (x ?? ''));
  const additional = Array.isArray(v.additionalPhones)
    ? (v.additionalPhones as Array<Record<string, unknown> | null>).map((a) => {
        const out = inferPhone(a ?? {});
        // Stored in a jsonb column: undefined keys vanish, and keys read back in jsonb's order (shorter first, then
        // bytewise), so `number` comes before `callingCode` and `countryCode`.
        const entries = Object.entries(out).filter(([, x]) => x !== undefined);
        return Object.fromEntries(entries.sort(([a1], [b1]) => a1.length - b1.length || (a1 < b1 ? -1 : a1 > b1 ? 1 : 0)));
      })
    : v.additionalPhones;
  return {
    ...v,
    primaryPhoneNumber: orEmpty(primary.number, v.primaryPhoneNumber),
    primaryPhoneCountryCode: orEmpty(primary.countryCode, v.primaryPhoneCountryCode),
    primaryPhoneCallingCode: orEmpty(primary.callingCode, v.primaryPhoneCallingCode),
    additionalPhones: additional,
  };
}
