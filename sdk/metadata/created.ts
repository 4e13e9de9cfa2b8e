/**
 * `schema/created.jsonl`: every custom object and field the data-model stage created in the target, appended as the
 * server answers each call. The differences are computed again on every run (a second run finds nothing to
 * create), so this journal is what `undo --schema` reads to remove exactly what this run folder created.
 */
import type { RunFolder } from '../run/run-folder.js';
import type { CallResult } from './apply.js';

export const SCHEMA_CREATED = ['schema', 'created.jsonl'] as const;

export interface CreatedSchemaItem {
  kind: 'object' | 'field';
  /** the object's nameSingular (as the plan names it) */
  object: string;
  /** the field's name, for a field */
  field?: string;
  /** metadata id in the target */
  id: string;
  at: string;
}

/** An `onResult` for applySchema that journals what was created. */
export function journalSchemaCreated(run: RunFolder): (r: CallResult) => void {
  return (r) => {
    if (r.status !== 'created' || !r.id || r.call.method !== 'POST') return;
    const kind = r.call.path.startsWith('/objects') ? 'object' : 'field';
    run.appendJsonl([{ kind, object: r.call.object, ...(kind === 'field' && r.call.field ? { field: r.call.field } : {}), id: r.id, at: new Date().toISOString() } satisfies CreatedSchemaItem], ...SCHEMA_CREATED);
  };
}

export async function readSchemaCreated(run: RunFolder): Promise<CreatedSchemaItem[]> {
  const out = new Map<string, CreatedSchemaItem>();
  for await (const c of run.readJsonl<CreatedSchemaItem>(...SCHEMA_CREATED)) if (c?.id) out.set(c.id, c);
  return [...out.values()];
}
