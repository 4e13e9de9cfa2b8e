/**
 * Fields referencing members come from the metadata: checked on the seeded model, and with a custom relation to
 * workspaceMember added to the sandbox and read back through readWorkspaceSchema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberReferenceFields } from '../../sdk/members/index.js';
import { readWorkspaceSchema } from '../../sdk/metadata/read.js';
import { loadBuiltInModel } from '../sandbox/model/model.js';
import type { ModelField } from '../sandbox/model/types.js';
import { schemaFromModel, startEnv, type TestEnv } from '../export/helpers.js';

const key = (f: { object: string; path: string }) => `${f.object}.${f.path}`;

describe('memberReferenceFields', () => {
  const model = loadBuiltInModel('seeded');
  const fields = memberReferenceFields(schemaFromModel(model));

  it('finds the standard relations to members and every ACTOR field', () => {
    const relations = fields.filter((f) => f.kind === 'relation').map(key).sort();
    expect(relations).toEqual([
      'blocklists.workspaceMemberId', 'calendarEventParticipants.workspaceMemberId', 'companies.accountOwnerId',
      'messageParticipants.workspaceMemberId', 'opportunities.ownerId', 'tasks.assigneeId', 'timelineActivities.workspaceMemberId',
    ]);
    const actors = fields.filter((f) => f.kind === 'actor').map(key);
    const actorFields = model.objects.flatMap((o) => o.fields.filter((f) => f.type === 'ACTOR').map((f) => `${o.namePlural}.${f.name}.workspaceMemberId`));
    expect(actors.sort()).toEqual(actorFields.sort());
    expect(actors).toContain('pets.createdBy.workspaceMemberId');
    expect(actors).toContain('companies.updatedBy.workspaceMemberId');
  });

  describe('with a custom relation to workspaceMember, read from the sandbox metadata', () => {
    let env: TestEnv;
    beforeAll(async () => {
      env = await startEnv();
      const ws = env.sourceWs;
      const pet = ws.model.objects.find((o) => o.nameSingular === 'pet')!;
      const member = ws.model.objects.find((o) => o.nameSingular === 'workspaceMember')!;
      const base = { isActive: true, isSystem: false, isNullable: true, isUnique: false, applicationId: ws.model.customApplicationId };
      const caretaker: ModelField = {
        ...base, id: '0b1c6a0e-0000-4000-8000-000000000001', objectMetadataId: pet.id, type: 'RELATION', name: 'caretaker', label: 'Caretaker',
        settings: { relationType: 'MANY_TO_ONE', joinColumnName: 'caretakerId', onDelete: 'SET_NULL' },
        relation: { targetObject: 'workspaceMember', targetField: 'caredPets' },
      };
      const inverse: ModelField = {
        ...base, id: '0b1c6a0e-0000-4000-8000-000000000002', objectMetadataId: member.id, type: 'RELATION', name: 'caredPets', label: 'Cared pets',
        settings: { relationType: 'ONE_TO_MANY' }, relation: { targetObject: 'pet', targetField: 'caretaker' },
      };
      pet.fields.push(caretaker);
      member.fields.push(inverse);
      ws.modelChanged();
    });
    afterAll(() => env?.close());

    it('finds pets.caretakerId, and nothing for the inverse side', async () => {
      const schema = await readWorkspaceSchema({ baseUrl: env.sandbox.url, apiKey: env.sourceWs.apiKey, rateLimit: false });
      const found = memberReferenceFields(schema);
      expect(found).toContainEqual({ object: 'pets', path: 'caretakerId', kind: 'relation' });
      expect(found.filter((f) => f.object === 'workspaceMembers' && f.kind === 'relation')).toEqual([]);
      // Same answer as the model-built schema: the test converter and the real reader agree.
      expect(found.map(key).sort()).toEqual(memberReferenceFields(schemaFromModel(env.sourceWs.model)).map(key).sort());
    });
  });
});
