/**
 * Opening a migration: both instances (with what their servers are: version, metadata shape, page and batch
 * maxima) and the run folder, whose manifest records them.
 */
import { createHash } from 'node:crypto';
import {
  createTwentyClient, detectServer, TwentyApiError, type RateLimitOptions, type RetryOptions, type ServerInfo, type TwentyClient, type TwentyClientEvent,
} from './client/index.js';
import { probeReachable } from './client/reachability.js';
import type { InstanceConfig } from './config.js';
import { MigrationError } from './errors.js';
import { RunFolder, type InstanceInfo } from './run/run-folder.js';

export interface ConnectOptions {
  source: InstanceConfig;
  target: InstanceConfig;
  /** run folder; created if absent, resumed if present */
  runDir: string;
  /** client-side limiter per workspace (default Twenty 2.21's 100 requests per 60 s) */
  rateLimit?: Pick<RateLimitOptions, 'limit' | 'windowMs' | 'marginMs' | 'reserve'>;
  /** retry policy of every request (default: 5 attempts, exponential backoff from 500 ms) */
  retry?: RetryOptions;
  /** per-attempt timeout in ms (default 60 000) */
  timeoutMs?: number;
  /** records per page of the export, at most (default and ceiling: the source's maximum, 200 on 2.21) */
  pageSize?: number;
  /** records per batch of the import, at most (default and ceiling: the target's maximum, 200 on 2.21) */
  batchSize?: number;
  /** diagnostics from the HTTP layer (URLs redacted) */
  onClientEvent?: (side: 'source' | 'target', event: TwentyClientEvent) => void;
}

export interface Side {
  config: InstanceConfig;
  core: TwentyClient;
  metadata: TwentyClient;
  info: ServerInfo;
}

export interface Migration {
  run: RunFolder;
  source: Side;
  target: Side;
}

/** One instance on its own (`csv import` needs only the target): reachable, its key accepted, its limits read. */
export function openInstance(name: 'source' | 'target', config: InstanceConfig, options: Omit<ConnectOptions, 'source' | 'target' | 'runDir'> = {}): Promise<Side> {
  return openSide(name, config, options as ConnectOptions);
}

async function openSide(name: 'source' | 'target', config: InstanceConfig, options: ConnectOptions): Promise<Side> {
  const common = {
    baseUrl: config.url,
    apiKey: config.apiKey,
    rateLimit: options.rateLimit ?? {},
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    onEvent: options.onClientEvent && ((e: TwentyClientEvent) => options.onClientEvent!(name, e)),
  };
  const core = createTwentyClient({ ...common, api: 'core' });
  const metadata = createTwentyClient({ ...common, api: 'metadata' });
  const reach = await probeReachable(config.url);
  if (!reach.ok) {
    const side = name.toUpperCase();
    throw new MigrationError(
      `${side}_UNREACHABLE`,
      `${side}: ${config.url} ${reach.reason} (${reach.code}). Check ${side}_URL (the server's address, as in its SERVER_URL) and that the server is up.`,
      { side: name, variable: `${side}_URL`, network: reach.code, resumable: true },
    );
  }
  const info = await detectServer({ ...common, probeBatchSize: name === 'target' }).catch((error: unknown) => {
    throw sideError(name, config, error);
  });
  return { config, core, metadata, info };
}

/**
 * A failure to open one instance, saying which one and which variable to fix: source and target give the same
 * server message for a wrong key, so the message alone does not tell a user which of the two keys is wrong.
 */
function sideError(name: 'source' | 'target', config: InstanceConfig, error: unknown): unknown {
  if (!(error instanceof TwentyApiError)) return error;
  const side = name.toUpperCase();
  if (error.status === 401 || error.status === 403) {
    return new MigrationError(
      `${side}_UNAUTHENTICATED`,
      `${side}: the server at ${config.url} refused the API key (${error.status} ${error.messages.join('; ') || error.code}). ` +
        `Set ${side}_API_KEY to a current API key of the ${name} workspace (Settings → APIs & Webhooks in that workspace).`,
      { side: name, variable: `${side}_API_KEY`, usage: true },
      { cause: error },
    );
  }
  if (error.status === 404 && /\/rest\/metadata\//.test(error.message)) {
    return new MigrationError(
      `${side}_NOT_TWENTY`,
      `${side}: ${config.url} answered 404 to ${error.message.split(' → ')[0]}: no Twenty API is served at that address. ` +
        `Set ${side}_URL to the server's own address (its SERVER_URL, where /rest/ answers), not a page of the app.`,
      { side: name, variable: `${side}_URL`, usage: true },
      { cause: error },
    );
  }
  if (error.code === 'NETWORK_ERROR' || error.code === 'TIMEOUT') {
    return new MigrationError(
      `${side}_UNREACHABLE`,
      `${side}: ${config.url} could not be reached (${error.messages.join('; ') || error.code}). Check ${side}_URL and that the server is up.`,
      { side: name, variable: `${side}_URL`, resumable: true },
      { cause: error },
    );
  }
  return error;
}

async function documentHash(side: Side, kind: 'core' | 'metadata'): Promise<string | undefined> {
  const res = await fetch(`${side.config.url}/rest/open-api/${kind}`, { headers: { authorization: `Bearer ${side.config.apiKey}` } }).catch(() => undefined);
  if (!res?.ok) return undefined;
  return createHash('sha256').update(await res.text()).digest('hex');
}

/** Opens both instances (detecting version, metadata shape, page and batch maxima) and the run folder. */
export async function connect(options: ConnectOptions): Promise<Migration> {
  const [source, target] = await Promise.all([
    openSide('source', options.source, options),
    openSide('target', options.target, options),
  ]);
  if (options.pageSize) source.info.maxPageSize = Math.max(1, Math.min(source.info.maxPageSize, options.pageSize));
  if (options.batchSize) target.info.maxBatchSize = Math.max(1, Math.min(target.info.maxBatchSize, options.batchSize));
  const run = RunFolder.open(options.runDir);
  const info = async (side: Side): Promise<InstanceInfo> => ({
    url: side.config.url,
    version: side.info.version,
    metadataFormat: side.info.metadataFormat,
    openApiCoreSha256: await documentHash(side, 'core'),
    openApiMetadataSha256: await documentHash(side, 'metadata'),
  });
  const [s, t] = await Promise.all([info(source), info(target)]);
  run.updateManifest((m) => {
    m.source = s;
    m.target = t;
  });
  return { run, source, target };
}
