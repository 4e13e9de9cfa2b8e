/**
 * Workflows: each source workflow is recreated in the target as a draft holding the source's current version
 * (the published one, else the draft, else the latest) with its trigger and steps, references mapped (objects by
 * name, field metadata ids, member ids, record ids merged on import). What an API key cannot do is listed with
 * the exact manual step:
 * - creating a `workflow` record is the only way in: Twenty adds its DRAFT "v1" version itself
 *   (workflow-create-one.post-query.hook.ts); versions and runs cannot be created ("Method not allowed.",
 *   *-create-one.pre-query.hook.ts), statuses cannot be set; so only one version per workflow is recreated and
 *   the source's version history is reported;
 * - activation needs a logged-in user (workflow-trigger.resolver.ts): every workflow active in the source gets
 *   "Open Workflows → <name> → Activate"; automated triggers appear when it is activated;
 * - code steps, AI agents and mail accounts live outside the workflow (logic functions, agents, connected
 *   accounts): each such step is listed to be re-linked.
 * The draft is written with PATCH `/rest/workflowVersions/{id}` `{trigger, steps, status: "DRAFT"}` (status sent
 * unchanged because some versions compare it even when absent; workflow-version-validation.workspace-service.ts).
 */
import { listRecords, request, unwrap, type TwentyClient } from '../client/index.js';
import type { ConfigContext, ConfigItem } from './context.js';
import { errorText } from './context.js';
import { mapDeep, type Unresolved } from './id-map.js';
import type { Entity } from './rest.js';
import { workflowRefs, type WorkflowRef } from './workflow-refs.js';
import { sameWorkflowDefinition, stepIdsOf } from './same-definition.js';
import { fromOlderWorkflow } from './workflow-versions.js';

export interface WorkflowBundle {
  workflow: Entity;
  versions: Entity[];
  /** the version that stands for the workflow: published, else draft, else latest */
  current: Entity | undefined;
}

const all = async (client: TwentyClient, plural: string) => {
  const out: Entity[] = [];
  for await (const r of listRecords(client, plural)) out.push(r as Entity);
  return out;
};

export function currentVersion(workflow: Entity, versions: Entity[]): Entity | undefined {
  const latest = [...versions].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  return (
    versions.find((v) => v.id === workflow.lastPublishedVersionId && v.status === 'ACTIVE') ??
    latest.find((v) => v.status === 'ACTIVE') ?? latest.find((v) => v.status === 'DRAFT') ?? latest[0]
  );
}

export async function readWorkflows(core: TwentyClient): Promise<WorkflowBundle[]> {
  const [workflows, versions] = await Promise.all([all(core, 'workflows'), all(core, 'workflowVersions')]);
  return workflows.map((workflow) => {
    const own = versions.filter((v) => v.workflowId === workflow.id);
    return { workflow, versions: own, current: currentVersion(workflow, own) };
  });
}

export const isActive = (b: WorkflowBundle) =>
  (Array.isArray(b.workflow.statuses) && b.workflow.statuses.includes('ACTIVE')) || b.versions.some((v) => v.status === 'ACTIVE');

/** The source version's trigger and steps in target ids, and what could not be mapped. */
export function wantedDefinition(ctx: ConfigContext, version: Entity | undefined) {
  const unresolved: Unresolved[] = [];
  // A 1.x definition in the shape 2.x runs (workflow-versions.ts), then in target ids.
  const older = fromOlderWorkflow(ctx.sourceVersion, version?.trigger ?? null, version?.steps ?? null);
  const trigger = mapDeep(ctx.maps, older.trigger, unresolved);
  const steps = mapDeep(ctx.maps, older.steps, unresolved);
  const missingObjects = workflowRefs(trigger, steps, ctx.targetSchema)
    .filter((r): r is Extract<WorkflowRef, { kind: 'object' }> => r.kind === 'object' && !ctx.maps.targetObjectByName(r.name));
  const externals = workflowRefs(version?.trigger, version?.steps, ctx.sourceSchema).filter((r): r is Extract<WorkflowRef, { kind: 'external' }> => r.kind === 'external');
  return { trigger, steps, unresolved, missingObjects, externals, converted: older.converted, toCheck: older.toCheck };
}

