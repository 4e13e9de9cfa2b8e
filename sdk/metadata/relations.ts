/**
 * Where relation fields point. Twenty 2.21's REST metadata does not say (only `settings.relationType`), but the
 * workspace's own OpenAPI document does: `<Object>ForResponse.properties.<field>` is `{oneOf:[{$ref}]}` for a
 * many-to-one and `{items:{$ref}}` for a one-to-many (twenty-api.md §2). The inverse is the relation field on the
 * target pointing back with the opposite kind; each MORPH_RELATION field points at one target.
 */
import type { SchemaField, SchemaObject } from './types.js';

type Json = Record<string, any>;

const capitalize = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);

/** `#/components/schemas/PetForResponse` → `Pet` */
function refOf(property: Json | undefined): string | null {
  if (!property || typeof property !== 'object') return null;
  const ref = property.$ref ?? property.oneOf?.[0]?.$ref ?? property.anyOf?.[0]?.$ref ?? property.items?.$ref;
  if (typeof ref !== 'string') return null;
  return ref.replace(/^#\/components\/schemas\//, '').replace(/(ForResponse| for Response)$/, '');
}

const isRelation = (f: SchemaField) => f.type === 'RELATION' || f.type === 'MORPH_RELATION';

/**
 * Fills `relation.targetObject`, `relation.inverseField` and `relation.junctionTargetField` in place, from the
 * fields themselves where a server said so and from the core OpenAPI document otherwise; appends a warning for
 * each relation left unresolved.
 *
 * @example
 * const warnings: string[] = [];
 * resolveRelations(schema.objects, await (await fetch(`${url}/rest/open-api/core`, { headers })).json(), warnings);
 * schema.objects.find((o) => o.nameSingular === 'person')!.fields.find((f) => f.name === 'company')!.relation;
 * // { kind: 'MANY_TO_ONE', targetObject: 'company', inverseField: 'people', joinColumn: 'companyId', … }
 */
export function resolveRelations(objects: SchemaObject[], openApi: Json | null, warnings: string[]): void {
  const bySchema = new Map(objects.map((o) => [capitalize(o.nameSingular), o.nameSingular]));
  const byName = new Map(objects.map((o) => [o.nameSingular, o]));
  const schemas: Json = openApi?.components?.schemas ?? {};

  for (const o of objects) {
    const properties: Json = schemas[`${capitalize(o.nameSingular)}ForResponse`]?.properties ?? {};
    for (const f of o.fields) {
      if (!isRelation(f) || !f.relation || f.relation.targetObject) continue;
      const schemaName = refOf(properties[f.name]);
      const target = schemaName ? bySchema.get(schemaName) : undefined;
      if (target) f.relation.targetObject = target;
    }
  }

  for (const o of objects) {
    for (const f of o.fields) {
      const r = f.relation;
      if (!isRelation(f) || !r) continue;
      if (!r.targetObject) {
        warnings.push(`${o.nameSingular}.${f.name}: relation target unknown (not in the workspace's OpenAPI document)`);
        continue;
      }
      const target = byName.get(r.targetObject);
      if (!r.inverseField && target) {
        const candidates = target.fields.filter(
          (g) => g !== f && isRelation(g) && g.relation?.targetObject === o.nameSingular && g.relation.kind !== r.kind,
        );
        const pick = pickInverse(f, candidates);
        if (pick) r.inverseField = pick.name;
        else warnings.push(`${o.nameSingular}.${f.name}: inverse field on ${r.targetObject} ${candidates.length ? `ambiguous (${candidates.map((c) => c.name).join(', ')})` : 'not found'}`);
      }
      if (r.junctionTargetFieldId && target) {
        r.junctionTargetField = target.fields.find((g) => g.id === r.junctionTargetFieldId)?.name;
        if (!r.junctionTargetField) warnings.push(`${o.nameSingular}.${f.name}: junction field ${r.junctionTargetFieldId} not found on ${target.nameSingular}`);
      }
    }
  }
}

/**
 * Both sides of a relation are made by one call, within a millisecond or two of each other; two relations are two
 * calls. Past this gap, a candidate created "at the same time" is not trusted.
 */
const SAME_CALL_MS = 1000;

/**
 * One candidate is the inverse. Several happen when two relations join the same pair of objects the same way: a
 * custom object with a many-to-one to company and a morph relation to company and person, say. Then the candidate
 * created at the same moment as the field is its inverse (when no other is as close); else one whose label or
 * description names this field; else give up rather than guess.
 */
function pickInverse(f: SchemaField, candidates: SchemaField[]): SchemaField | undefined {
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) return undefined;
  const closest = createdTogether(f, candidates);
  if (closest) return closest;
  const mentions = candidates.filter((c) => [c.description, c.label].some((t) => t && t.toLowerCase().includes(f.label.toLowerCase())));
  if (mentions.length === 1) return mentions[0];
  const sameMorph = f.relation?.morphId ? candidates.filter((c) => c.relation?.morphId === f.relation?.morphId) : [];
  if (sameMorph.length === 1) return sameMorph[0];
  return undefined;
}

function createdTogether(f: SchemaField, candidates: SchemaField[]): SchemaField | undefined {
  const at = Date.parse(f.createdAt ?? '');
  if (Number.isNaN(at)) return undefined;
  const gaps = candidates.map((c) => ({ c, gap: Math.abs(Date.parse(c.createdAt ?? '') - at) }));
  if (gaps.some((g) => Number.isNaN(g.gap))) return undefined;
  gaps.sort((a, b) => a.gap - b.gap);
  return gaps[0].gap <= SAME_CALL_MS && gaps[0].gap < gaps[1].gap ? gaps[0].c : undefined;
}
