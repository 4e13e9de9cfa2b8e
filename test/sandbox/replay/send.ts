/**
 * Sends a recorded request to the sandbox: the same method, path, query and body, with the credential the recording
 * names (`auth`), and recorded server-generated ids replaced by the sandbox's own.
 */
import type { Transcript } from '../../support/shared.js';
import { mapIds } from './compare.js';

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  bytes: Buffer;
}

export interface Credentials {
  SOURCE: string;
  TARGET: string;
}

/** A real key whose signature was altered: header and payload intact, the signature's first character changed. */
export function tamper(key: string): string {
  const at = key.lastIndexOf('.') + 1;
  return key.slice(0, at) + (key[at] === 'A' ? 'B' : 'A') + key.slice(at + 1);
}

export function authorization(auth: Transcript['auth'], keys: Credentials): string | undefined {
  switch (auth) {
    case 'SOURCE':
    case 'TARGET':
      return `Bearer ${keys[auth]}`;
    case 'wrong-key':
      return 'Bearer not-a-token';
    case 'tampered-jwt':
      return `Bearer ${tamper(keys.TARGET)}`;
    case 'none':
      return undefined;
  }
}

export async function send(baseUrl: string, t: Transcript, keys: Credentials, ids: Map<string, string>, url?: string): Promise<Answer> {
  const query = Object.entries(t.request.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(mapIds(v, ids))}`)
    .join('&');
  const target = url ?? `${baseUrl}${mapIds(t.request.path, ids)}${query ? `?${query}` : ''}`;
  const headers: Record<string, string> = { ...(t.request.headers ?? {}) };
  const auth = authorization(t.auth, keys);
  if (auth) headers.Authorization = auth;
  const res = await fetch(target, {
    method: t.request.method,
    headers,
    body: t.request.body === null || t.request.body === undefined ? undefined : mapIds(JSON.stringify(t.request.body), ids),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, headers: res.headers, bytes, body: type.includes('json') && bytes.length ? JSON.parse(bytes.toString('utf8')) : null };
}