/** Manual steps for one workflow: re-link external parts, then activate if the source had it active. */
export function workflowManualSteps(name: string, active: boolean, externals: Array<Extract<WorkflowRef, { kind: 'external' }>>): string[] {
  const steps = externals.map((e) =>
    e.what === 'code function'
      ? `Open Workflows → ${name} → step "${e.step}" and paste the code of the source's function (code functions are not copied)`
      : e.what === 'AI agent'
        ? `Open Workflows → ${name} → step "${e.step}" and choose the AI agent again`
        : `Connect the mail account in Settings → Accounts, then open Workflows → ${name} → step "${e.step}" and pick it`,
  );
  if (active) steps.push(`Open Workflows → ${name} → Activate (an API key cannot activate a workflow)`);
  return steps;
}

export async function migrateWorkflows(ctx: ConfigContext): Promise<ConfigItem[]> {
  const items: ConfigItem[] = [];
  const source = await readWorkflows(ctx.source.core);
  let target = await readWorkflows(ctx.target.core);
  for (const src of source) {
    const name = String(src.workflow.name ?? 'Untitled');
    const item: ConfigItem = { kind: 'workflow', key: `workflow "${name}"`, action: 'unchanged', sourceId: src.workflow.id };
    items.push(item);
    const want = wantedDefinition(ctx, src.current);
    const manual = [...want.toCheck.map((c) => `Open Workflows → ${name} → ${c} (its settings changed shape since Twenty ${ctx.sourceVersion})`), ...workflowManualSteps(name, isActive(src), want.externals)];
    const history = src.versions.length - (src.current ? 1 : 0);
    const notes = [
      history > 0 ? `${history} older version(s) not copied: the API creates one version per workflow` : '',
      want.unresolved.length ? `unresolved references kept as in the source: ${want.unresolved.map((u) => `${u.what} ${u.name}`).join(', ')}` : '',
      want.missingObjects.length ? `objects missing in the target: ${want.missingObjects.map((o) => o.name).join(', ')}` : '',
      want.converted.length ? `converted from Twenty ${ctx.sourceVersion}: ${want.converted.join(', ')}` : '',
    ].filter(Boolean);
    try {
      const ledgerId = ctx.ledger.workflows[src.workflow.id];
      let have = target.find((t) => t.workflow.id === ledgerId) ?? target.find((t) => t.workflow.id === src.workflow.id) ?? target.find((t) => t.workflow.name === name);
      let created = false;
      if (!have) {
        if (ctx.dryRun) {
          Object.assign(item, { action: 'created', detail: `would create a draft with ${Array.isArray(want.steps) ? want.steps.length : 0} steps`, manual: manual.join('; ') || undefined });
          continue;
        }
        // The source id is kept, as for records: attachments and runs of the source refer to it.
        unwrap(await request(ctx.target.core, 'POST', '/workflows', { body: { id: src.workflow.id, name, position: src.workflow.position } }));
        created = true;
        target = await readWorkflows(ctx.target.core);
        have = target.find((t) => t.workflow.id === src.workflow.id);
      }
      if (!have) throw new Error('the created workflow is not in the target');
      ctx.ledger.workflows[src.workflow.id] = have.workflow.id;
      item.targetId = have.workflow.id;
      const current = have.current;
      // Equal up to ids: a target that already holds the same workflow (Twenty's examples in a signed-up workspace)
      // has step ids of its own.
      const steps = stepIdsOf(current?.steps, want.steps);
      if (current && sameWorkflowDefinition(current.trigger, want.trigger, steps) && sameWorkflowDefinition(current.steps, want.steps, steps)) {
        item.action = created ? 'created' : 'unchanged';
      } else {
        const draft = [...have.versions].filter((v) => v.status === 'DRAFT').sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)))[0];
        if (!draft) {
          // Most often Twenty's own example of the same name in a signed-up target: it is left as it is.
          const own = have.workflow.id !== src.workflow.id ? "the target's own workflow of that name is kept as it is: " : '';
          Object.assign(item, { action: 'reported', detail: `${own}it differs from the source's and has no draft version to write into (it was activated)` });
          manual.unshift(`Open Workflows → ${name} in the target, create a new draft and rebuild its steps as in the source`);
        } else {
          if (!ctx.dryRun) {
            unwrap(await request(ctx.target.core, 'PATCH', '/workflowVersions/{id}', { path: { id: draft.id }, body: { trigger: want.trigger, steps: want.steps, status: 'DRAFT' } }));
          }
          item.action = created ? 'created' : 'updated';
        }
      }
      if (want.unresolved.length || want.missingObjects.length) item.action = 'failed';
      if (notes.length) item.detail = [item.detail, ...notes].filter(Boolean).join('; ');
      if (manual.length) item.manual = manual.join('; ');
    } catch (e) {
      Object.assign(item, { action: 'failed', detail: errorText(e), manual: manual.join('; ') || undefined });
    }
  }
  return items;
}
