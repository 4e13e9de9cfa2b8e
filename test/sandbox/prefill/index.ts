/**
 * A workspace as Twenty 2.21's sign-up leaves it: its creator as the only workspace member, the example records
 * (5 companies, 5 people, 6 opportunities, 1 dashboard) and the 2 ACTIVE example workflows. What a migration finds
 * in a target it did not fill itself, and must not mistake for its own data.
 */
import { uuidFrom } from '../model/model.js';
import type { SandboxWorkspace } from '../workspace.js';
import { COMPANIES, DASHBOARD, OPPORTUNITIES, PEOPLE } from './records.js';
import { fullRow, SYSTEM_ACTOR } from './rows.js';
import { prefillWorkflowRows } from './workflows.js';

export interface SignupOptions {
  /** the creator's e-mail (default `admin@<workspace name>.example`) */
  userEmail?: string;
  firstName?: string;
  lastName?: string;
}

/** `'signup'`, or the same with the creator's details. */
export type PrefillOption = 'signup' | ({ kind: 'signup' } & SignupOptions);

export interface SignupPrefill {
  workspaceMemberId: string;
  counts: Record<string, number>;
}

export function prefillSignup(ws: SandboxWorkspace, options: SignupOptions = {}): SignupPrefill {
  // One instant for every row, as one transaction writes them all (the recorded rows share their createdAt).
  const now = new Date().toISOString();
  const stamp = { createdAt: now, updatedAt: now, deletedAt: null };
  const counts: Record<string, number> = {};
  const insert = (object: string, rows: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) => {
    counts[object] = ws.insertRaw(object, rows.map((r) => fullRow(ws, object, { ...stamp, createdBy: SYSTEM_ACTOR, updatedBy: SYSTEM_ACTOR, ...extra, ...r })));
  };

  // The creator joins through sign-up, never through the records API (which refuses workspaceMembers writes).
  const workspaceMemberId = uuidFrom(`${ws.workspaceId}:workspaceMember`);
  const member = {
    id: workspaceMemberId,
    userId: uuidFrom(`${ws.workspaceId}:user`),
    userEmail: options.userEmail ?? `admin@${ws.name}.example`,
    name: { firstName: options.firstName ?? 'Admin', lastName: options.lastName ?? ws.name },
    position: 0,
  };
  counts.workspaceMember = ws.insertRaw('workspaceMember', [fullRow(ws, 'workspaceMember', { ...stamp, ...member })]);

  insert('company', COMPANIES);
  insert('person', PEOPLE);
  insert('opportunity', OPPORTUNITIES, { ownerId: workspaceMemberId });
  insert('dashboard', [DASHBOARD]);
  const workflows = prefillWorkflowRows(ws);
  insert('workflow', workflows.workflow);
  // Versions and triggers are inserted without actor columns: they keep the columns' defaults.
  counts.workflowVersion = ws.insertRaw('workflowVersion', workflows.workflowVersion.map((r) => fullRow(ws, 'workflowVersion', { ...stamp, ...r })));
  counts.workflowAutomatedTrigger = ws.insertRaw(
    'workflowAutomatedTrigger',
    workflows.workflowAutomatedTrigger.map((r) => fullRow(ws, 'workflowAutomatedTrigger', { ...stamp, ...r })),
  );
  return { workspaceMemberId, counts };
}
