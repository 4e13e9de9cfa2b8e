/**
 * One request to an instance before anything else, to tell at once what no retry can fix: nothing listens at the
 * address, the host name does not resolve, its certificate is refused, or it does not answer at all. The request
 * retries of the HTTP layer exist for servers that restart mid-run; at the first contact they only make a user
 * wait 10–15 s in silence for a typo in a URL.
 */
import { describeNetworkError } from './errors.js';

/** `ok` with the HTTP status answered, or not `ok` with a code and what it means (one flat shape: notebooks type-check it too). */
export interface Reachability {
  ok: boolean;
  status?: number;
  code?: string;
  reason?: string;
}

/** Network error codes that mean the same answer on every retry, with what they mean for a user. */
const HOPELESS: Record<string, string> = {
  ECONNREFUSED: 'refused the connection: nothing listens at that address and port',
  ENOTFOUND: 'does not resolve: no such host name',
  EAI_AGAIN: 'does not resolve: the name server did not answer',
  EHOSTUNREACH: 'is unreachable: no route to that host',
  ENETUNREACH: 'is unreachable: no route to that network',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'presents a self-signed TLS certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'presents a TLS certificate signed by an unknown authority',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'presents a TLS certificate that cannot be verified',
  CERT_HAS_EXPIRED: 'presents an expired TLS certificate',
  ERR_TLS_CERT_ALTNAME_INVALID: 'presents a TLS certificate for another host name',
};

/** The first error code in an error's cause chain (undici nests them: `fetch failed` ← `ECONNREFUSED`). */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let i = 0; i < 5 && current; i++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    const nested = (current as { errors?: unknown[] }).errors;
    if (Array.isArray(nested) && nested.length) current = nested[0];
    else current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * GET `<url>/healthz` without credentials (any HTTP answer counts as reachable).
 *
 * @example
 * const r = await probeReachable('http://127.0.0.1:3000');
 * if (!r.ok) console.log(`${r.reason} (${r.code})`); // "refused the connection: … (ECONNREFUSED)"
 */
export async function probeReachable(url: string, timeoutMs = 15_000): Promise<Reachability> {
  try {
    const res = await fetch(`${url.replace(/\/+$/, '')}/healthz`, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return { ok: true, status: res.status };
  } catch (error) {
    if ((error as Error)?.name === 'TimeoutError') return { ok: false, code: 'TIMEOUT', reason: `did not answer within ${Math.round(timeoutMs / 1000)} s` };
    const code = networkErrorCode(error);
    if (code && HOPELESS[code]) return { ok: false, code, reason: HOPELESS[code] };
    // Node's fetch refuses some port numbers outright (1, 25, 6000…): "fetch failed ← bad port".
    if (/\bbad port\b/.test(describeNetworkError(error))) return { ok: false, code: 'BAD_PORT', reason: 'uses a port number that Node.js refuses to connect to (a blocked port)' };
    // Anything else (a reset mid-answer) is left to the retrying requests that follow.
    return { ok: true, status: 0 };
  }
}
