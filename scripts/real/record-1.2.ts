/**
 * Records what a real Twenty 1.2 server answers into test/fixtures/real-1.2/, for the fast suite to replay:
 * - `schema` → connect-and-schema.json: the calls connect and the schema read make (test/client/server-info-1.2.test.ts,
 *   test/sandbox/real-recordings-1.2.test.ts);
 * - `records` → records.json: record lists and pages (totalCount after a cursor, the trash filter), one record, the
 *   errors of the REST paths a migration touches, REST metadata paths 2.x has and 1.2 has not, and the roles query
 *   (test/sandbox/real-recordings-1.2.test.ts replays them against the sandbox's 1.2 flavour).
 *
 * Needs SOURCE_URL and SOURCE_API_KEY of a 1.2 server (the kit: `set -a; . <ROOT12>/keys.env; set +a`). Read only:
 * GETs and GraphQL queries, a few records a page and never `depth` (a 1.2 server loads every related row for
 * `depth=2`, and one such request on the seeded kit exhausted the server's heap). Keys are sent, never written: the
 * script refuses to write an answer holding the key or a JWT-shaped string.
 *
 *   npx tsx scripts/real/record-1.2.ts            # both
 *   npx tsx scripts/real/record-1.2.ts records    # one part
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTwentyClient } from '../../sdk/client/index.js';
import { readRoles } from '../../sdk/config-migration/roles.js';
import { readMetadataTree } from '../../sdk/metadata/read-graphql.js';

const out = resolve(import.meta.dirname, '../../test/fixtures/real-1.2');
const baseUrl = process.env.SOURCE_URL;
const apiKey = process.env.SOURCE_API_KEY;
if (!baseUrl || !apiKey) {
  console.error('record-1.2: set SOURCE_URL and SOURCE_API_KEY to a Twenty 1.2 server (e.g. `set -a; . <ROOT12>/keys.env; set +a`)');
  process.exit(2);
}
const parts = process.argv.slice(2).length ? process.argv.slice(2) : ['schema', 'records'];
const JWT_SHAPED = /eyJ[\w-]{8,}\.[\w-]{8,}\./;

interface Exchange {
  method: string;
  /** path with its query string, as sent */
  path: string;
  body?: unknown;
  status: number;
  response: unknown;
  /** a list answer cut to its first items: how many the server sent */
  trimmed?: { items: number };
}

