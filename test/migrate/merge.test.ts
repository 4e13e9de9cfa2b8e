/**
 * Acceptance 6: a target that is not empty. A signed-up workspace holds Twenty's example records (Airbnb, Brian
 * Chesky…) and two ACTIVE workflows.
 * - Merge: a source company with the domain of an example company, and a source person with the e-mail of an
 *   example person, are merged into those records by the upsert; records pointing at them are re-pointed to the
 *   target's ids; the merges are reported; verification is green.
 * - Workflows: the plan warns about the active record-triggered workflow before anything is written; once the
 *   target's "Create company when adding a new person" has rewritten imported people, verification reports them as
 *   changed after import (and their companyId as different from what was sent).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, migrate, verifyStage, type MigrationResult } from '../../sdk/migrate.js';
import type { VerificationReport } from '../../sdk/verify/index.js';
import { cleanupDirs, idFrom, migratedObjects, migrationOptions, startPair, tempDir, type Pair } from './helpers.js';

afterAll(cleanupDirs);

/** Ids Twenty hard-codes for its example records (prefill-companies.util.ts, prefill-people.util.ts). */
const AIRBNB = 'c776ee49-f608-4a77-8cc8-6fe96ae1e43f';
const BRIAN = 'a2e78a5e-338b-46df-8811-fa08c7d19d35';

const ours = {
  company: idFrom('merge:company-airbnb'),
  people: [idFrom('merge:person-1'), idFrom('merge:person-2')],
  brian: idFrom('merge:person-brian'),
  opportunity: idFrom('merge:opportunity'),
  noteTarget: idFrom('merge:note-target'),
};

describe('merging into a signed-up target', () => {
  let pair: Pair;
  let result: MigrationResult;

  beforeAll(async () => {
    pair = await startPair({ records: 250, seed: 3, target: { prefill: 'signup', workflowDelayMs: false } });
    const source = pair.sandbox.workspace('source');
    const first = (o: string) => structuredClone([...source.table(o)!.rows.values()].find((r) => !r.deletedAt)!);
    const withAvatar = [...source.table('person')!.rows.values()].find((r) => !r.deletedAt && Array.isArray(r.avatarFile) && r.avatarFile.length);
    expect(withAvatar, 'the seed has a person with an avatar').toBeDefined();
    source.insertRaw('company', [{ ...first('company'), id: ours.company, name: 'Airbnb, Inc.', domainName: { primaryLinkUrl: 'https://airbnb.com', primaryLinkLabel: '', secondaryLinks: [] } }]);
    source.insertRaw('person', [
      ...ours.people.map((id, i) => ({ ...first('person'), id, companyId: ours.company, emails: { primaryEmail: `host${i}@airbnb.com`, additionalEmails: [] } })),
      // With an avatar: the files of a merged record live under the target record's id (verify looks them up there).
      { ...first('person'), id: ours.brian, companyId: ours.company, name: { firstName: 'Brian', lastName: 'Chesky (source)' }, emails: { primaryEmail: 'chesky@airbnb.com', additionalEmails: [] }, avatarFile: withAvatar?.avatarFile ?? [] },
    ]);
    source.insertRaw('opportunity', [{ ...first('opportunity'), id: ours.opportunity, companyId: ours.company, pointOfContactId: ours.brian }]);
    const noteTarget = first('noteTarget');
    const targets = Object.fromEntries(Object.keys(noteTarget).filter((k) => k.startsWith('target') && k.endsWith('Id')).map((k) => [k, null]));
    source.insertRaw('noteTarget', [{ ...noteTarget, ...targets, id: ours.noteTarget, targetCompanyId: ours.company }]);
    result = await migrate(migrationOptions(pair, tempDir()));
  }, 60_000);

  afterAll(() => pair?.close());

  it('reports the merges, with the value that matched', () => {
    expect(result.status).toBe('ok');
    expect(result.import!.merges).toEqual(expect.arrayContaining([
      { object: 'companies', sourceId: ours.company, targetId: AIRBNB, matched: { field: 'domainName.primaryLinkUrl', value: 'https://airbnb.com' } },
      { object: 'people', sourceId: ours.brian, targetId: BRIAN, matched: { field: 'emails.primaryEmail', value: 'chesky@airbnb.com' } },
    ]));
    expect(result.import!.merges).toHaveLength(2);
    expect(result.import!.objects.find((o) => o.object === 'companies')!.merged).toBe(1);
  });

  it('re-points every reference to the merged records and creates no duplicate', () => {
    const target = pair.sandbox.workspace('target');
    expect(target.table('company')!.rows.has(ours.company)).toBe(false);
    expect(target.table('person')!.rows.has(ours.brian)).toBe(false);
    for (const id of ours.people) expect(target.table('person')!.rows.get(id)?.companyId).toBe(AIRBNB);
    expect(target.table('opportunity')!.rows.get(ours.opportunity)).toMatchObject({ companyId: AIRBNB, pointOfContactId: BRIAN });
    expect(target.table('noteTarget')!.rows.get(ours.noteTarget)).toMatchObject({ targetCompanyId: AIRBNB });
    // The merged records hold the source's values now (the upsert updates the match).
    expect(target.table('company')!.rows.get(AIRBNB)).toMatchObject({ name: 'Airbnb, Inc.' });
    expect(target.table('person')!.rows.get(BRIAN)).toMatchObject({ name: { lastName: 'Chesky (source)' } });
    // Counts: the source's records, plus the example records, minus the two merged into them.
    const source = pair.sandbox.workspace('source');
    const total = (ws: typeof source, o: string) => ws.count(o).active + ws.count(o).deleted;
    expect(total(target, 'company')).toBe(total(source, 'company') + 5 - 1);
    expect(total(target, 'person')).toBe(total(source, 'person') + 5 - 1);
    expect(total(target, 'opportunity')).toBe(total(source, 'opportunity') + 6);
    for (const o of migratedObjects(pair.sandbox).filter((x) => !['company', 'person', 'opportunity', 'dashboard', 'workflow'].includes(x))) {
      expect({ o, n: total(target, o) }).toEqual({ o, n: total(source, o) });
    }
  });

  it('verifies green, merged records included', () => {
    const report = result.report!;
    expect(report.checklist.find((c) => /Every file copied/.test(c.check))).toMatchObject({ status: 'pass' });
    expect(report.status).toBe('pass');
    const companies = report.objects.find((o) => o.object === 'companies')!;
    expect(companies).toMatchObject({ status: 'pass', danglingReferences: [], fieldMismatches: [] });
    expect(companies.found).toBe(companies.imported);
  });
});

