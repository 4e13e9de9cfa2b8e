/**
 * Counting the requests a command sends, per instance, so `sync` and `undo` can report their cost in requests and
 * tests can check it against what the changes need. A middleware on each client: one count per request the SDK
 * makes (the transport's retries of that request are not counted again).
 */
import type { Middleware } from 'openapi-fetch';
import type { TwentyClient } from './create-client.js';

export interface RequestCount {
  readonly source: number;
  readonly target: number;
  /** removes the counters from the clients */
  stop(): void;
}

/**
 * @example
 * const count = countRequests({ source: [m.source.core, m.source.metadata], target: [m.target.core, m.target.metadata] });
 * await syncMigration(m); count.stop(); count.target; // 7
 */
export function countRequests(sides: { source: TwentyClient[]; target: TwentyClient[] }): RequestCount {
  const n = { source: 0, target: 0 };
  const installed: Array<[TwentyClient, Middleware]> = [];
  for (const side of ['source', 'target'] as const) {
    for (const client of new Set(sides[side])) {
      const mw: Middleware = { onRequest: () => void (n[side] += 1) };
      client.use(mw);
      installed.push([client, mw]);
    }
  }
  return {
    get source() { return n.source; },
    get target() { return n.target; },
    stop() {
      for (const [client, mw] of installed.splice(0)) client.eject(mw);
    },
  };
}
