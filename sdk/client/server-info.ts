/**
 * `detectServer`: what a Twenty server is and which limits it enforces, found at run time because sources
 * are often old or half-upgraded and Cloud publishes no version (twenty-api.md §1, §12).
 */
import { randomUUID } from 'node:crypto';
import { createTwentyClient, type TwentyClientOptions } from './create-client.js';
import { TwentyApiError } from './errors.js';
import { request } from './request.js';

export interface ServerInfo {
  serverUrl: string;
  /** `2.21.0`; null when the server does not say (APP_VERSION unset: no appVersion, server card "0.0.0"). */
  version: string | null;
  versionSource: 'client-config' | 'mcp-server-card' | null;
  /** Metadata REST shape of this workspace: `{data:{objects:[…]}}` (legacy) or `{data:[…]}` (new). */
  metadataFormat: 'legacy' | 'new';
  /** What the metadata API can do, found by trying (1.2 and 2.21 differ; Cloud may differ again). */
  capabilities: ServerCapabilities;
  maxPageSize: number;
  maxPageSizeSource: 'clamp' | 'openapi' | 'default';
  maxBatchSize: number;
  maxBatchSizeSource: 'probe' | 'default';
  /** Why a probe was inconclusive, in plain words. */
  notes: string[];
}

export interface ServerCapabilities {
  /**
   * REST metadata paths take a query string (`/rest/metadata/objects?limit=1`). Twenty 1.2 reads the query as part
   * of the path and answers 400 "Metadata path \"objects?limit=1\" does not exist", so paging is off there.
   */
  metadataQuery: boolean;
  /**
   * `/rest/metadata/objects` lists each object with its `fields` (2.21). Twenty 1.2 lists objects alone and its
   * `/rest/metadata/fields` does not say which object a field belongs to: the tree then comes from GraphQL `/metadata`.
   */
  metadataFieldsInline: boolean;
}

export interface DetectServerOptions extends TwentyClientOptions {
  /** A core object present in every workspace, used by the page and batch probes; default `companies`. */
  probeObject?: string;
  /** Send the batch-size probe (one rate-limited POST that writes nothing); default true. */
  probeBatchSize?: boolean;
  /** Limits assumed when a probe says nothing (Twenty 2.21: 200 and 200). */
  defaultMaxPageSize?: number;
  defaultMaxBatchSize?: number;
}

const PAGE_PROBE_LIMIT = 1000;

/**
 * Detects version, metadata format, page size and batch size. Throws a TwentyApiError when the key is refused
 * or the metadata answer has neither known shape (the message names the server and what came back).
 *
 * @example
 * const info = await detectServer({ baseUrl: 'https://crm.acme.com', apiKey });
 * // { version: '2.21.0', metadataFormat: 'legacy', maxPageSize: 200, maxBatchSize: 200, … }
 */
export async function detectServer(options: DetectServerOptions): Promise<ServerInfo> {
  const root = createTwentyClient({ ...options, api: 'root' });
  const core = createTwentyClient({ ...options, api: 'core' });
  const serverUrl = root.twenty.serverUrl;
  const object = options.probeObject ?? 'companies';
  const notes: string[] = [];

  const version = await detectVersion(root);
  const { metadataFormat, capabilities } = await detectMetadataFormat(root, serverUrl, notes);
  const page = await detectMaxPageSize(root, core, object, notes, options.defaultMaxPageSize ?? 200);
  const batchDefault = options.defaultMaxBatchSize ?? 200;
  const batch =
    options.probeBatchSize === false
      ? { size: batchDefault, source: 'default' as const }
      : await detectMaxBatchSize(core, object, batchDefault, notes);
  return {
    serverUrl,
    ...version,
    metadataFormat,
    capabilities,
    maxPageSize: page.size,
    maxPageSizeSource: page.source,
    maxBatchSize: batch.size,
    maxBatchSizeSource: batch.source,
    notes,
  };
}

/**
 * Major version below 2: a Twenty 1.x source, whose views, workflows, files and trash differ from 2.x (a version
 * the server does not state counts as current).
 */
export const isOlderSource = (version: string | null | undefined) => !!version && Number(version.split('.')[0]) < 2;

type Root = ReturnType<typeof createTwentyClient>;

/**
 * The server's version alone (no metadata, page or batch probe): what `npm run generate` names in a client's header.
 *
 * @example
 * await detectServerVersion({ baseUrl: 'http://127.0.0.1:3200', apiKey }); // { version: '1.2.0', versionSource: 'client-config' }
 */
export async function detectServerVersion(options: TwentyClientOptions): Promise<Pick<ServerInfo, 'version' | 'versionSource'>> {
  return detectVersion(createTwentyClient({ ...options, api: 'root' }));
}

/** `/client-config` `appVersion` (present only when APP_VERSION is set), else the MCP server card. "0.0.0" means unset. */
async function detectVersion(root: Root): Promise<Pick<ServerInfo, 'version' | 'versionSource'>> {
  const usable = (v: unknown) => typeof v === 'string' && v.trim() !== '' && v !== '0.0.0';
  const config = await request<{ appVersion?: unknown }>(root, 'GET', '/client-config');
  if (usable(config.data?.appVersion)) return { version: String(config.data!.appVersion), versionSource: 'client-config' };
  const card = await request<{ version?: unknown }>(root, 'GET', '/.well-known/mcp/server-card.json');
  if (usable(card.data?.version)) return { version: String(card.data!.version), versionSource: 'mcp-server-card' };
  return { version: null, versionSource: null };
}

/** 400 "Metadata path \"objects?limit=1\" does not exist": a server (1.2) that takes the query for part of the path. */
export function isQueryReadAsPath(error: TwentyApiError | undefined): boolean {
  return error?.status === 400 && /metadata path .*\?.*does not exist|query path .*\?.* invalid/i.test(error.messages.join(' ') + ' ' + error.message);
}

