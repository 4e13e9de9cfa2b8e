/**
 * Conflicts: records changed in the source since the last read and in the target since this run folder wrote them.
 * Each is written to `sync/conflicts.jsonl` (rewritten every round: the conflicts as they stand) with both versions
 * and the fields each side changed, so an admin can decide record by record. The policy (`--on-conflict`) decides
 * what `sync` writes: `stop` (default) writes nothing for them and holds them for the next round, `source` writes
 * the source's version over the target's edit, `target` keeps the target's version.
 */
import { idMapOf, loadLedger } from '../import/index.js';
import type { RunFolder } from '../run/run-folder.js';
import { writeFileAtomic } from '../run/run-folder.js';
import { loadRewrites } from '../run/rewrites.js';
import { compareRecord } from '../verify/compare.js';
import { indexSent } from '../verify/sent-index.js';
import type { FoundChanges } from './changes.js';

export type ConflictPolicy = 'stop' | 'source' | 'target';
export const CONFLICT_POLICIES: readonly ConflictPolicy[] = ['stop', 'source', 'target'];

export interface Conflict {
  object: string;
  sourceId: string;
  targetId: string;
  /** fields the source changed since its exported copy */
  sourceFields: string[];
  /** fields the target changed since this run folder wrote the record */
  targetFields: string[];
  /** fields both sides changed: the contested ones */
  bothChanged: string[];
  /** what the policy did: held (stop), written (source), kept (target) */
  resolution: 'held' | 'source-written' | 'target-kept';
  source: Record<string, unknown>;
  target: Record<string, unknown>;
}

export const CONFLICTS_FILE = ['sync', 'conflicts.jsonl'] as const;

/** The server's own bookkeeping: changes to these are not edits anyone made. */
const NOT_EDITS = new Set(['updatedAt', 'position', 'searchVector', 'updatedBy', 'createdAt', 'createdBy']);
const top = (path: string) => path.split('.')[0];
const fieldsOf = (list: Array<{ field: string }>) => [...new Set(list.map((m) => top(m.field)))].sort();

/**
 * @example
 * const conflicts = await describeConflicts(run, found, 'stop');
 * conflicts[0].bothChanged; // ['name']
 */
export async function describeConflicts(run: RunFolder, found: FoundChanges, policy: ConflictPolicy): Promise<Conflict[]> {
  const out: Conflict[] = [];
  const resolution = policy === 'stop' ? 'held' : policy === 'source' ? 'source-written' : 'target-kept';
  const withConflicts = found.report.objects.filter((o) => o.conflicts.length);
  if (!withConflicts.length) return out;
  const ids = idMapOf(await loadLedger(run));
  const rewrites = await loadRewrites(run);
  for (const o of withConflicts) {
    const sent = await indexSent(run, o.object, ids, rewrites.get(o.object));
    try {
      for (const sourceId of o.conflicts) {
        const target = found.target.get(o.object)?.get(sourceId) ?? {};
        const targetId = String(target.id ?? ids.target(o.object, sourceId) ?? sourceId);
        const now = found.source.get(o.object)?.get(sourceId) ?? { id: sourceId, deletedFromSource: true };
        const before = found.before.get(o.object)?.get(sourceId) ?? {};
        const sourceFields = now.deletedFromSource ? ['(deleted)'] : fieldsOf(compareRecord(before, now, NOT_EDITS));
        if (Boolean(now.deletedAt) !== Boolean(before.deletedAt)) sourceFields.push('deletedAt');
        const line = sent.get(targetId);
        const targetFields = line ? fieldsOf(compareRecord(line.record, target, NOT_EDITS)) : [];
        if (target.deletedAt && !line?.deletedAt) targetFields.push('deletedAt');
        out.push({
          object: o.object, sourceId, targetId, sourceFields, targetFields,
          bothChanged: sourceFields.filter((f) => targetFields.includes(f)), resolution, source: now, target,
        });
      }
    } finally {
      sent.close();
    }
  }
  return out;
}

/** Replaces sync/conflicts.jsonl with the conflicts of this round (an empty file when there are none). */
export function writeConflicts(run: RunFolder, conflicts: Conflict[]): void {
  writeFileAtomic(run.path(...CONFLICTS_FILE), conflicts.map((c) => `${JSON.stringify(c)}\n`).join(''));
}
