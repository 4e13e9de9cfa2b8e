/**
 * `csv import` end to end on the sandbox: the files `csv export` writes from a seeded source, imported into a fresh
 * target through the API path's own pipeline. Ids and creation dates kept, members mapped by the e-mail columns,
 * verify green; a second run writes nothing; a run stopped midway resumes without duplicates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../sdk/migrate.js';
import { csvExport, type CsvExportResult } from '../../sdk/csv/export.js';
import { csvImport, type CsvImportResult } from '../../sdk/csv/import.js';
import { cleanupDirs, migrationOptions, startPair, tempDir, type Pair } from '../migrate/helpers.js';
import { isMemberEmailColumn, keepColumns } from './reshape.js';
import { join } from 'node:path';

let pair: Pair;
let files: CsvExportResult;
let runDir: string;
let first: CsvImportResult;
const OBJECTS = ['companies', 'people', 'opportunities', 'notes', 'noteTargets'];
const live = (side: 'source' | 'target', o: string) => [...pair.sandbox.workspace(side).table(o)!.rows.values()].filter((r) => !r.deletedAt);
const open = async () => connect(migrationOptions(pair, tempDir()));

beforeAll(async () => {
  pair = await startPair({ records: 150, seed: 61, target: { workflowDelayMs: false } });
  files = await csvExport((await open()).source, { dir: `${tempDir()}/csv`, objects: OBJECTS });
  runDir = tempDir();
  // given in the wrong order on purpose: the relation graph decides
  first = await csvImport((await open()).target, files.files.map((f) => f.file).reverse(), { runDir, onUnmatchedMember: { kind: 'empty' }, settle: { intervalMs: 10, timeoutMs: 200 } });
}, 120_000);

afterAll(async () => {
  await pair?.close();
  cleanupDirs();
});

describe('csv import', () => {
  it('imports every row of every file, in relation order, and verifies green', () => {
    expect(first.status).toBe('ok');
    const order = first.plan.order.map((o) => o.object);
    expect(order.indexOf('companies')).toBeLessThan(order.indexOf('people'));
    expect(order.indexOf('people')).toBeLessThan(order.indexOf('opportunities'));
    expect(order.indexOf('notes')).toBeLessThan(order.indexOf('noteTargets'));
    for (const [o, singular] of [['companies', 'company'], ['people', 'person'], ['opportunities', 'opportunity']] as const) {
      const wanted = live('source', singular);
      const got = new Map(live('target', singular).map((r) => [r.id, r]));
      expect({ o, missing: wanted.filter((r) => !got.has(r.id)).length }).toEqual({ o, missing: 0 });
      void o;
    }
    expect(first.report?.status).toBe('pass');
  });

  it('keeps ids, creation dates, relations, and maps members by their e-mail columns', () => {
    const people = new Map(live('target', 'person').map((r) => [r.id, r]));
    // a company in the source's trash is in no file: the link to it is listed in the plan and left empty
    const liveCompanies = new Set(live('source', 'company').map((c) => c.id));
    expect(first.csv.danglingReferences.filter((d) => d.object === 'companies').every((d) => !liveCompanies.has(d.id))).toBe(true);
    for (const p of live('source', 'person').filter((x) => !x.companyId || liveCompanies.has(x.companyId)).slice(0, 50)) {
      const t = people.get(p.id)!;
      expect({ id: p.id, createdAt: t.createdAt, companyId: t.companyId, name: t.name }).toEqual({ id: p.id, createdAt: p.createdAt, companyId: p.companyId, name: p.name });
    }
    const companies = new Map(live('target', 'company').map((r) => [r.id, r]));
    const owned = live('source', 'company').filter((c) => c.accountOwnerId && pair.memberMap[c.accountOwnerId as string]);
    expect(owned.length).toBeGreaterThan(0);
    for (const c of owned) expect(companies.get(c.id)!.accountOwnerId).toBe(pair.memberMap[c.accountOwnerId as string]);
  });

  it('carries the links of notes (their targets\' morph columns), which Twenty\'s own CSV leaves empty', () => {
    const targets = new Map(live('target', 'noteTarget').map((r) => [r.id, r]));
    const linked = live('source', 'noteTarget').filter((t) => t.targetPersonId || t.targetCompanyId || t.targetOpportunityId);
    expect(linked.length).toBeGreaterThan(0);
    for (const t of linked) {
      const got = targets.get(t.id);
      if (!got) continue; // a link to a record in the source's trash is in no file
      expect({ person: got.targetPersonId, company: got.targetCompanyId, opportunity: got.targetOpportunityId }).toEqual({ person: t.targetPersonId ?? null, company: t.targetCompanyId ?? null, opportunity: t.targetOpportunityId ?? null });
    }
  });

  it('says what CSV cannot carry', () => {
    expect(first.notCarried.join('\n')).toMatch(/attachments: in no file .*set SOURCE_URL and SOURCE_API_KEY and add --fill-from-source/);
  });

  it('run again, it writes nothing', async () => {
    const again = await csvImport((await open()).target, files.files.map((f) => f.file), { runDir, settle: { intervalMs: 10, timeoutMs: 200 } });
    expect(again.status).toBe('ok');
    expect(again.import!.objects.reduce((n, o) => n + o.imported + o.merged, 0)).toBe(0);
  });

  it('stopped midway, it resumes: no duplicates', async () => {
    const p2 = await startPair({ records: 150, seed: 62, target: { workflowDelayMs: false } });
    try {
      const o = async () => connect(migrationOptions(p2, tempDir()));
      const f = await csvExport((await o()).source, { dir: `${tempDir()}/csv`, objects: OBJECTS });
      const dir = tempDir();
      const stop = new AbortController();
      let posts = 0;
      p2.sandbox.setFault(({ method, workspace }) => {
        if (workspace === 'target' && method === 'POST' && ++posts === 3) stop.abort(new Error('killed'));
        return undefined;
      });
      await expect(csvImport((await o()).target, f.files.map((x) => x.file), { runDir: dir, onUnmatchedMember: { kind: 'empty' }, signal: stop.signal, settle: { intervalMs: 10, timeoutMs: 200 } })).rejects.toThrow();
      p2.sandbox.setFault(undefined);
      const r = await csvImport((await o()).target, f.files.map((x) => x.file), { runDir: dir, settle: { intervalMs: 10, timeoutMs: 200 } });
      expect(r.status).toBe('ok');
      const count = (ws: 'source' | 'target', s: string) => [...p2.sandbox.workspace(ws).table(s)!.rows.values()].filter((x) => !x.deletedAt).length;
      for (const s of ['company', 'person', 'opportunity']) expect({ s, n: count('target', s) }).toEqual({ s, n: count('source', s) });
    } finally {
      await p2.close();
    }
  }, 120_000);
});

describe('csv import: member ids without e-mail columns', () => {
  it('an id with no e-mail anywhere stops the run before it writes; a members file may list members no record names', async () => {
    const p = await startPair({ records: 40, seed: 63, accepted: 'all', target: { workflowDelayMs: false } });
    try {
      const o = async () => connect(migrationOptions(p, tempDir()));
      const exported = await csvExport((await o()).source, { dir: `${tempDir()}/csv`, objects: ['companies'] });
      // the file as Twenty's own export writes it: member ids, no e-mail columns
      const bare = join(tempDir(), 'company.csv');
      expect(keepColumns(exported.files[0].file, bare, (h, all) => !isMemberEmailColumn(h, all))).toBeGreaterThan(0);
      const companies = () => [...p.sandbox.workspace('target').table('company')!.rows.values()].length;
      const before = companies();

      const stopped = await csvImport((await o()).target, [bare], { runDir: tempDir(), settle: { intervalMs: 10, timeoutMs: 200 } });
      expect(stopped.status).toBe('needs-action');
      expect(stopped.plan.blockers.join('\n')).toMatch(/no e-mail known/);
      expect(companies()).toBe(before);

      // What an admin copies from the old server's member list: everyone, including one who left and owns nothing.
      const emails = new Map([...p.sandbox.workspace('source').table('workspaceMember')!.rows.values()].map((m) => [String(m.id), String(m.userEmail)]));
      emails.set('20202020-0000-4000-8000-00000000dead', 'left-the-company@example.org');
      const r = await csvImport((await o()).target, [bare], { runDir: tempDir(), memberEmails: emails, settle: { intervalMs: 10, timeoutMs: 200 } });
      expect(r.status).toBe('ok');
      expect(r.members.unmatched.map((m) => m.id)).toEqual(['20202020-0000-4000-8000-00000000dead']);
      const owned = [...p.sandbox.workspace('source').table('company')!.rows.values()].filter((c) => !c.deletedAt && c.accountOwnerId);
      expect(owned.length).toBeGreaterThan(0);
      const got = p.sandbox.workspace('target').table('company')!.rows;
      for (const c of owned) expect(got.get(c.id as string)?.accountOwnerId).toBe(p.memberMap[c.accountOwnerId as string]);
    } finally {
      await p.close();
    }
  }, 120_000);
});
