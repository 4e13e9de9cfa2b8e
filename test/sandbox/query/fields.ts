/**
 * How the list-query engine sees an object's fields: which keys a filter or order_by may name
 * (field names and many-to-one join columns), the sub-fields of composite types, and the
 * "value kind" that decides how two values compare (the Postgres column type behind the field).
 */
import type { FieldType, ModelField, ModelObject } from '../model/types.js';

/** How values of a column compare, mirroring the Postgres column type Twenty uses. */
export type ValueKind =
  | 'text' // text / varchar, C collation (byte order)
  | 'uuid' // uuid, compared case-insensitively, byte order
  | 'number' // float / numeric / integer
  | 'boolean'
  | 'dateTime' // timestamptz
  | 'date' // date (YYYY-MM-DD)
  | 'enum' // Postgres enum: ordered by option position
  | 'enumArray' // enum[] (MULTI_SELECT)
  | 'textArray' // text[] (ARRAY)
  | 'json'; // jsonb (RAW_JSON, FILES, composite json sub-fields)

/** Sub-fields of Twenty's composite types, in their declared order, with their column kind. */
export const COMPOSITE_SUBFIELDS: Partial<Record<FieldType, Record<string, ValueKind>>> = {
  ACTOR: { source: 'enum', workspaceMemberId: 'uuid', name: 'text', context: 'json' },
  ADDRESS: {
    addressStreet1: 'text',
    addressStreet2: 'text',
    addressCity: 'text',
    addressPostcode: 'text',
    addressState: 'text',
    addressCountry: 'text',
    addressLat: 'number',
    addressLng: 'number',
  },
  CURRENCY: { amountMicros: 'number', currencyCode: 'text' },
  EMAILS: { primaryEmail: 'text', additionalEmails: 'json' },
  FULL_NAME: { firstName: 'text', lastName: 'text' },
  LINKS: { primaryLinkLabel: 'text', primaryLinkUrl: 'text', secondaryLinks: 'json' },
  PHONES: {
    primaryPhoneNumber: 'text',
    primaryPhoneCountryCode: 'text',
    primaryPhoneCallingCode: 'text',
    additionalPhones: 'json',
  },
  RICH_TEXT: { blocknote: 'text', markdown: 'text' },
};

export const isComposite = (type: FieldType): boolean => COMPOSITE_SUBFIELDS[type] !== undefined;

/** Column kind of a scalar (non-composite) field. */
export const scalarKind = (field: ModelField): ValueKind => {
  switch (field.type) {
    case 'NUMBER':
    case 'NUMERIC':
    case 'POSITION':
      return 'number';
    case 'BOOLEAN':
      return 'boolean';
    case 'DATE_TIME':
      return 'dateTime';
    case 'DATE':
      return 'date';
    case 'UUID':
    case 'RELATION':
    case 'MORPH_RELATION':
      return 'uuid';
    case 'SELECT':
    case 'RATING':
      return 'enum';
    case 'MULTI_SELECT':
      return 'enumArray';
    case 'ARRAY':
      return 'textArray';
    case 'RAW_JSON':
    case 'FILES':
      return 'json';
    default:
      return 'text';
  }
};

/** What a filter leaf or an order-by item points at, resolved against the model. */
export interface ResolvedColumn {
  /** key in the REST record: a field name or a join column name (`companyId`) */
  key: string;
  /** composite sub-field name, if any */
  subField?: string;
  field: ModelField;
  kind: ValueKind;
  /** for kind 'enum' / 'enumArray': option value → rank (declaration order) */
  enumRank?: Map<string, number>;
  /** Twenty's "null equivalent": '' for text columns, [] for array columns (matched by `is NULL`) */
  nullEquivalent?: 'emptyString' | 'emptyArray';
}

const enumRanks = (field: ModelField): Map<string, number> | undefined => {
  if (!field.options) return undefined;
  const sorted = [...field.options].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  return new Map(sorted.map((o, i) => [o.value, i]));
};

/** Index of an object's fields by name and by join column, built once per object. */
export interface FieldIndex {
  byName: Map<string, ModelField>;
  byJoinColumn: Map<string, ModelField>;
}

const indexCache = new WeakMap<ModelObject, FieldIndex>();

export const fieldIndex = (object: ModelObject): FieldIndex => {
  let index = indexCache.get(object);
  if (!index) {
    index = { byName: new Map(), byJoinColumn: new Map() };
    for (const field of object.fields) {
      index.byName.set(field.name, field);
      const join = field.settings?.joinColumnName;
      if ((field.type === 'RELATION' || field.type === 'MORPH_RELATION') && typeof join === 'string') {
        index.byJoinColumn.set(join, field);
      }
    }
    indexCache.set(object, index);
  }
  return index;
};

/** Null-equivalence as in Twenty's findPostgresDefaultNullEquivalentValue. */
const nullEquivalentOf = (field: ModelField, subField: string | undefined, kind: ValueKind) => {
  if (subField === undefined) {
    if (field.type === 'TEXT') return 'emptyString' as const;
    if (field.type === 'MULTI_SELECT' || field.type === 'ARRAY') return 'emptyArray' as const;
    return undefined;
  }
  if (field.type === 'ACTOR') return subField === 'name' ? ('emptyString' as const) : undefined;
  if (field.type === 'CURRENCY') return undefined;
  if (field.type === 'RICH_TEXT') return subField === 'markdown' ? ('emptyString' as const) : undefined;
  if (kind === 'text') return 'emptyString' as const;
  if (kind === 'json') return 'emptyArray' as const; // additionalEmails, secondaryLinks, additionalPhones
  return undefined;
};

export const resolvedColumn = (key: string, field: ModelField, subField?: string): ResolvedColumn => {
  const kind = subField === undefined ? scalarKind(field) : COMPOSITE_SUBFIELDS[field.type]![subField];
  const column: ResolvedColumn = { key, field, kind };
  if (subField !== undefined) column.subField = subField;
  if (kind === 'enum' || kind === 'enumArray') {
    const ranks = enumRanks(field);
    if (ranks && subField === undefined) column.enumRank = ranks;
  }
  const nullEquivalent = nullEquivalentOf(field, subField, kind);
  if (nullEquivalent) column.nullEquivalent = nullEquivalent;
  return column;
};

/** Reads a column's value from a REST-shaped record (`undefined` counts as null). */
export const readColumn = (record: Record<string, unknown>, column: { key: string; subField?: string }): unknown => {
  const value = record[column.key];
  if (column.subField === undefined) return value ?? null;
  if (value === null || typeof value !== 'object') return null;
  return (value as Record<string, unknown>)[column.subField] ?? null;
};
