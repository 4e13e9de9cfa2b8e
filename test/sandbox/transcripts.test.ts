/**
 * Fidelity of the sandbox, proven by replaying every exchange recorded from a real Twenty 2.21 server
 * (../shared/twenty-2.21/transcripts) over HTTP: a SOURCE workspace (seeded) and a TARGET workspace (fresh) are
 * primed with the records the recordings show to have existed, then each request is sent in a valid order (TARGET
 * ones in the recording order, each seeing the state the earlier ones left) and the answer is compared with the
 * recorded one: status, content-type, body shape (keys and JSON types, recursively) and values, except values a real
 * server makes up per run, which are compared by type. Error bodies must match exactly.
 * Where the sandbox deliberately differs, a test below names the difference and why.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hasShared, listTranscripts, sharedDir, type Transcript } from '../support/shared.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startSandbox, type Sandbox } from './server.js';
import { diffBodies, learnIds, METADATA_ID_KEYS, type CompareOptions } from './replay/compare.js';
import { prefilledTargetIds, primeSource } from './replay/fixtures.js';
import { send, type Answer, type Credentials } from './replay/send.js';

const transcripts = listTranscripts();
const byName = new Map(transcripts.map((t) => [t.name, t]));

/** TARGET exchanges in the order they were recorded (README, "Recording order"); checked against the README below. */
const TARGET_ORDER = [
  'create-one-client-id-createdat-createdby', 'create-one-minimal-defaults', 'create-duplicate-id', 'batch-create-3',
  'batch-create-one-duplicate-id', 'batch-create-one-duplicate-id-check', 'batch-create-one-unknown-field',
  'batch-create-one-unknown-field-check', 'batch-create-201-over-max', 'upsert-match-by-id', 'upsert-match-by-domain-no-id',
  'upsert-new-id-existing-domain', 'create-existing-unique-domain', 'upsert-no-match-inserts', 'create-person-with-company',
  'upsert-person-match-by-email', 'batch-upsert-mixed', 'create-unknown-field', 'create-bad-email',
  'create-select-value-not-in-options', 'create-fk-nonexistent-company', 'create-createdby-unknown-source',
  'create-createdby-unknown-member', 'create-non-uuid-id', 'create-workspace-member-permission-denied', 'update-one-patch',
  'update-one-patch-404', 'update-one-patch-createdby', 'delete-soft', 'find-one-soft-deleted-404', 'list-filter-deleted-not-null',
  'restore-one-path-rejected', 'delete-hard', 'find-one-after-hard-delete-404', 'delete-hard-404', 'restore-many-with-filter',
  'find-one-after-restore', 'delete-hard-of-soft-deleted', 'list-filter-deleted-not-null-after-hard-delete',
  'metadata-objects-list-target', 'metadata-fields-list-target', 'metadata-create-custom-object', 'metadata-create-field-text',
  'metadata-create-field-select', 'metadata-create-field-relation-many-to-one', 'metadata-custom-object-create-record',
  'metadata-custom-object-list-depth-1', 'metadata-delete-field-active', 'metadata-delete-custom-object',
  'metadata-custom-object-gone-after-delete', 'side-effect-workflow-person-company-reassigned', 'side-effect-workflow-runs',
  'side-effect-workflows-list', 'rate-limit-429', 'rate-limit-metadata-not-throttled', 'rate-limit-recovered',
  'metadata-create-object-name-taken', 'metadata-find-object-404', 'metadata-create-field-invalid-type', 'update-partial-composite',
];

/**
 * Exchanges not made with the TARGET key are independent and run before the TARGET sequence, except where they must
 * see its state: rate-limit-other-workspace-unaffected runs while TARGET's budget is spent (right after rate-limit-429).
 */
const DURING_TARGET: Record<string, string> = { 'rate-limit-other-workspace-unaffected': 'rate-limit-429' };

/** The id of TARGET's `companies` object in the recording (the relation payload and invalid-type request name it). */
const RECORDED_TARGET_COMPANY_OBJECT = '69632b5b-751b-4f7e-a004-881692beffbb';

