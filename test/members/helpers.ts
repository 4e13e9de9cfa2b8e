/**
 * Members test helpers: target members made from source ones (same rows, new ids, emails in another case),
 * and what the sandbox rows say about member references (the expected values of countTouched).
 */
import { randomUUID } from 'node:crypto';
import type { MemberReferenceField } from '../../sdk/run/contracts.js';
import type { SandboxWorkspace } from '../sandbox/workspace.js';
import { valueAtPath } from '../../sdk/members/index.js';

/** Copies the given source members into the target with fresh ids and `transform`ed emails; returns the new ids. */
export function inviteIntoTarget(source: SandboxWorkspace, target: SandboxWorkspace, emails: string[], transform = (e: string) => e.toUpperCase()): Map<string, string> {
  const rows = [...(source.table('workspaceMember')?.rows.values() ?? [])].filter((r) => emails.includes(String(r.userEmail)));
  const ids = new Map<string, string>();
  target.insertRaw(
    'workspaceMember',
    rows.map((r) => {
      const id = randomUUID();
      ids.set(String(r.id), id);
      return { ...structuredClone(r), id, userId: randomUUID(), userEmail: transform(String(r.userEmail)) };
    }),
  );
  return ids;
}

/** Per member id: records (active and soft-deleted) of `objects` whose reference fields name them, straight from the sandbox. */
export function expectedTouched(ws: SandboxWorkspace, fields: MemberReferenceField[], memberIds: string[], includeDeleted: boolean): Record<string, number> {
  const counts = Object.fromEntries(memberIds.map((id) => [id, 0]));
  const byObject = new Map<string, string[]>();
  for (const f of fields) byObject.set(f.object, [...(byObject.get(f.object) ?? []), f.path]);
  for (const [plural, paths] of byObject) {
    const object = ws.index.byPlural.get(plural);
    for (const row of (object && ws.table(object.nameSingular)?.rows.values()) ?? []) {
      if (row.deletedAt && !includeDeleted) continue;
      const hit = new Set(paths.map((p) => valueAtPath(row, p)).filter((v): v is string => typeof v === 'string' && v in counts));
      for (const id of hit) counts[id]++;
    }
  }
  return counts;
}
