/**
 * Matching source members to target members by `userEmail` (unique per workspace, twenty-api.md §7). Emails are
 * compared case-insensitively: people sign up as `Ann@Acme.com` on one server and `ann@acme.com` on the other.
 */
import type { MemberRecord } from '../run/contracts.js';

export interface MemberMatch {
  /** source member id → target member id */
  mapping: Record<string, string>;
  /** matched pairs, in source order */
  matched: Array<{ source: MemberRecord; target: MemberRecord }>;
  /** source members with no target member of the same email (or no email at all) */
  unmatched: MemberRecord[];
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/**
 * Maps each source member to the target member with the same email, ignoring case.
 *
 * @example
 * const { mapping, unmatched } = matchMembers(await readMembers(source), await readMembers(target));
 * // mapping: { '<source id>': '<target id>' }, unmatched: [{ id, userEmail: 'bob@acme.com', name: 'Bob' }]
 */
export function matchMembers(source: MemberRecord[], target: MemberRecord[]): MemberMatch {
  const byEmail = new Map<string, MemberRecord>();
  for (const t of target) {
    // Twenty's uniqueness is case-sensitive, so two target rows may differ only by case: keep the first.
    if (t.userEmail && !byEmail.has(normalizeEmail(t.userEmail))) byEmail.set(normalizeEmail(t.userEmail), t);
  }
  const result: MemberMatch = { mapping: {}, matched: [], unmatched: [] };
  for (const s of source) {
    const t = s.userEmail ? byEmail.get(normalizeEmail(s.userEmail)) : undefined;
    if (t) {
      result.mapping[s.id] = t.id;
      result.matched.push({ source: s, target: t });
    } else {
      result.unmatched.push(s);
    }
  }
  return result;
}
