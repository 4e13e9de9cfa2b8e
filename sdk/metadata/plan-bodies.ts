/**
 * Bodies of `POST /rest/metadata/fields` as Twenty 2.21 accepts them (twenty-api.md §8 "Creating"): scalar fields
 * with options/settings/defaults as the source has them (option values kept: records carry them), relations with
 * `relationCreationPayload`, morph relations with `morphRelationsCreationPayload` (one entry per target).
 */
import { morphBaseName } from './diff-relations.js';
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
 * buildFieldBody(species, 'pet');
 * // { objectMetadataId: '@object:pet', type: 'SELECT', name: 'species', label: 'Species', isNullable: true,
 * //   options: [{ value: 'DOG', label: 'Dog', color: 'blue', position: 0 }, …] }
 */
export function buildFieldBody(f: SchemaField, object: string): Body {
  const body = common(f, object);
  // 2.21 refuses new NUMERIC fields ("Use Number instead"); NUMBER holds the same values.
  if (f.type === 'NUMERIC') body.type = 'NUMBER';
  body.isNullable = f.isNullable;
  if (f.isUnique) body.isUnique = true;
  if (f.defaultValue !== null && f.defaultValue !== undefined) body.defaultValue = f.defaultValue;
  if (f.settings && Object.keys(f.settings).length) body.settings = f.settings;
  if (OPTION_TYPES.has(f.type) && f.options?.length) {
    body.options = f.options.map((o, i) => ({ value: o.value, label: o.label, ...(o.color ? { color: o.color } : {}), position: o.position ?? i }));
  }
  return body;
}

/** A MANY_TO_ONE relation and, through the payload, its ONE_TO_MANY inverse named after `targetFieldLabel`. */
export function buildRelationBody(object: SchemaObject, f: SchemaField, inverse: SchemaField | undefined): Body {
  return {
    ...common(f, object.nameSingular),
    type: 'RELATION',
    relationCreationPayload: {
      type: 'MANY_TO_ONE',
      targetObjectMetadataId: `@object:${f.relation!.targetObject}`,
      targetFieldLabel: inverse?.label ?? capitalize(object.labelPlural),
      ...(inverse?.icon ? { targetFieldIcon: inverse.icon } : {}),
    },
  };
}

/** One MORPH_RELATION field created as `<name><Target>` per target, each with its inverse. */
export function buildMorphBody(source: WorkspaceSchema, object: SchemaObject, name: string, members: SchemaField[]): Body {
  const first = members[0];
  return {
    ...common(first, object.nameSingular),
    name: name || morphBaseName(source, members),
    type: 'MORPH_RELATION',
    morphRelationsCreationPayload: members.map((m) => {
      const r = m.relation!;
      const inverse = r.inverseField ? source.objects.find((o) => o.nameSingular === r.targetObject)?.fields.find((g) => g.name === r.inverseField) : undefined;
      return {
        type: r.kind,
        targetObjectMetadataId: `@object:${r.targetObject}`,
        targetFieldLabel: inverse?.label ?? capitalize(object.labelPlural),
        ...(inverse?.icon ? { targetFieldIcon: inverse.icon } : {}),
      };
    }),
  };
}
