/**
 * One benchmark run at one size, in a process of its own (so its peak memory is its own):
 * `node --import tsx scripts/bench/run-one.ts --records N --limit 100/6000 [--margin-ms M] [--naive-records 500]`
 *
 * Starts the sandbox in a child process (scripts/bench/sandbox-process.ts), then runs the migration's stages here:
 * connect, data model, export, members, plan, transform, import; then the naive importer against a third, fresh
 * workspace. Prints progress on stderr and one line `BENCH_RESULT {json}` on stdout.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createTwentyClient, sharedRateLimiter, type TwentyClientEvent } from '../../sdk/client/index.js';
import { connect, exportStage, importStage, membersStage, planStage, schemaStage, transformStage } from '../../sdk/migrate.js';
import { importRecords } from '../../sdk/import/index.js';
import { MemorySampler } from './memory.js';
import { naiveImport } from './naive.js';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '10000' },
    limit: { type: 'string', default: '100/6000' },
    'margin-ms': { type: 'string' },
    'naive-records': { type: 'string', default: '500' },
    'naive-seconds': { type: 'string', default: '60' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string' },
    'keep-run': { type: 'boolean', default: false },
  },
});
const [limit, windowMs] = values.limit!.split('/').map(Number);
if (!(limit > 0 && windowMs > 0)) throw new Error(`--limit must look like 100/6000, got ${values.limit}`);
const intervalMs = windowMs / limit;
// The limiter's default 50 ms margin is sized for Twenty's 600 ms interval (8 %); a scaled-down window scales it too,
// so that the benchmark measures the same pacing a real run gets (see README "Benchmark").
const marginMs = values['margin-ms'] !== undefined ? Number(values['margin-ms']) : (50 * intervalMs) / 600;
const log = (line: string) => process.stderr.write(`[bench ${values.records}] ${line}\n`);

// ---- sandbox child --------------------------------------------------------------------------------------------
const here = dirname(fileURLToPath(import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'sandbox-process.ts'), '--records', values.records!, '--limit', values.limit!, '--seed', values.seed!], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const childLines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
const nextMessage = async <T>(): Promise<T> => {
  const { value, done } = await childLines.next();
  if (done) throw new Error('sandbox process ended');
  return JSON.parse(value) as T;
};
interface Ready { url: string; keys: { source: string; target: string; naive: string }; seeded: { records: number; perObject: Record<string, number> } }
interface Stats { workspaces: Record<string, { accepted: number; rejected: number; rows: number }> }
const stats = async (): Promise<Stats> => {
  child.stdin!.write('stats\n');
  return nextMessage<Stats>();
};

const runDir = mkdtempSync(join(tmpdir(), 'twenty-bench-'));
try {
  const t0 = performance.now();
  const ready = await nextMessage<Ready>();
  log(`sandbox up in ${Math.round(performance.now() - t0)} ms: ${ready.seeded.records} records seeded`);
  const memory = new MemorySampler();

  // Every client of a workspace shares the limiter registered first: register ours with the scaled margin.
  const rate = { limit, windowMs, marginMs };
  for (const key of Object.values(ready.keys)) sharedRateLimiter(ready.url, key, rate);

  const importRequests: number[] = [];
  const importUrls: string[] = [];
  let phase: 'setup' | 'export' | 'import' = 'setup';
  const throttled = { source: 0, target: 0, naive: 0 };
  const isRecordCall = (url: string) => /\/rest\//.test(url) && !/\/rest\/(metadata|open-api)/.test(url);
  const onClientEvent = (side: 'source' | 'target', e: TwentyClientEvent) => {
    if (e.type === 'throttled') throttled[side] += 1;
    if (e.type === 'request' && side === 'target' && phase === 'import' && isRecordCall(e.url)) {
      importRequests.push(performance.now());
      importUrls.push(`${e.method} ${new URL(e.url).pathname}`);
    }
  };

  const m = await connect({ source: { url: ready.url, apiKey: ready.keys.source }, target: { url: ready.url, apiKey: ready.keys.target }, runDir, rateLimit: { limit, windowMs }, onClientEvent });
  await schemaStage(m, { apply: true });

  phase = 'export';
  const exportStart = performance.now();
  const exported = await memory.stage('export', () => exportStage(m, { includeDeleted: true }));
  const exportMs = performance.now() - exportStart;
  log(`export: ${exported.exported} records in ${Math.round(exportMs)} ms`);
  phase = 'setup';

  const members = await membersStage(m, { kind: 'stop' });
  const plan = await planStage(m);
  if (!plan.ready) throw new Error(`plan not ready: ${plan.blockers.join('; ')} (members unmatched: ${members.unmatched.length})`);
  const transformStart = performance.now();
  const transformed = await memory.stage('transform', () => transformStage(m));
  const transformMs = performance.now() - transformStart;
  log(`transform: ${transformed.valid} valid, ${transformed.invalid} invalid in ${Math.round(transformMs)} ms`);

  const before = await stats();
  phase = 'import';
  // importStage with the SDK's defaults; --concurrency calls the same importRecords with another pipeline depth.
  const concurrency = values.concurrency !== undefined ? Number(values.concurrency) : undefined;
  const imported = await memory.stage('import', () =>
    concurrency === undefined ? importStage(m) : importRecords({ client: m.target.core, run: m.run, batchSize: m.target.info.maxBatchSize, concurrency }),
  );
  phase = 'setup';
  const after = await stats();
  const written = imported.objects.reduce((n, o) => n + o.imported + o.merged, 0);
  const patched = imported.objects.reduce((n, o) => n + o.patched, 0);
  log(`import: ${imported.status}, ${written} records (+${patched} patched) in ${imported.durationMs} ms, ${importRequests.length} requests`);
  if (imported.status !== 'completed') log(`import error: ${imported.error?.message}`);

  // ---- naive importer, same process, same client stack, fresh workspace ----------------------------------------
  const naiveRun = mkdtempSync(join(tmpdir(), 'twenty-bench-naive-'));
  let naive;
  try {
    const nm = await connect({ source: { url: ready.url, apiKey: ready.keys.source }, target: { url: ready.url, apiKey: ready.keys.naive }, runDir: naiveRun, rateLimit: { limit, windowMs } });
    await schemaStage(nm, { apply: true });
    const naiveClient = createTwentyClient({
      baseUrl: ready.url, apiKey: ready.keys.naive, rateLimit: rate,
      onEvent: (e) => void (e.type === 'throttled' && (throttled.naive += 1)),
    });
    naive = await memory.stage('naive', () => naiveImport(naiveClient, m.run, { maxRecords: Number(values['naive-records']), maxMs: Number(values['naive-seconds']) * 1000 }));
    log(`naive: ${naive.records} records (${naive.failed} failed) in ${Math.round(naive.durationMs)} ms${naive.firstError ? `; first error: ${naive.firstError}` : ''}`);
  } finally {
    rmSync(naiveRun, { recursive: true, force: true });
  }
  const end = await stats();
  memory.stop();

  const steady = importRequests.slice(limit);
  // Where the steady state lost time: gaps between consecutive requests longer than the limiter's interval.
  const limiterInterval = intervalMs + marginMs;
  const gaps = steady.slice(1).map((t, i) => ({ gap: t - steady[i], at: importUrls[limit + i + 1], after: importUrls[limit + i] }));
  const excess = gaps.reduce((n, g) => n + Math.max(0, g.gap - limiterInterval), 0);
  const slow = gaps.filter((g) => g.gap > limiterInterval + 5).sort((a, b) => b.gap - a.gap);
  if (process.env.BENCH_DEBUG) {
    log(`steady: ${gaps.length} gaps, excess over ${limiterInterval} ms: ${Math.round(excess)} ms; ${slow.length} gaps > +5 ms`);
    for (const g of slow.slice(0, 15)) log(`  ${g.gap.toFixed(1)} ms before ${g.at} (after ${g.after})`);
    const sorted = gaps.map((g) => g.gap).sort((a, b) => a - b);
    const kinds = new Map<string, { n: number; excess: number }>();
    for (const g of gaps) {
      const kind = g.at.startsWith('DELETE') ? 'trash pass' : g.at === g.after ? 'within an object' : 'object boundary';
      const k = kinds.get(kind) ?? { n: 0, excess: 0 };
      k.n += 1;
      k.excess += Math.max(0, g.gap - limiterInterval);
      kinds.set(kind, k);
    }
    for (const [kind, k] of kinds) log(`  ${kind}: ${k.n} gaps, ${Math.round(k.excess)} ms over the limiter's pace`);
    log(`  gap p10 ${sorted[Math.floor(sorted.length * 0.1)]?.toFixed(1)} p50 ${sorted[Math.floor(sorted.length * 0.5)]?.toFixed(1)} p90 ${sorted[Math.floor(sorted.length * 0.9)]?.toFixed(1)}`);
    log(`  burst: first ${limit} requests took ${Math.round((importRequests[Math.min(limit, importRequests.length) - 1] ?? 0) - (importRequests[0] ?? 0))} ms`);
  }
  const result = {
    records: Number(values.records),
    seeded: ready.seeded.records,
    limit, windowMs, marginMs,
    batchSize: m.target.info.maxBatchSize,
    pageSize: m.source.info.maxPageSize,
    objects: plan.order.length,
    export: { records: exported.exported, objects: exported.objects.length, durationMs: exportMs },
    transform: { valid: transformed.valid, invalid: transformed.invalid, durationMs: transformMs },
    import: {
      status: imported.status,
      records: written,
      patched,
      failed: imported.objects.reduce((n, o) => n + o.failed, 0),
      requests: importRequests.length,
      durationMs: imported.durationMs,
      steadyIntervalMs: steady.length > 1 ? (steady.at(-1)! - steady[0]) / (steady.length - 1) : null,
      serverAccepted: after.workspaces.target.accepted - before.workspaces.target.accepted,
      serverRejected: after.workspaces.target.rejected - before.workspaces.target.rejected,
      targetRows: after.workspaces.target.rows,
    },
    naive: { ...naive!, serverRejected: end.workspaces.naive.rejected },
    throttled,
    memory: { overall: memory.overall, stages: memory.stages, maxRss: MemorySampler.maxRss() },
  };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
} finally {
  child.stdin!.end();
  if (!values['keep-run']) rmSync(runDir, { recursive: true, force: true });
  else log(`run folder kept: ${runDir}`);
}
