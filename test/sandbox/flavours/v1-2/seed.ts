/**
 * A seeded Twenty 1.2 workspace (model `seeded-1.2`): the generic seed (../../seed/) over the 1.2 model, stored as
 * 1.2 stores it, plus the INDEX views 1.2 keeps as workspace records.
 * - The 1.2 model's note/task targets are plain relations (`personId`, `companyId`, `petId`…), one filled per row.
 * - Legacy RICH_TEXT (pet.bio) holds the BlockNote JSON string itself; RICH_TEXT_V2 bodies the `{blocknote, markdown}`.
 * - Lists nobody filled are NULL (`additionalEmails`, `additionalPhones`; MULTI_SELECT already are in the seed).
 * Currency micros and dates are stored as the seed makes them; the flavour answers them as 1.2 does (serialize.ts).
 *
 * @example
 * const sandbox = await startSandbox({ flavour: '1.2', workspaces: [{ name: 'source', model: 'seeded-1.2', rateLimit: false }] });
 * seedWorkspace12(sandbox.workspace('source'), { records: 300, seed: 3 });
 */
import { uuidFrom } from '../../model/model.js';
import type { ModelField, ModelObject } from '../../model/types.js';
import type { Row } from '../../records/table.js';
import type { SeedOptions } from '../../seed/index.js';
import { seedWorkspace, type SeedSummary } from '../../seed-workspace.js';
import type { SandboxWorkspace } from '../../workspace.js';

/**
 * What a 1.2 workspace holds, by weight: the standard objects and their targets, and the custom objects (pet,
 * rocket, surveyResult share the custom part). No attachments: their 1.2 files (a TEXT `fullPath` to
 * `/files/attachment/<token>/…`, uploaded through `/graphql uploadFile`) are not imitated.
 */
export const WEIGHTS_12: Record<string, number> = { attachment: 0 };

const LIST_SUBFIELD: Partial<Record<ModelField['type'], string>> = { EMAILS: 'additionalEmails', PHONES: 'additionalPhones' };

/** A generated record as 1.2 keeps it. */
export function storedAs12(object: ModelObject, record: Row): Row {
  const row: Row = { ...record };
  for (const f of object.fields) {
    const value = row[f.name] as Record<string, unknown> | null | undefined;
    if (value === undefined || value === null) continue;
    if (f.type === 'RICH_TEXT' && typeof value === 'object') row[f.name] = (value as { blocknote?: unknown }).blocknote ?? null;
    const sub = LIST_SUBFIELD[f.type];
    if (sub && Array.isArray(value[sub]) && (value[sub] as unknown[]).length === 0) row[f.name] = { ...value, [sub]: null };
  }
  return row;
}

/** The INDEX view of each standard and custom object a person opens (as a 1.2 workspace's sync creates them). */
function indexViews(ws: SandboxWorkspace, at: string): Row[] {
  const shown = ws.model.objects.filter((o) => o.isActive && !o.isSystem);
  return shown.map((o, i) => ({
    id: uuidFrom(`${ws.workspaceId}:view:${o.nameSingular}`),
    name: `All ${o.labelPlural}`, objectMetadataId: o.id, type: 'table', key: 'INDEX', icon: 'IconList', kanbanFieldMetadataId: '',
    position: i, isCompact: false, openRecordIn: 'SIDE_PANEL', kanbanAggregateOperation: 'COUNT', kanbanAggregateOperationFieldMetadataId: null,
    anyFieldFilterValue: '', createdAt: at, updatedAt: at, deletedAt: null,
  }));
}

export function seedWorkspace12(ws: SandboxWorkspace, options: SeedOptions): SeedSummary {
  const summary = seedWorkspace(ws, { ...options, weights: { ...WEIGHTS_12, ...options.weights } }, (plural, record) =>
    storedAs12(ws.index.byPlural.get(plural)!, record),
  );
  const views = indexViews(ws, new Date(options.now ?? '2026-01-01T00:00:00.000Z').toISOString());
  if (ws.index.bySingular.has('view')) summary.perObject.views = ws.insertRaw('view', views);
  return { ...summary, records: summary.records + (summary.perObject.views ?? 0) };
}
