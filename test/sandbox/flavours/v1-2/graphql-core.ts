/**
 * Twenty 1.2's core GraphQL `POST /graphql`, for reads of records: `<plural>(filter, first, after)` with
 * `totalCount`, `pageInfo` and `edges { node cursor }`. It matters because it is where 1.2 lists its trash: the
 * find-many resolver adds `withDeleted()` when the filter names `deletedAt` (graphql-query-find-many-resolver,
 * applyDeletedAtToBuilder), which 1.2's REST never does.
 * - Recorded (records.json): cursors as REST's (base64 of `{"id":…}`); `totalCount` counts the filter without the
 *   cursor (599 on page 2 too); values as REST answers them but currency micros, numbers here (serialize.ts);
 *   validation errors worded by graphql-js.
 * - `hasPreviousPage` is false going forward, even after a cursor (recorded).
 * - From source: default `first` 60 (QUERY_MAX_RECORDS), no maximum.
 * - Filters: `eq`, `neq`, `in`, `is: NULL | NOT_NULL`, `gt`, `gte`, `lt`, `lte`, `and`, `or`, `not`; order by id only.
 * - A node's fields are the columns (`companyId` for a many-to-one) and composites with their sub-fields; relations
 *   are not embedded. Mutations are not imitated.
 */
import { isManyToOne, isRelationField, joinColumnOf } from '../../model/model.js';
import type { ModelField, ModelObject } from '../../model/types.js';
import { decodeCursor, encodeCursor } from '../../query/index.js';
import type { Row } from '../../records/table.js';
import type { RouteResponse } from '../../routes/context.js';
import type { SandboxWorkspace } from '../../workspace.js';
import { didYouMean, GraphqlSyntaxError, parseOperation, suggestionList, type Selection } from './graphql-document.js';
import type { GraphqlError } from './graphql-schema.js';
import { serializeRow12 } from './serialize.js';

const DEFAULT_FIRST = 60;
const ORDER_BY_ID = [{ key: 'id', direction: 'AscNullsFirst' }] as never;

const capitalize = (s: string) => s[0].toUpperCase() + s.slice(1);
const at = (s: Selection) => ({ locations: [{ line: s.line, column: s.column }] });

/** The names a node of `object` can select: columns, join columns, composites. */
function nodeFields(object: ModelObject): Map<string, ModelField> {
  const out = new Map<string, ModelField>();
  for (const f of object.fields.filter((x) => x.isActive || x.type === 'TS_VECTOR')) {
    if (isManyToOne(f)) out.set(joinColumnOf(f), f);
    if (!isRelationField(f)) out.set(f.name, f);
  }
  return out;
}

function validate(ws: SandboxWorkspace, selections: Selection[]): GraphqlError[] {
  const errors: GraphqlError[] = [];
  const roots = [...ws.index.byPlural.keys()];
  for (const root of selections) {
    const object = ws.index.routable(root.name);
    if (!object) {
      errors.push({ message: `Cannot query field "${root.name}" on type "Query".${didYouMean(suggestionList(root.name, roots))}`, ...at(root) });
      continue;
    }
    const connection = `${capitalize(object.nameSingular)}Connection`;
    for (const s of root.selections ?? []) {
      if (s.name === 'totalCount' || s.name === 'pageInfo') continue;
      if (s.name !== 'edges') {
        errors.push({ message: `Cannot query field "${s.name}" on type "${connection}".`, ...at(s) });
        continue;
      }
      const node = s.selections?.find((x) => x.name === 'node');
      const known = nodeFields(object);
      for (const f of node?.selections ?? []) {
        if (f.name !== '__typename' && !known.has(f.name)) {
          errors.push({ message: `Cannot query field "${f.name}" on type "${capitalize(object.nameSingular)}".${didYouMean(suggestionList(f.name, [...known.keys()]))}`, ...at(f) });
        }
      }
    }
  }
  return errors;
}

type Filter = Record<string, any>;

const mentionsDeletedAt = (filter: unknown): boolean => JSON.stringify(filter ?? {}).includes('"deletedAt"');

