/**
 * What was sent for each record of one object, looked up by the record's id in the target, without holding the
 * records in memory: an index of byte offsets into transform/<plural>.jsonl (about 30 bytes a record), the line read
 * back when verification reaches that record. Holding the parsed records cost ~1.7 KB each, which for the largest
 * object of a big workspace is what made verification's memory grow with the workspace.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { rewriteReferences, type IdMap } from '../import/index.js';
import type { TransformedRecord } from '../run/contracts.js';
import type { RunFolder } from '../run/run-folder.js';
import { UuidSet } from '../run/uuid-set.js';

export interface SentIndex {
  readonly size: number;
  /** the line sent for the record now `targetId` in the target, with references as the target holds them */
  get(targetId: string): TransformedRecord | undefined;
  close(): void;
}

class Growable {
  offsets = new Float64Array(1024);
  lengths = new Uint32Array(1024);

  set(at: number, offset: number, length: number) {
    if (at >= this.offsets.length) {
      const size = Math.max(at + 1, this.offsets.length * 2);
      const o = new Float64Array(size);
      o.set(this.offsets);
      const l = new Uint32Array(size);
      l.set(this.lengths);
      this.offsets = o;
      this.lengths = l;
    }
    this.offsets[at] = offset;
    this.lengths[at] = length;
  }
}

/**
 * Indexes transform/<plural>.jsonl by target id (the ledger's mapping; merged records under the id they merged into),
 * applying `rewrites` (planned changes of later stages) when a line is read back.
 */
export async function indexSent(run: RunFolder, object: string, ids: IdMap, rewrites?: Map<string, Record<string, unknown>>): Promise<SentIndex> {
  const path = run.path('transform', `${object}.jsonl`);
  const keys = new UuidSet();
  const where = new Growable();
  if (existsSync(path)) {
    let offset = 0;
    const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
    for await (const text of lines) {
      const length = Buffer.byteLength(text, 'utf8');
      try {
        const sourceId = (JSON.parse(text) as TransformedRecord).sourceId;
        const targetId = typeof sourceId === 'string' ? ids.target(object, sourceId) : undefined;
        if (targetId) where.set(keys.insert(targetId), offset, length);
      } catch {
        // a torn last line (killed writer) was never imported
      }
      offset += length + 1; // the writer ends every line with a single \n
    }
  }
  const fd = keys.size ? openSync(path, 'r') : null;
  return {
    get size() {
      return keys.size;
    },
    get(targetId) {
      const at = keys.positionOf(targetId);
      if (at < 0 || fd === null) return undefined;
      const buffer = Buffer.alloc(where.lengths[at]);
      readSync(fd, buffer, 0, buffer.length, where.offsets[at]);
      const line = JSON.parse(buffer.toString('utf8')) as TransformedRecord;
      const record = { ...rewriteReferences({ ...line.record, ...(line.deferred ?? {}) }, ids), ...(rewrites?.get(targetId) ?? {}) };
      record.id = targetId;
      return { ...line, record };
    },
    close() {
      if (fd !== null) closeSync(fd);
    },
  };
}
