import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TransformedRecord } from '../../sdk/run/contracts.js';
import type { RecordIssue, RunFolder } from '../../sdk/run/run-folder.js';
import { memberReferencesBeforeAfter } from '../../sdk/transform/members.js';
import { transformRecords, type TransformResult } from '../../sdk/transform/transform-records.js';
import { ANN, ANN_T, BOB, OPS_T, actor, exported, id, members, planFor, source, target, tempRun } from './fixtures.js';

const company = (n: number, fields: Record<string, unknown> = {}) =>
  exported(id(n), {
    name: `Company ${n}`, domainName: { primaryLinkUrl: `https://c${n}.example.com`, primaryLinkLabel: '', secondaryLinks: [] },
    accountOwnerId: ANN, tagline: 'We make things', employees: 10, people: [], ...fields,
  });
const person = (n: number, fields: Record<string, unknown> = {}) =>
  exported(id(n, 1), {
    name: { firstName: 'P', lastName: String(n) }, emails: { primaryEmail: `p${n}@example.com`, additionalEmails: [] }, companyId: id(1), jobTitle: 'CTO',
    avatarFile: [{ label: 'me.png', fileId: id(9, 9), extension: 'png', url: 'https://src.example.com/file/files-field/x?token=t' }], ...fields,
  });

function writeExport(run: RunFolder) {
  run.appendJsonl([
    company(1),
    company(2, { deletedAt: '2025-01-01T00:00:00.000Z', accountOwnerId: BOB }),
    company(3, { domainName: { primaryLinkUrl: 'https://c1.example.com', primaryLinkLabel: '', secondaryLinks: [] } }), // duplicate domain
    company(1), // the same line twice (an export resumed mid-page)
  ], 'export', 'companies.jsonl');
  run.appendJsonl([
    person(1, { company: { id: id(1), name: 'Company 1' } }), // depth-1 nested object
    person(2, { emails: { primaryEmail: 'not-an-email', additionalEmails: [] } }),
    person(3, { emails: { primaryEmail: 'p1@example.com', additionalEmails: [] } }), // duplicate email
    person(4, { jobTitle: null }), // required in this target
  ], 'export', 'people.jsonl');
  run.appendJsonl([
    exported(id(1, 2), { name: 'Deal', stage: 'WON', amount: { amountMicros: 1_000_000, currencyCode: 'USD' }, companyId: id(1), pointOfContactId: id(1, 1), ownerId: ANN }),
    exported(id(2, 2), { name: 'Deal 2', stage: 'NEW', amount: { amountMicros: 5_000_000, currencyCode: 'EUR' }, companyId: id(1), pointOfContactId: null, ownerId: BOB }, actor(BOB, '')),
  ], 'export', 'opportunities.jsonl');
  run.appendJsonl([exported(id(1, 3), { name: 'Rex', species: 'DOG', polymorphicOwnerRocketId: id(1, 4), polymorphicOwnerSurveyResultId: null })], 'export', 'pets.jsonl');
  run.appendJsonl([exported(id(1, 4), { name: 'Apollo', helpedPetsId: id(1, 3) })], 'export', 'rockets.jsonl');
}

// This target requires a job title: an empty one must be caught before sending.
const strictTarget = structuredClone(target);
Object.assign(strictTarget.objects.find((o) => o.nameSingular === 'person')!.fields.find((f) => f.name === 'jobTitle')!, { isNullable: false, defaultValue: null });
const counts = { companies: 4, people: 4, opportunities: 2, pets: 1, rockets: 1 };
const plan = planFor(counts, { target: strictTarget });

const lines = (run: RunFolder, plural: string) =>
  readFileSync(run.path('transform', `${plural}.jsonl`), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as TransformedRecord);
