/**
 * Field-by-field comparison of what was meant to be written (the transform stage's payload) with what the target
 * holds. Only the fields sent are compared: everything else is the target's to fill (position, searchVector, ...).
 */

export interface FieldMismatch {
  field: string;
  expected: unknown;
  actual: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Values a server may legitimately store differently from how they were sent. */
function normalize(v: unknown): unknown {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) {
    return new Date(v).toISOString();
  }
  if (typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v)) return v.toLowerCase();
  // Signed file URLs (FILES values, image blocks of rich-text bodies) are signed again on every read: the token
  // changes, the file does not. Compared without it, on both sides.
  if (typeof v === 'string' && v.includes('token=')) return v.replace(/([?&])token=[^&"\\\s)]*&?/g, '$1').replace(/[?&](?=["\\\s)]|$)/g, '');
  return v;
}

function same(expected: unknown, actual: unknown): boolean {
  expected = normalize(expected);
  actual = normalize(actual);
  if (expected === actual) return true;
  // A RAW_JSON scalar is sent as its JSON text, which the server parses back (write-rules.ts).
  if (typeof expected === 'string' && actual !== null && (typeof actual !== 'string' || expected.startsWith('"'))) {
    try {
      if (JSON.stringify(JSON.parse(expected)) === JSON.stringify(actual)) return true;
    } catch {
      // not JSON text: compared as it is below
    }
  }
  // An empty composite sub-field may come back as '' where null was sent, or the reverse.
  if ((expected === null || expected === '') && (actual === null || actual === '')) return true;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    return expected.length === actual.length && expected.every((e, i) => same(e, actual[i]));
  }
  if (Array.isArray(expected) && expected.length === 0 && actual === null) return true;
  if (isObject(expected) && isObject(actual)) return Object.keys(expected).every((k) => same(expected[k], actual[k]));
  if (isObject(expected) && actual === null) return Object.values(expected).every((v) => v === null || v === '' || (Array.isArray(v) && !v.length));
  return false;
}

/**
 * A create whose actor has an empty name is stored with the API key's actor in its place: the key's name, no member,
 * the source sent kept (actor-from-auth-context.service.ts injectActorToRecord; seen on a real 2.21: `{source:
 * "MANUAL", name: "<key name>"}`). That is the server's rule, not damage, so it is not reported.
 */
function replacedByKeyActor(expected: Record<string, unknown>, actual: Record<string, unknown>): boolean {
  if (!('source' in expected) || !('name' in expected)) return false;
  const emptyName = expected.name === null || expected.name === '' || expected.name === undefined;
  const source = typeof expected.source === 'string' ? expected.source : 'API';
  return emptyName && actual.source === source && (actual.workspaceMemberId ?? null) === null && typeof actual.name === 'string' && actual.name !== '';
}

/** Fields of `sent` whose value in `stored` differs; nested composites compared sub-field by sub-field. */
export function compareRecord(sent: Record<string, unknown>, stored: Record<string, unknown>, ignore: ReadonlySet<string>): FieldMismatch[] {
  const out: FieldMismatch[] = [];
  for (const [field, expected] of Object.entries(sent)) {
    if (ignore.has(field)) continue;
    const actual = stored[field];
    if (isObject(expected) && isObject(actual) && replacedByKeyActor(expected, actual)) continue;
    if (isObject(expected) && isObject(actual)) {
      for (const [sub, e] of Object.entries(expected)) {
        // ACTOR context is not stored as sent (Twenty nulls it); it carries no user data.
        if (field.endsWith('By') && sub === 'context') continue;
        if (!same(e, actual[sub])) out.push({ field: `${field}.${sub}`, expected: e, actual: actual[sub] });
      }
    } else if (!same(expected, actual)) {
      out.push({ field, expected, actual });
    }
  }
  return out;
}
