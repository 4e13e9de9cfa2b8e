/**
 * Views of a Twenty 1.x source, read in the 2.x shape the views stage works with. In 1.x, views are workspace
 * records (`/rest/views`, `/rest/viewFields`, `/rest/viewFilters`, `/rest/viewFilterGroups`, `/rest/viewSorts`,
 * `/rest/viewGroups`; seen on a real 1.2.0: 14 views, 109 view fields, 12 groups), in 2.x core metadata. What
 * changed between the two (2.21's twenty-shared ViewFilterOperandDeprecated keeps the old spellings):
 * - view `type` `table|kanban|calendar` → `TABLE|KANBAN|CALENDAR`; the kanban's grouping field
 *   `kanbanFieldMetadataId` → `mainGroupByFieldMetadataId` (1.x also repeated it on every view group);
 * - filter operands `is|isNot|lessThan|greaterThan|…` → `IS|IS_NOT|LESS_THAN_OR_EQUAL|GREATER_THAN_OR_EQUAL|…`,
 *   and a filter `value` is JSON text in 1.x (`"{\"isCurrentWorkspaceMemberSelected\":true}"`), JSON in 2.x;
 * - sort `direction` `asc|desc` → `ASC|DESC`;
 * - every 1.x view is a workspace view (2.x `visibility: WORKSPACE`).
 */
import { listRecords, type TwentyClient } from '../client/index.js';
import type { Entity } from './rest.js';
import type { ViewBundle } from './views.js';

/** 1.x operand → 2.x (ViewFilterOperandDeprecated → ViewFilterOperand): two were renamed, the rest re-spelled. */
const RENAMED_OPERANDS: Record<string, string> = { lessThan: 'LESS_THAN_OR_EQUAL', greaterThan: 'GREATER_THAN_OR_EQUAL', search: 'VECTOR_SEARCH', vectorSearch: 'VECTOR_SEARCH' };

const upperSnake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/** `isNot` → `IS_NOT`, `lessThan` → `LESS_THAN_OR_EQUAL`; a 2.x spelling stays. */
export function operandFrom1x(operand: unknown): unknown {
  if (typeof operand !== 'string' || operand === operand.toUpperCase()) return operand;
  return RENAMED_OPERANDS[operand] ?? upperSnake(operand);
}

/** A 1.x filter value (JSON text) as the JSON 2.x stores; text that is not JSON is a plain string value. */
export function filterValueFrom1x(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

const upper = (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : v);
const orNull = (v: unknown) => (v === '' || v === undefined ? null : v);

/** One 1.x view with its children, in the 2.x shape. */
export function viewBundleFrom1x(view: Entity, children: Omit<ViewBundle, 'view'>): ViewBundle {
  const { kanbanFieldMetadataId, ...rest } = view;
  const groupBy = orNull(kanbanFieldMetadataId) ?? orNull(children.groups.find((g) => orNull(g.fieldMetadataId))?.fieldMetadataId);
  return {
    // 1.x answers an unset search as '', 2.x as null: sent as null, so the target's view is not rewritten for nothing.
    view: { ...rest, type: upper(view.type), anyFieldFilterValue: orNull(view.anyFieldFilterValue), visibility: 'WORKSPACE', ...(groupBy ? { mainGroupByFieldMetadataId: groupBy } : {}) },
    fields: children.fields,
    filterGroups: children.filterGroups.map((g) => ({ ...g, logicalOperator: upper(g.logicalOperator) })),
    filters: children.filters.map((f) => ({ ...f, operand: operandFrom1x(f.operand), value: filterValueFrom1x(f.value) })),
    sorts: children.sorts.map((s) => ({ ...s, direction: upper(s.direction) })),
    groups: children.groups.map(({ fieldMetadataId: _field, ...g }) => g as Entity),
  };
}

const KINDS = { fields: 'viewFields', filters: 'viewFilters', filterGroups: 'viewFilterGroups', sorts: 'viewSorts', groups: 'viewGroups' } as const;

/** Every view of a 1.x workspace, from its records, in the 2.x shape. */
export async function readViews1x(core: TwentyClient): Promise<ViewBundle[]> {
  const all = async (plural: string) => {
    const out: Entity[] = [];
    for await (const r of listRecords(core, plural)) out.push(r as Entity);
    return out;
  };
  const views = await all('views');
  const lists = Object.fromEntries(await Promise.all(Object.entries(KINDS).map(async ([k, plural]) => [k, await all(plural)] as const))) as Record<keyof typeof KINDS, Entity[]>;
  return views.map((view) => {
    const own = Object.fromEntries(Object.keys(KINDS).map((k) => [k, lists[k as keyof typeof KINDS].filter((c) => c.viewId === view.id)])) as Omit<ViewBundle, 'view'>;
    return viewBundleFrom1x(view, own);
  });
}
