/**
 * `POST /metadata`, the GraphQL endpoint Twenty 2.21 serves file uploads on (files-field.resolver.ts):
 *
 *   mutation ($file: Upload!, $fieldMetadataId: String!) { uploadFilesFieldFile(file: $file, fieldMetadataId: $fieldMetadataId) { id path size createdAt url } }
 *   mutation ($file: Upload!, $fieldMetadataUniversalIdentifier: String!) { uploadFilesFieldFileByUniversalIdentifier(…) { … } }
 *
 * sent as a graphql-upload multipart request (`operations`, `map`, then the file part). The file streams to disk
 * (files/store.ts) and the answer is the FileWithSignedUrl the real resolver returns (`id`, `path`, `size`,
 * `createdAt`, `url` signed for download); the file is temporary until a record's FILES value references it.
 *
 * Only multipart requests come here (server.ts); JSON operations on /metadata are routes/graphql-roles.ts's. A multipart
 * request for another operation gets a GraphQL error naming what the sandbox implements. Parsing is deliberately shallow (a regex for the root field and its selection), not a GraphQL implementation.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ModelField } from '../model/types.js';
import { boundaryOf, MultipartError, parseMultipart } from '../files/multipart.js';
import { PendingUpload, type UploadedFile } from '../files/store.js';
import type { SandboxWorkspace } from '../workspace.js';

const UPLOAD_FIELDS = ['uploadFilesFieldFile', 'uploadFilesFieldFileByUniversalIdentifier'] as const;
const FILE_FIELDS = ['id', 'path', 'size', 'createdAt', 'url'];

interface GraphqlError {
  message: string;
  extensions: { code: string; userFriendlyMessage?: string };
}

interface Operation {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

export interface GraphqlRouteContext {
  token: string | undefined;
  workspaceByKey(token: string | undefined): SandboxWorkspace | undefined;
}

const gqlError = (message: string, code: string): GraphqlError => ({ message, extensions: { code } });

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The first root field of the operation (`{ a(…) {…} }` → `a`), aliases skipped. */
function rootFieldOf(query: string): string | null {
  return /^\s*(?:(?:query|mutation)\b[^{]*)?\{\s*(?:\w+\s*:\s*)?(\w+)/.exec(query)?.[1] ?? null;
}

/** The names selected under the root field (`{ id url }`), or null when the query has no selection there. */
function selectionOf(query: string, field: string): string[] | null {
  const at = query.indexOf(field);
  const open = at < 0 ? -1 : query.indexOf('{', at);
  const close = open < 0 ? -1 : query.indexOf('}', open);
  if (open < 0 || close < 0) return null;
  return query.slice(open + 1, close).split(/[\s,]+/).filter(Boolean);
}

function resolveField(ws: SandboxWorkspace, root: string, variables: Record<string, unknown>): ModelField | GraphqlError {
  const byUid = root === 'uploadFilesFieldFileByUniversalIdentifier';
  const key = byUid ? variables.fieldMetadataUniversalIdentifier : variables.fieldMetadataId;
  const argName = byUid ? 'fieldMetadataUniversalIdentifier' : 'fieldMetadataId';
  if (typeof key !== 'string' || !key) return gqlError(`Variable "$${argName}" of required type "String!" was not provided.`, 'BAD_USER_INPUT');
  for (const o of ws.model.objects) {
    for (const f of o.fields) if ((byUid ? f.universalIdentifier : f.id) === key) return f;
  }
  // files-field.service.ts looks the field up with findOneOrFail: an unknown one surfaces as TypeORM's message.
  return gqlError(`Could not find any entity of type "FieldMetadataEntity" matching: {\n    "${byUid ? 'universalIdentifier' : 'id'}": "${key}",\n    "workspaceId": "${ws.workspaceId}"\n}`, 'INTERNAL_SERVER_ERROR');
}

function answerFile(ws: SandboxWorkspace, root: string, query: string, file: UploadedFile) {
  const full: Record<string, unknown> = { id: file.id, path: file.path, size: file.size, createdAt: file.createdAt, url: ws.signedFileUrl(file.id), __typename: 'FileWithSignedUrl' };
  const selection = selectionOf(query, root) ?? FILE_FIELDS;
  const unknown = selection.find((s) => !(s in full));
  if (unknown) return { errors: [gqlError(`Cannot query field "${unknown}" on type "FileWithSignedUrl".`, 'GRAPHQL_VALIDATION_FAILED')] };
  return { data: { [root]: Object.fromEntries(selection.map((s) => [s, full[s]])) } };
}

/** One multipart upload request, streamed: operations and map first, then the file to disk. */
async function handleUpload(req: IncomingMessage, res: ServerResponse, ws: SandboxWorkspace, boundary: string) {
  let operation: Operation | null = null;
  let map: Record<string, string[]> | null = null;
  let pending: PendingUpload | null = null;
  let uploaded: UploadedFile | null = null;
  let error: GraphqlError | null = null;
  let root: string | null = null;
  try {
    await parseMultipart(req, boundary, {
      field(name, value) {
        try {
          if (name === 'operations') operation = JSON.parse(value) as Operation;
          else if (name === 'map') map = JSON.parse(value) as Record<string, string[]>;
        } catch {
          error ??= gqlError(`Invalid JSON in the "${name}" multipart field.`, 'BAD_USER_INPUT');
        }
      },
      fileStart(part) {
        const op = operation as Operation | null;
        if (!op || !map) {
          // graphql-upload requires `operations` and `map` before any file (processRequest.mjs).
          error ??= gqlError('Misordered multipart fields; files should follow "map" (https://github.com/jaydenseric/graphql-multipart-request-spec).', 'BAD_USER_INPUT');
          return;
        }
        root = rootFieldOf(op.query);
        if (!root || !(UPLOAD_FIELDS as readonly string[]).includes(root)) {
          error ??= gqlError(`The sandbox's /metadata answers file uploads only (${UPLOAD_FIELDS.join(', ')}), not "${root ?? '?'}".`, 'GRAPHQL_VALIDATION_FAILED');
          return;
        }
        if (!(map as Record<string, string[]>)[part.name]?.includes('variables.file')) {
          error ??= gqlError(`Multipart file "${part.name}" is not mapped to variables.file.`, 'BAD_USER_INPUT');
          return;
        }
        const field = resolveField(ws, root, op.variables ?? {});
        if ('message' in field) {
          error ??= field;
          return;
        }
        pending = new PendingUpload(ws, field, part.filename || 'file', part.contentType);
      },
      async fileChunk(chunk) {
        if (pending) await (pending as PendingUpload).write(chunk);
      },
      async fileEnd() {
        if (pending) uploaded = await (pending as PendingUpload).finish();
        pending = null;
      },
    });
  } catch (e) {
    (pending as PendingUpload | null)?.discard();
    // A client that went away gets no answer; a malformed body gets graphql-upload's 400.
    if (req.destroyed || res.destroyed || !(e instanceof MultipartError)) {
      if (!res.headersSent && !res.destroyed) sendJson(res, 400, { errors: [gqlError((e as Error).message, 'BAD_USER_INPUT')] });
      return;
    }
    return sendJson(res, 400, { errors: [gqlError(e.message, 'BAD_USER_INPUT')] });
  }
  if (error) return sendJson(res, 200, { errors: [error], data: null });
  const done = uploaded as UploadedFile | null;
  const mapped = Object.values((map as Record<string, string[]> | null) ?? {}).some((paths) => paths.includes('variables.file'));
  // A file mapped but never received (e.g. its part header was unreadable): what a real 2.21 answers.
  if (!done && mapped) return sendJson(res, 200, { errors: [gqlError('File missing in the request.', 'INTERNAL_SERVER_ERROR')], data: null });
  if (!done || !root) {
    return sendJson(res, 200, { errors: [gqlError('Variable "$file" of non-null type "Upload!" must not be null.', 'BAD_USER_INPUT')], data: null });
  }
  return sendJson(res, 200, answerFile(ws, root, (operation as Operation | null)?.query ?? '', done));
}

/**
 * Answers a multipart `POST /metadata`. Twenty's GraphQL layer reports failures as GraphQL errors
 * (`errors[].extensions.code`), an authentication failure included.
 */
export async function handleMetadataGraphql(req: IncomingMessage, res: ServerResponse, ctx: GraphqlRouteContext): Promise<void> {
  const ws = ctx.workspaceByKey(ctx.token);
  if (!ws) {
    req.resume();
    const message = ctx.token ? 'Token invalid.' : 'Missing authentication token';
    return sendJson(res, 200, { errors: [gqlError(message, 'UNAUTHENTICATED')], data: null });
  }
  const boundary = req.headers['content-type']?.startsWith('multipart/form-data') ? boundaryOf(req.headers['content-type']) : null;
  if (boundary) return handleUpload(req, res, ws, boundary);

  return sendJson(res, 400, { errors: [gqlError('Expected a multipart/form-data upload (graphql-multipart-request-spec).', 'BAD_REQUEST')] });
}
