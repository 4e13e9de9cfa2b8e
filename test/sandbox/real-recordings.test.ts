/**
 * The sandbox does what the real server did in every scenario recorded by scripts/real/record.ts
 * (test/fixtures/real-2.21/*.json): each scenario is replayed on a fresh pair (a seeded source, a signed-up target
 * with its example records and active workflows) and every checked path of every answer must equal the recording.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fill, lookup, sendStep, type Scenario } from '../fixtures/real-2.21/scenario.js';
import { startPair, type Pair } from '../migrate/helpers.js';

const DIR = join(import.meta.dirname, '../fixtures/real-2.21');
const scenarios: Scenario[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Scenario);

let pair: Pair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

async function replay(p: Pair, scenario: Scenario) {
  const vars: Record<string, string> = {};
  const mismatches: Array<{ step: number; path: string; recorded: unknown; sandbox: unknown }> = [];
  for (const [i, step] of scenario.steps.entries()) {
    // Workflow runs are started within ~50 ms in the sandbox; the recorded waits were for the real worker.
    if (step.waitMs) await new Promise((r) => setTimeout(r, Math.min(1_000, step.waitMs! / 10)));
    const req = fill(step.request, vars);
    const key = p.sandbox.workspace(step.auth === 'SOURCE' ? 'source' : 'target').apiKey;
    const answer = await sendStep(req, p.sandbox.url, key);
    for (const [name, path] of Object.entries(step.capture ?? {})) vars[name] = String(lookup(answer, `body.${path}`));
    for (const [path, recorded] of Object.entries(step.expect ?? {})) {
      const got = lookup(answer, path) ?? null;
      // Ids the real server made up are compared by shape; ids a request named must be equal.
      const madeUp = typeof recorded === 'string' && /^[0-9a-f-]{36}$/.test(recorded) && !JSON.stringify(step.request).includes(recorded);
      const same = madeUp ? typeof got === 'string' && /^[0-9a-f-]{36}$/.test(got) : JSON.stringify(got) === JSON.stringify(recorded);
      if (!same) mismatches.push({ step: i, path, recorded, sandbox: got });
    }
  }
  return mismatches;
}

describe('scenarios recorded on a real Twenty 2.21 server', () => {
  it('has recordings', () => {
    expect(scenarios.length).toBeGreaterThan(0);
    for (const s of scenarios) expect(s.steps.every((step) => step.expect && step.response), s.name).toBe(true);
  });

  it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    pair = await startPair({ records: 60, seed: 11, target: { prefill: 'signup', workflowDelayMs: 20 } });
    expect(await replay(pair, scenario)).toEqual([]);
  });
});
