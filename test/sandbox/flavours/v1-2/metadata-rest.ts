/**
 * Twenty 1.2's `/rest/metadata/*` (engine/api/rest/metadata/), answered the way 1.2 computes it: the path is read
 * from `request.url`, query string included (`parse-metadata-path.utils.ts`), so `objects?limit=1` is an unknown
 * metadata path; the request becomes a GraphQL query with the REST layer's default selection (objects without
 * their fields, fields without objectMetadataId) and `paging: {first: 1000}`, run on `/metadata` and cleaned into
 * `{data:{objects:[…]}, pageInfo}` (`clean-graphql-response.utils.ts`). `/rest/metadata/webhooks` and `apiKeys` are
 * controllers of their own, answering bare arrays (recorded). Writes are not imitated: a 1.2 source is only read.
 */
import { nestError, SandboxHttpError } from '../../http-error.js';
import { handleWebhooks } from '../../routes/webhooks.js';
import { uuidFrom } from '../../model/model.js';
import type { RouteResponse } from '../../routes/context.js';
import type { FlavourRequest } from '../index.js';
import { metadataGraphql12 } from './graphql-metadata.js';

const RELATION_SELECTION = `relation {
  type
  targetObjectMetadata { id nameSingular namePlural }
  targetFieldMetadata { id name }
  sourceObjectMetadata { id nameSingular namePlural }
  sourceFieldMetadata { id name }
}`;
/** fetch-metadata-fields.utils.ts, the selection the REST layer asks GraphQL for */
const SELECTION = {
  fields: `type name label description icon isCustom isActive isSystem isNullable createdAt updatedAt defaultValue options ${RELATION_SELECTION}`,
  objects: `dataSourceId nameSingular namePlural labelSingular labelPlural description icon isCustom isActive isSystem createdAt updatedAt
    labelIdentifierFieldMetadataId imageIdentifierFieldMetadataId`,
};

const SINGULAR = { fields: 'field', objects: 'object' } as const;

/** `{objects: {edges:[{node}], pageInfo}}` → `{data: {objects: [node…]}, pageInfo}`, as clean-graphql-response does. */
function clean(data: Record<string, any>): Record<string, unknown> {
  const out: Record<string, any> = { data: {} };
  for (const [key, value] of Object.entries(data)) {
    if (value && Array.isArray(value.edges)) {
      out.data[key] = value.edges.map((e: { node: unknown }) => e.node);
      if (value.pageInfo) out.pageInfo = value.pageInfo;
    } else out.data[key] = value;
  }
  return out;
}

/** The key's own entry, as `/rest/metadata/apiKeys` lists keys (recorded shape; the sandbox has one key per workspace). */
function apiKeys(req: FlavourRequest): RouteResponse {
  const ws = req.workspace;
  const created = ws.model.objects[0]?.createdAt ?? '2026-01-01T00:00:00.000Z';
  const key = { id: uuidFrom(`${ws.workspaceId}:api-key`), name: ws.apiKeyName, expiresAt: '2125-01-01T00:00:00.000Z', revokedAt: null, workspaceId: ws.workspaceId, createdAt: created, updatedAt: created };
  return { status: 200, body: [key] };
}

export function metadataRest12(req: FlavourRequest, segments: string[]): RouteResponse | undefined {
  if (segments[0] === 'webhooks' && segments.length <= 2) return handleWebhooks(req, segments[1], true);
  if (segments[0] === 'apiKeys' && segments.length === 1 && req.method === 'GET') return apiKeys(req);
  const path = req.rawUrl;
  const action = path.replace('/rest/metadata/', '').split('/');
  if (action.length >= 3 || action.length === 0) {
    throw nestError(400, 'Bad Request', `Query path '${path}' invalid. Valid examples: /rest/metadata/fields or /rest/metadata/objects/id`);
  }
  const kind = action[0];
  if (kind !== 'fields' && kind !== 'objects') {
    throw nestError(400, 'Bad Request', `Query path '${path}' invalid. Metadata path "${kind}" does not exist. Valid examples: /rest/metadata/fields or /rest/metadata/objects`);
  }
  if (req.method !== 'GET') {
    throw nestError(400, 'Bad Request', `The sandbox's 1.2 flavour imitates reads of a 1.2 source only, not ${req.method} ${path}`);
  }
  const id = action[1];
  const query = id === undefined
    ? `query { ${kind}(paging: $paging) { edges { node { id ${SELECTION[kind]} } } pageInfo { hasNextPage startCursor endCursor } } }`
    : `query { ${SINGULAR[kind]}(id: $id) { id ${SELECTION[kind]} } }`;
  // The query string never reaches the variables (1.2 passes no `query` to them): always the first 1000.
  const variables = id === undefined ? { paging: { first: 1000 } } : { id };
  const answer = metadataGraphql12(req.workspace, { query, variables }).body as { data?: Record<string, unknown>; errors?: Array<{ message: string }> };
  if (answer.errors?.length) throw restApiException(answer.errors.map((e) => e.message));
  return { status: 200, body: clean(answer.data!) };
}

/** RestApiException: a GraphQL failure behind a REST metadata call, messages with their double quotes made single. */
const restApiException = (messages: string[]) =>
  new SandboxHttpError(400, { statusCode: 400, messages: messages.map((m) => m.replace(/"/g, "'")), error: 'Bad Request' });
