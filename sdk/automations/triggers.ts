/**
 * The target's automations that act on their own while records are imported: the automated triggers
 * (`workflowAutomatedTrigger` rows, DATABASE_EVENT or CRON) of its ACTIVE workflows. A real 2.21 worker finds the
 * workflows to run for a record event by listing the non-deleted automated triggers whose `settings.eventName`
 * matches (workflow-database-event-trigger.listener.ts), then runs the workflow's published version if it is ACTIVE
 * (workflow-trigger.job.ts). A freshly signed-up workspace has one: "Create company when adding a new person", which
 * re-points every imported person at a company named after its e-mail domain.
 */
import { listRecords, type TwentyClient } from '../client/index.js';

export interface AutomatedTrigger {
  id: string;
  workflowId: string;
  workflowName: string;
  /** DATABASE_EVENT or CRON */
  type: string;
  /** `person.upserted` and the like, for DATABASE_EVENT triggers */
  eventName: string | null;
  /** soft-deleted (paused) in the target */
  deleted: boolean;
}

type Row = Record<string, unknown>;

/** Trigger types that fire without a person asking: record events and schedules. */
const SELF_FIRING = new Set(['DATABASE_EVENT', 'CRON']);

/**
 * The self-firing automated triggers of the target's ACTIVE workflows, live and (with `withDeleted`) soft-deleted.
 *
 * @example
 * const triggers = await activeTriggers(target.core);
 * triggers.map((t) => `${t.workflowName}: ${t.eventName}`); // ['Create company when adding a new person: person.upserted']
 */
export async function activeTriggers(client: TwentyClient, options: { withDeleted?: boolean } = {}): Promise<AutomatedTrigger[]> {
  const workflows = new Map<string, Row>();
  for await (const w of listRecords(client, 'workflows')) {
    if (Array.isArray(w.statuses) && w.statuses.includes('ACTIVE')) workflows.set(String(w.id), w);
  }
  if (!workflows.size) return [];
  const rows: Array<Row & { deleted: boolean }> = [];
  for await (const t of listRecords(client, 'workflowAutomatedTriggers')) rows.push({ ...t, deleted: false });
  if (options.withDeleted) {
    for await (const t of listRecords(client, 'workflowAutomatedTriggers', { filter: 'deletedAt[is]:NOT_NULL' })) rows.push({ ...t, deleted: true });
  }
  return rows
    .filter((t) => workflows.has(String(t.workflowId)) && SELF_FIRING.has(String(t.type)))
    .map((t) => ({
      id: String(t.id),
      workflowId: String(t.workflowId),
      workflowName: String(workflows.get(String(t.workflowId))?.name ?? ''),
      type: String(t.type),
      eventName: typeof (t.settings as Row | null)?.eventName === 'string' ? ((t.settings as Row).eventName as string) : null,
      deleted: t.deleted,
    }));
}
