/**
 * A small terminal progress display for the export: one bar per object, redrawn in place on a TTY, plain lines
 * otherwise (CI logs, files), always on stderr so stdout stays clean for results.
 */
import type { ExportProgress } from './export-object.js';

export interface ProgressRendererOptions {
  /** default process.stderr */
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** default: the stream's own isTTY */
  tty?: boolean;
  /** least ms between two redraws on a TTY; default 100 */
  intervalMs?: number;
  /** clock, for tests */
  now?: () => number;
}

export interface ProgressRenderer {
  update(event: ExportProgress): void;
  /** finishes the current line */
  end(): void;
}

/**
 * @example
 * const bar = createProgressRenderer();
 * await exportRecords({ client, schema, run, onProgress: bar.update });
 * bar.end();
 */
export function createProgressRenderer(options: ProgressRendererOptions = {}): ProgressRenderer {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? stream.isTTY === true;
  const interval = options.intervalMs ?? 100;
  const now = options.now ?? (() => Date.now());
  let current: string | null = null;
  let lastDraw = 0;
  let lastPlainStep = -1;

  const update = (e: ExportProgress) => {
    const finished = e.phase === 'done';
    if (tty) {
      if (current !== null && current !== e.object) stream.write('\n');
      const first = current !== e.object;
      current = e.object;
      if (!first && !finished && now() - lastDraw < interval) return;
      lastDraw = now();
      stream.write(`\r\x1b[2K${formatLine(e, Math.min(30, Math.max(10, (stream.columns ?? 80) - 50)))}`);
      if (finished) {
        stream.write('\n');
        current = null;
      }
      return;
    }
    // Plain output: a line when an object starts, every 25 %, and when it ends.
    const step = e.total ? Math.floor((4 * e.done) / Math.max(1, e.total)) : 0;
    if (current !== e.object) {
      current = e.object;
      lastPlainStep = step;
      if (!finished) stream.write(`${formatLine(e)}\n`);
    } else if (step > lastPlainStep && !finished) {
      lastPlainStep = step;
      stream.write(`${formatLine(e)}\n`);
    }
    if (finished) {
      stream.write(`${formatLine(e)}\n`);
      current = null;
    }
  };
  return {
    update,
    end() {
      if (tty && current !== null) stream.write('\n');
      current = null;
    },
  };
}

/** `companies      [██████░░░░] 180/298  60%` (no bar when width is 0 or the total is unknown). */
export function formatLine(e: ExportProgress, width = 0): string {
  const name = e.object.padEnd(22);
  const label = e.phase === 'deleted' ? ' (soft-deleted)' : e.phase === 'done' ? ' done' : '';
  if (e.total === null || e.total === 0) return `${name} ${e.done}${e.total === 0 ? '/0' : ''}${label}`;
  const ratio = Math.min(1, e.done / e.total);
  const bar = width > 0 ? `[${'█'.repeat(Math.round(ratio * width)).padEnd(width, '░')}] ` : '';
  return `${name} ${bar}${e.done}/${e.total} ${String(Math.round(ratio * 100)).padStart(3)}%${label}`;
}
