/**
 * The plan stage on a run folder: reads schema/{source,target}.json, export/state.json and members.json,
 * optionally asks the target what fires on writes, writes plan.json and records the stage in the manifest.
 */
import type { TwentyClient } from '../client/create-client.js';
import { MigrationError } from '../errors.js';
import { selectObjects } from '../export/select.js';
import type { WorkspaceSchema } from '../metadata/types.js';
import type { RunFolder } from '../run/run-folder.js';
import type { ExportState, MembersFile, Plan, SkippedObject } from '../run/contracts.js';
import { buildPlan } from './build-plan.js';
import { detectTargetSideEffects } from './side-effects.js';

export interface PlanRunOptions {
  /** a core client of the target: active workflows and webhooks become warnings */
  targetClient?: TwentyClient;
  /** objects the export stage left out; default: `selectObjects` with the export's own `--objects` */
  skipped?: SkippedObject[];
}

/**
 * @example
 * const plan = await planRun(run, { targetClient, skipped: selectObjects(source).skipped });
 * console.log(formatPlan(plan));
 */
export async function planRun(run: RunFolder, options: PlanRunOptions = {}): Promise<Plan> {
  const source = run.readJson<WorkspaceSchema>('schema', 'source.json');
  const target = run.readJson<WorkspaceSchema>('schema', 'target.json');
  if (!source || !target) {
    throw new MigrationError('MISSING_STAGE_OUTPUT', `plan: ${run.path('schema')} lacks source.json or target.json; run the schema stage first`);
  }
  const exported = (run.manifest().options.export as { objects?: string[] | null } | undefined)?.objects ?? undefined;
  run.setStage('plan', 'started');
  const plan = buildPlan({
    source,
    target,
    exportState: run.readJson<ExportState>('export', 'state.json'),
    members: run.readJson<MembersFile>('members.json'),
    skipped: options.skipped ?? selectObjects(source, { objects: exported }).skipped,
    targetSideEffects: options.targetClient ? await detectTargetSideEffects(options.targetClient) : undefined,
  });
  run.writeJson(plan, 'plan.json');
  const total = plan.order.reduce((s, o) => s + o.count, 0);
  run.setStage('plan', 'completed', `${plan.ready ? 'ready' : `${plan.blockers.length} blocker(s)`}: ${plan.order.length} objects, ${total} records, ${plan.warnings.length} warning(s)`);
  return plan;
}
