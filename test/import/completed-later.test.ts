/**
 * Issue 11's invariant at the import: when a later run completes something an earlier run left incomplete (a file
 * uploaded late, a reference to a record merged since, a member mapped), every record whose payload it changes is
 * sent again in that run — and nothing else is. The ledger keeps a digest of what was sent (sdk/import/digest.ts).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { importRecords, loadLedger } from '../../sdk/import/index.js';
import { payloadDigest } from '../../sdk/import/digest.js';
import type { TransformedRecord } from '../../sdk/run/contracts.js';
import type { Sandbox } from '../sandbox/server.js';
import { cleanupRuns, COMPANY, company, dataset, makeRun, PERSON, rowsOf, snapshot, standardPlan, startTarget, targetClient, uuid } from './helpers.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});
afterAll(cleanupRuns);

const counts = { companies: 10, people: 20, opportunities: 5 };

describe('a record whose payload changed after it was written', () => {
  it('is sent again on the next run, alone; an unchanged re-run sends nothing', async () => {
    sandbox = await startTarget();
    const data = dataset(counts);
    const run = makeRun(standardPlan(counts), data);
    const client = targetClient(sandbox);
    const first = await importRecords({ client, run, batchSize: 50 });
    expect(first.status).toBe('completed');

    // What a later run's transform says now: company 3 got its tagline (say, a file id), person 4 points elsewhere.
    const companies = data.companies.map((c, i) => (i === 2 ? { ...c, record: { ...c.record, name: 'Company 3, completed' } } : c));
    const people = data.people.map((p, i) => (i === 3 ? { ...p, deferred: { ...p.deferred, companyId: uuid(COMPANY, 7) } } : p));
    const rewrite = (plural: string, rows: TransformedRecord[]) => writeFileSync(run.path('transform', `${plural}.jsonl`), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    rewrite('companies', companies);
    rewrite('people', people);

    const second = await importRecords({ client, run, batchSize: 50 });
    expect(second.status).toBe('completed');
    const byObject = Object.fromEntries(second.objects.map((o) => [o.object, o]));
    expect(byObject.companies).toMatchObject({ imported: 0, updated: 1, alreadyDone: 9 });
    expect(byObject.people).toMatchObject({ imported: 0, updated: 1, patched: 0, alreadyDone: 20 });
    expect(second.requests).toBe(2); // one write batch of one company, one patch batch of one person
    expect(rowsOf(sandbox, 'company').find((r) => r.id === uuid(COMPANY, 3))!.name).toBe('Company 3, completed');
    expect(rowsOf(sandbox, 'person').find((r) => r.id === uuid(PERSON, 4))!.companyId).toBe(uuid(COMPANY, 7));

    const ledger = await loadLedger(run);
    expect(ledger.sent.get('companies')?.get(uuid(COMPANY, 3))).toBe(payloadDigest({ ...companies[2].record, id: uuid(COMPANY, 3) }));

    const before = snapshot(sandbox);
    const third = await importRecords({ client, run, batchSize: 50 });
    expect(third.requests).toBe(0);
    expect(third.objects.map((o) => o.updated)).toEqual([0, 0, 0]);
    expect(snapshot(sandbox)).toEqual(before);
  });

  it('is not resent when its ledger line predates digests (a run folder from an older version)', async () => {
    sandbox = await startTarget();
    const data = dataset(counts);
    const run = makeRun(standardPlan(counts), data);
    await importRecords({ client: targetClient(sandbox), run, batchSize: 50 });
    const lines = (await import('node:fs')).readFileSync(run.path('import', 'ledger.jsonl'), 'utf8').trim().split('\n');
    rmSync(run.path('import', 'ledger.jsonl'));
    writeFileSync(run.path('import', 'ledger.jsonl'), lines.map((l) => JSON.stringify({ ...JSON.parse(l), digest: undefined })).join('\n') + '\n');
    writeFileSync(run.path('transform', 'companies.jsonl'), [company(1, { name: 'changed' }), ...data.companies.slice(1)].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const again = await importRecords({ client: targetClient(sandbox), run, batchSize: 50 });
    expect(again.requests).toBe(0);
  });
});
