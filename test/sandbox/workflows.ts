/**
 * What a Twenty 2.21 workspace's ACTIVE workflows do on their own after an API write, so that a migration's tests
 * meet the side effects a real target has (README "Side effects in a freshly signed-up workspace";
 * side-effect-workflow-*). On each record event, every non-deleted ACTIVE `workflowVersion` of a non-deleted
 * `workflow` with a live `workflowAutomatedTrigger` row, whose trigger is a DATABASE_EVENT matching the event (`<object>.created|updated|deleted|upserted`,
 * `settings.fields` for updates, `settings.filter` on the record) and whose steps the sandbox knows how to run starts
 * a `workflowRun` (RUNNING at once, as the real worker enqueues it within ~0.1 s); `delayMs` later (the recorded
 * run took ~5 s, its code steps being slow) the steps take effect and the run is COMPLETED, or FAILED.
 *
 * Known flows: Twenty's example "Create company when adding a new person" (prefill-workflows.util.ts), recognised by
 * its steps, so a copy of it runs too. Other database-event workflows are not run (the sandbox cannot execute code
 * steps it does not know); manual and cron triggers never fire on their own.
 */
import { randomUUID } from 'node:crypto';
import type { ModelObject } from './model/types.js';
import { fullRow } from './prefill/rows.js';
import type { Row } from './records/table.js';
import type { RecordAction, SandboxWorkspace } from './workspace.js';

/** The actor a workflow step's writes carry in 2.21: the "Standard" application (side-effect-workflow-person-company-reassigned). */
export const STANDARD_APPLICATION_ACTOR = { source: 'APPLICATION', workspaceMemberId: null, name: 'Standard', context: {} };
/** createdBy of records a CREATE_RECORD step makes (build-workflow-actor-metadata.util.ts). */
const WORKFLOW_ACTOR = { source: 'WORKFLOW', workspaceMemberId: null, name: 'Workflow', context: {} };

export interface RecordEvent {
  object: ModelObject;
  row: Row;
  action: RecordAction;
  /** the row before an update, to tell which fields changed */
  previous?: Row;
}

interface Step {
  id: string;
  name: string;
  type: string;
  settings?: { input?: any };
}

interface Trigger {
  type?: string;
  settings?: { eventName?: string; fields?: string[] | null; filter?: StepFilterSet | null };
}

interface StepFilterSet {
  stepFilterGroups?: Array<{ id: string; logicalOperator?: string }>;
  stepFilters?: Array<{ stepOutputKey?: string; operand?: string; value?: string; stepFilterGroupId?: string }>;
}

/** What a known flow did: its step outcomes, and an error if a step failed. */
interface FlowOutcome {
  stepInfos: Record<string, { status: string; result?: unknown; error?: string }>;
  error?: string;
}

type Flow = (ws: SandboxWorkspace, event: RecordEvent, steps: Step[]) => FlowOutcome;

// ---------------------------------------------------------------------------------------------------------------
// Trigger matching

/** `{{trigger.properties.after.a.b}}` read from the record after the event. */
function readTriggerPath(key: string | undefined, row: Row): unknown {
  const m = /^\{\{trigger\.properties\.after\.(.+)\}\}$/.exec(key ?? '');
  if (!m) return undefined;
  return m[1].split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Row)[k] : undefined), row);
}

/**
 * The trigger's record filter, for the IS / IS_NOT operands Twenty's example uses (values are JSON lists).
 * A missing value passes IS_NOT and fails IS: the example "fails open" when createdBy.source is absent.
 * Operands the sandbox does not evaluate never block a run.
 */
function passesFilter(filter: StepFilterSet | null | undefined, row: Row): boolean {
  if (!filter?.stepFilters?.length) return true;
  const results = new Map<string, boolean[]>();
  for (const f of filter.stepFilters) {
    const actual = readTriggerPath(f.stepOutputKey, row);
    let wanted: unknown[];
    try {
      const parsed = JSON.parse(f.value ?? 'null');
      wanted = Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      wanted = [f.value];
    }
    const pass = f.operand === 'IS' ? wanted.includes(actual) : f.operand === 'IS_NOT' ? !wanted.includes(actual) : true;
    const group = f.stepFilterGroupId ?? '';
    results.set(group, [...(results.get(group) ?? []), pass]);
  }
  return [...results].every(([id, passes]) => {
    const or = filter.stepFilterGroups?.find((g) => g.id === id)?.logicalOperator === 'OR';
    return or ? passes.some(Boolean) : passes.every(Boolean);
  });
}

