/**
 * The Twenty sandbox: an HTTP server that speaks Twenty 2.21's REST API for one or more workspaces, each with its
 * own API key, data model, rows, files and request budget. Tests start it in-process on an ephemeral port;
 * `npm run sandbox` starts it for people and scripts. `flavour: '1.2'` makes it answer as Twenty 1.2.0 does where
 * that version differs (flavours/v1-2/).
 *
 * @example
 * const sandbox = await startSandbox({ workspaces: [{ name: 'source', model: 'seeded' }, { name: 'target' }] });
 * const res = await fetch(`${sandbox.url}/rest/companies`, { headers: { authorization: `Bearer ${sandbox.workspace('source').apiKey}` } });
 * await sandbox.close();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { badRequest, missingToken, nestError, SandboxHttpError, unauthenticated } from './http-error.js';
import type { RouteResponse } from './routes/context.js';
import { handleRolesGraphql } from './routes/graphql-roles.js';
import { handleMetadata } from './routes/metadata.js';
import { handleFileDownload, handlePublic, type PublicContext } from './routes/public.js';
import { handleMetadataGraphql } from './routes/graphql-files.js';
import { handleRecords } from './routes/records.js';
import { handleWebhooks } from './routes/webhooks.js';
import { TokenSigner } from './tokens.js';
import { SandboxWorkspace, type WorkspaceOptions } from './workspace.js';
import { flavourOf, type FlavourName } from './flavours/index.js';

/** What a fault hook may do to a request before it is handled: tests use it for 429 storms, 500s and resets. */
export type Fault = 'reset' | 500 | 502 | 503 | 429 | { delayMs: number } | undefined;

export interface SandboxOptions {
  workspaces: WorkspaceOptions[];
  port?: number;
  host?: string;
  /** The Twenty version whose API differences to imitate (default 2.21; see flavours/). */
  flavour?: FlavourName;
  /** APP_VERSION to report (default the flavour's: "2.21.0", "1.2.0"); null for a server built without it */
  version?: string | null;
  /** Called for every request to a workspace's records API; return a fault to inject. */
  fault?: (request: { method: string; path: string; workspace: string }) => Fault;
  /** Log one line per request (method, path, status) to this function. Keys are never logged. */
  log?: (line: string) => void;
}

export interface Sandbox {
  url: string;
  server: Server;
  workspaces: SandboxWorkspace[];
  workspace(name: string): SandboxWorkspace;
  /** Replace the fault hook while running. */
  setFault(fault: SandboxOptions['fault']): void;
  close(): Promise<void>;
}

const MAX_BODY = 50 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw nestError(413, 'Payload Too Large', 'request entity too large');
    chunks.push(chunk as Buffer);
  }
  if (!size) return null;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw nestError(400, 'Bad Request', `Unexpected token in JSON at position 0`);
  }
}

