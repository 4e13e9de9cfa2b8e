/**
 * The auditor's own HTTP: plain fetch with the key in a header, independent of the SDK's client (so a bug
 * there cannot hide itself here). Twenty 2.21 throttles API-key calls per workspace at 100 per 60 s
 * (twenty-api.md §4) with no Retry-After, so record calls are paced by a sliding window under that budget and
 * a 429 waits and retries. Metadata (`/rest/metadata`, `/metadata`) and file downloads are not throttled.
 */
import type { Instance } from '../env.js';

export type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export class HttpError extends Error {
  constructor(public status: number, public path: string, public body: string) {
    // the path carries no key; the body is Twenty's error text
    super(`HTTP ${status} ${path}: ${body.slice(0, 500)}`);
  }
}

const BUDGET = 90; // of Twenty's 100 per window: the CLI or another client may have spent some just before
const WINDOW_MS = 60_000;
const windows = new Map<string, number[]>();
const counters = new Map<string, number>();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether Twenty counts this call against the workspace's API-key budget. */
function throttled(path: string): boolean {
  return (path.startsWith('/rest/') && !path.startsWith('/rest/metadata') && !path.startsWith('/rest/open-api')) || path.startsWith('/graphql');
}

async function pace(inst: Instance): Promise<void> {
  const key = `${inst.name}@${inst.url}`;
  const w = windows.get(key) ?? [];
  windows.set(key, w);
  for (;;) {
    const now = Date.now();
    while (w.length && now - w[0] > WINDOW_MS) w.shift();
    if (w.length < BUDGET) {
      w.push(now);
      return;
    }
    await sleep(WINDOW_MS - (now - w[0]) + 50);
  }
}

/** Requests made so far per instance name (for the report: the checker must stay frugal). */
export function requestCount(inst: Instance): number {
  return counters.get(inst.name) ?? 0;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** a FormData body (GraphQL multipart upload) */
  form?: FormData;
  /** statuses returned as `{status, json}` instead of thrown */
  accept?: number[];
}

/** One call to `inst` at `path` (starting with `/`), JSON in and out, with pacing and retries. */
export async function call(inst: Instance, path: string, options: RequestOptions = {}): Promise<{ status: number; json: Json }> {
  const headers: Record<string, string> = { authorization: `Bearer ${inst.apiKey}` };
  let body: string | FormData | undefined;
  if (options.form) {
    body = options.form;
    headers['apollo-require-preflight'] = 'true';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  for (let attempt = 1; ; attempt++) {
    if (throttled(path)) await pace(inst);
    counters.set(inst.name, (counters.get(inst.name) ?? 0) + 1);
    let res: Response;
    try {
      res = await fetch(inst.url + path, { method: options.method ?? 'GET', headers, body, signal: AbortSignal.timeout(120_000) });
    } catch (e) {
      if (attempt >= 6) throw new Error(`${options.method ?? 'GET'} ${path}: ${(e as Error).message}`);
      await sleep(1000 * attempt);
      continue;
    }
    const text = await res.text();
    if (res.status === 429 && attempt < 80) {
      // the bucket refills one token per 600 ms (and a call spaced closer earns nothing): wait a little more
      await sleep(2000);
      continue;
    }
    if (res.status >= 500 && attempt < 4) {
      // includes 2.x's one-off "Metadata cache version not found" right after a reset
      await sleep(1000 * attempt);
      continue;
    }
    let json: Json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    if (res.ok || options.accept?.includes(res.status)) return { status: res.status, json };
    throw new HttpError(res.status, path.replace(/token=[^&]+/g, 'token=…'), text);
  }
}

export async function getJson(inst: Instance, path: string): Promise<Json> {
  return (await call(inst, path)).json;
}

/** GraphQL on the metadata endpoint (`/metadata`), which the rate limit does not count. */
export async function metadataGraphql(inst: Instance, query: string, variables: Record<string, unknown> = {}): Promise<Json> {
  const { json } = await call(inst, '/metadata', { method: 'POST', body: { query, variables } });
  if (json?.errors?.length) throw new Error(`GraphQL /metadata: ${json.errors.map((e: { message: string }) => e.message).join('; ')}`);
  return json.data;
}

/** Downloads a signed file URL without the API key (Twenty's file tokens are in the URL, twenty-api.md §9). */
export async function download(url: string): Promise<{ status: number; bytes: Buffer }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(120_000) });
      const bytes = Buffer.from(await res.arrayBuffer());
      if (res.status >= 500 && attempt < 3) {
        await sleep(1000 * attempt);
        continue;
      }
      return { status: res.status, bytes };
    } catch (e) {
      if (attempt >= 3) throw new Error(`download failed: ${(e as Error).message}`);
      await sleep(1000 * attempt);
    }
  }
}

/** Runs `fn` over `items` with at most `n` at a time. */
export async function pool<T, R>(items: T[], n: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}
