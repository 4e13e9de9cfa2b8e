/**
 * GraphQL `POST /metadata` calls (roles live only there in 2.21; 1.x's data model tree is read there). GraphQL
 * errors arrive with HTTP 200 as `{errors:[{message, extensions:{code}}]}`: they come back as a value, never as a
 * throw.
 */
import type { TwentyClient } from './create-client.js';
import { request } from './request.js';

/** `/metadata` relative to each client's base URL (URL resolution climbs out of `/rest` and `/rest/metadata`). */
const GRAPHQL_PATH = { root: '/metadata', core: '/../metadata', metadata: '/../../metadata' } as const;

export type GraphqlResult<T> = { data: T; error?: undefined } | { data?: undefined; error: { message: string; code: string } };

/** Core records' GraphQL (`/graphql`): 1.x signs file paths there, which REST answers bare. */
const CORE_GRAPHQL_PATH = { root: '/graphql', core: '/../graphql', metadata: '/../../graphql' } as const;

export interface GraphqlOptions {
  /** `metadata` (default): `/metadata`; `graphql`: the records endpoint `/graphql` */
  endpoint?: 'metadata' | 'graphql';
  signal?: AbortSignal;
}

export async function graphql<T>(root: TwentyClient, query: string, variables: Record<string, unknown> = {}, options: GraphqlOptions = {}): Promise<GraphqlResult<T>> {
  const paths = options.endpoint === 'graphql' ? CORE_GRAPHQL_PATH : GRAPHQL_PATH;
  const result = await request<{ data?: T; errors?: Array<{ message?: string; extensions?: { code?: string } }> }>(root, 'POST', paths[root.twenty.api], {
    body: { query, variables }, signal: options.signal,
  });
  if (result.error) return { error: { message: result.error.message, code: result.error.code } };
  const first = result.data?.errors?.[0];
  if (first || !result.data?.data) return { error: { message: first?.message ?? 'empty GraphQL answer', code: first?.extensions?.code ?? 'GRAPHQL_ERROR' } };
  return { data: result.data.data };
}
