/**
 * Raw `/rest/metadata/objects` items → the version-neutral model of types.ts.
 *
 * Custom or standard: servers that send `isCustom` (before and perhaps after 2.21) are believed. 2.21 sends none;
 * there standard objects and fields carry the workspace's standard `applicationId` and custom ones another
 * (twenty-api.md §8). Which id is the standard one differs per workspace, so it is read from objects every
 * workspace has (company, person, workspaceMember).
 */
import type { SchemaField, SchemaObject, SchemaOption, SchemaRelation } from './types.js';

type Raw = Record<string, unknown>;

const WELL_KNOWN_STANDARD = ['company', 'person', 'workspaceMember', 'opportunity', 'note', 'task'];

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const bool = (v: unknown, fallback: boolean): boolean => (typeof v === 'boolean' ? v : fallback);
const rec = (v: unknown): Raw | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : null);

/** The applicationId standard items share in this workspace; null when the server sends none. */
export function standardApplicationId(objects: Raw[]): string | null {
  for (const name of WELL_KNOWN_STANDARD) {
    const o = objects.find((x) => x.nameSingular === name && typeof x.applicationId === 'string');
    if (o) return o.applicationId as string;
  }
  return null;
}

export interface NormalizeContext {
  standardAppId: string | null;
  warnings: string[];
}

function isCustom(item: Raw, ctx: NormalizeContext, what: string): boolean {
  if (typeof item.isCustom === 'boolean') return item.isCustom;
  if (ctx.standardAppId && typeof item.applicationId === 'string') return item.applicationId !== ctx.standardAppId;
  ctx.warnings.push(`${what}: neither isCustom nor applicationId; treated as standard`);
  return false;
}

function options(v: unknown): SchemaOption[] | null {
  if (!Array.isArray(v)) return null;
  return v.flatMap((o): SchemaOption[] => {
    const r = rec(o);
    if (!r || typeof r.value !== 'string') return [];
    return [{ value: r.value, label: str(r.label) ?? r.value, color: str(r.color), position: typeof r.position === 'number' ? r.position : undefined, id: str(r.id) }];
  });
}

/** What the field itself says about its relation; the target comes later from the OpenAPI document (relations.ts). */
function relationOf(raw: Raw, settings: Raw | null): SchemaRelation | undefined {
  if (raw.type !== 'RELATION' && raw.type !== 'MORPH_RELATION') return undefined;
  // Future servers (and GraphQL) describe the relation; 2.21 REST only has settings.
  const given = rec(raw.relation);
  const givenType = str(given?.type);
  const kind = settings?.relationType ?? givenType;
  return {
    kind: kind === 'ONE_TO_MANY' ? 'ONE_TO_MANY' : 'MANY_TO_ONE',
    targetObject: str(rec(given?.targetObjectMetadata)?.nameSingular) ?? null,
    inverseField: str(rec(given?.targetFieldMetadata)?.name) ?? null,
    joinColumn: str(settings?.joinColumnName),
    onDelete: str(settings?.onDelete),
    morphId: str(raw.morphId),
    junctionTargetFieldId: str(settings?.junctionTargetFieldId),
  };
}

export function normalizeField(raw: Raw, objectName: string, ctx: NormalizeContext): SchemaField {
  const settings = rec(raw.settings);
  const field: SchemaField = {
    id: String(raw.id),
    name: String(raw.name),
    label: str(raw.label) ?? String(raw.name),
    type: String(raw.type),
    description: str(raw.description) ?? null,
    icon: str(raw.icon) ?? null,
    universalIdentifier: str(raw.universalIdentifier),
    isCustom: isCustom(raw, ctx, `${objectName}.${String(raw.name)}`),
    isSystem: bool(raw.isSystem, false),
    isActive: bool(raw.isActive, true),
    isNullable: bool(raw.isNullable, true),
    isUnique: bool(raw.isUnique, false),
    defaultValue: raw.defaultValue ?? null,
    options: options(raw.options),
    settings,
  };
  if (typeof raw.createdAt === 'string') field.createdAt = raw.createdAt;
  const relation = relationOf(raw, settings);
  if (relation) field.relation = relation;
  return field;
}

export function normalizeObject(raw: Raw, ctx: NormalizeContext): SchemaObject {
  const name = String(raw.nameSingular);
  const fields = (Array.isArray(raw.fields) ? raw.fields : []).flatMap((f) => {
    const r = rec(f);
    if (!r || typeof r.name !== 'string' || typeof r.type !== 'string') {
      ctx.warnings.push(`${name}: a field without name or type was ignored`);
      return [];
    }
    return [normalizeField(r, name, ctx)];
  });
  const labelId = str(raw.labelIdentifierFieldMetadataId);
  return {
    id: String(raw.id),
    nameSingular: name,
    namePlural: String(raw.namePlural),
    labelSingular: str(raw.labelSingular) ?? name,
    labelPlural: str(raw.labelPlural) ?? String(raw.namePlural),
    description: str(raw.description) ?? null,
    icon: str(raw.icon) ?? null,
    universalIdentifier: str(raw.universalIdentifier),
    isCustom: isCustom(raw, ctx, name),
    isSystem: bool(raw.isSystem, false),
    isActive: bool(raw.isActive, true),
    isRemote: bool(raw.isRemote, false),
    labelIdentifierField: labelId ? fields.find((f) => f.id === labelId)?.name : undefined,
    fields,
  };
}
