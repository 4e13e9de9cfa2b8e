/**
 * Issue 12 in the fast suite: a whole migration from a Twenty 1.2.0 source into a 2.21 target, each its own sandbox
 * (the source with the 1.2 flavour and the seeded-1.2 model, test/sandbox/flavours/v1-2/; the target signed up).
 * Through the target's rows: every source record arrives with its id, createdAt and creator; 1.2's note and task
 * links (`personId`, `companyId`, `petId`…) land in 2.21's morph columns (`targetPersonId`…); the company and person
 * fields 2.x demoted arrive as custom fields with their values; 1.2's string currency micros, midnight dates and
 * legacy rich text arrive in 2.21's shapes; verification passes, with warnings only for what 1.2 cannot give; and a
 * second run writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, migrate, syncStage, type MigrationOptions, type MigrationResult } from '../../sdk/migrate.js';
import { findChanges } from '../../sdk/sync/changes.js';
import { seedWorkspace12 } from '../sandbox/flavours/v1-2/index.js';
import { memberRow } from '../sandbox/members.js';
import type { Row } from '../sandbox/records/table.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';
import { ADMIN, cleanupDirs, issuesOf, optionsBetween, tempDir } from './helpers.js';

/** What the 1.2 seed fills, by nameSingular (views are configuration: reported, not copied). */
const MIGRATED = ['company', 'person', 'opportunity', 'note', 'noteTarget', 'task', 'taskTarget', 'pet', 'rocket', 'surveyResult'];
/** 1.2's link columns of noteTargets and taskTargets, and the 2.21 column each one becomes. */
const LINKS = ['person', 'company', 'opportunity', 'pet', 'rocket', 'surveyResult'].map((n) => [`${n}Id`, `target${n[0].toUpperCase()}${n.slice(1)}Id`] as const);

interface CrossPair {
  source: Sandbox;
  target: Sandbox;
  /** source member id → target member id (all but the last source member have an account in the target) */
  memberMap: Map<string, string>;
  adminId: string;
  close(): Promise<void>;
}

/** A seeded 1.2 source and a signed-up 2.21 target whose members accepted their invitations (all but the last). */
async function startCrossPair(seed: { records: number; seed: number; softDeletedShare: number }): Promise<CrossPair> {
  const source = await startSandbox({ flavour: '1.2', workspaces: [{ name: 'source', model: 'seeded-1.2', rateLimit: false, timeline: false }] });
  const target = await startSandbox({ workspaces: [{ name: 'target', model: 'fresh', rateLimit: false, prefill: 'signup', workflowDelayMs: false }] });
  seedWorkspace12(source.workspace('source'), seed);
  const members = [...source.workspace('source').table('workspaceMember')!.rows.values()];
  const memberMap = new Map<string, string>();
  const joined = members.slice(0, -1).map((m: any) => {
    const row = memberRow(String(m.userEmail).toUpperCase(), m.name.firstName, m.name.lastName);
    memberMap.set(m.id, row.id);
    return row;
  });
  const tws = target.workspace('target');
  tws.insertRaw('workspaceMember', joined);
  const adminId = [...tws.table('workspaceMember')!.rows.values()].find((m) => m.userEmail === ADMIN)!.id as string;
  return { source, target, memberMap, adminId, close: async () => void (await Promise.all([source.close(), target.close()])) };
}

const optionsFor = (pair: CrossPair, runDir: string, extra: Partial<MigrationOptions> = {}): MigrationOptions => optionsBetween(pair.source, pair.target, runDir, extra);

const rowsOf = (sandbox: Sandbox, workspace: string, object: string): Row[] => [...(sandbox.workspace(workspace).table(object)?.rows.values() ?? [])];

