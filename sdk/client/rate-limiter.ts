/**
 * Client-side rate limiting: a mirror of Twenty's own token bucket, shared by every client of a workspace.
 *
 * How Twenty 2.21 throttles (measured, shared/twenty-2.21/README.md "429 and recovery"): one bucket per
 * workspace, `limit` tokens (100) per `windowMs` (60 s); each core record request made with an API key takes
 * one token; refill is `floor(elapsed × limit / windowMs)` counted from the last *successful* request, and
 * that clock restarts at every success, so fractions are lost. Rejected (429) requests cost nothing.
 *
 * Our limiter runs the same arithmetic on our side, so it reaches the server's ceiling without a 429:
 * - it starts with a full bucket (`initialTokens`) and spends it as a burst, except a `reserve` (10 %);
 * - then it grants one request per `windowMs / limit + marginMs` (650 ms by default) and restarts its own
 *   refill clock at every grant, exactly like the server does at every success;
 * - the margin absorbs ordinary jitter: Twenty measures the gap between *arrivals*, and a gap of 599 ms
 *   earns no token at all. The reserve absorbs the rest: when a burst's requests reach the throttle spread
 *   over a few hundred ms, or one request overtakes another, the server spends a reserve token where our
 *   model expected a refill, instead of answering 429. (The reserve only comes back after an idle gap.)
 * When a 429 arrives anyway (another program uses the same workspace, a previous run emptied the bucket,
 * the reserve was worn down) `onThrottled` sets our bucket to the truth, empty, and restarts the clock:
 * *every* client of that workspace pauses until the reserve has refilled, (reserve + 1) intervals = 7 s by
 * default, or longer when the server sends `Retry-After`. A 429 costs the server nothing, so this is cheap.
 */
import { createHash } from 'node:crypto';

export interface RateLimitOptions {
  /** Requests per window; Twenty 2.21 default 100. */
  limit?: number;
  /** Window length in ms; Twenty 2.21 default 60 000. */
  windowMs?: number;
  /** Extra ms added to each refill interval to absorb jitter; default 50, at most a tenth of the interval. */
  marginMs?: number;
  /** Tokens assumed available at start; default `limit` (a full bucket, as after 60 s idle). */
  initialTokens?: number;
  /** Tokens of the server's bucket we never spend on purpose; default 10 % of `limit`. */
  reserve?: number;
}

export interface RateLimiterSnapshot {
  tokens: number;
  queued: number;
  intervalMs: number;
}

interface Waiter {
  resolve: (waitedMs: number) => void;
  reject: (reason: unknown) => void;
  enqueuedAt: number;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * A FIFO token bucket mirroring Twenty's throttler. Usually obtained through `sharedRateLimiter`.
 *
 * @example
 * const limiter = new RateLimiter({ limit: 100, windowMs: 60_000 });
 * await limiter.acquire(); // resolves at once while the burst lasts, then every 650 ms
 */
export class RateLimiter {
  readonly limit: number;
  readonly intervalMs: number;
  readonly reserve: number;
  private tokens: number;
  private clockStart: number;
  private pausedUntil = 0;
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(options: RateLimitOptions = {}, private readonly now: () => number = () => performance.now()) {
    this.limit = options.limit ?? 100;
    const windowMs = options.windowMs ?? 60_000;
    if (!(this.limit > 0) || !(windowMs > 0)) throw new RangeError('rateLimit.limit and rateLimit.windowMs must be positive');
    // The margin absorbs jitter between our clock and the server's: 50 ms on Twenty's 600 ms interval, but at most a
    // tenth of the interval, or a raised server limit (10 000 per second) would be paced 500 times slower than it
    // allows, and the pause after a 429 (the reserve refilling) would last a minute instead of a tenth of a second.
    this.intervalMs = windowMs / this.limit + (options.marginMs ?? Math.min(50, windowMs / this.limit / 10));
    this.reserve = Math.min(this.limit - 1, Math.max(0, options.reserve ?? Math.ceil(this.limit / 10)));
    this.tokens = Math.min(this.limit, options.initialTokens ?? this.limit);
    this.clockStart = this.now();
  }

  /** Waits for a token; resolves with the ms spent waiting. Rejects with the signal's reason on abort. */
  acquire(signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, enqueuedAt: this.now(), signal };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.pump();
    });
  }

  /**
   * The server said 429: it has no token for us. Empty the bucket and restart the refill clock so the whole
   * workspace waits one interval; with a `Retry-After`, wait at least that long.
   */
  onThrottled(retryAfterMs?: number): void {
    const now = this.now();
    this.tokens = 0;
    this.clockStart = now;
    if (retryAfterMs !== undefined && retryAfterMs > 0) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
    this.reschedule();
  }

  snapshot(): RateLimiterSnapshot {
    return { tokens: this.available(this.now()), queued: this.queue.length, intervalMs: this.intervalMs };
  }

  private available(now: number): number {
    const earned = Math.floor((now - this.clockStart) / this.intervalMs);
    return Math.min(this.limit, this.tokens + Math.max(0, earned));
  }

  private pump(): void {
    while (this.queue.length) {
      const now = this.now();
      if (now < this.pausedUntil) return this.schedule(this.pausedUntil - now);
      const available = this.available(now);
      // Keep `reserve` tokens in the bucket: wait until refills bring the stock to reserve + 1.
      if (available < this.reserve + 1) return this.schedule(this.clockStart + (this.reserve + 1 - this.tokens) * this.intervalMs - now);
      // Same bookkeeping as the server on a success: refill, take one, restart the refill clock.
      this.tokens = available - 1;
      this.clockStart = now;
      const waiter = this.queue.shift()!;
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(now - waiter.enqueuedAt);
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, Math.max(1, Math.ceil(delayMs)));
  }

  private reschedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pump();
  }
}

const registry = new Map<string, RateLimiter>();

/**
 * Identifies a workspace bucket without holding the key: the server origin plus a SHA-256 prefix of the key.
 * (Twenty counts per workspace; two keys of one workspace share a bucket we cannot see, see README.)
 *
 * @example
 * rateLimiterKey('https://api.twenty.com', key); // 'https://api.twenty.com#3f7a…'
 */
export function rateLimiterKey(baseUrl: string, apiKey: string): string {
  const hash = createHash('sha256').update(apiKey).digest('hex').slice(0, 16);
  return `${new URL(baseUrl).origin}#${hash}`;
}

/**
 * The process-wide limiter for one workspace (origin + key). The first caller's options create it; later
 * callers share it whatever options they pass, so that every client and call to a workspace is counted once.
 *
 * @example
 * const a = sharedRateLimiter(url, key), b = sharedRateLimiter(url, key); // a === b
 */
export function sharedRateLimiter(baseUrl: string, apiKey: string, options?: RateLimitOptions): RateLimiter {
  const key = rateLimiterKey(baseUrl, apiKey);
  let limiter = registry.get(key);
  if (!limiter) registry.set(key, (limiter = new RateLimiter(options)));
  return limiter;
}

/**
 * Whether a URL is a call Twenty 2.21 throttles: core records under `/rest/` and core GraphQL. Metadata
 * (`/rest/metadata/*`), OpenAPI documents, `/client-config`, `/healthz` and file downloads are free.
 */
export function isThrottledPath(url: URL): boolean {
  const path = url.pathname;
  if (/\/rest\/(metadata|open-api)(\/|$)/.test(path)) return false;
  return /\/rest\//.test(path) || /\/graphql\/?$/.test(path);
}
