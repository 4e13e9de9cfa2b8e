/**
 * Whole stored rows from a few given values: every data field of the object at the value a server-side insert
 * leaves it (metadata default or empty composite), every join column null, then the given values. Sign-up's
 * prefill is plain SQL inserts (prefill-*.util.ts in Twenty), so nothing else is added: no events, no timeline.
 */
import { isManyToOne, isRelationField, joinColumnOf } from '../model/model.js';
import type { Row } from '../records/table.js';
import { COMPOSITES, defaultValueOf } from '../records/values.js';
import type { SandboxWorkspace } from '../workspace.js';

/** The actor sign-up's inserts record (`createdBySource: SYSTEM, createdByName: 'System'`, no context column). */
export const SYSTEM_ACTOR = { source: 'SYSTEM', workspaceMemberId: null, name: 'System', context: null };

export function fullRow(ws: SandboxWorkspace, nameSingular: string, values: Row): Row {
  const object = ws.index.bySingular.get(nameSingular);
  if (!object) throw new Error(`sandbox workspace ${ws.name} has no object ${nameSingular}`);
  const row: Row = {};
  for (const f of ws.index.fieldsOf(object)) {
    if (isManyToOne(f)) row[joinColumnOf(f)] = null;
    else if (!isRelationField(f) && f.type !== 'TS_VECTOR') {
      row[f.name] = defaultValueOf(f, f.applicationId === ws.model.standardApplicationId);
    }
  }
  for (const [key, value] of Object.entries(values)) {
    const field = object.fields.find((f) => f.name === key);
    const empty = field && COMPOSITES[field.type];
    // Partial composites (only the sub-fields an insert names) over the empty value, as the columns default.
    row[key] = empty && value && typeof value === 'object' && !Array.isArray(value) ? { ...structuredClone(empty), ...value } : value;
  }
  return row;
}
