import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTwentyClient } from '../../sdk/client/create-client.js';
import { detectTargetSideEffects } from '../../sdk/plan/side-effects.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';

const actor = { source: 'SYSTEM', workspaceMemberId: null, name: 'System', context: {} };
const row = (id: string, extra: Record<string, unknown>) => ({
  id, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', deletedAt: null, position: 1, createdBy: actor, updatedBy: actor, ...extra,
});

describe('detectTargetSideEffects', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ workspaces: [{ name: 'target', model: 'fresh', rateLimit: false, timeline: false }] });
    const ws = sandbox.workspace('target');
    const wf = ['06de718e-78c0-58a1-b837-078417399eb8', '4a26d3e6-f8c5-598f-bf6a-25123a70ec80', '5b26d3e6-f8c5-498f-bf6a-25123a70ec81'];
    ws.insertRaw('workflow', [
      row(wf[0], { name: 'Create company when adding a new person', statuses: ['ACTIVE'], lastPublishedVersionId: null }),
      row(wf[1], { name: 'Quick Lead', statuses: ['ACTIVE'], lastPublishedVersionId: null }),
      row(wf[2], { name: 'Old draft', statuses: ['DRAFT'], lastPublishedVersionId: null }),
    ]);
    ws.insertRaw('workflowVersion', [
      row('96d80f09-dce3-4f93-ab3d-0050fa1c751d', { name: 'v1', workflowId: wf[0], status: 'ACTIVE', steps: [], trigger: { type: 'DATABASE_EVENT', settings: { eventName: 'person.upserted' } } }),
      row('bce7577c-d47e-4f02-89c2-d1ff5686b087', { name: 'v1', workflowId: wf[1], status: 'ACTIVE', steps: [], trigger: { type: 'MANUAL', settings: {} } }),
    ]);
  });
  afterAll(() => sandbox?.close());

  it('reports record-triggered active workflows and the webhooks that imports would fire', async () => {
    const ws = sandbox.workspace('target');
    await fetch(`${sandbox.url}/rest/metadata/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ws.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ targetUrl: 'https://hooks.example.com/crm', operations: ['person.created'] }),
    });
    const client = createTwentyClient({ baseUrl: sandbox.url, apiKey: ws.apiKey, rateLimit: false, retry: false });
    const effects = await detectTargetSideEffects(client);
    expect(effects.activeWorkflows.map((w) => [w.name, w.triggerType, w.firesOnRecordWrites])).toEqual([
      ['Create company when adding a new person', 'DATABASE_EVENT', true],
      ['Quick Lead', 'MANUAL', false],
    ]);
    expect(effects.warnings).toContainEqual(expect.stringMatching(/^active workflow "Create company when adding a new person" fires on person\.upserted/));
    expect(effects.warnings.some((w) => w.includes('Quick Lead'))).toBe(false);
    expect(effects.webhooks).toEqual([expect.objectContaining({ targetOrigin: 'https://hooks.example.com', operations: ['person.created'] })]);
    expect(effects.warnings).toContainEqual(expect.stringMatching(/^webhook to https:\/\/hooks\.example\.com/));
    expect(JSON.stringify(effects)).not.toContain(ws.apiKey);
  });
});

describe('detectTargetSideEffects against other answers', () => {
  it('lists webhooks (origin only) and turns a refused workflows listing into a warning', async () => {
    const fetchStub: typeof fetch = async (input) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
      if (url.pathname === '/rest/metadata/webhooks') {
        return json(200, { data: [{ id: 'w1', targetUrl: 'https://hooks.example.com/secret-path?token=abc', operations: ['*.created'] }] });
      }
      return json(400, { statusCode: 400, error: 'Error', messages: ['Entity performing the request does not have permission'], code: 'PERMISSION_DENIED' });
    };
    const client = createTwentyClient({ baseUrl: 'https://crm.example.com', apiKey: 'k-test-not-real', fetch: fetchStub, rateLimit: false, retry: false });
    const effects = await detectTargetSideEffects(client);
    expect(effects.webhooks).toEqual([{ id: 'w1', targetOrigin: 'https://hooks.example.com', operations: ['*.created'] }]);
    expect(effects.warnings).toContainEqual(expect.stringMatching(/^could not list the target's workflows \(400 /));
    expect(effects.warnings).toContainEqual(expect.stringMatching(/^webhook to https:\/\/hooks\.example\.com \(\*\.created\) will receive one call per imported record/));
    expect(JSON.stringify(effects)).not.toContain('secret-path');
  });
});
