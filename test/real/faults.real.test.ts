/**
 * Issue 11 on the real Twenty 2.21: the seeded workspace migrated through the fault proxy (test/support/fault-proxy.ts)
 * while the CLI is SIGKILLed at 30 or more points spread over every stage and pass, and the server itself is restarted once
 * mid-run (the kit's stop/start). Faults are drawn per request from fixed seeds: 5xx answers, connection resets
 * before forwarding, answers dropped after the server acted (writes and uploads included), delays, slow bodies,
 * a 429 storm. The same command is started again after each kill or failure until it exits 0.
 *
 * Then the independent checker must find what an uninterrupted run gives (every record once, field for field,
 * every file's bytes, no duplicate, nothing pre-existing altered), and every extra copy that a lost upload answer
 * left in the target's storage must be one the run reported (counted in the kit's database, which no API shows).
 * The figures (kill points survived, faults by kind, extra requests) are printed for the README.
 */
import { exec, execFileSync } from 'node:child_process';
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

/**
 * 35 points, in the order a run reaches them (export and plan read before the data model is applied). A point
 * whose place a resumed run passes with fewer requests than its nth is skipped; at least 30 must land.
 */
const POINTS: KillPoint[] = [
  ...[2, 8, 20, 30].map((nth) => ({ place: 'export' as const, cls: ['read' as const], nth })),
  { place: 'schema', nth: 1 },
  { place: 'schema', cls: ['metadata-write'], nth: 1 },
  { place: 'schema', cls: ['metadata-write'], nth: 3 },
  ...[1, 10, 40, 80, 120, 160].map((nth) => ({ place: 'files' as const, cls: ['upload' as const], nth })),
  ...[1, 2, 4, 6, 9, 12, 15].map((nth) => ({ place: 'import' as const, cls: ['write' as const], nth })),
  { place: 'patch', cls: ['write'], nth: 1 },
  { place: 'patch', cls: ['write'], nth: 1 },
  { place: 'trash', cls: ['delete'], nth: 1 },
  { place: 'trash', cls: ['delete'], nth: 1 },
  { place: 'configuration', nth: 1 },
  { place: 'configuration', nth: 3 },
  { place: 'configuration', cls: ['write', 'graphql-write', 'metadata-write'], nth: 5 },
  { place: 'configuration', nth: 10 },
  { place: 'configuration', cls: ['write', 'graphql-write', 'metadata-write'], nth: 20 },
  { place: 'configuration', nth: 40 },
  ...[1, 5, 20, 60, 120].map((nth) => ({ place: 'verify' as const, nth })),
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

/**
 * The seed's trash is empty, so the trash pass would have nothing to do: a few companies and notes go to the source's
 * trash first (the run has --include-deleted), which also leaves live people and note targets pointing at trashed rows.
 */
async function trashSome(source: { url: string; apiKey: string }): Promise<void> {
  const call = async (path: string, method = 'GET') => {
    const res = await fetch(`${source.url}${path}`, { method, headers: { authorization: `Bearer ${source.apiKey}` } });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return (await res.json()) as { data: Record<string, Array<{ id: string }>> };
  };
  for (const [plural, n] of [['companies', 3], ['notes', 4]] as const) {
    const ids = (await call(`/rest/${plural}?limit=${n}&order_by=id`)).data[plural].map((r) => r.id);
    await call(`/rest/${plural}?filter=${encodeURIComponent(`id[in]:[${ids.join(',')}]`)}&soft_delete=true`, 'DELETE');
  }
  console.log('[faults] sent 3 companies and 4 notes to the source\'s trash');
}

describe.skipIf(!real)(real ? 'faults and kills at 30+ points, resumed (real Twenty 2.21)' : SKIP_MESSAGE, () => {
  let unlock: () => void = () => {};
  beforeAll(async () => {
    unlock = await suiteLock();
  }, 6 * 60 * MINUTE);
  afterAll(() => unlock());

  it('ends as an uninterrupted run does: nothing lost, nothing duplicated, every stray upload reported', async () => {
    const s = await prepare(real!, 'faults');
    await snapshotTarget(real!, s);
    await trashSome(real!.source);
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
        // Asynchronous: the proxy lives in this process and must keep answering (with 502s) while the server is away.
        console.log('[faults] restarting the server (stop.sh --app, start.sh)');
        const started = Date.now();
        exec(`${KIT_DIR}/stop.sh ${ROOT} --app && ${KIT_DIR}/start.sh ${ROOT}`, (error) => {
          console.log(`[faults] server back after ${Math.round((Date.now() - started) / 1000)} s${error ? ` (${error.message.split('\n')[0]})` : ''}`);
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
        args: ['run', '--on-unmatched-member', POLICY.kind, '--include-deleted', '--run-dir', s.runDir],
      });
    } finally {
      await proxy.close();
    }
    const stats = proxy.stats();
    const reported = await unconfirmedUploads(new RunFolder(s.runDir));
    const strayAfter = strayUploads();
    const stray = strayAfter !== null && strayBefore !== null ? strayAfter - strayBefore : null;
    console.log(`[faults] seed ${SEED}; ${result.killed.length} kills survived, ${result.runs.length} runs (${result.runs.map((r) => r.signal ?? r.code).join(' ')})`);
    console.log(`[faults] kills:\n  ${result.killed.join('\n  ')}${result.skipped.length ? `\n[faults] skipped:\n  ${result.skipped.join('\n  ')}` : ''}`);
    console.log(`[faults] ${stats.requests} requests, ${stats.forwarded} forwarded; injected: ${JSON.stringify(stats.byKind)}`);
    console.log(`[faults] uploads that may have left a copy (reported): ${reported.length}; stray temporary uploads in the target's storage: ${stray ?? 'not counted'}`);

    const report = await audit(real!, s, 'faults', { includeDeleted: true });
    expect(leaksKey(real!, s.log), 'the CLI output contains an API key').toBe(false);
    expect(result.code, result.out.slice(-4000)).toBe(0);
    expect(result.killed.length).toBeGreaterThanOrEqual(30);
    expect(report.duplicates.count).toBe(0);
    expect(failureCounts(report)).toEqual(ZERO(report));
    if (stray !== null) expect(stray).toBeLessThanOrEqual(reported.length);
  }, 240 * MINUTE);
});
