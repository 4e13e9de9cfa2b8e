/**
 * The sandbox's 1.2 flavour does what a real Twenty 1.2.0 server did in every exchange recorded by
 * scripts/real/record-1.2.ts (test/fixtures/real-1.2/): each request is sent again, to a 1.2-flavoured sandbox whose
 * workspace has the recorded data model (seeded-1.2) and the recorded records (plus fillers up to the recorded
 * totals), and the answer must equal the recording: status, error bodies exactly, and every value of every answer,
 * with metadata ids mapped to the sandbox's and values a real server makes up per run (timestamps, search vectors)
 * compared by type, as the 2.21 replay does (replay/compare.ts). Then the seeded 1.2 workspace (what the fast suite
 * migrates) is checked to hold records of the recorded shape, and the SDK's connect and schema read to find in the
 * sandbox what they find on the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectServer } from '../../sdk/client/index.js';
import { readWorkspaceSchema } from '../../sdk/metadata/index.js';
import { seedWorkspace12 } from './flavours/v1-2/index.js';
import { diffBodies, mapIds, METADATA_ID_KEYS, type CompareOptions } from './replay/compare.js';
import { primeWorkspace12, recordedMetadataIds, recording12, type Exchange12 } from './replay/real-1.2.js';
import { startSandbox, type Sandbox } from './server.js';

const schemaExchanges = recording12('connect-and-schema');
const recordExchanges = recording12('records');
const label = (e: Exchange12) => `${e.method} ${e.path.slice(0, 90)}${e.body?.query ? ` ${e.body.query.replace(/\s+/g, ' ').slice(0, 60)}` : ''}`;

let sandbox: Sandbox;
const ids = recordedMetadataIds('source');
/** `dataSourceId` names a metadata entity too */
const BY_ID: CompareOptions = { values: true, ids, byType: new Set([...METADATA_ID_KEYS, 'dataSourceId']) };

beforeAll(async () => {
  sandbox = await startSandbox({
    flavour: '1.2',
    workspaces: [
      { name: 'source', model: 'seeded-1.2', rateLimit: false, timeline: false, apiKeyName: 'fixture-source' },
      { name: 'seeded', model: 'seeded-1.2', rateLimit: false, timeline: false },
    ],
  });
  primeWorkspace12(sandbox.workspace('source'), recordExchanges);
  seedWorkspace12(sandbox.workspace('seeded'), { records: 300, seed: 12 });
});

afterAll(async () => {
  await sandbox?.close();
});

