/**
 * diffSchemas between a Twenty 1.2 source and a 2.21 target (the sandbox's 1.2 model, as recorded from the real
 * 1.2.0). Two things the real 2.21 refused when `schema apply` sent them: the 1.x attachment field `type` (2.x reserves
 * the name, and holds the value in `fileCategory`) and 1.2's lowercase `messageParticipant.role` options. Neither
 * is sent now: what 2.x holds elsewhere is carried there, and objects the migration never writes (synced mail and
 * calendar data) keep the target's version of their fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../sdk/migrate.js';
import { diffSchemas, readWorkspaceSchema, type SchemaDifference } from '../../sdk/metadata/index.js';
import { seedWorkspace12 } from '../sandbox/flavours/v1-2/index.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';
import { cleanupDirs, optionsBetween, tempDir } from '../migrate/helpers.js';

let source: Sandbox;
let target: Sandbox;
let diff: SchemaDifference[];

beforeAll(async () => {
  source = await startSandbox({ flavour: '1.2', workspaces: [{ name: 'source', model: 'seeded-1.2', rateLimit: false, timeline: false }] });
  target = await startSandbox({ workspaces: [{ name: 'target', model: 'fresh', rateLimit: false, prefill: 'signup', workflowDelayMs: false }] });
  seedWorkspace12(source.workspace('source'), { records: 10, seed: 3, softDeletedShare: 0 });
  const sides = await connect(optionsBetween(source, target, tempDir()));
  const read = (s: typeof sides.source) => readWorkspaceSchema({ metadata: s.metadata, core: s.core, capabilities: s.info.capabilities });
  diff = diffSchemas(await read(sides.source), await read(sides.target));
}, 60_000);

afterAll(async () => {
  await Promise.all([source?.close(), target?.close()]);
  cleanupDirs();
});

const rowOf = (object: string, field: string) => diff.find((d) => d.object === object && d.field === field);

describe('diffSchemas from 1.2 to 2.21', () => {
  it("does not create 1.x attachment fields that 2.x holds elsewhere: they are carried into the target's own", () => {
    expect(rowOf('attachment', 'type')).toMatchObject({ action: 'skip', detail: expect.stringContaining('attachment.fileCategory') });
    expect(rowOf('attachment', 'author')).toMatchObject({ action: 'skip', detail: expect.stringContaining('attachment.createdBy') });
  });

  it("says where 1.x's note, task and attachment links go instead of reporting them as dropped", () => {
    expect(rowOf('noteTarget', 'person')).toMatchObject({ action: 'skip', detail: expect.stringContaining('noteTarget.targetPersonId') });
    expect(rowOf('taskTarget', 'company')).toMatchObject({ action: 'skip', detail: expect.stringContaining('taskTarget.targetCompanyId') });
    // a custom object of the source: Twenty adds the morph column when apply creates the object
    expect(rowOf('noteTarget', 'rocket')).toMatchObject({ action: 'skip', detail: expect.stringContaining('targetRocketId, which Twenty adds when rocket is created') });
    expect(rowOf('workspaceMember', 'authoredAttachments')).toMatchObject({ action: 'skip', detail: expect.stringContaining('list side') });
    const dropped = diff.filter((d) => d.action === 'report' && d.consequence?.includes('will be dropped'));
    expect(dropped.filter((d) => /^(noteTarget|taskTarget|attachment|timelineActivity)$/.test(d.object))).toEqual([]);
  });

  it('leaves the fields and options of synced mail and calendar objects as the target has them', () => {
    expect(rowOf('messageParticipant', 'role')).toMatchObject({ action: 'skip', detail: expect.stringMatching(/from, to, cc, bcc .*not migrated/) });
    expect(rowOf('calendarEvent', 'iCalUID')).toMatchObject({ action: 'skip' });
    const changes = diff.filter((d) => d.action === 'create' || d.action === 'add-options');
    expect(changes.filter((d) => /^(message|calendar)/.test(d.object))).toEqual([]);
  });

  it("still creates what records need: the source's custom objects and fields, and standard fields 2.x demoted", () => {
    expect(rowOf('company', 'employees')).toMatchObject({ action: 'create' });
    expect(rowOf('pet', 'species')).toMatchObject({ action: 'create' });
    expect(diff.find((d) => d.kind === 'object-missing' && d.object === 'rocket')).toMatchObject({ action: 'create' });
  });
});
