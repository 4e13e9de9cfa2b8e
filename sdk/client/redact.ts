/**
 * Credential redaction. Every string that leaves the client layer (error messages, stacks, event payloads,
 * URLs) goes through `redact`, so an API key never ends up in a log, a run folder or a bug report.
 *
 * Twenty API keys are JWTs, so the JWT pattern catches them even when we were never told the key (a key
 * pasted into a filter, a signed file URL). Keys handed to `createTwentyClient` are also registered as
 * literal secrets, which covers keys that do not look like JWTs (other servers, test doubles).
 */
import { inspect } from 'node:util';

export const REDACTED = '<redacted>';

/** Literal secrets registered by clients; kept in memory only, never logged. */
const knownSecrets = new Set<string>();

/** Shorter strings would redact ordinary words; real keys are hundreds of characters. */
const MIN_SECRET_LENGTH = 8;

const PATTERNS: Array<[RegExp, string]> = [
  // Authorization header values, wherever they were printed.
  [/\b(Bearer|Basic)\s+[^\s"',;}\]]+/gi, `$1 ${REDACTED}`],
  // JWTs: three base64url segments, the first starting with `eyJ` (`{"`).
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // Tokens in query strings: signed file URLs (`?token=`) and friends.
  [/([?&;](?:token|access_token|api_key|apikey|signature)=)[^&#\s"']+/gi, `$1${REDACTED}`],
];

/** Header or property names whose values are secrets whatever they look like. */
const SECRET_KEY_NAMES = /^(authorization|api[-_]?key|apikey|token|access[-_]?token|password|secret|cookie|set-cookie)$/i;

/**
 * Registers a literal secret (an API key) so `redact` removes it from any string.
 *
 * @example
 * registerSecret(process.env.SOURCE_API_KEY!);
 * redact(`failed with ${process.env.SOURCE_API_KEY}`); // 'failed with <redacted>'
 */
export function registerSecret(secret: string | undefined | null): void {
  if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH) knownSecrets.add(secret);
}

/**
 * Removes API keys, bearer tokens, JWT-looking strings and `token=` query values from a string.
 *
 * @example
 * redact('GET /file/x?token=eyJhbGciOi.abc.def'); // 'GET /file/x?token=<redacted>'
 */
export function redact(text: string): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Redacts a URL for display: query values named like tokens and any known secret.
 *
 * @example
 * redactUrl('https://crm.example.com/file/files-field/1?token=abc123456'); // '…?token=<redacted>'
 */
export function redactUrl(url: string | URL): string {
  return redact(String(url));
}

/**
 * Deep copy of a JSON-like value with secrets redacted: strings through `redact`, and the values of keys
 * such as `authorization`, `apiKey` or `token` replaced outright. Cycles and depth are bounded.
 *
 * @example
 * redactValue({ headers: { Authorization: 'Bearer x' }, url: '/a?token=y' });
 * // { headers: { Authorization: '<redacted>' }, url: '/a?token=<redacted>' }
 */
export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 12 || seen.has(value)) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1, seen));
  if (value instanceof Error) return redactError(value);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY_NAMES.test(key) && v != null ? REDACTED : redactValue(v, depth + 1, seen);
  }
  return out;
}

/**
 * A copy of an error whose message, stack and causes are redacted; keeps `name` and `code`.
 * Use it before logging an error that did not come from this layer (TwentyApiError is already safe).
 *
 * @example
 * console.error(redactError(err));
 */
export function redactError(error: unknown, depth = 0): Error {
  if (!(error instanceof Error)) return new Error(redact(typeof error === 'string' ? error : inspect(error, { depth: 4 })));
  const copy = new Error(redact(error.message));
  copy.name = error.name;
  copy.stack = error.stack === undefined ? undefined : redact(error.stack);
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) (copy as Error & { code?: unknown }).code = code;
  if (error.cause !== undefined && depth < 4) copy.cause = redactError(error.cause, depth + 1);
  return copy;
}
