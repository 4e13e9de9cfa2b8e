/**
 * A seeded workspace's configuration, for the configuration stage's tests: on top of the default views, a custom
 * company view with nested filter groups, filters on a member and a number, sorts and reordered fields; changes to
 * the default "All Companies" view; a kanban of pets grouped by species; a calendar of opportunities by close
 * date; an ACTIVE workflow with several steps referencing objects, fields, members and a record (plus a code step,
 * which cannot be copied); a draft-only workflow; a dashboard with two tabs and widgets; a webhook; a custom role
 * with object, field and flag permissions held by two members. Deterministic for a given workspace content.
 */
import { fullRow } from '../prefill/rows.js';
import type { Row } from '../records/table.js';
import type { SandboxWorkspace } from '../workspace.js';

export interface ConfigSeed {
  views: { custom: string; kanban: string; calendar: string };
  workflows: { active: string; draft: string };
  dashboard: { id: string; pageLayoutId: string };
  webhook: string;
  role: string;
  members: string[];
}

const ID = (n: number) => `c0f1a000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export function seedConfiguration(ws: SandboxWorkspace): ConfigSeed {
  const store = ws.config.ready();
  const object = (name: string) => {
    const o = ws.index.bySingular.get(name);
    if (!o) throw new Error(`seedConfiguration: workspace ${ws.name} has no object ${name}`);
    return o;
  };
  const field = (o: string, f: string) => {
    const x = object(o).fields.find((y) => y.name === f);
    if (!x) throw new Error(`seedConfiguration: no field ${o}.${f}`);
    return x.id;
  };
  const rowsOf = (o: string) => [...(ws.table(o)?.rows.values() ?? [])].filter((r) => !r.deletedAt).sort((a, b) => String(a.id).localeCompare(String(b.id)));
  const members = rowsOf('workspaceMember').slice(0, 2).map((m) => m.id as string);
  const company = rowsOf('company')[0]?.id as string;
  const now = '2025-06-01T00:00:00.000Z';

  // The default company view, tuned: a field hidden, one resized, one moved first.
  const index = store.list('views', { objectMetadataId: object('company').id }).find((v) => v.key === 'INDEX')!;
  const indexFields = store.list('viewFields', { viewId: index.id });
  store.update('viewFields', indexFields.find((f) => f.fieldMetadataId === field('company', 'linkedinLink'))!.id, { isVisible: false });
  store.update('viewFields', indexFields.find((f) => f.fieldMetadataId === field('company', 'employees'))!.id, { size: 90, position: -1 });
  store.create('viewSorts', { viewId: index.id, fieldMetadataId: field('company', 'name'), direction: 'ASC' });

  // A custom view: (employees >= 100 AND (owner IS m1 OR visaSponsorship IS true)), sorted.
  const custom = store.create('views', { name: 'Big customers', objectMetadataId: object('company').id, type: 'TABLE', icon: 'IconBuildingSkyscraper', position: 2, isCompact: true });
  ['name', 'employees', 'accountOwner', 'annualRevenue', 'visaSponsorship'].forEach((f, i) =>
    store.create('viewFields', { viewId: custom.id, fieldMetadataId: field('company', f), position: i, isVisible: f !== 'annualRevenue', size: 120 + i * 10, ...(f === 'employees' ? { aggregateOperation: 'SUM' } : {}) }));
  const root = store.create('viewFilterGroups', { viewId: custom.id, logicalOperator: 'AND', positionInViewFilterGroup: 0 });
  const inner = store.create('viewFilterGroups', { viewId: custom.id, logicalOperator: 'OR', parentViewFilterGroupId: root.id, positionInViewFilterGroup: 1 });
  store.create('viewFilters', { viewId: custom.id, fieldMetadataId: field('company', 'employees'), operand: 'GREATER_THAN_OR_EQUAL', value: '100', viewFilterGroupId: root.id, positionInViewFilterGroup: 0 });
  store.create('viewFilters', {
    viewId: custom.id, fieldMetadataId: field('company', 'accountOwner'), operand: 'IS', viewFilterGroupId: inner.id, positionInViewFilterGroup: 0,
    value: JSON.stringify({ isCurrentWorkspaceMemberSelected: false, selectedRecordIds: [members[0]] }),
  });
  store.create('viewFilters', { viewId: custom.id, fieldMetadataId: field('company', 'visaSponsorship'), operand: 'IS', value: 'true', viewFilterGroupId: inner.id, positionInViewFilterGroup: 1 });
  store.create('viewFilters', { viewId: custom.id, fieldMetadataId: field('company', 'name'), operand: 'CONTAINS', value: 'a' });
  store.create('viewSorts', { viewId: custom.id, fieldMetadataId: field('company', 'employees'), direction: 'DESC' });
  store.create('viewSorts', { viewId: custom.id, fieldMetadataId: field('company', 'name'), direction: 'ASC' });

  // A kanban of pets by species, counting.
  const species = object('pet').fields.find((f) => f.name === 'species')!;
  const kanban = store.create('views', {
    name: 'Pets by species', objectMetadataId: object('pet').id, type: 'KANBAN', icon: 'IconLayoutKanban', position: 1,
    mainGroupByFieldMetadataId: species.id, kanbanAggregateOperation: 'COUNT', kanbanAggregateOperationFieldMetadataId: field('pet', 'name'),
  });
  ['name', 'species', 'age'].forEach((f, i) => store.create('viewFields', { viewId: kanban.id, fieldMetadataId: field('pet', f), position: i, isVisible: true, size: 150 }));
  (species.options ?? []).forEach((o, i) => store.create('viewGroups', { viewId: kanban.id, fieldMetadataId: species.id, fieldValue: o.value, position: i, isVisible: i !== 1 }));

  // A calendar of opportunities by close date.
  const calendar = store.create('views', {
    name: 'Closing calendar', objectMetadataId: object('opportunity').id, type: 'CALENDAR', icon: 'IconCalendar', position: 3,
    calendarLayout: 'MONTH', calendarFieldMetadataId: field('opportunity', 'closeDate'),
  });
  store.create('viewFields', { viewId: calendar.id, fieldMetadataId: field('opportunity', 'name'), position: 0, isVisible: true, size: 150 });
  // A personal view: invisible to API keys, reported by the stage as a general item.
  store.create('views', { name: 'My pets', objectMetadataId: object('pet').id, icon: 'IconList', visibility: 'UNLISTED' });

  // An ACTIVE workflow: when a company is created with >= 10 employees, find its people, create a task for a
  // member, re-assign a known company to another member, and run a code step.
  const [s1, s2, s3, s4, s5] = [ID(11), ID(12), ID(13), ID(14), ID(15)];
  const trigger = {
    name: 'Company created', type: 'DATABASE_EVENT', nextStepIds: [s1],
    settings: {
      eventName: 'company.created', outputSchema: {},
      filter: {
        stepFilterGroups: [{ id: ID(20), logicalOperator: 'AND' }],
        stepFilters: [{ id: ID(21), type: 'NUMBER', operand: 'GREATER_THAN_OR_EQUAL', value: '10', stepOutputKey: '{{trigger.properties.after.employees}}', stepFilterGroupId: ID(20), fieldMetadataId: field('company', 'employees'), positionInStepFilterGroup: 0 }],
      },
    },
  };
  const step = (id: string, name: string, type: string, input: unknown, next: string[]) => ({ id, name, type, valid: true, nextStepIds: next, settings: { input, outputSchema: {}, errorHandlingOptions: { retryOnFailure: { value: false }, continueOnFailure: { value: false } } } });
  const steps = [
    step(s1, 'Find its people', 'FIND_RECORDS', {
      objectName: 'person', limit: 10,
      filter: { recordFilterGroups: [{ id: ID(30), logicalOperator: 'AND' }], recordFilters: [{ id: ID(31), type: 'RELATION', operand: 'IS', label: 'Company', fieldMetadataId: field('person', 'company'), value: '{{trigger.properties.after.id}}', recordFilterGroupId: ID(30) }] },
    }, [s2]),
    step(s2, 'Create a follow-up task', 'CREATE_RECORD', { objectName: 'task', objectRecord: { title: 'Call {{trigger.properties.after.name}}', assigneeId: members[0], status: 'TODO' } }, [s3]),
    step(s3, 'Re-assign the reference account', 'UPDATE_RECORD', { objectName: 'company', objectRecordId: company, objectRecord: { accountOwnerId: members[1] }, fieldsToUpdate: ['accountOwnerId'] }, [s4]),
    step(s4, 'Only big ones', 'FILTER', { stepFilterGroups: [{ id: ID(40), logicalOperator: 'OR' }], stepFilters: [{ id: ID(41), type: 'SELECT', operand: 'IS', value: JSON.stringify([members[1]]), stepOutputKey: `{{${s2}.assigneeId}}`, stepFilterGroupId: ID(40), positionInStepFilterGroup: 0 }] }, [s5]),
    step(s5, 'Score the company', 'CODE', { logicFunctionId: ID(50), logicFunctionInput: { name: '{{trigger.properties.after.name}}' } }, []),
  ];
  const wfActive = ID(1);
  const wfDraft = ID(2);
  const version = (id: string, workflowId: string, status: string, t: unknown, s: unknown, name: string, createdAt: string): Row =>
    fullRow(ws, 'workflowVersion', { id, workflowId, status, trigger: t, steps: s, name, position: 0, createdAt, updatedAt: createdAt, deletedAt: null });
  ws.insertRaw('workflow', [
    fullRow(ws, 'workflow', { id: wfActive, name: 'Follow up new companies', statuses: ['ACTIVE'], lastPublishedVersionId: ID(3), position: 0, createdAt: now, updatedAt: now, deletedAt: null }),
    fullRow(ws, 'workflow', { id: wfDraft, name: 'Manual pet check', statuses: ['DRAFT'], position: 1, createdAt: now, updatedAt: now, deletedAt: null }),
  ]);
  ws.insertRaw('workflowVersion', [
    version(ID(4), wfActive, 'DEACTIVATED', trigger, steps.slice(0, 2), 'v1', '2025-05-01T00:00:00.000Z'),
    version(ID(3), wfActive, 'ACTIVE', trigger, steps, 'v2', now),
    version(ID(5), wfDraft, 'DRAFT', { name: 'Launch manually', type: 'MANUAL', settings: { outputSchema: {}, availability: { type: 'SINGLE_RECORD', objectNameSingular: 'pet' } }, nextStepIds: [ID(16)] },
      [step(ID(16), 'Flag the pet', 'UPDATE_RECORD', { objectName: 'pet', objectRecordId: '{{trigger.record.id}}', objectRecord: { comments: 'checked' }, fieldsToUpdate: ['comments'] }, [])], 'v1', now),
  ]);

  // A dashboard: two tabs, a graph widget on company fields and a view widget showing the custom view.
  const layout = store.create('pageLayouts', { name: 'Sales overview', type: 'DASHBOARD' });
  const tab1 = store.create('pageLayoutTabs', { pageLayoutId: layout.id, title: 'Pipeline', position: 0 });
  const tab2 = store.create('pageLayoutTabs', { pageLayoutId: layout.id, title: 'Accounts', position: 1 });
  store.create('pageLayoutWidgets', {
    pageLayoutTabId: tab1.id, title: 'Employees by owner', type: 'GRAPH', objectMetadataId: object('company').id,
    gridPosition: { row: 0, column: 0, rowSpan: 4, columnSpan: 6 },
    configuration: { graphType: 'VERTICAL_BAR', aggregateFieldMetadataId: field('company', 'employees'), aggregateOperation: 'SUM', primaryAxisGroupByFieldMetadataId: field('company', 'accountOwner') },
  });
  store.create('pageLayoutWidgets', { pageLayoutTabId: tab1.id, title: 'Pipeline total', type: 'GRAPH', objectMetadataId: object('opportunity').id, gridPosition: { row: 0, column: 6, rowSpan: 2, columnSpan: 3 }, configuration: { graphType: 'AGGREGATE', aggregateFieldMetadataId: field('opportunity', 'amount'), aggregateOperation: 'SUM' } });
  store.create('pageLayoutWidgets', { pageLayoutTabId: tab2.id, title: 'Big customers', type: 'VIEW', objectMetadataId: object('company').id, gridPosition: { row: 0, column: 0, rowSpan: 6, columnSpan: 12 }, configuration: { viewId: custom.id } });
  const dashboard = ID(60);
  ws.insertRaw('dashboard', [fullRow(ws, 'dashboard', { id: dashboard, title: 'Sales overview', pageLayoutId: layout.id, position: 0, createdAt: now, updatedAt: now, deletedAt: null })]);

  const webhook = ws.webhooks.create({ targetUrl: 'https://hooks.old.example/twenty', operations: ['company.created', 'person.*'], description: 'CRM sync' });

  const role = ws.config.roles.create({
    label: 'Sales', description: 'Sales team', icon: 'IconCoin', canReadAllObjectRecords: true, canUpdateAllObjectRecords: false,
    canSoftDeleteAllObjectRecords: false, canDestroyAllObjectRecords: false, canUpdateAllSettings: false,
  });
  role.objectPermissions = [
    { objectMetadataId: object('company').id, canReadObjectRecords: true, canUpdateObjectRecords: true, canSoftDeleteObjectRecords: false, canDestroyObjectRecords: false },
    { objectMetadataId: object('pet').id, canReadObjectRecords: false, canUpdateObjectRecords: false, canSoftDeleteObjectRecords: false, canDestroyObjectRecords: false },
  ];
  role.fieldPermissions = [{ id: ID(70), objectMetadataId: object('company').id, fieldMetadataId: field('company', 'annualRevenue'), canReadFieldValue: false, canUpdateFieldValue: false }];
  role.permissionFlags = ['EXPORT_CSV', 'VIEWS'];
  for (const m of members) ws.config.roles.assignments.set(m, role.id);

  return {
    views: { custom: custom.id, kanban: kanban.id, calendar: calendar.id }, workflows: { active: wfActive, draft: wfDraft },
    dashboard: { id: dashboard, pageLayoutId: layout.id }, webhook: webhook.id, role: role.id, members,
  };
}
