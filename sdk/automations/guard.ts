/**
 * `guardAutomations`: the target's automations paused around any stage that writes records (the whole `run`, or
 * `import`, `files` and `configuration` on their own), and restored when it ends, successfully or not. Only a
 * SIGKILL leaves them paused; the run folder remembers them and the next command of that run folder restores them.
 */
import type { TwentyClient } from '../client/index.js';
import type { RunFolder } from '../run/run-folder.js';
import { pauseAutomations, restoreAutomations, type PauseResult } from './pause.js';
import { waitUntilQuiet, type SettleOptions } from './settle.js';

export interface AutomationsGuard {
  result: PauseResult;
  /** waits until the target has handled the last writes, then restores what was paused (once; idempotent) */
  restore(): Promise<void>;
}

/**
 * @example
 * const guard = await guardAutomations(target.core, run, { log: console.log });
 * try { await importStage(m); } finally { await guard.restore(); }
 */
export async function guardAutomations(
  client: TwentyClient,
  run: RunFolder,
  options: { allowActiveWorkflows?: boolean; settle?: SettleOptions; log?: (line: string) => void } = {},
): Promise<AutomationsGuard> {
  const log = options.log ?? (() => {});
  const result = await pauseAutomations(client, run, { allowActiveWorkflows: options.allowActiveWorkflows });
  const names = (list: PauseResult['paused']) => [...new Set(list.map((t) => t.workflowName))].join(', ');
  if (result.mode === 'paused') log(`automations: ${result.paused.length} workflow trigger(s) of the target paused while records are written (${names(result.paused)})`);
  if (result.mode === 'allowed' && result.active.length) {
    log(`automations: ${result.active.length} active workflow trigger(s) left running, as asked (--allow-active-workflows): ${names(result.active)} may change imported records`);
  }
  let done = false;
  return {
    result,
    async restore() {
      if (done || result.mode !== 'paused') return;
      done = true;
      // Events of the last writes are handled after their answers: restoring before they are would let them fire.
      const quiet = await waitUntilQuiet(client, options.settle);
      const r = await restoreAutomations(client, run);
      log(`automations: ${r.restored} workflow trigger(s) restored${quiet.settled ? '' : ` (the target was still busy after ${Math.round(quiet.waitedMs / 1000)} s)`}`);
    },
  };
}
