/**
 * One workspace of the sandbox: its data model, its rows, its files, its API key and its request budget.
 */
import { randomUUID } from 'node:crypto';
import { instantiateModel, ModelIndex, loadBuiltInModel, isManyToOne, joinColumnOf, type BuiltInModel } from './model/model.js';
import type { ModelObject, WorkspaceModel } from './model/types.js';
import { RequestBudget, type RateLimitOptions } from './rate-limit.js';
import { ObjectTable, type Row } from './records/table.js';
import { defaultValueOf } from './records/values.js';
import type { TokenSigner } from './tokens.js';
import { prefillSignup, type PrefillOption } from './prefill/index.js';
import { WebhookStore } from './routes/webhooks.js';
import { WorkflowEngine } from './workflows.js';
import { WorkspaceConfig } from './config/index.js';

export interface StoredFile {
  name: string;
  mimeType: string;
  bytes: Buffer;
}

export interface WorkspaceOptions {
  /** Short name used in logs and to derive stable ids, e.g. "source". */
  name: string;
  /** A built-in model or a whole model (e.g. built from a recorded `/rest/metadata/objects` answer). */
  model?: BuiltInModel | WorkspaceModel;
  /** Name of the API key, recorded as the actor of every write (Twenty uses the key's name). */
  apiKeyName?: string;
  /** Answer metadata in the legacy or the new shape; defaults to the model's own. */
  metadataFormat?: 'legacy' | 'new';
  /** Per-workspace request limit for core record calls; false disables it. */
  rateLimit?: RateLimitOptions | false;
  /** Write a timelineActivity row for every record write, as Twenty's worker does (default true). */
  timeline?: boolean;
  /**
   * Fill the workspace as Twenty's sign-up does: its creator, 5 companies, 5 people, 6 opportunities, 1 dashboard and
   * 2 ACTIVE workflows (see prefill/). `{kind: 'signup', userEmail}` names the creator (default admin@<name>.example).
   */
  prefill?: PrefillOption;
  /**
   * How long ACTIVE workflows take to act after the record event that starts them (see workflows.ts): default 5000 ms,
   * as recorded; tests use a few ms and `await workspace.settled()`; false: workflows never run.
   */
  workflowDelayMs?: number | false;
  /** Record (never send) the webhook deliveries a real server would make, in `webhooks.deliveries` (default false). */
  fireWebhooks?: boolean;
}

export type RecordAction = 'created' | 'updated' | 'deleted' | 'restored';

export class SandboxWorkspace {
  readonly name: string;
  readonly apiKeyName: string;
  readonly workspaceId: string;
  model: WorkspaceModel;
  index: ModelIndex;
  readonly files = new Map<string, StoredFile>();
  readonly budget: RequestBudget | null;
  readonly timeline: boolean;
  readonly workflows: WorkflowEngine;
  readonly webhooks: WebhookStore;
  /** views, page layouts and roles (`/rest/metadata/views…`, GraphQL `getRoles`) */
  readonly config: WorkspaceConfig;
  apiKey = '';
  serverUrl = '';
  private readonly tables = new Map<string, ObjectTable>();

  constructor(options: WorkspaceOptions, private readonly signer: TokenSigner) {
    this.name = options.name;
    this.apiKeyName = options.apiKeyName ?? `${options.name}-key`;
    const base = typeof options.model === 'object' ? structuredClone(options.model) : loadBuiltInModel(options.model ?? 'fresh');
    this.model = instantiateModel(base, options.name);
    if (options.metadataFormat) this.model.metadataFormat = options.metadataFormat;
    this.workspaceId = this.model.objects[0]?.workspaceId ?? randomUUID();
    this.index = new ModelIndex(this.model);
    this.budget = options.rateLimit === false ? null : new RequestBudget(options.rateLimit);
    this.timeline = options.timeline ?? true;
    this.workflows = new WorkflowEngine(this, options.workflowDelayMs ?? 5000);
    this.config = new WorkspaceConfig(this.workspaceId, () => this.model);
    this.webhooks = new WebhookStore(this.workspaceId, this.model.customApplicationId, options.fireWebhooks ?? false);
    if (options.prefill) prefillSignup(this, typeof options.prefill === 'object' ? options.prefill : {});
  }

