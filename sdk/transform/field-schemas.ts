/**
 * zod schemas for one field's value, by Twenty field type, as the target's metadata describes it (§5): what a
 * create accepts, so a record that would be refused is caught before it is sent, with a message that names the
 * field, the value and what the target expects.
 */
import { z } from 'zod';
import type { SchemaField } from '../metadata/types.js';

/** Actor sources 2.21 accepts (FieldActorSource in twenty-shared). */
export const ACTOR_SOURCES = ['EMAIL', 'CALENDAR', 'WORKFLOW', 'AGENT', 'API', 'IMPORT', 'MANUAL', 'SYSTEM', 'WEBHOOK', 'APPLICATION'] as const;

// As permissive as Twenty's own check: anything@anything.tld, no spaces.
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const UNSAFE_URL_RE = /^\s*(javascript|vbscript|data):/i;

export const show = (v: unknown) => {
  const s = typeof v === 'string' ? JSON.stringify(v) : v === undefined ? 'nothing' : JSON.stringify(v);
  return s && s.length > 80 ? `${s.slice(0, 77)}…` : s;
};

/** A zod error option naming the field and what it expects. */
export const expecting = (label: string, what: string) => ({
  error: (iss: { input?: unknown }) =>
    iss.input === undefined
      ? `${label} is required in the target (${what})`
      : iss.input === null
        ? `${label} cannot be empty in the target (expected ${what})`
        : `${label}: expected ${what}, got ${show(iss.input)}`,
});

const custom = (ctx: z.RefinementCtx, code: string, message: string) => ctx.addIssue({ code: 'custom', message, params: { code } });

export const guid = (label: string) => z.guid(expecting(label, 'a UUID'));
const text = (label: string) => z.string(expecting(label, 'a string')).nullable();
const num = (label: string) => z.number(expecting(label, 'a finite number')).refine(Number.isFinite, `${label}: expected a finite number`);

export const dateTime = (label: string) =>
  z.string(expecting(label, 'an ISO date-time')).superRefine((s, ctx) => {
    if (!DATE_TIME_RE.test(s) || Number.isNaN(Date.parse(s))) {
      custom(ctx, 'INVALID_DATE', `${label}: expected an ISO 8601 date-time like 2026-01-31T12:00:00.000Z, got ${show(s)}`);
    }
  });

const email = (label: string) =>
  z.string(expecting(label, 'an e-mail address')).superRefine((s, ctx) => {
    if (s !== '' && !EMAIL_RE.test(s)) custom(ctx, 'INVALID_EMAIL', `${label}: ${show(s)} is not a valid e-mail address`);
  });

const options = (field: SchemaField) => (field.options ?? []).map((o) => o.value);

function option(field: SchemaField, label: string) {
  const allowed = options(field);
  return z.string(expecting(label, `one of ${allowed.join(', ')}`)).superRefine((v, ctx) => {
    if (!allowed.includes(v)) custom(ctx, 'INVALID_OPTION', `${label}: ${show(v)} is not an option in the target (options: ${allowed.join(', ') || 'none'})`);
  });
}

function numberOf(field: SchemaField, label: string) {
  const dataType = (field.settings as { dataType?: string } | null)?.dataType;
  const integer = dataType === 'int' || dataType === 'bigint';
  // bigint columns may come back as strings (JSON has no 64-bit integers); NUMERIC is a string-friendly decimal.
  const stringsOk = dataType === 'bigint' || field.type === 'NUMERIC';
  return z.union([z.number(), z.string()], expecting(label, 'a number')).superRefine((v, ctx) => {
    const n = typeof v === 'number' ? v : stringsOk && v.trim() !== '' ? Number(v) : NaN;
    if (!Number.isFinite(n)) return custom(ctx, 'INVALID_NUMBER', `${label}: ${show(v)} is not a number`);
    if (integer && !Number.isInteger(n)) custom(ctx, 'INVALID_NUMBER', `${label}: ${show(v)} is not an integer (${dataType} field)`);
  });
}

/** BlockNote JSON must parse, and links must not use script-capable URL schemes (the server refuses both). */
function blocknote(label: string) {
  return z.string(expecting(label, 'BlockNote JSON as a string')).nullable().superRefine((s, ctx) => {
    if (s === null || s === '') return;
    let doc: unknown;
    try {
      doc = JSON.parse(s);
    } catch {
      return custom(ctx, 'INVALID_RICH_TEXT', `${label}: blocknote is not valid JSON`);
    }
    const bad = unsafeUrl(doc);
    if (bad) custom(ctx, 'INVALID_RICH_TEXT', `${label}: link ${show(bad)} uses a refused URL scheme`);
  });
}

function unsafeUrl(node: unknown, depth = 0): string | undefined {
  if (depth > 50 || node === null || typeof node !== 'object') return undefined;
  for (const [k, v] of Object.entries(node)) {
    if ((k === 'href' || k === 'url' || k === 'src') && typeof v === 'string' && UNSAFE_URL_RE.test(v)) return v;
    const found = unsafeUrl(v, depth + 1);
    if (found) return found;
  }
  return undefined;
}

const composite = (label: string, shape: Record<string, z.ZodType>) =>
  z.strictObject(
    Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, s.optional()])),
    { error: (iss) => (iss.code === 'unrecognized_keys' ? `${label}: unknown sub-field(s) ${(iss as { keys?: string[] }).keys?.join(', ')}` : `${label}: expected an object, got ${show(iss.input)}`) },
  );

