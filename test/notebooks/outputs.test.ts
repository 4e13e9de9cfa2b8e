/**
 * The executed notebooks as stored in notebooks/ (`npm run notebooks` writes them): all there, all executed, with
 * HTML tables and charts, no failed cell, and no API key in any output.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(import.meta.dirname, '../../notebooks');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.ipynb')).sort();

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  execution_count?: number | null;
  outputs?: Output[];
}
const read = (file: string) => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { cells: Cell[]; metadata: { kernelspec?: { name?: string } } };
const joined = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join('') : (v ?? ''));

describe('stored notebooks', () => {
  it('are the eight guide steps, the ad-hoc, cutover and CSV notebooks, numbered in order', () => {
    expect(FILES).toEqual([
      '01-connect.ipynb', '02-data-model.ipynb', '03-members.ipynb', '04-export.ipynb', '05-transform.ipynb',
      '06-plan.ipynb', '07-import.ipynb', '08-verify.ipynb', '09-ad-hoc.ipynb', '10-cutover.ipynb', '11-csv.ipynb',
    ]);
  });

  describe.each(FILES)('%s', (file) => {
    const nb = read(file);
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    const outputs = code.flatMap((c) => c.outputs ?? []);

    it('stores no value that changes from run to run (ports, run ids): npm run notebooks leaves it unchanged', () => {
      const text = JSON.stringify(outputs);
      expect(text).not.toMatch(/127\.0\.0\.1:\d/);
      expect(text).not.toMatch(/\b\d{8}-\d{6}Z\b/);
    });

    it('uses the tslab kernel', () => {
      expect(nb.metadata.kernelspec?.name).toBe('tslab');
    });

    it('has been executed: every code cell ran, in order, and some produced output', () => {
      expect(code.length).toBeGreaterThan(0);
      expect(code.map((c) => c.execution_count)).toEqual(code.map((_, i) => i + 1));
      expect(outputs.length).toBeGreaterThan(0);
    });

    it('has no failed cell (tslab reports errors as stderr streams, Python kernels as error outputs)', () => {
      expect(outputs.filter((o) => o.output_type === 'error')).toEqual([]);
      const stderr = outputs.filter((o) => o.output_type === 'stream' && o.name === 'stderr').map((o) => joined(o.text));
      expect(stderr.filter((t) => /^\d+:\d+ - |Error: |^\s+at /m.test(t))).toEqual([]);
    });

    it('shows HTML tables', () => {
      const html = outputs.map((o) => joined(o.data?.['text/html'])).join('\n');
      expect(html).toMatch(/<table class="dataframe"/);
      expect(html).toMatch(/\d+ rows × \d+ columns/);
    });

    it('contains no API key, token or bearer header in any output', () => {
      const text = JSON.stringify(outputs);
      expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}/);
      expect(text).not.toContain('Bearer ');
      expect(text.toLowerCase()).not.toMatch(/"?api_?key"?\s*[:=]\s*"[^"[]/);
    });
  });

  it('shows, in the cutover notebook, the changes made on both sides after the migration and the conflict among them', () => {
    const html = read('10-cutover.ipynb').cells.flatMap((c) => c.outputs ?? []).map((o) => joined(o.data?.['text/html'])).join('\n');
    expect(html).toMatch(/source updated/);
    expect(html).toMatch(/<td[^>]*>both<\/td>/);
    expect(html).toMatch(/created \(would be removed\)/);
  });

  it('shows, in the CSV notebook, the object and the mapping found for each file, and the import order', () => {
    const out = read('11-csv.ipynb').cells.flatMap((c) => c.outputs ?? []).map((o) => joined(o.data?.['text/html']) + joined(o.data?.['text/markdown'])).join('\n');
    expect(out).toMatch(/person\.csv/);
    expect(out).toMatch(/file name/);
    expect(out).toMatch(/name\.firstName/);
    expect(out).toMatch(/import order: companies → /);
    // what the files lack, that --fill-from-source would take from the source
    expect(out).toMatch(/noteTargets<\/td><td[^>]*>in no file: its records would come from the source/);
  });

  it('show charts as SVG images in the connect and verify notebooks', () => {
    for (const file of ['01-connect.ipynb', '08-verify.ipynb']) {
      const svg = read(file).cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data?.['image/svg+xml']);
      expect(svg.length, file).toBeGreaterThan(0);
    }
  });
});
