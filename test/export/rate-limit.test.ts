/**
 * A throttled source: the sandbox answers 429 when its budget (20 requests per second, no burst bucket) runs out;
 * the export waits and retries, and finishes with every record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRecords } from '../../sdk/export/index.js';
import { seedWorkspace } from '../sandbox/seed-workspace.js';
import { readIds, sandboxIds, startEnv, tempRun, type TestEnv } from './helpers.js';

let env: TestEnv;
// Whether the budget alone runs dry depends on how fast this machine answers; every 7th request is also answered
// 429 outright, so the export meets refusals on any machine.
let injected = 0;
beforeAll(async () => {
  let n = 0;
  env = await startEnv({
    sourceRateLimit: { limit: 20, windowMs: 1000, burst: false },
    fault: ({ workspace }) => (workspace === 'source' && ++n % 7 === 0 ? (injected++, 429) : undefined),
  });
  seedWorkspace(env.sourceWs, { records: 2000, seed: 1 });
});
afterAll(() => env?.close());

describe('export under rate limiting', () => {
  it('gets 429s from the source and still exports everything', async () => {
    const { run, cleanup } = tempRun();
    try {
      const objects = ['companies', 'people', 'opportunities'];
      const result = await exportRecords({ client: env.source, schema: env.schema, run, objects, pageSize: 40, includeDeleted: true });
      expect(env.sourceWs.budget!.rejected + injected).toBeGreaterThan(0);
      expect(result.mismatches).toEqual([]);
      for (const [plural, singular] of [['companies', 'company'], ['people', 'person'], ['opportunities', 'opportunity']]) {
        const expected = sandboxIds(env.sourceWs, singular);
        expect(readIds(run.path('export', `${plural}.jsonl`)).sort()).toEqual([...expected.active, ...expected.deleted].sort());
      }
    } finally {
      cleanup();
    }
  });
});
