/**
 * The members stage: matching workspace members across instances by email, the fields that reference members,
 * and the policy for members missing from the target.
 *
 * @example
 * import { runMembersStage, parsePolicy } from './members/index.js';
 * const result = await runMembersStage({ source, target, schema, run, policy: parsePolicy(argv.unmatchedMembers) });
 */
export { readMembers, toMemberRecord, describeMember } from './read.js';
export { matchMembers, normalizeEmail } from './match.js';
export type { MemberMatch } from './match.js';
export { memberReferenceFields, valueAtPath, MEMBER_OBJECT } from './reference-fields.js';
export { parsePolicy, resolvePolicy, DEFAULT_POLICY } from './policy.js';
export type { ResolvedPolicy } from './policy.js';
export { countTouched } from './touched.js';
export { runMembersStage } from './stage.js';
export type { MembersStageOptions, MembersStageResult } from './stage.js';
