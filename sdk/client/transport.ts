/**
 * The fetch function given to openapi-fetch: rate limiting, per-attempt timeouts and retries around the
 * real `fetch`. It lives below openapi-fetch's middleware on purpose: middleware runs once per call, while
 * a retry has to send the request again, and network errors never reach `onResponse`.
 */
import { RETRYABLE_STATUSES, TwentyApiError, isThrottled, parseErrorBody, type RequestDescription } from './errors.js';
import type { RateLimiter } from './rate-limiter.js';
import { redactUrl } from './redact.js';

export interface RetryOptions {
  /** Total attempts including the first; default 5. 1 disables retries. */
  maxAttempts?: number;
  /** Base of the exponential backoff; default 500 ms. */
  baseDelayMs?: number;
  /** Cap of one backoff delay; default 30 000 ms. */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the response is returned as is; default 120 000 ms. */
  maxRetryAfterMs?: number;
  /**
   * How long one request keeps waiting out 429s (Twenty did nothing, so waiting costs nothing but time) before the
   * answer is returned; throttled answers do not count against `maxAttempts`. Default 600 000 ms.
   */
  maxThrottledWaitMs?: number;
}

/** What the client did, for progress bars and logs. URLs are redacted; headers are never included. */
export type TwentyClientEvent =
  | { type: 'request'; method: string; url: string; attempt: number }
  | { type: 'response'; method: string; url: string; attempt: number; status: number; durationMs: number }
  | { type: 'rate-limit-wait'; method: string; url: string; waitedMs: number }
  | { type: 'throttled'; method: string; url: string; status: number; retryAfterMs?: number }
  | { type: 'retry'; method: string; url: string; attempt: number; delayMs: number; reason: string };

export interface TransportOptions {
  fetch: typeof fetch;
  limiter: RateLimiter | null;
  /** Which URLs the limiter counts (Twenty throttles core record calls only). */
  isLimited: (url: URL) => boolean;
  retry: Required<RetryOptions>;
  timeoutMs: number;
  onEvent?: (event: TwentyClientEvent) => void;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000, maxThrottledWaitMs: 600_000 };

/** Method, redacted URL and attempt count of each response the transport returned (read by `unwrap`). */
const responseInfo = new WeakMap<Response, RequestDescription & { attempts: number }>();

export function describeResponse(response: Response | undefined): (RequestDescription & { attempts: number }) | undefined {
  return response ? responseInfo.get(response) : undefined;
}

/**
 * Retry rules.
 * - What is retried: 429 (throttled: Twenty did nothing), 500/502/503/504 (a crashed or restarting server or
 *   its proxy), connection failures (ECONNRESET, "socket hang up", refused, DNS) and our own timeouts.
 *   Other 4xx are answers about the request itself and come back at once.
 * - Every method is retried, POST included. A create can land and its answer be lost; the SDK's writes carry
 *   client-side ids (or use upsert), so a replay either succeeds or fails visibly with "A duplicate entry was
 *   detected", which the import stage reconciles by reading the ids back. Silently giving up would not be safer.
 * - How long: up to `maxAttempts` sends. Between them, "full jitter" exponential backoff: a random delay in
 *   [0, min(maxDelayMs, baseDelayMs × 2^(n−1))], so parallel workers do not retry in lockstep. A `Retry-After`
 *   header (seconds or HTTP date; 2.21 sends none, newer builds do) replaces the backoff.
 * - 429 also tells the shared limiter, which pauses every client of the workspace (see rate-limiter.ts); the
 *   retried request then queues for a token like any other.
 * - The caller's AbortSignal stops everything at once and is never retried.
 */
