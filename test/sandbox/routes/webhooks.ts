/**
 * Webhooks: `/rest/metadata/webhooks` and its alias `/rest/webhooks` (webhook.controller.ts, one controller on both
 * paths), body `{targetUrl, operations[] = ["*.*"], description?, secret?}`.
 * `/rest/metadata/webhooks` answers in the workspace's metadata format: new (`{data:[...], pageInfo, totalCount}`,
 * bare entities) or legacy (`{data:{webhooks:[...]}}`, `{data:{createOneWebhook:{...}}}`, as the metadata OpenAPI
 * document words it). The alias always answers as the controller returns: a bare array, bare entities, `true` on delete.
 *
 * With `fireWebhooks`, the workspace also records the deliveries a real server would POST for each record event
 * (never sent), so tests can assert what an import would fire.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { badRequest, codedError, nestError } from '../http-error.js';
import { parseLimit } from '../query/index.js';
import type { Row } from '../records/table.js';
import { json, type RouteRequest, type RouteResponse } from './context.js';

export interface Webhook {
  id: string;
  targetUrl: string;
  operations: string[];
  description: string | null;
  secret: string;
  workspaceId: string;
  applicationId: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** What a real server would have POSTed to `targetUrl` (call-webhook.job.ts), kept instead of sent. */
export interface WebhookDelivery {
  webhookId: string;
  targetUrl: string;
  eventName: string;
  objectName: string;
  recordId: string;
  record: Row;
  eventDate: string;
}

/** `person.created` matches `*.*`, `person.*`, `*.created` and itself. */
const operationMatches = (operation: string, eventName: string) => {
  const [o, a] = operation.split('.');
  const [eo, ea] = eventName.split('.');
  return (o === '*' || o === eo) && (a === '*' || a === ea);
};

export class WebhookStore {
  readonly webhooks = new Map<string, Webhook>();
  readonly deliveries: WebhookDelivery[] = [];

  constructor(
    private readonly workspaceId: string,
    private readonly applicationId: string,
    /** record deliveries (default false: nothing is recorded) */
    readonly fire: boolean,
  ) {}

  list(): Webhook[] {
    return [...this.webhooks.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  }

  create(input: Record<string, unknown>): Webhook {
    const targetUrl = checkInput(input, true).targetUrl as string;
    const now = new Date().toISOString();
    const webhook: Webhook = {
      id: randomUUID(),
      targetUrl: normalizeUrl(targetUrl),
      operations: (input.operations as string[] | undefined) ?? ['*.*'],
      description: (input.description as string | undefined) ?? null,
      // Twenty generates a secret when none is given (generate-webhook-secret.util.ts).
      secret: (input.secret as string | undefined) ?? randomBytes(32).toString('hex'),
      workspaceId: this.workspaceId,
      applicationId: this.applicationId,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    };
    this.webhooks.set(webhook.id, webhook);
    return webhook;
  }

  update(id: string, input: Record<string, unknown>): Webhook {
    const webhook = this.get(id);
    checkInput(input, false);
    const next: Webhook = { ...webhook, updatedAt: new Date().toISOString() };
    if (input.targetUrl !== undefined) next.targetUrl = normalizeUrl(input.targetUrl as string);
    if (input.operations !== undefined) next.operations = input.operations as string[];
    if (input.description !== undefined) next.description = input.description as string;
    if (input.secret !== undefined) next.secret = input.secret as string;
    this.webhooks.set(id, next);
    return next;
  }

  remove(id: string): Webhook {
    const webhook = this.get(id);
    this.webhooks.delete(id);
    return webhook;
  }

  get(id: string): Webhook {
    const webhook = this.webhooks.get(id);
    if (!webhook) throw codedError(404, 'WEBHOOK_NOT_FOUND', `Webhook with id ${id} not found`);
    return webhook;
  }

  /** Called for every record event of the workspace. */
  onRecordEvent(objectName: string, row: Row, action: string): void {
    if (!this.fire) return;
    const eventName = `${objectName}.${action}`;
    for (const w of this.list()) {
      if (!w.operations.some((op) => operationMatches(op, eventName))) continue;
      this.deliveries.push({
        webhookId: w.id, targetUrl: w.targetUrl, eventName, objectName, recordId: row.id as string,
        record: structuredClone(row), eventDate: new Date().toISOString(),
      });
    }
  }
}

/** `new URL(...).toString()` where it parses (webhook.service.ts normalizeTargetUrl). */
function normalizeUrl(url: string): string {
  try {
    return new URL(url).toString();
  } catch {
    return url;
  }
}

/** class-validator on the DTO: a plain NestJS 400 listing what is wrong. */
function checkInput(input: Record<string, unknown>, creating: boolean): Record<string, unknown> {
  const problems: string[] = [];
  if (creating || input.targetUrl !== undefined) {
    if (typeof input.targetUrl !== 'string' || !input.targetUrl) problems.push('targetUrl should not be empty', 'targetUrl must be a string');
  }
  if (input.operations !== undefined && (!Array.isArray(input.operations) || input.operations.some((o) => typeof o !== 'string'))) {
    problems.push('each value in operations must be a string');
  }
  for (const key of ['description', 'secret']) {
    if (input[key] !== undefined && typeof input[key] !== 'string') problems.push(`${key} must be a string`);
  }
  if (problems.length) throw nestError(400, 'Bad Request', problems);
  return input;
}

/** `alias`: the request came through `/rest/webhooks`, which always answers the controller's bare values. */
export function handleWebhooks(req: RouteRequest, id: string | undefined, alias: boolean): RouteResponse {
  const store = req.workspace.webhooks;
  const legacy = !alias && req.workspace.model.metadataFormat === 'legacy';
  const wrap = (status: number, key: string, value: unknown) => json(status, legacy ? { data: { [key]: value } } : value);
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object' || Array.isArray(body)) throw nestError(400, 'Bad Request', ['body must be an object']);

  if (!id && req.method === 'GET') {
    const all = store.list();
    if (alias) return json(200, all);
    const limit = parseLimit(req.query.get('limit') ?? undefined);
    const after = req.query.get('starting_after');
    const start = after ? all.findIndex((w) => w.id === after) + 1 : 0;
    const page = all.slice(start, start + limit);
    return json(200, {
      data: legacy ? { webhooks: page } : page,
      pageInfo: { hasNextPage: start + limit < all.length, startCursor: page[0]?.id ?? null, endCursor: page[page.length - 1]?.id ?? null },
      totalCount: all.length,
    });
  }
  if (!id && req.method === 'POST') return wrap(201, 'createOneWebhook', store.create(body));
  if (id && req.method === 'GET') return wrap(200, 'webhook', store.get(id));
  if (id && (req.method === 'PATCH' || req.method === 'PUT')) return wrap(200, 'updateOneWebhook', store.update(id, body));
  if (id && req.method === 'DELETE') {
    const removed = store.remove(id);
    return legacy ? wrap(200, 'deleteOneWebhook', { id: removed.id }) : json(200, true);
  }
  throw badRequest(`Method ${req.method} not allowed on ${req.path}`);
}
