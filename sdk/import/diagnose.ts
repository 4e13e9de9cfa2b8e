/**
 * Reading Twenty's answer to a rejected batch: is it about some records (bisect, report them), about the whole request
 * (stop: fix and resume), or transient (stop: resume later)? And which field and records does the message point at?
 */
import { createHash } from 'node:crypto';
import type { TwentyApiError } from '../client/index.js';
import { isJoinColumn } from './id-map.js';
import { valueAtPath } from '../record-path.js';

export type Verdict =
  /** the request was fine, some record in it is not: split the batch */
  | { kind: 'records' }
  /** the server accepts fewer records per request */
  | { kind: 'batch-too-large'; max: number }
  /** retries did not help (429/5xx/network): stop, resumable */
  | { kind: 'transient' }
  /** nothing in this object can be written (auth, permission, unknown object): stop, resumable after a fix */
  | { kind: 'fatal' };

/**
 * Classifies the error of a batch upsert.
 *
 * @example
 * classify(error).kind; // 'records' for "Invalid value "X" for field "stage"", 'transient' for a 503 after retries
 */
export function classify(error: TwentyApiError): Verdict {
  const text = error.messages.join(' ');
  if (error.retryable || error.status === null) return { kind: 'transient' };
  const max = /maximum number of records to \w+ is (\d+)/i.exec(text);
  if (max) return { kind: 'batch-too-large', max: Number(max[1]) };
  if (error.status !== 400 || error.code === 'FORBIDDEN' || error.twentyCode === 'PERMISSION_DENIED') return { kind: 'fatal' };
  if (/object '[^']*' not found|Query path '.*' invalid|Batch body must be/i.test(text)) return { kind: 'fatal' };
  return { kind: 'records' };
}

/** Our code for a record rejected with this error (stable, for errors.jsonl readers). */
export function issueCode(error: TwentyApiError): string {
  const text = error.messages.join(' ');
  if (/duplicate entry/i.test(text)) return 'DUPLICATE_ENTRY';
  if (/foreign key constraint/i.test(text)) return 'FOREIGN_KEY_VIOLATION';
  if (/not-null constraint/i.test(text)) return 'REQUIRED_VALUE_MISSING';
  if (/doesn't have any "/i.test(text)) return 'UNKNOWN_FIELD';
  if (/not a valid UUID/i.test(text)) return 'INVALID_UUID';
  if (/^Invalid /i.test(text)) return 'INVALID_VALUE';
  return error.twentyCode ?? error.code;
}

/** TypeORM's foreign-key name: `FK_` + sha1(`<table>_<column>`) cut to 27 hex characters (what Postgres reports). */
export const foreignKeyName = (table: string, column: string) => `FK_${createHash('sha1').update(`${table}_${column}`).digest('hex').slice(0, 27)}`;

/**
 * The field a message names, for a given record: `Invalid value "X" for field "stage"` → `stage`;
 * `doesn't have any "x" field` → `x`; `null value in column "name"` → `name`; a foreign-key violation → the join
 * column whose constraint name matches (or the record's only non-null join column).
 *
 * @example
 * fieldOf(error, { stage: 'WON' }); // 'stage'
 */
export function fieldOf(error: TwentyApiError, record?: Record<string, unknown>): string | null {
  const text = error.messages.join(' ');
  const named = /for (?:[\w ]+ )?field "([^"]+)"/.exec(text) ?? /doesn't have any "([^"]+)" field/.exec(text) ?? /null value in column "([^"]+)"/.exec(text);
  if (named) return named[1];
  const fk = /on table "([^"]+)" violates foreign key constraint "([^"]+)"/.exec(text);
  if (fk && record) {
    const columns = Object.entries(record).filter(([k, v]) => isJoinColumn(k, v)).map(([k]) => k);
    return columns.find((c) => foreignKeyName(fk[1], c) === fk[2]) ?? (columns.length === 1 ? columns[0] : null);
  }
  return null;
}

/**
 * Records a value-level message certainly applies to, so they can be set aside without one request each:
 * `Invalid value "X" for field "stage"` → every record whose `stage` is (or contains) "X"; `doesn't have any "x"
 * field` → every record with key `x`. Validation messages depend on the value alone, so this is exact. Returns the
 * indexes of those records; empty when the message says nothing usable (then the batch is bisected).
 *
 * @example
 * pinpoint(error, [{ stage: 'NEW' }, { stage: 'WON' }]); // [1]
 */
export function pinpoint(error: TwentyApiError, records: Record<string, unknown>[]): number[] {
  const text = error.messages.join(' ');
  const unknown = /doesn't have any "([^"]+)" field/.exec(text);
  if (unknown) return records.flatMap((r, i) => (unknown[1] in r ? [i] : []));
  const invalid = /^Invalid [\w ]*?value ["']([^"']*)["'] for (?:[\w ]+ )?field "([^"]+)"/.exec(text);
  if (!invalid) return [];
  const [, value, field] = invalid;
  return records.flatMap((r, i) => {
    const v = valueAtPath(r, field);
    const hit = Array.isArray(v) ? v.some((x) => String(x) === value) : v !== undefined && v !== null && String(v) === value;
    return hit ? [i] : [];
  });
}
