/**
 * `verifyConfiguration`: reads both workspaces again and checks, item by item, that the target holds what the
 * source holds: each view's settings (kanban and calendar ones included), fields (order, visibility, size), filter
 * groups, filters, sorts and groups; each workflow's draft (trigger and steps as mapped) and that every reference
 * in it resolves in the target (objects, fields, members, records); each page layout's tabs and widgets and the
 * dashboards pointing at it; roles (when migrated) and recreated webhooks. Rows have the verification report's
 * checklist shape.
 */
import { request } from '../client/index.js';
import type { CheckStatus } from '../verify/types.js';
import { checkOnSource } from './older-source.js';
import type { ConfigContext } from './context.js';
import { readLayouts } from './dashboards.js';
import { mapDeep } from './id-map.js';
import { listAll, pick } from './rest.js';
import { readRoles, roleDiff } from './roles.js';
import { filterGroupKeys, filterKeys, readViews, wantedSettings, type ViewBundle } from './views.js';
import { readWorkflows, wantedDefinition } from './workflows.js';
import { workflowRefs } from './workflow-refs.js';
import { comparableConfiguration, isFrontComponentWidget, sameWorkflowDefinition, stepIdsOf } from './same-definition.js';

export interface ConfigCheck {
  check: string;
  status: CheckStatus;
  detail: string;
  /** one line per item that does not verify */
  problems: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const row = (check: string, count: number, problems: string[], what: string, failAs: CheckStatus = 'fail'): ConfigCheck => ({
  check, status: problems.length ? failAs : 'pass', problems,
  detail: problems.length ? `${problems.length} of ${count} ${what} differ: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}` : `${count} ${what} verified`,
});

/** The comparable form of a view's children, in target ids (the source's mapped, the target's as they are). */
function viewShape(ctx: ConfigContext, b: ViewBundle, mapped: boolean) {
  const m = <T>(v: T) => (mapped ? mapDeep(ctx.maps, v) : v);
  const groups = filterGroupKeys(b.filterGroups);
  const filters = filterKeys(b.filters.map((f) => ({ ...f, ...m(pick(f, ['fieldMetadataId', 'value'])) })), groups);
  const sortKey = <T>(xs: T[], key: (x: T) => string) => [...xs].sort((a, c) => key(a).localeCompare(key(c)));
  return {
    fields: sortKey(b.fields.map((f) => m({ fieldMetadataId: f.fieldMetadataId, isVisible: f.isVisible, size: f.size, position: f.position, aggregateOperation: f.aggregateOperation ?? null })), (f) => String(f.fieldMetadataId)),
    filterGroups: [...groups.values()].sort(),
    filters: [...filters].sort(),
    sorts: sortKey(b.sorts.map((s) => m({ fieldMetadataId: s.fieldMetadataId, direction: s.direction })), (s) => String(s.fieldMetadataId)),
    groups: sortKey(b.groups.map((g) => m({ fieldMetadataId: g.fieldMetadataId ?? null, fieldValue: g.fieldValue, isVisible: g.isVisible, position: g.position })), (g) => `${g.fieldValue}`),
  };
}

async function verifyViews(ctx: ConfigContext): Promise<ConfigCheck> {
  const [source, target] = await Promise.all([readViews(ctx.source, ctx.sourceVersion), readViews(ctx.target)]);
  const byId = new Map(target.map((b) => [b.view.id, b]));
  const problems: string[] = [];
  const checked = source.filter((b) => b.view.visibility !== 'UNLISTED');
  for (const src of checked) {
    const label = `${ctx.maps.sourceObject(String(src.view.objectMetadataId))?.nameSingular}/"${String(src.view.name)}"`;
    const have = byId.get(ctx.ledger.views[src.view.id] ?? '');
    if (!have) {
      problems.push(`${label}: missing in the target`);
      continue;
    }
    const settings = wantedSettings(ctx, src.view, []);
    const differing = Object.keys(settings).filter((k) => !same(settings[k], have.view[k]) && !(k === 'key' && have.view.key === 'INDEX'));
    if (differing.length) problems.push(`${label}: settings ${differing.join(', ')}`);
    const want = viewShape(ctx, src, true);
    const got = viewShape(ctx, have, false);
    // The target may show fields the source does not have (the stage never removes view fields).
    got.fields = got.fields.filter((f) => want.fields.some((w) => w.fieldMetadataId === f.fieldMetadataId));
    for (const part of ['fields', 'filterGroups', 'filters', 'sorts', 'groups'] as const) {
      if (!same(want[part], got[part])) problems.push(`${label}: ${part}`);
    }
  }
  return row('Views match the source (fields, filters, sorts, groups, kanban and calendar settings)', checked.length, problems, 'views');
}

async function verifyWorkflows(ctx: ConfigContext): Promise<ConfigCheck> {
  const [source, target] = await Promise.all([readWorkflows(ctx.source.core), readWorkflows(ctx.target.core)]);
  const targetMembers = new Set((ctx.members?.target ?? []).map((m) => m.id));
  const problems: string[] = [];
  const forTheUser: string[] = [];
  const exists = new Map<string, boolean>();
  for (const src of source) {
    const name = `"${String(src.workflow.name)}"`;
    const have = target.find((t) => t.workflow.id === (ctx.ledger.workflows[src.workflow.id] ?? src.workflow.id));
    if (!have?.current) {
      problems.push(`${name}: missing in the target`);
      continue;
    }
    const { trigger, steps } = wantedDefinition(ctx, src.current);
    const stepIds = stepIdsOf(steps, have.current.steps);
    if (!sameWorkflowDefinition(trigger, have.current.trigger, stepIds) || !sameWorkflowDefinition(steps, have.current.steps, stepIds)) {
      // A workflow of the target's own (matched by name, not created by the run) that the stage could not write
      // into is reported with its manual step; a workflow the run created must match.
      const own = have.workflow.id !== src.workflow.id && !have.versions.some((v) => v.status === 'DRAFT');
      (own ? forTheUser : problems).push(own ? `${name}: the target's own active workflow of that name differs from the source's and was kept (see the manual steps)` : `${name}: trigger or steps differ from the source's`);
    }
    for (const ref of workflowRefs(have.current.trigger, have.current.steps, ctx.targetSchema)) {
      if (ref.kind === 'object' && !ctx.maps.targetObjectByName(ref.name)) problems.push(`${name}: ${ref.path} names object ${ref.name}, absent from the target`);
      if (ref.kind === 'field' && !ctx.maps.targetField(ref.id)) problems.push(`${name}: ${ref.path} names field ${ctx.maps.sourceNames.get(ref.id)?.name ?? ref.id}, absent from the target`);
      if (ref.kind === 'member' && ctx.members && !targetMembers.has(ref.id)) {
        // Under the "empty" policy an unmatched member has nobody to stand for them: a person must choose (a warning
        // with the step to fix); under any other policy such a reference is a migration fault.
        const unmatched = ctx.members.policy.kind === 'empty' && ctx.members.unmatched.some((m) => m.id === ref.id);
        (unmatched ? forTheUser : problems).push(`${name}: ${ref.path} names member ${ref.id}${unmatched ? ' (unmatched, policy "empty"): choose a member in that step before activating' : ', not a target member'}`);
      }
      if (ref.kind === 'record') {
        const plural = ctx.maps.targetObjectByName(ref.object)?.namePlural;
        const key = `${plural}/${ref.id}`;
        if (!exists.has(key)) exists.set(key, !!plural && !(await request(ctx.target.core, 'GET', '/{plural}/{id}', { path: { plural, id: ref.id } })).error);
        if (!exists.get(key)) problems.push(`${name}: ${ref.path} names ${ref.object} ${ref.id}, absent from the target`);
      }
    }
  }
  const check = 'Workflows recreated as drafts, every step reference resolves in the target';
  if (!problems.length && forTheUser.length) return row(check, source.length, forTheUser, 'workflows', 'warn');
  return row(check, source.length, [...problems, ...forTheUser], 'workflows');
}

async function verifyLayouts(ctx: ConfigContext): Promise<ConfigCheck> {
  const [source, target] = await Promise.all([readLayouts(ctx.source), readLayouts(ctx.target)]);
  const byId = new Map(target.map((b) => [b.layout.id, b]));
  const dashboards = new Map((await listAll(ctx.target.core, 'dashboards')).map((d) => [d.id, d.pageLayoutId]));
  const problems: string[] = [];
  // Front-component widgets are not migrated (reported by the stage); rich-text markdown is the server's to derive.
  const shape = (b: (typeof source)[number], mapped: boolean) => {
    const m = <T>(v: T) => (mapped ? mapDeep(ctx.maps, v) : v);
    return b.tabs.map(({ tab, widgets }) => ({
      title: tab.title, position: tab.position ?? 0,
      widgets: widgets.filter((w) => !isFrontComponentWidget(w)).map((w) => m({ title: w.title, type: w.type, objectMetadataId: w.objectMetadataId ?? null, gridPosition: w.gridPosition, configuration: w.configuration ?? null }))
        .sort((a, c) => String(a.title).localeCompare(String(c.title))),
    })).sort((a, c) => `${a.position}:${a.title}`.localeCompare(`${c.position}:${c.title}`));
  };
  const sameLayout = (src: ReturnType<typeof shape>, have: ReturnType<typeof shape>) =>
    src.length === have.length &&
    src.every((t, i) => {
      const h = have[i];
      if (t.title !== h.title || t.position !== h.position || t.widgets.length !== h.widgets.length) return false;
      return t.widgets.every((w, j) => {
        const [a, b] = comparableConfiguration(w.configuration, h.widgets[j].configuration);
        return same({ ...w, configuration: a }, { ...h.widgets[j], configuration: b });
      });
    });
  for (const src of source) {
    const have = byId.get(ctx.ledger.pageLayouts[src.layout.id] ?? '');
    if (!have) {
      problems.push(`layout "${String(src.layout.name)}": missing in the target`);
      continue;
    }
    if (!sameLayout(shape(src, true), shape(have, false))) problems.push(`layout "${String(src.layout.name)}": tabs or widgets differ`);
  }
  for (const d of await listAll(ctx.source.core, 'dashboards')) {
    const want = d.pageLayoutId ? ctx.ledger.pageLayouts[String(d.pageLayoutId)] : undefined;
    if (want && dashboards.get(d.id) !== want) problems.push(`dashboard "${String(d.title)}": does not point at its migrated layout`);
  }
  return row('Dashboards and page layouts (tabs, widgets) match the source', source.length, problems, 'layouts');
}

async function verifyRoles(ctx: ConfigContext, rolesReported: boolean): Promise<ConfigCheck> {
  const [src, tgt] = await Promise.all([readRoles(ctx.source), readRoles(ctx.target)]);
  if (src.error || tgt.error) return { check: 'Roles and permissions', status: 'warn', detail: `cannot read roles: ${src.error ?? tgt.error}`, problems: [] };
  const problems: string[] = [];
  for (const r of src.roles) {
    const have = tgt.roles.find((t) => t.id === ctx.ledger.roles[r.id]) ?? tgt.roles.find((t) => t.label === r.label);
    if (!have) problems.push(`role "${r.label}": missing in the target`);
    else if (have.isEditable && !roleDiff(ctx, r, have).empty) problems.push(`role "${r.label}": settings or permissions differ`);
  }
  return row('Roles and permissions match the source (member assignments are manual)', src.roles.length, problems, 'roles', rolesReported ? 'warn' : 'fail');
}

/**
 * @example
 * const rows = await verifyConfiguration(ctx, { rolesReported: false });
 * rows.every((r) => r.status === 'pass');
 */
export async function verifyConfiguration(ctx: ConfigContext, options: { rolesReported?: boolean } = {}): Promise<ConfigCheck[]> {
  return [
    await checkOnSource(ctx, 'views', () => verifyViews(ctx)),
    await checkOnSource(ctx, 'workflows', () => verifyWorkflows(ctx)),
    await checkOnSource(ctx, 'dashboards', () => verifyLayouts(ctx)),
    await checkOnSource(ctx, 'roles', () => verifyRoles(ctx, options.rolesReported ?? false)),
  ];
}
