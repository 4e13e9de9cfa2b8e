/**
 * `applySchema`: sends a plan's calls to the target, phase by phase, re-reading the target's data model whenever
 * the previous phase changed it (new objects and fields have ids only the server knows). Each call first checks
 * whether its effect is already there, so applying twice changes nothing. Never throws for API failures: every
 * call has a status and a message.
 */
import { createTwentyClient, request, type TwentyClient } from '../client/index.js';
import { fieldNamed, objectNamed } from './difference.js';
import type { PlannedCall, SchemaPlan } from './plan.js';
import { readWorkspaceSchema } from './read.js';
import { parseMetadataItem } from './shapes.js';
import type { WorkspaceSchema } from './types.js';

export type CallStatus = 'created' | 'updated' | 'skipped' | 'failed' | 'planned';

export interface CallResult {
  call: PlannedCall;
  status: CallStatus;
  message: string;
  /** id of the item the server answered with */
  id?: string;
}

export interface ApplyResult {
  dryRun: boolean;
  results: CallResult[];
  counts: Record<CallStatus, number>;
  /** things to know afterwards: names the server chose differently, regenerating clients */
  notes: string[];
  /** the target's OpenAPI documents changed: regenerate its typed client (`npm run generate`) */
  regenerateClients: boolean;
}

export interface ApplyOptions {
  dryRun?: boolean;
  onResult?: (result: CallResult) => void;
}

type Target = TwentyClient | { baseUrl: string; apiKey: string };

const PLACEHOLDER = /@(object|field):([A-Za-z0-9_.]+)/g;

/** Replaces `@object:pet` / `@field:pet.species` with the target's ids; lists what it could not find. */
function resolve<T>(value: T, schema: WorkspaceSchema, unknown: string[]): T {
  const one = (s: string) =>
    s.replace(PLACEHOLDER, (_m, kind: string, name: string) => {
      const [o, f] = name.split('.');
      const id = kind === 'object' ? objectNamed(schema, o)?.id : fieldNamed(schema, o, f)?.id;
      if (!id) unknown.push(name);
      return id ?? `@${kind}:${name}`;
    });
  if (typeof value === 'string') return one(value) as T;
  if (Array.isArray(value)) return value.map((v) => resolve(v, schema, unknown)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, schema, unknown)])) as T;
  return value;
}

const exists = (schema: WorkspaceSchema, name: string) => {
  const [o, f] = name.split('.');
  return f ? !!fieldNamed(schema, o, f) : !!objectNamed(schema, o);
};

/** Null when the call still has something to do; else why not (its effect is already in the target). */
function alreadyDone(call: PlannedCall, schema: WorkspaceSchema): string | null {
  const at = `${call.object}${call.field ? `.${call.field}` : ''}`;
  const field = call.field ? fieldNamed(schema, call.object, call.field) : undefined;
  switch (call.intent) {
    case 'create':
      return call.creates[0] && exists(schema, call.creates[0]) ? `${call.creates[0]} already exists` : null;
    case 'add-options': {
      const have = new Set((field?.options ?? []).map((o) => o.value));
      return (call.addOptions ?? []).every((o) => have.has(o.value)) && field ? `${at} already has these options` : null;
    }
    case 'set-junction': {
      const wanted = (call.body.settings as Record<string, unknown>).junctionTargetFieldId as string;
      const [jo, jf] = wanted.replace('@field:', '').split('.');
      const id = fieldNamed(schema, jo, jf)?.id;
      return id && field?.relation?.junctionTargetFieldId === id ? `${at} already uses this junction` : null;
    }
    case 'activate-field':
      return field?.isActive ? `${at} is active` : null;
    case 'activate-object':
      return objectNamed(schema, call.object)?.isActive ? `${call.object} is active` : null;
    default:
      return null;
  }
}

/** The options PATCH body: the target's current options (ids kept) followed by the source's missing ones. */
function mergedOptions(call: PlannedCall, schema: WorkspaceSchema) {
  const current = fieldNamed(schema, call.object, call.field!)?.options ?? [];
  const have = new Set(current.map((o) => o.value));
  let next = Math.max(-1, ...current.map((o, i) => o.position ?? i)) + 1;
  const added = (call.addOptions ?? []).filter((o) => !have.has(o.value)).map((o) => ({ value: o.value, label: o.label, ...(o.color ? { color: o.color } : {}), position: next++ }));
  return { options: [...current.map((o) => ({ ...o })), ...added] };
}