function matches(row: Row, filter: Filter | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([key, test]) => {
    if (key === 'and') return (test as Filter[]).every((f) => matches(row, f));
    if (key === 'or') return (test as Filter[]).some((f) => matches(row, f));
    if (key === 'not') return !matches(row, test as Filter);
    const have = row[key] ?? null;
    return Object.entries(test as Filter).every(([op, want]) => {
      switch (op) {
        case 'eq': return have === want;
        case 'neq': return have !== want;
        case 'in': return (want as unknown[]).includes(have);
        case 'is': return want === 'NULL' ? have === null : have !== null;
        case 'gt': return have !== null && (have as never) > (want as never);
        case 'gte': return have !== null && (have as never) >= (want as never);
        case 'lt': return have !== null && (have as never) < (want as never);
        case 'lte': return have !== null && (have as never) <= (want as never);
        default: throw new Error(`filter operator ${op} is not imitated by the sandbox's 1.2 flavour`);
      }
    });
  });
}

/** A node projected on its selection: composites keep the sub-fields asked for. */
function project(value: Row, selections: Selection[], typename: string): Row {
  const out: Row = {};
  for (const s of selections) {
    const v = s.name === '__typename' ? typename : (value[s.name] ?? null);
    out[s.key] = s.selections && v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(s.selections.map((sub) => [sub.key, (v as Row)[sub.name] ?? null]))
      : v;
  }
  return out;
}

function findMany(ws: SandboxWorkspace, root: Selection): unknown {
  const object = ws.index.routable(root.name)!;
  const filter = root.args.filter as Filter | undefined;
  const withDeleted = mentionsDeletedAt(filter);
  const rows = ws.tableOrCreate(object).sortedById().filter((r) => (withDeleted || !r.deletedAt) && matches(r, filter));
  const after = typeof root.args.after === 'string' ? String(decodeCursor(root.args.after).id) : null;
  const start = after ? rows.findIndex((r) => (r.id as string) > after) : 0;
  const from = start < 0 ? rows.length : start;
  const first = Number(root.args.first ?? DEFAULT_FIRST);
  const page = rows.slice(from, from + first);
  const typename = capitalize(object.nameSingular);
  const out: Row = {};
  for (const s of root.selections ?? []) {
    if (s.name === 'totalCount') out[s.key] = rows.length;
    if (s.name === 'pageInfo') {
      const info: Row = {
        hasNextPage: from + first < rows.length, hasPreviousPage: false,
        startCursor: page.length ? encodeCursor(page[0], ORDER_BY_ID) : null, endCursor: page.length ? encodeCursor(page[page.length - 1], ORDER_BY_ID) : null,
      };
      out[s.key] = project(info, s.selections ?? [], 'PageInfo');
    }
    if (s.name === 'edges') {
      const node = s.selections?.find((x) => x.name === 'node');
      out[s.key] = page.map((r) => {
        const edge: Row = {};
        for (const e of s.selections ?? []) {
          if (e.name === 'cursor') edge[e.key] = encodeCursor(r, ORDER_BY_ID);
          if (e.name === 'node') edge[e.key] = project(serializeRow12(ws, object, r, 0, 'graphql'), node!.selections ?? [], typename);
        }
        return edge;
      });
    }
  }
  return out;
}

export function coreGraphql12(ws: SandboxWorkspace, body: unknown): RouteResponse {
  const { query, variables } = (body ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
  if (typeof query !== 'string') return { status: 400, body: { errors: [{ message: 'Must provide query string.' }] } };
  try {
    const op = parseOperation(query, variables ?? {});
    if (op.kind === 'mutation') {
      return { status: 200, body: { errors: [{ message: "The sandbox's 1.2 flavour imitates reads of a 1.2 source only, not mutations", extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] } };
    }
    const invalid = validate(ws, op.selections);
    if (invalid.length) return { status: 200, body: { errors: invalid } };
    return { status: 200, body: { data: Object.fromEntries(op.selections.map((s) => [s.key, findMany(ws, s)])) } };
  } catch (e) {
    if (e instanceof GraphqlSyntaxError) return { status: 200, body: { errors: [{ message: e.message, locations: [{ line: e.line, column: e.column }] }] } };
    throw e;
  }
}