interface Case {
  /** keys compared by type only here, beyond the per-run ones, and why */
  byType?: string[];
  /** exact paths compared by type only here */
  byPath?: string[];
  /** metadata answers: every id is server-generated */
  metadata?: boolean;
  /** replaces the default comparison (a deliberate difference is tested by name below) */
  compare?: (t: Transcript, got: Answer & { all?: unknown[] }) => void;
  /** cuts the sandbox's answer the way the recorder cut the recorded one (its `trimmed` note) before comparing */
  trim?: (body: unknown) => unknown;
}

const metadata: Case = { metadata: true };

/**
 * Metadata lists page by id, and metadata ids are random per workspace (the sandbox's too), so page 1 of a real
 * server and of the sandbox hold different entities. The envelope (totalCount, pageInfo) is compared as recorded;
 * the recorded item is compared with the sandbox's entity of the same name, found in its full listing.
 */
const metadataList: Case = {
  metadata: true,
  compare: (t, got) => {
    expect(got.status).toBe(t.response.status);
    expect(got.headers.get('content-type')).toBe(t.response.headers['content-type']);
    const items = (b: any): unknown[] => (Array.isArray(b.data) ? b.data : Object.values(b.data)[0]) as unknown[];
    const emptied = (b: any) => ({ ...b, data: Array.isArray(b.data) ? [] : { [Object.keys(b.data)[0]]: [] } });
    const options: CompareOptions = { values: true, byType: METADATA_ID_KEYS };
    expect(diffBodies(emptied(t.response.body), emptied(got.body), options)).toEqual([]);
    const recorded = items(t.response.body)[0] as Record<string, unknown>;
    const all = got.all as Array<Record<string, unknown>>;
    // Objects by name; fields by universalIdentifier (the sandbox keeps the recorded ones), names repeat across objects.
    const same = all.find((e) =>
      recorded.nameSingular ? e.nameSingular === recorded.nameSingular : e.universalIdentifier === recorded.universalIdentifier,
    );
    expect(same, `the sandbox has no ${String(recorded.nameSingular ?? recorded.name)}`).toBeDefined();
    expect(diffBodies(recorded, same, options)).toEqual([]);
  },
};

/**
 * Per-transcript comparison settings (default: the full comparison). A new independent recording (SOURCE or no key)
 * is replayed and compared as is; a new TARGET recording fails the coverage tests until it is placed in TARGET_ORDER.
 */
const CASES: Record<string, Case> = {
  ...Object.fromEntries(transcripts.map((t) => [t.name, {}])),
  'metadata-objects-list-source': metadataList,
  'metadata-objects-list-target': metadataList,
  'metadata-fields-list-source': metadataList,
  'metadata-fields-list-target': metadataList,
  'metadata-create-custom-object': metadata,
  'metadata-create-field-text': metadata,
  'metadata-create-field-select': metadata,
  'metadata-create-field-relation-many-to-one': metadata,
  'metadata-delete-field-active': metadata,
  'metadata-delete-custom-object': metadata,
  'rate-limit-metadata-not-throttled': metadataList,
  // The timeline activity is written by the server, with an id of its own.
  'metadata-custom-object-list-depth-1': { byPath: ['$.data.goldenWidgets[0].timelineActivities[0].id'] },
  // These attachments were recorded with a signed URL (token redacted): the sandbox signs its own.
  'attachments-list-file-field': { byType: ['url'] },
  'file-download-signed-url': {
    compare: (t, got) => {
      expect(got.status).toBe(t.response.status);
      expect(got.headers.get('content-type')).toBe(t.response.headers['content-type']);
      expect(got.bytes.length).toBe(t.response.bodyBytes);
    },
  },
  'metadata-create-object-name-taken': {
    compare: (t, got) => {
      expect(got.status).toBe(t.response.status);
      const { errors: recordedErrors, summary: _s, ...recorded } = t.response.body;
      const { errors, summary: _summary, ...rest } = got.body as any;
      expect(rest).toEqual(recorded);
      const options: CompareOptions = { values: true, byType: new Set(['universalIdentifier']) };
      expect(diffBodies(recordedErrors.objectMetadata, errors.objectMetadata, options)).toEqual([]);
    },
  },
  // The sandbox's MCP remote is its own URL.
  'version-mcp-server-card': { byType: ['url'] },
  // The recorder trimmed the run's state; the sandbox's run is trimmed the same way before comparing.
  'side-effect-workflow-runs': { trim: trimRunStates },
};

