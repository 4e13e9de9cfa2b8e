/**
 * The envelopes Twenty's REST metadata API answers in. 2.21 picks one per workspace (feature flag
 * `IS_REST_METADATA_API_NEW_FORMAT_DIRECT`, twenty-api.md §8):
 *
 * | call                          | legacy                                   | new            |
 * |-------------------------------|------------------------------------------|----------------|
 * | list                          | `{data:{objects|fields:[…]},pageInfo}`   | `{data:[…],pageInfo}` |
 * | get / create / update / delete| `{data:{object|createOneObject|…:{…}}}`  | the bare item  |
 *
 * Anything else becomes a TwentyApiError `UNEXPECTED_RESPONSE` that names the server and the keys that came back
 * (never values: a proxy's answer could hold anything).
 */
import { TwentyApiError } from '../client/index.js';

export type MetadataKind = 'objects' | 'fields';

export interface MetadataPage {
  format: 'legacy' | 'new';
  items: Record<string, unknown>[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount?: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{data: {objects: […]}, pageInfo}` → keys `data, data.objects, pageInfo`: what an error message may show. */
export function describeKeys(body: unknown): string {
  if (Array.isArray(body)) return `an array of ${body.length}`;
  if (!isRecord(body)) return body === null || body === undefined ? 'an empty body' : `a ${typeof body}`;
  const keys = Object.keys(body).slice(0, 12);
  const inner = isRecord(body.data) ? Object.keys(body.data).slice(0, 12).map((k) => `data.${k}`) : [];
  return `keys {${[...keys, ...inner].join(', ')}}`;
}

/** The error for a 2xx answer of a shape we do not know. */
export function unexpectedShape(where: { serverUrl: string; method: string; path: string; status?: number }, body: unknown, expected: string) {
  return new TwentyApiError({
    status: where.status ?? 200,
    code: 'UNEXPECTED_RESPONSE',
    messages: [
      `${where.serverUrl} answered ${where.method} ${where.path} with ${describeKeys(body)}; expected ${expected}. ` +
        'Is this a Twenty server, and which version? (twenty-migrate knows the 2.21 legacy and new metadata formats)',
    ],
    request: { method: where.method, url: `${where.serverUrl}${where.path}` },
    retryable: false,
  });
}

/**
 * Reads one page of `GET /rest/metadata/objects|fields` in either format; null when the shape is unknown.
 *
 * @example
 * parseMetadataPage({ data: { objects: [{ id: 'a' }] }, pageInfo: { hasNextPage: false } }, 'objects');
 * // { format: 'legacy', items: [{ id: 'a' }], hasNextPage: false, endCursor: null }
 */
export function parseMetadataPage(body: unknown, kind: MetadataKind): MetadataPage | null {
  if (!isRecord(body)) return null;
  const data = body.data;
  let items: unknown[];
  let format: MetadataPage['format'];
  if (Array.isArray(data)) [items, format] = [data, 'new'];
  else if (isRecord(data) && Array.isArray(data[kind])) [items, format] = [data[kind] as unknown[], 'legacy'];
  else return null;
  if (!items.every(isRecord)) return null;
  const pageInfo = isRecord(body.pageInfo) ? body.pageInfo : {};
  return {
    format,
    items: items as Record<string, unknown>[],
    hasNextPage: pageInfo.hasNextPage === true,
    endCursor: typeof pageInfo.endCursor === 'string' ? pageInfo.endCursor : null,
    totalCount: typeof body.totalCount === 'number' ? body.totalCount : undefined,
  };
}

const SINGLE_KEYS: Record<MetadataKind, string[]> = {
  objects: ['object', 'createOneObject', 'updateOneObject', 'deleteOneObject'],
  fields: ['field', 'createOneField', 'updateOneField', 'deleteOneField'],
};

/**
 * The item of a get/create/update/delete answer in either format; null when the shape is unknown.
 *
 * @example
 * parseMetadataItem({ data: { createOneField: { id: 'f' } } }, 'fields'); // { id: 'f' }
 * parseMetadataItem({ id: 'f', name: 'tier' }, 'fields');                  // { id: 'f', name: 'tier' }
 */
export function parseMetadataItem(body: unknown, kind: MetadataKind): Record<string, unknown> | null {
  if (!isRecord(body)) return null;
  if (typeof body.id === 'string') return body;
  if (isRecord(body.data)) {
    for (const key of SINGLE_KEYS[kind]) {
      const item = body.data[key];
      if (isRecord(item) && typeof item.id === 'string') return item;
    }
  }
  return null;
}
