/**
 * What the plan says about workspace members: source members with no account in the target, and whether the
 * chosen policy lets the import go ahead (`stop` does not while any of them is referenced).
 */
import type { MembersFile } from '../run/contracts.js';

const sample = (emails: string[]) => (emails.length > 5 ? `${emails.slice(0, 5).join(', ')} and ${emails.length - 5} more` : emails.join(', '));

/**
 * Warnings and blockers for unmatched members. When `touched` is known, members no record references are only
 * mentioned: they cannot lose anything.
 *
 * @example
 * memberWarnings(members).blockers; // ['2 source member(s) referenced by records have no account in the target: …']
 */
export function memberWarnings(members: MembersFile): { warnings: string[]; blockers: string[] } {
  const warnings: string[] = [];
  const blockers: string[] = [];
  const touched = members.touched;
  const referenced = members.unmatched.filter((m) => !touched || (touched[m.id] ?? 0) > 0);
  const idle = members.unmatched.length - referenced.length;
  if (idle > 0) warnings.push(`${idle} unmatched source member(s) are referenced by no record: nothing to map`);
  if (!referenced.length) return { warnings, blockers };
  const who = sample(referenced.map((m) => m.userEmail ?? m.name ?? m.id));
  const refs = touched ? ` (${referenced.reduce((s, m) => s + (touched[m.id] ?? 0), 0)} references)` : '';
  const policy = members.policy;
  if (policy.kind === 'stop') {
    blockers.push(
      `${referenced.length} source member(s) referenced by records have no account in the target${refs}: ${who}. Invite them to the target and re-run the members stage, or choose the policy "empty" or "map"`,
    );
  } else if (policy.kind === 'empty') {
    warnings.push(`${referenced.length} unmatched member(s)${refs} (${who}): their references will be left empty (owners, assignees, createdBy member)`);
  } else {
    if (!members.mapTo) blockers.push(`policy "map" to ${policy.email}: no target member has that e-mail`);
    else warnings.push(`${referenced.length} unmatched member(s)${refs} (${who}): their references will point at ${policy.email}`);
  }
  return { warnings, blockers };
}
