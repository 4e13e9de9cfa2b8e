/**
 * Field values as Twenty 2.21 stores and validates them: the empty value of each type, metadata defaults,
 * and the checks a create or update runs on each value (messages as the real server words them).
 */
import { randomUUID } from 'node:crypto';
import { badRequest, codedError } from '../http-error.js';
import type { FieldType, ModelField } from '../model/types.js';
import { dateTimeValue, emailsValue, linksValue, phonesValue, rawJsonValue, richTextNullError, richTextValue } from './write-transforms.js';

/** Actor sources 2.21 accepts (FieldActorSource in twenty-shared; the recording masks AGENT). */
export const ACTOR_SOURCES = ['EMAIL', 'CALENDAR', 'WORKFLOW', 'AGENT', 'API', 'IMPORT', 'MANUAL', 'SYSTEM', 'WEBHOOK', 'APPLICATION'];

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID_RE.test(v);
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Sub-fields of each composite type, in the order Twenty returns them, with their empty values. */
export const COMPOSITES: Partial<Record<FieldType, Record<string, unknown>>> = {
  ADDRESS: {
    addressStreet1: '', addressStreet2: '', addressCity: '', addressPostcode: '', addressState: '', addressCountry: '',
    addressLat: null, addressLng: null,
  },
  LINKS: { primaryLinkLabel: '', primaryLinkUrl: '', secondaryLinks: [] },
  CURRENCY: { amountMicros: null, currencyCode: null },
  FULL_NAME: { firstName: '', lastName: '' },
  EMAILS: { primaryEmail: '', additionalEmails: [] },
  PHONES: { primaryPhoneNumber: '', primaryPhoneCountryCode: '', primaryPhoneCallingCode: '', additionalPhones: [] },
  ACTOR: { source: 'MANUAL', workspaceMemberId: null, name: '', context: null },
  RICH_TEXT: { blocknote: null, markdown: null },
};
export const isComposite = (type: FieldType) => type in COMPOSITES;

/** Metadata defaults are SQL literals: `"''"`, `"'GOLD'"`, `"now"`, `"uuid"`, numbers, booleans, or objects of those. */
function fromSqlLiteral(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  if (v === 'now') return new Date().toISOString();
  if (v === 'uuid') return randomUUID();
  const m = /^'(.*)'$/s.exec(v);
  return m ? m[1] : v;
}

/** The value a field takes when a create omits it. */
export function defaultValueOf(field: ModelField, isStandard: boolean): unknown {
  const empty = COMPOSITES[field.type];
  if (empty) {
    const dv = (field.defaultValue ?? {}) as Record<string, unknown>;
    const out: Record<string, unknown> = structuredClone(empty);
    for (const [k, v] of Object.entries(dv)) if (k in out && v !== null) out[k] = fromSqlLiteral(v);
    return out;
  }
  if (field.defaultValue !== undefined && field.defaultValue !== null) return fromSqlLiteral(field.defaultValue);
  // Standard text columns are NOT NULL DEFAULT '' in Twenty's schema even where the metadata shows no default.
  if (field.type === 'TEXT' && isStandard) return '';
  return null;
}

const typeError = (kind: string, value: unknown, path: string) =>
  badRequest(`Invalid ${kind} value '${typeof value === 'string' ? value : JSON.stringify(value)}' for field "${path}"`);

const enumError = (value: unknown, path: string, allowed: string[]) =>
  badRequest(`Invalid value "${String(value)}" for field "${path}". Valid values are: ${allowed.join(', ')}`);

function checkString(v: unknown, path: string) {
  if (v !== null && typeof v !== 'string') throw typeError('string', v, path);
}

