/**
 * Member references. Members cannot be copied (an API key cannot create them, twenty-api.md §7): the tool
 * matches them by e-mail. So every reference to a source member must point at the target member with the same
 * `userEmail`, or be empty when that person has no target account and the policy was `empty` (or point at the
 * chosen member with `map:EMAIL`).
 */
import type { Instance } from '../env.js';
import { getJson, type Json } from './http.js';
import { listAll, type Row } from './records.js';

export type MemberPolicy = { kind: 'empty' } | { kind: 'map'; email: string } | { kind: 'stop' };

export interface MemberMap {
  sourceCount: number;
  targetCount: number;
  matched: number;
  /** source member id → the target member id it must become (null: emptied by the policy) */
  expected(sourceMemberId: unknown): string | null;
  targetIds: Set<string>;
}

const email = (m: Row) => String(m.userEmail ?? '').trim().toLowerCase();

export async function readMembers(source: Instance, target: Instance, policy: MemberPolicy): Promise<MemberMap> {
  const [s, t] = [await listAll(source, 'workspaceMembers'), await listAll(target, 'workspaceMembers')];
  const targetByEmail = new Map(t.filter((m) => email(m)).map((m) => [email(m), String(m.id)]));
  const sourceById = new Map(s.map((m) => [String(m.id), m]));
  const fallback = policy.kind === 'map' ? (targetByEmail.get(policy.email.toLowerCase()) ?? null) : null;
  let matched = 0;
  for (const m of s) if (targetByEmail.has(email(m))) matched++;
  return {
    sourceCount: s.length,
    targetCount: t.length,
    matched,
    targetIds: new Set(t.map((m) => String(m.id))),
    expected(id) {
      if (id === null || id === undefined || id === '') return null;
      const m = sourceById.get(String(id));
      const hit = m ? targetByEmail.get(email(m)) : undefined;
      return hit ?? fallback;
    },
  };
}

/** Names of the target's API keys: what 2.21 stores as `createdBy.name` when a create sends an empty one (§13). */
export async function apiKeyNames(target: Instance): Promise<Set<string>> {
  try {
    const json: Json = await getJson(target, '/rest/metadata/apiKeys');
    // 2.21 answers a bare array here; other shapes kept for other versions
    const rows: Json[] = Array.isArray(json) ? json : Array.isArray(json?.data) ? json.data : (json?.data?.apiKeys ?? []);
    return new Set(rows.filter((k) => !k.revokedAt).map((k) => String(k.name)));
  } catch {
    return new Set();
  }
}
