/**
 * A Twenty 1.x workflow in the shape 2.x runs. The 1.2 definition below is the real 1.2.0 seed's "Quick Lead"
 * (trimmed): without `trigger.nextStepIds`, 2.21 would start no step (run-workflow.job.ts reads only those).
 */
import { describe, expect, it } from 'vitest';
import { fromOlderWorkflow } from '../../sdk/config-migration/workflow-versions.js';

const FORM = '6e089bc9-aabd-435f-865f-f31c01c8f4a7';
const COMPANY = '0715b6cd-7cc1-4b98-971b-00f54dfe643b';
const PERSON = '9a7d1b8e-1f0b-4c55-9d5e-3f0a5f8f8b11';
const quickLead = {
  trigger: { name: 'Launch manually', type: 'MANUAL', settings: { outputSchema: {} } },
  steps: [
    { id: FORM, name: 'Quick Lead Form', type: 'FORM', settings: { input: [] }, nextStepIds: [COMPANY] },
    { id: COMPANY, name: 'Create Company', type: 'CREATE_RECORD', settings: { input: { objectName: 'company', objectRecord: { name: `{{${FORM}.companyName}}` } } }, nextStepIds: [PERSON] },
    { id: PERSON, name: 'Create Person', type: 'CREATE_RECORD', settings: { input: { objectName: 'person' } }, nextStepIds: [] },
  ],
};

describe('workflow definitions of an older source', () => {
  it('starts the trigger at the root steps, as 1.x ran them, and makes a manual trigger available everywhere', () => {
    const out = fromOlderWorkflow('1.2.0', quickLead.trigger, quickLead.steps);
    expect(out.trigger).toEqual({ name: 'Launch manually', type: 'MANUAL', settings: { outputSchema: {}, availability: { type: 'GLOBAL' } }, nextStepIds: [FORM] });
    expect(out.steps).toBe(quickLead.steps);
    expect(out.converted).toHaveLength(2);
    expect(out.toCheck).toEqual([]);
  });

  it('turns a record trigger into SINGLE_RECORD availability and reads its fields from the payload', () => {
    const steps = [{ id: COMPANY, name: 'Update', type: 'UPDATE_RECORD', settings: { input: { objectRecordId: '{{trigger.id}}', meta: '{{trigger.payload.x}}' } }, nextStepIds: [] }];
    const out = fromOlderWorkflow('1.2.0', { type: 'MANUAL', settings: { objectType: 'company', outputSchema: {} } }, steps);
    expect(out.trigger).toMatchObject({ settings: { availability: { type: 'SINGLE_RECORD', objectNameSingular: 'company' } }, nextStepIds: [COMPANY] });
    expect((out.trigger as { settings: object }).settings).not.toHaveProperty('objectType');
    expect(out.steps).toEqual([{ ...steps[0], settings: { input: { objectRecordId: '{{trigger.payload.id}}', meta: '{{trigger.payload.x}}' } } }]);
  });

  it('names the steps whose settings changed shape, and leaves a 2.x definition alone', () => {
    const steps = [{ id: FORM, name: 'Run code', type: 'CODE', settings: {}, nextStepIds: [] }];
    expect(fromOlderWorkflow('1.2.0', { type: 'DATABASE_EVENT', settings: { eventName: 'person.created' } }, steps).toCheck).toEqual([
      'step "Run code": check its code function (1.x serverlessFunctionId, 2.x logicFunctionId)',
    ]);
    const current = fromOlderWorkflow('2.21.0', quickLead.trigger, quickLead.steps);
    expect(current.trigger).toBe(quickLead.trigger);
    expect(current.converted).toEqual([]);
  });
});
