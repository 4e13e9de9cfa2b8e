/**
 * The workflow query hooks Twenty 2.21 runs around record writes (W/common/query-hooks/):
 * - `workflowVersion` and `workflowRun` cannot be created through the records API: "Method not allowed."
 *   (`workflow-version-create-one.pre-query.hook.ts`, `workflow-run-create-one.pre-query.hook.ts`);
 * - a `workflow` cannot be created with statuses ("Statuses cannot be set manually.",
 *   assert-workflow-statuses-not-set-or-empty.ts); creating one adds a DRAFT `v1` workflowVersion
 *   (workflow-create-one.post-query.hook.ts) and the statuses listener sets the workflow's statuses to ["DRAFT"];
 * Not emulated: Twenty refuses updates of non-DRAFT versions and any status change through the records API
 * (workflow-version-validation.workspace-service.ts); the sandbox's own tests PATCH `status` to stand in for the
 * UI's activate/deactivate, so the sandbox allows it.
 * The error body is the coded shape with `FORBIDDEN` (WorkflowQueryValidationException → 403; inferred, not recorded).
 */
import { randomUUID } from 'node:crypto';
import { codedError } from '../http-error.js';
import type { ModelObject } from '../model/types.js';
import { fullRow } from '../prefill/rows.js';
import type { SandboxWorkspace } from '../workspace.js';
import type { Row } from './table.js';

const forbidden = (message: string) => codedError(403, 'FORBIDDEN', message);

/** Before any create or upsert: refuses what the pre-query hooks refuse. */
export function beforeWorkflowCreate(object: ModelObject, inputs: unknown[]): void {
  if (object.nameSingular === 'workflowVersion' || object.nameSingular === 'workflowRun') throw forbidden('Method not allowed.');
  if (object.nameSingular !== 'workflow') return;
  for (const input of inputs) {
    const statuses = (input as { statuses?: unknown } | null)?.statuses;
    if (Array.isArray(statuses) && statuses.length > 0) throw forbidden('Statuses cannot be set manually.');
  }
}

/** After a workflow is created: its DRAFT v1 version, as the post-query hook writes it. */
export function afterWorkflowCreate(ws: SandboxWorkspace, object: ModelObject, row: Row): void {
  if (object.nameSingular !== 'workflow' || !ws.index.bySingular.has('workflowVersion')) return;
  const now = new Date().toISOString();
  const table = ws.table('workflowVersion');
  const position = table ? Math.min(0, ...[...table.rows.values()].map((r) => Number(r.position) || 0)) - 1 : 0;
  ws.insertRaw('workflowVersion', [fullRow(ws, 'workflowVersion', {
    id: randomUUID(), createdAt: now, updatedAt: now, deletedAt: null, workflowId: row.id,
    name: 'v1', status: 'DRAFT', trigger: null, steps: null, position,
  })]);
  row.statuses = ['DRAFT'];
}
