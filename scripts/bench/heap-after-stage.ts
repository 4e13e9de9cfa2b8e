/**
 * Retained heap per stage, separated from uncollected garbage:
 * `node --expose-gc --import tsx scripts/bench/heap-after-stage.ts [--records 10000,100000] [--gc-every-ms 250]`
 *
 * For each size, a fresh process (so sizes do not share a heap) starts the sandbox in a child (sandbox-process.ts,
 * with a budget high enough not to pace anything) and runs export, members, plan, transform, import and verify.
 * Memory is heapUsed + arrayBuffers (typed arrays' backing stores are outside the JS heap). Per stage it prints:
 * - live peak: the highest value right after a forced GC, sampled every `--gc-every-ms` while the stage runs
 *   (memory the stage really holds: what grows with N, without the garbage a sampled peak also counts);
 * - after: the value after a forced GC once the stage returned (what outlives the stage);
 * - peak: the highest value sampled without GC (`npm run bench` reports heapUsed alone).
 * Then it sizes the per-record structures on their own: the import ledger state (`loadLedger`) and the id sets
 * the transform keeps (one per object), as heap held after GC, in bytes per id.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sharedRateLimiter } from '../../sdk/client/index.js';
import { connect, exportStage, importStage, membersStage, planStage, schemaStage, transformStage, verifyStage } from '../../sdk/migrate.js';
import { loadLedger } from '../../sdk/import/index.js';
import type { Plan } from '../../sdk/run/contracts.js';
import { UuidSet } from '../../sdk/run/uuid-set.js';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '10000,100000' },
    'gc-every-ms': { type: 'string', default: '250' },
    child: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
  },
});
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc --import tsx scripts/bench/heap-after-stage.ts');
const here = dirname(fileURLToPath(import.meta.url));
const MB = 2 ** 20;
const mb = (b: number) => `${(b / MB).toFixed(1)} MB`;
const heapAfterGc = () => {
  gc!();
  gc!();
  return retained();
};
/** heapUsed plus ArrayBuffer backing stores (typed arrays live outside the JS heap: counting only heapUsed would flatter them). */
const retained = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

if (!values.child) {
  // Parent: one child process per size, same flags.
  for (const n of values.records!.split(',').map((s) => Number(s.trim()))) {
    await new Promise<void>((resolve, reject) => {
      const c = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', '--records', String(n), '--gc-every-ms', values['gc-every-ms']!, '--seed', values.seed!], { stdio: 'inherit' });
      c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`size ${n} exited with ${code}`))));
    });
  }
  process.exit(0);
}

const records = Number(values.records);
const limit = { limit: 1_000_000, windowMs: 1000 };
const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'sandbox-process.ts'), '--records', String(records), '--limit', `${limit.limit}/${limit.windowMs}`, '--seed', values.seed!], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
const ready = JSON.parse((await lines.next()).value as string) as { url: string; keys: { source: string; target: string } };
for (const key of [ready.keys.source, ready.keys.target]) sharedRateLimiter(ready.url, key, { ...limit, marginMs: 0 });
const runDir = mkdtempSync(join(tmpdir(), 'twenty-heap-'));

interface Row { stage: string; livePeak: number; after: number; peak: number; ms: number }
const rows: Row[] = [];
async function stage<T>(name: string, fn: () => Promise<T>): Promise<T> {
  heapAfterGc();
  let livePeak = 0;
  let peak = 0;
  const sample = () => (peak = Math.max(peak, retained()));
  const fast = setInterval(sample, 20);
  const slow = setInterval(() => {
    sample();
    livePeak = Math.max(livePeak, heapAfterGc());
  }, Number(values['gc-every-ms']));
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    clearInterval(fast);
    clearInterval(slow);
    sample();
    const after = heapAfterGc();
    rows.push({ stage: name, livePeak: Math.max(livePeak, after), after, peak, ms: performance.now() - t0 });
  }
}

try {
  const m = await connect({ source: { url: ready.url, apiKey: ready.keys.source }, target: { url: ready.url, apiKey: ready.keys.target }, runDir, rateLimit: limit });
  await schemaStage(m, { apply: true });
  const base = heapAfterGc();
  await stage('export', () => exportStage(m, { includeDeleted: true }));
  await stage('members', () => membersStage(m, { kind: 'stop' }));
  const plan = await stage('plan', () => planStage(m));
  if (!plan.ready) throw new Error(`plan not ready: ${plan.blockers.join('; ')}`);
  const transformed = await stage('transform', () => transformStage(m));
  const imported = await stage('import', () => importStage(m));
  const verified = await stage('verify', () => verifyStage(m));

  // The structures on their own: heap held after GC while they are alive, minus before.
  const before = heapAfterGc();
  const ledger = await loadLedger(m.run);
  const ledgerBytes = heapAfterGc() - before;
  const done = [...ledger.done.values()].reduce((n, d) => n + d.size, 0);
  const trashed = [...ledger.trashed.values()].reduce((n, d) => n + d.size, 0);
  const patched = [...ledger.patched.values()].reduce((n, d) => n + d.size, 0);
  const order = (m.run.readJson<Plan>('plan.json')?.order ?? []).map((o) => o.object);
  const ids: string[][] = [];
  for (const object of order) {
    const list: string[] = [];
    for await (const line of m.run.readJsonl<{ sourceId: string }>('transform', `${object}.jsonl`)) list.push(line.sourceId);
    ids.push(list);
  }
  const idCount = ids.reduce((n, l) => n + l.length, 0);
  // Fresh copies of the strings (as parsing a file would give), so the sets do not share the lists' strings.
  const copy = (s: string) => (' ' + s).slice(1);
  let b = heapAfterGc();
  const strings = ids.map((l) => new Set(l.map(copy)));
  const stringSetBytes = heapAfterGc() - b;
  b = heapAfterGc();
  const compact = ids.map((l) => {
    const s = new UuidSet();
    for (const id of l) s.add(id);
    return s;
  });
  const compactBytes = heapAfterGc() - b;

  const out: string[] = [];
  out.push(`\n## N=${records.toLocaleString('en-US')} (transform ${transformed.valid} valid, import ${imported.status} ${imported.objects.reduce((n, o) => n + o.imported + o.merged, 0)} written, verify ${verified.status})`);
  out.push(`baseline after schema: ${mb(base)}`);
  out.push('| stage | live peak (GC sampled) | after GC at end | sampled peak (no GC) | time |', '|---|---:|---:|---:|---:|');
  for (const r of rows) out.push(`| ${r.stage} | ${mb(r.livePeak)} | ${mb(r.after)} | ${mb(r.peak)} | ${(r.ms / 1000).toFixed(1)} s |`);
  out.push(`ledger state: ${done} done, ${patched} patched, ${trashed} trashed: ${mb(ledgerBytes)} (${(ledgerBytes / Math.max(1, done)).toFixed(0)} B per done record)`);
  out.push(`id sets of ${idCount} transformed ids: Set<string> ${mb(stringSetBytes)} (${(stringSetBytes / idCount).toFixed(0)} B/id), UuidSet ${mb(compactBytes)} (${(compactBytes / idCount).toFixed(0)} B/id)`);
  console.log(out.join('\n'));
  void strings.length;
  void compact.length;
  void ledger.done;
} finally {
  child.stdin!.end();
  rmSync(runDir, { recursive: true, force: true });
}
process.exit(0);
