/**
 * The `filter` query parameter's grammar, ported character for character from Twenty 2.21
 * (packages/twenty-server/src/engine/api/rest/input-request-parsers/filter-parser-utils/):
 * checkFilterQuery → addDefaultConjunctionIfMissing → parseFilter (parseFilterContent, parseBaseFilter,
 * formatFieldValue). Reproducing the algorithm, not an idealised grammar, keeps Twenty's quirks
 * (naive comma split inside `[...]`, no escapes in quotes) and its error messages.
 *
 * This stage knows nothing about the object: values stay strings (quotes stripped), as in Twenty,
 * where field validation and typing happen later in the common layer (see filter.ts).
 */
import { badRequest } from '../http-error.js';

export const COMPARATORS = [
  'eq', 'neq', 'in', 'containsAny', 'is', 'gt', 'gte', 'lt', 'lte', 'startsWith', 'endsWith', 'like', 'ilike',
] as const;
export type Comparator = (typeof COMPARATORS)[number];

/** Untyped parse tree: what Twenty's parseFilter returns, as a discriminated union. */
export type RawFilter =
  | { kind: 'and' | 'or'; children: RawFilter[] }
  | { kind: 'not'; child: RawFilter }
  | { kind: 'leaf'; source: string; fields: string[]; comparator: Comparator; value: string | string[] };

const CONJUNCTION = /^(or|and|not)\((.+)\)$/;

/** Unbalanced parentheses: `'filter' invalid. 1 close bracket is missing in the query`. */
const checkFilterQuery = (query: string): void => {
  const diff = (query.match(/\(/g) ?? []).length - (query.match(/\)/g) ?? []).length;
  if (diff === 0) return;
  const n = Math.abs(diff);
  const hint = `${n} ${diff > 0 ? 'close' : 'open'} bracket${n > 1 ? 's are' : ' is'}`;
  throw badRequest(`'filter' invalid. ${hint} missing in the query`);
};

/** 2.21 wraps the query in `and(...)` only when it holds no parenthesis at all. */
const addDefaultConjunctionIfMissing = (query: string): string =>
  query.includes('(') && query.includes(')') ? query : `and(${query})`;

/** Splits `and(a,b,...)` into its top-level predicates (commas outside quotes, brackets and inner parens). */
const parseFilterContent = (query: string): string[] => {
  let withinBrackets = false;
  let withinDouble = false;
  let withinSingle = false;
  let depth = 0;
  const predicates: string[] = [];
  let current = '';
  for (const c of query) {
    let persist = depth >= 1;
    if (c === '(') depth++;
    if (c === ')') {
      depth--;
      persist = depth >= 1;
    }
    if (c === '[' || c === ']') withinBrackets = !withinBrackets;
    if (c === '"') withinDouble = !withinDouble;
    if (c === "'") withinSingle = !withinSingle;
    if (c === ',' && depth === 1 && !withinBrackets && !withinDouble && !withinSingle) {
      predicates.push(current);
      current = '';
      persist = false;
    }
    if (persist) current += c;
  }
  predicates.push(current);
  return predicates;
};

/** `field.sub[cmp]:value` → parts, with Twenty's character loop and messages. */
const parseBaseFilter = (base: string): { fields: string[]; comparator: Comparator; value: string } => {
  if (!/^(.+)\[(.+)\]:(.+)$/.test(base)) {
    throw badRequest(`'filter' invalid for '${base}'. eg: price[gte]:10`);
  }
  let fields = '';
  let comparator = '';
  let value = '';
  let fillFields = true;
  let fillComparator = false;
  let fillValue = false;
  for (const c of base) {
    if (fillValue) value += c;
    if (c === ']' && !fillValue) fillComparator = false;
    if (c === ':' && !fillComparator) fillValue = true;
    if (fillComparator) comparator += c;
    if (c === '[' && fillFields) {
      fillFields = false;
      fillComparator = true;
    }
    if (fillFields) fields += c;
  }
  if (!(COMPARATORS as readonly string[]).includes(comparator)) {
    throw badRequest(`'filter' invalid for '${base}', comparator ${comparator} not in ${COMPARATORS.join(', ')}`);
  }
  return { fields: fields.split('.'), comparator: comparator as Comparator, value };
};

const stripQuotes = (value: string): string =>
  (value[0] === '"' || value[0] === "'") && (value.endsWith('"') || value.endsWith("'"))
    ? value.substring(1, value.length - 1)
    : value;

/** Twenty's formatFieldValue without field type: lists for in/containsAny, raw for is, quotes stripped. */
const formatFieldValue = (value: string, comparator: Comparator): string | string[] => {
  if (comparator === 'in' || comparator === 'containsAny') {
    if (value[0] !== '[' || value[value.length - 1] !== ']') {
      throw badRequest(
        `'filter' invalid for '${comparator}' operator. Received '${value}' but array value expected eg: 'field[${comparator}]:[value_1,value_2]'`,
      );
    }
    return value.substring(1, value.length - 1).split(',').map(stripQuotes);
  }
  if (comparator === 'is') return value;
  return stripQuotes(value);
};

const parseNode = (query: string): RawFilter => {
  const match = query.match(CONJUNCTION);
  if (match) {
    const conjunction = match[1] as 'and' | 'or' | 'not';
    const children = parseFilterContent(query).map(parseNode);
    if (conjunction === 'not') {
      if (children.length > 1) {
        throw badRequest(`'filter' invalid. 'not' conjunction should contain only 1 condition. eg: not(field[eq]:1)`);
      }
      return { kind: 'not', child: children[0]! };
    }
    return { kind: conjunction, children };
  }
  const { fields, comparator, value } = parseBaseFilter(query);
  return { kind: 'leaf', source: query, fields, comparator, value: formatFieldValue(value, comparator) };
};

/** Parses the raw `filter` query value (already URL-decoded) into an untyped tree. */
export const parseFilterSyntax = (raw: string): RawFilter => {
  checkFilterQuery(raw);
  return parseNode(addDefaultConjunctionIfMissing(raw));
};
