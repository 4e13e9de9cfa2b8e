/**
 * The target's automations. API writes fire the target's active workflows (twenty-api.md §10, §13: the
 * signed-up workspace's "Create company when adding a new person" re-points each imported person at an
 * `example.com` company), and they run later, on the worker. So before judging the records the checker waits
 * until no workflow run is pending or running for a quiet period (with a cap), then counts the runs the
 * migration caused.
 */
import type { Instance } from '../env.js';
import { countRecords, listAll } from './records.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PENDING = 'status[in]:[NOT_STARTED,ENQUEUED,RUNNING]';

export async function waitQueueIdle(target: Instance, opts: { quietMs?: number; capMs?: number; pollMs?: number } = {}) {
  const quietMs = opts.quietMs ?? 30_000;
  const capMs = opts.capMs ?? Number(process.env.TWENTY_REAL_QUEUE_CAP_S ?? 900) * 1000;
  const pollMs = opts.pollMs ?? 5_000;
  const start = Date.now();
  let idleSince: number | null = null;
  let pending = 0;
  for (;;) {
    pending = await countRecords(target, 'workflowRuns', PENDING);
    const now = Date.now();
    if (pending === 0) {
      idleSince ??= now;
      if (now - idleSince >= quietMs) return { idle: true, waitedMs: now - start, pendingAtEnd: 0 };
    } else idleSince = null;
    if (now - start >= capMs) return { idle: false, waitedMs: now - start, pendingAtEnd: pending };
    await sleep(pollMs);
  }
}

/** Workflow runs created since `since`, by status and by workflow (capped at 2,000 rows read). */
export async function runsSince(target: Instance, since: string) {
  const filter = `createdAt[gte]:"${since}"`;
  const total = await countRecords(target, 'workflowRuns', filter);
  const rows = total ? await listAll(target, 'workflowRuns', filter, 2000) : [];
  const byStatus: Record<string, number> = {};
  const byWorkflow: Record<string, number> = {};
  for (const r of rows) {
    byStatus[String(r.status)] = (byStatus[String(r.status)] ?? 0) + 1;
    const name = String(r.name ?? r.workflowId ?? '?').replace(/^#\d+ - /, ''); // runs are named "#465 - <workflow>"
    byWorkflow[name] = (byWorkflow[name] ?? 0) + 1;
  }
  return { sinceMigrationStart: total, byStatus, byWorkflow };
}
