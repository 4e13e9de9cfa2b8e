/**
 * Source id → target id. Records keep their source id in the target (create and upsert keep a client id), except
 * when upsert matched an existing record by a unique field: then the existing id wins and every reference to the
 * source id (join columns of later objects, deferred patches) must be rewritten to it.
 */
import type { LedgerState } from './ledger.js';

export interface IdMap {
  /** The target id of a record the import wrote, or undefined when the ledger does not have it as done. */
  target(object: string, sourceId: string): string | undefined;
  /** The id to write where the source referenced `sourceId` (unchanged unless that record was merged). */
  resolve(sourceId: string): string;
  /** Every merged source id (all objects) → its target id. */
  readonly merges: ReadonlyMap<string, string>;
}

/**
 * An id map over a ledger state; it follows the state as the import appends to it.
 *
 * @example
 * const ids = idMapOf(await loadLedger(run));
 * ids.target('companies', sourceCompanyId); // target id, or undefined if not imported
 * ids.resolve(person.companyId);            // what to write in the target
 */
export function idMapOf(state: LedgerState): IdMap {
  // Ids are UUIDs, unique across objects, so one flat map of merged ids serves every join column.
  const merges = new Map<string, string>();
  for (const entries of state.merged.values()) for (const [sourceId, e] of entries) if (e.targetId) merges.set(sourceId, e.targetId);
  return {
    target: (object, sourceId) => state.done.get(object)?.get(sourceId),
    resolve: (sourceId) => merges.get(sourceId) ?? sourceId,
    merges,
  };
}

/** Adds one merge seen during the run (the state's own maps are updated by `recordOutcomes`). */
export function noteMerge(ids: IdMap, sourceId: string, targetId: string): void {
  (ids.merges as Map<string, string>).set(sourceId, targetId);
}

/**
 * Join columns of a record: top-level keys ending in `Id` (`companyId`, `pointOfContactId`, `targetPersonId`) holding a
 * string. The transform stage writes relations only as such columns (depth 0).
 */
export const isJoinColumn = (key: string, value: unknown): value is string => key !== 'id' && key.endsWith('Id') && typeof value === 'string';

/**
 * A copy of `fields` with every join column rewritten through the id map (a no-op when nothing was merged).
 *
 * @example
 * rewriteReferences({ name: 'Ann', companyId: mergedSourceId }, ids); // { name: 'Ann', companyId: existingTargetId }
 */
export function rewriteReferences(fields: Record<string, unknown>, ids: IdMap): Record<string, unknown> {
  if (ids.merges.size === 0) return fields;
  let out: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(fields)) {
    if (!isJoinColumn(key, value)) continue;
    const target = ids.merges.get(value);
    if (target === undefined || target === value) continue;
    out ??= { ...fields };
    out[key] = target;
  }
  return out ?? fields;
}
