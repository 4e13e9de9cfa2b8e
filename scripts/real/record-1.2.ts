/**
 * Records what a real Twenty 1.2 server answers to the calls connect and the schema read make, into
 * test/fixtures/real-1.2/ (the fast suite replays them: test/client/server-info-1.2.test.ts). Needs SOURCE_URL and
 * SOURCE_API_KEY of a 1.2 server (the kit: `set -a; . <ROOT12>/keys.env; set +a`). Keys are sent, never written.
 *
 *   npx tsx scripts/real/record-1.2.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTwentyClient } from '../../sdk/client/index.js';
import { readMetadataTree } from '../../sdk/metadata/read-graphql.js';

const out = resolve(import.meta.dirname, '../../test/fixtures/real-1.2');
const baseUrl = process.env.SOURCE_URL;
const apiKey = process.env.SOURCE_API_KEY;
if (!baseUrl || !apiKey) {
  console.error('record-1.2: set SOURCE_URL and SOURCE_API_KEY to a Twenty 1.2 server (e.g. `set -a; . <ROOT12>/keys.env; set +a`)');
  process.exit(2);
}

interface Exchange { method: string; path: string; body?: unknown; status: number; response: unknown }
const exchanges: Exchange[] = [];

async function get(path: string) {
  const res = await fetch(new URL(path, baseUrl), { headers: { authorization: `Bearer ${apiKey}` } });
  exchanges.push({ method: 'GET', path, status: res.status, response: await res.json() });
}

await get('/client-config');
await get('/rest/metadata/objects?limit=1');
await get('/rest/metadata/objects');
// The GraphQL calls exactly as the SDK sends them (introspection, then the tree), captured through its fetch.
const recording: typeof fetch = async (input, init) => {
  // openapi-fetch hands a Request (the body inside it), other callers a URL and init
  const req = input instanceof Request ? input : new Request(input, init);
  const sent = await req.clone().text();
  const res = await fetch(req);
  const text = await res.clone().text();
  const url = new URL(req.url);
  const body = sent ? JSON.parse(sent) : undefined;
  exchanges.push({ method: 'POST', path: url.pathname, body, status: res.status, response: JSON.parse(text) });
  return res;
};
const client = createTwentyClient({ baseUrl, apiKey, api: 'metadata', fetch: recording, rateLimit: false });
const tree = await readMetadataTree(client);

mkdirSync(out, { recursive: true });
const version = (exchanges[0].response as { appVersion?: string }).appVersion ?? 'unknown';
writeFileSync(resolve(out, 'connect-and-schema.json'), `${JSON.stringify({ server: `Twenty ${version}`, recordedAt: new Date().toISOString(), exchanges }, null, 1)}\n`);
console.log(`recorded ${exchanges.length} exchanges from Twenty ${version}: ${tree.length} objects, ${tree.reduce((n, o) => n + (o.fields as unknown[]).length, 0)} fields → ${out}`);
