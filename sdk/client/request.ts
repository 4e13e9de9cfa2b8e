/**
 * `request` for paths known only at run time (every `namePlural` of a workspace) and `unwrap` to turn an
 * openapi-fetch result into data or a thrown `TwentyApiError`.
 */
import type { Client } from 'openapi-fetch';
import { TwentyApiError } from './errors.js';
import { redactUrl } from './redact.js';
import { describeResponse, parseRetryAfter } from './transport.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  /** Query parameters; undefined and null are left out. Values are URL-encoded. */
  query?: Record<string, QueryValue>;
  /** Values for `{name}` placeholders in the path, URL-encoded (`'/{namePlural}/{id}'`). */
  path?: Record<string, string>;
  /** JSON body. */
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** A call's outcome as a value: data, or a TwentyApiError (HTTP error, network failure or timeout). */
export type ApiResult<T> =
  | { data: T; error?: undefined; response: Response }
  | { data?: undefined; error: TwentyApiError; response?: Response };

/**
 * Calls any path of a Twenty client. Never throws for API or network failures: they come back as `error`
 * (only a caller's abort and programming errors throw).
 *
 * @example
 * const result = await request(client, 'GET', '/{namePlural}', { path: { namePlural: 'pets' }, query: { limit: 200 } });
 * if (result.error) console.warn(result.error.code, result.error.messages);
 */
export async function request<T = unknown>(
  client: Client<any>,
  method: HttpMethod,
  path: string,
  options: RequestOptions = {},
): Promise<ApiResult<T>> {
  const query = options.query ? Object.fromEntries(Object.entries(options.query).filter(([, v]) => v !== undefined && v !== null)) : undefined;
  try {
    const result = await client.request(method.toLowerCase() as 'get', path, {
      params: { query, path: options.path },
      body: options.body,
      signal: options.signal,
      headers: options.headers,
    } as never);
    if (result.error !== undefined || !result.response.ok) return { error: toApiError(result), response: result.response };
    return { data: result.data as T, response: result.response };
  } catch (error) {
    if (error instanceof TwentyApiError) return { error };
    throw error;
  }
}

/**
 * The data of a successful openapi-fetch (or `request`) result; throws the TwentyApiError otherwise.
 *
 * @example
 * const { data } = unwrap(await client.GET('/companies/{id}', { params: { path: { id } } }));
 */
export function unwrap<R extends { data?: unknown; error?: unknown; response?: Response }>(result: R): NonNullable<R['data']> {
  if (result.error !== undefined || !result.response?.ok) throw toApiError(result);
  return result.data as NonNullable<R['data']>;
}

/**
 * The TwentyApiError for a failed result (the error itself when it already is one).
 *
 * @example
 * const { error, response } = await client.GET('/companies');
 * if (error) log(toApiError({ error, response }).code);
 */
export function toApiError(result: { error?: unknown; response?: Response }): TwentyApiError {
  if (result.error instanceof TwentyApiError) return result.error;
  const response = result.response;
  const info = describeResponse(response);
  return TwentyApiError.fromResponse({
    status: response?.status ?? 0,
    body: result.error,
    request: info ?? { method: 'UNKNOWN', url: redactUrl(response?.url ?? '') },
    attempts: info?.attempts,
    retryAfterMs: parseRetryAfter(response?.headers.get('retry-after') ?? null),
  });
}
