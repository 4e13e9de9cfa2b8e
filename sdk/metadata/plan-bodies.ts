/**
 * Bodies of `POST /rest/metadata/fields` as Twenty 2.21 accepts them (twenty-api.md §8 "Creating"): scalar fields
 * with options/settings/defaults as the source has them (option values kept: records carry them), relations with
 * `relationCreationPayload`, morph relations with `morphRelationsCreationPayload` (one entry per target).
 */
import { morphBaseName } from './diff-relations.js';
import { creationType } from './field-types.js';
import type { SchemaField, SchemaObject, WorkspaceSchema } from './types.js';

export type Body = Record<string, unknown>;

const OPTION_TYPES = new Set(['SELECT', 'MULTI_SELECT', 'RATING']);
const capitalize = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);

function common(f: SchemaField, object: string): Body {
  const body: Body = { objectMetadataId: `@object:${object}`, type: f.type, name: f.name, label: f.label };
  if (f.description) body.description = f.description;
  if (f.icon) body.icon = f.icon;
  return body;
}

/**
 * @example
 * buildFieldBody(species, 'pet', target);
 * // { objectMetadataId: '@object:pet', type: 'SELECT', name: 'species', label: 'Species', isNullable: true,
 * //   options: [{ value: 'DOG', label: 'Dog', color: 'blue', position: 0 }, …] }
 */
export function buildFieldBody(f: SchemaField, object: string, target: WorkspaceSchema): Body {
  const body = common(f, object);
  // NUMERIC is created as NUMBER, RICH_TEXT_V2 as the target's RICH_TEXT (field-types.ts).
  body.type = creationType(f.type, target);
  body.isNullable = f.isNullable;
  if (f.isUnique) body.isUnique = true;
  if (f.defaultValue !== null && f.defaultValue !== undefined) body.defaultValue = f.defaultValue;
  if (f.settings && Object.keys(f.settings).length) body.settings = f.settings;
  if (OPTION_TYPES.has(f.type) && f.options?.length) {
    body.options = f.options.map((o, i) => ({ value: o.value, label: o.label, ...(o.color ? { color: o.color } : {}), position: o.position ?? i }));
  }
  return body;
}

/**
 * The payload that makes the inverse side. 2.21 requires `targetFieldIcon` ("Relation creation payload is invalid:
 * targetFieldIcon must be a string"): without the inverse's own icon, Twenty's fallback for an icon-less field.
 */
function inversePayload(object: SchemaObject, type: string, target: string, inverse: SchemaField | undefined) {
  return {
    type,
    targetObjectMetadataId: `@object:${target}`,
    targetFieldLabel: inverse?.label ?? capitalize(object.labelPlural),
    targetFieldIcon: inverse?.icon ?? 'Icon123',
  };
}

/**
 * A description sent with a relation goes to both of its sides (generate-morph-or-relation-flat-field-metadata-pair
 * in 2.21); left out, each side gets Twenty's own (`Pets tied to the Company`, `Companies Pet`). So Twenty's own text
 * is not sent, and the inverse keeps its own.
 */
function relationCommon(source: WorkspaceSchema, object: SchemaObject, f: SchemaField): Body {
  const body = common(f, object.nameSingular);
  const target = source.objects.find((o) => o.nameSingular === f.relation?.targetObject);
  if (target && body.description === `${capitalize(object.namePlural)} tied to the ${target.labelSingular}`) delete body.description;
  return body;
}

/** A MANY_TO_ONE relation and, through the payload, its ONE_TO_MANY inverse named after `targetFieldLabel`. */
export function buildRelationBody(source: WorkspaceSchema, object: SchemaObject, f: SchemaField, inverse: SchemaField | undefined): Body {
  return {
    ...relationCommon(source, object, f),
    type: 'RELATION',
    relationCreationPayload: inversePayload(object, 'MANY_TO_ONE', f.relation!.targetObject!, inverse),
  };
}

/** One MORPH_RELATION field created as `<name><Target>` per target, each with its inverse. */
export function buildMorphBody(source: WorkspaceSchema, object: SchemaObject, name: string, members: SchemaField[]): Body {
  return {
    ...relationCommon(source, object, members[0]),
    name: name || morphBaseName(source, members),
    type: 'MORPH_RELATION',
    morphRelationsCreationPayload: members.map((m) => {
      const r = m.relation!;
      const inverse = r.inverseField ? source.objects.find((o) => o.nameSingular === r.targetObject)?.fields.find((g) => g.name === r.inverseField) : undefined;
      return inversePayload(object, r.kind, r.targetObject!, inverse);
    }),
  };
}
