/**
 * Acceptance 5: 429 storms, 500s, 503s, dropped connections and slow answers from the sandbox, during the export
 * (source) and the import (target): the migration completes on its own, nothing is lost, verification is green.
 *
 * Faults are drawn per records request from a seeded generator: about a third of the requests fail once, and
 * twice a "storm" answers 429 to every request for a while. Slow answers (longer than the client's timeout, so the
 * client gives up and retries while the server still answers) are only injected into reads: a write that lands
 * after its own retry, and after a later pass changed the record, is a separate hazard (see the report).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, type MigrationResult } from '../../sdk/migrate.js';
import type { Fault } from '../sandbox/server.js';
import { cleanupDirs, migratedObjects, migrationOptions, startPair, tempDir, type Pair } from './helpers.js';
import { randomSource as random } from '../sandbox/seed/random.js';


let pair: Pair;
let result: MigrationResult;
const injected: Record<string, Record<string, number>> = { source: {}, target: {} };
let requests = 0;

beforeAll(async () => {
  pair = await startPair({ records: 500, seed: 17, seedOptions: { softDeletedShare: 0.04 } });
  const rnd = random(4242);
  let storm = 0;
  pair.sandbox.setFault((r): Fault => {
    requests += 1;
    const note = (kind: string) => void (injected[r.workspace][kind] = (injected[r.workspace][kind] ?? 0) + 1);
    // Two storms: from the 40th and the 130th request, the next 8 requests are refused with 429.
    if (requests === 40 || requests === 130) storm = 8;
    if (storm > 0) {
      storm -= 1;
      note('429 storm');
      return 429;
    }
    const x = rnd();
    if (x < 0.12) return note('429'), 429;
    if (x < 0.18) return note('500'), 500;
    if (x < 0.22) return note('503'), 503;
    if (x < 0.27) return note('reset'), 'reset';
    if (x < 0.3 && r.method === 'GET') return note('slow'), { delayMs: 400 };
    return undefined;
  });
  result = await migrate(migrationOptions(pair, tempDir(), {
    pageSize: 60, batchSize: 40, timeoutMs: 250,
    rateLimit: { limit: 500, windowMs: 1000, marginMs: 1, reserve: 2 },
    retry: { maxAttempts: 14, baseDelayMs: 5, maxDelayMs: 60 },
  }));
}, 60_000);

afterAll(async () => {
  await pair?.close();
  cleanupDirs();
});

describe('a migration through 429 storms, 500s, 503s, resets and timeouts', () => {
  it('completes with verification green', () => {
    expect(result.status).toBe('ok');
    expect(result.report!.status).toBe('pass');
    expect(result.import!.issues).toEqual([]);
  });

  it('met every kind of fault on both sides', () => {
    for (const side of ['source', 'target'] as const) {
      const n = injected[side];
      expect(n['429'] ?? 0, side).toBeGreaterThanOrEqual(3);
      expect((n['500'] ?? 0) + (n['503'] ?? 0), side).toBeGreaterThanOrEqual(3);
      expect(n.reset ?? 0, side).toBeGreaterThanOrEqual(1);
    }
    expect((injected.source['429 storm'] ?? 0) + (injected.target['429 storm'] ?? 0)).toBe(16);
    expect(injected.source.slow ?? 0).toBeGreaterThanOrEqual(1);
    console.log(`faults: ${JSON.stringify(injected)} over ${requests} records requests`);
  });

  it('lost nothing: the target holds every record of the source, and no duplicate', () => {
    const source = pair.sandbox.workspace('source');
    const target = pair.sandbox.workspace('target');
    for (const o of migratedObjects(pair.sandbox)) {
      expect({ o, ...target.count(o) }).toEqual({ o, ...source.count(o) });
      for (const id of source.table(o)!.rows.keys()) expect(target.table(o)!.rows.has(id)).toBe(true);
    }
  });
});