function checkComposite(field: ModelField, value: Record<string, unknown>) {
  const path = (k: string) => `${field.name}.${k}`;
  const sub = COMPOSITES[field.type]!;
  for (const [k, v] of Object.entries(value)) {
    if (!(k in sub)) throw badRequest(`Object has no sub-field "${k}" for composite field "${field.name}"`);
    if (v === null || v === undefined) continue;
    switch (`${field.type}.${k}`) {
      case 'EMAILS.primaryEmail':
        checkString(v, path(k));
        if (v !== '' && !EMAIL_RE.test(v as string)) throw badRequest(`Invalid string value '${v}' for email field "${path(k)}"`);
        break;
      case 'EMAILS.additionalEmails':
        if (!Array.isArray(v)) throw typeError('array', v, path(k));
        for (const e of v) if (typeof e !== 'string' || !EMAIL_RE.test(e)) throw badRequest(`Invalid string value '${e}' for email field "${path(k)}"`);
        break;
      case 'CURRENCY.amountMicros':
      case 'ADDRESS.addressLat':
      case 'ADDRESS.addressLng':
        if (typeof v !== 'number' || !Number.isFinite(v)) throw typeError('number', v, path(k));
        break;
      case 'ACTOR.source':
        if (!ACTOR_SOURCES.includes(v as string)) throw enumError(v, path(k), ACTOR_SOURCES);
        break;
      case 'ACTOR.workspaceMemberId':
        // Not a foreign key in 2.21: any uuid is stored as is (create-createdby-unknown-member).
        if (!isUuid(v)) throw badRequest(`Value "${String(v)}" is not a valid UUID`);
        break;
      case 'ACTOR.context':
        break;
      case 'LINKS.secondaryLinks':
      case 'PHONES.additionalPhones':
        if (!Array.isArray(v)) throw typeError('array', v, path(k));
        break;
      case 'PHONES.primaryPhoneCallingCode':
        checkString(v, path(k));
        if (v !== '' && !/^\+\d{1,4}$/.test(v as string)) throw badRequest(`Invalid calling code '${v}' for field "${path(k)}"`);
        break;
      case 'PHONES.primaryPhoneCountryCode':
        checkString(v, path(k));
        if (v !== '' && !/^[A-Z]{2}$/.test(v as string)) throw badRequest(`Invalid country code '${v}' for field "${path(k)}"`);
        break;
      case 'RICH_TEXT.blocknote':
        checkString(v, path(k));
        // An empty body passes unparsed (validate-rich-text-field-or-throw.util.ts: `if (!isNonEmptyString(textValue))
        // return textValue`); 1.2 stores one for every note created without a body.
        if (v === '') break;
        try {
          JSON.parse(v as string);
        } catch {
          throw badRequest(`Invalid rich text value for field "${path(k)}": blocknote must be a JSON string`);
        }
        break;
      default:
        checkString(v, path(k));
    }
  }
}

/**
 * Validates one value sent for a data field and returns it as stored. Composite values are merged over `previous`
 * (a partial composite in a PATCH keeps the other sub-fields, update-partial-composite).
 */
export function normalizeValue(field: ModelField, value: unknown, previous: unknown): unknown {
  const path = field.name;
  if (value === null) {
    if (field.type === 'RICH_TEXT') throw richTextNullError();
    return isComposite(field.type) ? structuredClone(COMPOSITES[field.type]) : null;
  }
  switch (field.type) {
    case 'TEXT':
      if (typeof value !== 'string') throw typeError('string', value, path);
      // transform-text-field.util.ts: '' is stored as null (read back as '', serialize.ts); in a NOT NULL column
      // that fails the insert even where a default exists (real-2.21 empty-text-not-null-default).
      return value === '' ? null : value;
    case 'UUID':
      if (!isUuid(value)) throw codedError(400, 'INVALID_QUERY_INPUT', `Value "${String(value)}" is not a valid UUID`);
      return value;
    case 'NUMBER':
    case 'NUMERIC':
    case 'POSITION': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n)) throw badRequest(`Invalid number value '${String(value)}' for field "${path}"`);
      return n;
    }
    case 'BOOLEAN':
      if (typeof value !== 'boolean') throw typeError('boolean', value, path);
      return value;
    case 'DATE_TIME':
      return dateTimeValue(value, path);
    case 'DATE':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw typeError('date', value, path);
      return value;
    case 'SELECT':
    case 'RATING': {
      const allowed = (field.options ?? []).map((o) => o.value);
      if (!allowed.includes(value as string)) throw enumError(value, path, allowed);
      return value;
    }
    // transform-array-field.util.ts: a single string is a one-item list, an empty list is stored as null (read back
    // as [], serialize.ts).
    case 'MULTI_SELECT': {
      const allowed = (field.options ?? []).map((o) => o.value);
      const list = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(list)) throw typeError('array', value, path);
      for (const v of list) if (!allowed.includes(v)) throw enumError(v, path, allowed);
      return list.length ? list : null;
    }
    case 'ARRAY': {
      const list = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(list)) throw typeError('array', value, path);
      return list.length ? list : null;
    }
    case 'RAW_JSON':
      return rawJsonValue(value, path);
    case 'FILES':
      if (!Array.isArray(value)) throw typeError('array', value, path);
      return value.map((f: Record<string, unknown>) => ({ label: f.label ?? '', fileId: f.fileId, extension: f.extension ?? '' }));
    case 'TS_VECTOR':
      throw badRequest(`Field "${path}" is read-only`);
    default: {
      if (!isComposite(field.type)) return value;
      if (typeof value !== 'object' || Array.isArray(value)) throw typeError('object', value, path);
      checkComposite(field, value as Record<string, unknown>);
      const base = (previous as Record<string, unknown> | null) ?? COMPOSITES[field.type]!;
      const merged: Record<string, unknown> = {};
      for (const k of Object.keys(COMPOSITES[field.type]!)) {
        const v = (value as Record<string, unknown>)[k];
        merged[k] = v === undefined ? structuredClone(base[k]) : v;
      }
      // The record transformers the data-arg processor runs on these types (write-transforms.ts).
      if (field.type === 'EMAILS') return emailsValue(merged);
      if (field.type === 'LINKS') return linksValue(merged);
      if (field.type === 'PHONES') return phonesValue(merged);
      if (field.type === 'RICH_TEXT') return richTextValue(merged);
      return merged;
    }
  }
}
