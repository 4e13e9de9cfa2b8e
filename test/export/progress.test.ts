/**
 * The terminal progress renderer: in place on a TTY, plain lines otherwise.
 */
import { describe, expect, it } from 'vitest';
import { createProgressRenderer, formatLine, type ExportProgress } from '../../sdk/export/index.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 80, write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WritableStream };
}
const events: ExportProgress[] = [
  { object: 'companies', phase: 'active', done: 0, total: null },
  ...[100, 200, 298].map((done) => ({ object: 'companies', phase: 'active' as const, done, total: 298 })),
  { object: 'companies', phase: 'done', done: 298, total: 298 },
  { object: 'people', phase: 'active', done: 0, total: null },
  { object: 'people', phase: 'done', done: 595, total: 595 },
];

describe('progress renderer', () => {
  it('formats a bar with done/total and percent', () => {
    expect(formatLine({ object: 'companies', phase: 'active', done: 149, total: 298 }, 10)).toBe(`${'companies'.padEnd(22)} [█████░░░░░] 149/298  50%`);
    expect(formatLine({ object: 'people', phase: 'deleted', done: 3, total: null })).toContain('3 (soft-deleted)');
  });

  it('TTY: redraws in place with \\r and ends each object with a newline', () => {
    const { chunks, stream } = sink(true);
    let t = 0;
    const bar = createProgressRenderer({ stream, now: () => (t += 1000) });
    for (const e of events) bar.update(e);
    bar.end();
    const out = chunks.join('');
    expect(out.split('\n').filter(Boolean)).toHaveLength(2);
    expect(out).toContain('\r\x1b[2K');
    expect(out).toMatch(/companies\s+\[█+\] 298\/298 100% done\n/);
  });

  it('not a TTY: plain lines, no control characters', () => {
    const { chunks, stream } = sink(false);
    const bar = createProgressRenderer({ stream });
    for (const e of events) bar.update(e);
    bar.end();
    const out = chunks.join('');
    expect(out).not.toMatch(/\r|\x1b/);
    expect(out.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(4);
    expect(out).toMatch(/people\s+595\/595 100% done/);
  });
});
