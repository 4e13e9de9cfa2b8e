/**
 * `npm run bench:real` — times each stage of a whole `run` against a real Twenty server (the ../shared/twenty-server
 * kit), then compares:
 * - the import with a bare batch writer that only upserts the same transformed records (200 per request, plan order,
 *   as many requests in flight as help) into the same target reset to pristine with the same data model;
 * - the whole run with the rate-limit floor: the API-key requests each workspace needed ÷ its budget (Twenty 2.21:
 *   100 per 60 s, a full bucket of 100 to start), for the busier workspace (each has its own bucket).
 *
 * Configured like `npm run test:real`: TWENTY_REAL_KEYS (the kit's keys.env) and TWENTY_REAL_RESET (its reset
 * command), or TWENTY_REAL_ROOT. Writes to the target and resets it before and after. Prints a Markdown table and,
 * with --json, the figures.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTwentyClient, request, type TwentyClientEvent } from '../../sdk/client/index.js';
import { connect, migrate, schemaStage } from '../../sdk/migrate.js';
import type { Plan, TransformedRecord } from '../../sdk/run/contracts.js';
import { RunFolder } from '../../sdk/run/run-folder.js';
import { loadRealEnv, SKIP_MESSAGE } from '../../test/real/env.js';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, concurrency: { type: 'string', default: '4' } } });
const env = loadRealEnv();
if (!env) {
  console.error(`bench:real needs a real Twenty server. ${SKIP_MESSAGE.replace('real-server suite skipped: ', '')}`);
  process.exit(4);
}
const real = { keys: { SOURCE_URL: env.source.url, SOURCE_API_KEY: env.source.apiKey, TARGET_URL: env.target.url, TARGET_API_KEY: env.target.apiKey } };
const reset = () => execSync(env.resetCommand, { stdio: ['ignore', 'ignore', 'inherit'] });
const LIMIT = 100;
const WINDOW_S = 60;

/** API-key requests Twenty throttles: core REST and GraphQL, not metadata, OpenAPI documents or file downloads. */
const throttled = (url: string) => {
  const path = new URL(url).pathname;
  return (path.startsWith('/rest/') && !path.startsWith('/rest/metadata') && !path.startsWith('/rest/open-api')) || path === '/graphql';
};
const floorSeconds = (requests: number) => Math.max(0, requests - LIMIT) * (WINDOW_S / LIMIT);

async function timedRun(runDir: string) {
  const counts = { source: 0, target: 0 };
  const marks: Array<{ line: string; at: number }> = [];
  const started = performance.now();
  const onClientEvent = (side: 'source' | 'target', e: TwentyClientEvent) => {
    if (e.type === 'request' && throttled(e.url)) counts[side] += 1;
  };
  const result = await migrate({
    source: { url: real!.keys.SOURCE_URL, apiKey: real!.keys.SOURCE_API_KEY },
    target: { url: real!.keys.TARGET_URL, apiKey: real!.keys.TARGET_API_KEY },
    runDir, onUnmatchedMember: { kind: 'empty' }, onClientEvent,
    log: (line) => marks.push({ line, at: performance.now() }),
  });
  const totalS = (performance.now() - started) / 1000;
  // Each stage's time: from the previous log line to its own (the log writes one line as each stage ends).
  const stages: Array<{ stage: string; seconds: number }> = [];
  let last = started;
  for (const m of marks) {
    const stage = /^(source|target|automations|data model|export|members|plan|files|transform|import|configuration|verify)/.exec(m.line)?.[1];
    if (!stage || stage === 'source' || stage === 'target') {
      last = m.at;
      continue;
    }
    stages.push({ stage, seconds: (m.at - last) / 1000 });
    last = m.at;
  }
  return { status: result.status, totalS, stages, counts, importRequests: result.import?.requests ?? 0, imported: result.import?.objects.reduce((n, o) => n + o.imported + o.merged, 0) ?? 0 };
}

/** Upserts every transformed record of `run` (deferred fields and files left out) as fast as the target allows. */
async function bareWriter(run: RunFolder, concurrency: number) {
  const client = createTwentyClient({ baseUrl: real!.keys.TARGET_URL, apiKey: real!.keys.TARGET_API_KEY });
  const plan = run.readJson<Plan>('plan.json')!;
  let requests = 0;
  let records = 0;
  let failed = 0;
  const started = performance.now();
  for (const planned of plan.order) {
    const batches: Array<Record<string, unknown>[]> = [[]];
    for await (const t of run.readJsonl<TransformedRecord>('transform', `${planned.object}.jsonl`)) {
      if (!t?.record) continue;
      // File ids of the measured run do not exist in the reset target.
      const record = Object.fromEntries(Object.entries(t.record).filter(([, v]) => !(Array.isArray(v) && v.some((x) => x && typeof x === 'object' && 'fileId' in x))));
      if (batches[batches.length - 1].length === 200) batches.push([]);
      batches[batches.length - 1].push({ ...record, id: t.record.id ?? t.sourceId });
    }
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        if (!batch.length) continue;
        requests += 1;
        const r = await request(client, 'POST', '/batch/{namePlural}', { path: { namePlural: planned.object }, query: { upsert: true }, body: batch });
        if (r.error) failed += batch.length;
        else records += batch.length;
      }
    }));
  }
  return { seconds: (performance.now() - started) / 1000, requests, records, failed };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'twenty-bench-real-'));
  try {
    reset();
    const run = await timedRun(join(dir, 'run'));
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    reset();
    // The same data model as the measured run, then nothing but upserts.
    const m = await connect({ source: { url: real!.keys.SOURCE_URL, apiKey: real!.keys.SOURCE_API_KEY }, target: { url: real!.keys.TARGET_URL, apiKey: real!.keys.TARGET_API_KEY }, runDir: join(dir, 'schema-only') });
    await schemaStage(m, { apply: true });
    const bare = await bareWriter(RunFolder.open(join(dir, 'run')), Number(values.concurrency));
    reset();
    const importS = run.stages.find((s) => s.stage === 'import')?.seconds ?? 0;
    const busiest = Math.max(run.counts.source, run.counts.target);
    const figures = {
      status: run.status, totalSeconds: run.totalS, stages: run.stages, requests: run.counts, imported: run.imported, importRequests: run.importRequests,
      floorSeconds: floorSeconds(busiest), runVsFloor: run.totalS / Math.max(1, floorSeconds(busiest)),
      bare, importVsBare: importS / Math.max(0.001, bare.seconds), peakRssMb,
    };
    if (values.json) console.log(JSON.stringify(figures, null, 2));
    console.log(`| stage | seconds |\n|---|---:|\n${run.stages.map((s) => `| ${s.stage} | ${s.seconds.toFixed(1)} |`).join('\n')}\n| **run** | **${run.totalS.toFixed(1)}** |`);
    console.log(`\nrun: ${run.status}, ${run.imported} records, API-key requests: source ${run.counts.source}, target ${run.counts.target} (import ${run.importRequests}); peak RSS ${peakRssMb} MB`);
    console.log(`rate-limit floor (busier workspace, ${busiest} requests at ${LIMIT}/${WINDOW_S} s after a full bucket): ${figures.floorSeconds.toFixed(1)} s → run = ${figures.runVsFloor.toFixed(2)} × floor`);
    console.log(`bare batch writer (concurrency ${values.concurrency}): ${bare.records} records, ${bare.requests} requests, ${bare.failed} failed, ${bare.seconds.toFixed(1)} s → import = ${figures.importVsBare.toFixed(2)} × bare writer`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench:real: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
