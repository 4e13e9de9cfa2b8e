/**
 * The target's data model as it will be once `schema apply` has run: for a dry run, so that the plan and the
 * transform validate the records against what the target will hold rather than against what it lacks today.
 */
import { autoFieldOwner, MORPH_HOSTS } from './auto-fields.js';
import type { SchemaDifference } from './difference.js';
import { findField, findObject } from './difference.js';
import type { SchemaField, SchemaObject, WorkspaceSchema } from './types.js';

const clone = <T>(v: T): T => structuredClone(v);

/**
 * Adds to a copy of `target` every object, field (with the inverse sides it `covers`) and option that the
 * differences' `create` and `add-options` rows would create. Rows apply does not act on change nothing.
 *
 * @example
 * const projected = projectSchema(source, target, diffSchemas(source, target));
 * projected.objects.some((o) => o.nameSingular === 'pet'); // true once apply would create it
 */
export function projectSchema(source: WorkspaceSchema, target: WorkspaceSchema, differences: SchemaDifference[]): WorkspaceSchema {
  const out = clone(target);
  out.projected = true;
  const sourceObject = (name: string) => source.objects.find((o) => o.nameSingular === name);
  const targetObject = (like: SchemaObject) => findObject(out, like);
  const addField = (objectName: string, fieldName: string) => {
    const from = sourceObject(objectName);
    const field = from?.fields.find((f) => f.name === fieldName);
    const to = from && targetObject(from);
    if (field && to && !findField(to, field)) to.fields.push(clone(field) as SchemaField);
  };
  for (const d of differences) {
    if (d.action !== 'create' && d.action !== 'add-options') continue;
    const from = sourceObject(d.object);
    if (!from) continue;
    if (d.kind === 'object-missing') {
      if (!targetObject(from)) out.objects.push(clone(from));
      // Twenty creates `target<Object>` on attachments, note and task targets and timeline activities together with
      // the object: without them the plan would warn that their values are dropped, which the run does not do.
      for (const host of source.objects.filter((o) => o.nameSingular in MORPH_HOSTS)) {
        for (const f of host.fields) if (autoFieldOwner(source.objects, host, f) === from.nameSingular) addField(host.nameSingular, f.name);
      }
      continue;
    }
    if (d.field) addField(d.object, d.field);
    for (const covered of d.covers ?? []) {
      const [object, field] = covered.split('.');
      if (object && field) addField(object, field);
    }
    if (d.kind === 'option-missing' && d.field) {
      const field = from.fields.find((f) => f.name === d.field);
      const to = targetObject(from)?.fields.find((f) => f.name === d.field);
      if (field?.options && to) {
        const have = new Set((to.options ?? []).map((o) => o.value));
        to.options = [...(to.options ?? []), ...field.options.filter((o) => !have.has(o.value)).map(clone)];
      }
    }
  }
  return out;
}
