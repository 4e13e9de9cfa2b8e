/**
 * Workspace members in a target sandbox workspace. An API key cannot create members (Twenty answers 400
 * PERMISSION_DENIED): people join by accepting an invitation in the UI. Demos and tests stand in for that step here.
 */
import { uuidFrom } from './model/model.js';
import type { SandboxWorkspace } from './workspace.js';

const SYSTEM = { source: 'MANUAL', workspaceMemberId: null, name: 'System', context: null };

/** A workspace member row as Twenty stores one; ids derive from the e-mail, so runs are reproducible. */
export function memberRow(email: string, firstName: string, lastName: string, at = '2025-06-01T00:00:00.000Z') {
  return {
    id: uuidFrom(`target-member:${email.toLowerCase()}`), createdAt: at, updatedAt: at, deletedAt: null, position: 0,
    name: { firstName, lastName }, userEmail: email, userId: uuidFrom(`target-user:${email.toLowerCase()}`), colorScheme: 'System', locale: 'en',
    avatarUrl: '', jobTitle: '', calendarStartDay: 7, timeZone: 'system', dateFormat: 'SYSTEM', timeFormat: 'SYSTEM', numberFormat: 'SYSTEM',
    createdBy: SYSTEM, updatedBy: SYSTEM,
  };
}

/**
 * Gives the target an admin and the source's members who "accepted their invitation": all of them but the last
 * `notYet` ones (their e-mails upper-cased, since matching is case-insensitive). Returns the members left out.
 */
export function acceptInvitations(source: SandboxWorkspace, target: SandboxWorkspace, options: { admin: string; notYet?: number }) {
  const members = [...(source.table('workspaceMember')?.rows.values() ?? [])] as Array<Record<string, any>>;
  const accepted = members.slice(0, members.length - (options.notYet ?? 1));
  target.insertRaw('workspaceMember', [
    memberRow(options.admin, 'Target', 'Admin'),
    ...accepted.map((m) => memberRow(String(m.userEmail).toUpperCase(), m.name.firstName, m.name.lastName)),
  ]);
  return members.slice(accepted.length);
}
