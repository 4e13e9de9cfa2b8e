/**
 * The members stage against the sandbox: seeded source (5 members), target with some of them (emails in another
 * case) and one of its own; before and after the export; each policy.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMigrationError } from '../../sdk/errors.js';
import { exportRecords, selectObjects } from '../../sdk/export/index.js';
import { countTouched, memberReferenceFields, readMembers, runMembersStage } from '../../sdk/members/index.js';
import type { MembersFile } from '../../sdk/run/contracts.js';
import type { RunFolder } from '../../sdk/run/run-folder.js';
import { seedWorkspace } from '../sandbox/seed-workspace.js';
import { startEnv, tempRun, type TestEnv } from '../export/helpers.js';
import { expectedTouched, inviteIntoTarget } from './helpers.js';

let env: TestEnv;
let emails: string[];
let exported: RunFolder;
const cleanups: Array<() => void> = [];
const newRun = () => {
  const { run, cleanup } = tempRun();
  cleanups.push(cleanup);
  return run;
};

beforeAll(async () => {
  env = await startEnv();
  seedWorkspace(env.sourceWs, { records: 2000, seed: 1 });
  emails = (await readMembers(env.source)).map((m) => m.userEmail!);
  inviteIntoTarget(env.sourceWs, env.targetWs, emails.slice(0, 2));
  env.targetWs.insertRaw('workspaceMember', [{ ...structuredClone([...env.sourceWs.table('workspaceMember')!.rows.values()][0]), id: '7f3c0000-0000-4000-8000-0000000000aa', userEmail: 'ops@target.example', name: { firstName: 'Ops', lastName: 'Team' } }]);
  exported = newRun();
  await exportRecords({ client: env.source, schema: env.schema, run: exported, includeDeleted: true });
});
afterAll(async () => {
  for (const c of cleanups) c();
  await env?.close();
});

describe('runMembersStage', () => {
  it('before the export: maps by email ignoring case, lists who to invite, stop policy needs action', async () => {
    const run = newRun();
    const r = await runMembersStage({ source: env.source, target: env.target, schema: env.schema, run });
    expect(Object.keys(r.mapping)).toHaveLength(2);
    expect(r.unmatched.map((m) => m.userEmail).sort()).toEqual(emails.slice(2).sort());
    expect(r.touched).toBeUndefined();
    expect(r.needsAction).toBe(true);
    expect(r.toInvite).toHaveLength(3);
    for (const e of emails.slice(2)) expect(r.toInvite.join('\n')).toContain(`<${e}>`);
    expect(r.advice).toMatch(/Invite them in the target/);
    const file = JSON.parse(readFileSync(run.path('members.json'), 'utf8')) as MembersFile;
    const { needsAction: _n, toInvite: _t, advice: _a, ...asFile } = r;
    expect(file).toEqual(asFile);
    expect(file.referenceFields).toEqual(memberReferenceFields(env.schema));
    expect(run.manifest().stages.members).toMatchObject({ status: 'completed', summary: '2 matched, 3 unmatched (policy stop)' });
  });

  it('after the export: counts the records touching each unmatched member, most referenced first', async () => {
    const r = await runMembersStage({ source: env.source, target: env.target, schema: env.schema, run: exported });
    const selected = new Set(selectObjects(env.schema).export.map((o) => o.namePlural));
    const expected = expectedTouched(env.sourceWs, r.referenceFields.filter((f) => selected.has(f.object)), r.unmatched.map((m) => m.id), true);
    expect(r.touched).toEqual(expected);
    expect(Object.values(expected).every((n) => n > 0)).toBe(true);
    const counts = r.toInvite.map((line) => Number(/: (\d+) records$/.exec(line)![1]));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(r.needsAction).toBe(true);
  });

  it('countTouched reads only the lines the export state counts', async () => {
    const r = JSON.parse(readFileSync(exported.path('members.json'), 'utf8')) as MembersFile;
    const before = await countTouched(exported, r);
    const line = readFileSync(exported.path('export', 'companies.jsonl'), 'utf8').split('\n')[0];
    appendFileSync(exported.path('export', 'companies.jsonl'), `${line}\n${line}\n{"torn`); // an unacknowledged page + torn line
    expect(await countTouched(exported, r)).toEqual(before);
  });

  it('policy map:EMAIL (any case) → no action needed, mapTo is that target member; empty → no action either', async () => {
    const mapped = await runMembersStage({ source: env.source, target: env.target, schema: env.schema, run: newRun(), policy: { kind: 'map', email: 'OPS@target.example' } });
    expect(mapped).toMatchObject({ needsAction: false, mapTo: '7f3c0000-0000-4000-8000-0000000000aa', policy: { kind: 'map' } });
    expect(mapped.advice).toContain('given to ops@target.example'); // the member's own spelling
    const emptied = await runMembersStage({ source: env.source, target: env.target, schema: env.schema, run: newRun(), policy: { kind: 'empty' } });
    expect(emptied).toMatchObject({ needsAction: false, policy: { kind: 'empty' } });
    expect(emptied.mapTo).toBeUndefined();
  });

  it('map to someone who is not a target member → MAP_TARGET_NOT_A_MEMBER, stage failed, no members.json', async () => {
    const run = newRun();
    const error = await runMembersStage({ source: env.source, target: env.target, schema: env.schema, run, policy: { kind: 'map', email: emails[4] } }).catch((e) => e);
    expect(isMigrationError(error, 'MAP_TARGET_NOT_A_MEMBER')).toBe(true);
    expect(run.manifest().stages.members?.status).toBe('failed');
    expect(run.exists('members.json')).toBe(false);
  });

  it('unmatched members that no exported record references do not block the stop policy', async () => {
    inviteIntoTarget(env.sourceWs, env.targetWs, emails.slice(2), (e) => e);
    const ghost = { ...structuredClone([...env.sourceWs.table('workspaceMember')!.rows.values()][0]), id: '7f3c0000-0000-4000-8000-0000000000bb', userEmail: 'ghost@source.example' };
    env.sourceWs.insertRaw('workspaceMember', [ghost]);
    const r = await runMembersStage({ source: env.source, target: env.target, schema: env.schema, run: exported });
    expect(r.unmatched.map((m) => m.userEmail)).toEqual(['ghost@source.example']);
    expect(r.touched).toEqual({ [ghost.id]: 0 });
    expect(r.needsAction).toBe(false);
    expect(r.advice).toMatch(/no exported record references them/);
  });
});
