/**
 * Compares a sandbox answer with a recorded one: same keys recursively, same JSON types, and (where asked) the same
 * values. Values a real server makes up per run (timestamps, generated ids, positions, cursors, search vectors) are
 * compared by type only; arrays are compared by their first recorded item, matched to the sandbox's item with the
 * same natural key (id, nameSingular, name) when there is one, since the recording may have been trimmed.
 */

export type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';
export const jsonType = (v: unknown): JsonType =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as 'boolean' | 'number' | 'string' | 'object');

/** Keys whose values differ on every run of a real server. */
export const PER_RUN_KEYS = new Set([
  'createdAt', 'updatedAt', 'deletedAt', 'happensAt', 'enqueuedAt', 'startedAt', 'endedAt',
  'position', 'searchVector', 'startCursor', 'endCursor',
]);

/** Keys holding server-generated metadata ids (they differ between two servers, and between runs). */
export const METADATA_ID_KEYS = new Set([
  'id', 'universalIdentifier', 'workspaceId', 'applicationId', 'objectMetadataId', 'labelIdentifierFieldMetadataId',
  'imageIdentifierFieldMetadataId', 'objectMetadataUniversalIdentifier',
]);

/** Placeholders the recorder wrote in place of cut or secret values: they match anything. */
const PLACEHOLDERS = new Set(['<trimmed>', '<redacted>']);

export interface CompareOptions {
  /** compare leaf values exactly (except per-run keys); otherwise types only */
  values: boolean;
  /**
   * further keys compared by type only for this exchange; a recorded value the id map knows must still be the
   * mapped one (e.g. a created field's objectMetadataId is the object the replay created)
   */
  byType?: Set<string>;
  /** exact paths (e.g. `$.data.x[0].id`) compared by type only */
  byPath?: Set<string>;
  /** recorded id → sandbox id, for ids the sandbox generated itself */
  ids?: Map<string, string>;
}

const NATURAL_KEYS = ['id', 'nameSingular', 'name'] as const;

function counterpart(recorded: unknown, actual: unknown[], ids?: Map<string, string>): unknown {
  return sameEntity(recorded, actual, ids) ?? actual[0];
}

/** The item of `actual` with the recorded item's natural key, if any. */
function sameEntity(recorded: unknown, actual: unknown[], ids?: Map<string, string>): unknown {
  if (recorded && typeof recorded === 'object' && !Array.isArray(recorded)) {
    for (const key of NATURAL_KEYS) {
      const v = (recorded as Record<string, unknown>)[key];
      if (typeof v !== 'string') continue;
      const want = ids?.get(v) ?? v;
      const hit = actual.find((a) => a && typeof a === 'object' && (a as Record<string, unknown>)[key] === want);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** Differences between a recorded body and the sandbox's, as readable lines (empty when they agree). */
export function diffBodies(recorded: unknown, actual: unknown, options: CompareOptions, path = '$', key = ''): string[] {
  if (typeof recorded === 'string' && PLACEHOLDERS.has(recorded)) return [];
  const rt = jsonType(recorded);
  const at = jsonType(actual);
  if (rt !== at) return [`${path}: recorded ${rt} ${short(recorded)}, sandbox ${at} ${short(actual)}`];
  if (rt === 'array') {
    const r = recorded as unknown[];
    const a = actual as unknown[];
    if (r.length === 0) return a.length === 0 || !options.values ? [] : [`${path}: recorded [], sandbox has ${a.length} items`];
    if (a.length === 0) return [`${path}: recorded ${r.length}+ items, sandbox []`];
    return diffBodies(r[0], counterpart(r[0], a, options.ids), options, `${path}[0]`, key);
  }
  if (rt === 'object') {
    const r = recorded as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const out: string[] = [];
    for (const k of Object.keys(r)) if (!(k in a)) out.push(`${path}.${k}: missing in sandbox`);
    for (const k of Object.keys(a)) if (!(k in r)) out.push(`${path}.${k}: not in the recording`);
    for (const k of Object.keys(r)) if (k in a) out.push(...diffBodies(r[k], a[k], options, `${path}.${k}`, k));
    return out;
  }
  const mapped = typeof recorded === 'string' ? options.ids?.get(recorded) : undefined;
  if (!options.values || PER_RUN_KEYS.has(key) || options.byPath?.has(path)) return [];
  if (options.byType?.has(key) && mapped === undefined) return [];
  const want = mapped ?? recorded;
  return want === actual ? [] : [`${path}: recorded ${short(recorded)}${mapped ? ` (here ${mapped})` : ''}, sandbox ${short(actual)}`];
}

const short = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
};

/** Learns recorded → sandbox ids from two answers to the same request (for later requests that reuse them). */
export function learnIds(recorded: unknown, actual: unknown, ids: Map<string, string>, key = ''): void {
  if (typeof recorded === 'string' && typeof actual === 'string') {
    if ((key === 'id' || key.endsWith('Id')) && recorded !== actual && UUID.test(recorded) && !ids.has(recorded)) ids.set(recorded, actual);
    return;
  }
  if (Array.isArray(recorded) && Array.isArray(actual)) {
    // Only items known to be the same entity: page 1 of a metadata list holds different entities on two servers.
    for (const r of recorded) {
      const same = sameEntity(r, actual, ids);
      if (same !== undefined) learnIds(r, same, ids, key);
    }
    return;
  }
  if (recorded && actual && typeof recorded === 'object' && typeof actual === 'object') {
    for (const [k, v] of Object.entries(recorded)) learnIds(v, (actual as Record<string, unknown>)[k], ids, k);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Replaces every recorded id found in `text` by its sandbox counterpart. */
export function mapIds(text: string, ids: Map<string, string>): string {
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (m) => ids.get(m) ?? m);
}
