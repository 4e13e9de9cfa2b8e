/**
 * Issue 11 on the real Twenty 2.21: the seeded workspace migrated through the fault proxy (test/support/fault-proxy.ts)
 * while the CLI is SIGKILLed at 32 points spread over every stage and pass, and the server itself is restarted once
 * mid-run (the kit's stop/start). Faults are drawn per request from fixed seeds: 5xx answers, connection resets
 * before forwarding, answers dropped after the server acted (writes and uploads included), delays, slow bodies,
 * a 429 storm. The same command is started again after each kill or failure until it exits 0.
 *
 * Then the independent checker must find what an uninterrupted run gives (every record once, field for field,
 * every file's bytes, no duplicate, nothing pre-existing altered), and every extra copy that a lost upload answer
 * left in the target's storage must be one the run reported (counted in the kit's database, which no API shows).
 * The figures (kill points survived, faults by kind, extra requests) are printed for the README.
 */
import { execFileSync, execSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunFolder } from '../../sdk/run/run-folder.js';
import { unconfirmedUploads } from '../../sdk/files/uploads-journal.js';
import { mixedPlan, startFaultProxy, type FaultPlan } from '../support/fault-proxy.js';
import { runUntilDone, type KillPoint } from '../support/kill-run.js';
import { failureCounts } from './checker/report.js';
import { KIT_DIR, parseEnvFile, realEnvOrSkip, SKIP_MESSAGE } from './env.js';
import { leaksKey, suiteLock } from './harness.js';
import { audit, MINUTE, POLICY, prepare, snapshotTarget, ZERO } from './scenario.js';

const real = realEnvOrSkip();
const ROOT = process.env.TWENTY_REAL_ROOT;
const SEED = Number(process.env.TWENTY_REAL_FAULT_SEED ?? 2111);

/** 32 points, in the order a run reaches them (export and plan read before the data model is applied). */
const POINTS: KillPoint[] = [
  { place: 'export', cls: ['read'], nth: 3 },
  { place: 'export', cls: ['read'], nth: 12 },
  { place: 'export', cls: ['read'], nth: 30 },
  { place: 'export', cls: ['read'], nth: 45 },
  { place: 'schema', nth: 1 },
  { place: 'schema', cls: ['metadata-write'], nth: 1 },
  { place: 'schema', cls: ['metadata-write'], nth: 3 },
  { place: 'files', cls: ['upload'], nth: 1 },
  { place: 'files', cls: ['upload'], nth: 15 },
  { place: 'files', cls: ['upload'], nth: 60 },
  { place: 'files', cls: ['upload'], nth: 110 },
  { place: 'files', cls: ['upload'], nth: 170 },
  { place: 'import', cls: ['write'], nth: 1 },
  { place: 'import', cls: ['write'], nth: 4 },
  { place: 'import', cls: ['write'], nth: 9 },
  { place: 'import', cls: ['write'], nth: 15 },
  { place: 'import', cls: ['write'], nth: 22 },
  { place: 'import', cls: ['write'], nth: 30 },
  { place: 'import', cls: ['write'], nth: 38 },
  { place: 'patch', cls: ['write'], nth: 1 },
  { place: 'patch', cls: ['write'], nth: 3 },
  { place: 'trash', cls: ['delete'], nth: 1 },
  { place: 'trash', cls: ['delete'], nth: 2 },
  { place: 'configuration', nth: 2 },
  { place: 'configuration', nth: 8 },
  { place: 'configuration', cls: ['write', 'graphql-write', 'metadata-write'], nth: 3 },
  { place: 'configuration', cls: ['write', 'graphql-write', 'metadata-write'], nth: 10 },
  { place: 'configuration', nth: 40 },
  { place: 'verify', nth: 2 },
  { place: 'verify', nth: 20 },
  { place: 'verify', nth: 60 },
  { place: 'verify', nth: 120 },
];

