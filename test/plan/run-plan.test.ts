import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMigrationError } from '../../sdk/errors.js';
import { planRun } from '../../sdk/plan/run-plan.js';
import type { ExportState, Plan } from '../../sdk/run/contracts.js';
import { RunFolder } from '../../sdk/run/run-folder.js';
import { membersFile } from './fixtures.js';
import { builtInSchema } from './schema-from-model.js';

const tempRun = () => RunFolder.open(mkdtempSync(join(tmpdir(), 'twenty-migrate-plan-')));

describe('planRun', () => {
  it('reads the earlier stages from the run folder and writes plan.json', async () => {
    const run = tempRun();
    run.writeJson(builtInSchema('seeded', 'source'), 'schema', 'source.json');
    run.writeJson(builtInSchema('seeded', 'target'), 'schema', 'target.json');
    const state: ExportState = { objects: { companies: { phase: 'done', cursor: null, count: 599 }, people: { phase: 'done', cursor: null, count: 1200, deletedCount: 3 } } };
    run.writeJson(state, 'export', 'state.json');
    run.writeJson(membersFile({ kind: 'stop' }), 'members.json');
    run.updateManifest((m) => void (m.options.export = { objects: ['companies', 'people'], includeDeleted: true }));

    const plan = await planRun(run);
    expect(run.readJson<Plan>('plan.json')).toEqual(plan);
    expect(plan.order.map((o) => [o.object, o.count])).toEqual([['companies', 599], ['people', 1200]]);
    // Skipped by default = what the export's own selection left out, with its reasons.
    expect(plan.skipped.find((s) => s.object === 'opportunities')?.reason).toBe('not listed in --objects');
    expect(plan.warnings).toContainEqual(expect.stringMatching(/^people: 3 soft-deleted record\(s\) will be created and then soft-deleted/));
    expect(plan.ready).toBe(false);
    expect(run.manifest().stages.plan).toMatchObject({ status: 'completed', summary: expect.stringMatching(/^1 blocker\(s\): 2 objects, 1799 records/) });
  });

  it('says which stage to run when the schemas are missing', async () => {
    const error = await planRun(tempRun()).catch((e: unknown) => e);
    expect(isMigrationError(error, 'MISSING_STAGE_OUTPUT')).toBe(true);
  });
});
