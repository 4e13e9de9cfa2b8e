/**
 * The project's own recordings of a real Twenty 2.21.0 server (test/sandbox/recorded/, made by
 * scripts/probe-field-types.ts): which fields the metadata API refuses, with its exact answer, and which it creates,
 * with the entity it answers. They are replayed in recording order against a sandbox (SOURCE seeded, TARGET fresh)
 * and compared as transcripts.test.ts compares: status, content-type, keys, JSON types and values, except values
 * the server makes up per run (ids, universalIdentifiers, timestamps), compared by type. A recording's `refs` name
 * the objects behind the recorded ids (`object:company`), so the replay can send the sandbox's own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transcript } from '../support/shared.js';
import { diffBodies, learnIds, mapIds, METADATA_ID_KEYS } from './replay/compare.js';
import { send, type Answer, type Credentials } from './replay/send.js';
import { startSandbox, type Sandbox } from './server.js';

type Recorded = Transcript & { refs?: Record<string, string> };

const dir = resolve(import.meta.dirname, 'recorded');
const recordings: Recorded[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(resolve(dir, f), 'utf8')) as Recorded);

/** Ids a real server makes up per run, wherever they appear in a metadata answer, refusals included. */
const PER_RUN_IDS = new Set([...METADATA_ID_KEYS, 'morphId', 'junctionTargetFieldId']);

/** A refusal that also lists view fields or indexes Twenty could not make once the field was refused. */
const hasFollowOns = (t: Recorded) => Object.keys(t.response.body?.errors ?? {}).some((k) => k !== 'fieldMetadata');

/** A refusal with the recorded ids the replay knows replaced by the sandbox's, and the made-up ones blanked. */
function comparableError(body: unknown, ids: Map<string, string>): unknown {
  const blank = (v: unknown, key = ''): unknown => {
    if (Array.isArray(v)) return v.map((x) => blank(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, blank(x, k)]));
    return PER_RUN_IDS.has(key) && typeof v === 'string' && v ? '<per-run id>' : v;
  };
  return blank(JSON.parse(mapIds(JSON.stringify(body), ids)));
}

describe('field creations recorded on a real Twenty 2.21 server, replayed against the sandbox', () => {
  let sandbox: Sandbox;
  let keys: Credentials;
  const ids = new Map<string, string>();
  const answers = new Map<string, Answer>();

  beforeAll(async () => {
    sandbox = await startSandbox({ workspaces: [{ name: 'source', model: 'seeded' }, { name: 'target', model: 'fresh' }] });
    const ws = { SOURCE: sandbox.workspace('source'), TARGET: sandbox.workspace('target') };
    keys = { SOURCE: ws.SOURCE.apiKey, TARGET: ws.TARGET.apiKey };
    for (const t of recordings) {
      const workspace = ws[t.auth as 'SOURCE' | 'TARGET'];
      for (const [recorded, ref] of Object.entries(t.refs ?? {})) {
        const object = workspace.index.bySingular.get(ref.replace(/^object:/, ''));
        if (object) ids.set(recorded, object.id);
      }
      const got = await send(sandbox.url, t, keys, ids);
      answers.set(t.name, got);
      if (got.status < 300) learnIds(t.response.body, got.body, ids);
    }
  });
  afterAll(() => sandbox?.close());

  it('has recordings of refusals and of every accepted kind', () => {
    expect(recordings.filter((t) => t.response.status >= 400).length).toBeGreaterThanOrEqual(8);
    expect(recordings.filter((t) => t.request.path === '/rest/metadata/fields' && t.response.status === 201).length).toBeGreaterThanOrEqual(20);
  });

  it.each(recordings.map((t) => [t.name, t.description]))('%s: %s', (name) => {
    const t = recordings.find((r) => r.name === name)!;
    const got = answers.get(name)!;
    expect(got.status, `answer: ${JSON.stringify(got.body)?.slice(0, 800)}`).toBe(t.response.status);
    expect(got.headers.get('content-type')).toBe(t.response.headers['content-type']);
    if (t.response.status < 400) return expect(diffBodies(t.response.body, got.body, { values: true, ids, byType: PER_RUN_IDS })).toEqual([]);
    // Refusals must match whole, every error of every field; for the view fields and indexes Twenty then fails to make
    // too, see the deliberate difference below.
    const recorded = comparableError(t.response.body, ids) as Record<string, any>;
    const answer = comparableError(got.body, ids) as Record<string, any>;
    if (!hasFollowOns(t)) return expect(answer).toEqual(recorded);
    const { errors, summary: _s, userFriendlyMessage: _u, ...rest } = recorded;
    expect(answer).toMatchObject(rest);
    expect(answer.errors).toEqual({ fieldMetadata: errors.fieldMetadata });
  });

  describe('deliberate differences', () => {
    it('a refused field: the sandbox reports the fields that failed, not the view fields and indexes Twenty could then not make', () => {
      const refused = recordings.filter(hasFollowOns);
      expect(refused.length).toBeGreaterThan(4);
      for (const t of refused) {
        const recorded = t.response.body;
        expect(Object.keys(recorded.errors).filter((k) => k !== 'fieldMetadata').every((k) => k === 'viewField' || k === 'index'), t.name).toBe(true);
        const fields = recorded.errors.fieldMetadata.length;
        const got = answers.get(t.name)!.body as Record<string, any>;
        expect(got.summary).toEqual({ totalErrors: fields, fieldMetadata: fields });
        expect(got.userFriendlyMessage).toBe(fields > 1 ? 'Many validation errors' : recorded.errors.fieldMetadata[0].errors[0].userFriendlyMessage);
      }
    });
  });
});
