/**
 * Keeping the target's automations off the imported records: before the first write, each self-firing automated
 * trigger of an ACTIVE workflow is soft-deleted (the worker lists only live triggers, so nothing fires), and at the
 * end of the run exactly those are restored. Activating or deactivating a workflow version needs a logged-in user
 * (workflow-trigger.resolver.ts: UserAuthGuard), so an API key cannot use that switch; a trigger row is an
 * ordinary record it may trash and restore. The workflows keep their ACTIVE status throughout.
 *
 * The run folder's `automations.json` names the triggers this migration paused, written before each pause, so a run
 * killed while they are paused restores them on its next start or end (`npx twenty-migrate automations --restore`
 * restores them at once). Triggers someone else had trashed are never touched.
 */
import { request, TwentyApiError, type TwentyClient } from '../client/index.js';
import { MigrationError } from '../errors.js';
import type { RunFolder } from '../run/run-folder.js';
import { activeTriggers, type AutomatedTrigger } from './triggers.js';

export interface AutomationsState {
  /** triggers this migration soft-deleted and has to restore */
  paused: AutomatedTrigger[];
  state: 'pausing' | 'paused' | 'restored';
  pausedAt?: string;
  restoredAt?: string;
}

export interface PauseResult {
  /** triggers paused for this run (earlier runs' still-paused ones included) */
  paused: AutomatedTrigger[];
  /** `allowed`: the user chose to let them run (`allowActiveWorkflows`) */
  mode: 'paused' | 'none-active' | 'allowed';
  /** the triggers left active when mode is `allowed` */
  active: AutomatedTrigger[];
}

const FILE = 'automations.json';

export const readAutomationsState = (run: RunFolder): AutomationsState | undefined => run.readJson<AutomationsState>(FILE);

const describe = (t: AutomatedTrigger) => `"${t.workflowName}" (${t.type === 'CRON' ? 'on a schedule' : `on ${t.eventName ?? 'record events'}`})`;

/**
 * Pauses the target's self-firing triggers before records are written. With `allowActiveWorkflows`, leaves them on.
 * Throws `TARGET_AUTOMATIONS_ACTIVE` (needs action) when the key may not pause them: nothing else was written then.
 *
 * @example
 * const r = await pauseAutomations(target.core, run);
 * r.paused.map((t) => t.workflowName); // ['Create company when adding a new person']
 */
export async function pauseAutomations(client: TwentyClient, run: RunFolder, options: { allowActiveWorkflows?: boolean } = {}): Promise<PauseResult> {
  const previous = readAutomationsState(run);
  const stillPaused = previous && previous.state !== 'restored' ? previous.paused : [];
  const live = (await activeTriggers(client)).filter((t) => !t.deleted);
  if (options.allowActiveWorkflows) {
    // Known and chosen: earlier pauses of this run folder are undone too, so the target behaves as the user asked.
    if (stillPaused.length) await restoreAutomations(client, run);
    return { paused: [], mode: 'allowed', active: live };
  }
  const known = new Set(stillPaused.map((t) => t.id));
  const toPause = live.filter((t) => !known.has(t.id));
  if (!toPause.length && !stillPaused.length) return { paused: [], mode: 'none-active', active: [] };
  const state: AutomationsState = { paused: [...stillPaused, ...toPause], state: 'pausing', pausedAt: previous?.pausedAt ?? new Date().toISOString() };
  run.writeJson(state, FILE); // before the first pause: a kill in between still knows what to restore
  for (const trigger of toPause) {
    const r = await request(client, 'DELETE', '/workflowAutomatedTriggers/{id}', { path: { id: trigger.id }, query: { soft_delete: true } });
    if (r.error && r.error.status !== 404) {
      await restoreAutomations(client, run);
      throw cannotPause(trigger, live, r.error);
    }
  }
  run.writeJson({ ...state, state: 'paused' } satisfies AutomationsState, FILE);
  return { paused: state.paused, mode: 'paused', active: [] };
}

/**
 * Restores the triggers this run folder paused (idempotent; nothing to do when none are paused).
 *
 * @example
 * await restoreAutomations(target.core, run); // { restored: 1 }
 */
export async function restoreAutomations(client: TwentyClient, run: RunFolder): Promise<{ restored: number }> {
  const state = readAutomationsState(run);
  if (!state || state.state === 'restored' || !state.paused.length) return { restored: 0 };
  const ids = state.paused.map((t) => t.id);
  const r = await request(client, 'PATCH', '/restore/workflowAutomatedTriggers', { query: { filter: `id[in]:[${ids.join(',')}]` } });
  if (r.error) {
    throw new MigrationError(
      'AUTOMATIONS_NOT_RESTORED',
      `TARGET: the ${ids.length} workflow trigger(s) paused for the import could not be restored (${r.error.code}: ${r.error.messages.join('; ')}). ` +
        `They are listed in ${run.path(FILE)}; run "npx twenty-migrate automations --restore --run-dir ${run.dir}" to try again.`,
      { triggers: ids, resumable: true },
      { cause: r.error },
    );
  }
  run.writeJson({ ...state, state: 'restored', restoredAt: new Date().toISOString() } satisfies AutomationsState, FILE);
  return { restored: ids.length };
}

function cannotPause(trigger: AutomatedTrigger, live: AutomatedTrigger[], error: TwentyApiError): MigrationError {
  const names = [...new Set(live.map(describe))];
  return new MigrationError(
    'TARGET_AUTOMATIONS_ACTIVE',
    [
      `TARGET: ${live.length} active workflow trigger(s) would rewrite imported records: ${names.join(', ')}.`,
      `This API key may not pause them (${error.code}: ${error.messages.join('; ') || error.message}), so nothing was written.`,
      'Either deactivate them in the target: Settings → Workflows → open each workflow above → "Deactivate", run again, and activate them afterwards;',
      'or give the target key a role that may delete and restore workflowAutomatedTrigger records;',
      'or run again with --allow-active-workflows to import while they run (they will change imported records).',
    ].join('\n'),
    { needsAction: true, triggers: live.map((t) => t.id), failedOn: trigger.id },
    { cause: error },
  );
}
