/**
 * Records a real Twenty 1.2 server's OpenAPI documents (`/rest/open-api/core` and `/rest/open-api/metadata`, as the
 * workspace of SOURCE_API_KEY serves them) into test/fixtures/real-1.2/openapi-{core,metadata}.json, from which
 * `npm run generate` types the 1.2 client in generated/source-1.2/. Read only: three GETs (plus the MCP server card
 * when /client-config names no version). The kit: `set -a; . <ROOT12>/keys.env; set +a`.
 *
 *   npx tsx scripts/real/record-1.2-openapi.ts
 *
 * What is written differs from what was served in two ways only:
 * - the server's URL (the one asked and the one the document names in `servers`) becomes http://localhost:3000, as
 *   generate does for the sandbox, so a recording does not name the machine it came from;
 * - a root `x-twenty-migrate-recorded` extension says which server version it was, when and by what.
 * The key is sent, never written: the script refuses to write a document that contains it or a JWT-shaped string.
 * Re-recording changes the request/response `example` values too (Twenty fills them with random fake data).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { detectServerVersion, serverUrlOf } from '../../sdk/client/index.js';
import { fetchOpenApiDocument, RECORDED_EXTENSION } from '../../sdk/codegen/generate-clients.js';

const root = resolve(import.meta.dirname, '../..');
const out = resolve(root, 'test/fixtures/real-1.2');
const PLACEHOLDER_URL = 'http://localhost:3000';
const JWT_SHAPED = /eyJ[\w-]{8,}\.[\w-]{8,}\./;

const baseUrl = process.env.SOURCE_URL;
const apiKey = process.env.SOURCE_API_KEY;
if (!baseUrl || !apiKey) {
  console.error('record-1.2-openapi: set SOURCE_URL and SOURCE_API_KEY to a Twenty 1.2 server (e.g. `set -a; . <ROOT12>/keys.env; set +a`)');
  process.exit(2);
}
const serverUrl = serverUrlOf(baseUrl);

const { version, versionSource } = await detectServerVersion({ baseUrl: serverUrl, apiKey, rateLimit: false });
if (!version?.startsWith('1.')) console.warn(`record-1.2-openapi: ${serverUrl} reports version ${version ?? '(none)'}, not 1.x; recording anyway`);

mkdirSync(out, { recursive: true });
for (const kind of ['core', 'metadata'] as const) {
  const served = await fetchOpenApiDocument({ url: serverUrl, apiKey }, kind);
  // the document names the server by its own SERVER_URL, which may differ from the URL we asked
  const named = ((served.servers as { url?: string }[] | undefined) ?? []).map((s) => (s.url ? new URL(s.url).origin : ''));
  let text = JSON.stringify(served);
  for (const url of new Set([serverUrl, ...named].filter(Boolean))) text = text.split(url).join(PLACEHOLDER_URL);
  if (text.includes(apiKey) || JWT_SHAPED.test(text)) {
    console.error(`record-1.2-openapi: the ${kind} document contains the API key or a token-shaped string; nothing written`);
    process.exit(1);
  }
  const doc = JSON.parse(text) as Record<string, unknown>;
  doc[RECORDED_EXTENSION] = {
    server: `Twenty ${version ?? 'version not reported'}`,
    versionSource,
    recordedAt: new Date().toISOString(),
    by: 'scripts/real/record-1.2-openapi.ts',
  };
  const file = resolve(out, `openapi-${kind}.json`);
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`${kind}: ${Object.keys(doc.paths as object).length} paths from Twenty ${version} → ${relative(root, file)}`);
}
