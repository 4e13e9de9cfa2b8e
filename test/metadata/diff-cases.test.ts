/**
 * Table-driven diff cases: the fresh model with one change against itself, so each row kind shows up alone.
 */
import { describe, expect, it } from 'vitest';
import { buildWorkspaceSchema, diffSchemas, parseMetadataPage, planSchemaApply, type WorkspaceSchema } from '../../sdk/metadata/index.js';
import { hasShared, readShared } from '../support/shared.js';

const fresh = (): WorkspaceSchema => {
  const page = parseMetadataPage(readShared('openapi/target-objects.json'), 'objects')!;
  return buildWorkspaceSchema(page.items, { serverUrl: 'x', metadataFormat: page.format, openApi: readShared('openapi/target-core.json') });
};
const fieldOf = (s: WorkspaceSchema, o: string, f: string) => s.objects.find((x) => x.nameSingular === o)!.fields.find((x) => x.name === f)!;
const addCustom = (s: WorkspaceSchema, o: string, f: Partial<ReturnType<typeof fieldOf>>) =>
  s.objects.find((x) => x.nameSingular === o)!.fields.push({
    id: `id-${f.name}`, name: 'x', label: 'X', type: 'TEXT', isCustom: true, isSystem: false, isActive: true, isNullable: true, isUnique: false,
    defaultValue: null, options: null, settings: null, ...f,
  } as ReturnType<typeof fieldOf>);

type Case = [string, { change: (source: WorkspaceSchema, target: WorkspaceSchema) => void; want: Array<{ kind: string; action: string; id: string }> }];

const cases: Case[] = [
  // a version demoted it to custom (2.x: company.employees, xLink…): created as custom, its values kept
  ['standard field the target version lacks', {
    change: (_s, t) => { const o = t.objects.find((x) => x.nameSingular === 'company')!; o.fields = o.fields.filter((f) => f.name !== 'annualRevenue'); },
    want: [{ kind: 'field-missing', action: 'create', id: 'field-missing:company.annualRevenue' }],
  }],
  ['standard field the target version lacks, of a type the API cannot create', {
    change: (_s, t) => { const o = t.objects.find((x) => x.nameSingular === 'company')!; o.fields = o.fields.filter((f) => f.name !== 'searchVector'); },
    want: [{ kind: 'standard-version-difference', action: 'report', id: 'standard-version-difference:company.searchVector' }],
  }],
  ['standard object the target version lacks', {
    change: (_s, t) => { t.objects = t.objects.filter((o) => o.nameSingular !== 'dashboard'); },
    want: [{ kind: 'standard-version-difference', action: 'report', id: 'standard-version-difference:dashboard' }],
  }],
  ['custom field with another type in the target', {
    change: (s, t) => { addCustom(s, 'company', { name: 'score', type: 'NUMBER' }); addCustom(t, 'company', { name: 'score', type: 'TEXT' }); },
    want: [{ kind: 'type-conflict', action: 'report', id: 'type-conflict:company.score' }],
  }],
  ['select option missing on a standard field', {
    change: (s) => { fieldOf(s, 'opportunity', 'stage').options!.push({ value: 'ON_HOLD', label: 'On hold', color: 'gray', position: 9 }); },
    want: [{ kind: 'option-missing', action: 'add-options', id: 'option-missing:opportunity.stage' }],
  }],
  // 1.2 allowed `job` and `search`, 2.21 reserves them (recorded: reserved-field-name): a row saying what to do,
  // not a call the target refuses
  ['custom field named with a name the target reserves', {
    change: (s) => { addCustom(s, 'person', { name: 'job' }); },
    want: [{ kind: 'field-missing', action: 'report', id: 'field-missing:person.job' }],
  }],
  ['custom object named with a name the target reserves', {
    change: (s) => {
      const company = s.objects.find((x) => x.nameSingular === 'company')!;
      s.objects.push({ ...company, id: 'id-job', nameSingular: 'job', namePlural: 'jobs', labelSingular: 'Job', labelPlural: 'Jobs', isCustom: true, isSystem: false, fields: [] });
    },
    want: [{ kind: 'object-missing', action: 'report', id: 'object-missing:job' }],
  }],
  ['custom field inactive in the target', {
    change: (s, t) => { addCustom(s, 'person', { name: 'nick' }); addCustom(t, 'person', { name: 'nick', isActive: false }); },
    want: [{ kind: 'inactive-field', action: 'report', id: 'inactive-field:person.nick' }],
  }],
  ['custom field inactive in the source and absent in the target', {
    change: (s) => { addCustom(s, 'person', { name: 'old', isActive: false }); },
    want: [{ kind: 'inactive-field', action: 'skip', id: 'inactive-field:person.old' }],
  }],
  ['custom field with other settings', {
    change: (s, t) => { addCustom(s, 'company', { name: 'n', type: 'NUMBER', settings: { dataType: 'float', decimals: 2 } }); addCustom(t, 'company', { name: 'n', type: 'NUMBER', settings: { dataType: 'int' } }); },
    want: [{ kind: 'settings-differ', action: 'report', id: 'settings-differ:company.n' }],
  }],
  ['standard relation pointing elsewhere', {
    change: (_s, t) => { fieldOf(t, 'person', 'company').relation!.targetObject = 'opportunity'; },
    want: [{ kind: 'standard-version-difference', action: 'report', id: 'standard-version-difference:person.company' }],
  }],
  ['custom relation whose target object the target lacks and will not get', {
    change: (s) => { addCustom(s, 'person', { name: 'board', type: 'RELATION', relation: { kind: 'MANY_TO_ONE', targetObject: 'boardroom', inverseField: 'members' } }); },
    want: [{ kind: 'relation-missing', action: 'report', id: 'relation-missing:person.board' }],
  }],
  ['custom POSITION field (2.21 refuses it: each object has its own position)', {
    change: (s) => { addCustom(s, 'company', { name: 'rank', type: 'POSITION' }); },
    want: [{ kind: 'field-missing', action: 'report', id: 'field-missing:company.rank' }],
  }],
  ['NUMERIC field already created as NUMBER', {
    change: (s, t) => { addCustom(s, 'company', { name: 'amount', type: 'NUMERIC' }); addCustom(t, 'company', { name: 'amount', type: 'NUMBER' }); },
    want: [],
  }],
  ['RICH_TEXT_V2 field (before 1.20) already created as 2.21 RICH_TEXT', {
    change: (s, t) => { addCustom(s, 'company', { name: 'memo', type: 'RICH_TEXT_V2' }); addCustom(t, 'company', { name: 'memo', type: 'RICH_TEXT' }); },
    want: [],
  }],
];

