/**
 * Routes a Twenty server answers without an API key: health, version, OpenAPI documents and signed file downloads.
 */
import type { Readable } from 'node:stream';
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
  /** for files that can stream (uploads on disk, the large seeded file): the body, served without buffering it whole */
  stream?: () => Readable;
  size?: number;
}

/** A stored file that can be served as a stream (files/store.ts uploads, SeedFile). */
const streamable = (f: object): f is { stream(): Readable; size: number } =>
  typeof (f as { stream?: unknown }).stream === 'function' && typeof (f as { size?: unknown }).size === 'number';

/**
 * `/client-config` of a self-hosted 2.21 server with default settings (version-client-config*): `appVersion` and
 * `sentry.release` only when APP_VERSION is set. Every key the real server sends is here, so clients that read one
 * find it.
 */
function clientConfig(version: string | null) {
  return {
    ...(version ? { appVersion: version } : {}),
    billing: {
      isBillingEnabled: false,
      trialPeriods: [{ duration: 30, isCreditCardRequired: true }, { duration: 7, isCreditCardRequired: false }],
    },
    aiModels: [],
    authProviders: { google: false, magicLink: false, password: true, microsoft: false, sso: [] },
    signInPrefilled: true,
    isMultiWorkspaceEnabled: true,
    isEmailVerificationRequired: false,
    defaultSubdomain: 'app',
    frontDomain: 'localhost',
    publicFunctionDomain: null,
    support: { supportDriver: 'NONE' },
    sentry: version ? { release: version } : {},
    captcha: {},
    api: { mutationMaximumAffectedRecords: 100 },
    onboarding: { importContactsCreditsReward: 1, inviteTeamCreditsRewardPerUser: 0.5, upgradeCreditsReward: 1, installAppsCreditsRewardPerApp: 0.5 },
    isAttachmentPreviewEnabled: true,
    analyticsEnabled: false,
    canManageFeatureFlags: true,
    publicFeatureFlags: [
      {
        key: 'IS_JUNCTION_RELATIONS_ENABLED',
        metadata: { label: 'Junction Relations', description: 'Enable many-to-many relations through junction tables configuration' },
      },
      {
        key: 'IS_SETTINGS_DISCOVERY_HERO_ENABLED',
        metadata: { label: 'Settings Discovery Hero', description: 'Show the per-page hero illustration + video walkthrough modal on settings pages' },
      },
    ],
    isMicrosoftMessagingEnabled: false,
    isMicrosoftCalendarEnabled: false,
    isGoogleMessagingEnabled: false,
    isGoogleCalendarEnabled: false,
    isConfigVariablesInDbEnabled: true,
    isImapSmtpCaldavEnabled: true,
    isEmailingDomainInDemoMode: true,
    allowRequestsToTwentyIcons: true,
    isCloudflareIntegrationEnabled: false,
    isClickHouseConfigured: false,
    isWorkspaceSchemaDDLLocked: false,
    enterpriseInstanceType: 'production',
  };
}

/** `/.well-known/mcp/server-card.json` (version-mcp-server-card): the version, or "0.0.0" without APP_VERSION. */
function mcpServerCard(version: string | null, serverUrl: string) {
  return {
    $schema: 'https://static.modelcontextprotocol.io/schemas/v1/server-card.schema.json',
    name: 'com.twenty/twenty',
    version: version ?? '0.0.0',
    title: 'Twenty CRM',
    description:
      'Read and write your Twenty CRM data - companies, people, opportunities, tasks, notes and any custom objects - from AI assistants. Tools are discovered at runtime and scoped to the authenticated workspace.',
    websiteUrl: 'https://twenty.com',
    repository: { url: 'https://github.com/twentyhq/twenty', source: 'github' },
    remotes: [
      {
        type: 'streamable-http',
        url: `${serverUrl}/mcp`,
        supportedProtocolVersions: ['2025-06-18'],
        headers: [
          {
            name: 'Authorization',
            description:
              "Optional. Bearer <api-key> for static API-key auth. Omit to use OAuth 2.1, auto-discovered from this host's /.well-known/oauth-protected-resource and /.well-known/oauth-authorization-server.",
            isRequired: false,
            isSecret: true,
          },
        ],
      },
    ],
  };
}

export function handlePublic(ctx: PublicContext, method: string, path: string, token: string | undefined): RouteResponse | undefined {
  if (method !== 'GET') return undefined;
  switch (path) {
    case '/healthz':
      return json(200, { status: 'ok', info: {}, error: {}, details: {} });
    case '/client-config':
      return json(200, clientConfig(ctx.version));
    case '/.well-known/mcp/server-card.json':
      return json(200, mcpServerCard(ctx.version, ctx.serverUrl));
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
  const headers = {
    'content-type': file.mimeType,
    'content-disposition': 'inline',
    'cache-control': 'private, max-age=86400, immutable',
  };
  if (streamable(file)) return { status: 200, bytes: Buffer.alloc(0), headers, stream: () => file.stream(), size: file.size };
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
