/**
 * Records scenarios (scripts/real/scenarios.ts) against a real Twenty 2.21 server into test/fixtures/real-2.21/, for
 * the sandbox's replay test. Writes to the server: reset the kit afterwards.
 *
 *   npx tsx scripts/real/record.ts --keys /path/to/ROOT/keys.env [--only name,name]
 *
 * The keys file is the kit's (SOURCE_URL, SOURCE_API_KEY, TARGET_URL, TARGET_API_KEY). Keys are sent in the
 * Authorization header only; recorded answers go through the project's redaction, and any answer still holding a
 * token-shaped string is refused rather than written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { redact } from '../../sdk/client/redact.js';
import { fill, lookup, sendStep, type Scenario } from '../../test/fixtures/real-2.21/scenario.js';
import { SCENARIOS } from './scenarios.js';

const OUT = join(import.meta.dirname, '../../test/fixtures/real-2.21');

function readKeys(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^\s*([A-Z_]+)=(.*)$/.exec(line);
    if (m) out[m[1]] = m[2].replace(/^['"]|['"]$/g, '');
  }
  for (const k of ['SOURCE_URL', 'SOURCE_API_KEY', 'TARGET_URL', 'TARGET_API_KEY']) {
    if (!out[k]) throw new Error(`${path}: ${k} is missing (expected the twenty-server kit's keys.env)`);
  }
  return out;
}

/** Signed URLs' tokens and anything JWT-shaped, out of a recorded body. */
const scrub = (body: unknown): unknown => JSON.parse(redact(JSON.stringify(body)).replace(/([?&]token=)[^"&\\\s]+/g, '$1<redacted>'));

async function record(scenario: Scenario, keys: Record<string, string>): Promise<Scenario> {
  const vars: Record<string, string> = {};
  const steps = [];
  for (const step of scenario.steps) {
    if (step.waitMs) await new Promise((r) => setTimeout(r, step.waitMs));
    const req = fill(step.request, vars);
    const raw = step.auth === 'SOURCE' ? await sendStep(req, keys.SOURCE_URL, keys.SOURCE_API_KEY) : await sendStep(req, keys.TARGET_URL, keys.TARGET_API_KEY);
    const answer = { status: raw.status, body: scrub(raw.body) };
    for (const [name, path] of Object.entries(step.capture ?? {})) {
      const v = lookup(answer, `body.${path}`);
      if (typeof v !== 'string') throw new Error(`${scenario.name}: capture ${name} (${path}) found ${JSON.stringify(v)}`);
      vars[name] = v;
    }
    const expect = Object.fromEntries(step.check.map((p) => [p, lookup(answer, p) ?? null]));
    steps.push({ ...step, response: answer, expect });
    console.log(`${scenario.name}: ${req.method} ${req.path} → ${raw.status}`);
  }
  return { ...scenario, steps, recordedAt: new Date().toISOString(), server: 'Twenty 2.21.0 (../shared/twenty-server kit)' };
}

async function main() {
  const { values } = parseArgs({ options: { keys: { type: 'string' }, only: { type: 'string' } } });
  if (!values.keys) throw new Error('usage: npx tsx scripts/real/record.ts --keys ROOT/keys.env [--only a,b]');
  const keys = readKeys(values.keys);
  const only = values.only?.split(',');
  for (const scenario of SCENARIOS.filter((s) => !only || only.includes(s.name))) {
    const recorded = await record(scenario, keys);
    const text = `${JSON.stringify(recorded, null, 2)}\n`;
    if (/eyJ[A-Za-z0-9_-]{10,}\.eyJ/.test(text) || text.includes(keys.SOURCE_API_KEY) || text.includes(keys.TARGET_API_KEY)) {
      throw new Error(`${scenario.name}: the recording still holds a token; not written`);
    }
    writeFileSync(join(OUT, `${scenario.name}.json`), text);
  }
}

main().catch((e: unknown) => {
  console.error(`record: ${redact(e instanceof Error ? e.message : String(e))}`);
  process.exit(1);
});
