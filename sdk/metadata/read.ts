/**
 * `readWorkspaceSchema`: one workspace's data model, whatever metadata format its server answers in, with
 * custom/standard told apart and relation targets filled in from the workspace's core OpenAPI document.
 */
import { createTwentyClient, isQueryReadAsPath, request, type ServerCapabilities, type TwentyClient, type TwentyClientOptions } from '../client/index.js';
import { readMetadataTree } from './read-graphql.js';
import { normalizeObject, standardApplicationId, type NormalizeContext } from './normalize.js';
import { resolveRelations } from './relations.js';
import { parseMetadataPage, unexpectedShape } from './shapes.js';
import type { WorkspaceSchema } from './types.js';

export type ReadSchemaOptions = (
  | ({ baseUrl: string; apiKey: string } & Partial<Omit<TwentyClientOptions, 'baseUrl' | 'apiKey' | 'api'>>)
  | { metadata: TwentyClient; /** a core or root client of the same workspace, for the OpenAPI document */ core?: TwentyClient }
) & {
  /** Look up relation targets in `/rest/open-api/core` (default true; apply's re-reads skip it). */
  relations?: boolean;
  /** Objects per page (2.21 allows 200). */
  pageSize?: number;
  /** What connect found the server can do; without it the read finds out as it goes (one failed request at most). */
  capabilities?: ServerCapabilities;
};

/** `/rest/open-api/core` relative to each client; with only a metadata client, URL resolution climbs out of `/rest/metadata`. */
const OPEN_API_PATH = { core: '/open-api/core', root: '/rest/open-api/core', metadata: '/../open-api/core' } as const;

/** The metadata and core clients of a read, made from a URL and key when none are given. */
export function schemaClients(options: ReadSchemaOptions): { metadata: TwentyClient; core: TwentyClient } {
  if ('metadata' in options) {
    if (options.metadata.twenty.api !== 'metadata') {
      throw new TypeError(`readWorkspaceSchema: the metadata client must be created with api: 'metadata' (got '${options.metadata.twenty.api}')`);
    }
    return { metadata: options.metadata, core: options.core ?? options.metadata };
  }
  const { relations: _r, pageSize: _p, capabilities: _c, ...clientOptions } = options;
  return {
    metadata: createTwentyClient({ ...clientOptions, api: 'metadata' }),
    core: createTwentyClient({ ...clientOptions, api: 'core' }),
  };
}

/**
 * Reads every object with its fields (`GET /rest/metadata/objects`, paged by `starting_after`), in the legacy
 * (`{data:{objects}}`) or new (`{data:[…]}`) format, and the core OpenAPI document for relation targets.
 * Throws a TwentyApiError when the server refuses (the key, the network) or answers a shape no known Twenty
 * answers; its message names the server and the keys that came back. Unresolved details go to `warnings`.
 *
 * @example
 * const source = await readWorkspaceSchema({ baseUrl: 'https://old.acme.com', apiKey: process.env.SOURCE_KEY! });
 * console.table(source.objects.filter((o) => o.isCustom).map((o) => ({ object: o.nameSingular, fields: o.fields.length })));
 */
export async function readWorkspaceSchema(options: ReadSchemaOptions): Promise<WorkspaceSchema> {
  const { metadata, core } = schemaClients(options);
  const serverUrl = metadata.twenty.serverUrl;
  const { raw, format } = await readObjects(metadata, options);

  let openApi: Record<string, any> | null | undefined;
  const warnings: string[] = [];
  if (options.relations !== false) {
    const doc = await request<Record<string, any>>(core, 'GET', OPEN_API_PATH[core.twenty.api]);
    if (doc.error || !doc.data?.components?.schemas) {
      warnings.push(`no usable core OpenAPI document from ${serverUrl}/rest/open-api/core (${doc.error?.message ?? 'no components.schemas'}): relation targets unknown`);
    }
    openApi = doc.data ?? null;
  }
  const schema = buildWorkspaceSchema(raw, { serverUrl, metadataFormat: format ?? 'new', openApi });
  return { ...schema, warnings: [...warnings, ...schema.warnings] };
}

