/**
 * Just enough GraphQL to answer the queries clients send to Twenty 1.2's `/metadata`: one operation, fields with
 * aliases, arguments (literals and `$variables`) and nested selections, each field with its line and column (errors
 * name them, as graphql-js does). No fragments, directives or mutations: those give a GraphqlSyntaxError.
 */

export interface Selection {
  name: string;
  /** the key the answer uses (the alias, else the name) */
  key: string;
  args: Record<string, unknown>;
  /** null for a leaf */
  selections: Selection[] | null;
  line: number;
  column: number;
}

export interface Operation {
  kind: 'query' | 'mutation';
  name?: string;
  selections: Selection[];
}

export class GraphqlSyntaxError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
  }
}

interface Token {
  kind: 'punct' | 'name' | 'number' | 'string' | 'eof';
  value: string;
  line: number;
  column: number;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const at = (kind: Token['kind'], value: string, start: number) => tokens.push({ kind, value, line, column: start - lineStart + 1 });
  while (i < source.length) {
    const c = source[i];
    if (c === '\n') {
      i += 1;
      line += 1;
      lineStart = i;
    } else if (c === ' ' || c === '\t' || c === ',' || c === '\r') i += 1;
    else if (c === '#') while (i < source.length && source[i] !== '\n') i += 1;
    else if ('{}()[]:$!=@'.includes(c)) at('punct', c, i++);
    else if (source.startsWith('...', i)) {
      at('punct', '...', i);
      i += 3;
    } else if (/[_A-Za-z]/.test(c)) {
      const m = /^[_A-Za-z][_0-9A-Za-z]*/.exec(source.slice(i))![0];
      at('name', m, i);
      i += m.length;
    } else if (/[-0-9]/.test(c)) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(source.slice(i))?.[0];
      if (!m) throw new GraphqlSyntaxError(`Syntax Error: Invalid number, unexpected "${c}".`, line, i - lineStart + 1);
      at('number', m, i);
      i += m.length;
    } else if (c === '"') {
      const start = i;
      let text = '';
      for (i += 1; i < source.length && source[i] !== '"'; i++) {
        if (source[i] !== '\\') {
          text += source[i];
          continue;
        }
        const escape = source.slice(i, i + (source[i + 1] === 'u' ? 6 : 2));
        text += JSON.parse(`"${escape}"`);
        i += escape.length - 1;
      }
      if (source[i] !== '"') throw new GraphqlSyntaxError('Syntax Error: Unterminated string.', line, start - lineStart + 1);
      i += 1;
      tokens.push({ kind: 'string', value: text, line, column: start - lineStart + 1 });
    } else throw new GraphqlSyntaxError(`Syntax Error: Unexpected character: "${c}".`, line, i - lineStart + 1);
  }
  tokens.push({ kind: 'eof', value: '<EOF>', line, column: i - lineStart + 1 });
  return tokens;
}

/**
 * The operation of a query document, `$variables` replaced by their values.
 *
 * @example
 * parseOperation('{ objects(paging: {first: 5}) { edges { node { id } } } }', {}).selections[0].args; // { paging: { first: 5 } }
 */