describe("the target's active workflows, protected by default", () => {
  let pair: Pair;
  let result: MigrationResult;
  let report: VerificationReport;
  let runDir: string;
  const movedPerson = idFrom('workflow:person-at-stripe');

  beforeAll(async () => {
    pair = await startPair({ records: 200, seed: 9, target: { prefill: 'signup', workflowDelayMs: 5 } });
    const source = pair.sandbox.workspace('source');
    const person = structuredClone([...source.table('person')!.rows.values()].find((r) => !r.deletedAt && r.companyId)!);
    source.insertRaw('person', [{ ...person, id: movedPerson, emails: { primaryEmail: 'treasurer@stripe.com', additionalEmails: [] } }]);
    runDir = tempDir();
    result = await migrate(migrationOptions(pair, runDir));
    await pair.sandbox.workspace('target').settled();
    report = await verifyStage(await connect(migrationOptions(pair, runDir)));
  }, 60_000);

  afterAll(() => pair?.close());

  it("pauses the workflow's trigger while records are written, and restores exactly it", () => {
    expect(result.automations).toMatchObject({ mode: 'paused' });
    expect(result.automations!.paused.map((t) => t.workflowName)).toEqual(['Create company when adding a new person']);
    const target = pair.sandbox.workspace('target');
    const triggers = [...target.table('workflowAutomatedTrigger')!.rows.values()];
    expect(triggers).toHaveLength(1);
    expect(triggers[0].deletedAt).toBeNull();
    const state = JSON.parse(readFileSync(join(runDir, 'automations.json'), 'utf8'));
    expect(state).toMatchObject({ state: 'restored', paused: [{ id: triggers[0].id }] });
    // The workflow itself was never touched: still ACTIVE.
    const workflow = [...target.table('workflow')!.rows.values()].find((w) => w.id === triggers[0].workflowId)!;
    expect(workflow.statuses).toEqual(['ACTIVE']);
  });

  it('no imported record was rewritten, and no run started', () => {
    const target = pair.sandbox.workspace('target');
    expect(target.table('person')!.rows.get(movedPerson)!.updatedBy).toMatchObject({ source: 'API' });
    expect(target.count('workflowRun').active).toBe(0);
    expect(report.objects.find((o) => o.object === 'people')!.changedAfterImport).toEqual([]);
    expect(report.checklist.find((c) => /rewritten by the target's automations/.test(c.check))).toMatchObject({ status: 'pass' });
    expect(report.checklist.find((c) => /still pending/.test(c.check))).toMatchObject({ status: 'pass' });
    expect(report.status).toBe('pass');
  });

  it('the trigger works again after the migration', async () => {
    const target = pair.sandbox.workspace('target');
    const before = target.count('workflowRun').active;
    const res = await fetch(`${pair.sandbox.url}/rest/people`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${target.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: { firstName: 'After', lastName: 'Migration' }, emails: { primaryEmail: 'after@after-migration.test', additionalEmails: [] } }),
    });
    expect(res.status).toBe(201);
    expect(target.count('workflowRun').active).toBe(before + 1);
  });
});