describe('a Twenty 1.2.0 source migrated into a 2.21 target', () => {
  let pair: CrossPair;
  let result: MigrationResult;
  let runDir: string;
  /**
   * Record writes reaching the target once the data-model stage is done: not connect's batch-size probe (which
   * writes nothing), not the pause and restore of the target's workflow triggers around the import (sdk/automations).
   */
  const writes: string[] = [];
  let counting = false;
  const log = (line: string) => {
    if (line.startsWith('data model:')) counting = true;
  };

  beforeAll(async () => {
    // No trash here: 1.2's REST cannot list it (see the next describe).
    pair = await startCrossPair({ records: 300, seed: 12, softDeletedShare: 0 });
    pair.target.setFault((r) => {
      if (counting && r.method !== 'GET' && !r.path.includes('/workflowAutomatedTriggers')) writes.push(`${r.method} ${r.path}`);
      return undefined;
    });
    runDir = tempDir();
    result = await migrate(optionsFor(pair, runDir, { log }));
    counting = false;
  }, 60_000);

  afterAll(async () => {
    await pair?.close();
    cleanupDirs();
  });

  const source = (object: string) => rowsOf(pair.source, 'source', object);
  const target = (object: string) => new Map(rowsOf(pair.target, 'target', object).map((r) => [r.id as string, r]));

  it('connects to the source as 1.2.0 and verifies without failures; what 1.2 cannot give is a warning', async () => {
    expect(result.export.exported).toBeGreaterThan(200);
    const report = result.report!;
    const notPassed = report.checklist.filter((c) => c.status !== 'pass');
    const mismatches = report.objects.flatMap((o) => o.fieldMismatches.map((m) => ({ object: o.object, ...m })));
    expect(notPassed.filter((c) => c.status === 'fail'), JSON.stringify({ notPassed, mismatches }, null, 1)).toEqual([]);
    // Dashboards: 1.2 has none, which is nothing missing (a pass that says so). Phone numbers 2.21 would re-parse
    // into another country are left out and reported, record by record, as warnings (sdk/transform/phones.ts).
    const issues = await issuesOf(runDir);
    expect(issues.filter((i) => i.severity !== 'warning' || i.code !== 'PHONE_REFUSED_BY_TARGET')).toEqual([]);
    expect(notPassed.filter((c) => !c.check.includes('Twenty 1.2.0') && c.check !== 'No record rejected')).toEqual([]);
    expect(report.checklist.find((c) => c.check.startsWith('Dashboards'))).toMatchObject({ status: 'pass', detail: 'Twenty 1.2.0 has no dashboards: nothing to migrate' });
    expect(report.objects.every((o) => o.status !== 'fail' && o.found === o.sourceCount)).toBe(true);
    expect(result.status).toBe('ok');
  });

  it('brings every source record with the same id, createdAt and creator (members mapped)', () => {
    const missing: string[] = [];
    const differ: string[] = [];
    for (const object of MIGRATED) {
      const arrived = target(object);
      expect(source(object).length, object).toBeGreaterThan(0);
      for (const row of source(object)) {
        const got = arrived.get(row.id as string);
        if (!got) {
          missing.push(`${object} ${row.id}`);
          continue;
        }
        if (got.createdAt !== row.createdAt) differ.push(`${object} ${row.id} createdAt ${got.createdAt} ≠ ${row.createdAt}`);
        const by = row.createdBy as { source: string; name: string; workspaceMemberId: string | null } | undefined;
        if (!by) continue;
        const member = by.workspaceMemberId ? (pair.memberMap.get(by.workspaceMemberId) ?? pair.adminId) : null;
        const want = { source: by.source, name: by.name, workspaceMemberId: member };
        const have = got.createdBy as typeof want;
        if (JSON.stringify({ source: have.source, name: have.name, workspaceMemberId: have.workspaceMemberId }) !== JSON.stringify(want)) {
          differ.push(`${object} ${row.id} createdBy ${JSON.stringify(have)} ≠ ${JSON.stringify(want)}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(differ).toEqual([]);
  });

  it('writes 1.2 note and task links (personId, companyId, petId…) into 2.21 morph columns (targetPersonId…)', () => {
    for (const [object, parent] of [['noteTarget', 'noteId'], ['taskTarget', 'taskId']] as const) {
      const arrived = target(object);
      let linked = 0;
      for (const row of source(object)) {
        const got = arrived.get(row.id as string)!;
        expect(got[parent], `${object} ${row.id} ${parent}`).toBe(row[parent]);
        for (const [from, to] of LINKS) {
          expect(got[to] ?? null, `${object} ${row.id}: ${from} → ${to}`).toBe(row[from] ?? null);
          if (row[from]) linked += 1;
        }
      }
      expect(linked, `${object} rows with a link`).toBe(source(object).length);
    }
    expect(source('noteTarget').some((r) => r.personId) && source('noteTarget').some((r) => r.companyId)).toBe(true);
  });

  it('creates the fields 2.x demoted (company employees, xLink, annualRecurringRevenue, idealCustomerProfile; person xLink, city) as custom fields, values kept', () => {
    const model = pair.target.workspace('target').model;
    const demoted = { company: ['employees', 'xLink', 'annualRecurringRevenue', 'idealCustomerProfile'], person: ['xLink', 'city'] };
    for (const [object, names] of Object.entries(demoted)) {
      const fields = model.objects.find((o) => o.nameSingular === object)!.fields;
      for (const name of names) {
        const field = fields.find((f) => f.name === name);
        expect(field, `${object}.${name} in the target`).toBeDefined();
        expect(field!.applicationId, `${object}.${name} is custom`).toBe(model.customApplicationId);
      }
      const arrived = target(object);
      for (const row of source(object)) {
        const got = arrived.get(row.id as string)!;
        for (const name of names) {
          const want = name === 'annualRecurringRevenue' ? micros(row[name]) : row[name];
          expect(name === 'annualRecurringRevenue' ? micros(got[name]) : got[name], `${object} ${row.id} ${name}`).toEqual(want);
        }
      }
    }
    expect(source('company').some((r) => typeof r.employees === 'number')).toBe(true);
  });

  it('turns 1.2 string currency micros into numbers', async () => {
    // The source answers them as strings (as 1.2's driver does), though it stores numbers.
    const answer: any = await (await fetch(`${pair.source.url}/rest/opportunities?limit=0`, { headers: { authorization: `Bearer ${pair.source.workspace('source').apiKey}` } })).json();
    expect(answer.data.opportunities.some((o: any) => typeof o.amount.amountMicros === 'string')).toBe(true);
    const arrived = target('opportunity');
    let amounts = 0;
    for (const row of source('opportunity')) {
      const want = (row.amount as { amountMicros: number | null }).amountMicros;
      const got = (arrived.get(row.id as string)!.amount as { amountMicros: unknown }).amountMicros;
      if (want === null) continue;
      expect(typeof got, `opportunity ${row.id}`).toBe('number');
      expect(got).toBe(want);
      amounts += 1;
    }
    expect(amounts).toBeGreaterThan(5);
  });

  it('brings note and task bodies (RICH_TEXT_V2) as {blocknote, markdown}, legacy rich text as {blocknote}, dates as dates', () => {
    for (const object of ['note', 'task']) {
      const arrived = target(object);
      for (const row of source(object)) {
        const body = row.bodyV2 as { blocknote: string | null; markdown: string | null };
        const got = arrived.get(row.id as string)!.bodyV2 as typeof body;
        if (!body?.blocknote) continue;
        expect(got, `${object} ${row.id}`).toMatchObject({ blocknote: body.blocknote, markdown: expect.any(String) });
      }
    }
    const pets = target('pet');
    for (const row of source('pet')) {
      const got = pets.get(row.id as string)!;
      if (typeof row.bio === 'string' && row.bio) expect((got.bio as { blocknote: string }).blocknote, `pet ${row.id} bio`).toBe(row.bio);
      if (row.birthday) expect(got.birthday, `pet ${row.id} birthday`).toBe(row.birthday);
    }
  });

  it('a second run in the same folder writes nothing and changes no row', async () => {
    const snapshot = Object.fromEntries(MIGRATED.map((o) => [o, [...target(o).values()].map((r) => JSON.stringify(r)).sort()]));
    expect(writes.length, 'the first run wrote every object').toBeGreaterThanOrEqual(MIGRATED.length);
    writes.length = 0;
    const again = await migrate(optionsFor(pair, runDir, { log }));
    counting = false;
    expect(again.import!.objects.reduce((n, o) => n + o.imported, 0)).toBe(0);
    expect(writes).toEqual([]);
    expect(Object.fromEntries(MIGRATED.map((o) => [o, [...target(o).values()].map((r) => JSON.stringify(r)).sort()]))).toEqual(snapshot);
  });

  it('finds a record trashed in the 1.2 source since the migration, through GraphQL (1.2 REST never lists the trash)', async () => {
    const row = source('company').find((r) => !r.deletedAt)!;
    row.deletedAt = new Date().toISOString(); // as 1.2's own soft delete leaves it (this flavour takes no writes)
    try {
      const report = await findChanges(await connect(optionsFor(pair, runDir)));
      expect(report.objects.find((o) => o.object === 'companies')!.source.trashed).toEqual([row.id]);
      expect(report.checklist[0]).toMatch(/1 trashed/);
    } finally {
      row.deletedAt = null;
    }
  });

  it('syncs what changed in the 1.2 source since: an edit converted as in run, a record trashed (read through GraphQL)', async () => {
    const now = new Date(Date.now() + 1_000).toISOString();
    const company = source('company').find((r) => !r.deletedAt)!;
    const person = source('person').find((r) => !r.deletedAt)!;
    // as 1.2's own writes leave them (this flavour takes no writes)
    Object.assign(company, { name: 'Renamed in the 1.2 source', updatedAt: now });
    Object.assign(person, { deletedAt: now, updatedAt: now });
    const r = await syncStage(await connect(optionsFor(pair, runDir)), { settle: { intervalMs: 10, timeoutMs: 200 } });
    expect(r.objects.find((o) => o.object === 'companies')).toMatchObject({ updated: 1 });
    expect(r.objects.find((o) => o.object === 'people')).toMatchObject({ trashed: 1 });
    expect(target('company').get(company.id as string)?.name).toBe('Renamed in the 1.2 source');
    expect(target('person').get(person.id as string)?.deletedAt).toBeTruthy();
    expect(r.verify).toMatchObject({ status: 'pass', problems: [] });
    const again = await syncStage(await connect(optionsFor(pair, runDir)), { settle: { intervalMs: 10, timeoutMs: 200 } });
    expect(again.import).toBeUndefined();
  });
});

/**
 * A 1.2 source's trash. 1.2's REST lists no soft-deleted record (`deletedAt[is]:NOT_NULL` answers []; recorded),
 * so a run asked to include the trash (`includeDeleted`) has to read it another way (1.2's GraphQL `/graphql` can,
 * with `filter: {deletedAt: {is: NOT_NULL}}`; the sandbox's 1.2 flavour does not serve `/graphql` yet).
 */
describe('a Twenty 1.2.0 source with records in its trash', () => {
  let pair: CrossPair;
  let result: MigrationResult;

  beforeAll(async () => {
    pair = await startCrossPair({ records: 150, seed: 13, softDeletedShare: 0.06 });
    result = await migrate(optionsFor(pair, tempDir()));
  }, 60_000);

  afterAll(async () => {
    await pair?.close();
    cleanupDirs();
  });

  it('brings the trashed records too, into the target\'s trash', () => {
    const trashed = MIGRATED.flatMap((o) => rowsOf(pair.source, 'source', o).filter((r) => r.deletedAt).map((r) => [o, r.id as string] as const));
    expect(trashed.length).toBeGreaterThan(3);
    expect(result.export.exported).toBeGreaterThan(100);
    const lost = trashed.filter(([o, id]) => !pair.target.workspace('target').table(o)?.rows.get(id)?.deletedAt);
    expect(lost, `${lost.length} of ${trashed.length} trashed source records are not in the target's trash`).toEqual([]);
  });
});

/** CURRENCY amountMicros as a number (1.2 answers a string), for comparing the two sides. */
function micros(value: unknown): unknown {
  const v = value as { amountMicros?: unknown; currencyCode?: unknown } | null;
  if (!v) return v;
  return { amountMicros: v.amountMicros === null || v.amountMicros === undefined ? null : Number(v.amountMicros), currencyCode: v.currencyCode || null };
}
