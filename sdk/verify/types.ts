/** What verification reports, per object and overall (written as verify/report.json and report.md). */
import type { SkippedObject } from '../run/contracts.js';
import type { FieldMismatch } from './compare.js';

export type CheckStatus = 'pass' | 'fail' | 'warn';

export interface ObjectVerification {
  object: string;
  /** records exported from the source (active + soft-deleted when they were included) */
  sourceCount: number;
  /** records the transform stage rejected (in errors.jsonl) */
  invalid: number;
  /** records the target rejected (in the ledger as failed) */
  failed: number;
  /** records the ledger says are in the target */
  imported: number;
  /** of those, how many were found in the target */
  found: number;
  /** records the target's totalCount reports (may include records that were there before) */
  targetCount: number;
  /** join columns pointing at no existing record in the target */
  danglingReferences: Array<{ recordId: string; field: string; value: string }>;
  /** member references that do not hold what the members stage planned */
  memberMismatches: Array<{ recordId: string; field: string; expected: unknown; actual: unknown }>;
  /** records whose fields differ from what was sent */
  fieldMismatches: Array<{ recordId: string; mismatches: FieldMismatch[] }>;
  /**
   * records the target changed after they were imported (workflows, webhooks, people), with the fields that now
   * differ from what was sent (updatedAt aside); their differences are not counted in `fieldMismatches`
   */
  /** `by`: the record's updatedBy, which tells a person's edit from an automation's */
  changedAfterImport: Array<{ recordId: string; updatedAt: string; importedAt: string; fields?: string[]; by?: { source: string; name: string } }>;
  compared: number;
  status: CheckStatus;
}

export interface NotMigrated {
  what: string;
  reason: string;
  advice?: string;
}

export interface VerificationReport {
  runId: string;
  at: string;
  status: CheckStatus;
  objects: ObjectVerification[];
  skipped: SkippedObject[];
  notMigrated: NotMigrated[];
  checklist: Array<{ check: string; status: CheckStatus; detail: string }>;
}
