/**
 * Building blocks for the metadata document's schemas. Twenty writes each metadata entity's schemas by hand; most
 * follow one pattern (create = the entity's own properties with defaults, ForUpdate = the mutable ones without
 * defaults, ForResponse = id + all + audit columns), which `standard` builds from a short spec.
 */
import { type Json, capitalize, dateTime, ref, uuid } from './base.js';

export interface MetadataEntity {
  nameSingular: string;
  namePlural: string;
  schemas: Record<string, Json>;
}

export const str = (): Json => ({ type: 'string' });
export const num = (): Json => ({ type: 'number' });
export const bool = (): Json => ({ type: 'boolean' });
export const strEnum = (...values: string[]): Json => ({ type: 'string', enum: values });
export const pick = (from: Json, names: string[]): Json => Object.fromEntries(names.map((n) => [n, from[n]]));
export const object = (description: string, properties: Json, required?: string[]): Json => ({
  type: 'object',
  description,
  properties,
  ...(required ? { required } : {}),
});

/** Every entity also gets `<Plural>` and `<Plural>ForResponse` array schemas, placed as Twenty orders them. */
export const entity = (singular: string, plural: string, create: Json, update: Json, response: Json, before: Record<string, Json> = {}): MetadataEntity => {
  const [S, P] = [capitalize(singular), capitalize(plural)];
  const list = (item: string): Json => ({ type: 'array', description: `A list of ${plural}`, items: ref(item) });
  return {
    nameSingular: singular,
    namePlural: plural,
    schemas: { ...before, [S]: create, [P]: list(S), [`${S}ForUpdate`]: update, [`${S}ForResponse`]: response, [`${P}ForResponse`]: list(`${S}ForResponse`) },
  };
};

export const AUDIT: Json = { workspaceId: uuid(), createdAt: dateTime(), updatedAt: dateTime(), deletedAt: dateTime() };

export interface StandardSpec {
  description: string;
  properties: Json;
  required: string[];
  defaults?: Json;
  /** set on create only */
  immutable?: string[];
  updateOverrides?: Json;
  responseOverrides?: Json;
  /** response-only properties, placed before the audit columns */
  responseExtra?: Json;
  /** helper schemas Twenty emits just ahead of the entity's own (GridPosition) */
  before?: Record<string, Json>;
}

export const standard = (singular: string, plural: string, spec: StandardSpec): MetadataEntity => {
  const names = Object.keys(spec.properties);
  const withDefault = (name: string): Json => {
    const defaultValue = spec.defaults?.[name];
    return defaultValue === undefined ? (spec.properties[name] as Json) : { ...(spec.properties[name] as Json), default: defaultValue };
  };
  const create = Object.fromEntries(names.map((n) => [n, withDefault(n)]));
  const mutable = names.filter((n) => !spec.immutable?.includes(n));
  return entity(
    singular,
    plural,
    object(spec.description, create, spec.required),
    object(`${spec.description} for update`, { ...pick(spec.properties, mutable), ...spec.updateOverrides }),
    object(spec.description, { id: uuid(), ...spec.properties, ...spec.responseOverrides, ...spec.responseExtra, ...AUDIT }),
    spec.before,
  );
};
