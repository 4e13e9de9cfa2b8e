/**
 * Comparing configuration that two workspaces hold: workflow definitions and dashboard widgets carry ids their
 * workspace made up (Twenty's example workflows derive step ids from the workspace id), and rich-text bodies whose
 * markdown the server derives from the blocknote on write.
 */

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Equal once ids are renamed consistently: every id of `a` stands for one id of `b` everywhere (and back), so two
 * copies of one workflow compare equal while a step pointing at another field does not. Ids inside strings
 * (`{{<stepId>.result}}`) are renamed the same way.
 *
 * @example
 * equalModuloIds({ id: A, next: [B] }, { id: X, next: [Y] }); // true
 * equalModuloIds({ id: A, next: [A] }, { id: X, next: [Y] }); // false: A cannot stand for both
 */
export function equalModuloIds(a: unknown, b: unknown, options: { ignoreKeys?: ReadonlySet<string>; renamable?: (id: string) => boolean } = {}): boolean {
  const ignore = options.ignoreKeys ?? new Set<string>();
  const renamable = options.renamable ?? (() => true);
  const forward = new Map<string, string>();
  const backward = new Map<string, string>();
  const pair = (x: string, y: string) => {
    // An id the workspace did not make up (a record, a field, a member the migration resolved) must be the same one.
    if (!renamable(x) || !renamable(y)) return x.toLowerCase() === y.toLowerCase();
    const f = forward.get(x.toLowerCase());
    const g = backward.get(y.toLowerCase());
    if (f === undefined && g === undefined) {
      forward.set(x.toLowerCase(), y.toLowerCase());
      backward.set(y.toLowerCase(), x.toLowerCase());
      return true;
    }
    return f === y.toLowerCase() && g === x.toLowerCase();
  };
  const ids = (s: string) => s.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi) ?? [];
  const walk = (x: unknown, y: unknown): boolean => {
    if (typeof x === 'string' && typeof y === 'string') {
      if (UUID_RE.test(x) && UUID_RE.test(y)) return pair(x, y);
      const xs = ids(x);
      const ys = ids(y);
      if (xs.length !== ys.length || !xs.every((id, i) => pair(id, ys[i]))) return false;
      return x.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '#') === y.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '#');
    }
    if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => walk(v, y[i]));
    if (isObject(x) && isObject(y)) {
      const keys = new Set([...Object.keys(x), ...Object.keys(y)].filter((k) => !ignore.has(k)));
      return [...keys].every((k) => walk(x[k] ?? null, y[k] ?? null));
    }
    return (x ?? null) === (y ?? null);
  };
  return walk(a ?? null, b ?? null);
}

/**
 * Keys of workflow triggers and steps that Twenty computes from the workspace's data model (the fields a step's
 * output offers to later steps): two copies of one workflow differ there whenever their data models differ.
 */
export const WORKFLOW_GENERATED_KEYS: ReadonlySet<string> = new Set(['outputSchema']);

/** Keys under a step's `settings.input` naming the step's code function (2.21; `serverlessFunctionId` before it). */
const FUNCTION_ID_KEYS = ['logicFunctionId', 'serverlessFunctionId'];

/**
 * The ids each workspace makes up in workflow steps, from any number of step lists: the steps' own ids, and the
 * code functions they run. Code functions are not copied (the user pastes the code, a manual step): a step matched
 * to a target workflow that already exists, or rebuilt by hand, runs the target's own function, so its id may be
 * renamed like a step id.
 */
export function stepIdsOf(...stepLists: unknown[]): Set<string> {
  const out = new Set<string>();
  for (const list of stepLists) {
    if (!Array.isArray(list)) continue;
    for (const s of list) {
      if (!isObject(s)) continue;
      if (typeof s.id === 'string') out.add(s.id.toLowerCase());
      const input = isObject(s.settings) && isObject(s.settings.input) ? s.settings.input : null;
      for (const key of FUNCTION_ID_KEYS) if (typeof input?.[key] === 'string') out.add((input[key] as string).toLowerCase());
    }
  }
  return out;
}

/**
 * Two workflow definitions (trigger or steps) are the same workflow: step ids may differ (renamed consistently),
 * every other id (a record a step names, a field, a member: what the migration mapped) must be the same, so a
 * reference whose mapping changed since the workflow was written (a record merged by a later run) is written again.
 * Without `stepIds`, every id may be renamed.
 */
export const sameWorkflowDefinition = (a: unknown, b: unknown, stepIds?: ReadonlySet<string>) =>
  equalModuloIds(a, b, { ignoreKeys: WORKFLOW_GENERATED_KEYS, renamable: stepIds ? (id) => stepIds.has(id.toLowerCase()) : undefined });

/**
 * A widget configuration as it can be compared: a rich-text body's markdown is left out where the source holds none,
 * because the server derives it from the blocknote on write.
 */
export function comparableConfiguration(source: unknown, target: unknown): [unknown, unknown] {
  if (!isObject(source) || !isObject(target) || !isObject(source.body) || !isObject(target.body)) return [source, target];
  if (source.body.markdown !== null && source.body.markdown !== undefined) return [source, target];
  return [{ ...source, body: { ...source.body, markdown: null } }, { ...target, body: { ...target.body, markdown: null } }];
}

/** Widgets that show an application's front component: the component is installed with its application, not by the API. */
export const isFrontComponentWidget = (w: Record<string, unknown>) => w.type === 'FRONT_COMPONENT';
