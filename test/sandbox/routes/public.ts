/**
 * Routes a Twenty server answers without an API key: health, version, OpenAPI documents and signed file downloads.
 */
import { buildCoreDocument } from '../openapi/core.js';
import { buildMetadataDocument } from '../openapi/metadata.js';
import { nestError } from '../http-error.js';
import type { TokenSigner } from '../tokens.js';
import type { SandboxWorkspace } from '../workspace.js';
import { json, type RouteResponse } from './context.js';

export interface PublicContext {
  serverUrl: string;
  /** APP_VERSION of the emulated server; null emulates a build without it (no appVersion, "0.0.0" in the MCP card) */
  version: string | null;
  signer: TokenSigner;
  workspaceByKey(token: string | undefined): SandboxWorkspace | undefined;
  workspaceById(id: string): SandboxWorkspace | undefined;
}

export interface FileResponse {
  status: number;
  bytes: Buffer;
  headers: Record<string, string>;
}

export function handlePublic(ctx: PublicContext, method: string, path: string, token: string | undefined): RouteResponse | undefined {
  if (method !== 'GET') return undefined;
  switch (path) {
    case '/healthz':
      return json(200, { status: 'ok', info: {}, error: {}, details: {} });
    case '/client-config':
      return json(200, {
        ...(ctx.version ? { appVersion: ctx.version } : {}),
        billing: { isBillingEnabled: false, trialPeriods: [] },
        authProviders: { google: false, magicLink: false, password: true, microsoft: false, sso: [] },
        isMultiWorkspaceEnabled: true,
        sentry: ctx.version ? { release: ctx.version } : {},
        api: { mutationMaximumAffectedRecords: 100 },
        publicFeatureFlags: [],
      });
    case '/.well-known/mcp/server-card.json':
      return json(200, {
        name: 'com.twenty/twenty',
        version: ctx.version ?? '0.0.0',
        title: 'Twenty CRM',
        remotes: [{ type: 'streamable-http', url: `${ctx.serverUrl}/mcp`, supportedProtocolVersions: ['2025-06-18'] }],
      });
    case '/rest/open-api/core':
    case '/open-api/core': {
      // Public route: with a valid key it describes that workspace, otherwise only the base document.
      const ws = ctx.workspaceByKey(token);
      const model = ws ? ws.model : { metadataFormat: 'new' as const, standardApplicationId: '', customApplicationId: '', objects: [] };
      return json(200, buildCoreDocument(model, ctx.serverUrl));
    }
    case '/rest/open-api/metadata':
    case '/open-api/metadata':
      return json(200, buildMetadataDocument(ctx.serverUrl));
  }
  return undefined;
}

/** `GET /file/files-field/<fileId>?token=<FILE token>`: no API key needed, the signed token is (file-download-*). */
export function handleFileDownload(ctx: PublicContext, path: string, query: URLSearchParams): FileResponse | undefined {
  const m = /^\/file\/files-field\/([^/]+)$/.exec(path);
  if (!m) return undefined;
  const forbidden = () => {
    const e = nestError(403, 'Forbidden', 'Forbidden resource');
    return { status: 403, bytes: Buffer.from(JSON.stringify(e.body)), headers: { 'content-type': 'application/json; charset=utf-8' } };
  };
  const payload = ctx.signer.verify(query.get('token') ?? '');
  if (!payload || payload.type !== 'FILE' || payload.fileId !== m[1]) return forbidden();
  const file = ctx.workspaceById(payload.workspaceId as string)?.files.get(m[1]);
  if (!file) {
    const body = { statusCode: 404, error: 'NotFoundException', messages: ['File not found'] };
    return { status: 404, bytes: Buffer.from(JSON.stringify(body)), headers: { 'content-type': 'application/json; charset=utf-8' } };
  }
  return {
    status: 200,
    bytes: file.bytes,
    headers: {
      'content-type': file.mimeType,
      'content-disposition': 'inline',
      'cache-control': 'private, max-age=86400, immutable',
    },
  };
}