async function detectMetadataFormat(root: Root, serverUrl: string, notes: string[]) {
  let metadataQuery = true;
  let path = '/rest/metadata/objects?limit=1';
  let result = await request<{ data?: unknown }>(root, 'GET', '/rest/metadata/objects', { query: { limit: 1 } });
  if (isQueryReadAsPath(result.error)) {
    metadataQuery = false;
    path = '/rest/metadata/objects';
    notes.push('REST metadata paths take no query string here (Twenty 1.x): metadata is read unpaged');
    result = await request<{ data?: unknown }>(root, 'GET', '/rest/metadata/objects');
  }
  if (result.error) throw result.error;
  const data = result.data?.data;
  const items: unknown[] | undefined = Array.isArray(data)
    ? data
    : data && typeof data === 'object' && Array.isArray((data as { objects?: unknown }).objects)
      ? (data as { objects: unknown[] }).objects
      : undefined;
  if (items) {
    const first = items.find((o): o is Record<string, unknown> => typeof o === 'object' && o !== null);
    // An object without a `fields` key (not an empty list) is 1.x's listing; 2.21 always includes them.
    const metadataFieldsInline = first ? Array.isArray(first.fields) : true;
    if (!metadataFieldsInline) notes.push('REST metadata lists objects without their fields (Twenty 1.x): fields are read through GraphQL /metadata');
    return { metadataFormat: Array.isArray(data) ? ('new' as const) : ('legacy' as const), capabilities: { metadataQuery, metadataFieldsInline } };
  }
  const seen = JSON.stringify(result.data ?? null).slice(0, 200);
  throw new TwentyApiError({
    status: result.response.status,
    code: 'UNEXPECTED_RESPONSE',
    messages: [
      `${serverUrl} does not look like a Twenty server: GET ${path} answered ${seen}; ` +
        'expected {"data":[…]} (new metadata format) or {"data":{"objects":[…]}} (legacy format)',
    ],
    request: { method: 'GET', url: `${serverUrl}${path}` },
    retryable: false,
  });
}

/**
 * Ask for more than any server allows: Twenty clamps `limit` silently, so fewer rows than asked for while
 * `totalCount` says more exist reveals the maximum. With too few records to tell, read the `limit`
 * parameter's `maximum` from the workspace's OpenAPI document (observation first: the documents have lied).
 */
async function detectMaxPageSize(root: Root, core: Root, object: string, notes: string[], fallback: number) {
  const list = await request<{ data?: Record<string, unknown>; totalCount?: unknown }>(core, 'GET', '/{namePlural}', {
    path: { namePlural: object },
    query: { limit: PAGE_PROBE_LIMIT, depth: 0 },
  });
  const rows = list.data?.data?.[object];
  const total = list.data?.totalCount;
  if (Array.isArray(rows) && typeof total === 'number' && rows.length < PAGE_PROBE_LIMIT && rows.length < total && rows.length > 0) {
    return { size: rows.length, source: 'clamp' as const };
  }
  notes.push(list.error ? `page-size probe on ${object}: ${list.error.message}` : `page-size probe: only ${total} ${object}, too few to see a clamp`);
  const doc = await request<any>(root, 'GET', '/rest/open-api/core');
  const max = doc.data?.components?.parameters?.limit?.schema?.maximum;
  if (typeof max === 'number' && max > 0) return { size: max, source: 'openapi' as const };
  notes.push(`no limit maximum in the OpenAPI document; assuming ${fallback}`);
  return { size: fallback, source: 'default' as const };
}

/**
 * Batch-size probe that cannot write anything: POST /rest/batch/<object> with `assumed + 1` records that all
 * carry the same freshly generated id.
 * - A server enforcing a maximum below that count answers "Maximum number of records to upsert is N." (2.21:
 *   200; Cloud docs say 60), which we read.
 * - Otherwise the insert fails on the duplicate primary key ("A duplicate entry was detected") and, a batch
 *   being one INSERT, nothing is written; we then know at least `assumed + 1` rows are accepted and keep
 *   `assumed`.
 * Why not unknown fields: in some Twenty versions the maximum is checked in the query runner's `run()`,
 * after the arguments are validated, so an unknown field would be reported first and hide the maximum. The
 * duplicate id passes validation and is refused only by the database, after the maximum check.
 */
async function detectMaxBatchSize(core: Root, object: string, assumed: number, notes: string[]) {
  const id = randomUUID();
  const body = Array.from({ length: assumed + 1 }, () => ({ id }));
  const result = await request<unknown>(core, 'POST', '/batch/{namePlural}', { path: { namePlural: object }, body });
  if (result.error) {
    const text = result.error.messages.join(' ');
    const max = /maximum number of records to \w+ is (\d+)/i.exec(text);
    if (max) return { size: Number(max[1]), source: 'probe' as const };
    notes.push(
      /duplicate/i.test(text)
        ? `batch probe: ${assumed + 1} records accepted up to the database (no lower maximum); using ${assumed}`
        : `batch probe inconclusive (${result.error.message}); assuming ${assumed}`,
    );
    return { size: assumed, source: 'default' as const };
  }
  // Not expected from any Twenty: the duplicate ids were stored. Remove the row and say so.
  const cleanup = await request(core, 'DELETE', '/{namePlural}/{id}', { path: { namePlural: object, id } });
  notes.push(`batch probe unexpectedly wrote ${object} ${id}; ${cleanup.error ? `could not delete it: ${cleanup.error.message}` : 'deleted it again'}`);
  return { size: assumed, source: 'default' as const };
}