/** Error bodies must match exactly; "<masked>" stands for one enum value the recorder hid. */
function expectSameError(recorded: unknown, got: unknown) {
  const text = JSON.stringify(recorded);
  if (!text.includes('<masked>')) return expect(got).toEqual(recorded);
  const pattern = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('<masked>', '[A-Z_]+');
  expect(JSON.stringify(got)).toMatch(new RegExp(`^${pattern}$`));
}

function compareAnswer(t: Transcript, got: Answer, ids: Map<string, string>) {
  const c = CASES[t.name]!;
  if (c.compare) return c.compare(t, got);
  if (c.trim) got = { ...got, body: c.trim(got.body) };
  expect(got.status, `answer: ${JSON.stringify(got.body)?.slice(0, 600)}`).toBe(t.response.status);
  expect(got.headers.get('content-type')).toBe(t.response.headers['content-type']);
  if (t.response.status >= 400) return expectSameError(t.response.body, got.body);
  const options: CompareOptions = {
    values: true,
    ids,
    byType: new Set([...(c.byType ?? []), ...(c.metadata ? METADATA_ID_KEYS : [])]),
    byPath: new Set(c.byPath ?? []),
  };
  expect(diffBodies(t.response.body, got.body, options)).toEqual([]);
}

describe.skipIf(!hasShared)('transcripts replayed against the sandbox', () => {
  let sandbox: Sandbox;
  let keys: Credentials;
  const ids = new Map<string, string>();
  const answers = new Map<string, Answer & { all?: unknown[] }>();
  const errors = new Map<string, unknown>();

  /** What happened between recorded exchanges: requests sent but not kept, the worker, idle time. */
  const before: Record<string, () => Promise<void> | void> = {
    // 38: [DELETE /rest/companies/…0005?soft_delete=true → 200]
    'delete-hard-of-soft-deleted': async () => {
      const res = await fetch(`${sandbox.url}/rest/companies/7e57c0de-0000-4000-8000-000000000005?soft_delete=true`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${keys.TARGET}` },
      });
      expect(res.status).toBe(200);
    },
    // 51: [the workflow run started by create-person-with-company finished ~5 s after it]: the sandbox's emulation ran
    // it with a long delay (so the exchanges in between see the person untouched, as recorded); time passes here.
    'side-effect-workflow-person-company-reassigned': () => finishWorkflowRuns(sandbox, ids),
    // 54: [60 s idle, then 100 × GET /rest/companies?limit=1 → 200]; only Date is faked so sockets keep real timers.
    'rate-limit-429': async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 60_000);
      for (let i = 0; i < 100; i++) {
        const res = await fetch(`${sandbox.url}/rest/companies?limit=1`, { headers: { Authorization: `Bearer ${keys.TARGET}` } });
        expect(res.status, `request ${i + 1} of 100`).toBe(200);
        await res.arrayBuffer();
      }
    },
    // 56: first success ~0.64 s after the 429
    'rate-limit-recovered': () => {
      vi.setSystemTime(Date.now() + 640);
    },
    // 57: [cleanup and a database reset]: minutes pass, TARGET's budget refills. The test records left behind do not
    // matter to what follows (Notion is untouched until update-partial-composite).
    'metadata-create-object-name-taken': () => {
      vi.setSystemTime(Date.now() + 60_000);
    },
  };

  async function replay(name: string) {
    const t = byName.get(name)!;
    try {
      await before[name]?.();
      let url: string | undefined;
      if (name === 'file-download-signed-url') url = await signedUrlFromListing(sandbox, keys, t);
      const got: Answer & { all?: unknown[] } = await send(sandbox.url, t, keys, ids, url);
      if (CASES[name] === metadataList) got.all = await listAllMetadata(sandbox, t, keys);
      answers.set(name, got);
      if (name.startsWith('metadata-') && got.status < 300) learnIds(t.response.body, got.body, ids);
    } catch (e) {
      errors.set(name, e);
    }
  }

  beforeAll(async () => {
    sandbox = await startSandbox({
      workspaces: [
        { name: 'source', model: 'seeded', apiKeyName: 'migration-acceptance' },
        { name: 'target', model: 'fresh', apiKeyName: 'migration-acceptance', prefill: 'signup', workflowDelayMs: 600_000 },
      ],
    });
    const source = sandbox.workspace('source');
    const target = sandbox.workspace('target');
    keys = { SOURCE: source.apiKey, TARGET: target.apiKey };
    primeSource(source, transcripts);
    for (const [recorded, mine] of prefilledTargetIds(target, transcripts)) ids.set(recorded, mine);
    ids.set(RECORDED_TARGET_COMPANY_OBJECT, target.index.bySingular.get('company')!.id);

    const targetSet = new Set(TARGET_ORDER);
    for (const t of transcripts) {
      if (targetSet.has(t.name) || t.name in DURING_TARGET || t.name.startsWith('version-client-config')) continue;
      await replay(t.name);
    }
    try {
      for (const name of TARGET_ORDER) {
        await replay(name);
        for (const [other, after] of Object.entries(DURING_TARGET)) if (after === name) await replay(other);
      }
    } finally {
      vi.useRealTimers();
    }
    // /client-config with and without APP_VERSION: two servers.
    for (const [name, version] of [['version-client-config', '2.21.0'], ['version-client-config-without-app-version', null]] as const) {
      const server = await startSandbox({ workspaces: [], version });
      answers.set(name, await send(server.url, byName.get(name)!, keys, ids));
      await server.close();
    }
  }, 60_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  it('has a replay case for every recorded transcript', () => {
    const known = new Set([
      ...TARGET_ORDER, ...Object.keys(DURING_TARGET),
      ...transcripts.filter((t) => t.auth !== 'TARGET').map((t) => t.name),
    ]);
    expect(transcripts.map((t) => t.name).filter((n) => !known.has(n))).toEqual([]);
    expect(transcripts.length).toBeGreaterThan(0);
  });

  it('replays TARGET exchanges in the README recording order', () => {
    const readme = readFileSync(resolve(sharedDir, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Recording order'), readme.indexOf('## Key behaviours'));
    const order = [...section.matchAll(/^\d+\. .*`([a-z0-9-]+)`\s*$/gm)].map((m) => m[1]);
    expect(order).toEqual(TARGET_ORDER);
    expect(transcripts.filter((t) => t.auth === 'TARGET').map((t) => t.name).filter((n) => !TARGET_ORDER.includes(n) && !(n in DURING_TARGET))).toEqual([]);
  });

  it.each(transcripts.map((t) => t.name))('%s', (name) => {
    if (errors.has(name)) throw errors.get(name);
    const got = answers.get(name);
    expect(got, `${name} was not replayed`).toBeDefined();
    compareAnswer(byName.get(name)!, got!, ids);
  });

  describe('deliberate differences', () => {
    it('rate-limit-429: the same headers a client can act on (none: no Retry-After, no X-RateLimit-*); no Express/CORS extras', () => {
      const recorded = Object.keys(byName.get('rate-limit-429')!.response.headers);
      const got = [...answers.get('rate-limit-429')!.headers.keys()];
      // Express adds an ETag and X-Powered-By, and Twenty's CORS setup two Access-Control headers: nothing an API
      // client reads, so the sandbox leaves them out.
      const notEmulated = ['access-control-allow-origin', 'access-control-expose-headers', 'etag', 'x-powered-by'];
      expect(got.sort()).toEqual(recorded.filter((h) => !notEmulated.includes(h)).sort());
      expect(got.filter((h) => h === 'retry-after' || h.startsWith('x-ratelimit'))).toEqual([]);
    });

    it('create-createdby-unknown-source: the sandbox prints the value the recording masks (AGENT)', () => {
      const message = (answers.get('create-createdby-unknown-source')!.body as { messages: string[] }).messages[0];
      expect(message).toContain('Valid values are: EMAIL, CALENDAR, WORKFLOW, AGENT, API,');
    });

    it('metadata-create-object-name-taken: the sandbox reports the cause only, not the 34 follow-on failures', () => {
      const recorded = byName.get('metadata-create-object-name-taken')!.response.body;
      const got = answers.get('metadata-create-object-name-taken')!.body as any;
      expect(Object.keys(recorded.errors)).toEqual(expect.arrayContaining(['objectMetadata', 'fieldMetadata', 'view', 'viewField', 'index']));
      expect(Object.keys(got.errors)).toEqual(['objectMetadata']);
      expect(got.summary).toEqual({ totalErrors: 1, objectMetadata: 1 });
    });

    it('signed file URLs and the MCP remote point at the sandbox itself, with its own signed token', () => {
      const attachments = (answers.get('attachments-list-file-field')!.body as any).data.attachments;
      const fileId = attachments[0].file[0].fileId;
      expect(attachments[0].file[0].url).toMatch(new RegExp(`^${sandbox.url}/file/files-field/${fileId}\\?token=[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
      expect((answers.get('version-mcp-server-card')!.body as any).remotes[0].url).toBe(`${sandbox.url}/mcp`);
    });
  });
});

