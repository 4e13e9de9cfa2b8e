/**
 * The shapes of the files stages exchange through the run folder. Each stage owns its file; the others read it.
 */

/** export/state.json (export stage) */
export interface ExportState {
  objects: Record<
    string,
    {
      /** active records done, then (with includeDeleted) soft-deleted ones */
      phase: 'active' | 'deleted' | 'done';
      /** cursor of the last page whose records are fully written to the JSONL file */
      cursor: string | null;
      /** records written so far (lines in export/<plural>.jsonl) */
      count: number;
      /** totalCount the server reported for active records when the export of this object started */
      serverCount?: number;
      deletedCount?: number;
    }
  >;
}

/** An object the migration does not write, and why (listed in the plan, never silently skipped). */
export interface SkippedObject {
  object: string;
  reason: string;
  /** what the user can do about it */
  advice?: string;
}

/** members.json (members stage) */
export interface MemberRecord {
  id: string;
  userEmail: string | null;
  name: string;
}

export type UnmatchedMemberPolicy = { kind: 'stop' } | { kind: 'empty' } | { kind: 'map'; email: string };

export interface MemberReferenceField {
  /** object namePlural */
  object: string;
  /** `accountOwnerId` (join column of a relation to workspaceMember) or `createdBy.workspaceMemberId` (ACTOR) */
  path: string;
  kind: 'relation' | 'actor';
}

export interface MembersFile {
  source: MemberRecord[];
  target: MemberRecord[];
  /** source member id → target member id */
  mapping: Record<string, string>;
  unmatched: MemberRecord[];
  policy: UnmatchedMemberPolicy;
  /** id of the target member used for unmatched references when policy is `map` */
  mapTo?: string;
  referenceFields: MemberReferenceField[];
  /** per unmatched source member: how many records reference them (filled once records are exported) */
  touched?: Record<string, number>;
}

/** plan.json (plan stage) */
export interface PlannedObject {
  object: string;
  nameSingular: string;
  count: number;
  /** join columns left out of the first write and patched after every object exists (cycles) */
  deferredFields: string[];
}

export interface Plan {
  order: PlannedObject[];
  skipped: SkippedObject[];
  /** things to look at before importing (active workflows, webhooks, unmatched members, schema gaps...) */
  warnings: string[];
  /** true when nothing prevents the import (e.g. unmatched members with the `stop` policy do) */
  ready: boolean;
  blockers: string[];
}

/** transform/<plural>.jsonl (transform stage): one line per valid record */
export interface TransformedRecord {
  sourceId: string;
  /** the payload for the target's create/upsert */
  record: Record<string, unknown>;
  /** join columns held back for the patch pass (cycles), with their values */
  deferred?: Record<string, unknown>;
  /**
   * set for records exported from the trash: the import stage creates the record, then soft-deletes it
   * (`DELETE …?soft_delete=true`); the target's deletedAt becomes the import time (transform stage)
   */
  deletedAt?: string;
}

/** import/ledger.jsonl (import stage): one line per record outcome, appended after the server answered */
export interface LedgerEntry {
  object: string;
  sourceId: string;
  /** the id the record has in the target (differs from sourceId when upsert merged it into an existing record) */
  targetId: string | null;
  /** `trashed`: a record that was soft-deleted in the source, soft-deleted again in the target after its write */
  status: 'imported' | 'merged' | 'failed' | 'patched' | 'trashed' | 'restored';
  /** for failures: the server's message */
  message?: string;
  at: string;
}

export type { RecordIssue, StageName } from './run-folder.js';
