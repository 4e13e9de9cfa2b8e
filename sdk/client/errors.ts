/**
 * One error class for everything the Twenty API can do wrong (Stripe/Octokit style): an HTTP `status`,
 * our own stable `code`, Twenty's own `messages`, the `request` (redacted) and whether a retry could help.
 *
 * Twenty 2.21 answers errors in five body shapes (see shared/twenty-2.21/README.md, "Error shapes");
 * `parseErrorBody` reads all of them.
 */
import { inspect } from 'node:util';
import { redact, redactError, redactUrl, redactValue } from './redact.js';

export type TwentyErrorCode =
  | 'RATE_LIMITED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID_REQUEST'
  | 'SERVER_ERROR'
  | 'NETWORK_ERROR'
  | 'TIMEOUT'
  /** The server answered 2xx with a body we cannot read (wrong server, unknown version). */
  | 'UNEXPECTED_RESPONSE';

export interface RequestDescription {
  method: string;
  /** Full URL, `token=` query values and keys redacted. */
  url: string;
}

export interface ParsedErrorBody {
  /** Human messages from `messages[]`, `message` (string or array) or nested metadata `errors`. */
  messages: string[];
  /** Twenty's `error` field: `BadRequestException`, `UNAUTHENTICATED`, `METADATA_VALIDATION_ERROR`, … */
  twentyError?: string;
  /** Twenty's `code` field: `INVALID_QUERY_INPUT`, `PERMISSION_DENIED`, `OBJECT_METADATA_NOT_FOUND`, … */
  twentyCode?: string;
}

/**
 * Reads any of Twenty's error bodies (or a proxy's HTML/text page) into messages and codes.
 *
 * @example
 * parseErrorBody({ statusCode: 401, messages: ['Token invalid.'], error: 'UNAUTHENTICATED' });
 * // { messages: ['Token invalid.'], twentyError: 'UNAUTHENTICATED' }
 */
export function parseErrorBody(body: unknown): ParsedErrorBody {
  if (typeof body === 'string') {
    const text = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    return { messages: text ? [text.slice(0, 300)] : [] };
  }
  if (!body || typeof body !== 'object') return { messages: [] };
  const b = body as Record<string, unknown>;
  const messages: string[] = [];
  const push = (m: unknown) => {
    if (typeof m === 'string' && m.trim()) messages.push(m);
  };
  if (Array.isArray(b.messages)) b.messages.forEach(push); // shapes 1–3: {statusCode, error, messages[], code?}
  if (Array.isArray(b.message)) b.message.forEach(push); // shape 5: Nest validation {message: [...]}
  else push(b.message); // shapes 4 and 5: {message: '...'}
  if (b.errors && typeof b.errors === 'object') messages.push(...flattenMetadataErrors(b.errors)); // shape 4
  return {
    messages,
    twentyError: typeof b.error === 'string' ? b.error : undefined,
    twentyCode: typeof b.code === 'string' ? b.code : undefined,
  };
}

/** `errors: {objectMetadata: [{errors: [{code, message}]}], …}` → `objectMetadata: Object already exists (OBJECT_ALREADY_EXISTS)`. */
function flattenMetadataErrors(errors: object): string[] {
  const out: string[] = [];
  for (const [group, items] of Object.entries(errors)) {
    for (const item of Array.isArray(items) ? items : [items]) {
      const inner = item && typeof item === 'object' && Array.isArray(item.errors) ? item.errors : [item];
      for (const e of inner) {
        if (!e || typeof e !== 'object' || typeof e.message !== 'string') continue;
        out.push(`${group}: ${e.message}${typeof e.code === 'string' ? ` (${e.code})` : ''}`);
      }
    }
  }
  return out.slice(0, 20);
}

/** Throttling: 429 on 2.21; older builds answered 400 with the same "Limit reached" text (twenty-api.md §4). */
export function isThrottled(status: number, messages: readonly string[]): boolean {
  return status === 429 || (status === 400 && messages.some((m) => /limit reached|too many requests/i.test(m)));
}

/**
 * Maps a status (and Twenty's own code) to ours. Note: 2.21 answers "no key" with 403 and "permission
 * denied" with 400 + `PERMISSION_DENIED`; both become FORBIDDEN, the status stays what the server sent.
 */
export function codeForStatus(status: number, parsed: ParsedErrorBody): TwentyErrorCode {
  if (isThrottled(status, parsed.messages)) return 'RATE_LIMITED';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403 || parsed.twentyCode === 'PERMISSION_DENIED') return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status >= 500) return 'SERVER_ERROR';
  if (status >= 400) return 'INVALID_REQUEST';
  return 'UNEXPECTED_RESPONSE';
}

