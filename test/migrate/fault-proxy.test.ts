/**
 * Issue 11 on the sandbox, through the fault proxy the real-server suite uses (test/support/fault-proxy.ts):
 * - a first run whose uploads all fail writes the attachments without their files; the next run copies the files
 *   and brings those very records up to date (the import resends a record whose payload changed);
 * - a run SIGKILLed at points in every stage, under seeded 5xx answers, resets, answers dropped after the server
 *   acted (writes and uploads included), delays, slow bodies, a 429 storm and an outage, started again with the same
 *   command, ends with the target of an uninterrupted run, and every extra copy a lost upload answer left in the
 *   target's storage is reported.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../sdk/migrate.js';
import { unconfirmedUploads } from '../../sdk/files/uploads-journal.js';
import { RunFolder } from '../../sdk/run/run-folder.js';
import { EXIT } from '../../scripts/cli/exit-codes.js';
import { isUploadedFile } from '../sandbox/files/store.js';
import { mixedPlan, startFaultProxy, type FaultPlan } from '../support/fault-proxy.js';
import { runUntilDone, type KillPoint } from '../support/kill-run.js';
import { ADMIN, cleanupDirs, migrationOptions, startPair, targetState, tempDir, type Pair } from './helpers.js';

afterAll(cleanupDirs);

/** Uploads the target keeps as temporary: referenced by no record. */
const strayUploads = (pair: Pair) => [...pair.sandbox.workspace('target').files.values()].filter((f) => isUploadedFile(f) && f.temporary).length;

describe('files completed by a later run', () => {
  it('bring the records written without them up to date, and verification passes', async () => {
    const pair = await startPair({ records: 200, seed: 23 });
    const proxy = await startFaultProxy({ upstream: pair.sandbox.url, seed: 1 });
    try {
      const runDir = tempDir();
      const options = migrationOptions(pair, runDir, { target: { url: proxy.url, apiKey: pair.sandbox.workspace('target').apiKey } });
      proxy.setPlan((req) => (req.cls === 'upload' ? { kind: 'status', status: 503 } : undefined));
      const first = await migrate({ ...options, files: undefined });
      expect(first.files!.failed).toBeGreaterThan(0);
      expect(first.files!.copied).toBe(0);
      expect(first.report!.status).toBe('fail');

      proxy.setPlan(undefined);
      const second = await migrate(options);
      expect(second.files!.copied).toBe(first.files!.failed);
      expect(second.status).toBe('ok');
      expect(second.report!.status).toBe('pass');
      const updated = second.import!.objects.reduce((n, o) => n + o.updated, 0);
      expect(updated).toBeGreaterThan(0);
      expect(second.import!.objects.reduce((n, o) => n + o.imported, 0)).toBe(0);
      // Every refusal was an answer: no stray copy, none reported.
      expect(strayUploads(pair)).toBe(0);
      expect(await unconfirmedUploads(new RunFolder(runDir))).toEqual([]);
    } finally {
      await proxy.close();
      await pair.close();
    }
  }, 120_000);
});