describe("the target's active workflows, left running with allowActiveWorkflows", () => {
  let pair: Pair;
  let result: MigrationResult;
  let report: VerificationReport;
  let runDir: string;

  const movedPerson = idFrom('workflow:person-at-stripe');
  let ownCompany: string;

  beforeAll(async () => {
    pair = await startPair({ records: 200, seed: 9, target: { prefill: 'signup', workflowDelayMs: 5 } });
    // A source person working at one of our companies, with an e-mail at stripe.com (an example company of the target).
    const source = pair.sandbox.workspace('source');
    const person = structuredClone([...source.table('person')!.rows.values()].find((r) => !r.deletedAt && r.companyId)!);
    ownCompany = person.companyId as string;
    source.insertRaw('person', [{ ...person, id: movedPerson, emails: { primaryEmail: 'treasurer@stripe.com', additionalEmails: [] } }]);
    runDir = tempDir();
    result = await migrate(migrationOptions(pair, runDir, { allowActiveWorkflows: true }));
    // The workflow runs a few ms after each person write; verify once every run has finished.
    await pair.sandbox.workspace('target').settled();
    report = await verifyStage(await connect(migrationOptions(pair, runDir)));
  }, 60_000);

  afterAll(() => pair?.close());

  it('are warned about by the plan before anything is written', () => {
    expect(result.automations).toMatchObject({ mode: 'allowed' });
    const warning = result.plan.warnings.find((w) => w.includes('Create company when adding a new person'));
    expect(warning).toBeDefined();
    expect(warning).toMatch(/person/);
    expect(result.plan.ready).toBe(true);
  });

  it('people rewritten by a workflow after import are caught by verify, and fail it', () => {
    const target = pair.sandbox.workspace('target');
    const people = report.objects.find((o) => o.object === 'people')!;
    expect(people.changedAfterImport.length).toBeGreaterThan(0);
    // Each one really was rewritten by the workflow: its updatedBy is the workflow's actor, not the migration's key.
    for (const c of people.changedAfterImport.slice(0, 10)) {
      const row = target.table('person')!.rows.get(c.recordId)!;
      expect(new Date(c.updatedAt).getTime()).toBeGreaterThan(new Date(c.importedAt).getTime());
      expect((row.updatedBy as { source: string }).source).not.toBe('API');
      expect(c.by?.source).toBe((row.updatedBy as { source: string }).source);
    }
    // The person the workflow moved to the target's Stripe: reported with the field it changed.
    const moved = people.changedAfterImport.find((c) => c.recordId === movedPerson);
    expect(moved?.fields).toEqual(['companyId']);
    expect(target.table('person')!.rows.get(movedPerson)!.companyId).not.toBe(ownCompany);
    expect(people.fieldMismatches).toEqual([]);
    expect(report.checklist.find((c) => /changed by the target after import/.test(c.check))!.status).toBe('warn');
    // A change made by an automation is damage: the check that names it fails.
    expect(report.checklist.find((c) => /rewritten by the target's automations/.test(c.check))!.status).toBe('fail');
    expect(report.status).toBe('fail');
  });
});