export function createTransport(options: TransportOptions): (input: Request) => Promise<Response> {
  const { retry, timeoutMs, onEvent, limiter } = options;
  const emit = (event: TwentyClientEvent) => {
    try {
      onEvent?.(event);
    } catch {
      // A faulty logger must not break requests.
    }
  };

  return async function twentyFetch(input: Request): Promise<Response> {
    const method = input.method;
    const url = redactUrl(input.url);
    const limited = limiter !== null && options.isLimited(new URL(input.url));
    const body = input.body ? await input.arrayBuffer() : undefined; // buffered once, replayed on each attempt
    const callerSignal = input.signal;

    // `attempt` counts every try (for events); `failures` only the ones that are not throttling.
    let failures = 0;
    let throttledWaitMs = 0;
    for (let attempt = 1; ; attempt++) {
      if (limited) {
        const waitedMs = await limiter.acquire(callerSignal);
        if (waitedMs >= 1) emit({ type: 'rate-limit-wait', method, url, waitedMs: Math.round(waitedMs) });
      }
      emit({ type: 'request', method, url, attempt });
      const started = performance.now();
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);
      let response: Response;
      try {
        const request = new Request(input.url, {
          method,
          headers: input.headers,
          body,
          redirect: input.redirect,
          signal: AbortSignal.any([callerSignal, timeout.signal]),
        });
        response = await bufferBody(await options.fetch(request));
      } catch (error) {
        if (callerSignal.aborted) throw callerSignal.reason;
        const failure = TwentyApiError.fromNetworkError(error, { method, url }, { timedOut: timeout.signal.aborted, timeoutMs, attempts: attempt });
        failures += 1;
        if (failures >= retry.maxAttempts) throw failure;
        const delayMs = backoff(failures, retry);
        emit({ type: 'retry', method, url, attempt, delayMs, reason: `${failure.code}: ${failure.messages.join('; ')}` });
        await sleep(delayMs, callerSignal);
        continue;
      } finally {
        clearTimeout(timer);
      }

      const status = response.status;
      emit({ type: 'response', method, url, attempt, status, durationMs: Math.round(performance.now() - started) });
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      const throttled = status === 429 || (status === 400 && isThrottled(400, parseErrorBody(await peekJson(response)).messages));
      if (throttled) {
        emit({ type: 'throttled', method, url, status, retryAfterMs });
        if (limited) limiter.onThrottled(retryAfterMs);
      }
      const retryable = throttled || RETRYABLE_STATUSES.has(status);
      const waitTooLong = retryAfterMs !== undefined && retryAfterMs > retry.maxRetryAfterMs;
      if (!throttled) failures += 1;
      const delayMs = retryAfterMs ?? backoff(throttled ? Math.min(attempt, 8) : failures, retry);
      const spent = throttled ? throttledWaitMs + delayMs > (retry.maxThrottledWaitMs ?? DEFAULT_RETRY.maxThrottledWaitMs) : failures >= retry.maxAttempts;
      if (!retryable || spent || waitTooLong) {
        responseInfo.set(response, { method, url, attempts: attempt });
        return response;
      }
      if (throttled) throttledWaitMs += delayMs;
      emit({ type: 'retry', method, url, attempt, delayMs, reason: `HTTP ${status}` });
      await sleep(delayMs, callerSignal);
    }
  };
}

/** Full jitter: random in [0, min(cap, base × 2^(attempt−1))]. */
export function backoff(attempt: number, retry: Required<RetryOptions>): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(Math.random() * ceiling);
}

/** `Retry-After: 3` or `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT` → ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Reads JSON, text and error bodies while the attempt's timeout still runs, so a connection reset in the
 * middle of a 200-record page is retried like any other network error. Binary bodies (file downloads) stream.
 */
async function bufferBody(response: Response): Promise<Response> {
  const type = response.headers.get('content-type') ?? '';
  const textual = !response.ok || type === '' || /json|text|xml|javascript/i.test(type);
  if (!textual || response.body === null) return response;
  const bytes = await response.arrayBuffer();
  const nullBody = [101, 204, 205, 304].includes(response.status);
  const copy = new Response(nullBody ? null : bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}

async function peekJson(response: Response): Promise<unknown> {
  try {
    return await response.clone().json();
  } catch {
    return undefined;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