/** Custom fields apply creates, and the type of the call that creates them. */
const creatable: Array<[string, string, string]> = [
  ['UUID', 'UUID', 'created as is'], ['ACTOR', 'ACTOR', 'created as is'], ['FILES', 'FILES', 'created as is'], ['RATING', 'RATING', 'created as is'],
  ['NUMERIC', 'NUMBER', '2.21 refuses NUMERIC'], ['RICH_TEXT_V2', 'RICH_TEXT', "the target's name for bodyV2's type"],
];

describe.skipIf(!hasShared)('diffSchemas cases', () => {
  it.each(creatable)('creates a custom %s field as %s (%s)', (type, as) => {
    const source = fresh();
    const target = fresh();
    addCustom(source, 'company', { name: 'extra', type, settings: type === 'FILES' ? { maxNumberOfValues: 2 } : null });
    const diff = diffSchemas(source, target);
    expect(diff.map(({ kind, action, id }) => ({ kind, action, id }))).toEqual([{ kind: 'field-missing', action: 'create', id: 'field-missing:company.extra' }]);
    expect(planSchemaApply(diff, source, target).calls).toMatchObject([{ method: 'POST', path: '/fields', body: { objectMetadataId: '@object:company', type: as, name: 'extra' } }]);
  });

  it.each(cases)('%s', (_name, { change, want }) => {
    const source = fresh();
    const target = fresh();
    change(source, target);
    const diff = diffSchemas(source, target);
    expect(diff.map(({ kind, action, id }) => ({ kind, action, id }))).toEqual(want);
    for (const d of diff.filter((x) => x.action === 'report')) expect(d.consequence, d.id).toBeTruthy();
    // Never a call for what must be reported, unless approved.
    const plan = planSchemaApply(diff, source, target);
    const creates = want.filter((w) => w.action === 'create').map((w) => w.id.split(':')[1]);
    expect(plan.calls.filter((c) => c.intent === 'create').flatMap((c) => c.creates)).toEqual(creates);
    expect(plan.calls.every((c) => c.intent === 'add-options' || c.intent === 'create')).toBe(true);
    expect(plan.unapplied.length + plan.calls.length).toBe(diff.length);
  });

  it('plans an approved change and nothing else', () => {
    const source = fresh();
    const target = fresh();
    addCustom(source, 'person', { name: 'nick' });
    addCustom(target, 'person', { name: 'nick', isActive: false });
    const diff = diffSchemas(source, target);
    const plan = planSchemaApply(diff, source, target, { approve: ['inactive-field:person.nick'] });
    expect(plan.calls).toMatchObject([{ intent: 'activate-field', method: 'PATCH', path: '/fields/@field:person.nick', body: { isActive: true } }]);
  });
});
