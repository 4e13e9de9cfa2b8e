/**
 * `npm run bench -- [--records 10000,100000] [--limit 100/6000] [--margin-ms M] [--naive-records 500] [--seed 1] [--json]`
 *
 * Migrates N records between two sandbox workspaces whose request budget is Twenty 2.21's scaled down in time (100
 * requests per 6 s instead of per 60 s), and prints a Markdown table: throughput of the import (and of the export) as
 * a share of the API's ceiling, the same figure for a naive importer (one record per request, sequential) run in the
 * same process, and peak memory.
 *
 * Each size runs in a fresh process (scripts/bench/run-one.ts, so its peak memory is its own), which starts the
 * sandbox in a child process of its own (scripts/bench/sandbox-process.ts, so the server's CPU does not share the
 * migration's event loop).
 *
 * Definitions (per run):
 * - ceiling = (limit / window) × max batch size records per second (the target's steady-state maximum: 100 / 6 s ×
 *   200 = 3,333 records/s); the export's ceiling uses the source's page size instead.
 * - % of ceiling = records written per second of the import stage's wall time ÷ ceiling. The server's bucket starts
 *   full (100 requests), so a run short enough to be mostly that first burst can exceed 100 %.
 * - % of allowance = records ÷ (what the server could have accepted in that wall time: a full bucket plus one request
 *   per interval, × batch size). Never above 100 %; the stricter figure for short runs.
 * - steady = the import's pace after the first `limit` requests, as a share of the server's interval.
 * - peak RSS = the kernel's high-water mark for the whole process (all stages); peak heap = highest sampled heapUsed.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '10000,100000' },
    limit: { type: 'string', default: '100/6000' },
    'margin-ms': { type: 'string' },
    'naive-records': { type: 'string', default: '500' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('Usage: npm run bench -- [--records 10000,100000] [--limit 100/6000] [--margin-ms M] [--naive-records 500] [--seed 1] [--json]');
  process.exit(0);
}

interface MemoryPeak { rss: number; heapUsed: number; external: number }
interface RunResult {
  records: number; limit: number; windowMs: number; marginMs: number; batchSize: number; pageSize: number; objects: number;
  export: { records: number; durationMs: number };
  transform: { durationMs: number };
  import: { status: string; records: number; patched: number; failed: number; requests: number; durationMs: number; steadyIntervalMs: number | null; serverRejected: number };
  naive: { records: number; failed: number; requests: number; durationMs: number; serverRejected: number };
  throttled: { source: number; target: number; naive: number };
  memory: { overall: MemoryPeak; stages: Record<string, MemoryPeak>; maxRss: number };
}

const here = dirname(fileURLToPath(import.meta.url));
const sizes = values.records!.split(',').map((s) => Number(s.trim().replace(/_/g, ''))).filter((n) => n > 0);

function runOne(records: number): Promise<RunResult> {
  const args = ['--import', 'tsx', join(here, 'bench', 'run-one.ts'), '--records', String(records), '--limit', values.limit!, '--naive-records', values['naive-records']!, '--seed', values.seed!];
  if (values['margin-ms'] !== undefined) args.push('--margin-ms', values['margin-ms']);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (code !== 0 || !line) return reject(new Error(`bench run for ${records} records exited with ${code}`));
      resolve(JSON.parse(line.slice('BENCH_RESULT '.length)) as RunResult);
    });
  });
}

const results: RunResult[] = [];
for (const n of sizes) results.push(await runOne(n));

if (values.json) {
  console.log(JSON.stringify(results, null, 2));
  process.exit(0);
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (n: number) => `${(n * 100).toFixed(1)} %`;
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const r0 = results[0];
const perSecond = r0 ? r0.limit / (r0.windowMs / 1000) : 0;
const ceiling = (r: RunResult) => (r.limit / (r.windowMs / 1000)) * r.batchSize;
const allowance = (r: RunResult, ms: number) => (r.limit + Math.floor((ms * r.limit) / r.windowMs)) * r.batchSize;

const lines: string[] = [];
lines.push(
  `Rate limit ${r0?.limit} requests per ${r0?.windowMs} ms (${perSecond.toFixed(1)}/s; Twenty 2.21: 100 per 60 000 ms), limiter margin ${r0?.marginMs.toFixed(1)} ms, ` +
    `batch ${r0?.batchSize}, page ${r0?.pageSize}: import ceiling ${int(r0 ? ceiling(r0) : 0)} records/s.`,
  '',
  '| N | objects | import wall time | records/s | % of ceiling | % of allowance | steady pace | requests | naive records/s | naive % of ceiling | peak RSS | peak heap | export records/s (% of ceiling) | 429s (source/target/naive) |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
);
for (const r of results) {
  const i = r.import;
  const rps = (i.records * 1000) / i.durationMs;
  const naiveRps = (r.naive.records * 1000) / r.naive.durationMs;
  const exportRps = (r.export.records * 1000) / r.export.durationMs;
  const exportCeiling = (r.limit / (r.windowMs / 1000)) * r.pageSize;
  const steady = i.steadyIntervalMs ? pct(r.windowMs / r.limit / i.steadyIntervalMs) : 'n/a (all burst)';
  const throttled = `${r.throttled.source}/${r.throttled.target}/${r.throttled.naive}`;
  lines.push(
    `| ${int(r.records)} | ${r.objects} | ${secs(i.durationMs)} | ${int(rps)} | ${pct(rps / ceiling(r))} | ${pct(i.records / allowance(r, i.durationMs))} | ${steady} | ${int(i.requests)} | ` +
      `${naiveRps.toFixed(1)} | ${pct(naiveRps / ceiling(r))} | ${mb(r.memory.maxRss)} | ${mb(r.memory.overall.heapUsed)} | ${int(exportRps)} (${pct(exportRps / exportCeiling)}) | ${throttled} |`,
  );
}
lines.push('');
for (const r of results) {
  const st = r.memory.stages;
  lines.push(
    `N=${int(r.records)}: import ${r.import.status}, ${int(r.import.records)} records + ${int(r.import.patched)} deferred columns patched, ${r.import.failed} failed; ` +
      `naive ${r.naive.records} records in ${secs(r.naive.durationMs)} (${r.naive.failed} failed); export ${secs(r.export.durationMs)}, transform ${secs(r.transform.durationMs)}; ` +
      `peak heap by stage: export ${mb(st.export?.heapUsed ?? 0)}, transform ${mb(st.transform?.heapUsed ?? 0)}, import ${mb(st.import?.heapUsed ?? 0)}, naive ${mb(st.naive?.heapUsed ?? 0)}.`,
  );
}
console.log(lines.join('\n'));
