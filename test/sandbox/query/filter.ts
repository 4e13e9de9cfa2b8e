/**
 * `filter=` for list, update-many, delete-many and restore-many: parse against the object's model,
 * then evaluate on REST-shaped records with SQL semantics.
 *
 * Evaluation uses SQL's three-valued logic, as the real server's WHERE clause does: a comparison with
 * NULL is "unknown", `not(unknown)` stays unknown, and only rows whose filter is TRUE are returned.
 * So `name[neq]:"x"` and `not(name[eq]:"x")` both skip rows whose name is NULL.
 *
 * @example
 *   const filter = parseFilter('or(name[ilike]:"%bank%",employees[gte]:100)', companyObject);
 *   rows.filter((r) => matchesFilter(r, filter));
 */
import { badRequest } from '../http-error.js';
import type { ModelObject } from '../model/types.js';
import { asText, compareKeys, likeToRegExp, sortKey } from './compare.js';
import { COMPOSITE_SUBFIELDS, fieldIndex, isComposite, readColumn, resolvedColumn, type ResolvedColumn } from './fields.js';
import { parseFilterSyntax, type Comparator, type RawFilter } from './filter-syntax.js';

export type { Comparator } from './filter-syntax.js';

export interface FilterLeaf {
  kind: 'leaf';
  /** the predicate as written, e.g. `emails.primaryEmail[eq]:"a@b.c"` */
  source: string;
  column: ResolvedColumn;
  comparator: Comparator;
  /** string for scalar comparators, string[] for in / containsAny (quotes stripped) */
  value: string | string[];
  /** compiled test: true, false, or null for SQL unknown */
  test: (record: Record<string, unknown>) => boolean | null;
}

export type FilterNode =
  | { kind: 'and' | 'or'; children: FilterNode[] }
  | { kind: 'not'; child: FilterNode }
  | FilterLeaf;

/**
 * Parses a raw `filter` value (URL-decoded) for `object`. Throws SandboxHttpError 400 with Twenty's messages:
 * syntax (`'filter' invalid for 'name=Google'. eg: price[gte]:10`), unknown comparator, unbalanced
 * parentheses, `in` without brackets, `not` with several conditions, unknown field
 * (`Object company doesn't have any "x" field.`), unknown composite sub-field.
 * Do not call it when the parameter is absent (an empty string is a syntax error, as in Twenty).
 */
export const parseFilter = (raw: string, object: ModelObject): FilterNode => typeTree(parseFilterSyntax(raw), object);

const typeTree = (node: RawFilter, object: ModelObject): FilterNode => {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { kind: node.kind, children: node.children.map((c) => typeTree(c, object)) };
    case 'not':
      return { kind: 'not', child: typeTree(node.child, object) };
    default:
      return typeLeaf(node, object);
  }
};

const typeLeaf = (node: Extract<RawFilter, { kind: 'leaf' }>, object: ModelObject): FilterLeaf => {
  const [key, ...rest] = node.fields as [string, ...string[]];
  const index = fieldIndex(object);
  const byJoin = index.byJoinColumn.get(key);
  const byName = index.byName.get(key);
  const field = byJoin ?? byName;
  if (!field) throw badRequest(`Object ${object.nameSingular} doesn't have any "${key}" field.`);
  if (!byJoin && (field.type === 'RELATION' || field.type === 'MORPH_RELATION')) {
    // 2.21 has no relation traversal in REST filters; the join column is the way
    const join = field.settings?.joinColumnName;
    throw badRequest(
      typeof join === 'string'
        ? `Cannot filter by relation field "${key}": use "${join}" instead`
        : `Cannot filter by relation field "${key}"`,
    );
  }
  let column: ResolvedColumn;
  if (isComposite(field.type) && !byJoin) {
    // `{emails: {eq: ...}}` names the comparator where a sub-field is expected, as in Twenty
    const subField = rest[0] ?? node.comparator;
    if (!(subField in COMPOSITE_SUBFIELDS[field.type]!)) {
      throw badRequest(`Sub field "${subField}" not found for composite type: ${field.type}`);
    }
    if (rest.length > 1) throw badRequest(`Operator "${rest[1]}" is not supported`);
    column = resolvedColumn(key, field, subField);
  } else {
    if (rest.length > 0) throw badRequest(`Operator "${rest[0]}" is not supported`);
    column = resolvedColumn(key, field);
  }
  return {
    kind: 'leaf',
    source: node.source,
    column,
    comparator: node.comparator,
    value: node.value,
    test: compileTest(column, node.comparator, node.value),
  };
};

const isNullish = (v: unknown, column: ResolvedColumn): boolean =>
  v === null ||
  v === undefined ||
  (column.nullEquivalent === 'emptyString' && v === '') ||
  (column.nullEquivalent === 'emptyArray' && Array.isArray(v) && v.length === 0);

