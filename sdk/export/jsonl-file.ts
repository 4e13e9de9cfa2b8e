/**
 * Crash-safe JSONL files for the export: durable appends, and cutting a file back to its first N lines.
 *
 * Why not `RunFolder.appendJsonl`: the export's state file says "N lines are valid"; that promise only holds if the
 * lines reach the disk before the state does (fsync), and a resume must remove whatever came after line N
 * (a torn line, or a whole page written again) rather than seal it, or the file would hold duplicates.
 */
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const CHUNK = 1 << 16;

/**
 * Appends one JSON line per row in one write, then fsyncs, so the lines are on disk before the caller records them.
 *
 * @example
 * appendLinesDurable(run.path('export', 'companies.jsonl'), page.records);
 */
export function appendLinesDurable(path: string, rows: readonly unknown[]): void {
  if (!rows.length) return;
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a');
  try {
    const buffer = Buffer.from(rows.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8');
    for (let off = 0; off < buffer.length; ) off += writeSync(fd, buffer, off, buffer.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface TruncateResult {
  /** complete lines kept (`lines` when ok), or the complete lines the untrusted file held */
  found: number;
  /** bytes removed after line `lines` (a torn line, or lines of a page whose cursor was never recorded) */
  removedBytes: number;
  /** false when the file holds fewer than `lines` complete lines: it cannot be trusted and was emptied */
  ok: boolean;
}

/**
 * Cuts a file right after its `lines`-th newline, streaming (constant memory). A file with fewer complete lines
 * than promised (disk lost data the state claimed) is emptied and `ok: false` returned, so the caller restarts.
 *
 * @example
 * const r = truncateToLines(file, state.count); // after a kill between append and state write
 * if (!r.ok) restartObject();
 */
export function truncateToLines(path: string, lines: number): TruncateResult {
  if (!existsSync(path)) return { found: 0, removedBytes: 0, ok: lines === 0 };
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    const cut = lines === 0 ? 0 : offsetAfterLine(fd, size, lines);
    if (cut === null) {
      const found = countNewlines(fd, size);
      ftruncateSync(fd, 0);
      fsyncSync(fd);
      return { found, removedBytes: size, ok: false };
    }
    if (cut < size) {
      ftruncateSync(fd, cut);
      fsyncSync(fd);
    }
    return { found: lines, removedBytes: size - cut, ok: true };
  } finally {
    closeSync(fd);
  }
}

/** Byte offset just after the n-th `\n`, or null when the file has fewer. */
function offsetAfterLine(fd: number, size: number, n: number): number | null {
  const buf = Buffer.alloc(CHUNK);
  let seen = 0;
  for (let pos = 0; pos < size; ) {
    const read = readSync(fd, buf, 0, Math.min(CHUNK, size - pos), pos);
    if (read <= 0) break;
    for (let i = buf.indexOf(0x0a, 0); i !== -1 && i < read; i = buf.indexOf(0x0a, i + 1)) {
      if (++seen === n) return pos + i + 1;
    }
    pos += read;
  }
  return null;
}

function countNewlines(fd: number, size: number): number {
  const buf = Buffer.alloc(CHUNK);
  let seen = 0;
  for (let pos = 0; pos < size; ) {
    const read = readSync(fd, buf, 0, Math.min(CHUNK, size - pos), pos);
    if (read <= 0) break;
    for (let i = buf.indexOf(0x0a, 0); i !== -1 && i < read; i = buf.indexOf(0x0a, i + 1)) seen++;
    pos += read;
  }
  return seen;
}