describe('killed in every stage, under faults, started again', () => {
  const SEED = { records: 300, seed: 29, seedOptions: { softDeletedShare: 0.05 } };
  // Fewer than the real-server suite's points, one or more per place, in the order a run reaches them (the data
  // model is applied after the export and the plan: sdk/migrate.ts).
  const points: KillPoint[] = [
    { place: 'export', cls: ['read'], nth: 4 },
    { place: 'schema', cls: ['metadata-write'], nth: 2 },
    { place: 'files', cls: ['upload'], nth: 3 },
    { place: 'files', cls: ['upload'], nth: 20 },
    { place: 'import', cls: ['write'], nth: 2 },
    { place: 'patch', cls: ['write'], nth: 1 },
    { place: 'trash', cls: ['delete'], nth: 1 },
    { place: 'configuration', nth: 4 },
    { place: 'verify', nth: 3 },
  ];

  it('ends identical to an uninterrupted run, with every stray upload reported', async () => {
    // The uninterrupted run, through a proxy that injects nothing: the requests it takes are the baseline.
    const clean = await startPair(SEED);
    const quiet = await startFaultProxy({ upstream: clean.sandbox.url, seed: 0 });
    const expected = await migrate(migrationOptions(clean, tempDir(), {
      source: { url: quiet.url, apiKey: clean.sandbox.workspace('source').apiKey },
      target: { url: quiet.url, apiKey: clean.sandbox.workspace('target').apiKey },
    }));
    expect(expected.status).toBe('ok');
    const want = targetState(clean);
    const baseline = quiet.stats().requests;
    await quiet.close();
    await clean.close();

    const pair = await startPair(SEED);
    const proxy = await startFaultProxy({ upstream: pair.sandbox.url, seed: 11 });
    const faults = mixedPlan({ status5xx: 0.04, reset: 0.02, dropAfter: 0.04, dropAfterWrites: true, delay: 0.05, delayMs: [10, 80], slowBody: 0.02 });
    let storms = 0;
    const plan: FaultPlan = (req, draw) => {
      // One 429 storm and one outage, at fixed arrival indexes.
      if (req.index === 60 && storms++ === 0) proxy.storm(6, 1);
      if (req.index === 140) void proxy.outage(400);
      return faults(req, draw);
    };
    proxy.setPlan(plan);
    try {
      const cwd = tempDir('twenty-migrate-chaos-');
      const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SOURCE|TARGET)_/.test(k))) as Record<string, string>;
      const env = {
        ...base, NO_COLOR: '1', SOURCE_URL: proxy.url, SOURCE_API_KEY: pair.sandbox.workspace('source').apiKey,
        TARGET_URL: proxy.url, TARGET_API_KEY: pair.sandbox.workspace('target').apiKey,
      };
      const runDir = join(cwd, 'runs', 'chaos');
      const result = await runUntilDone({
        proxy, cwd, env, runDir, points,
        args: ['run', '--run-dir', 'runs/chaos', '--include-deleted', '--on-unmatched-member', `map:${ADMIN}`, '--rate-limit', '10000/1000'],
      });
      expect(result.killed, `${result.killed.join('\n')}\n${result.out}`).toHaveLength(points.length);
      expect(result.code, result.out).toBe(EXIT.OK);
      // PASS, or WARN for the one thing faults may leave: upload attempts whose answer was lost, reported.
      expect(result.out).toMatch(/Verification: (PASS|WARN)/);
      const warnings = result.out.split('\n').filter((l) => /\[(WARN|FAIL)\]/.test(l));
      for (const w of warnings) expect(w).toContain("No upload left an extra copy in the target's storage");

      const stats = proxy.stats();
      expect(stats.byKind['drop-after write'] ?? 0).toBeGreaterThan(0);
      expect((stats.byKind['status 502'] ?? 0) + (stats.byKind['status 503'] ?? 0)).toBeGreaterThan(0);
      expect(stats.byKind['429 storm']).toBe(6);

      const actual = targetState(pair);
      expect(actual.model).toEqual(want.model);
      expect(actual.trashed).toEqual(want.trashed);
      for (const object of Object.keys(want.rows)) expect({ object, rows: actual.rows[object] }).toEqual({ object, rows: want.rows[object] });
      // Every extra copy left in the target's storage is one the run reported.
      const stray = strayUploads(pair);
      const reported = await unconfirmedUploads(new RunFolder(runDir));
      expect(stray).toBeLessThanOrEqual(reported.length);
      console.log(`kills: ${result.killed.join('; ')}; ${result.runs.length} runs; faults ${JSON.stringify(stats.byKind)} over ${stats.requests} requests (an uninterrupted run: ${baseline}, so +${stats.requests - baseline} for faults and kills); stray uploads ${stray}, reported ${reported.length}`);
    } finally {
      await proxy.close();
      await pair.close();
    }
  }, 300_000);
});
