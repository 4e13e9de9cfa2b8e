/**
 * zod issues → RecordIssue lines for errors.jsonl: the field path as dots, a stable upper-case code, the message.
 */
import type { z } from 'zod';
import type { RecordIssue } from '../run/run-folder.js';
import { valueAtPath } from '../record-path.js';

/** Codes the transform stage writes to errors.jsonl. */
export type TransformIssueCode =
  | 'REQUIRED' | 'INVALID_TYPE' | 'INVALID_FORMAT' | 'INVALID_OPTION' | 'INVALID_EMAIL' | 'INVALID_NUMBER' | 'INVALID_DATE' | 'INVALID_RICH_TEXT'
  | 'UNKNOWN_FIELD' | 'OUT_OF_RANGE' | 'MORPH_MULTIPLE_TARGETS' | 'MORPH_NO_TARGET' | 'DUPLICATE_UNIQUE_VALUE' | 'MEMBER_UNMATCHED'
  | 'INVALID_RECORD' | (string & {});


function codeOf(issue: z.core.$ZodIssue, record: unknown): TransformIssueCode {
  if (issue.code === 'custom') return (issue.params?.code as string | undefined) ?? 'INVALID_VALUE';
  const value = valueAtPath(record, issue.path);
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && (value === undefined || value === null)) return 'REQUIRED';
  switch (issue.code) {
    case 'invalid_type':
    case 'invalid_union':
      return 'INVALID_TYPE';
    case 'invalid_value':
      return 'INVALID_OPTION';
    case 'invalid_format':
      return 'INVALID_FORMAT';
    case 'unrecognized_keys':
      return 'UNKNOWN_FIELD';
    case 'too_small':
    case 'too_big':
      return 'OUT_OF_RANGE';
    default:
      return issue.code.toUpperCase();
  }
}

/**
 * @example
 * issuesFromZod(result.error, record, { object: 'people', recordId: record.id });
 * // [{ stage: 'transform', object: 'people', recordId: '…', field: 'emails.primaryEmail', code: 'INVALID_EMAIL', message: '…' }]
 */
export function issuesFromZod(error: z.ZodError, record: unknown, where: { object: string; recordId: string | null }): RecordIssue[] {
  return error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = issue.path.map(String);
    const field = keys.length ? keys.map((k) => [...path, k].join('.')).join(', ') : path.join('.') || null;
    return { stage: 'transform', object: where.object, recordId: where.recordId, field, code: codeOf(issue, record), message: issue.message };
  });
}