const errors = (run: RunFolder) => readFileSync(run.path('errors.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RecordIssue);

describe('transformRecords', () => {
  let run: RunFolder;
  let result: TransformResult;
  beforeAll(async () => {
    run = tempRun();
    writeExport(run);
    result = await transformRecords({ run, source, target: strictTarget, plan, members: members({ kind: 'empty' }) });
  });

  it('keeps id, createdAt, updatedAt, position and createdBy (member mapped, context dropped)', () => {
    const [c1] = lines(run, 'companies');
    expect(c1.sourceId).toBe(id(1));
    expect(c1.record).toMatchObject({ id: id(1), createdAt: '2024-03-01T10:00:00.000Z', updatedAt: '2024-04-01T10:00:00.000Z', position: 3 });
    expect(c1.record.createdBy).toEqual({ source: 'MANUAL', workspaceMemberId: ANN_T, name: 'Ann Lee' });
    expect(c1.record.accountOwnerId).toBe(ANN_T);
  });

  it('drops read-only, computed, nested and file fields', () => {
    const [c1] = lines(run, 'companies');
    for (const k of ['updatedBy', 'searchVector', 'deletedAt', 'people']) expect(c1.record).not.toHaveProperty(k);
    const [p1] = lines(run, 'people');
    for (const k of ['company', 'avatarFile']) expect(p1.record).not.toHaveProperty(k);
    const people = result.objects.find((o) => o.object === 'people')!;
    expect(people.dropped.avatarFile).toEqual({ reason: 'files', records: 4 });
    expect(people.dropped.company).toEqual({ reason: 'relation-object', records: 1 });
    expect(result.notes).toContainEqual('people.avatarFile: files of 4 record(s) left for the files stage');
  });

  it('carries soft-deleted records with their deletedAt, and maps unmatched members per the policy (empty)', () => {
    const c2 = lines(run, 'companies').find((l) => l.sourceId === id(2))!;
    expect(c2.deletedAt).toBe('2025-01-01T00:00:00.000Z');
    expect(c2.record.accountOwnerId).toBeNull();
    const o2 = lines(run, 'opportunities').find((l) => l.sourceId === id(2, 2))!;
    expect(o2.record.ownerId).toBeNull();
    expect(o2.record.createdBy).toEqual({ source: 'MANUAL', workspaceMemberId: null, name: '' });
  });

  it('holds back deferred join columns (the pet ↔ rocket cycle)', () => {
    const deferred = plan.order.find((o) => o.object === 'pets')!.deferredFields;
    expect(deferred).toContain('polymorphicOwnerRocketId');
    const [pet] = lines(run, 'pets');
    expect(pet.deferred).toEqual({ polymorphicOwnerRocketId: id(1, 4) });
    expect(pet.record).not.toHaveProperty('polymorphicOwnerRocketId');
    expect(lines(run, 'rockets')[0].record.helpedPetsId).toBe(id(1, 3));
  });

  it('sends invalid records to errors.jsonl with field path, code and message, and lets the rest pass', () => {
    const byRecord = new Map(errors(run).map((e) => [e.recordId, e]));
    expect(byRecord.get(id(3))).toMatchObject({ stage: 'transform', object: 'companies', field: 'domainName.primaryLinkUrl', code: 'DUPLICATE_UNIQUE_VALUE' });
    expect(byRecord.get(id(2, 1))).toMatchObject({ object: 'people', field: 'emails.primaryEmail', code: 'INVALID_EMAIL', message: 'people.emails.primaryEmail: "not-an-email" is not a valid e-mail address' });
    expect(byRecord.get(id(3, 1))).toMatchObject({ field: 'emails.primaryEmail', code: 'DUPLICATE_UNIQUE_VALUE' });
    expect(byRecord.get(id(3, 1))!.message).toContain(id(1, 1));
    expect(byRecord.get(id(4, 1))).toMatchObject({ field: 'jobTitle', code: 'REQUIRED', message: 'people.jobTitle cannot be empty in the target (expected a string)' });
    expect(byRecord.get(id(1, 2))).toMatchObject({ object: 'opportunities', field: 'stage', code: 'INVALID_OPTION' });
    expect(byRecord.get(id(1, 2))!.message).toMatch(/"WON" is not an option in the target \(options: NEW, SCREENING/);
    expect(errors(run)).toHaveLength(5);

    const summary = Object.fromEntries(result.objects.map((o) => [o.object, [o.valid, o.invalid]]));
    expect(summary).toEqual({ companies: [2, 1], people: [1, 3], opportunities: [1, 1], pets: [1, 0], rockets: [1, 0] });
    expect(result.objects.find((o) => o.object === 'companies')!.duplicateIds).toBe(1);
    expect(Object.fromEntries(Object.entries(result.issuesByCode).map(([k, v]) => [k, v.count]))).toEqual({
      DUPLICATE_UNIQUE_VALUE: 2, INVALID_EMAIL: 1, REQUIRED: 1, INVALID_OPTION: 1,
    });
    expect(run.manifest().counts.people).toMatchObject({ transformed: 1, invalid: 3 });
    expect(run.manifest().stages.transform?.status).toBe('completed');
  });

  it('replaces its outputs when run again', async () => {
    await transformRecords({ run, source, target: strictTarget, plan, members: members({ kind: 'empty' }) });
    expect(errors(run)).toHaveLength(5);
    expect(lines(run, 'companies')).toHaveLength(2);
  });

  it('shows member references before and after, for a notebook', async () => {
    const rows = await memberReferencesBeforeAfter({ run, source, members: members({ kind: 'empty' }), objects: ['companies'], limit: 4 });
    expect(rows[0]).toMatchObject({ object: 'companies', path: 'accountOwnerId', beforeMember: 'ann@acme.com', afterMember: 'ann@acme.com', after: ANN_T, outcome: 'mapped' });
    expect(rows.find((r) => r.before === BOB)).toMatchObject({ beforeMember: 'bob@acme.com', after: null, outcome: 'emptied' });
  });
});

describe('transformRecords member policies', () => {
  it.each([
    ['map', { kind: 'map', email: 'ops@acme.com' } as const, OPS_T],
    ['stop', { kind: 'stop' } as const, undefined],
  ])('policy %s', async (_name, policy, want) => {
    const run = tempRun();
    run.appendJsonl([exported(id(7), { name: 'X', accountOwnerId: BOB, tagline: '' }, actor(BOB, 'Bob Ray'))], 'export', 'companies.jsonl');
    const result = await transformRecords({ run, source, target, plan: planFor({ companies: 1 }), members: members(policy) });
    if (want) {
      const [line] = lines(run, 'companies');
      expect(line.record.accountOwnerId).toBe(want);
      expect((line.record.createdBy as { workspaceMemberId: string }).workspaceMemberId).toBe(want);
    } else {
      expect(result.invalid).toBe(1);
      expect(errors(run).map((e) => `${e.field} ${e.code}`).sort()).toEqual(['accountOwnerId MEMBER_UNMATCHED', 'createdBy.workspaceMemberId MEMBER_UNMATCHED']);
      expect(errors(run)[0].message).toMatch(/source member 2{8}-.* has no account in the target and the policy is "stop"/);
    }
  });

  it('says when a member cannot be matched because no e-mail is known for it (CSV files name members by id)', async () => {
    const run = tempRun();
    const NOBODY = '33333333-3333-4333-8333-333333333333';
    run.appendJsonl([exported(id(8), { name: 'Y', accountOwnerId: NOBODY, tagline: '' })], 'export', 'companies.jsonl');
    const result = await transformRecords({ run, source, target, plan: planFor({ companies: 1 }), members: members({ kind: 'stop' }) });
    expect(result.invalid).toBe(1);
    expect(errors(run).find((e) => e.field === 'accountOwnerId')?.message).toBe(`companies.accountOwnerId: source member ${NOBODY} has no known e-mail, so no account in the target can be found for it, and the policy is "stop"`);
  });
});

describe('transformRecords with a target lacking fields and objects', () => {
  it('drops fields the target lacks and empties references to objects not imported', async () => {
    const run = tempRun();
    const noteTarget = exported(id(1, 5), { noteId: id(1, 6), targetPersonId: null, targetPetId: id(1, 3) });
    run.appendJsonl([company(1)], 'export', 'companies.jsonl');
    run.appendJsonl([exported(id(1, 6), { title: 'Call notes', bodyV2: { blocknote: '[]', markdown: '' } })], 'export', 'notes.jsonl');
    run.appendJsonl([noteTarget], 'export', 'noteTargets.jsonl');
    const p = planFor({ companies: 1, notes: 1, noteTargets: 1 });
    const result = await transformRecords({ run, source, target, plan: p, members: members() });
    const companies = result.objects.find((o) => o.object === 'companies')!;
    expect(companies.valid).toBe(1);
    // pets are not imported: the noteTarget's only target is emptied, and it is copied pointing at nothing, as real
    // servers hold such rows.
    const nt = result.objects.find((o) => o.object === 'noteTargets')!;
    expect(nt.nulledReferences).toEqual({ targetPetId: 1 });
    expect(nt.valid).toBe(1);
    expect(existsSync(run.path('errors.jsonl')) ? errors(run) : []).toEqual([]);
  });
});
