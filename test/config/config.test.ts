/**
 * The configuration stage end to end against the sandbox: a seeded source with custom views (nested filter groups,
 * filters on members and numbers, sorts), a kanban and a calendar view, an active multi-step workflow, a dashboard
 * with widgets, a webhook and a custom role, migrated after the data model and the records into a fresh target.
 * Every item verifies, a re-run changes nothing, and the report says what was left to do by hand and why.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configurationStage, verifyConfigurationStage, type ConfigStageResult } from '../../sdk/config-migration/index.js';
import { selectObjects } from '../../sdk/export/index.js';
import { connect, exportStage, importStage, membersStage, planStage, schemaStage, transformStage, type Migration } from '../../sdk/migrate.js';
import { ADMIN, cleanupDirs, migrationOptions, startPair, tempDir, type Pair } from '../migrate/helpers.js';
import { seedConfiguration, type ConfigSeed } from '../sandbox/seed/config.js';

const NEW_HOOKS = (url: string) => (url.startsWith('https://hooks.old.example') ? url.replace('hooks.old.example', 'hooks.new.example') : undefined);

async function migrateRecords(pair: Pair, runDir: string): Promise<Migration> {
  const m = await connect(migrationOptions(pair, runDir));
  const schema = await schemaStage(m, { apply: true });
  // Workflows are the configuration stage's: Twenty refuses a workflow record created with its statuses.
  const objects = selectObjects(schema.source).export.map((o) => o.namePlural).filter((p) => p !== 'workflows');
  await exportStage(m, { objects, includeDeleted: true });
  await membersStage(m, { kind: 'map', email: ADMIN });
  await planStage(m, { objects });
  await transformStage(m);
  await importStage(m);
  return m;
}

describe('configuration stage', () => {
  let pair: Pair;
  let seed: ConfigSeed;
  let m: Migration;
  let first: ConfigStageResult;
  let second: ConfigStageResult;
  let runDir: string;

  beforeAll(async () => {
    pair = await startPair({ records: 150, seed: 5, accepted: 'all' });
    seed = seedConfiguration(pair.sandbox.workspace('source'));
    runDir = tempDir();
    m = await migrateRecords(pair, runDir);
    first = await configurationStage(m, { webhookUrl: NEW_HOOKS });
    second = await configurationStage(m, { webhookUrl: NEW_HOOKS });
  }, 60_000);

  afterAll(async () => {
    await pair?.close();
    cleanupDirs();
  });

  it('creates what the target lacks and fails nothing', () => {
    expect(first.items.filter((i) => i.action === 'failed')).toEqual([]);
    expect(first.counts.created).toBeGreaterThanOrEqual(8);
    const keys = first.items.map((i) => `${i.action} ${i.key}`);
    expect(keys).toEqual(expect.arrayContaining([
      'created view company/"Big customers"', 'created view pet/"Pets by species"', 'created view opportunity/"Closing calendar"',
      'updated view company/INDEX', 'created workflow "Follow up new companies"', 'created workflow "Manual pet check"',
      'created dashboard "Sales overview"', 'created role "Sales"', 'created webhook https://hooks.old.example/twenty (company.created,person.*)',
    ]));
  });

  it('maps the default views instead of duplicating them', () => {
    const target = pair.sandbox.workspace('target');
    const views = target.config.store.list('views');
    for (const o of target.model.objects) expect(views.filter((v) => v.objectMetadataId === o.id && v.key === 'INDEX').length).toBeLessThanOrEqual(1);
    const opportunity = target.index.bySingular.get('opportunity')!;
    expect(views.filter((v) => v.objectMetadataId === opportunity.id && v.name === 'By Stage')).toHaveLength(1);
  });

  it('holds the kanban, calendar and filtered views with target ids', () => {
    const target = pair.sandbox.workspace('target');
    const store = target.config.store;
    const pet = target.index.bySingular.get('pet')!;
    const kanban = store.list('views', { objectMetadataId: pet.id }).find((v) => v.name === 'Pets by species')!;
    expect(kanban).toMatchObject({ type: 'KANBAN', mainGroupByFieldMetadataId: pet.fields.find((f) => f.name === 'species')!.id, kanbanAggregateOperation: 'COUNT' });
    // in the order the board shows them (position): groups created in one millisecond list in no fixed order
    const columns = (gs: Array<Record<string, unknown>>) => [...gs].sort((a, b) => Number(a.position) - Number(b.position)).map((g) => [g.fieldValue, g.isVisible, g.position]);
    expect(columns(store.list('viewGroups', { viewId: kanban.id }))).toEqual(
      columns(pair.sandbox.workspace('source').config.store.list('viewGroups', { viewId: seed.views.kanban })));
    const company = target.index.bySingular.get('company')!;
    const custom = store.list('views', { objectMetadataId: company.id }).find((v) => v.name === 'Big customers')!;
    const owner = store.list('viewFilters', { viewId: custom.id }).find((f) => f.fieldMetadataId === company.fields.find((x) => x.name === 'accountOwner')!.id)!;
    expect(JSON.parse(owner.value as string).selectedRecordIds).toEqual([pair.memberMap[seed.members[0]]]);
    const groups = store.list('viewFilterGroups', { viewId: custom.id });
    expect(groups.map((g) => g.logicalOperator).sort()).toEqual(['AND', 'OR']);
    expect(store.find('viewFilterGroups', owner.viewFilterGroupId as string)?.parentViewFilterGroupId).toBe(groups.find((g) => g.logicalOperator === 'AND')!.id);
    const calendar = store.list('views').find((v) => v.name === 'Closing calendar')!;
    expect(calendar).toMatchObject({ type: 'CALENDAR', calendarLayout: 'MONTH', calendarFieldMetadataId: target.index.bySingular.get('opportunity')!.fields.find((f) => f.name === 'closeDate')!.id });
  });

  it('recreates the active workflow as a draft with its references mapped, and lists the manual steps', () => {
    const target = pair.sandbox.workspace('target');
    const versions = [...target.table('workflowVersion')!.rows.values()].filter((v) => v.workflowId === seed.workflows.active);
    expect(versions).toHaveLength(1);
    expect(versions[0].status).toBe('DRAFT');
    const steps = versions[0].steps as any[];
    expect(steps.map((s) => s.type)).toEqual(['FIND_RECORDS', 'CREATE_RECORD', 'UPDATE_RECORD', 'FILTER', 'CODE']);
    expect(steps[1].settings.input.objectRecord.assigneeId).toBe(pair.memberMap[seed.members[0]]);
    expect(steps[2].settings.input.objectRecord.accountOwnerId).toBe(pair.memberMap[seed.members[1]]);
    expect(steps[3].settings.input.stepFilters[0].value).toBe(JSON.stringify([pair.memberMap[seed.members[1]]]));
    expect(steps[0].settings.input.filter.recordFilters[0].fieldMetadataId).toBe(target.index.bySingular.get('person')!.fields.find((f) => f.name === 'company')!.id);
    const item = first.items.find((i) => i.key === 'workflow "Follow up new companies"')!;
    expect(item.detail).toContain('1 older version(s) not copied');
    expect(item.manual).toContain('Open Workflows → Follow up new companies → Activate');
    expect(item.manual).toContain('step "Score the company"');
    expect(first.items.find((i) => i.key === 'workflow "Manual pet check"')!.manual).toBeUndefined();
  });

  it('re-points the dashboard at its recreated layout', () => {
    const target = pair.sandbox.workspace('target');
    const dashboard = target.table('dashboard')!.rows.get(seed.dashboard.id)!;
    const layout = target.config.store.get('pageLayouts', dashboard.pageLayoutId as string);
    expect(layout.name).toBe('Sales overview');
    const widgets = target.config.store.list('pageLayoutTabs', { pageLayoutId: layout.id }).flatMap((t) => target.config.store.list('pageLayoutWidgets', { pageLayoutTabId: t.id }));
    const view = widgets.find((w) => w.type === 'VIEW')!;
    expect(target.config.store.get('views', (view.configuration as any).viewId).name).toBe('Big customers');
  });

  it('recreates the role with its permissions, and leaves member assignments to people', () => {
    const target = pair.sandbox.workspace('target');
    const role = target.config.roles.byLabel('Sales')!;
    expect(role.permissionFlags.sort()).toEqual(['EXPORT_CSV', 'VIEWS']);
    expect(role.objectPermissions).toHaveLength(2);
    expect(role.fieldPermissions[0].fieldMetadataId).toBe(target.index.bySingular.get('company')!.fields.find((f) => f.name === 'annualRevenue')!.id);
    const item = first.items.find((i) => i.key === 'role "Sales"')!;
    expect(item.manual).toMatch(/Settings → Roles → Sales → Assign to: .+, .+/);
  });

  it('recreates the webhook only at its new URL', () => {
    const hooks = pair.sandbox.workspace('target').webhooks.list();
    expect(hooks.map((h) => h.targetUrl)).toEqual(['https://hooks.new.example/twenty']);
  });

  it('verifies every item', async () => {
    const checks = await verifyConfigurationStage(m);
    expect(checks.map((c) => [c.check, c.status, c.problems])).toEqual(checks.map((c) => [c.check, 'pass', []]));
  });

  it('changes nothing when run again', () => {
    expect(second.items.filter((i) => i.action !== 'unchanged' && i.action !== 'reported')).toEqual([]);
    expect(second.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
  });

  it('reports what was not migrated, with why and what to do', () => {
    const what = first.notMigrated.map((n) => n.what).join('\n');
    for (const w of ['Email and calendar sync', 'API keys', 'Integrations', 'Favorites', 'Role assignments', 'Workflow "Follow up new companies"']) expect(what).toContain(w);
    for (const n of first.notMigrated) expect(n.reason && n.advice).toBeTruthy();
    const manual = readFileSync(`${runDir}/config/manual-steps.md`, 'utf8');
    expect(manual).toContain('Activate');
    expect(readFileSync(`${runDir}/config/roles.md`, 'utf8')).toContain('## Sales');
  });
});

describe('configuration stage when the target refuses role changes and no webhook URL is given', () => {
  let pair: Pair;
  let result: ConfigStageResult;
  let runDir: string;

  beforeAll(async () => {
    pair = await startPair({ records: 60, seed: 9, accepted: 'all' });
    seedConfiguration(pair.sandbox.workspace('source'));
    pair.sandbox.workspace('target').config.roles.apiKeyMutations = false;
    runDir = tempDir();
    const m = await migrateRecords(pair, runDir);
    result = await configurationStage(m);
  }, 60_000);

  afterAll(async () => {
    await pair?.close();
    cleanupDirs();
  });

  it('reports the role precisely instead', () => {
    const item = result.items.find((i) => i.key === 'role "Sales"')!;
    expect(item.action).toBe('reported');
    expect(result.rolesRefused).toMatch(/refused/);
    const md = readFileSync(`${runDir}/config/roles.md`, 'utf8');
    const section = md.slice(md.indexOf('## Sales'));
    expect(section).toContain('EXPORT_CSV, VIEWS');
    expect(section).toMatch(/\| company \| yes \| yes \| no \| no \|/);
    expect(section).toMatch(/\| company\.annualRevenue \| no \| no \|/);
    expect(section).toMatch(/Members: \S+@\S+, \S+@\S+/);
    expect(result.notMigrated.map((n) => n.what)).toContain('Roles and permissions');
    expect(pair.sandbox.workspace('target').config.roles.byLabel('Sales')).toBeUndefined();
  });

  it('never points the target at the old webhook endpoint', () => {
    expect(pair.sandbox.workspace('target').webhooks.list()).toEqual([]);
    const item = result.items.find((i) => i.kind === 'webhook')!;
    expect(item.action).toBe('reported');
    expect(item.manual).toContain('Settings → APIs & Webhooks');
  });
});