/** Every entity of a metadata list, page after page, with the transcript's credential. */
async function listAllMetadata(sandbox: Sandbox, t: Transcript, keys: Credentials): Promise<unknown[]> {
  const all: unknown[] = [];
  let after: string | null = null;
  for (;;) {
    const url = `${sandbox.url}${t.request.path}?limit=200${after ? `&starting_after=${after}` : ''}`;
    const res = await fetch(url, { headers: { Authorization: `Bearer ${keys[t.auth as 'SOURCE' | 'TARGET']}` } });
    const body = (await res.json()) as any;
    all.push(...((Array.isArray(body.data) ? body.data : Object.values(body.data)[0]) as unknown[]));
    if (!body.pageInfo.hasNextPage) return all;
    after = body.pageInfo.endCursor;
  }
}

/** The download URL the sandbox itself hands out for the recorded file (its own signed token, never the recorded one). */
async function signedUrlFromListing(sandbox: Sandbox, keys: Credentials, t: Transcript): Promise<string> {
  const fileId = t.request.path.split('/').pop()!;
  const res = await fetch(`${sandbox.url}/rest/attachments?limit=2`, { headers: { Authorization: `Bearer ${keys.SOURCE}` } });
  const body = (await res.json()) as { data: { attachments: Array<{ file: Array<{ fileId: string; url: string }> }> } };
  const file = body.data.attachments.flatMap((a) => a.file).find((f) => f.fileId === fileId);
  if (!file) throw new Error(`the sandbox's attachment listing has no file ${fileId}`);
  return file.url;
}

