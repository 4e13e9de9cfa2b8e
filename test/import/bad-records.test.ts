import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TwentyApiError } from '../../sdk/client/index.js';
import { classify, fieldOf, foreignKeyName, importRecords, loadLedger, pinpoint } from '../../sdk/import/index.js';
import type { RecordIssue } from '../../sdk/run/run-folder.js';
import type { Sandbox } from '../sandbox/server.js';
import { cleanupRuns, company, COMPANY, dataset, makeRun, opportunity, OPPORTUNITY, person, PERSON, planned, standardPlan, startTarget, targetClient, uuid } from './helpers.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});
afterAll(cleanupRuns);

const apiError = (message: string, status = 400) =>
  new TwentyApiError({ status, code: status === 400 ? 'INVALID_REQUEST' : 'SERVER_ERROR', messages: [message], request: { method: 'POST', url: '/rest/batch/x' }, retryable: status >= 500 });

async function issuesOf(run: { readJsonl<T>(...p: string[]): AsyncGenerator<T> }) {
  const out: RecordIssue[] = [];
  for await (const i of run.readJsonl<RecordIssue>('errors.jsonl')) out.push(i);
  return out;
}

describe('bad records', () => {
  it('isolates bad records (select value, email, duplicate email, dangling FK), reports why, imports the rest', async () => {
    sandbox = await startTarget();
    const clean = dataset({ companies: 10, people: 40, opportunities: 40 });
    const ghost = '99999999-9999-4999-8999-999999999999';
    const people = clean.people.map((p, i) => {
      if (i === 5) return person(6, 1, { emails: { primaryEmail: 'not-an-email', additionalEmails: [] } });
      if (i === 20) return person(21, 2, { emails: { primaryEmail: 'p3@example.com', additionalEmails: [] } }); // same as person 3
      if (i === 30) return person(31, 2, {}, false); // companyId sent in the first write…
      return p;
    });
    people[30].record.companyId = ghost; // …pointing at nothing
    // Contacts among people 1–4 (all fine), except where a test needs otherwise.
    const opportunities = clean.opportunities.map((_, i) => opportunity(i + 1, (i % 10) + 1, (i % 4) + 1, i === 7 || i === 33 ? { stage: 'WON' } : {}));
    opportunities[12] = opportunity(13, 1, 6); // its contact (person 6) was refused
    const run = makeRun(standardPlan({ companies: 10, people: 40, opportunities: 40 }), { companies: clean.companies, people, opportunities });

    const result = await importRecords({ client: targetClient(sandbox), run, batchSize: 40 });
    expect(result.status).toBe('completed');
    const ws = sandbox.workspace('target');
    expect(ws.count('company').active).toBe(10);
    expect(ws.count('person').active).toBe(37);
    expect(ws.count('opportunity').active).toBe(37);

    const byRecord = new Map((await issuesOf(run)).map((i) => [i.recordId, i]));
    expect(byRecord.get(uuid(PERSON, 6))).toMatchObject({ stage: 'import', object: 'people', code: 'INVALID_VALUE', field: 'emails.primaryEmail' });
    expect(byRecord.get(uuid(PERSON, 6))!.message).toMatch(/not-an-email/);
    expect(byRecord.get(uuid(PERSON, 21))).toMatchObject({ code: 'DUPLICATE_UNIQUE_VALUE', field: 'emails.primaryEmail' });
    expect(byRecord.get(uuid(PERSON, 21))!.message).toContain(uuid(PERSON, 3));
    expect(byRecord.get(uuid(PERSON, 31))).toMatchObject({ code: 'FOREIGN_KEY_VIOLATION', field: 'companyId' });
    expect(byRecord.get(uuid(PERSON, 31))!.message).toMatch(/violates foreign key constraint/);
    for (const n of [8, 34]) {
      expect(byRecord.get(uuid(OPPORTUNITY, n))).toMatchObject({ code: 'INVALID_VALUE', field: 'stage' });
      expect(byRecord.get(uuid(OPPORTUNITY, n))!.message).toMatch(/Invalid value "WON" for field "stage"/);
    }
    expect(byRecord.get(uuid(OPPORTUNITY, 13))).toMatchObject({ code: 'REFERENCED_RECORD_FAILED', field: 'pointOfContactId' });
    expect(byRecord.size).toBe(6);
    expect(result.issues).toHaveLength(6);
    expect(result.objects.map((o) => [o.imported, o.failed])).toEqual([[10, 0], [37, 3], [37, 3]]);

    const ledger = await loadLedger(run);
    expect([...ledger.failed.get('people')!.keys()].sort()).toEqual([uuid(PERSON, 21), uuid(PERSON, 31), uuid(PERSON, 6)].sort());
    // Both WON opportunities were named by one message and set aside together, without bisecting.
    const oppRequests = result.objects[2].requests;
    expect(oppRequests).toBe(2);

    // A resumed run does not retry settled failures (and reports no new issue).
    const again = await importRecords({ client: targetClient(sandbox), run, batchSize: 40 });
    expect(again.requests).toBe(0);
    expect(again.objects.map((o) => o.previouslyFailed)).toEqual([0, 3, 3]);
    expect((await issuesOf(run)).length).toBe(6);
  });

  it('without knowing the unique field, a duplicate is found by the server, bisected and reported as merged into the other record', async () => {
    sandbox = await startTarget();
    const people = [person(1, null, {}, false), person(2, null, {}, false), person(3, null, {}, false), person(4, null, { emails: { primaryEmail: 'p2@example.com', additionalEmails: [] } }, false)];
    const run = makeRun({ order: [planned('people', 'person', 4)], skipped: [], warnings: [], ready: true, blockers: [] }, { people });
    const result = await importRecords({ client: targetClient(sandbox), run, uniqueFields: { people: [] } });
    expect(result.status).toBe('completed');
    // 4 → 400 "A duplicate entry was detected" → 2 + 2; the merged row of the second half cannot be proven to be
    // person 4's without knowing the unique field, so person 4 is upserted once more alone (idempotent): 4 requests.
    expect(result.requests).toBe(4);
    expect(sandbox.workspace('target').count('person').active).toBe(3);
    expect(result.merges).toEqual([{ object: 'people', sourceId: uuid(PERSON, 4), targetId: uuid(PERSON, 2), matched: null }]);
    expect(result.issues).toEqual([expect.objectContaining({ recordId: uuid(PERSON, 4), code: 'MERGED_WITH_OTHER_SOURCE_RECORD' })]);
    expect(result.issues[0].message).toContain(uuid(PERSON, 2));
  });

  it('stops, resumably, when the target refuses the request itself (unknown object)', async () => {
    sandbox = await startTarget();
    const run = makeRun({ order: [planned('companies', 'company', 1), planned('gizmos', 'gizmo', 1)], skipped: [], warnings: [], ready: true, blockers: [] }, {
      companies: [company(1)],
      gizmos: [{ sourceId: uuid('0e0e0e0e', 1), record: { name: 'x' } }],
    });
    const result = await importRecords({ client: targetClient(sandbox), run });
    expect(result.status).toBe('stopped');
    expect(result.error?.code).toBe('IMPORT_REJECTED');
    expect(result.error?.details).toMatchObject({ object: 'gizmos', resumable: true });
    expect(result.error?.message).toMatch(/object 'gizmos' not found/);
    expect(result.objects.map((o) => o.status)).toEqual(['completed', 'stopped']);
    expect((await loadLedger(run)).failed.size).toBe(0); // nothing marked failed
  });

  it('lowers the batch size when the server states its maximum', async () => {
    sandbox = await startTarget();
    const companies = Array.from({ length: 450 }, (_, i) => company(i + 1));
    const run = makeRun({ order: [planned('companies', 'company', 450)], skipped: [], warnings: [], ready: true, blockers: [] }, { companies });
    const result = await importRecords({ client: targetClient(sandbox), run, batchSize: 300 });
    expect(result.status).toBe('completed');
    expect(sandbox.workspace('target').count('company').active).toBe(450);
    expect(result.requests).toBe(1 + 3); // one refused 300, then 200 + 100 + 150
  });
});

