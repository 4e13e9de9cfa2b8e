/**
 * Schema examples. Twenty fills them with faker output that changes on every request; the sandbox derives
 * stand-ins from the object and field names instead, so its documents are stable and a pure function of the model.
 * Which fields get an example, and the value shapes, follow Twenty (including `amountMicros` as a string).
 */
import type { ModelField, ModelObject } from '../model/types.js';

/** Required on create: not nullable and without a default value. */
export const isRequired = (f: ModelField): boolean => !f.isNullable && (f.defaultValue === null || f.defaultValue === undefined);

const hash = (text: string): number => {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
};

/** A v4-shaped UUID derived from `seed`. */
const stableUuid = (seed: string): string => {
  const hex = [0, 1, 2, 3].map((i) => hash(`${seed}#${i}`).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[hash(seed) % 4]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

const titleCase = (camel: string): string =>
  camel.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase()).trim();

/** Twenty's generateRandomFieldValue, made deterministic. */
const generatedValue = (object: ModelObject, f: ModelField): unknown => {
  const seed = `${object.nameSingular}.${f.name}`;
  const first = f.options?.[0]?.value;
  switch (f.type) {
    case 'UUID':
      return stableUuid(seed);
    case 'TEXT':
      return f.name[0];
    case 'PHONES':
      return { primaryPhoneNumber: '06 10 20 30 40', primaryPhoneCallingCode: '+33', primaryPhoneCountryCode: 'FR', additionalPhones: [] };
    case 'EMAILS':
      return { primaryEmail: `${f.name.toLowerCase()}@example.com`, additionalEmails: null };
    case 'DATE':
    case 'DATE_TIME':
      return '2026-01-01T00:00:00.000Z';
    case 'BOOLEAN':
      return false;
    case 'NUMBER':
    case 'NUMERIC':
      return 1 + (hash(seed) % 1000);
    case 'LINKS':
      return { primaryLinkLabel: '', primaryLinkUrl: `https://${f.name.toLowerCase()}.example.com/`, secondaryLinks: [] };
    case 'CURRENCY':
      return { amountMicros: String((100 + (hash(seed) % 900)) * 1_000_000), currencyCode: 'EUR' };
    case 'FULL_NAME':
      return { firstName: 'Ada', lastName: 'Lovelace' };
    case 'RATING':
      return 'RATING_5';
    case 'SELECT':
      return first ?? null;
    case 'MULTI_SELECT':
      return first === undefined ? [] : [first];
    case 'RELATION':
    case 'MORPH_RELATION':
      return null;
    case 'POSITION':
      return 1;
    case 'ADDRESS':
      return {
        addressStreet1: '1 Example Street',
        addressStreet2: 'Suite 1',
        addressCity: 'Paris',
        addressState: 'Île-de-France',
        addressCountry: 'France',
        addressPostcode: '75001',
        addressLat: 48.8566,
        addressLng: 2.3522,
      };
    case 'RAW_JSON':
      return {};
    case 'RICH_TEXT':
      return '';
    case 'ACTOR':
      return { source: 'MANUAL', context: {}, name: 'Ada Lovelace', workspaceMemberId: null };
    case 'ARRAY':
    case 'FILES':
      return [];
    default:
      return undefined;
  }
};

/** Required fields, `name` texts and the composite/select types get an example; other fields none (undefined). */
export const exampleValue = (object: ModelObject, f: ModelField): unknown => {
  if (f.type === 'TS_VECTOR') return undefined;
  if (isRequired(f)) return generatedValue(object, f);
  switch (f.type) {
    case 'TEXT':
      return f.name === 'name' ? `${titleCase(object.nameSingular)} name` : undefined;
    case 'EMAILS':
    case 'LINKS':
    case 'CURRENCY':
    case 'FULL_NAME':
    case 'SELECT':
    case 'MULTI_SELECT':
    case 'PHONES':
      return generatedValue(object, f);
    default:
      return undefined;
  }
};
