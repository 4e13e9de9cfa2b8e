/**
 * `twenty-migrate run` killed with SIGKILL (no chance to clean up: half-written lines, a state file not updated, a
 * request the server answered whose answer nobody read), then started again on the same run folder until it exits 0,
 * ends with the same target as an uninterrupted in-process run on an identical sandbox.
 *
 * The sandbox lives in this process: its fault hook sends SIGKILL to the child while it serves the chosen request (an
 * export page, an import batch, a trash request), so the kill lands at a known point every time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../sdk/migrate.js';
import { EXIT } from '../../scripts/cli/exit-codes.js';
import { ADMIN, cleanupDirs, migrationOptions, startPair, targetState, tempDir } from '../migrate/helpers.js';

const BIN = resolve(import.meta.dirname, '../../scripts/bin/twenty-migrate.js');
const SEED = { records: 300, seed: 41, seedOptions: { softDeletedShare: 0.05 } };

afterAll(cleanupDirs);

describe('run killed with SIGKILL and started again', () => {
  it('ends identical to an uninterrupted run', async () => {
    const clean = await startPair(SEED);
    const first = await migrate(migrationOptions(clean, tempDir()));
    expect(first.status).toBe('ok');
    const expected = targetState(clean);
    await clean.close();

    const pair = await startPair(SEED);
    const cwd = tempDir('twenty-migrate-sigkill-');
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SOURCE|TARGET)_/.test(k))) as Record<string, string>;
    const env = {
      ...base, SOURCE_URL: pair.sandbox.url, SOURCE_API_KEY: pair.sandbox.workspace('source').apiKey,
      TARGET_URL: pair.sandbox.url, TARGET_API_KEY: pair.sandbox.workspace('target').apiKey,
    };
    // Kill points: the 3rd source page (after the probes), the 3rd and 9th writes to the target, the 2nd trash request.
    const points = [
      { what: 'export page', match: (r: { workspace: string; method: string; path: string }) => r.workspace === 'source' && r.method === 'GET' && r.path !== '/rest/companies', nth: 3 },
      { what: 'import batch', match: (r: { workspace: string; method: string }) => r.workspace === 'target' && r.method === 'POST', nth: 3 },
      { what: 'import batch', match: (r: { workspace: string; method: string }) => r.workspace === 'target' && r.method === 'POST', nth: 9 },
      { what: 'trash request', match: (r: { workspace: string; method: string }) => r.workspace === 'target' && r.method === 'DELETE', nth: 2 },
    ];
    let child: ChildProcess | undefined;
    let next = 0;
    let seen = 0;
    const killed: string[] = [];
    pair.sandbox.setFault((r) => {
      const point = points[next];
      if (point && child && point.match(r) && ++seen === point.nth) {
        child.kill('SIGKILL');
        killed.push(`${point.what} #${point.nth}: ${r.method} ${r.path}`);
        next += 1;
        seen = 0;
      }
      return undefined;
    });
    const runOnce = () =>
      new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((done) => {
        seen = 0; // each point counts from the start of a run
        let out = '';
        child = spawn(process.execPath, [BIN, 'run', '--run-dir', 'runs/k', '--include-deleted', '--on-unmatched-member', `map:${ADMIN}`, '--rate-limit', '10000/1000'], { cwd, env });
        child.stdout!.on('data', (d) => (out += d));
        child.stderr!.on('data', (d) => (out += d));
        child.on('exit', (code, signal) => done({ code, signal, out }));
      });

    const runs: Array<{ code: number | null; signal: NodeJS.Signals | null }> = [];
    for (;;) {
      const r = await runOnce();
      runs.push({ code: r.code, signal: r.signal });
      if (r.signal !== 'SIGKILL') {
        expect(r.code, r.out).toBe(EXIT.OK);
        expect(r.out).toContain('Verification: PASS');
        break;
      }
      expect(runs.length).toBeLessThan(points.length + 2);
    }
    expect(killed).toHaveLength(points.length);
    expect(runs.filter((r) => r.signal === 'SIGKILL')).toHaveLength(points.length);
    const actual = targetState(pair);
    await pair.close();
    expect(actual.model).toEqual(expected.model);
    expect(actual.trashed).toEqual(expected.trashed);
    for (const object of Object.keys(expected.rows)) expect({ object, rows: actual.rows[object] }).toEqual({ object, rows: expected.rows[object] });
    console.log(`SIGKILL at: ${killed.join('; ')}; ${runs.length} runs`);
  }, 60_000);
});