  /** Resolves once every workflow run started so far (and any they started) has finished. */
  settled(): Promise<void> {
    return this.workflows.settled();
  }

  /** Stops pending workflow runs: the sandbox calls it on close. */
  close(): void {
    this.workflows.close();
  }

  /** Call after changing `model` (metadata API writes). */
  modelChanged(): void {
    this.index = new ModelIndex(this.model);
    for (const [name, table] of this.tables) {
      const object = this.index.bySingular.get(name);
      if (object) table.reindex(object);
      else this.tables.delete(name);
    }
  }

  table(nameSingular: string): ObjectTable | undefined {
    return this.tables.get(nameSingular);
  }

  tableOrCreate(object: ModelObject): ObjectTable {
    let t = this.tables.get(object.nameSingular);
    if (!t) this.tables.set(object.nameSingular, (t = new ObjectTable(object)));
    return t;
  }

  /** Stores rows as they are, without validation: for seeds and fixtures, never for API writes. */
  insertRaw(nameSingular: string, rows: Iterable<Row>): number {
    const object = this.index.bySingular.get(nameSingular);
    if (!object) throw new Error(`sandbox workspace ${this.name} has no object ${nameSingular}`);
    const table = this.tableOrCreate(object);
    let n = 0;
    for (const row of rows) {
      table.put(row);
      n += 1;
    }
    return n;
  }

  /** Number of rows of an object, soft-deleted ones counted apart. */
  count(nameSingular: string): { active: number; deleted: number } {
    let active = 0;
    let deleted = 0;
    for (const r of this.tables.get(nameSingular)?.rows.values() ?? []) (r.deletedAt ? deleted++ : active++);
    return { active, deleted };
  }

  signedFileUrl(fileId: string): string {
    const token = this.signer.sign({ type: 'FILE', workspaceId: this.workspaceId, fileId }, 24 * 3600);
    return `${this.serverUrl}/file/files-field/${fileId}?token=${token}`;
  }

  /**
   * Side effects of a record write that a real server's worker adds: webhook deliveries, workflow runs (`previous`,
   * the row before an update, tells which fields changed), and a timelineActivity row named `<object>.<action>`
   * pointing at the record (upsert-timeline-activity-from-internal-event.job.ts).
   */
  recordEvent(object: ModelObject, row: Row, action: RecordAction, previous?: Row): void {
    this.webhooks.onRecordEvent(object.nameSingular, row, action);
    this.workflows.onRecordEvent({ object, row, action, previous });
    this.writeTimeline(object, row, action);
  }

  private writeTimeline(object: ModelObject, row: Row, action: RecordAction): void {
    if (!this.timeline || object.nameSingular === 'timelineActivity') return;
    const activity = this.index.bySingular.get('timelineActivity');
    const link = activity?.fields.find((f) => isManyToOne(f) && f.relation?.targetObject === object.nameSingular);
    if (!activity || !link) return;
    const now = new Date().toISOString();
    const entry: Row = {};
    for (const f of this.index.fieldsOf(activity)) {
      if (isManyToOne(f)) entry[joinColumnOf(f)] = null;
      else if (f.type !== 'RELATION' && f.type !== 'MORPH_RELATION') entry[f.name] = defaultValueOf(f, true);
    }
    const system = { source: 'MANUAL', workspaceMemberId: null, name: 'System', context: null };
    Object.assign(entry, {
      id: randomUUID(), createdAt: now, updatedAt: now, deletedAt: null, createdBy: system, updatedBy: system,
      position: 0, happensAt: now, name: `${object.nameSingular}.${action}`, properties: {},
      [joinColumnOf(link)]: row.id,
    });
    this.tableOrCreate(activity).put(entry);
  }
}
