/**
 * Records as Twenty 1.2's REST answers them (rest-api-base.handler.ts → twenty-orm format-result.util.ts): values as
 * the database driver gives them, with no 2.21 normalisation on top.
 * - CURRENCY `amountMicros` is a numeric column, which node-postgres answers as a string (`"2500000000000"`) and
 *   REST passes on as it is; GraphQL's BigFloat scalar answers it as a number (both recorded).
 * - DATE answers midnight UTC (`2019-01-01T00:00:00.000Z`: format-result shifts TypeORM's local-time Date back).
 * - NULL stays null: no `''` for empty texts, no `[]` for empty lists (recorded: `additionalEmails: null`).
 * - RICH_TEXT (legacy) is the stored string of BlockNote JSON; RICH_TEXT_V2 the `{blocknote, markdown}` composite.
 * - `depth=1` embeds many-to-one records and *every* one-to-many row (REST loads relations whole; no 60 cap);
 *   `depth=2` also embeds the relations of those.
 * Fields come in the model's order (1.2 answers its table's column order; JSON readers do not see the difference).
 * `searchVector` is answered even where its field is inactive (custom objects, recorded).
 */
import { isManyToOne, isOneToMany, isRelationField, joinColumnOf } from '../../model/model.js';
import type { ModelField, ModelObject } from '../../model/types.js';
import { searchVectorOf } from '../../records/serialize.js';
import type { Row } from '../../records/table.js';
import type { SandboxWorkspace } from '../../workspace.js';

export type Depth12 = 0 | 1 | 2;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Which 1.2 API answers: they differ only in currency micros. */
export type Api12 = 'rest' | 'graphql';

/** A stored value as 1.2's driver and format-result answer it. */
export function answerValue(field: ModelField, value: unknown, api: Api12 = 'rest'): unknown {
  if (value === undefined || value === null) return null;
  if (field.type === 'CURRENCY' && typeof value === 'object') {
    const v = value as { amountMicros?: unknown };
    if (api === 'rest' && typeof v.amountMicros === 'number') return { ...v, amountMicros: String(v.amountMicros) };
    if (api === 'graphql' && typeof v.amountMicros === 'string') return { ...v, amountMicros: Number(v.amountMicros) };
    return value;
  }
  if (field.type === 'DATE' && typeof value === 'string' && DATE_ONLY.test(value)) return `${value}T00:00:00.000Z`;
  return value;
}

export function serializeRow12(ws: SandboxWorkspace, object: ModelObject, row: Row, depth: Depth12 = 0, api: Api12 = 'rest'): Row {
  const out: Row = {};
  const related: Array<[string, unknown]> = [];
  const below = (depth - 1) as Depth12;
  // Custom objects' searchVector field is inactive in 1.2's metadata, yet its column is answered (recorded: pets).
  for (const f of object.fields.filter((x) => x.isActive || x.type === 'TS_VECTOR')) {
    if (isManyToOne(f)) {
      const column = joinColumnOf(f);
      out[column] = row[column] ?? null;
      if (depth > 0) {
        const target = f.relation && ws.index.bySingular.get(f.relation.targetObject);
        const ref = target && row[column] ? ws.table(target.nameSingular)?.rows.get(row[column] as string) : undefined;
        related.push([f.name, ref && target && !ref.deletedAt ? serializeRow12(ws, target, ref, below) : null]);
      }
    } else if (isOneToMany(f)) {
      if (depth > 0) related.push([f.name, relatedRows(ws, f, row.id as string, below)]);
    } else if (isRelationField(f)) {
      continue;
    } else if (f.type === 'TS_VECTOR') {
      out[f.name] = searchVectorOf(object, row);
    } else {
      out[f.name] = answerValue(f, row[f.name], api);
    }
  }
  for (const [k, v] of related) out[k] = v;
  return out;
}

function relatedRows(ws: SandboxWorkspace, field: ModelField, id: string, depth: Depth12): Row[] {
  const target = field.relation && ws.index.bySingular.get(field.relation.targetObject);
  const inverse = target?.fields.find((g) => g.name === field.relation!.targetField);
  if (!target || !inverse) return [];
  const column = joinColumnOf(inverse);
  const out: Row[] = [];
  for (const r of ws.table(target.nameSingular)?.rows.values() ?? []) {
    if (r[column] === id && !r.deletedAt) out.push(serializeRow12(ws, target, r, depth));
  }
  return out;
}
