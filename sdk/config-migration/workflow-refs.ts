/**
 * What a workflow version's trigger and steps refer to, found by walking their JSON: objects (`objectName`,
 * `objectType`, the object of a trigger's `eventName` like `person.created`), fields (`fieldMetadataId` and every
 * `…FieldMetadataId`), records and members (`objectRecordId`, join columns inside `objectRecord`), and things no
 * API key can recreate: code functions (`logicFunctionId`/`serverlessFunctionId`), AI agents (`agentId`),
 * connected mail accounts (`connectedAccountId`). Template values (`{{trigger.properties.after.id}}`) are not ids.
 */
import type { WorkspaceSchema } from '../metadata/types.js';

export type WorkflowRef =
  | { kind: 'object'; name: string; path: string }
  | { kind: 'field'; id: string; path: string }
  | { kind: 'record'; object: string; id: string; path: string }
  | { kind: 'member'; id: string; path: string }
  | { kind: 'external'; what: 'code function' | 'AI agent' | 'connected account'; id: string; path: string; step: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXTERNAL: Record<string, 'code function' | 'AI agent' | 'connected account'> = {
  logicFunctionId: 'code function', serverlessFunctionId: 'code function', agentId: 'AI agent', connectedAccountId: 'connected account',
};

/** Every reference of a trigger and its steps; `schema` tells which join columns point at which object. */
export function workflowRefs(trigger: unknown, steps: unknown, schema: WorkspaceSchema): WorkflowRef[] {
  const refs: WorkflowRef[] = [];
  const joinTarget = (objectName: string, column: string) => {
    const object = schema.objects.find((o) => o.nameSingular === objectName);
    return object?.fields.find((f) => f.relation?.kind === 'MANY_TO_ONE' && f.relation.joinColumn === column)?.relation?.targetObject ?? null;
  };
  const walk = (v: unknown, path: string, step: string, objectName: string | undefined) => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}[${i}]`, step, objectName));
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const here = typeof o.objectName === 'string' && !o.objectName.includes('{{') ? o.objectName : objectName;
    for (const [k, x] of Object.entries(o)) {
      const p = `${path}.${k}`;
      if ((k === 'objectName' || k === 'objectType' || k === 'objectNameSingular') && typeof x === 'string' && x && !x.includes('{{')) refs.push({ kind: 'object', name: x, path: p });
      else if (k === 'eventName' && typeof x === 'string' && x.includes('.')) refs.push({ kind: 'object', name: x.split('.')[0], path: p });
      else if ((k === 'fieldMetadataId' || k.endsWith('FieldMetadataId')) && typeof x === 'string' && UUID.test(x)) refs.push({ kind: 'field', id: x, path: p });
      else if (EXTERNAL[k] && typeof x === 'string' && x) refs.push({ kind: 'external', what: EXTERNAL[k], id: x, path: p, step });
      else if (k === 'objectRecordId' && typeof x === 'string' && UUID.test(x) && here) refs.push({ kind: 'record', object: here, id: x, path: p });
      else if (k === 'objectRecord' && x && typeof x === 'object' && here) {
        for (const [column, id] of Object.entries(x as Record<string, unknown>)) {
          if (typeof id !== 'string' || !UUID.test(id)) continue;
          const target = joinTarget(here, column);
          if (target === 'workspaceMember') refs.push({ kind: 'member', id, path: `${p}.${column}` });
          else if (target) refs.push({ kind: 'record', object: target, id, path: `${p}.${column}` });
        }
        walk(x, p, step, here);
      } else walk(x, p, step, here);
    }
  };
  walk(trigger, 'trigger', 'trigger', undefined);
  (Array.isArray(steps) ? steps : []).forEach((s, i) => {
    const name = (s as { name?: unknown })?.name;
    walk(s, `steps[${i}]`, typeof name === 'string' ? name : `step ${i + 1}`, undefined);
  });
  return refs;
}