async function send(e: Exchange12, workspace = 'source'): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sandbox.url}${mapIds(e.path, ids)}`, {
    method: e.method,
    headers: { authorization: `Bearer ${sandbox.workspace(workspace).apiKey}`, ...(e.body ? { 'content-type': 'application/json' } : {}) },
    body: e.body ? JSON.stringify(e.body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

/** The list a `{data:{<key>:[…]}}` answer holds, if any. */
const listOf = (body: any): any[] | undefined => {
  const data = body?.data;
  const inner = data && typeof data === 'object' && !Array.isArray(data) ? Object.values(data)[0] : undefined;
  return Array.isArray(inner) ? inner : undefined;
};

/** Every recorded item against the sandbox item of the same (mapped) id or name; diffBodies compares arrays by their first. */
function diffEveryItem(recorded: any[], actual: any[], options: CompareOptions, path: string): string[] {
  return recorded.flatMap((r, i) => {
    const same = actual.find((a) => (r.id && a.id === (ids.get(r.id) ?? r.id)) || (!r.id && r.nameSingular && a.nameSingular === r.nameSingular));
    return same ? diffBodies(r, same, options, `${path}[${i}]`) : [`${path}[${i}]: no ${r.nameSingular ?? r.name ?? r.id} in the sandbox`];
  });
}

function compare(e: Exchange12, got: { status: number; body: any }, options: CompareOptions = BY_ID) {
  expect(got.status, JSON.stringify(got.body).slice(0, 400)).toBe(e.status);
  if (e.status >= 400 || e.response?.errors) return expect(got.body).toEqual(e.response);
  // Cursors are compared by type in diffBodies (they differ per run on 2.21); 1.2's are made from ids and offsets.
  if (e.response?.pageInfo) expect(got.body.pageInfo).toEqual(e.response.pageInfo);
  const recorded = listOf(e.response);
  if (recorded) {
    const actual = listOf(got.body)!;
    expect(actual.length).toBe(e.trimmed?.items ?? recorded.length);
    expect(diffEveryItem(recorded, actual, options, '$.data')).toEqual([]);
    return expect(diffBodies({ ...e.response, data: {} }, { ...got.body, data: {} }, options)).toEqual([]);
  }
  expect(diffBodies(e.response, got.body, options)).toEqual([]);
}

describe('connect and schema, recorded on a real Twenty 1.2.0', () => {
  it('has recordings', () => expect(schemaExchanges.length).toBeGreaterThan(5));

  it.each(schemaExchanges.filter((e) => !e.body?.query?.includes('TwentyMigrateSchemaTree')).map((e) => [label(e), e] as const))('%s', async (_l, e) => {
    compare(e, await send(e));
  });

  it('POST /metadata TwentyMigrateSchemaTree: every object and every field as recorded', async () => {
    const e = schemaExchanges.find((x) => x.body?.query?.includes('TwentyMigrateSchemaTree'))!;
    const got = await send(e);
    expect(got.status).toBe(200);
    const nodes = (b: any) => b.data.objects.edges.map((x: any) => x.node);
    const [recorded, actual] = [nodes(e.response), nodes(got.body)];
    // In id order, descending, as recorded: the sandbox's ids are not the real server's, so the order differs.
    const names = (list: any[]) => list.map((o) => o.nameSingular).sort();
    expect(names(actual)).toEqual(names(recorded));
    const problems = recorded.flatMap((o: any, i: number) => {
      const mine = actual.find((a: any) => a.id === ids.get(o.id));
      if (!mine) return [`no object ${o.nameSingular}`];
      const strip = (x: any) => ({ ...x, fields: null });
      const fields = (x: any) => x.fields.edges.map((f: any) => f.node);
      return [...diffBodies(strip(o), strip(mine), BY_ID, `$.objects[${i}]`), ...diffEveryItem(fields(o), fields(mine), BY_ID, `$.${o.nameSingular}.fields`)];
    });
    expect(problems).toEqual([]);
    expect(actual.reduce((n: number, o: any) => n + o.fields.edges.length, 0)).toBe(547);
  });
});

describe('records, paging and errors, recorded on a real Twenty 1.2.0', () => {
  it('has recordings', () => expect(recordExchanges.length).toBeGreaterThan(20));

  const roles = (e: Exchange12) => e.body?.query?.includes('getRoles') && !e.response.errors;
  it.each(recordExchanges.filter((e) => !roles(e) && !e.path.endsWith('/apiKeys')).map((e) => [label(e), e] as const))('%s', async (_l, e) => {
    compare(e, await send(e));
  });

  it('GET /rest/metadata/apiKeys: a bare list of the workspace\'s keys (the sandbox has its own one)', async () => {
    const e = recordExchanges.find((x) => x.path === '/rest/metadata/apiKeys')!;
    const got = await send(e);
    expect(got.status).toBe(200);
    expect(got.body.map((k: any) => k.name)).toEqual(['fixture-source']);
    expect(diffBodies(e.response, got.body, { values: false })).toEqual([]);
  });

  it('getRoles in 1.2\'s shape (the 2.x keys refused): every recorded role, by label', async () => {
    const e = recordExchanges.find(roles)!;
    const got = await send(e);
    expect(got.status).toBe(200);
    const byLabel = (b: any) => new Map<string, unknown>(b.data.getRoles.map((r: any) => [r.label, r]));
    const [recorded, mine] = [byLabel(e.response), byLabel(got.body)];
    expect([...mine.keys()].sort()).toEqual([...recorded.keys()].sort());
    const options: CompareOptions = { values: true, ids, byType: new Set(['id']) };
    expect([...recorded].flatMap(([name, role]) => diffBodies(role, mine.get(name), options, name))).toEqual([]);
  });
});

describe('the seeded 1.2 workspace (what the fast suite migrates)', () => {
  /** Keys equal at every level; JSON types equal wherever both sides hold a value (a seed leaves other fields empty). */
  function shapeDiff(recorded: unknown, actual: unknown, path: string, opaque = new Set<string>()): string[] {
    if (recorded === null || actual === null || opaque.has(path)) return [];
    const type = (v: unknown) => (Array.isArray(v) ? 'array' : typeof v);
    if (type(recorded) !== type(actual)) return [`${path}: recorded ${type(recorded)} ${JSON.stringify(recorded).slice(0, 60)}, seeded ${type(actual)} ${JSON.stringify(actual).slice(0, 60)}`];
    if (Array.isArray(recorded)) return recorded.length && (actual as unknown[]).length ? shapeDiff(recorded[0], (actual as unknown[])[0], `${path}[0]`) : [];
    if (typeof recorded !== 'object') return [];
    const [r, a] = [recorded as Record<string, unknown>, actual as Record<string, unknown>];
    const keys = [...new Set([...Object.keys(r), ...Object.keys(a)])];
    return keys.flatMap((k) => (!(k in a) ? [`${path}.${k}: not seeded`] : !(k in r) ? [`${path}.${k}: not in the recording`] : shapeDiff(r[k], a[k], `${path}.${k}`, opaque)));
  }

  const lists = recordExchanges.filter((e) => /^\/rest\/\w+\?limit=2$/.test(e.path) && listOf(e.response)?.length);
  it.each(lists.map((e) => [e.path.split('?')[0], e] as const))('%s: the recorded keys and value types', async (_p, e) => {
    const got = await send(e, 'seeded');
    const seeded = listOf(got.body)!;
    // Objects the seed leaves empty: workflows (the configuration stage reads them), attachments (1.2's files are
    // not imitated: flavours/v1-2/seed.ts).
    if (!seeded.length) return expect(['/rest/workflows?limit=2', '/rest/attachments?limit=2']).toContain(e.path);
    expect(Object.keys(got.body).sort()).toEqual(Object.keys(e.response).sort());
    // Values of every seeded record, against the recorded first (the recorded values that were empty say nothing).
    // RAW_JSON holds anything: its content is no shape of the version.
    const object = sandbox.workspace('seeded').index.byPlural.get(e.path.split(/[/?]/)[2])!;
    const opaque = new Set(object.fields.filter((f) => f.type === 'RAW_JSON').map((f) => `$.${f.name}`));
    expect([...new Set(seeded.flatMap((s) => shapeDiff(listOf(e.response)![0], s, '$', opaque)))]).toEqual([]);
  });

  it('holds the 1.2 shapes a migration converts: string micros, midnight dates, legacy rich text, null lists, personId links', async () => {
    const get = async (path: string) => listOf((await send({ method: 'GET', path, status: 200, response: null }, 'seeded')).body)!;
    const [opportunities, pets, people, noteTargets, notes] = await Promise.all(
      ['opportunities', 'pets', 'people', 'noteTargets', 'notes'].map((p) => get(`/rest/${p}?limit=0`)),
    );
    expect(opportunities.some((o) => typeof o.amount.amountMicros === 'string')).toBe(true);
    expect(pets.some((p) => /^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/.test(p.birthday))).toBe(true);
    expect(pets.some((p) => typeof p.bio === 'string' && p.bio.startsWith('['))).toBe(true);
    expect(people.some((p) => p.emails.additionalEmails === null)).toBe(true);
    expect(noteTargets.every((t) => ['personId', 'companyId', 'opportunityId', 'petId', 'rocketId', 'surveyResultId'].filter((k) => t[k]).length === 1)).toBe(true);
    expect(noteTargets.every((t) => typeof t.noteId === 'string') && noteTargets.some((t) => t.personId) && noteTargets.some((t) => t.companyId)).toBe(true);
    expect(notes.some((n) => typeof n.bodyV2?.blocknote === 'string' && typeof n.bodyV2?.markdown === 'string')).toBe(true);
  });
});

describe('the SDK finds in the 1.2 flavour what it finds on the real 1.2.0', () => {
  it('connect: version, legacy metadata, no query strings on REST metadata, fields not inline, pages of 60', async () => {
    const info = await detectServer({ baseUrl: sandbox.url, apiKey: sandbox.workspace('seeded').apiKey, rateLimit: false, probeBatchSize: false });
    expect(info).toMatchObject({ version: '1.2.0', metadataFormat: 'legacy', capabilities: { metadataQuery: false, metadataFieldsInline: false }, maxPageSize: 60, maxPageSizeSource: 'openapi' });
  });

  it('schema: 39 objects and 547 fields through GraphQL, relations resolved, the three custom objects', async () => {
    const schema = await readWorkspaceSchema({ baseUrl: sandbox.url, apiKey: sandbox.workspace('seeded').apiKey, rateLimit: false });
    expect(schema.objects).toHaveLength(39);
    expect(schema.objects.reduce((n, o) => n + o.fields.length, 0)).toBe(547);
    expect(schema.objects.filter((o) => o.isCustom).map((o) => o.nameSingular)).toEqual(['pet', 'rocket', 'surveyResult']);
    expect(schema.warnings).toEqual([]);
    const person = schema.objects.find((o) => o.nameSingular === 'noteTarget')!.fields.find((f) => f.name === 'person')!;
    expect(person.relation).toMatchObject({ kind: 'MANY_TO_ONE', targetObject: 'person', inverseField: 'noteTargets', joinColumn: 'personId' });
  });
});
