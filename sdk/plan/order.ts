/**
 * Import order: a topological order of the objects by their many-to-one relations (a record's targets are
 * created before it), with cycles broken by deferring as few join columns as possible.
 *
 * A deferred join column is left out of the first write and patched once every object exists. Choosing the
 * fewest is the minimum feedback arc set problem; cycles in CRM models are short (pet ↔ rocket in the seeded
 * workspace), so each strongly connected component is solved exactly over orderings of its nodes (subset DP,
 * up to 16 objects) and greedily beyond that.
 */

/** `from` has a join column pointing at `to`: `to` must exist first. */
export interface DependencyEdge {
  from: string;
  to: string;
  joinColumn: string;
  nullable: boolean;
}

export interface OrderInput {
  nodes: string[];
  edges: DependencyEdge[];
  /** sorts ready objects (smaller first); default: by name */
  rank?: (node: string) => string;
  /** records that would need a patch if a join column of `node` is deferred (tie-breaker) */
  records?: (node: string) => number;
}

export interface OrderResult {
  order: string[];
  /** join columns held back to break cycles; a non-nullable one cannot be (see `impossible`) */
  deferred: DependencyEdge[];
  /** deferred edges whose join column is required: records cannot be created without them */
  impossible: DependencyEdge[];
}

const EXACT_LIMIT = 16;

/**
 * Orders `nodes` so that every non-deferred edge's target comes first.
 *
 * @example
 * orderObjects({ nodes: ['person', 'company'], edges: [{ from: 'person', to: 'company', joinColumn: 'companyId', nullable: true }] });
 * // { order: ['company', 'person'], deferred: [], impossible: [] }
 */
export function orderObjects(input: OrderInput): OrderResult {
  const nodes = [...new Set(input.nodes)];
  const known = new Set(nodes);
  const edges = input.edges.filter((e) => e.from !== e.to && known.has(e.from) && known.has(e.to));
  // A relation of an object to itself (a gadget's parent gadget) orders no objects, but its records are written in
  // batches in id order, so a record may come before the one it points at: its join column is always deferred.
  const selfReferences = input.edges.filter((e) => e.from === e.to && known.has(e.from));
  const rank = input.rank ?? ((n: string) => n);
  const cost = (e: DependencyEdge) => (e.nullable ? 0 : 1e9) + 1e6 + Math.min(input.records?.(e.from) ?? 0, 999_999);

  const deferred: DependencyEdge[] = [...selfReferences];
  for (const scc of stronglyConnected(nodes, edges)) {
    if (scc.length < 2) continue;
    const inside = new Set(scc);
    const sccEdges = edges.filter((e) => inside.has(e.from) && inside.has(e.to));
    const sorted = [...scc].sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
    const sequence = sorted.length <= EXACT_LIMIT ? exactSequence(sorted, sccEdges, cost) : greedySequence(sorted, sccEdges, cost);
    const position = new Map(sequence.map((n, i) => [n, i]));
    // An edge pointing at an object placed later in the sequence is a backward edge: defer it.
    for (const e of sccEdges) if (position.get(e.to)! > position.get(e.from)!) deferred.push(e);
  }
  const kept = edges.filter((e) => !deferred.includes(e));
  return { order: kahn(nodes, kept, rank), deferred, impossible: deferred.filter((e) => !e.nullable) };
}

/** Tarjan's algorithm, iterative enough for workspace-sized graphs. */
function stronglyConnected(nodes: string[], edges: DependencyEdge[]): string[][] {
  const out = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const e of edges) out.get(e.from)!.push(e.to);
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const result: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of out.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      result.push(scc);
    }
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  return result;
}

/** The ordering of `nodes` with the least total cost of backward edges (DP over placed subsets). */
function exactSequence(nodes: string[], edges: DependencyEdge[], cost: (e: DependencyEdge) => number): string[] {
  const n = nodes.length;
  const at = new Map(nodes.map((x, i) => [x, i]));
  // Placing v while w (a target of v) is still unplaced defers that edge.
  const outs: Array<Array<[number, number]>> = nodes.map(() => []);
  for (const e of edges) outs[at.get(e.from)!].push([at.get(e.to)!, cost(e)]);
  const size = 1 << n;
  const best = new Float64Array(size).fill(Infinity);
  const choice = new Int8Array(size).fill(-1);
  best[0] = 0;
  for (let mask = 0; mask < size; mask++) {
    if (best[mask] === Infinity) continue;
    for (let v = 0; v < n; v++) {
      if (mask & (1 << v)) continue;
      let c = best[mask];
      for (const [w, ec] of outs[v]) if (!(mask & (1 << w))) c += ec;
      const next = mask | (1 << v);
      if (c < best[next]) {
        best[next] = c;
        choice[next] = v;
      }
    }
  }
  const sequence: string[] = [];
  for (let mask = size - 1; mask; mask &= ~(1 << choice[mask])) sequence.unshift(nodes[choice[mask]]);
  return sequence;
}

/** For large components: repeatedly place the object whose unmet dependencies cost least. */
function greedySequence(nodes: string[], edges: DependencyEdge[], cost: (e: DependencyEdge) => number): string[] {
  const placed = new Set<string>();
  const sequence: string[] = [];
  while (sequence.length < nodes.length) {
    let bestNode = '';
    let bestCost = Infinity;
    for (const v of nodes) {
      if (placed.has(v)) continue;
      const c = edges.filter((e) => e.from === v && !placed.has(e.to)).reduce((s, e) => s + cost(e), 0);
      if (c < bestCost) [bestNode, bestCost] = [v, c];
    }
    placed.add(bestNode);
    sequence.push(bestNode);
  }
  return sequence;
}

/** Kahn's algorithm on an acyclic graph; among ready objects the lowest rank goes first. */
function kahn(nodes: string[], edges: DependencyEdge[], rank: (n: string) => string): string[] {
  const waiting = new Map<string, Set<string>>(nodes.map((n) => [n, new Set<string>()]));
  for (const e of edges) waiting.get(e.from)!.add(e.to);
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < nodes.length) {
    const ready = nodes.filter((n) => !done.has(n) && [...waiting.get(n)!].every((t) => done.has(t)));
    if (!ready.length) throw new Error(`orderObjects: cycle left among ${nodes.filter((n) => !done.has(n)).join(', ')}`);
    ready.sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
    done.add(ready[0]);
    order.push(ready[0]);
  }
  return order;
}
