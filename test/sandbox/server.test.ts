/**
 * Sandbox behaviour that the recorded exchanges do not pin down on their own: budgets scaled down, fault injection,
 * isolation of workspaces, cascades, seeded data served through the API.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { seedWorkspace } from './seed-workspace.js';
import { startSandbox, type Sandbox } from './server.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await sandbox?.close();
  sandbox = undefined;
});

const call = async (sb: Sandbox, workspace: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(sb.url + path, {
    method,
    headers: { authorization: `Bearer ${sb.workspace(workspace).apiKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
};

describe('sandbox', () => {
  it('throttles record calls per workspace like Twenty: 429 when the window is spent, recovery after one refill period', async () => {
    sandbox = await startSandbox({
      workspaces: [{ name: 'a', rateLimit: { limit: 5, windowMs: 60_000, burst: false } }, { name: 'b', rateLimit: { limit: 5, windowMs: 60_000, burst: false } }],
    });
    // The budget reads Date.now(): freeze it so a slow machine earns no refill between requests.
    vi.useFakeTimers({ toFake: ['Date'] });
    for (let i = 0; i < 5; i++) expect((await call(sandbox, 'a', 'GET', '/rest/companies?limit=1')).status).toBe(200);
    const limited = await call(sandbox, 'a', 'GET', '/rest/companies?limit=1');
    expect(limited).toEqual({ status: 429, body: { statusCode: 429, error: 'HttpException', messages: ['Limit reached (5 tokens per 60000 ms)'] } });
    expect((await call(sandbox, 'a', 'GET', '/rest/metadata/objects?limit=1')).status).toBe(200);
    expect((await call(sandbox, 'b', 'GET', '/rest/companies?limit=1')).status).toBe(200);
    vi.setSystemTime(Date.now() + 11_000); // less than one refill period (12 s): still nothing
    expect((await call(sandbox, 'a', 'GET', '/rest/companies?limit=1')).status).toBe(429);
    vi.setSystemTime(Date.now() + 1_100);
    expect((await call(sandbox, 'a', 'GET', '/rest/companies?limit=1')).status).toBe(200);
    expect((await call(sandbox, 'a', 'GET', '/rest/companies?limit=1')).status).toBe(429);
    expect(sandbox.workspace('a').budget!.rejected).toBe(3);
    vi.useRealTimers();
  });

  it('injects faults chosen by a hook: 500s, 429s and dropped connections', async () => {
    sandbox = await startSandbox({ workspaces: [{ name: 'a' }] });
    sandbox.setFault(() => 503);
    expect((await call(sandbox, 'a', 'GET', '/rest/companies')).status).toBe(503);
    sandbox.setFault(() => 429);
    expect((await call(sandbox, 'a', 'GET', '/rest/companies')).status).toBe(429);
    sandbox.setFault(() => 'reset');
    await expect(call(sandbox, 'a', 'GET', '/rest/companies')).rejects.toThrow();
    sandbox.setFault(undefined);
    expect((await call(sandbox, 'a', 'GET', '/rest/companies')).status).toBe(200);
  });

  it('keeps workspaces apart and gives them distinct metadata ids, as real workspaces have', async () => {
    sandbox = await startSandbox({ workspaces: [{ name: 'a' }, { name: 'b' }] });
    await call(sandbox, 'a', 'POST', '/rest/companies', { name: 'Only in A' });
    expect((await call(sandbox, 'a', 'GET', '/rest/companies')).body.totalCount).toBe(1);
    expect((await call(sandbox, 'b', 'GET', '/rest/companies')).body.totalCount).toBe(0);
    const ids = (ws: string) => sandbox!.workspace(ws).model.objects.find((o) => o.nameSingular === 'company')!.id;
    expect(ids('a')).not.toBe(ids('b'));
  });

  it('serves a seeded workspace page by page with consistent counts', async () => {
    sandbox = await startSandbox({ workspaces: [{ name: 's', model: 'seeded', rateLimit: false }] });
    const summary = seedWorkspace(sandbox.workspace('s'), { records: 3000, seed: 7 });
    const people = sandbox.workspace('s').count('person');
    expect(people.active + people.deleted).toBe(summary.perObject.people);
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: any = await call(sandbox, 's', 'GET', `/rest/people?limit=200${cursor ? `&starting_after=${cursor}` : ''}`);
      for (const p of page.body.data.people) seen.add(p.id);
      expect(page.body.totalCount).toBe(people.active);
      cursor = page.body.pageInfo.hasNextPage ? page.body.pageInfo.endCursor : null;
    } while (cursor);
    expect(seen.size).toBe(people.active);
    const deleted = await call(sandbox, 's', 'GET', '/rest/people?limit=200&filter=deletedAt[is]:NOT_NULL');
    expect(deleted.body.totalCount).toBe(people.deleted);
  });

  it('cascades hard deletes to note targets and empties SET_NULL references', async () => {
    sandbox = await startSandbox({ workspaces: [{ name: 'a' }] });
    const company = (await call(sandbox, 'a', 'POST', '/rest/companies', { name: 'Acme' })).body.data.createCompany;
    const person = (await call(sandbox, 'a', 'POST', '/rest/people', { companyId: company.id })).body.data.createPerson;
    const note = (await call(sandbox, 'a', 'POST', '/rest/notes', { title: 'n' })).body.data.createNote;
    await call(sandbox, 'a', 'POST', '/rest/noteTargets', { noteId: note.id, targetCompanyId: company.id });
    expect((await call(sandbox, 'a', 'DELETE', `/rest/companies/${company.id}`)).status).toBe(200);
    expect((await call(sandbox, 'a', 'GET', '/rest/noteTargets')).body.totalCount).toBe(0);
    expect((await call(sandbox, 'a', 'GET', `/rest/people/${person.id}`)).body.data.person.companyId).toBeNull();
  });

  it('embeds related records at depth 1', async () => {
    sandbox = await startSandbox({ workspaces: [{ name: 'a' }] });
    const company = (await call(sandbox, 'a', 'POST', '/rest/companies', { name: 'Acme' })).body.data.createCompany;
    await call(sandbox, 'a', 'POST', '/rest/people', { companyId: company.id, name: { firstName: 'Ada', lastName: 'L' } });
    const res = await call(sandbox, 'a', 'GET', `/rest/companies/${company.id}?depth=1`);
    expect(res.body.data.company.people).toHaveLength(1);
    const person = (await call(sandbox, 'a', 'GET', '/rest/people?depth=1')).body.data.people[0];
    expect(person.company.name).toBe('Acme');
  });
});

describe('sandbox listing after writes', () => {
  it('lists the current version of a record that was updated or soft-deleted after a first listing', async () => {
    sandbox = await startSandbox({ workspaces: [{ name: 'a' }] });
    const created = (await call(sandbox, 'a', 'POST', '/rest/companies', { name: 'Before' })).body.data.createCompany;
    expect((await call(sandbox, 'a', 'GET', '/rest/companies')).body.data.companies[0].name).toBe('Before');
    await call(sandbox, 'a', 'PATCH', `/rest/companies/${created.id}`, { name: 'After' });
    expect((await call(sandbox, 'a', 'GET', '/rest/companies')).body.data.companies[0].name).toBe('After');
    await call(sandbox, 'a', 'DELETE', `/rest/companies?soft_delete=true&filter=${encodeURIComponent(`id[in]:["${created.id}"]`)}`);
    expect((await call(sandbox, 'a', 'GET', '/rest/companies')).body.totalCount).toBe(0);
    expect((await call(sandbox, 'a', 'GET', '/rest/companies?filter=deletedAt[is]:NOT_NULL')).body.totalCount).toBe(1);
  });
});
