/**
 * Reading a workspace's members (`GET /rest/workspaceMembers`, every page). Members are few (a thousand at most
 * in large workspaces) and the matching needs them all at once, so they are held in memory.
 */
import { listRecords, type TwentyClient } from '../client/index.js';
import type { MemberRecord } from '../run/contracts.js';

/**
 * Every workspace member of the client's workspace, as `{ id, userEmail, name }`.
 *
 * @example
 * const members = await readMembers(source);
 * // [{ id: '20202020-…', userEmail: 'ann@acme.com', name: 'Ann Lee' }, …]
 */
export async function readMembers(client: TwentyClient, options: { pageSize?: number; signal?: AbortSignal } = {}): Promise<MemberRecord[]> {
  const members: MemberRecord[] = [];
  for await (const row of listRecords(client, 'workspaceMembers', { pageSize: options.pageSize, signal: options.signal })) {
    members.push(toMemberRecord(row));
  }
  return members;
}

/** `{ name: { firstName, lastName } }` → `'First Last'`; a missing email becomes null (it cannot be matched). */
export function toMemberRecord(row: Record<string, unknown>): MemberRecord {
  const name = row.name as { firstName?: unknown; lastName?: unknown } | string | null | undefined;
  const full =
    typeof name === 'string'
      ? name
      : [name?.firstName, name?.lastName].filter((p): p is string => typeof p === 'string' && p.trim() !== '').join(' ');
  const email = typeof row.userEmail === 'string' && row.userEmail.trim() !== '' ? row.userEmail.trim() : null;
  return { id: String(row.id), userEmail: email, name: full };
}

/** `Ann Lee <ann@acme.com>`, or the id when the member has neither name nor email. */
export function describeMember(m: MemberRecord): string {
  if (m.name && m.userEmail) return `${m.name} <${m.userEmail}>`;
  return m.userEmail ?? (m.name || `member ${m.id}`);
}
