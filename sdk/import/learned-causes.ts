/**
 * Causes learned from records the server refused alone, so that other records failing for the same cause are set
 * aside without a request each. A real trial had every company of a batch refused for one NOT NULL column, and
 * bisection paid one request per record at 100 requests a minute (10 minutes for 599 companies). Once one record
 * is proven to fail because its value at a column is empty, or because its join column points at a record the
 * target lacks, every other record with that exact value is refused the same way, naming the record that taught it.
 * Only causes that depend on the value alone are learned; anything else is still bisected.
 */
import type { TwentyApiError } from '../client/index.js';
import { valueAtPath } from '../record-path.js';
import { fieldOf } from './diagnose.js';
import type { Item } from './send.js';

interface Cause {
  field: string;
  /** the value that fails (null stands for null and '', which Twenty stores as null) */
  value: string | null;
  error: TwentyApiError;
  learnedFrom: string;
}

const key = (field: string, value: unknown) => `${field}\u0000${value === null || value === undefined || value === '' ? '' : String(value)}`;

export class LearnedCauses {
  private readonly causes = new Map<string, Cause>();

  /** How many distinct causes are known (for reports). */
  get size(): number {
    return this.causes.size;
  }

  /**
   * Learns from one record refused on its own, when the message ties the refusal to one of its values.
   *
   * @example
   * learned.learn(item, error); // `null value in column "tagline"` → records whose tagline is '' or null
   */
  learn(item: Item, error: TwentyApiError): void {
    const text = error.messages.join(' ');
    const field = fieldOf(error, item.payload);
    if (!field) return;
    const value = valueAtPath(item.payload, field);
    if (/null value in column "[^"]+".*not-null constraint/i.test(text)) {
      if (value === null || value === '') this.causes.set(key(field, null), { field, value: null, error, learnedFrom: item.sourceId });
    } else if (/violates foreign key constraint/i.test(text) && typeof value === 'string' && value) {
      this.causes.set(key(field, value), { field, value, error, learnedFrom: item.sourceId });
    }
  }

  /** The learned cause this record would fail for, if any. */
  match(item: Item): Cause | undefined {
    if (!this.causes.size) return undefined;
    for (const cause of this.causes.values()) {
      const v = valueAtPath(item.payload, cause.field);
      if (cause.value === null ? v === null || v === '' : v === cause.value) return cause;
    }
    return undefined;
  }
}