const changedFields = (event: RecordEvent): string[] =>
  Object.keys(event.row).filter((k) => JSON.stringify(event.row[k]) !== JSON.stringify(event.previous?.[k]));

/** `person.upserted` fires on created and updated; `settings.fields` narrows updates to those fields. */
export function triggerMatches(trigger: Trigger | null | undefined, event: RecordEvent): boolean {
  if (trigger?.type !== 'DATABASE_EVENT') return false;
  const [objectName, action] = (trigger.settings?.eventName ?? '').split('.');
  if (objectName !== event.object.nameSingular) return false;
  const upserted = action === 'upserted' && (event.action === 'created' || event.action === 'updated');
  if (action !== event.action && !upserted) return false;
  const fields = trigger.settings?.fields;
  if (event.action === 'updated' && fields?.length) {
    const changed = new Set(changedFields(event));
    if (!fields.some((f) => changed.has(f))) return false;
  }
  return passesFilter(trigger.settings?.filter, event.row);
}

// ---------------------------------------------------------------------------------------------------------------
// "Create company when adding a new person"

/** Common personal mail providers, as the example's "Is this a personal email?" code step lists them. */
const PERSONAL_EMAIL_DOMAINS = new Set([
  'aol.com', 'att.net', 'btinternet.com', 'comcast.net', 'fastmail.com', 'free.fr', 'gmx.com', 'gmx.de', 'googlemail.com',
  'hotmail.com', 'hotmail.fr', 'icloud.com', 'laposte.net', 'live.com', 'mac.com', 'mail.com', 'me.com', 'msn.com', 'orange.fr',
  'outlook.com', 'outlook.fr', 'pm.me', 'proton.me', 'protonmail.com', 'sfr.fr', 'verizon.net', 'wanadoo.fr', 'yahoo.co.jp',
  'yahoo.co.uk', 'yahoo.com', 'yandex.com', 'yandex.ru', 'zoho.com', 'gmail.com',
]);