const DATE_OK = (s: string) => (DATE_RE.test(s) || DATE_TIME_RE.test(s)) && !Number.isNaN(Date.parse(s.slice(0, 10)));

/**
 * The schema of one field's value (without null/optional handling: see buildRecordSchema).
 *
 * @example
 * fieldValueSchema(stageField, 'opportunities.stage').safeParse('WON').success; // false when the target has no WON option
 */
export function fieldValueSchema(field: SchemaField, label: string): z.ZodType {
  const sub = (k: string) => `${label}.${k}`;
  switch (field.type) {
    case 'TEXT':
      if (field.isNullable || (field.defaultValue !== null && field.defaultValue !== undefined)) return z.string(expecting(label, 'a string'));
      // Twenty stores '' as null, which this column refuses (NOT NULL, no default): say so before the server does.
      return z.string(expecting(label, 'a string')).superRefine((s, ctx) => {
        if (s === '') custom(ctx, 'REQUIRED_VALUE_EMPTY', `${label} is empty, and the target stores an empty text as null, which this field refuses (NOT NULL without a default): give it a value in the source, or a default in the target's data model`);
      });
    case 'UUID':
      return guid(label);
    case 'NUMBER':
    case 'NUMERIC':
      return numberOf(field, label);
    case 'POSITION':
      return num(label);
    case 'BOOLEAN':
      return z.boolean(expecting(label, 'true or false'));
    case 'DATE_TIME':
      return dateTime(label);
    case 'DATE':
      return z.string(expecting(label, 'a date')).superRefine((s, ctx) => {
        if (!DATE_OK(s)) custom(ctx, 'INVALID_DATE', `${label}: expected a date like 2026-01-31, got ${show(s)}`);
      });
    case 'SELECT':
    case 'RATING':
      return option(field, label);
    case 'MULTI_SELECT':
      return z.array(option(field, label), expecting(label, 'an array of options'));
    case 'ARRAY':
      return z.array(z.union([z.string(), z.number()]), expecting(label, 'an array of strings'));
    case 'RAW_JSON':
      return z.unknown();
    case 'RICH_TEXT':
    case 'RICH_TEXT_V2':
      return composite(label, { blocknote: blocknote(sub('blocknote')), markdown: text(sub('markdown')) });
    case 'EMAILS':
      return composite(label, {
        primaryEmail: email(sub('primaryEmail')).nullable(),
        additionalEmails: z.array(email(sub('additionalEmails'))).nullable(),
      });
    case 'LINKS':
      return composite(label, {
        primaryLinkUrl: text(sub('primaryLinkUrl')),
        primaryLinkLabel: text(sub('primaryLinkLabel')),
        secondaryLinks: z.array(z.looseObject({ url: text(sub('secondaryLinks.url')).optional(), label: text(sub('secondaryLinks.label')).optional() })).nullable(),
      });
    case 'PHONES':
      return composite(label, {
        primaryPhoneNumber: text(sub('primaryPhoneNumber')),
        primaryPhoneCountryCode: z.string().regex(/^([A-Z]{2})?$/, `${sub('primaryPhoneCountryCode')}: expected a two-letter country code like US`).nullable(),
        primaryPhoneCallingCode: z.string().regex(/^(\+\d{1,4})?$/, `${sub('primaryPhoneCallingCode')}: expected a calling code like +1`).nullable(),
        additionalPhones: z.array(z.looseObject({})).nullable(),
      });
    case 'CURRENCY':
      return composite(label, {
        amountMicros: z
          .number(expecting(sub('amountMicros'), 'an integer amount in micros'))
          .superRefine((n, ctx) => {
            if (!Number.isSafeInteger(n)) custom(ctx, 'INVALID_NUMBER', `${sub('amountMicros')}: ${n} is not an integer amount in micros (amount × 10⁶)`);
          })
          .nullable(),
        currencyCode: z.string().regex(/^([A-Z]{3})?$/, `${sub('currencyCode')}: expected an ISO 4217 code like USD`).nullable(),
      });
    case 'FULL_NAME':
      return composite(label, { firstName: text(sub('firstName')), lastName: text(sub('lastName')) });
    case 'ADDRESS':
      return composite(label, {
        addressStreet1: text(sub('addressStreet1')), addressStreet2: text(sub('addressStreet2')), addressCity: text(sub('addressCity')),
        addressPostcode: text(sub('addressPostcode')), addressState: text(sub('addressState')), addressCountry: text(sub('addressCountry')),
        addressLat: num(sub('addressLat')).nullable(), addressLng: num(sub('addressLng')).nullable(),
      });
    case 'ACTOR':
      return composite(label, {
        source: z.enum(ACTOR_SOURCES, expecting(sub('source'), `one of ${ACTOR_SOURCES.join(', ')}`)),
        workspaceMemberId: guid(sub('workspaceMemberId')).nullable(),
        name: text(sub('name')),
        context: z.unknown(),
      });
    case 'FILES':
      return z.array(z.looseObject({ fileId: guid(sub('fileId')) }), expecting(label, 'an array of files'));
    case 'TS_VECTOR':
      return z.never({ error: () => `${label} is computed by the server and cannot be written` });
    default:
      return z.unknown();
  }
}