/** Typed operand for a filter value string, or undefined when it cannot be read as the column type. */
const operand = (value: string, column: ResolvedColumn): unknown => {
  switch (column.kind) {
    case 'number': {
      const n = value.trim() === '' ? NaN : Number(value);
      return Number.isNaN(n) ? undefined : n;
    }
    case 'boolean': {
      const v = value.trim().toLowerCase();
      if (['true', 't', 'yes', 'y', 'on', '1'].includes(v)) return 1;
      if (['false', 'f', 'no', 'n', 'off', '0'].includes(v)) return 0;
      return undefined;
    }
    case 'dateTime': {
      const t = Date.parse(value);
      return Number.isNaN(t) ? undefined : t;
    }
    case 'enumArray':
    case 'textArray':
      // a scalar comparator on an array column compares with the element type (containsAny) or text
      return sortKey(value, { ...column, kind: column.kind === 'enumArray' ? 'enum' : 'text' });
    default:
      return sortKey(value, column);
  }
};

type Test = (record: Record<string, unknown>) => boolean | null;

const compileTest = (column: ResolvedColumn, comparator: Comparator, value: string | string[]): Test => {
  const read = (r: Record<string, unknown>) => readColumn(r, column);
  const scalar = Array.isArray(value) ? value.join(',') : value;
  switch (comparator) {
    case 'is': {
      // Twenty: `IS ${value === 'NULL' ? 'NULL' : 'NOT NULL'}`: anything but NULL means NOT NULL
      const wantNull = scalar === 'NULL';
      return (r) => isNullish(read(r), column) === wantNull;
    }
    case 'eq':
    case 'neq': {
      const want = operand(scalar, column);
      const emptyMatchesNull = column.nullEquivalent === 'emptyString' && scalar === '';
      return (r) => {
        const v = read(r);
        if (v === null || v === undefined) {
          if (!emptyMatchesNull) return null;
          return comparator === 'eq';
        }
        const key = sortKey(v, column);
        if (want === undefined || key === null) return comparator === 'eq' ? false : null;
        const equal = compareKeys(key, column.kind === 'enumArray' || column.kind === 'textArray' ? [want] : want) === 0;
        return comparator === 'eq' ? equal : !equal;
      };
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const want = operand(scalar, column);
      return (r) => {
        const v = read(r);
        if (v === null || v === undefined) return null;
        const key = sortKey(v, column);
        if (want === undefined || key === null) return false;
        const c = compareKeys(key, want);
        return comparator === 'gt' ? c > 0 : comparator === 'gte' ? c >= 0 : comparator === 'lt' ? c < 0 : c <= 0;
      };
    }
    case 'in': {
      const list = (Array.isArray(value) ? value : [value]).map((v) => operand(v, column)).filter((v) => v !== undefined);
      return (r) => {
        const v = read(r);
        if (v === null || v === undefined) return null;
        const key = sortKey(v, column);
        return list.some((w) => compareKeys(key, w) === 0);
      };
    }
    case 'containsAny': {
      const list = (Array.isArray(value) ? value : [value]).map(String);
      return (r) => {
        const v = read(r);
        if (v === null || v === undefined) return null;
        const items = Array.isArray(v) ? v.map((x) => asText(x, 'text')) : [asText(v, column.kind)];
        return items.some((x) => list.includes(x));
      };
    }
    case 'like':
    case 'ilike':
    case 'startsWith':
    case 'endsWith': {
      const pattern =
        comparator === 'like' || comparator === 'ilike' ? likeToRegExp(scalar, comparator === 'ilike') : undefined;
      const nullMatches = (comparator === 'like' || comparator === 'ilike') && column.nullEquivalent === 'emptyString';
      return (r) => {
        const v = read(r);
        if (v === null || v === undefined) return nullMatches && pattern!.test('') ? true : null;
        const text = asText(v, column.kind);
        if (pattern) return pattern.test(text);
        return comparator === 'startsWith' ? text.startsWith(scalar) : text.endsWith(scalar);
      };
    }
  }
};

const evaluate = (node: FilterNode, record: Record<string, unknown>): boolean | null => {
  switch (node.kind) {
    case 'leaf':
      return node.test(record);
    case 'not': {
      const v = evaluate(node.child, record);
      return v === null ? null : !v;
    }
    case 'and': {
      let unknown = false;
      for (const child of node.children) {
        const v = evaluate(child, record);
        if (v === false) return false;
        if (v === null) unknown = true;
      }
      return unknown ? null : true;
    }
    case 'or': {
      let unknown = false;
      for (const child of node.children) {
        const v = evaluate(child, record);
        if (v === true) return true;
        if (v === null) unknown = true;
      }
      return unknown ? null : false;
    }
  }
};

/** True when the row satisfies the filter (SQL: the WHERE clause is TRUE, not unknown). */
export const matchesFilter = (record: Record<string, unknown>, filter: FilterNode | undefined): boolean =>
  filter === undefined || evaluate(filter, record) === true;

/**
 * Twenty lists soft-deleted rows only when the filter names `deletedAt` anywhere (any comparator, any depth);
 * otherwise `deletedAt IS NULL` is added. Callers: keep rows with `deletedAt == null` unless this is true.
 */
export const filterMentionsDeletedAt = (filter: FilterNode | undefined): boolean => {
  if (!filter) return false;
  switch (filter.kind) {
    case 'leaf':
      return filter.column.key === 'deletedAt';
    case 'not':
      return filterMentionsDeletedAt(filter.child);
    default:
      return filter.children.some(filterMentionsDeletedAt);
  }
};