/** Two-label public suffixes: enough of the Public Suffix List (the code steps use `psl`) for test addresses. */
const TWO_LABEL_SUFFIXES = new Set(['co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'com.au', 'net.au', 'org.au', 'co.jp', 'co.nz', 'com.br', 'co.in', 'co.za', 'com.cn', 'com.mx']);

/** `psl.get(host)`: the registrable domain, '' when the host has none (a single label). */
export function registrableDomain(host: string): string {
  const labels = host.toLowerCase().split('.').filter(Boolean);
  if (labels.length < 2) return '';
  const take = TWO_LABEL_SUFFIXES.has(labels.slice(-2).join('.')) ? 3 : 2;
  return labels.length < take ? '' : labels.slice(-take).join('.');
}

const hostOf = (url: string) => url.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').split(/[/?#:]/)[0];

const stepByType = (steps: Step[], type: string, pick: (s: Step) => boolean) => steps.find((s) => s.type === type && pick(s));

/** Recognises the example by its steps (so a copy made by a migration is recognised too). */
function isCreateCompanyFlow(steps: Step[]): boolean {
  return Boolean(
    stepByType(steps, 'CODE', (s) => s.name === 'Extract domain from email') &&
      stepByType(steps, 'CREATE_RECORD', (s) => s.settings?.input?.objectName === 'company'),
  );
}

const createCompanyWhenAddingPerson: Flow = (ws, event, steps) => {
  const infos: FlowOutcome['stepInfos'] = { trigger: { status: 'SUCCESS', result: { properties: { after: event.row } } } };
  const id = (name: string) => steps.find((s) => s.name === name)?.id ?? name;
  const done = (name: string, result: unknown) => (infos[id(name)] = { status: 'SUCCESS', result });
  const email = String((event.row.emails as { primaryEmail?: string } | null)?.primaryEmail ?? '').trim().toLowerCase();
  const host = email.includes('@') ? email.split('@')[1] : '';
  const registrable = registrableDomain(host);
  const isPersonal = !registrable || PERSONAL_EMAIL_DOMAINS.has(host) || PERSONAL_EMAIL_DOMAINS.has(registrable);
  done('Is this a personal email?', { isPersonal });
  // The FILTER step ends the run quietly (COMPLETED) for personal or missing addresses.
  if (isPersonal) return { stepInfos: infos };
  done('If business email', {});
  const domain = registrable || host;
  done('Extract domain from email', { url: `https://${domain}`, domain });

  // "Search Company": domainName.primaryLinkUrl CONTAINS the domain (case-insensitive), 25 at most, soft-deleted excluded.
  const companyObject = ws.index.bySingular.get('company')!;
  const companies = ws.tableOrCreate(companyObject);
  const found = companies.sortedById().filter((c) => {
    const url = (c.domainName as { primaryLinkUrl?: string } | null)?.primaryLinkUrl ?? '';
    return !c.deletedAt && url.toLowerCase().includes(domain);
  }).slice(0, 25);
  done('Search Company', { all: found.map((c) => ({ id: c.id })) });
  const match = found.find((c) => registrableDomain(hostOf((c.domainName as { primaryLinkUrl?: string }).primaryLinkUrl ?? '')) === domain);
  done('Find exact company match', { companyId: match?.id ?? '', hasMatch: Boolean(match) });
  done('If a company already exists', {});

  let companyId = match?.id as string | undefined;
  if (!companyId) {
    const now = new Date().toISOString();
    const company = fullRow(ws, 'company', {
      id: randomUUID(), createdAt: now, updatedAt: now, deletedAt: null, name: domain,
      domainName: { primaryLinkUrl: `https://${domain}`, primaryLinkLabel: domain, secondaryLinks: [] },
      position: companies.nextPosition(), createdBy: WORKFLOW_ACTOR, updatedBy: STANDARD_APPLICATION_ACTOR,
    });
    // Soft-deleted companies escape the search but still hold their unique domain: the insert then fails, as in Postgres.
    if (companies.uniqueFields().some((f) => companies.findUnique(f, company))) {
      infos[id('Create a new company')] = { status: 'FAILED', error: 'A duplicate entry was detected' };
      return { stepInfos: infos, error: 'A duplicate entry was detected' };
    }
    companies.put(company);
    ws.recordEvent(companyObject, company, 'created');
    done('Create a new company', company);
    companyId = company.id as string;
  }

  const attach = match ? 'Attach person to existing company' : 'Attach person to this company';
  const people = ws.tableOrCreate(event.object);
  const person = people.rows.get(event.row.id as string);
  if (!person || person.deletedAt) {
    infos[id(attach)] = { status: 'FAILED', error: 'Record not found' };
    return { stepInfos: infos, error: 'Record not found' };
  }
  const updated = { ...person, companyId, updatedAt: new Date().toISOString(), updatedBy: STANDARD_APPLICATION_ACTOR };
  people.put(updated);
  ws.recordEvent(event.object, updated, 'updated', person);
  done(attach, updated);
  return { stepInfos: infos };
};

function flowFor(steps: Step[]): Flow | undefined {
  return isCreateCompanyFlow(steps) ? createCompanyWhenAddingPerson : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The engine

export class WorkflowEngine {
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private idle: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly ws: SandboxWorkspace,
    /** false: workflows never run (no run rows either) */
    private readonly delayMs: number | false,
  ) {}

  /** Runs started and not yet finished. */
  get pending(): number {
    return this.timers.size;
  }

  onRecordEvent(event: RecordEvent): void {
    if (this.delayMs === false || this.closed) return;
    if (event.object.nameSingular === 'workflow' && event.action === 'deleted') this.cascadeSoftDelete(event.row);
    for (const { workflow, version, flow } of this.activeFlows()) {
      if (triggerMatches(version.trigger as Trigger, event)) this.start(workflow, version, flow, event);
    }
  }

  /** Resolves once no run is pending (runs started by runs included). */
  settled(): Promise<void> {
    if (!this.timers.size) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Finishes every pending run now, as if their delay had passed (a replay's "~5 s later"). */
  flush(): void {
    while (this.timers.size) {
      const [timer, run] = this.timers.entries().next().value!;
      clearTimeout(timer);
      this.timers.delete(timer);
      run();
    }
    this.notifyIdle();
  }

  /** Drops pending runs (their rows stay RUNNING, as after a worker shutdown). */
  close(): void {
    this.closed = true;
    for (const timer of this.timers.keys()) clearTimeout(timer);
    this.timers.clear();
    this.notifyIdle();
  }

  private notifyIdle(): void {
    if (this.timers.size) return;
    const waiting = this.idle;
    this.idle = [];
    for (const resolve of waiting) resolve();
  }

  private activeFlows(): Array<{ workflow: Row; version: Row; flow: Flow }> {
    const versions = this.ws.table('workflowVersion');
    const workflows = this.ws.table('workflow');
    if (!versions || !workflows) return [];
    // As the real worker: a record event finds its workflows through their live automated triggers
    // (workflow-database-event-trigger.listener.ts), so a trashed trigger row silences its workflow.
    const triggered = new Set<unknown>();
    for (const t of this.ws.table('workflowAutomatedTrigger')?.rows.values() ?? []) {
      if (!t.deletedAt && t.type === 'DATABASE_EVENT') triggered.add(t.workflowId);
    }
    const out: Array<{ workflow: Row; version: Row; flow: Flow }> = [];
    for (const version of versions.rows.values()) {
      if (version.deletedAt || version.status !== 'ACTIVE' || !triggered.has(version.workflowId)) continue;
      const workflow = workflows.rows.get(version.workflowId as string);
      if (!workflow || workflow.deletedAt) continue;
      const flow = Array.isArray(version.steps) ? flowFor(version.steps as Step[]) : undefined;
      if (flow) out.push({ workflow, version, flow });
    }
    return out;
  }

  /** Soft-deleting a workflow soft-deletes its versions, runs and automated triggers (workflow-common.workspace-service.ts). */
  private cascadeSoftDelete(workflow: Row): void {
    for (const name of ['workflowVersion', 'workflowRun', 'workflowAutomatedTrigger']) {
      const table = this.ws.table(name);
      for (const row of [...(table?.rows.values() ?? [])]) {
        if (row.workflowId === workflow.id && !row.deletedAt) table!.put({ ...row, deletedAt: workflow.deletedAt, updatedAt: workflow.deletedAt });
      }
    }
  }

  private start(workflow: Row, version: Row, flow: Flow, event: RecordEvent): void {
    const runObject = this.ws.index.bySingular.get('workflowRun');
    if (!runObject) return;
    const runs = this.ws.tableOrCreate(runObject);
    const number = [...runs.rows.values()].filter((r) => r.workflowId === workflow.id).length + 1;
    const now = new Date().toISOString();
    const steps = version.steps as Step[];
    // Written by the worker, not through the API: no record event (and so no timeline entry) for the run itself.
    const run = fullRow(this.ws, 'workflowRun', {
      id: randomUUID(), createdAt: now, updatedAt: now, deletedAt: null, name: `#${number} - ${workflow.name as string}`,
      enqueuedAt: now, startedAt: now, endedAt: null, status: 'RUNNING',
      createdBy: { source: 'WORKFLOW', workspaceMemberId: null, name: workflow.name, context: {} },
      updatedBy: { source: 'MANUAL', workspaceMemberId: null, name: 'System', context: null },
      state: { flow: { trigger: version.trigger, steps }, stepInfos: { trigger: { status: 'SUCCESS', result: { properties: { after: event.row } } } } },
      stepLogs: null, position: number, workflowId: workflow.id, workflowVersionId: version.id,
    });
    runs.put(run);
    const snapshot: RecordEvent = { ...event, row: structuredClone(event.row) };
    const execute = () => {
      if (this.closed) return;
      const outcome = flow(this.ws, snapshot, steps);
      const end = new Date().toISOString();
      const current = runs.rows.get(run.id as string) ?? run;
      runs.put({
        ...current, status: outcome.error ? 'FAILED' : 'COMPLETED', endedAt: end, updatedAt: end,
        state: { ...(current.state as Row), stepInfos: outcome.stepInfos, ...(outcome.error ? { workflowRunError: outcome.error } : {}) },
      });
    };
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      execute();
      this.notifyIdle();
    }, this.delayMs as number);
    // A pending run must never keep a test process alive.
    timer.unref();
    this.timers.set(timer, execute);
  }
}
