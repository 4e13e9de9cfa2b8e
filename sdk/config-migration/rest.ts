/**
 * Calls to the configuration endpoints of `/rest/metadata` (views and their children, page layouts, webhooks) that
 * accept every answer shape a 2.21 server may give: the controllers' bare values (`[…]`, `{…}`), the paginated
 * `{data:[…],pageInfo}` of later versions, and the wrapped legacy shapes the metadata OpenAPI document describes
 * (`{data:{views:[…]}}`, `{data:{createOneView:{…}}}`). Errors come back as thrown TwentyApiErrors; callers turn
 * them into item results.
 */
import { randomUUID } from 'node:crypto';
import { request, unwrap, type TwentyClient } from '../client/index.js';
import { comparableConfiguration } from './same-definition.js';

export type Entity = Record<string, unknown> & { id: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function itemsOf(body: unknown, kind: string): { items: Entity[]; next: string | null } {
  if (Array.isArray(body)) return { items: body as Entity[], next: null };
  if (!isRecord(body)) return { items: [], next: null };
  const data = body.data;
  const items = Array.isArray(data) ? data : isRecord(data) && Array.isArray(data[kind]) ? data[kind] : [];
  const pageInfo = isRecord(body.pageInfo) ? body.pageInfo : {};
  const next = pageInfo.hasNextPage === true && typeof pageInfo.endCursor === 'string' ? pageInfo.endCursor : null;
  return { items: items as Entity[], next };
}

/** A single entity out of a bare or wrapped answer (`{data:{view|createOneView|…:{…}}}`). */
export function entityOf(body: unknown): Entity {
  if (isRecord(body) && typeof body.id === 'string') return body as Entity;
  if (isRecord(body) && isRecord(body.data)) {
    const inner = Object.values(body.data).find((v) => isRecord(v) && typeof v.id === 'string');
    if (inner) return inner as Entity;
  }
  return body as Entity;
}

/** Every entity of a kind (`views`, `viewFields`…), following pages when the server pages. */
export async function listAll(client: TwentyClient, kind: string, query: Record<string, string> = {}): Promise<Entity[]> {
  const out: Entity[] = [];
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const body = unwrap(await request(client, 'GET', `/${kind}`, { query: { ...query, starting_after: cursor } }));
    const { items, next } = itemsOf(body, kind);
    const fresh = items.filter((i) => !seen.has(i.id));
    fresh.forEach((i) => seen.add(i.id));
    out.push(...fresh);
    if (!next || !fresh.length) break;
    cursor = next;
  }
  return out;
}

/**
 * Kinds whose create input takes the entity's id (2.21: `id?: string` on CreateViewInput, CreateViewFieldInput,
 * CreateViewFilterInput, CreateViewSortInput, CreateViewGroupInput, CreateViewFilterGroupInput, CreateWebhookInput).
 */
export const CREATE_TAKES_ID: ReadonlySet<string> = new Set(['views', 'viewFields', 'viewFilters', 'viewSorts', 'viewGroups', 'viewFilterGroups', 'webhooks']);

/**
 * POST one entity. Where the server takes the id, it is chosen here: a create whose answer was lost is sent again
 * by the retry layer and then meets its own first copy ("already exists"), which is read back by that id instead
 * of leaving a duplicate behind.
 */
export async function createEntity(client: TwentyClient, kind: string, body: Record<string, unknown>): Promise<Entity> {
  const sent = CREATE_TAKES_ID.has(kind) && body.id === undefined ? { id: randomUUID(), ...body } : body;
  const answer = await request(client, 'POST', `/${kind}`, { body: sent });
  if (answer.error && typeof sent.id === 'string') {
    const existing = await request(client, 'GET', `/${kind}/{id}`, { path: { id: sent.id } });
    if (!existing.error && existing.data) return entityOf(existing.data);
  }
  return entityOf(unwrap(answer));
}

export async function updateEntity(client: TwentyClient, kind: string, id: string, body: Record<string, unknown>): Promise<Entity> {
  return entityOf(unwrap(await request(client, 'PATCH', `/${kind}/{id}`, { path: { id }, body })));
}

export async function deleteEntity(client: TwentyClient, kind: string, id: string): Promise<void> {
  unwrap(await request(client, 'DELETE', `/${kind}/{id}`, { path: { id } }));
}

/** Keys of `a` whose values differ in `b` (JSON comparison; null and undefined are the same). */
export function changedKeys(want: Record<string, unknown>, have: Record<string, unknown>): string[] {
  return Object.keys(want).filter((k) => {
    // A widget's rich-text markdown is derived by the server from its blocknote: not a difference to write again.
    const [w, h] = k === 'configuration' ? comparableConfiguration(want[k], have[k]) : [want[k], have[k]];
    return JSON.stringify(w ?? null) !== JSON.stringify(h ?? null);
  });
}

export const pick = (e: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(keys.filter((k) => e[k] !== undefined).map((k) => [k, e[k]]));