/** 5xx worth retrying: the request most likely never reached Twenty's transaction, or it rolled back. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

export interface TwentyApiErrorInit extends ParsedErrorBody {
  status: number | null;
  code: TwentyErrorCode;
  request: RequestDescription;
  retryable: boolean;
  attempts?: number;
  retryAfterMs?: number;
  body?: unknown;
  cause?: unknown;
}

/**
 * An error from the Twenty API, safe to log: message, `toString()`, `util.inspect` and `JSON.stringify`
 * never contain the API key.
 *
 * @example
 * try { unwrap(await request(client, 'GET', '/companies/{id}', { path: { id } })); }
 * catch (e) { if (e instanceof TwentyApiError && e.code === 'NOT_FOUND') … }
 */
export class TwentyApiError extends Error {
  override readonly name = 'TwentyApiError';
  /** HTTP status; null when no response arrived (NETWORK_ERROR, TIMEOUT). */
  readonly status: number | null;
  readonly code: TwentyErrorCode;
  readonly messages: string[];
  readonly twentyError?: string;
  readonly twentyCode?: string;
  readonly request: RequestDescription;
  /** True when sending the same request again later may succeed. */
  readonly retryable: boolean;
  /** How many times the request was sent (retries included). */
  readonly attempts: number;
  readonly retryAfterMs?: number;
  /** The response body, redacted. */
  readonly body?: unknown;

  constructor(init: TwentyApiErrorInit) {
    const req = { method: init.request.method, url: redactUrl(init.request.url) };
    const messages = init.messages.map(redact);
    const what = init.status === null ? init.code : `${init.status} ${init.code}`;
    const detail = messages.length ? `: ${messages.join('; ')}` : '';
    super(`${req.method} ${req.url} → ${what}${detail}`, init.cause === undefined ? undefined : { cause: redactError(init.cause) });
    this.status = init.status;
    this.code = init.code;
    this.messages = messages;
    this.twentyError = init.twentyError;
    this.twentyCode = init.twentyCode;
    this.request = req;
    this.retryable = init.retryable;
    this.attempts = init.attempts ?? 1;
    this.retryAfterMs = init.retryAfterMs;
    this.body = init.body === undefined ? undefined : redactValue(init.body);
    if (this.stack) this.stack = redact(this.stack);
  }

  /**
   * Builds the error for an HTTP error response.
   *
   * @example
   * TwentyApiError.fromResponse({ status: 404, body, request: { method: 'GET', url } }).code; // 'NOT_FOUND'
   */
  static fromResponse(args: { status: number; body: unknown; request: RequestDescription; attempts?: number; retryAfterMs?: number }): TwentyApiError {
    const parsed = parseErrorBody(args.body);
    const code = codeForStatus(args.status, parsed);
    const retryable = code === 'RATE_LIMITED' || RETRYABLE_STATUSES.has(args.status);
    return new TwentyApiError({ ...parsed, ...args, code, retryable });
  }

  /** Builds the error for a request that got no response: refused, reset, DNS failure or our timeout. */
  static fromNetworkError(cause: unknown, request: RequestDescription, opts: { timedOut: boolean; timeoutMs?: number; attempts?: number }): TwentyApiError {
    const reason = opts.timedOut ? `no response within ${opts.timeoutMs ?? '?'} ms` : describeNetworkError(cause);
    return new TwentyApiError({
      status: null,
      code: opts.timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
      messages: [reason],
      request,
      retryable: true,
      attempts: opts.attempts,
      cause,
    });
  }

  override toString(): string {
    return `${this.name} [${this.code}]: ${this.message}`;
  }

  toJSON(): Record<string, unknown> {
    const { name, message, status, code, messages, twentyError, twentyCode, request, retryable, attempts, retryAfterMs, body } = this;
    const all = { name, message, status, code, messages, twentyError, twentyCode, request, retryable, attempts, retryAfterMs, body };
    return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
  }

  [inspect.custom](depth: number, options: object): string {
    return `${this.stack ?? this.toString()}\n${inspect(this.toJSON(), { ...options, depth: Math.max(depth, 2) })}`;
  }
}

/** `ECONNRESET: socket hang up` from undici's `fetch failed` and its nested causes. */
export function describeNetworkError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let i = 0; i < 4 && current; i++) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      parts.push(typeof code === 'string' ? `${code}: ${current.message}` : current.message);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return redact(parts.join(' ← ') || 'network error');
}
