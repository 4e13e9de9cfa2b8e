/**
 * Soft-deleted records of a Twenty 1.x source. 1.x's REST API cannot list the trash: its query builder never asks
 * for deleted rows, so `filter=deletedAt[is]:NOT_NULL` answers an empty page with totalCount 0 (seen on a real
 * 1.2.0), and `--include-deleted` would lose every trashed record without a word. Its GraphQL `/graphql` does include
 * them when the filter names `deletedAt` (graphql-query-runner: `withDeleted` for a deletedAt filter), so the trash
 * is read there, with a selection built from the data model so each record has the shape REST would have given:
 * composite fields with their sub-fields, many-to-one relations as their join column, one-to-many sides left out.
 */
import { graphql, type TwentyClient } from '../client/index.js';
import type { RecordPage } from '../client/paginate.js';
import type { SchemaField, SchemaObject } from '../metadata/types.js';

/** Sub-fields of the composite types, as 1.x and 2.x both name them. */
const SUBFIELDS: Record<string, string[]> = {
  LINKS: ['primaryLinkUrl', 'primaryLinkLabel', 'secondaryLinks'],
  EMAILS: ['primaryEmail', 'additionalEmails'],
  PHONES: ['primaryPhoneNumber', 'primaryPhoneCountryCode', 'primaryPhoneCallingCode', 'additionalPhones'],
  FULL_NAME: ['firstName', 'lastName'],
  ADDRESS: ['addressStreet1', 'addressStreet2', 'addressCity', 'addressPostcode', 'addressState', 'addressCountry', 'addressLat', 'addressLng'],
  CURRENCY: ['amountMicros', 'currencyCode'],
  ACTOR: ['source', 'workspaceMemberId', 'name', 'context'],
  RICH_TEXT_V2: ['blocknote', 'markdown'],
  FILES: ['fileId', 'label', 'extension', 'url'],
};

/** Types with nothing to read as a value (a search index). */
const NOT_READ = new Set(['TS_VECTOR']);

/** The GraphQL selection of one field, or null when the field is not a column of its own. */
export function selectionOf(field: SchemaField): string | null {
  if (!field.isActive || NOT_READ.has(field.type)) return null;
  if (field.type === 'RELATION' || field.type === 'MORPH_RELATION') {
    return field.relation?.kind === 'MANY_TO_ONE' ? (field.relation.joinColumn ?? `${field.name}Id`) : null;
  }
  const sub = SUBFIELDS[field.type];
  return sub ? `${field.name} { ${sub.join(' ')} }` : field.name;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Pages of an object's soft-deleted records through GraphQL, in the page shape `listPages` gives.
 *
 * @example
 * for await (const page of listDeletedPagesGraphql(source, companiesObject, { pageSize: 60 })) write(page.records);
 */
export async function* listDeletedPagesGraphql(
  client: TwentyClient,
  object: SchemaObject,
  options: { pageSize?: number; startingAfter?: string; signal?: AbortSignal } = {},
): AsyncGenerator<RecordPage> {
  const fields = object.fields.map(selectionOf).filter((s): s is string => !!s);
  if (!fields.includes('id')) fields.unshift('id');
  let after = options.startingAfter ?? null;
  for (let pageNumber = 1; ; pageNumber++) {
    // Cursors are opaque base64 strings; anything else is refused rather than put into the query.
    if (after !== null && !/^[A-Za-z0-9+/=_-]+$/.test(after) && !UUID.test(after)) throw new Error(`unexpected GraphQL cursor for ${object.namePlural}`);
    const query =
      `query TwentyMigrateTrash { ${object.namePlural}(filter: { deletedAt: { is: NOT_NULL } }, first: ${options.pageSize ?? 60}${after ? `, after: "${after}"` : ''}) ` +
      `{ totalCount pageInfo { hasNextPage endCursor } edges { node { ${fields.join(' ')} } } } }`;
    const r = await graphql<Record<string, { totalCount?: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: Record<string, unknown> }> }>>(
      client, query, {}, { endpoint: 'graphql', signal: options.signal },
    );
    if (r.error) throw new Error(`reading the trash of ${object.namePlural} through the source's GraphQL: ${r.error.message} (${r.error.code})`);
    const conn = r.data[object.namePlural];
    const records = conn.edges.map((e) => e.node);
    yield { records, totalCount: conn.totalCount ?? null, endCursor: conn.pageInfo.endCursor, hasNextPage: conn.pageInfo.hasNextPage, pageNumber };
    if (!conn.pageInfo.hasNextPage || !records.length) return;
    after = conn.pageInfo.endCursor;
  }
}