/** A fetch that records every exchange and refuses anything but reads (GET, GraphQL queries). */
function recorder(exchanges: Exchange[]): typeof fetch {
  return async (input, init) => {
    // openapi-fetch hands a Request (the body inside it), other callers a URL and init
    const req = input instanceof Request ? input : new Request(input, init);
    const sent = await req.clone().text();
    const body = sent ? JSON.parse(sent) : undefined;
    if (req.method !== 'GET' && !(req.method === 'POST' && typeof body?.query === 'string' && /^\s*(query\b|\{)/.test(body.query))) {
      throw new Error(`record-1.2 reads only: refused ${req.method} ${new URL(req.url).pathname}`);
    }
    const res = await fetch(req);
    const text = await res.clone().text();
    const url = new URL(req.url);
    exchanges.push({ method: req.method, path: url.pathname + url.search, ...(body === undefined ? {} : { body }), status: res.status, response: JSON.parse(text) });
    return res;
  };
}

async function get(exchanges: Exchange[], path: string, keep?: number) {
  const res = await fetch(new URL(path, baseUrl), { headers: { authorization: `Bearer ${apiKey}` } });
  const response = (await res.json()) as { data?: Record<string, unknown> };
  const exchange: Exchange = { method: 'GET', path, status: res.status, response };
  const list = response?.data && typeof response.data === 'object' ? Object.values(response.data)[0] : undefined;
  if (keep !== undefined && Array.isArray(list) && list.length > keep) {
    exchange.trimmed = { items: list.length };
    response.data = { [Object.keys(response.data!)[0]]: list.slice(0, keep) };
  }
  exchanges.push(exchange);
  return response as any;
}

/** Webhook secrets and the like are replaced, whatever record holds them. */
const redactSecrets = (_key: string, value: unknown) => (_key === 'secret' && typeof value === 'string' && value ? '<redacted>' : value);

/** A GraphQL query (never a mutation), recorded. */
async function post(exchanges: Exchange[], path: string, query: string) {
  if (!/^\s*query\b/.test(query)) throw new Error('record-1.2 reads only');
  const body = { query, variables: {} };
  const res = await fetch(new URL(path, baseUrl), { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const response = (await res.json()) as any;
  exchanges.push({ method: 'POST', path, body, status: res.status, response });
  return response;
}

function write(name: string, exchanges: Exchange[], version: string) {
  exchanges = JSON.parse(JSON.stringify(exchanges, redactSecrets));
  const text = `${JSON.stringify({ server: `Twenty ${version}`, recordedAt: new Date().toISOString(), exchanges }, null, 1)}\n`;
  if (text.includes(apiKey!) || JWT_SHAPED.test(text)) throw new Error(`record-1.2: ${name} would hold a key or a token; nothing written`);
  mkdirSync(out, { recursive: true });
  writeFileSync(resolve(out, name), text);
}

const versionOf = async () => {
  const res = await fetch(new URL('/client-config', baseUrl));
  return ((await res.json()) as { appVersion?: string }).appVersion ?? 'unknown';
};

async function recordSchema() {
  const exchanges: Exchange[] = [];
  await get(exchanges, '/client-config');
  await get(exchanges, '/rest/metadata/objects?limit=1');
  await get(exchanges, '/rest/metadata/objects');
  // The GraphQL calls exactly as the SDK sends them (introspection, then the tree), captured through its fetch.
  const client = createTwentyClient({ baseUrl: baseUrl!, apiKey: apiKey!, api: 'metadata', fetch: recorder(exchanges), rateLimit: false });
  const tree = await readMetadataTree(client);
  const version = (exchanges[0].response as { appVersion?: string }).appVersion ?? 'unknown';
  write('connect-and-schema.json', exchanges, version);
  console.log(`recorded ${exchanges.length} exchanges from Twenty ${version}: ${tree.length} objects, ${tree.reduce((n, o) => n + (o.fields as unknown[]).length, 0)} fields → ${out}/connect-and-schema.json`);
}

/** Objects a migration reads from a 1.2 source, two records each (their shapes), members whole. */
const LISTED = ['people', 'opportunities', 'notes', 'noteTargets', 'tasks', 'taskTargets', 'pets', 'rockets', 'surveyResults', 'attachments', 'views', 'webhooks', 'workflows'];

async function recordRecords() {
  const exchanges: Exchange[] = [];
  // Pages: totalCount of a 1.2 list counts the rows after the cursor; pageInfo names hasPreviousPage only going back.
  const first = await get(exchanges, '/rest/companies?limit=2');
  const after = first.pageInfo?.endCursor as string;
  const second = await get(exchanges, `/rest/companies?limit=2&starting_after=${encodeURIComponent(after)}`);
  await get(exchanges, `/rest/companies?limit=1&ending_before=${encodeURIComponent(second.pageInfo?.endCursor as string)}`);
  await get(exchanges, `/rest/companies?limit=2&filter=${encodeURIComponent('deletedAt[is]:NOT_NULL')}`);
  await get(exchanges, '/rest/companies?limit=abc');
  const id = (first.data?.companies?.[0] as { id: string }).id;
  await get(exchanges, `/rest/companies/${id}`);
  await get(exchanges, '/rest/companies/7e57c0de-0000-4000-8000-000000000000');
  await get(exchanges, '/rest/notAnObjects');
  await get(exchanges, '/rest/workspaceMembers');
  for (const plural of LISTED) await get(exchanges, `/rest/${plural}?limit=2`);
  // REST metadata: a single object (no fields), the fields list (cut: no objectMetadataId, 1000 at most), paths 2.x added.
  const listing = await fetch(new URL('/rest/metadata/objects', baseUrl), { headers: { authorization: `Bearer ${apiKey}` } });
  const objects = ((await listing.json()) as { data: { objects: Array<{ id: string; nameSingular: string }> } }).data.objects;
  const companyId = objects.find((o) => o.nameSingular === 'company')!.id;
  await get(exchanges, `/rest/metadata/objects/${companyId}`);
  await get(exchanges, '/rest/metadata/fields', 3);
  for (const path of ['views', 'pageLayouts', 'webhooks', 'apiKeys']) await get(exchanges, `/rest/metadata/${path}`);
  // Core GraphQL, where 1.2 lists its trash (REST cannot): pages, a cursor, the trash filter, value shapes, an error.
  const page = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id name employees accountOwnerId } }`;
  const firstPage = await post(exchanges, '/graphql', `query { companies(first: 2) { ${page} } }`);
  const cursor = firstPage?.data?.companies?.pageInfo?.endCursor as string;
  await post(exchanges, '/graphql', `query { companies(first: 2, after: ${JSON.stringify(cursor)}) { ${page} } }`);
  await post(exchanges, '/graphql', `query { companies(filter: { deletedAt: { is: NOT_NULL } }, first: 2) { ${page} } }`);
  await post(exchanges, '/graphql', 'query { opportunities(first: 1) { edges { node { id amount { amountMicros currencyCode } closeDate companyId } } } }');
  await post(exchanges, '/graphql', 'query { pets(first: 1) { edges { node { id birthday interestingFacts traits vetEmail { primaryEmail additionalEmails } } } } }');
  await post(exchanges, '/graphql', 'query { companies(first: 1) { edges { node { id notAField } } } }');
  // Roles as the configuration stage asks for them: the 2.x selection first, then the smaller one.
  const root = createTwentyClient({ baseUrl: baseUrl!, apiKey: apiKey!, api: 'root', fetch: recorder(exchanges), rateLimit: false });
  const roles = await readRoles({ root, core: root, metadata: root } as never);
  write('records.json', exchanges, await versionOf());
  console.log(`recorded ${exchanges.length} exchanges (${roles.roles.length} roles${roles.error ? `, roles error ${roles.error}` : ''}) → ${out}/records.json`);
}

if (parts.includes('schema')) await recordSchema();
if (parts.includes('records')) await recordRecords();
