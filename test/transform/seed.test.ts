import { describe, expect, it } from 'vitest';
import { selectObjects } from '../../sdk/export/select.js';
import type { MembersFile } from '../../sdk/run/contracts.js';
import { transformRecords } from '../../sdk/transform/transform-records.js';
import { serializeRow } from '../sandbox/records/serialize.js';
import { seedWorkspace } from '../sandbox/seed-workspace.js';
import { TokenSigner } from '../sandbox/tokens.js';
import { SandboxWorkspace } from '../sandbox/workspace.js';
import { schemaFromModel } from '../plan/schema-from-model.js';
import { planFor, target, tempRun } from './fixtures.js';

describe('the target schema accepts what the sandbox seed produces', () => {
  it('transforms every seeded record of every exported object without an issue', async () => {
    const ws = new SandboxWorkspace({ name: 'source', model: 'seeded', rateLimit: false, timeline: false }, new TokenSigner());
    seedWorkspace(ws, { records: 3000, seed: 7, edgeShare: 0.2 });
    const source = schemaFromModel(ws.model);
    const run = tempRun();
    const counts: Record<string, number> = {};
    for (const object of selectObjects(source).export) {
      const model = ws.index.bySingular.get(object.nameSingular)!;
      // As the REST API answers them (depth 0): join columns, FILES with signed URLs, searchVector.
      const rows = [...(ws.table(object.nameSingular)?.rows.values() ?? [])].map((r) => serializeRow(ws, model, r, 0));
      run.appendJsonl(rows, 'export', `${object.namePlural}.jsonl`);
      counts[object.namePlural] = rows.length;
    }
    const memberIds = [...(ws.table('workspaceMember')?.rows.keys() ?? [])];
    const members: MembersFile = {
      source: memberIds.map((id) => ({ id, userEmail: `${id}@acme.com`, name: 'M' })),
      target: memberIds.map((id) => ({ id, userEmail: `${id}@acme.com`, name: 'M' })),
      mapping: Object.fromEntries(memberIds.map((id) => [id, id])),
      unmatched: [],
      policy: { kind: 'stop' },
      referenceFields: [],
    };
    const result = await transformRecords({ run, source, target, plan: planFor(counts, { source }), members });
    expect(result.issuesByCode).toEqual({});
    expect(result.invalid).toBe(0);
    expect(result.valid).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
    expect(result.valid).toBeGreaterThan(2500);
    const softDeleted = result.objects.reduce((s, o) => s + o.softDeleted, 0);
    expect(softDeleted).toBeGreaterThan(0);
  });
});
