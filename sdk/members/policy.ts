/**
 * What to do with references to source members who are not members of the target (twenty-api.md §7: an API key
 * cannot create members, so they must be invited by a person, or their references emptied or re-pointed).
 */
import { MigrationError } from '../errors.js';
import type { MemberRecord, UnmatchedMemberPolicy } from '../run/contracts.js';
import { normalizeEmail } from './match.js';

export const DEFAULT_POLICY: UnmatchedMemberPolicy = { kind: 'stop' };

/**
 * Parses the CLI form: `stop` (default), `empty`, or `map:EMAIL`.
 *
 * @example
 * parsePolicy('map:ops@acme.com'); // { kind: 'map', email: 'ops@acme.com' }
 */
export function parsePolicy(text: string | undefined): UnmatchedMemberPolicy {
  const value = (text ?? 'stop').trim();
  if (value === 'stop' || value === '') return { kind: 'stop' };
  if (value === 'empty') return { kind: 'empty' };
  const map = /^map:(.+)$/i.exec(value);
  if (map && map[1].trim()) return { kind: 'map', email: map[1].trim() };
  throw new MigrationError(
    'INVALID_MEMBER_POLICY',
    `Unknown unmatched-member policy "${value}". Use "stop" (refuse to import until everyone is invited), ` +
      `"empty" (leave their references empty) or "map:EMAIL" (give their records to the target member EMAIL).`,
  );
}

export interface ResolvedPolicy {
  policy: UnmatchedMemberPolicy;
  /** the target member id references to unmatched members become (policy `map` only) */
  mapTo?: string;
}

/**
 * Checks a policy against the target's members; for `map:EMAIL` finds that member (case-insensitive).
 * Throws `MigrationError('MAP_TARGET_NOT_A_MEMBER')` naming the target's members when EMAIL is not one of them.
 *
 * @example
 * resolvePolicy({ kind: 'map', email: 'OPS@acme.com' }, targetMembers); // { policy, mapTo: '<id of ops@acme.com>' }
 */
export function resolvePolicy(policy: UnmatchedMemberPolicy | undefined, targetMembers: MemberRecord[]): ResolvedPolicy {
  const p = policy ?? DEFAULT_POLICY;
  if (p.kind !== 'map') return { policy: p };
  const wanted = normalizeEmail(p.email);
  const member = targetMembers.find((m) => m.userEmail && normalizeEmail(m.userEmail) === wanted);
  if (member) return { policy: p, mapTo: member.id };
  const emails = targetMembers.map((m) => m.userEmail).filter((e): e is string => !!e);
  const shown = emails.slice(0, 20).join(', ') + (emails.length > 20 ? `, … (${emails.length - 20} more)` : '');
  throw new MigrationError(
    'MAP_TARGET_NOT_A_MEMBER',
    `Cannot map unmatched members to ${p.email}: nobody with that email is a member of the target workspace. ` +
      `Target members: ${shown || '(none)'}.`,
    { email: p.email, targetMembers: emails.length },
  );
}
