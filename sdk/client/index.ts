/**
 * The HTTP client layer of twenty-migrate: every stage talks to Twenty through these exports.
 *
 * @example
 * import { createTwentyClient, detectServer, listRecords, request, unwrap } from './client/index.js';
 * const info = await detectServer({ baseUrl, apiKey });
 * const client = createTwentyClient({ baseUrl, apiKey });
 * for await (const company of listRecords(client, 'companies', { pageSize: info.maxPageSize })) save(company);
 */
export { createTwentyClient, serverUrlOf } from './create-client.js';
export type { TwentyApi, TwentyClient, TwentyClientInfo, TwentyClientOptions } from './create-client.js';
export { TwentyApiError, codeForStatus, isThrottled, parseErrorBody, RETRYABLE_STATUSES } from './errors.js';
export type { ParsedErrorBody, RequestDescription, TwentyApiErrorInit, TwentyErrorCode } from './errors.js';
export { DEFAULT_PAGE_SIZE, listPages, listRecords } from './paginate.js';
export type { ListOptions, RecordPage } from './paginate.js';
export { RateLimiter, isThrottledPath, rateLimiterKey, sharedRateLimiter } from './rate-limiter.js';
export type { RateLimitOptions, RateLimiterSnapshot } from './rate-limiter.js';
export { REDACTED, redact, redactError, redactUrl, redactValue, registerSecret } from './redact.js';
export { request, toApiError, unwrap } from './request.js';
export type { ApiResult, HttpMethod, QueryValue, RequestOptions } from './request.js';
export { detectServer, detectServerVersion, isQueryReadAsPath } from './server-info.js';
export { networkErrorCode, probeReachable } from './reachability.js';
export type { Reachability } from './reachability.js';
export type { DetectServerOptions, ServerCapabilities, ServerInfo } from './server-info.js';
export { DEFAULT_RETRY, backoff, parseRetryAfter } from './transport.js';
export type { RetryOptions, TwentyClientEvent } from './transport.js';
export { graphql, type GraphqlResult } from './graphql.js';
export { countRequests, type RequestCount } from './request-count.js';
export { chunked, idInFilter, IDS_PER_FILTER } from './id-filter.js';
