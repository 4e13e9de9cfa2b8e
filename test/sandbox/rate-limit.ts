/**
 * Twenty 2.21's request budget for API-key record calls, per workspace (throttler.service.ts): token buckets
 * whose refill is floor(elapsed × limit / window) since the last *successful* request, the clock restarting at
 * every success so fractions are lost; rejected requests cost nothing. Defaults: 100 per 60 s and 100 per 1 s.
 * Tests and benchmarks scale the window down (e.g. 50 per 2 s) to run a realistic ceiling quickly.
 */
import { tooManyRequests } from './http-error.js';

export interface RateLimitOptions {
  /** tokens per window (default 100) */
  limit?: number;
  /** window in ms (default 60 000) */
  windowMs?: number;
  /** the short burst bucket (default 100 per 1000 ms); false to disable */
  burst?: { limit: number; windowMs: number } | false;
}

class Bucket {
  private tokens: number;
  private last = Date.now();

  constructor(readonly limit: number, readonly windowMs: number) {
    this.tokens = limit;
  }

  available(now: number): number {
    return Math.min(this.limit, this.tokens + Math.floor(((now - this.last) * this.limit) / this.windowMs));
  }

  take(now: number): void {
    this.tokens = this.available(now) - 1;
    this.last = now;
  }
}

export class RequestBudget {
  private readonly buckets: Bucket[];
  /** counters for tests and benchmarks */
  accepted = 0;
  rejected = 0;

  constructor(options: RateLimitOptions = {}) {
    this.buckets = [new Bucket(options.limit ?? 100, options.windowMs ?? 60_000)];
    const burst = options.burst === undefined ? { limit: 100, windowMs: 1000 } : options.burst;
    if (burst) this.buckets.push(new Bucket(burst.limit, burst.windowMs));
  }

  get limit(): number {
    return this.buckets[0].limit;
  }

  get windowMs(): number {
    return this.buckets[0].windowMs;
  }

  /** Spends one token or throws Twenty's 429. */
  spend(now = Date.now()): void {
    const empty = this.buckets.find((b) => b.available(now) < 1);
    if (empty) {
      this.rejected += 1;
      throw tooManyRequests(`Limit reached (${empty.limit} tokens per ${empty.windowMs} ms)`);
    }
    for (const b of this.buckets) b.take(now);
    this.accepted += 1;
  }
}
