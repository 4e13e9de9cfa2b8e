import { rmSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { idMapOf, importRecords, loadLedger } from '../../sdk/import/index.js';
import type { Sandbox } from '../sandbox/server.js';
import {
  cleanupRuns, COMPANY, company, dataset, makeRun, opportunity, person, PERSON, planned, rowsOf, snapshot, standardPlan, startTarget, targetClient, uuid,
} from './helpers.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});
afterAll(cleanupRuns);

const counts = { companies: 30, people: 60, opportunities: 40 };

describe('importRecords', () => {
  it('imports several related objects with their ids, createdAt, updatedAt and deferred join columns', async () => {
    sandbox = await startTarget();
    const data = dataset(counts);
    const run = makeRun(standardPlan(counts), data);
    const result = await importRecords({ client: targetClient(sandbox), run, batchSize: 25 });

    expect(result.status).toBe('completed');
    expect(result.issues).toEqual([]);
    expect(result.objects.map((o) => [o.object, o.imported, o.merged, o.failed, o.patched])).toEqual([
      ['companies', 30, 0, 0, 0],
      ['people', 60, 0, 0, 60],
      ['opportunities', 40, 0, 0, 0],
    ]);
    const ws = sandbox.workspace('target');
    expect(ws.count('company').active).toBe(30);
    expect(ws.count('person').active).toBe(60);
    expect(ws.count('opportunity').active).toBe(40);
    for (const [singular, records] of [['company', data.companies], ['person', data.people], ['opportunity', data.opportunities]] as const) {
      const rows = new Map(rowsOf(sandbox, singular).map((r) => [r.id, r]));
      for (const t of records) {
        const row = rows.get(t.sourceId)!;
        expect(row, `${singular} ${t.sourceId}`).toBeDefined();
        expect(row.createdAt).toBe(t.record.createdAt);
        expect(row.updatedAt).toBe(t.record.updatedAt); // the patch pass sent it back, so "now" never replaced it
        expect((row.createdBy as { name: string }).name).toBe('Migration');
        for (const [k, v] of Object.entries(t.deferred ?? {})) expect(row[k]).toBe(v);
      }
    }
    // The patch pass (upsert of {id, companyId, updatedAt}) kept every other field.
    const p1 = rowsOf(sandbox, 'person').find((r) => r.id === uuid(PERSON, 1))!;
    expect(p1).toMatchObject({ jobTitle: 'Job 1', name: { firstName: 'First1', lastName: 'Last1' }, emails: { primaryEmail: 'p1@example.com' }, position: 1 });

    const ledger = await loadLedger(run);
    expect(ledger.done.get('people')?.size).toBe(60);
    expect(ledger.patched.get('people')?.size).toBe(60);
    expect(idMapOf(ledger).target('companies', uuid(COMPANY, 3))).toBe(uuid(COMPANY, 3));
    expect(run.manifest().stages.import?.status).toBe('completed');
    // 30/25 → 2 + 60/25 → 3 + 40/25 → 2 + patch 3
    expect(result.requests).toBe(10);
  });

  it('is idempotent: a second run skips everything; with the ledger deleted it upserts by id and duplicates nothing', async () => {
    sandbox = await startTarget();
    const run = makeRun(standardPlan(counts), dataset(counts));
    const client = targetClient(sandbox);
    await importRecords({ client, run, batchSize: 50 });
    const first = snapshot(sandbox);

    const again = await importRecords({ client, run, batchSize: 50 });
    expect(again.status).toBe('completed');
    expect(again.requests).toBe(0);
    expect(again.objects.map((o) => o.alreadyDone)).toEqual([30, 60, 40]);
    expect(snapshot(sandbox)).toEqual(first);

    rmSync(run.path('import', 'ledger.jsonl'));
    const fresh = await importRecords({ client, run, batchSize: 50 });
    expect(fresh.status).toBe('completed');
    expect(fresh.objects.map((o) => [o.imported, o.merged])).toEqual([[30, 0], [60, 0], [40, 0]]);
    expect(snapshot(sandbox)).toEqual(first); // same rows, same values, same timestamps
  });

  it('reports a merge when the target holds the same domain under another id, and rewrites references to it', async () => {
    sandbox = await startTarget();
    const existingId = '11111111-2222-4333-8444-555555555555';
    const ws = sandbox.workspace('target');
    const now = '2023-05-05T00:00:00.000Z';
    ws.insertRaw('company', [{
      ...emptyCompanyRow(), id: existingId, name: 'Acme (already there)', domainName: { primaryLinkUrl: 'https://c2.example.com', primaryLinkLabel: '', secondaryLinks: [] },
      createdAt: now, updatedAt: now, deletedAt: null, position: -5,
    }]);
    const data = {
      companies: [company(1), company(2), company(3)],
      people: [person(1, 2), person(2, 1), person(3, 2, {}, false)],
      opportunities: [opportunity(1, 2, 3), opportunity(2, 3, 1)],
    };
    const run = makeRun(standardPlan({ companies: 3, people: 3, opportunities: 2 }), data);
    const result = await importRecords({ client: targetClient(sandbox), run });

    expect(result.status).toBe('completed');
    expect(result.merges).toEqual([
      { object: 'companies', sourceId: uuid(COMPANY, 2), targetId: existingId, matched: { field: 'domainName.primaryLinkUrl', value: 'https://c2.example.com' } },
    ]);
    expect(result.objects[0]).toMatchObject({ imported: 2, merged: 1 });
    expect(ws.count('company').active).toBe(3); // no duplicate of the merged company
    const people = new Map(rowsOf(sandbox, 'person').map((r) => [r.id, r]));
    expect(people.get(uuid(PERSON, 1))!.companyId).toBe(existingId); // deferred column, rewritten in the patch pass
    expect(people.get(uuid(PERSON, 3))!.companyId).toBe(existingId); // plain join column, rewritten in the first write
    expect(people.get(uuid(PERSON, 2))!.companyId).toBe(uuid(COMPANY, 1));
    const opp1 = rowsOf(sandbox, 'opportunity').find((r) => r.name === 'Deal 1')!;
    expect(opp1.companyId).toBe(existingId);
    const merged = rowsOf(sandbox, 'company').find((r) => r.id === existingId)!;
    // The upsert writes the fields sent over the existing record's, createdAt included (real-2.21 upsert-merge-created-at).
    expect(merged).toMatchObject({ name: 'Company 2', createdAt: data.companies[1].record.createdAt });
    expect(merged.createdAt).not.toBe(now);

    const ledger = await loadLedger(run);
    expect(idMapOf(ledger).target('companies', uuid(COMPANY, 2))).toBe(existingId);
    expect(idMapOf(ledger).resolve(uuid(COMPANY, 2))).toBe(existingId);

    // A re-run without the ledger matches the same record again: the merge is stable.
    rmSync(run.path('import', 'ledger.jsonl'));
    const again = await importRecords({ client: targetClient(sandbox), run });
    expect(again.merges.map((m) => m.targetId)).toEqual([existingId]);
    expect(ws.count('company').active).toBe(3);
  });

  it('keeps the fields an upsert does not send (the patch pass relies on it)', async () => {
    sandbox = await startTarget();
    const run = makeRun({ order: [planned('people', 'person', 1, ['companyId']), planned('companies', 'company', 1)], skipped: [], warnings: [], ready: true, blockers: [] }, {
      people: [person(1, 1)],
      companies: [company(1)],
    });
    await importRecords({ client: targetClient(sandbox), run });
    const row = rowsOf(sandbox, 'person')[0];
    expect(row).toMatchObject({ companyId: uuid(COMPANY, 1), jobTitle: 'Job 1', emails: { primaryEmail: 'p1@example.com', additionalEmails: [] } });
    expect(row.updatedAt).toBe(person(1, 1).record.updatedAt);
  });
});

/** Every column of a company row with its empty value, for insertRaw. */
function emptyCompanyRow(): Record<string, unknown> {
  const actor = { source: 'MANUAL', workspaceMemberId: null, name: 'Someone', context: null };
  return {
    name: '', domainName: { primaryLinkUrl: '', primaryLinkLabel: '', secondaryLinks: [] }, address: null, linkedinLink: null, annualRevenue: null,
    accountOwnerId: null, createdBy: actor, updatedBy: actor, searchVector: null,
  };
}