/** Temporary uploads of the target workspace that no record references, counted in the kit's database. */
function strayUploads(): number | null {
  if (!ROOT || !existsSync(join(ROOT, 'ports.env'))) return null;
  const ports = parseEnvFile(readFileSync(join(ROOT, 'ports.env'), 'utf8'));
  try {
    // The kit's PostgreSQL trusts loopback connections as postgres (lib/common.sh: psql_q).
    const out = execFileSync('psql', ['-X', '-h', '127.0.0.1', '-p', ports.PG_PORT ?? '5432', '-U', 'postgres', '-d', 'default', '-tAc', `select count(*) from core.file where (settings->>'isTemporaryFile')::boolean is true`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return Number(out.trim());
  } catch {
    return null;
  }
}

describe.skipIf(!real)(real ? 'faults and kills at 32 points, resumed (real Twenty 2.21)' : SKIP_MESSAGE, () => {
  let unlock: () => void = () => {};
  beforeAll(async () => {
    unlock = await suiteLock();
  }, 6 * 60 * MINUTE);
  afterAll(() => unlock());

  it('ends as an uninterrupted run does: nothing lost, nothing duplicated, every stray upload reported', async () => {
    const s = await prepare(real!, 'faults');
    await snapshotTarget(real!, s);
    const strayBefore = strayUploads();
    const proxy = await startFaultProxy({ upstream: real!.target.url, seed: SEED });
    const faults = mixedPlan({ status5xx: 0.03, reset: 0.015, dropAfter: 0.03, dropAfterWrites: true, delay: 0.04, delayMs: [200, 1500], slowBody: 0.01 });
    let restarted = false;
    let stormed = false;
    const plan: FaultPlan = (req, draw) => {
      if (!stormed && req.index >= 400) {
        stormed = true;
        proxy.storm(25, 1);
      }
      if (!restarted && ROOT && req.index >= 1500) {
        restarted = true;
        // The server goes away mid-run and comes back: the kit's own stop and start (about a minute).
        setImmediate(() => {
          console.log('[faults] restarting the server (stop.sh --app, start.sh)');
          execSync(`${KIT_DIR}/stop.sh ${ROOT} --app && ${KIT_DIR}/start.sh ${ROOT}`, { stdio: 'ignore' });
          console.log('[faults] server back');
        });
      }
      return faults(req, draw);
    };
    proxy.setPlan(plan);
    s.startedAt = new Date().toISOString();
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SOURCE|TARGET)_|^TWENTY_REAL_/.test(k))) as Record<string, string>;
    const env = {
      ...base, NO_COLOR: '1', CI: 'true',
      SOURCE_URL: proxy.url, SOURCE_API_KEY: real!.source.apiKey, TARGET_URL: proxy.url, TARGET_API_KEY: real!.target.apiKey,
    };
    let result;
    try {
      result = await runUntilDone({
        onOutput: (chunk) => appendFileSync(s.log, chunk),
        proxy, cwd: s.dir, env, runDir: s.runDir, points: POINTS, maxRuns: POINTS.length + 12, timeoutMs: 45 * MINUTE,
        args: ['run', '--on-unmatched-member', POLICY.kind, '--run-dir', s.runDir],
      });
    } finally {
      await proxy.close();
    }
    const stats = proxy.stats();
    const reported = await unconfirmedUploads(new RunFolder(s.runDir));
    const strayAfter = strayUploads();
    const stray = strayAfter !== null && strayBefore !== null ? strayAfter - strayBefore : null;
    console.log(`[faults] seed ${SEED}; ${result.killed.length} kills survived, ${result.runs.length} runs (${result.runs.map((r) => r.signal ?? r.code).join(' ')})`);
    console.log(`[faults] kills:\n  ${result.killed.join('\n  ')}`);
    console.log(`[faults] ${stats.requests} requests, ${stats.forwarded} forwarded; injected: ${JSON.stringify(stats.byKind)}`);
    console.log(`[faults] uploads that may have left a copy (reported): ${reported.length}; stray temporary uploads in the target's storage: ${stray ?? 'not counted'}`);

    const report = await audit(real!, s, 'faults');
    expect(leaksKey(real!, s.log), 'the CLI output contains an API key').toBe(false);
    expect(result.code, result.out.slice(-4000)).toBe(0);
    expect(result.killed).toHaveLength(POINTS.length);
    expect(report.duplicates.count).toBe(0);
    expect(failureCounts(report)).toEqual(ZERO(report));
    if (stray !== null) expect(stray).toBeLessThanOrEqual(reported.length);
  }, 240 * MINUTE);
});
