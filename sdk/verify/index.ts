/** Verify stage: the post-migration checklist as a value and as verify/report.{json,md}. */
export { verifyMigration, type VerifyOptions } from './verify.js';
export { compareRecord, type FieldMismatch } from './compare.js';
export { renderReport } from './report.js';
export type { CheckStatus, NotMigrated, ObjectVerification, VerificationReport } from './types.js';