function send(res: ServerResponse, r: RouteResponse) {
  const body = JSON.stringify(r.body);
  res.writeHead(r.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...r.headers });
  res.end(body);
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const signer = new TokenSigner();
  const workspaces = options.workspaces.map((w) => new SandboxWorkspace(w, signer));
  const byKey = new Map<string, SandboxWorkspace>();
  for (const ws of workspaces) {
    ws.apiKey = signer.sign({ type: 'API_KEY', sub: ws.workspaceId, workspaceId: ws.workspaceId, name: ws.apiKeyName });
    byKey.set(ws.apiKey, ws);
  }
  let fault = options.fault;
  const flavour = flavourOf(options.flavour);
  const ctx: PublicContext = {
    serverUrl: '',
    version: options.version === undefined ? flavour.version : options.version,
    signer,
    workspaceByKey: (token) => (token ? byKey.get(token) : undefined),
    workspaceById: (id) => workspaces.find((w) => w.workspaceId === id),
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;

    const file = handleFileDownload(ctx, path, url.searchParams);
    if (file) {
      res.writeHead(file.status, { ...file.headers, 'content-length': file.stream ? file.size! : file.bytes.length });
      return void (file.stream ? file.stream().pipe(res) : res.end(file.bytes));
    }
    const open = flavour.publicRoute?.(ctx, method, path, token) ?? handlePublic(ctx, method, path, token);
    if (open) return send(res, open);
    // GraphQL multipart on /metadata: file uploads, streamed (routes/graphql-files.ts); not throttled, like metadata.
    if (path === '/metadata' && method === 'POST' && String(req.headers['content-type'] ?? '').startsWith('multipart/')) {
      return handleMetadataGraphql(req, res, { token, workspaceByKey: ctx.workspaceByKey });
    }
    // GraphQL `POST /metadata` with a JSON body: role operations (routes/graphql-roles.ts), matched by operation name.
    const graphql = path === '/metadata' && method === 'POST' && !String(req.headers['content-type'] ?? '').startsWith('multipart/');
    // GraphQL `POST /graphql` (records) only where the flavour answers it (1.2 lists its trash there).
    const coreGraphql = path === '/graphql' && method === 'POST' && !!flavour.coreGraphql;
    if (!path.startsWith('/rest/') && !graphql && !coreGraphql) return send(res, { status: 404, body: { statusCode: 404, message: `Cannot ${method} ${path}`, error: 'Not Found' } });

    // Twenty's auth middleware writes its failures itself, as `application/json` without a charset (auth-4xx-*).
    const authFailure = (e: SandboxHttpError) => send(res, { status: e.status, body: e.body, headers: { 'content-type': 'application/json' } });
    if (!header) return authFailure(missingToken());
    const workspace = token ? byKey.get(token) : undefined;
    if (!workspace) return authFailure(unauthenticated());
    const body = await readBody(req);
    if (graphql && flavour.metadataGraphql) return send(res, flavour.metadataGraphql(workspace, body));
    if (coreGraphql) return send(res, flavour.coreGraphql!(workspace, body));
    if (graphql) {
      const unknownOperation = { status: 400, body: { errors: [{ message: 'Unknown operation', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] } };
      return send(res, handleRolesGraphql(workspace, body) ?? unknownOperation);
    }
    const segments = path.slice('/rest/'.length).split('/').map(decodeURIComponent);
    const routed = { method, path, query: url.searchParams, body, workspace, rawUrl: req.url ?? path };

    // `/rest/webhooks` is the webhook controller's second path, not a records route: no budget, no fault hook.
    if (segments[0] === 'webhooks' && segments.length <= 2) {
      return send(res, handleWebhooks({ method, path, query: url.searchParams, body, workspace }, segments[1], true));
    }
    if (segments[0] === 'metadata') {
      const answer = flavour.metadataRest?.(routed, segments.slice(1));
      if (answer) return send(res, answer);
      return send(res, handleMetadata({ method, path, query: url.searchParams, body, workspace }, segments.slice(1)));
    }
    const injected = fault?.({ method, path, workspace: workspace.name });
    if (injected === 'reset') return void req.socket.destroy();
    if (typeof injected === 'object') await new Promise((r) => setTimeout(r, injected.delayMs));
    if (injected === 429) throw new SandboxHttpError(429, { statusCode: 429, error: 'HttpException', messages: ['Limit reached (100 tokens per 60000 ms)'] });
    if (typeof injected === 'number') {
      throw new SandboxHttpError(injected, { statusCode: injected, error: 'InternalServerErrorException', messages: ['Injected fault'] });
    }
    // Only API-key record calls are throttled; metadata, OpenAPI and files are not (rate-limit-metadata-not-throttled).
    if (flavour.throttlesRecords) workspace.budget?.spend();
    return send(res, flavour.records?.(routed, segments) ?? handleRecords(routed, segments));
  }

  const server = createServer((req, res) => {
    handle(req, res)
      .catch((error: unknown) => {
        if (error instanceof SandboxHttpError) return send(res, { status: error.status, body: error.body });
        const e = badRequest(error instanceof Error ? error.message : String(error));
        send(res, { status: 500, body: { ...e.body, statusCode: 500, error: 'InternalServerErrorException' } });
      })
      .finally(() => options.log?.(`${req.method} ${(req.url ?? '').replace(/token=[^&]+/, 'token=<redacted>')} ${res.statusCode}`));
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  ctx.serverUrl = url;
  for (const ws of workspaces) ws.serverUrl = url;

  return {
    url,
    server,
    workspaces,
    workspace(name) {
      const ws = workspaces.find((w) => w.name === name);
      if (!ws) throw new Error(`no sandbox workspace named ${name} (have: ${workspaces.map((w) => w.name).join(', ')})`);
      return ws;
    },
    setFault(f) {
      fault = f;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Pending workflow runs hold timers: clear them so nothing fires into a closed sandbox.
        for (const ws of workspaces) ws.close();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
