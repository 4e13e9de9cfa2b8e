/**
 * `createTwentyClient`: an openapi-fetch client for one Twenty workspace, with bearer auth, the shared
 * per-workspace rate limiter, retries and timeouts. Calls return `{ data, error, response }` like any
 * openapi-fetch client; `unwrap` turns an error into a thrown `TwentyApiError`.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { isThrottledPath, RateLimiter, sharedRateLimiter, type RateLimitOptions } from './rate-limiter.js';
import { registerSecret } from './redact.js';
import { createTransport, DEFAULT_RETRY, type RetryOptions, type TwentyClientEvent } from './transport.js';

/** Which API the client's paths are relative to: `/rest`, `/rest/metadata`, or the server root. */
export type TwentyApi = 'core' | 'metadata' | 'root';

const API_PREFIX: Record<TwentyApi, string> = { core: '/rest', metadata: '/rest/metadata', root: '' };

export interface TwentyClientOptions {
  /** The server URL (`https://api.twenty.com`, a self-hosted `SERVER_URL`); `/rest` or `/rest/metadata` suffixes are accepted. */
  baseUrl: string;
  /** The workspace API key, sent as `Authorization: Bearer …` and never logged. */
  apiKey: string;
  /** Default `core`: paths like `/companies`, as in `GET /rest/open-api/core`. */
  api?: TwentyApi;
  /**
   * Client-side limiter options (defaults: 100 per 60 s, Twenty 2.21). The limiter is shared by every client
   * of the same server and key; pass `{ limiter }` to use your own instance or `false` to disable.
   */
  rateLimit?: (RateLimitOptions & { limiter?: RateLimiter; isLimited?: (url: URL) => boolean }) | false;
  /** Retry policy (see transport.ts); `false` = one attempt. */
  retry?: RetryOptions | false;
  /** Per-attempt timeout in ms, covering headers and (for JSON) the body; default 60 000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Progress and diagnostics; payloads carry redacted URLs only. */
  onEvent?: (event: TwentyClientEvent) => void;
}

/** Where a client points, exposed for helpers such as `listRecords` and `detectServer`. */
export interface TwentyClientInfo {
  serverUrl: string;
  apiUrl: string;
  api: TwentyApi;
  limiter: RateLimiter | null;
}

export type TwentyClient<Paths extends {} = any> = Client<Paths> & { readonly twenty: TwentyClientInfo };

/** `https://x.com/rest/metadata/` → `https://x.com`. */
export function serverUrlOf(baseUrl: string): string {
  const url = new URL(baseUrl);
  const path = url.pathname.replace(/\/+$/, '').replace(/\/rest(\/metadata)?$/, '');
  return `${url.origin}${path}`;
}

/**
 * Creates a typed client for one workspace. Give it the paths generated from that workspace's OpenAPI
 * document, or leave `Paths` out and use `request()` for paths known only at run time.
 *
 * @example
 * import type { paths } from '../../generated/source/core.js';
 * const source = createTwentyClient<paths>({ baseUrl: 'https://crm.acme.com', apiKey: process.env.SOURCE_KEY! });
 * const companies = unwrap(await source.GET('/companies', { params: { query: { limit: 200 } } }));
 */
export function createTwentyClient<Paths extends {} = any>(options: TwentyClientOptions): TwentyClient<Paths> {
  if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
    throw new TypeError('createTwentyClient: apiKey is required (Settings → APIs & Webhooks in the workspace).');
  }
  registerSecret(options.apiKey);
  const api = options.api ?? 'core';
  const serverUrl = serverUrlOf(options.baseUrl);
  const apiUrl = serverUrl + API_PREFIX[api];
  const rate = options.rateLimit === false ? null : (options.rateLimit ?? {});
  const limiter = rate === null ? null : (rate.limiter ?? sharedRateLimiter(serverUrl, options.apiKey, rate));

  const client = createClient<Paths>({
    baseUrl: apiUrl,
    fetch: createTransport({
      fetch: options.fetch ?? globalThis.fetch,
      limiter,
      isLimited: rate?.isLimited ?? isThrottledPath,
      retry: options.retry === false ? { ...DEFAULT_RETRY, maxAttempts: 1 } : { ...DEFAULT_RETRY, ...options.retry },
      timeoutMs: options.timeoutMs ?? 60_000,
      onEvent: options.onEvent,
    }),
  });
  client.use(bearerAuth(options.apiKey));
  const info: TwentyClientInfo = { serverUrl, apiUrl, api, limiter };
  return Object.assign(client, { twenty: info });
}

/** Sets the Authorization header on every request (Twenty accepts the key only in the header). */
function bearerAuth(apiKey: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set('Authorization', `Bearer ${apiKey}`);
      return request;
    },
  };
}
