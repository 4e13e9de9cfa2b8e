/**
 * Which objects the export reads, checked against the seeded model: user data in, generated and member objects
 * out with reasons, `--objects` honoured, unknown names refused with the valid ones listed.
 */
import { describe, expect, it } from 'vitest';
import { isMigrationError } from '../../sdk/errors.js';
import { selectObjects } from '../../sdk/export/index.js';
import { loadBuiltInModel } from '../sandbox/model/model.js';
import { schemaFromModel } from './helpers.js';

const schema = schemaFromModel(loadBuiltInModel('seeded'));
const names = (objects: Array<{ namePlural: string }>) => objects.map((o) => o.namePlural).sort();

describe('selectObjects', () => {
  it('exports user data (custom objects and noteTargets/taskTargets/attachments although system), skips generated ones', () => {
    const { export: selected, skipped } = selectObjects(schema);
    expect(names(selected)).toEqual(
      [
        'attachments', 'companies', 'dashboards', 'employmentHistories', 'noteTargets', 'notes', 'opportunities', 'people',
        'petCareAgreements', 'pets', 'rockets', 'surveyResults', 'taskTargets', 'tasks',
      ].sort(),
    );
    const reasons = Object.fromEntries(skipped.map((s) => [s.object, s.reason]));
    for (const o of ['messages', 'messageThreads', 'messageParticipants', 'messageCampaigns', 'calendarEvents', 'calendarEventParticipants', 'blocklists', 'callRecordings', 'timelineActivities', 'workflowRuns', 'workflowVersions', 'workflowAutomatedTriggers']) {
      expect(reasons[o], o).toBeTruthy();
    }
    expect(reasons.workspaceMembers).toMatch(/matched by email/);
    expect(reasons.workflows).toMatch(/recreated as drafts/);
    expect(selected.length + skipped.length).toBe(schema.objects.length);
    expect(skipped.every((s) => s.advice)).toBe(true);
  });

  it('skips inactive and remote objects, and a custom object whose name looks synced is still user data', () => {
    const copy = structuredClone(schema);
    copy.objects.find((o) => o.nameSingular === 'rocket')!.isActive = false;
    copy.objects.find((o) => o.nameSingular === 'pet')!.isRemote = true;
    const custom = copy.objects.find((o) => o.nameSingular === 'surveyResult')!;
    Object.assign(custom, { nameSingular: 'messageBoard', namePlural: 'messageBoards' });
    const { export: selected, skipped } = selectObjects(copy);
    expect(skipped.find((s) => s.object === 'rockets')?.reason).toMatch(/inactive/);
    expect(skipped.find((s) => s.object === 'pets')?.reason).toMatch(/remote/);
    expect(names(selected)).toContain('messageBoards');
  });

  it('--objects restricts the export (plural or singular, any case) and lists the others as excluded', () => {
    const { export: selected, skipped } = selectObjects(schema, { objects: ['companies', 'Person', 'timelineActivities', 'workspaceMembers'] });
    expect(names(selected)).toEqual(['companies', 'people', 'timelineActivities']);
    expect(skipped.find((s) => s.object === 'opportunities')).toMatchObject({ reason: 'not listed in --objects' });
    expect(skipped.find((s) => s.object === 'workspaceMembers')?.reason).toMatch(/matched by email/);
  });

  it('unknown names in --objects → UNKNOWN_OBJECT listing the valid names', () => {
    let error: unknown;
    try {
      selectObjects(schema, { objects: ['companies', 'compnies', 'petz'] });
    } catch (e) {
      error = e;
    }
    expect(isMigrationError(error, 'UNKNOWN_OBJECT')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('"compnies", "petz"');
    expect(message).toMatch(/Valid names: attachments, companies, .*people/);
    expect(message).not.toContain('"companies"');
  });
});