/**
 * Lets the TARGET workflow runs pending since create-person-with-company finish (the recording read the person a
 * minute later), and maps the ids the run made up (the company it created, the run itself) onto the recorded ones.
 */
function finishWorkflowRuns(sandbox: Sandbox, ids: Map<string, string>) {
  const target = sandbox.workspace('target');
  expect(target.workflows.pending, 'runs started by create-person-with-company').toBe(1);
  target.workflows.flush();
  const reassigned = byName.get('side-effect-workflow-person-company-reassigned')!.response.body.data.person;
  const run = byName.get('side-effect-workflow-runs')!.response.body.data.workflowRuns[0];
  const person = target.table('person')!.rows.get(reassigned.id)!;
  const [mine] = [...target.table('workflowRun')!.rows.values()];
  ids.set(reassigned.companyId, person.companyId as string);
  ids.set(run.id, mine.id as string);
}

/** The recorder's cut of a workflowRun's state: trigger type and event name, step names and types (its `trimmed` note). */
function trimRunStates(body: any): unknown {
  const runs = (body?.data?.workflowRuns ?? []) as Array<Record<string, any>>;
  const trimmed = runs.map((r) => ({
    ...r,
    stepLogs: '<trimmed>',
    state: {
      flow: {
        trigger: { type: r.state.flow.trigger.type, settings: { eventName: r.state.flow.trigger.settings.eventName } },
        steps: r.state.flow.steps.map((s: any) => ({ name: s.name, type: s.type })),
      },
      stepInfos: '<trimmed>',
    },
  }));
  return { ...body, data: { workflowRuns: trimmed } };
}
