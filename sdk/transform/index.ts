/**
 * The transform stage: exported records → create payloads for the target, validated against the target's schema.
 *
 * @example
 * import { transformRecords, memberReferencesBeforeAfter } from './transform/index.js';
 * const result = await transformRecords({ run });
 * console.table(await memberReferencesBeforeAfter({ run, source, members, limit: 10 }));
 */
export { transformRecords, type ObjectTransformSummary, type TransformOptions, type TransformResult } from './transform-records.js';
export { buildRecordSchema, isRequired } from './schema.js';
export { ACTOR_SOURCES, fieldValueSchema } from './field-schemas.js';
export { objectTransformer, type DropReason, type ObjectTransformer, type RecordOutcome, type TransformedLine } from './record.js';
export {
  memberReferenceChanges, memberReferencePaths, memberReferencesBeforeAfter, resolveMember,
  type MemberOutcome, type MemberReferenceChange, type MemberReferencePath, type MemberReferenceSample,
} from './members.js';
export { issuesFromZod, type TransformIssueCode } from './issues.js';
export { UniqueValues } from './unique.js';
export { dropStageIssues } from './stage-issues.js';
