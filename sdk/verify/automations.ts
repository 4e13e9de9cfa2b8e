/**
 * What the target's automations did, or may still do, to imported records. A workflow run still waiting in the
 * target's queue changes records after verification has looked (a real 2.21 worker holds runs beyond its
 * direct-enqueue limit as NOT_STARTED until a cron picks them up), so pending runs started since the migration began
 * fail the check: verify again once they have finished. Records changed after import by a workflow (updatedBy
 * source WORKFLOW, or the "Standard" application its code steps write as) are damage, unlike a person's edit.
 */
import { listRecords, type TwentyClient } from '../client/index.js';
import type { CheckStatus, ObjectVerification } from './types.js';

/** updatedBy sources of writes made by automations, not by people or this migration. */
export const AUTOMATION_SOURCES: ReadonlySet<string> = new Set(['WORKFLOW', 'APPLICATION']);

const PENDING = ['NOT_STARTED', 'ENQUEUED', 'RUNNING'];

export interface AutomationCheck {
  check: string;
  status: CheckStatus;
  detail: string;
}

/** Runs of the target's workflows created since `since` and not finished. */
export async function pendingWorkflowRuns(target: TwentyClient, since: string): Promise<{ count: number; workflows: string[] } | null> {
  const workflows = new Set<string>();
  let count = 0;
  try {
    const filter = `createdAt[gte]:"${since}",status[in]:[${PENDING.join(',')}]`;
    for await (const r of listRecords(target, 'workflowRuns', { filter })) {
      count += 1;
      if (typeof r.name === 'string') workflows.add(r.name.replace(/^#\d+ - /, ''));
    }
  } catch {
    return null; // no workflow objects (older servers) or not readable with this key: reported as unknown
  }
  return { count, workflows: [...workflows] };
}

/**
 * The two checks: no record rewritten by an automation, and no run still pending.
 *
 * @example
 * const checks = await automationChecks(target.core, results, manifest.createdAt);
 */
export async function automationChecks(target: TwentyClient, results: ObjectVerification[], since: string): Promise<AutomationCheck[]> {
  const rewritten = results.reduce((n, v) => n + v.changedAfterImport.filter((c) => c.by && AUTOMATION_SOURCES.has(c.by.source)).length, 0);
  const examples = results.flatMap((v) => v.changedAfterImport.filter((c) => c.by && AUTOMATION_SOURCES.has(c.by.source)).map((c) => `${v.object} ${c.recordId} by "${c.by!.name}"`)).slice(0, 3);
  const pending = await pendingWorkflowRuns(target, since);
  return [
    {
      check: "No imported record rewritten by the target's automations",
      status: rewritten ? 'fail' : 'pass',
      detail: rewritten ? `${rewritten} rewritten (e.g. ${examples.join(', ')}): see the report's "changed after import" lists` : '0 rewritten',
    },
    pending === null
      ? { check: 'No workflow run of the target still pending', status: 'warn', detail: "the target's workflow runs could not be listed: check Settings → Workflows → Runs" }
      : {
          check: 'No workflow run of the target still pending',
          status: pending.count ? 'fail' : 'pass',
          detail: pending.count
            ? `${pending.count} run(s) started since the migration began are not finished (${pending.workflows.join(', ')}): they may still change imported records; run verify again once they are done`
            : '0 pending',
        },
  ];
}
