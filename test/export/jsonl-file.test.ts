/**
 * The crash-safety primitives: appends that end on a newline, and cutting a file back to N lines.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendLinesDurable, truncateToLines } from '../../sdk/export/index.js';

const dir = mkdtempSync(join(tmpdir(), 'twenty-migrate-jsonl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content?: string) => {
  const p = join(dir, `f${n++}.jsonl`);
  if (content !== undefined) writeFileSync(p, content);
  return p;
};

describe('jsonl-file', () => {
  it('appends one line per row', () => {
    const p = file();
    appendLinesDurable(p, [{ a: 1 }, { b: 'x\ny' }]);
    appendLinesDurable(p, []);
    appendLinesDurable(p, [{ c: 2 }]);
    expect(readFileSync(p, 'utf8')).toBe('{"a":1}\n{"b":"x\\ny"}\n{"c":2}\n');
  });

  it.each([
    ['exact', 'a\nb\n', 2, 'a\nb\n', true],
    ['extra whole lines', 'a\nb\nc\nd\n', 2, 'a\nb\n', true],
    ['torn tail', 'a\nb\n{"torn', 2, 'a\nb\n', true],
    ['zero', 'a\n{"x', 0, '', true],
    ['shorter than promised', 'a\nb\n{"torn', 3, '', false],
  ])('truncateToLines: %s', (_name, content, lines, expected, ok) => {
    const p = file(content);
    expect(truncateToLines(p, lines).ok).toBe(ok);
    expect(readFileSync(p, 'utf8')).toBe(expected);
  });

  it('cuts large files across read chunks', () => {
    const line = `${JSON.stringify({ text: 'é'.repeat(3000) })}\n`;
    const p = file(line.repeat(100) + line.slice(0, 500));
    expect(truncateToLines(p, 73)).toMatchObject({ ok: true, found: 73 });
    expect(readFileSync(p, 'utf8')).toBe(line.repeat(73));
  });

  it('a missing file holds zero lines', () => {
    expect(truncateToLines(join(dir, 'none.jsonl'), 0).ok).toBe(true);
    expect(truncateToLines(join(dir, 'none.jsonl'), 2).ok).toBe(false);
  });
});
