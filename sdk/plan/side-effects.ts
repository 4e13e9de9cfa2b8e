/**
 * What fires in the target when the import writes records (§10): active workflows with a record trigger
 * ("Create company when adding a new person" rewrites an imported person's companyId in a fresh workspace) and
 * webhooks (one call per record event). Found here so the plan can warn before anything is written.
 */
import type { TwentyClient } from '../client/create-client.js';
import { TwentyApiError } from '../client/errors.js';
import { listRecords } from '../client/paginate.js';
import { request } from '../client/request.js';

export interface ActiveWorkflow {
  id: string;
  name: string;
  /** `DATABASE_EVENT`, `MANUAL`, `CRON`, `WEBHOOK`; null when no active version was found */
  triggerType: string | null;
  /** e.g. `person.upserted` for record triggers */
  eventName: string | null;
  /** true when the trigger fires on record writes (or when it could not be told: better warned than surprised) */
  firesOnRecordWrites: boolean;
}

export interface TargetWebhook {
  id: string;
  /** scheme and host only: webhook URLs often embed secrets in their path or query */
  targetOrigin: string;
  operations: string[];
}

export interface TargetSideEffects {
  activeWorkflows: ActiveWorkflow[];
  webhooks: TargetWebhook[];
  /** one line per side effect to deal with, and per check that could not be made */
  warnings: string[];
}

type Row = Record<string, unknown>;

async function collect(client: TwentyClient, plural: string, filter?: string): Promise<Row[]> {
  const out: Row[] = [];
  for await (const r of listRecords(client, plural, { filter })) out.push(r);
  return out;
}

const describe = (e: unknown) => (e instanceof TwentyApiError ? `${e.status ?? ''} ${e.code}`.trim() : String(e));

async function workflows(client: TwentyClient, warnings: string[]): Promise<ActiveWorkflow[]> {
  let rows: Row[];
  try {
    rows = (await collect(client, 'workflows')).filter((w) => Array.isArray(w.statuses) && w.statuses.includes('ACTIVE'));
  } catch (e) {
    warnings.push(`could not list the target's workflows (${describe(e)}): check Settings → Workflows by hand and deactivate record-triggered ones`);
    return [];
  }
  if (!rows.length) return [];
  const triggers = new Map<string, { type?: string; settings?: { eventName?: string } }>();
  try {
    for (const v of await collect(client, 'workflowVersions', 'status[eq]:ACTIVE')) {
      if (typeof v.workflowId === 'string' && v.trigger && typeof v.trigger === 'object') triggers.set(v.workflowId, v.trigger as never);
    }
  } catch (e) {
    warnings.push(`could not list the target's workflow versions (${describe(e)}): triggers unknown, every active workflow is reported`);
  }
  return rows.map((w) => {
    const t = triggers.get(String(w.id));
    const triggerType = typeof t?.type === 'string' ? t.type : null;
    return {
      id: String(w.id),
      name: String(w.name ?? ''),
      triggerType,
      eventName: typeof t?.settings?.eventName === 'string' ? t.settings.eventName : null,
      firesOnRecordWrites: triggerType === null || triggerType === 'DATABASE_EVENT',
    };
  });
}

async function webhooks(client: TwentyClient, warnings: string[]): Promise<TargetWebhook[]> {
  const result = await request<unknown>(client, 'GET', '/metadata/webhooks');
  if (result.error) {
    const why = result.error.status === 404 ? 'this server has no /rest/metadata/webhooks' : describe(result.error);
    warnings.push(`could not list the target's webhooks (${why}): check Settings → APIs & Webhooks by hand`);
    return [];
  }
  // Legacy `{data:{webhooks:[…]}}`, new `{data:[…]}`, or a bare array.
  const body = result.data as { data?: unknown } | unknown[];
  const data = Array.isArray(body) ? body : (body as { data?: unknown })?.data;
  const list = Array.isArray(data) ? data : ((data as { webhooks?: unknown })?.webhooks ?? []);
  return (Array.isArray(list) ? (list as Row[]) : []).map((w) => ({
    id: String(w.id),
    targetOrigin: originOf(w.targetUrl),
    operations: Array.isArray(w.operations) ? w.operations.map(String) : [],
  }));
}

function originOf(url: unknown): string {
  try {
    return new URL(String(url)).origin;
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Lists the target's active workflows and webhooks. Never throws for API errors: a check that cannot be made
 * (404, missing permission) becomes a warning telling what to check by hand.
 *
 * @example
 * const effects = await detectTargetSideEffects(createTwentyClient({ baseUrl: targetUrl, apiKey: targetKey }));
 * effects.warnings; // ['active workflow "Create company when adding a new person" fires on person.upserted: …']
 */
export async function detectTargetSideEffects(targetClient: TwentyClient): Promise<TargetSideEffects> {
  const warnings: string[] = [];
  const activeWorkflows = await workflows(targetClient, warnings);
  const hooks = await webhooks(targetClient, warnings);
  for (const w of activeWorkflows.filter((x) => x.firesOnRecordWrites)) {
    const on = w.eventName ? `fires on ${w.eventName}` : 'has an unknown trigger';
    warnings.push(`active workflow "${w.name}" ${on}: it will run for imported records (and may rewrite them); deactivate it in the target before importing`);
  }
  for (const h of hooks) {
    warnings.push(`webhook to ${h.targetOrigin} (${h.operations.join(', ') || 'all operations'}) will receive one call per imported record; pause it or create it after the import`);
  }
  return { activeWorkflows, webhooks: hooks, warnings };
}
