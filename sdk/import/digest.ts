/**
 * What was sent for a record, as 16 hex digits in its ledger line. A later run compares it with what it would send
 * now: when an earlier run left something incomplete that this run completed (a file uploaded late, a record
 * merged, a member mapped, a deferred relation now writable), the record's payload differs and is sent again, so
 * every record that depends on what was completed is brought up to date in the same run. An unchanged payload is
 * skipped as before, so a re-run of a finished migration still sends nothing.
 */
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level: the same record gives the same text whatever its key order. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${stable(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * @example
 * payloadDigest({ id, name: 'Acme' }) === payloadDigest({ name: 'Acme', id }); // true
 */
export function payloadDigest(payload: Record<string, unknown>): string {
  return createHash('sha256').update(stable(payload)).digest('hex').slice(0, 16);
}
