/**
 * sync/state.json: where the next `sync` looks for changes from, written only when a sync round has finished. A
 * round killed before that leaves the state as it was, so the next round looks from the same point again and finds
 * the same changes (writing them is idempotent: the overlay keeps the last version, the import skips what it sent).
 *
 *   objects.<plural>.since  changes are looked for from this time (minus the overlap): when the last finished round
 *                           started reading
 *   held                    conflicts left unresolved under `--on-conflict stop`: looked at again by id on every
 *                           round, whatever their time, until a policy or an edit resolves them
 *   keptTarget              conflicts settled in the target's favour, with the source version that lost
 *   round                   the round in progress (its start time, kept across a kill so its watermark stays early)
 */
import type { RunFolder } from '../run/run-folder.js';

export interface SyncState {
  rounds: number;
  objects: Record<string, { since: string }>;
  /** object → source ids of the conflicts held back */
  held: Record<string, string[]>;
  /**
   * object → source id → the source's updatedAt of a conflict settled with `--on-conflict target`: that version of
   * the source is not looked at again (the overlap would find it once more); a later edit in the source is.
   */
  keptTarget?: Record<string, Record<string, string>>;
  round?: { number: number; startedAt: string };
}

export const SYNC_STATE = ['sync', 'state.json'] as const;

export function readSyncState(run: RunFolder): SyncState {
  return run.readJson<SyncState>(...SYNC_STATE) ?? { rounds: 0, objects: {}, held: {} };
}

export function writeSyncState(run: RunFolder, state: SyncState): void {
  run.writeJson(state, ...SYNC_STATE);
}

/** The round in progress, or a new one (recorded at once, so a killed round keeps its start). */
export function beginRound(run: RunFolder): { state: SyncState; round: { number: number; startedAt: string } } {
  const state = readSyncState(run);
  if (!state.round) {
    state.round = { number: state.rounds + 1, startedAt: new Date().toISOString() };
    writeSyncState(run, state);
  }
  return { state, round: state.round };
}