/**
 * Applies a plan to the target workspace. With `dryRun` nothing is sent: every call comes back `planned` with the
 * request it would make.
 *
 * @example
 * const plan = planSchemaApply(diffSchemas(source, target), source, target);
 * const result = await applySchema(plan, { baseUrl: 'https://api.twenty.com', apiKey: process.env.TARGET_KEY! });
 * console.table(result.results.map((r) => ({ call: r.call.description, status: r.status, message: r.message })));
 * if (result.regenerateClients) console.log('run `npm run generate`');
 */
export async function applySchema(plan: SchemaPlan, target: Target, options: ApplyOptions = {}): Promise<ApplyResult> {
  const results: CallResult[] = [];
  const notes: string[] = [];
  const push = (r: CallResult) => (results.push(r), options.onResult?.(r));
  const finish = (): ApplyResult => {
    const counts = { created: 0, updated: 0, skipped: 0, failed: 0, planned: 0 } as Record<CallStatus, number>;
    results.forEach((r) => counts[r.status]++);
    const regenerateClients = counts.created + counts.updated > 0;
    if (regenerateClients) notes.push("The target's data model changed, and so did its OpenAPI documents: regenerate the target client (`npm run generate`).");
    return { dryRun: !!options.dryRun, results, counts, notes, regenerateClients };
  };

  if (options.dryRun) {
    for (const call of plan.calls) push({ call, status: 'planned', message: `${call.method} /rest/metadata${call.path} ${JSON.stringify(call.body)}` });
    return finish();
  }
  const client = 'twenty' in target ? target : createTwentyClient({ ...target, api: 'metadata' });
  if (client.twenty.api !== 'metadata') throw new TypeError(`applySchema: pass a client created with api: 'metadata' (got '${client.twenty.api}')`);
  const read = () => readWorkspaceSchema({ metadata: client, relations: false });
  let schema: WorkspaceSchema;
  try {
    schema = await read();
  } catch (error) {
    for (const call of plan.calls) push({ call, status: 'failed', message: `${call.description}: target not read: ${(error as Error).message}` });
    return finish();
  }

  let dirty = false;
  let phase = plan.calls[0]?.phase;
  for (const call of plan.calls) {
    if (call.phase !== phase) {
      phase = call.phase;
      if (dirty) {
        try {
          schema = await read();
          dirty = false;
        } catch (error) {
          notes.push(`re-reading the target failed (${(error as Error).message}); later calls use the last read`);
        }
      }
    }
    const done = alreadyDone(call, schema);
    if (done) { push({ call, status: 'skipped', message: done }); continue; }
    const unknown: string[] = [];
    const path = resolve(call.path, schema, unknown);
    const body = resolve(call.intent === 'add-options' ? mergedOptions(call, schema) : call.body, schema, unknown);
    if (unknown.length) {
      push({ call, status: 'failed', message: `${call.description}: not sent: ${[...new Set(unknown)].join(', ')} not found in the target (created by an earlier call that failed?)` });
      continue;
    }
    const res = await request(client, call.method, path, { body });
    if (res.error) { push({ call, status: 'failed', message: `${call.description}: ${res.error.message}` }); continue; }
    dirty = true;
    const item = parseMetadataItem(res.data, call.path.startsWith('/objects') ? 'objects' : 'fields');
    push({ call, status: call.intent === 'create' ? 'created' : 'updated', message: call.description, id: typeof item?.id === 'string' ? item.id : undefined });
  }

  // Twenty names inverse and morph fields itself (from labels): check they came out as in the source.
  const createdCalls = results.filter((r) => r.status === 'created');
  if (createdCalls.length) {
    try {
      const after = await read();
      for (const r of createdCalls) {
        const lacking = r.call.creates.filter((n) => !exists(after, n));
        if (lacking.length) notes.push(`${r.call.id}: the target has no ${lacking.join(', ')} afterwards (the server named it differently?); records using it will not import`);
      }
    } catch (error) {
      notes.push(`could not verify the result: ${(error as Error).message}`);
    }
  }
  return finish();
}