/**
 * Every object's raw item with its fields, in the format the server answers. Paged by `starting_after` where
 * metadata paths take a query string; unpaged where they do not (1.x, which lists everything at once). Objects
 * listed without fields (1.x) are read again as one tree through GraphQL.
 */
async function readObjects(metadata: TwentyClient, options: ReadSchemaOptions): Promise<{ raw: Record<string, unknown>[]; format?: 'legacy' | 'new' }> {
  const serverUrl = metadata.twenty.serverUrl;
  const limit = options.pageSize ?? 200;
  let paged = options.capabilities?.metadataQuery !== false;
  const raw: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  let format: 'legacy' | 'new' | undefined;
  let cursor: string | null = null;

  for (let page = 0; page < 1000; page++) {
    let result = await request(metadata, 'GET', '/objects', paged ? { query: { limit, starting_after: cursor } } : {});
    if (paged && page === 0 && isQueryReadAsPath(result.error)) {
      paged = false;
      result = await request(metadata, 'GET', '/objects');
    }
    if (result.error) throw result.error;
    const parsed = parseMetadataPage(result.data, 'objects');
    if (!parsed) {
      const path = paged ? `/rest/metadata/objects?limit=${limit}${cursor ? `&starting_after=${cursor}` : ''}` : '/rest/metadata/objects';
      throw unexpectedShape({ serverUrl, method: 'GET', path, status: result.response.status }, result.data, '{"data":[…]} (new format) or {"data":{"objects":[…]}} (legacy format)');
    }
    format ??= parsed.format;
    // A server that ignores the cursor would loop forever: stop when a page brings nothing new.
    const fresh = parsed.items.filter((o) => !seen.has(String(o.id)));
    fresh.forEach((o) => seen.add(String(o.id)));
    raw.push(...fresh);
    if (!paged || !parsed.hasNextPage || !parsed.endCursor || fresh.length === 0) break;
    cursor = parsed.endCursor;
  }
  const fieldsInline = options.capabilities?.metadataFieldsInline ?? raw.every((o) => Array.isArray(o.fields));
  if (fieldsInline || raw.length === 0) return { raw, format };
  return { raw: await readMetadataTree(metadata), format };
}

/**
 * The schema from documents already at hand: raw objects (with their fields) as `/rest/metadata/objects` lists
 * them and, for relation targets, the core OpenAPI document (`undefined` = do not resolve relations).
 *
 * @example
 * const body = JSON.parse(readFileSync('source-objects.json', 'utf8'));
 * const schema = buildWorkspaceSchema(parseMetadataPage(body, 'objects')!.items, {
 *   serverUrl: 'http://127.0.0.1:3000', metadataFormat: 'legacy', openApi: JSON.parse(readFileSync('source-core.json', 'utf8')),
 * });
 */
export function buildWorkspaceSchema(
  raw: Record<string, unknown>[],
  info: { serverUrl: string; metadataFormat: 'legacy' | 'new'; openApi?: Record<string, any> | null },
): WorkspaceSchema {
  const warnings: string[] = [];
  const ctx: NormalizeContext = { standardAppId: standardApplicationId(raw), warnings };
  const objects = raw.flatMap((o) => {
    if (typeof o.nameSingular !== 'string' || typeof o.namePlural !== 'string' || typeof o.id !== 'string') {
      warnings.push(`an object without id or names was ignored (${Object.keys(o).slice(0, 8).join(', ')})`);
      return [];
    }
    return [normalizeObject(o, ctx)];
  });
  objects.sort((a, b) => a.nameSingular.localeCompare(b.nameSingular));
  if (info.openApi !== undefined) resolveRelations(objects, info.openApi, warnings);
  return { serverUrl: info.serverUrl, metadataFormat: info.metadataFormat, objects, warnings };
}
