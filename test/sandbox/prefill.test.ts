/**
 * A signed-up workspace in the sandbox (`prefill: 'signup'`): what sign-up leaves in it, what its ACTIVE example
 * workflow does to people created through the API, and webhooks. Checked against the TARGET recordings where they
 * show the same thing (Notion, the workflows, the rewritten person, the run).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasShared, readShared, type Transcript } from '../support/shared.js';
import { workflowPrefillIds } from './prefill/workflows.js';
import { diffBodies } from './replay/compare.js';
import { startSandbox, type Sandbox } from './server.js';
import type { SandboxWorkspace } from './workspace.js';

let sandbox: Sandbox;
let target: SandboxWorkspace;

async function api(ws: SandboxWorkspace, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${ws.apiKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const list = async (ws: SandboxWorkspace, plural: string, query = '') => (await api(ws, 'GET', `/rest/${plural}?limit=200${query}`)).body;
const findOne = async (ws: SandboxWorkspace, plural: string, singular: string, id: string) =>
  (await api(ws, 'GET', `/rest/${plural}/${id}`)).body.data[singular];

let n = 0;
/** A new person through the API; unique e-mails so tests do not meet each other's records. */
async function createPerson(ws: SandboxWorkspace, email: string, extra: Record<string, unknown> = {}) {
  n += 1;
  const res = await api(ws, 'POST', '/rest/people', { name: { firstName: 'Test', lastName: `N${n}` }, emails: { primaryEmail: email }, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.createPerson as Record<string, any>;
}

const runsOf = async (ws: SandboxWorkspace) => (await list(ws, 'workflowRuns')).data.workflowRuns as Array<Record<string, any>>;

beforeAll(async () => {
  sandbox = await startSandbox({
    workspaces: [
      { name: 'target', prefill: 'signup', workflowDelayMs: 20, rateLimit: false, apiKeyName: 'migration-acceptance' },
      { name: 'named', prefill: { kind: 'signup', userEmail: 'ceo@acme.example', firstName: 'Ada', lastName: 'Lovelace' }, rateLimit: false },
      { name: 'quiet', prefill: 'signup', workflowDelayMs: false, rateLimit: false },
      { name: 'hooks', fireWebhooks: true, rateLimit: false, workflowDelayMs: 20 },
      { name: 'legacy', model: 'seeded', rateLimit: false },
    ],
  });
  target = sandbox.workspace('target');
});

afterAll(async () => {
  await sandbox?.close();
});

describe('prefill: signup', () => {
  it('holds what sign-up writes: 1 member, 5 companies, 5 people, 6 opportunities, 1 dashboard, 2 active workflows', async () => {
    const count = async (plural: string) => (await list(target, plural)).totalCount;
    expect({
      workspaceMembers: await count('workspaceMembers'), companies: await count('companies'), people: await count('people'),
      opportunities: await count('opportunities'), dashboards: await count('dashboards'), workflows: await count('workflows'),
      workflowVersions: await count('workflowVersions'), workflowAutomatedTriggers: await count('workflowAutomatedTriggers'),
      workflowRuns: await count('workflowRuns'), timelineActivities: await count('timelineActivities'),
    }).toEqual({
      workspaceMembers: 1, companies: 5, people: 5, opportunities: 6, dashboards: 1, workflows: 2,
      workflowVersions: 2, workflowAutomatedTriggers: 1, workflowRuns: 0, timelineActivities: 0,
    });
    const companies = (await list(target, 'companies')).data.companies.map((c: any) => c.name).sort();
    expect(companies).toEqual(['Airbnb', 'Anthropic', 'Figma', 'Notion', 'Stripe']);
    expect((await list(target, 'dashboards')).data.dashboards[0].title).toBe('My First Dashboard');
  });

  it('has the creator as its only member, default e-mail admin@<name>.example, or the one given', async () => {
    const [member] = (await list(target, 'workspaceMembers')).data.workspaceMembers;
    expect(member).toMatchObject({ userEmail: 'admin@target.example', locale: 'en', colorScheme: 'System' });
    const named = sandbox.workspace('named');
    const [ada] = (await list(named, 'workspaceMembers')).data.workspaceMembers;
    expect(ada).toMatchObject({ userEmail: 'ceo@acme.example', name: { firstName: 'Ada', lastName: 'Lovelace' } });
    expect(ada.id).not.toBe(member.id);
  });

  it('links the example records: each founder to his company, each opportunity to a company, contact and the creator', async () => {
    const companies = new Map((await list(target, 'companies')).data.companies.map((c: any) => [c.id, c.name]));
    const people = (await list(target, 'people')).data.people as any[];
    for (const p of people) expect(p.emails.primaryEmail.split('@')[1]).toBe(`${String(companies.get(p.companyId)).toLowerCase()}.com`);
    const [member] = (await list(target, 'workspaceMembers')).data.workspaceMembers;
    const opportunities = (await list(target, 'opportunities')).data.opportunities as any[];
    for (const o of opportunities) {
      expect(companies.has(o.companyId)).toBe(true);
      expect(people.some((p) => p.id === o.pointOfContactId)).toBe(true);
      expect(o.ownerId).toBe(member.id);
      expect(o.amount.currencyCode).toBe('USD');
    }
  });

  it.skipIf(!hasShared)('has Notion exactly as the TARGET recording shows it (rate-limit-recovered)', async () => {
    const recorded = readShared<Transcript>('transcripts/rate-limit-recovered.json').response.body.data.companies[0];
    const got = await findOne(target, 'companies', 'company', recorded.id);
    expect(diffBodies(recorded, got, { values: true })).toEqual([]);
  });

  it.skipIf(!hasShared)('has both workflows as recorded (side-effect-workflows-list), with ids derived from the workspace id', async () => {
    const recorded = readShared<Transcript>('transcripts/side-effect-workflows-list.json').response.body.data.workflows as any[];
    // Twenty derives the ids as uuid v5 of the workspace id: for the recorded TARGET workspace, the recorded ids.
    const recordedIds = workflowPrefillIds('a554a16c-55b2-41b5-85da-1d476e0e1299');
    expect([recordedIds.createCompanyWorkflowId, recordedIds.quickLeadWorkflowId]).toEqual(recorded.map((w) => w.id));
    expect([recordedIds.createCompanyWorkflowVersionId, recordedIds.quickLeadWorkflowVersionId]).toEqual(recorded.map((w) => w.lastPublishedVersionId));

    const mine = workflowPrefillIds(target.workspaceId);
    const ids = new Map([
      [recordedIds.createCompanyWorkflowId, mine.createCompanyWorkflowId], [recordedIds.quickLeadWorkflowId, mine.quickLeadWorkflowId],
      [recordedIds.createCompanyWorkflowVersionId, mine.createCompanyWorkflowVersionId],
      [recordedIds.quickLeadWorkflowVersionId, mine.quickLeadWorkflowVersionId],
    ]);
    const got = (await list(target, 'workflows')).data.workflows as any[];
    for (const w of recorded) {
      const same = got.find((g) => g.id === ids.get(w.id));
      expect(diffBodies(w, same, { values: true, ids })).toEqual([]);
    }
  });

  it('gives each workflow an ACTIVE v1 version; the person one triggers on person.upserted (emails) and has an automated trigger', async () => {
    const versions = (await list(target, 'workflowVersions')).data.workflowVersions as any[];
    expect(versions.map((v) => [v.name, v.status, v.trigger.type]).sort()).toEqual([['v1', 'ACTIVE', 'DATABASE_EVENT'], ['v1', 'ACTIVE', 'MANUAL']]);
    const person = versions.find((v) => v.trigger.type === 'DATABASE_EVENT');
    expect(person.trigger.settings).toMatchObject({ eventName: 'person.upserted', fields: ['emails'] });
    expect(person.steps.map((s: any) => s.name)).toContain('Create a new company');
    const [trigger] = (await list(target, 'workflowAutomatedTriggers')).data.workflowAutomatedTriggers;
    expect(trigger).toMatchObject({ type: 'DATABASE_EVENT', workflowId: person.workflowId, settings: { eventName: 'person.upserted', fields: ['emails'] } });
  });
});

describe('workflow "Create company when adding a new person"', () => {
  it('after the delay, creates a company for the e-mail domain and overwrites the companyId the person was created with', async () => {
    const airbnb = (await list(target, 'companies', '&filter=name[eq]:"Airbnb"')).data.companies[0];
    const created = await createPerson(target, 'goldie.tester@golden-test.example', { companyId: airbnb.id });
    // Right after the create, the run is under way and nothing has changed yet (upsert-person-match-by-email).
    expect((await findOne(target, 'people', 'person', created.id)).companyId).toBe(airbnb.id);
    const running = (await runsOf(target)).filter((r) => r.status === 'RUNNING');
    expect(running).toHaveLength(1);
    await target.settled();

    const person = await findOne(target, 'people', 'person', created.id);
    expect(person.companyId).not.toBe(airbnb.id);
    expect(person.updatedBy).toEqual({ source: 'APPLICATION', workspaceMemberId: null, name: 'Standard', context: {} });
    expect(person.updatedAt > created.updatedAt).toBe(true);
    const company = await findOne(target, 'companies', 'company', person.companyId);
    expect(company).toMatchObject({
      name: 'golden-test.example',
      domainName: { primaryLinkUrl: 'https://golden-test.example', primaryLinkLabel: 'golden-test.example', secondaryLinks: [] },
      createdBy: { source: 'WORKFLOW', name: 'Workflow' },
    });
    const run = (await runsOf(target)).find((r) => r.id === running[0].id)!;
    expect(run).toMatchObject({
      name: '#1 - Create company when adding a new person', status: 'COMPLETED',
      createdBy: { source: 'WORKFLOW', workspaceMemberId: null, name: 'Create company when adding a new person', context: {} },
      workflowId: workflowPrefillIds(target.workspaceId).createCompanyWorkflowId,
    });
    expect(run.endedAt >= run.startedAt).toBe(true);
  });

  it.skipIf(!hasShared)('leaves the person and the run shaped as recorded (side-effect-workflow-*)', async () => {
    const person = readShared<Transcript>('transcripts/side-effect-workflow-person-company-reassigned.json').response.body.data.person;
    const got = (await list(target, 'people', `&filter=emails.primaryEmail[eq]:"${person.emails.primaryEmail}"`)).data.people[0];
    expect(diffBodies(person, got, { values: false })).toEqual([]);
    const run = readShared<Transcript>('transcripts/side-effect-workflow-runs.json').response.body.data.workflowRuns[0];
    const [mine] = await runsOf(target);
    expect(diffBodies({ ...run, state: null }, { ...mine, state: null }, { values: false })).toEqual([]);
    expect(mine.state.flow.steps.map((s: any) => [s.name, s.type])).toEqual(run.state.flow.steps.map((s: any) => [s.name, s.type]));
  });

  it('attaches the person to an existing company of that domain instead of creating one', async () => {
    const before = (await list(target, 'companies')).totalCount;
    const created = await createPerson(target, 'someone@mail.notion.com');
    await target.settled();
    const notion = (await list(target, 'companies', '&filter=name[eq]:"Notion"')).data.companies[0];
    expect((await findOne(target, 'people', 'person', created.id)).companyId).toBe(notion.id);
    expect((await list(target, 'companies')).totalCount).toBe(before);
  });

  it('completes without changes for a personal address', async () => {
    const runs = (await runsOf(target)).length;
    const created = await createPerson(target, 'someone@gmail.com');
    await target.settled();
    expect((await findOne(target, 'people', 'person', created.id)).companyId).toBeNull();
    const all = await runsOf(target);
    expect(all).toHaveLength(runs + 1);
    expect(all.every((r) => r.status === 'COMPLETED')).toBe(true);
  });

  it('does not run for people the mail or calendar sync made (createdBy.source EMAIL or CALENDAR)', async () => {
    const runs = (await runsOf(target)).length;
    for (const source of ['EMAIL', 'CALENDAR']) {
      const created = await createPerson(target, `synced.${source.toLowerCase()}@synced-${source.toLowerCase()}.example`, {
        createdBy: { source, name: 'Sync' },
      });
      await target.settled();
      expect((await findOne(target, 'people', 'person', created.id)).companyId).toBeNull();
    }
    expect(await runsOf(target)).toHaveLength(runs);
  });

  it('runs again when an update changes the e-mails, not when it changes other fields (upsert included)', async () => {
    const created = await createPerson(target, 'first@first-domain.example');
    await target.settled();
    const runs = (await runsOf(target)).length;
    expect((await api(target, 'PATCH', `/rest/people/${created.id}`, { jobTitle: 'CTO' })).status).toBe(200);
    const upsert = await api(target, 'POST', '/rest/people?upsert=true', { emails: { primaryEmail: 'first@first-domain.example' }, jobTitle: 'CEO' });
    expect(upsert.status).toBe(201);
    await target.settled();
    expect(await runsOf(target)).toHaveLength(runs);

    expect((await api(target, 'PATCH', `/rest/people/${created.id}`, { emails: { primaryEmail: 'first@second-domain.example' } })).status).toBe(200);
    await target.settled();
    const person = await findOne(target, 'people', 'person', created.id);
    expect((await findOne(target, 'companies', 'company', person.companyId)).name).toBe('second-domain.example');
  });

  it('fails the run when a soft-deleted company still holds the domain (the search skips it, the unique index does not)', async () => {
    const company = (await api(target, 'POST', '/rest/companies', { name: 'Gone', domainName: { primaryLinkUrl: 'https://gone.example' } })).body.data.createCompany;
    expect((await api(target, 'DELETE', `/rest/companies/${company.id}?soft_delete=true`)).status).toBe(200);
    const created = await createPerson(target, 'left@gone.example');
    await target.settled();
    expect((await findOne(target, 'people', 'person', created.id)).companyId).toBeNull();
    expect((await runsOf(target))[0]).toBeDefined();
    expect((await runsOf(target)).some((r) => r.status === 'FAILED')).toBe(true);
  });

  it('does not run once its version is deactivated (PATCH status), nor once the workflow is soft-deleted', async () => {
    const ws = sandbox.workspace('named');
    const ids = workflowPrefillIds(ws.workspaceId);
    const deactivate = await api(ws, 'PATCH', `/rest/workflowVersions/${ids.createCompanyWorkflowVersionId}`, { status: 'DEACTIVATED' });
    expect(deactivate.status).toBe(200);
    const a = await createPerson(ws, 'a@deactivated.example');
    await ws.settled();
    expect((await findOne(ws, 'people', 'person', a.id)).companyId).toBeNull();
    expect(await runsOf(ws)).toHaveLength(0);

    expect((await api(ws, 'PATCH', `/rest/workflowVersions/${ids.createCompanyWorkflowVersionId}`, { status: 'ACTIVE' })).status).toBe(200);
    expect((await api(ws, 'DELETE', `/rest/workflows/${ids.createCompanyWorkflowId}?soft_delete=true`)).status).toBe(200);
    // Its versions and automated triggers go with it (workflow-common.workspace-service.ts).
    expect((await list(ws, 'workflowVersions')).totalCount).toBe(1);
    expect((await list(ws, 'workflowAutomatedTriggers')).totalCount).toBe(0);
    const b = await createPerson(ws, 'b@soft-deleted.example');
    await ws.settled();
    expect((await findOne(ws, 'people', 'person', b.id)).companyId).toBeNull();
    expect(await runsOf(ws)).toHaveLength(0);
  });

  it('never runs with workflowDelayMs: false', async () => {
    const ws = sandbox.workspace('quiet');
    const created = await createPerson(ws, 'x@quiet-domain.example');
    await ws.settled();
    expect((await findOne(ws, 'people', 'person', created.id)).companyId).toBeNull();
    expect(await runsOf(ws)).toHaveLength(0);
  });

  it('clears pending runs when the sandbox closes (default delay: 5 s)', async () => {
    const other = await startSandbox({ workspaces: [{ name: 'slow', prefill: 'signup' }] });
    const ws = other.workspace('slow');
    const res = await fetch(`${other.url}/rest/people`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ws.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ emails: { primaryEmail: 'slow@slow-domain.example' } }),
    });
    expect(res.status).toBe(201);
    expect(ws.workflows.pending).toBe(1);
    const started = Date.now();
    await other.close();
    await ws.settled();
    expect(ws.workflows.pending).toBe(0);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('webhooks', () => {
  it('list, create, get, update and delete under /rest/metadata/webhooks in the new format', async () => {
    const ws = sandbox.workspace('target');
    const created = await api(ws, 'POST', '/rest/metadata/webhooks', { targetUrl: 'https://hooks.example/in', operations: ['person.created'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      targetUrl: 'https://hooks.example/in', operations: ['person.created'], description: null, workspaceId: ws.workspaceId, deletedAt: null,
    });
    expect(created.body.secret).toMatch(/^[0-9a-f]{64}$/);
    const id = created.body.id;
    const listed = await api(ws, 'GET', '/rest/metadata/webhooks');
    expect(listed.body).toMatchObject({ data: [{ id }], totalCount: 1, pageInfo: { hasNextPage: false, startCursor: id, endCursor: id } });
    expect((await api(ws, 'GET', `/rest/metadata/webhooks/${id}`)).body.id).toBe(id);
    const updated = await api(ws, 'PATCH', `/rest/metadata/webhooks/${id}`, { description: 'CRM sync', operations: ['*.*'] });
    expect(updated).toMatchObject({ status: 200, body: { id, description: 'CRM sync', operations: ['*.*'], targetUrl: 'https://hooks.example/in' } });
    // The alias path is the same controller: bare array.
    expect((await api(ws, 'GET', '/rest/webhooks')).body).toMatchObject([{ id }]);
    expect(await api(ws, 'DELETE', `/rest/metadata/webhooks/${id}`)).toEqual({ status: 200, body: true });
    expect((await api(ws, 'GET', `/rest/metadata/webhooks/${id}`)).status).toBe(404);
    expect((await api(ws, 'GET', '/rest/metadata/webhooks')).body.totalCount).toBe(0);
  });

  it('rejects a webhook without targetUrl (400) and answers legacy workspaces in the legacy envelopes', async () => {
    expect((await api(target, 'POST', '/rest/metadata/webhooks', { operations: ['*.*'] })).status).toBe(400);
    const legacy = sandbox.workspace('legacy');
    const created = await api(legacy, 'POST', '/rest/metadata/webhooks', { targetUrl: 'https://hooks.example/legacy' });
    expect(created.status).toBe(201);
    const id = created.body.data.createOneWebhook.id;
    expect(created.body.data.createOneWebhook.operations).toEqual(['*.*']);
    expect((await api(legacy, 'GET', '/rest/metadata/webhooks')).body).toMatchObject({ data: { webhooks: [{ id }] }, totalCount: 1 });
    expect((await api(legacy, 'GET', `/rest/metadata/webhooks/${id}`)).body.data.webhook.id).toBe(id);
    expect((await api(legacy, 'DELETE', `/rest/metadata/webhooks/${id}`)).body).toEqual({ data: { deleteOneWebhook: { id } } });
  });

  it('with fireWebhooks, records the deliveries an import would fire, per matching operation', async () => {
    const ws = sandbox.workspace('hooks');
    await api(ws, 'POST', '/rest/webhooks', { targetUrl: 'https://hooks.example/people', operations: ['person.*'] });
    await api(ws, 'POST', '/rest/webhooks', { targetUrl: 'https://hooks.example/created', operations: ['*.created'] });
    const person = await createPerson(ws, 'hooked@hooks-domain.example');
    await api(ws, 'PATCH', `/rest/people/${person.id}`, { jobTitle: 'Hooked' });
    await api(ws, 'POST', '/rest/companies', { name: 'Hooked Co' });
    const seen = ws.webhooks.deliveries.map((d) => `${d.targetUrl} ${d.eventName}`);
    expect(seen).toEqual([
      'https://hooks.example/people person.created', 'https://hooks.example/created person.created',
      'https://hooks.example/people person.updated', 'https://hooks.example/created company.created',
    ]);
    expect(ws.webhooks.deliveries[0]).toMatchObject({ recordId: person.id, objectName: 'person', record: { id: person.id } });
    expect(sandbox.workspace('target').webhooks.deliveries).toEqual([]);
  });
});
