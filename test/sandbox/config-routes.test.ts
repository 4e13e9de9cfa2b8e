/**
 * The sandbox's configuration endpoints: default views per object, id validation on view writes, bare answer
 * shapes, cascade deletes, GraphQL `getRoles` and the API-key guard of `updateWorkspaceMemberRole`, and the
 * workflow record hooks (DRAFT version on create, "Method not allowed." for versions and runs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './server.js';

let sandbox: Sandbox;
const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${sandbox.url}${path}`, {
    method, headers: { authorization: `Bearer ${sandbox.workspace('w').apiKey}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  sandbox = await startSandbox({ workspaces: [{ name: 'w', rateLimit: false, workflowDelayMs: false }] });
});
afterAll(() => sandbox.close());

describe('views', () => {
  it('gives every standard object its "All <objects>" INDEX view with fields, as a bare array', async () => {
    const company = sandbox.workspace('w').index.bySingular.get('company')!;
    const views = await call('GET', `/rest/metadata/views?objectMetadataId=${company.id}`);
    expect(views.status).toBe(200);
    expect(views.body).toEqual([expect.objectContaining({ name: 'All Companies', key: 'INDEX', type: 'TABLE', isCustom: false })]);
    const fields = await call('GET', `/rest/metadata/viewFields?viewId=${views.body[0].id}`);
    expect(fields.body.length).toBeGreaterThan(3);
  });

  it('validates referenced ids and cascades deletes', async () => {
    const company = sandbox.workspace('w').index.bySingular.get('company')!;
    const person = sandbox.workspace('w').index.bySingular.get('person')!;
    const view = await call('POST', '/rest/metadata/views', { name: 'Mine', objectMetadataId: company.id, icon: 'IconList', type: 'KANBAN' });
    expect(view.status).toBe(201);
    const wrongField = await call('POST', '/rest/metadata/viewSorts', { viewId: view.body.id, fieldMetadataId: person.fields[0].id });
    expect(wrongField.status).toBe(400);
    expect((await call('POST', '/rest/metadata/viewFilters', { viewId: crypto.randomUUID(), fieldMetadataId: company.fields[0].id, value: 'x' })).status).toBe(400);
    const sort = await call('POST', '/rest/metadata/viewSorts', { viewId: view.body.id, fieldMetadataId: company.fields.find((f) => f.name === 'name')!.id, direction: 'DESC' });
    expect(sort.body).toMatchObject({ direction: 'DESC', viewId: view.body.id });
    expect((await call('DELETE', `/rest/metadata/views/${view.body.id}`)).body).toEqual({ success: true });
    expect((await call('GET', `/rest/metadata/viewSorts/${sort.body.id}`)).status).toBe(404);
    expect((await call('POST', '/rest/metadata/views', { name: 'Private', objectMetadataId: company.id, icon: 'IconList', visibility: 'UNLISTED' })).status).toBe(403);
  });

  it('serves page layouts with their tabs and widgets', async () => {
    const layout = await call('POST', '/rest/metadata/pageLayouts', { name: 'D', type: 'DASHBOARD' });
    const tab = await call('POST', '/rest/metadata/pageLayoutTabs', { pageLayoutId: layout.body.id, title: 'T' });
    await call('POST', '/rest/metadata/pageLayoutWidgets', { pageLayoutTabId: tab.body.id, title: 'W', type: 'GRAPH', gridPosition: { row: 0, column: 0, rowSpan: 1, columnSpan: 1 } });
    const got = await call('GET', `/rest/metadata/pageLayouts/${layout.body.id}`);
    expect(got.body.tabs[0].widgets[0]).toMatchObject({ title: 'W', type: 'GRAPH' });
  });
});

describe('roles over GraphQL /metadata', () => {
  it('answers getRoles and refuses member role changes to an API key', async () => {
    const roles = await call('POST', '/metadata', { query: 'query { getRoles { id label } }' });
    expect(roles.body.data.getRoles.map((r: any) => r.label)).toEqual(['Admin', 'Member']);
    const assign = await call('POST', '/metadata', { query: 'mutation M($m: UUID!, $r: UUID!) { updateWorkspaceMemberRole(workspaceMemberId: $m, roleId: $r) { id } }', variables: { m: crypto.randomUUID(), r: roles.body.data.getRoles[1].id } });
    expect(assign.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const created = await call('POST', '/metadata', { query: 'mutation C($input: CreateRoleInput!) { createOneRole(createRoleInput: $input) { id } }', variables: { input: { label: 'Ops' } } });
    expect(created.body.data.createOneRole.label).toBe('Ops');
  });
});

describe('workflow record hooks', () => {
  it('adds a DRAFT v1 version to a created workflow and refuses versions, runs and statuses', async () => {
    const wf = await call('POST', '/rest/workflows', { name: 'New' });
    expect(wf.status).toBe(201);
    const versions = [...sandbox.workspace('w').table('workflowVersion')!.rows.values()].filter((v) => v.workflowId === wf.body.data.createWorkflow.id);
    expect(versions).toEqual([expect.objectContaining({ status: 'DRAFT', name: 'v1' })]);
    expect((await call('POST', '/rest/workflowVersions', { workflowId: wf.body.data.createWorkflow.id })).body.messages).toEqual(['Method not allowed.']);
    expect((await call('POST', '/rest/workflowRuns', {})).status).toBe(403);
    expect((await call('POST', '/rest/workflows', { name: 'X', statuses: ['ACTIVE'] })).body.messages).toEqual(['Statuses cannot be set manually.']);
  });
});