describe('diagnose', () => {
  it.each([
    ['Invalid value "WON" for field "stage". Valid values are: NEW, SCREENING', { stage: 'WON' }, 'stage'],
    ["Invalid string value 'x' for email field \"emails.primaryEmail\"", {}, 'emails.primaryEmail'],
    ["Invalid number value 'many' for field \"employees\"", {}, 'employees'],
    ['Object company doesn\'t have any "nickname" field.', {}, 'nickname'],
    ['null value in column "stage" of relation "opportunity" violates not-null constraint', {}, 'stage'],
    [`insert or update on table "opportunity" violates foreign key constraint "${foreignKeyName('opportunity', 'pointOfContactId')}"`, { companyId: 'a', pointOfContactId: 'b' }, 'pointOfContactId'],
    ['insert or update on table "person" violates foreign key constraint "FK_unknown"', { companyId: 'a', name: 'x' }, 'companyId'],
    ['A duplicate entry was detected', {}, null],
  ])('fieldOf(%s)', (message, record, field) => {
    expect(fieldOf(apiError(message), record)).toBe(field);
  });

  it('pinpoints records a validation message certainly applies to', () => {
    const records = [{ stage: 'NEW' }, { stage: 'WON' }, { tags: ['A', 'WON'] }, { stage: 'WON' }];
    expect(pinpoint(apiError('Invalid value "WON" for field "stage". Valid values are: NEW'), records)).toEqual([1, 3]);
    expect(pinpoint(apiError('Invalid value "WON" for field "tags". Valid values are: A'), records)).toEqual([2]);
    expect(pinpoint(apiError('Object x doesn\'t have any "tags" field.'), records)).toEqual([2]);
    expect(pinpoint(apiError('A duplicate entry was detected'), records)).toEqual([]);
  });

  it('classifies errors', () => {
    expect(classify(apiError('A duplicate entry was detected')).kind).toBe('records');
    expect(classify(apiError('Maximum number of records to upsert is 60.'))).toEqual({ kind: 'batch-too-large', max: 60 });
    expect(classify(apiError("object 'gizmos' not found. eg: companies")).kind).toBe('fatal');
    expect(classify(apiError('boom', 503)).kind).toBe('transient');
  });
});

describe('causes learned once', () => {
  it('refuses records failing for a cause already proven without one request each', async () => {
    sandbox = await startTarget();
    const missing = uuid(COMPANY, 999); // a company the target does not have, and the import never saw fail
    const people = Array.from({ length: 40 }, (_, i) => person(i + 1, null, { companyId: missing }, false));
    const run = makeRun({ order: [planned('people', 'person', 40)], skipped: [], warnings: [], ready: true, blockers: [] }, { people });
    const result = await importRecords({ client: targetClient(sandbox), run, batchSize: 40 });
    expect(result.status).toBe('completed');
    expect(result.objects[0]).toMatchObject({ imported: 0, failed: 40 });
    // Bisection down to one record (40 → 20 → 10 → 5 → 3 → 2 → 1) proves the cause; the other 39 are not sent.
    expect(result.requests).toBeLessThanOrEqual(8);
    const issues = await issuesOf(run);
    expect(issues).toHaveLength(40);
    expect(issues.every((i) => i.code === 'FOREIGN_KEY_VIOLATION' && i.field === 'companyId')).toBe(true);
    expect(issues.filter((i) => i.message.includes('same cause as source record'))).toHaveLength(39);
  });
});
