/**
 * What a Twenty 1.2.0 server answers without an API key, or whatever the key: `/client-config` (recorded, in
 * test/fixtures/real-1.2/connect-and-schema.json) and the OpenAPI documents. The documents are the real server's,
 * recorded by scripts/real/record-1.2-openapi.ts for the workspace the seeded-1.2 model was recorded from; they are
 * served to a key of any workspace (the flavour does not imitate metadata writes, so a model does not drift from
 * them). Without those files the sandbox's own 2.21 document is served, with 1.2's `limit` (at most 60, default 60:
 * parameters.utils.ts), the one value connect reads from it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildCoreDocument } from '../../openapi/core.js';
import { json, type RouteResponse } from '../../routes/context.js';
import type { PublicContext } from '../../routes/public.js';

const FIXTURES = resolve(import.meta.dirname, '../../../fixtures/real-1.2');

/** The recorded `/client-config` of the seeded 1.2.0 kit; `appVersion` and `sentry.release` follow APP_VERSION. */
function clientConfig(version: string | null) {
  return {
    ...(version ? { appVersion: version } : {}),
    billing: { isBillingEnabled: false, trialPeriods: [{ duration: 30, isCreditCardRequired: true }, { duration: 7, isCreditCardRequired: false }] },
    aiModels: [],
    authProviders: { google: false, magicLink: false, password: true, microsoft: false, sso: [] },
    signInPrefilled: false,
    isMultiWorkspaceEnabled: true,
    isEmailVerificationRequired: false,
    defaultSubdomain: 'app',
    frontDomain: 'localhost',
    debugMode: false,
    support: { supportDriver: 'NONE' },
    sentry: version ? { release: version } : {},
    captcha: {},
    api: { mutationMaximumAffectedRecords: 100 },
    isAttachmentPreviewEnabled: true,
    analyticsEnabled: false,
    canManageFeatureFlags: false,
    publicFeatureFlags: [
      {
        key: 'IS_IMAP_SMTP_CALDAV_ENABLED',
        metadata: {
          label: 'IMAP, SMTP, CalDAV',
          description: 'Easily add email accounts from any provider that supports IMAP, send emails with SMTP (and soon, sync calendars with CalDAV)',
          imagePath: 'https://twenty.com/images/lab/is-imap-smtp-caldav-enabled.png',
        },
      },
      { key: 'IS_TWO_FACTOR_AUTHENTICATION_ENABLED', metadata: { label: 'Two Factor Authentication', description: 'Enable two-factor authentication for your workspace', imagePath: '' } },
    ],
    isMicrosoftMessagingEnabled: false,
    isMicrosoftCalendarEnabled: false,
    isGoogleMessagingEnabled: false,
    isGoogleCalendarEnabled: false,
    isConfigVariablesInDbEnabled: true,
    isImapSmtpCaldavEnabled: false,
  };
}

const recorded = new Map<string, Record<string, any> | null>();

/** A recorded document as the server served it: its own URL in `servers`, without the recorder's note. */
function recordedDocument(kind: 'core' | 'metadata', serverUrl: string): Record<string, any> | null {
  if (!recorded.has(kind)) {
    const file = resolve(FIXTURES, `openapi-${kind}.json`);
    recorded.set(kind, existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
  }
  const doc = recorded.get(kind);
  if (!doc) return null;
  const { 'x-twenty-migrate-recorded': _note, ...served } = doc;
  return { ...served, servers: [{ ...doc.servers[0], url: kind === 'core' ? `${serverUrl}/rest/` : `${serverUrl}/rest/metadata` }] };
}

const LIMIT_12 = { name: 'limit', in: 'query', description: 'Limits the number of objects returned.', required: false, schema: { type: 'integer', minimum: 0, maximum: 60, default: 60 } };

export function publicRoute12(ctx: PublicContext, method: string, path: string, token: string | undefined): RouteResponse | undefined {
  if (method !== 'GET') return undefined;
  if (path === '/client-config') return json(200, clientConfig(ctx.version));
  const kind = path === '/rest/open-api/core' || path === '/open-api/core' ? 'core' : path === '/rest/open-api/metadata' || path === '/open-api/metadata' ? 'metadata' : null;
  const ws = ctx.workspaceByKey(token);
  // Without a key Twenty describes no workspace: the 2.21 route's base document stands for it.
  if (!kind || !ws) return undefined;
  const doc = recordedDocument(kind, ctx.serverUrl);
  if (doc) return json(200, doc);
  if (kind === 'metadata') return undefined;
  const own = buildCoreDocument(ws.model, ctx.serverUrl) as Record<string, any>;
  return json(200, { ...own, components: { ...own.components, parameters: { ...own.components?.parameters, limit: LIMIT_12 } } });
}