export function parseOperation(source: string, variables: Record<string, unknown> = {}): Operation {
  const tokens = tokenize(source);
  let p = 0;
  const peek = () => tokens[p];
  const unexpected = (t: Token): never => {
    throw new GraphqlSyntaxError(`Syntax Error: Unexpected ${t.kind === 'eof' ? '<EOF>' : `"${t.value}"`}.`, t.line, t.column);
  };
  const expect = (value: string) => (peek().value === value && peek().kind !== 'string' ? tokens[p++] : unexpected(peek()));

  function value(): unknown {
    const t = tokens[p++];
    if (t.kind === 'punct' && t.value === '$') return variables[expect(peek().value).value];
    if (t.kind === 'number') return Number(t.value);
    if (t.kind === 'string') return t.value;
    if (t.kind === 'name') return t.value === 'true' ? true : t.value === 'false' ? false : t.value === 'null' ? null : t.value;
    if (t.value === '[') {
      const list: unknown[] = [];
      while (peek().value !== ']') list.push(value());
      p += 1;
      return list;
    }
    if (t.value === '{') {
      const object: Record<string, unknown> = {};
      while (peek().value !== '}') {
        const key = tokens[p++];
        if (key.kind !== 'name') unexpected(key);
        expect(':');
        object[key.value] = value();
      }
      p += 1;
      return object;
    }
    return unexpected(t);
  }

  function selectionSet(): Selection[] {
    expect('{');
    const out: Selection[] = [];
    while (peek().value !== '}') {
      const first = tokens[p++];
      if (first.kind !== 'name') unexpected(first);
      let name = first.value;
      if (peek().value === ':') {
        p += 1;
        const real = tokens[p++];
        if (real.kind !== 'name') unexpected(real);
        name = real.value;
      }
      const args: Record<string, unknown> = {};
      if (peek().value === '(') {
        p += 1;
        while (peek().value !== ')') {
          const arg = tokens[p++];
          if (arg.kind !== 'name') unexpected(arg);
          expect(':');
          args[arg.value] = value();
        }
        p += 1;
      }
      const selections = peek().value === '{' ? selectionSet() : null;
      out.push({ name, key: first.value, args, selections, line: first.line, column: first.column });
    }
    p += 1;
    return out;
  }

  let kind: Operation['kind'] = 'query';
  let name: string | undefined;
  if (peek().kind === 'name') {
    const keyword = tokens[p++].value;
    if (keyword !== 'query' && keyword !== 'mutation') unexpected(tokens[p - 1]);
    kind = keyword as Operation['kind'];
    if (peek().kind === 'name') name = tokens[p++].value;
    if (peek().value === '(') {
      // Variable definitions: their values come from `variables`, their types are not checked.
      for (let depth = 0; ; ) {
        const t = tokens[p++];
        if (t.kind === 'eof') unexpected(t);
        if (t.value === '(') depth += 1;
        if (t.value === ')' && --depth === 0) break;
      }
    }
  }
  const selections = selectionSet();
  if (peek().kind !== 'eof') unexpected(peek());
  return { kind, name, selections };
}

/** graphql-js's suggestionList: the options within a lexical distance of `input`, nearest first. */
export function suggestionList(input: string, options: readonly string[]): string[] {
  const threshold = Math.floor(input.length * 0.4) + 1;
  const found = new Map<string, number>();
  for (const option of options) {
    const d = lexicalDistance(input, option, threshold);
    if (d !== undefined) found.set(option, d);
  }
  return [...found.keys()].sort((a, b) => found.get(a)! - found.get(b)! || a.localeCompare(b));
}

function lexicalDistance(input: string, option: string, threshold: number): number | undefined {
  if (input === option) return 0;
  const lowerOption = option.toLowerCase();
  const lowerInput = input.toLowerCase();
  if (lowerInput === lowerOption) return 1;
  let a = [...lowerOption];
  let b = [...lowerInput];
  if (a.length < b.length) [a, b] = [b, a];
  if (a.length - b.length > threshold) return undefined;
  const rows = [0, 1, 2].map(() => new Array<number>(b.length + 1).fill(0));
  for (let j = 0; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    const up = rows[(i - 1) % 3];
    const row = rows[i % 3];
    let smallest = (row[0] = i);
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let cell = Math.min(up[j] + 1, row[j - 1] + 1, up[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cell = Math.min(cell, rows[(i - 2) % 3][j - 2] + 1);
      if (cell < smallest) smallest = cell;
      row[j] = cell;
    }
    if (smallest > threshold) return undefined;
  }
  const distance = rows[a.length % 3][b.length];
  return distance <= threshold ? distance : undefined;
}

/** graphql-js's didYouMean: ` Did you mean "a", "b", or "c"?` (five at most), or ''. */
export function didYouMean(suggestions: string[]): string {
  const quoted = suggestions.slice(0, 5).map((s) => `"${s}"`);
  if (quoted.length === 0) return '';
  if (quoted.length === 1) return ` Did you mean ${quoted[0]}?`;
  if (quoted.length === 2) return ` Did you mean ${quoted[0]} or ${quoted[1]}?`;
  const last = quoted.pop();
  return ` Did you mean ${quoted.join(', ')}, or ${last}?`;
}
