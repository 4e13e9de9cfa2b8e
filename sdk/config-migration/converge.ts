/**
 * Makes a list of target entities (the children of one view, the tabs of one layout…) hold what the source's do:
 * entries are matched by a key computed the same way on both sides (in target ids), missing ones are created,
 * differing attributes are PATCHed, and, when asked, target extras are deleted. Running it twice changes nothing
 * the second time: that is what makes the configuration stage re-runnable.
 */
import type { TwentyClient } from '../client/index.js';
import { changedKeys, createEntity, deleteEntity, pick, updateEntity, type Entity } from './rest.js';

export interface Wanted {
  key: string;
  /** the create body (target ids) */
  body: Record<string, unknown>;
  /** keys of `body` that a PATCH may change on an existing entity */
  mutable: readonly string[];
}

export interface ConvergeResult {
  created: number;
  updated: number;
  deleted: number;
  /** target entity per key, after the run (created ones included) */
  byKey: Map<string, Entity>;
  errors: string[];
}

export async function converge(
  client: TwentyClient,
  kind: string,
  wanted: Wanted[],
  have: Entity[],
  haveKey: (e: Entity) => string,
  options: { deleteExtras: boolean; dryRun: boolean },
): Promise<ConvergeResult> {
  const result: ConvergeResult = { created: 0, updated: 0, deleted: 0, byKey: new Map(), errors: [] };
  const existing = new Map<string, Entity>();
  for (const e of have) if (!existing.has(haveKey(e))) existing.set(haveKey(e), e);
  const wantedKeys = new Set(wanted.map((w) => w.key));
  for (const w of wanted) {
    const current = existing.get(w.key);
    try {
      if (!current) {
        result.created++;
        result.byKey.set(w.key, options.dryRun ? { id: `dry-run:${w.key}`, ...w.body } : await createEntity(client, kind, w.body));
        continue;
      }
      const patch = pick(w.body, changedKeys(pick(w.body, w.mutable), current));
      if (Object.keys(patch).length) {
        result.updated++;
        result.byKey.set(w.key, options.dryRun ? { ...current, ...patch } : await updateEntity(client, kind, current.id, patch));
      } else {
        result.byKey.set(w.key, current);
      }
    } catch (e) {
      result.errors.push(`${kind} ${w.key}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (options.deleteExtras) {
    for (const [key, e] of existing) {
      if (wantedKeys.has(key)) continue;
      try {
        result.deleted++;
        if (!options.dryRun) await deleteEntity(client, kind, e.id);
      } catch (err) {
        result.errors.push(`${kind} ${key} (delete): ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  return result;
}

export const changes = (r: Pick<ConvergeResult, 'created' | 'updated' | 'deleted'>) => r.created + r.updated + r.deleted;
