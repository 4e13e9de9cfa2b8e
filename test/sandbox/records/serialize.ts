/**
 * Records as Twenty 2.21 answers them: fields in column order (a many-to-one relation appears as its join column
 * where the relation field stands), FILES with signed download URLs, a search vector, and at depth 1 the related
 * records (many-to-one as an object, one-to-many as an array capped at 60, QUERY_MAX_RECORDS_FROM_RELATION).
 */
import { isManyToOne, isOneToMany, isRelationField, joinColumnOf } from '../model/model.js';
import type { FieldType, ModelObject } from '../model/types.js';
import type { SandboxWorkspace } from '../workspace.js';
import type { Row } from './table.js';
import { signRichText } from '../files/rich-text.js';

const MAX_RECORDS_FROM_RELATION = 60;

/** A tsvector-like text: lower-cased words with positions, sorted, as Postgres prints them. */
function searchVector(texts: string[]): string {
  const positions = new Map<string, number[]>();
  let n = 0;
  for (const text of texts) {
    for (const word of text.toLowerCase().split(/[\s,;:!?()"'\[\]{}]+/).filter(Boolean)) {
      n += 1;
      positions.set(word, [...(positions.get(word) ?? []), n]);
    }
  }
  return [...positions.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([w, p]) => `'${w}':${p.join(',')}`)
    .join(' ');
}

/** The `searchVector` Twenty's database computes for a row (its name, emails, domain). */
export const searchVectorOf = (object: ModelObject, row: Row): string => searchVector(searchableTexts(object, row));

function searchableTexts(object: ModelObject, row: Row): string[] {
  const texts: string[] = [];
  for (const f of object.fields) {
    const v = row[f.name] as any;
    if (!f.isActive || v === null || v === undefined) continue;
    if (f.id === object.labelIdentifierFieldMetadataId || f.name === 'name' || f.name === 'title') {
      if (typeof v === 'string') texts.push(v);
      else if (f.type === 'FULL_NAME') texts.push(`${v.firstName ?? ''} ${v.lastName ?? ''}`);
    }
    if (f.type === 'EMAILS' && v.primaryEmail) texts.push(v.primaryEmail, v.primaryEmail.split('@')[1] ?? '');
    if (f.name === 'domainName' && v.primaryLinkUrl) texts.push(String(v.primaryLinkUrl).replace(/^https?:\/\//, ''));
  }
  return texts;
}

/**
 * NULL as the ORM answers it (format-result.util.ts, formatFieldMetadataValue and transformCompositeFieldNullValue
 * with null-equivalent-values.constant.ts): a TEXT reads '', an ARRAY or MULTI_SELECT [], and the text and list
 * sub-fields of composites their empty value; every other NULL stays null.
 */
const COMPOSITE_NULL_EQUIVALENTS: Partial<Record<FieldType, Record<string, unknown>>> = {
  ADDRESS: { addressStreet1: '', addressStreet2: '', addressCity: '', addressState: '', addressCountry: '', addressPostcode: '' },
  EMAILS: { primaryEmail: '', additionalEmails: [] },
  LINKS: { primaryLinkUrl: '', primaryLinkLabel: '', secondaryLinks: [] },
  PHONES: { primaryPhoneNumber: '', primaryPhoneCountryCode: '', primaryPhoneCallingCode: '', additionalPhones: [] },
  FULL_NAME: { firstName: '', lastName: '' },
  ACTOR: { name: '' },
  RICH_TEXT: { markdown: '' },
};

function readValue(type: FieldType, value: unknown): unknown {
  if (value === null) {
    if (type === 'TEXT') return '';
    if (type === 'ARRAY' || type === 'MULTI_SELECT') return [];
    return null;
  }
  const equivalents = COMPOSITE_NULL_EQUIVALENTS[type];
  if (!equivalents || typeof value !== 'object' || Array.isArray(value)) return value;
  const v = value as Record<string, unknown>;
  if (!Object.keys(equivalents).some((k) => v[k] === null)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = x === null && k in equivalents ? structuredClone(equivalents[k]) : x;
  return out;
}

export function serializeRow(ws: SandboxWorkspace, object: ModelObject, row: Row, depth: 0 | 1 = 0): Row {
  const out: Row = {};
  const related: Array<[string, unknown]> = [];
  for (const f of ws.index.fieldsOf(object)) {
    if (isManyToOne(f)) {
      const column = joinColumnOf(f);
      out[column] = row[column] ?? null;
      if (depth === 1) {
        const target = f.relation && ws.index.bySingular.get(f.relation.targetObject);
        const ref = target && row[column] ? ws.table(target.nameSingular)?.rows.get(row[column] as string) : undefined;
        related.push([f.name, ref && target && !ref.deletedAt ? serializeRow(ws, target, ref, 0) : null]);
      }
    } else if (isOneToMany(f)) {
      if (depth === 1) related.push([f.name, relatedRows(ws, object, f.name, row.id as string)]);
    } else if (isRelationField(f)) {
      continue;
    } else if (f.type === 'TS_VECTOR') {
      out[f.name] = searchVector(searchableTexts(object, row));
    } else if (f.type === 'FILES') {
      const files = row[f.name] as Array<Record<string, unknown>> | null;
      out[f.name] = files ? files.map((file) => ({ ...file, url: ws.signedFileUrl(file.fileId as string) })) : null;
    } else if (f.type === 'RICH_TEXT') {
      out[f.name] = readValue(f.type, row[f.name] === undefined ? null : signRichText(ws, row[f.name]));
    } else {
      out[f.name] = readValue(f.type, row[f.name] === undefined ? null : row[f.name]);
    }
  }
  for (const [k, v] of related) out[k] = v;
  return out;
}

function relatedRows(ws: SandboxWorkspace, object: ModelObject, fieldName: string, id: string): Row[] {
  const field = object.fields.find((f) => f.name === fieldName)!;
  const target = field.relation && ws.index.bySingular.get(field.relation.targetObject);
  if (!target) return [];
  const inverse = target.fields.find((g) => g.name === field.relation!.targetField);
  if (!inverse) return [];
  const column = joinColumnOf(inverse);
  const out: Row[] = [];
  for (const r of ws.table(target.nameSingular)?.rows.values() ?? []) {
    if (r[column] === id && !r.deletedAt) out.push(serializeRow(ws, target, r, 0));
    if (out.length >= MAX_RECORDS_FROM_RELATION) break;
  }
  return out;
}
