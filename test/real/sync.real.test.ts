/**
 * Issue 13, cutover, on the real Twenty 2.21: the seeded workspace migrated into the signed-up target with the
 * README's command; then the source gets new, edited, trashed, restored and deleted records and the target edits of
 * its own, and `npx twenty-migrate sync` must bring the target level: conflicts held and listed under the default
 * policy, target-only edits left alone, a second sync writing nothing, a killed sync resuming, and at the end the
 * independent checker finding the target equal to the source.
 *
 *   TWENTY_REAL_ROOT=<2.21 kit ROOT> npx vitest run --config vitest.real.config.ts test/real/sync.real.test.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, getJson } from './checker/http.js';
import { realEnvOrSkip, SKIP_MESSAGE } from './env.js';
import { leaksKey, runCli, suiteLock, type Run, type RunOptions } from './harness.js';
import { audit, migrateOnce, MINUTE, prepare, snapshotTarget, writeState, changesBetween, ZERO, type Scenario } from './scenario.js';
import { failureCounts } from './checker/report.js';

const real = realEnvOrSkip();
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.skipIf(!real)(real ? 'sync while both instances run (real Twenty 2.21)' : SKIP_MESSAGE, () => {
  let s: Scenario;
  let unlock: () => void = () => {};
  const ids = { renamed: '', conflict: '', person: '', note: '', opportunity: '', editedInTarget: '', jobTitle: '' };
  const one = async (side: 'source' | 'target', path: string): Promise<Json | undefined> => {
    const r = await call(real![side], `/rest${path}`);
    if (r.status === 404) return undefined;
    const data = (r.json as Json).data;
    return data ? (Object.values(data)[0] as Json) : undefined;
  };
  const inTrash = async (side: 'source' | 'target', plural: string, id: string) =>
    (((await getJson(real![side], `/rest/${plural}?filter=${encodeURIComponent(`and(id[eq]:${id},deletedAt[is]:NOT_NULL)`)}`)) as Json).data[plural] as Json[]).length === 1;
  const first = async (plural: string, extra = '') => (((await getJson(real!.source, `/rest/${plural}?limit=60${extra}`)) as Json).data[plural] as Json[]);
  const sync = async (args: string[] = [], extra: Partial<RunOptions> = {}): Promise<Run> => {
    const r = await runCli(real!, ['sync', '--run-dir', s.runDir, ...args], { log: s.log, ...extra });
    console.log(`[sync ${args.join(' ')}] exit ${r.code ?? r.signal}${r.killedAt ? ` (killed: ${r.killedAt})` : ''} after ${Math.round(r.ms / 1000)} s\n${r.stdout.split('\n').filter((l) => /^sync |conflict|Sync round|changes:|verify:/.test(l)).join('\n')}`);
    return r;
  };
  const report = () => JSON.parse(readFileSync(join(s.runDir, 'sync', 'report.json'), 'utf8'));

  beforeAll(async () => {
    unlock = await suiteLock();
  }, 6 * 60 * MINUTE);
  afterAll(() => unlock());

  it('brings the source\'s changes over, holds the conflict, leaves the target\'s own edit alone', async () => {
    s = await prepare(real!, 'sync');
    await snapshotTarget(real!, s);
    const run = await migrateOnce(real!, s);
    expect(run.code, 'exit code of `run`').toBe(0);

    const companies = await first('companies');
    ids.renamed = companies[0].id;
    ids.conflict = companies[1].id;
    ids.note = (await first('notes'))[0].id;
    ids.opportunity = (await first('opportunities'))[0].id;
    const patch = (side: 'source' | 'target', path: string, body: unknown) => call(real![side], `/rest${path}`, { method: 'PATCH', body });
    expect((await patch('source', `/companies/${ids.renamed}`, { name: 'Renamed in the source' })).status).toBe(200);
    expect((await patch('source', `/companies/${ids.conflict}`, { name: 'Source side of the conflict' })).status).toBe(200);
    const created = await call(real!.source, '/rest/people', { method: 'POST', body: { name: { firstName: 'New', lastName: 'Since' }, companyId: ids.renamed } });
    expect(created.status).toBeLessThan(300);
    ids.person = ((created.json as Json).data.createPerson as Json).id;
    expect((await call(real!.source, `/rest/notes/${ids.note}?soft_delete=true`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(real!.source, `/rest/opportunities/${ids.opportunity}`, { method: 'DELETE' })).status).toBe(200); // for good
    const person = (await first('people'))[5];
    ids.editedInTarget = person.id;
    ids.jobTitle = person.jobTitle;
    expect((await patch('target', `/people/${person.id}`, { jobTitle: 'Edited in the target' })).status).toBe(200);
    expect((await patch('target', `/companies/${ids.conflict}`, { name: 'Target side of the conflict' })).status).toBe(200);

    const r = await sync(['--full-scan', '--delete-missing']);
    expect(r.code, 'exit 3: a conflict is held').toBe(3);
    expect(leaksKey(real!, s.log), 'the CLI output contains an API key').toBe(false);
    expect((await one('target', `/companies/${ids.renamed}`))?.name).toBe('Renamed in the source');
    expect(await one('target', `/people/${ids.person}`)).toMatchObject({ name: { firstName: 'New', lastName: 'Since' }, companyId: ids.renamed });
    expect(await inTrash('target', 'notes', ids.note)).toBe(true);
    expect(await inTrash('target', 'opportunities', ids.opportunity)).toBe(true);
    expect((await one('target', `/people/${ids.editedInTarget}`))?.jobTitle).toBe('Edited in the target');
    expect((await one('target', `/companies/${ids.conflict}`))?.name).toBe('Target side of the conflict');
    const conflicts = readFileSync(join(s.runDir, 'sync', 'conflicts.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(conflicts).toMatchObject([{ object: 'companies', sourceId: ids.conflict, resolution: 'held', bothChanged: ['name'] }]);
    const rep = report();
    console.log(`[sync 1] requests ${JSON.stringify(rep.requests)}; changes ${rep.changes.requests} (full scan ${rep.changes.fullScanCost}); verify ${JSON.stringify({ checked: rep.verify.checked, problems: rep.verify.problems.length })}`);
    expect(rep.verify.problems).toEqual([]);
  }, 30 * MINUTE);

  it('a second sync writes nothing', async () => {
    expect(s, 'needs the first test').toBeDefined();
    const before = await writeState(real!);
    const r = await sync();
    expect(r.code).toBe(3); // the conflict is still held
    expect(changesBetween(before, await writeState(real!))).toEqual([]);
    const rep = report();
    expect(rep.import).toBeUndefined();
    console.log(`[sync 2] requests ${JSON.stringify(rep.requests)}`);
  }, 20 * MINUTE);

  it('restores what the source restored; `--on-conflict source` writes the source over the conflict', async () => {
    expect((await call(real!.source, `/rest/restore/notes?filter=${encodeURIComponent(`id[eq]:${ids.note}`)}`, { method: 'PATCH' })).status).toBe(200);
    const r = await sync(['--on-conflict', 'source']);
    expect(r.code).toBe(0);
    expect(await inTrash('target', 'notes', ids.note)).toBe(false);
    expect(await one('target', `/notes/${ids.note}`)).toBeDefined();
    expect((await one('target', `/companies/${ids.conflict}`))?.name).toBe('Source side of the conflict');
  }, 20 * MINUTE);

  it('a sync killed while it writes resumes, and the target ends equal to the source', async () => {
    const people = (await first('people', '&order_by=createdAt')).filter((p) => p.id !== ids.editedInTarget).slice(0, 40);
    for (const p of people) expect((await call(real!.source, `/rest/people/${p.id}`, { method: 'PATCH', body: { jobTitle: `Changed ${p.id.slice(0, 8)}` } })).status).toBe(200);
    const killed = await sync([], { killWhen: /^changes: /m, killDelayMs: 1500 });
    expect(killed.killedAt).toBeDefined();
    const r = await sync();
    expect(r.code).toBe(0);
    for (const p of people) expect((await one('target', `/people/${p.id}`))?.jobTitle).toBe(`Changed ${p.id.slice(0, 8)}`);
    // The target's own edit is the admin's to settle: put back by hand, as the checklist says, before the audit.
    expect((await call(real!.target, `/rest/people/${ids.editedInTarget}`, { method: 'PATCH', body: { jobTitle: ids.jobTitle } })).status).toBe(200);
    const report = await audit(real!, s, 'after-sync');
    expect(failureCounts(report)).toEqual(ZERO(report));
  }, 30 * MINUTE);
});
