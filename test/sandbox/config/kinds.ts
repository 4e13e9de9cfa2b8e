/**
 * The workspace-configuration entities the sandbox serves under `/rest/metadata/…`: views and their children, page
 * layouts with tabs and widgets. One declarative spec per kind: the keys a create/update accepts (the metadata
 * OpenAPI document's `View`, `ViewField`… schemas plus the 2.21 DTO keys it omits: `calendarLayout`,
 * `calendarFieldMetadataId`, `mainGroupByFieldMetadataId`, `visibility`, `shouldHideEmptyGroups`), their defaults,
 * enums, and which keys reference what, so the store can validate ids the way Twenty's validators do.
 */

export type ConfigKind =
  | 'views' | 'viewFields' | 'viewFilters' | 'viewSorts' | 'viewGroups' | 'viewFilterGroups'
  | 'pageLayouts' | 'pageLayoutTabs' | 'pageLayoutWidgets';

/** What a key points at: a data-model item or another configuration entity. */
export type RefTarget = 'object' | 'field' | ConfigKind;

export interface KindSpec {
  kind: ConfigKind;
  /** entity name in messages and error codes, e.g. `View` → VIEW_NOT_FOUND */
  entity: string;
  required: string[];
  defaults: Record<string, unknown>;
  /** every key a create accepts (besides `id`); updates accept the same minus `immutable` */
  keys: string[];
  immutable: string[];
  enums: Record<string, string[]>;
  refs: Record<string, RefTarget>;
  /** the key naming the parent entity: deleting the parent deletes its children */
  parent?: { key: string; kind: ConfigKind };
  /** query parameters the list accepts as equality filters */
  listFilters: string[];
  /** a list filter the list cannot do without: absent, the list answers 400 with this code and message */
  listRequires?: { key: string; code: string; message: string };
}

const AGGREGATES = ['AVG', 'COUNT', 'MAX', 'MIN', 'SUM', 'COUNT_EMPTY', 'COUNT_NOT_EMPTY', 'COUNT_UNIQUE_VALUES',
  'PERCENTAGE_EMPTY', 'PERCENTAGE_NOT_EMPTY', 'COUNT_TRUE', 'COUNT_FALSE', 'EARLIEST', 'LATEST'];
const OPERANDS = ['IS', 'IS_NOT_NULL', 'IS_NOT', 'LESS_THAN_OR_EQUAL', 'GREATER_THAN_OR_EQUAL', 'IS_BEFORE', 'IS_AFTER', 'CONTAINS',
  'DOES_NOT_CONTAIN', 'IS_EMPTY', 'IS_NOT_EMPTY', 'IS_RELATIVE', 'IS_IN_PAST', 'IS_IN_FUTURE', 'IS_TODAY', 'VECTOR_SEARCH'];

export const KINDS: Record<ConfigKind, KindSpec> = {
  views: {
    kind: 'views', entity: 'View', required: ['name', 'objectMetadataId', 'icon'],
    defaults: {
      type: 'TABLE', key: null, position: 0, isCompact: false, openRecordIn: 'SIDE_PANEL', kanbanAggregateOperation: null,
      kanbanAggregateOperationFieldMetadataId: null, anyFieldFilterValue: null, calendarLayout: null, calendarFieldMetadataId: null,
      mainGroupByFieldMetadataId: null, shouldHideEmptyGroups: false, visibility: 'WORKSPACE', isCustom: true,
    },
    keys: ['name', 'objectMetadataId', 'type', 'key', 'icon', 'position', 'isCompact', 'openRecordIn', 'kanbanAggregateOperation',
      'kanbanAggregateOperationFieldMetadataId', 'anyFieldFilterValue', 'calendarLayout', 'calendarFieldMetadataId',
      'mainGroupByFieldMetadataId', 'shouldHideEmptyGroups', 'visibility'],
    immutable: ['objectMetadataId'],
    enums: {
      type: ['TABLE', 'KANBAN', 'CALENDAR'], key: ['INDEX'], openRecordIn: ['SIDE_PANEL', 'RECORD_PAGE'], kanbanAggregateOperation: AGGREGATES,
      calendarLayout: ['DAY', 'WEEK', 'MONTH'], visibility: ['WORKSPACE', 'UNLISTED'],
    },
    refs: {
      objectMetadataId: 'object', kanbanAggregateOperationFieldMetadataId: 'field', calendarFieldMetadataId: 'field', mainGroupByFieldMetadataId: 'field',
    },
    listFilters: ['objectMetadataId'],
  },
  viewFields: {
    kind: 'viewFields', entity: 'ViewField', required: ['fieldMetadataId', 'viewId'],
    defaults: { isVisible: true, size: 0, position: 0, aggregateOperation: null },
    keys: ['fieldMetadataId', 'viewId', 'isVisible', 'size', 'position', 'aggregateOperation'],
    immutable: ['fieldMetadataId', 'viewId'],
    enums: { aggregateOperation: AGGREGATES },
    refs: { fieldMetadataId: 'field', viewId: 'views' },
    parent: { key: 'viewId', kind: 'views' },
    listFilters: ['viewId'],
  },
  viewFilters: {
    kind: 'viewFilters', entity: 'ViewFilter', required: ['fieldMetadataId', 'viewId', 'value'],
    defaults: { operand: 'CONTAINS', viewFilterGroupId: null, positionInViewFilterGroup: null, subFieldName: null },
    keys: ['fieldMetadataId', 'viewId', 'operand', 'value', 'viewFilterGroupId', 'positionInViewFilterGroup', 'subFieldName'],
    immutable: ['viewId'],
    enums: { operand: OPERANDS },
    refs: { fieldMetadataId: 'field', viewId: 'views', viewFilterGroupId: 'viewFilterGroups' },
    parent: { key: 'viewId', kind: 'views' },
    listFilters: ['viewId'],
  },
  viewSorts: {
    kind: 'viewSorts', entity: 'ViewSort', required: ['fieldMetadataId', 'viewId'],
    defaults: { direction: 'ASC' },
    keys: ['fieldMetadataId', 'viewId', 'direction'],
    immutable: ['viewId', 'fieldMetadataId'],
    enums: { direction: ['ASC', 'DESC'] },
    refs: { fieldMetadataId: 'field', viewId: 'views' },
    parent: { key: 'viewId', kind: 'views' },
    listFilters: ['viewId'],
  },
  viewGroups: {
    kind: 'viewGroups', entity: 'ViewGroup', required: ['viewId', 'fieldValue'],
    defaults: { fieldMetadataId: null, isVisible: true, position: 0 },
    keys: ['fieldMetadataId', 'viewId', 'fieldValue', 'isVisible', 'position'],
    immutable: ['viewId'],
    enums: {},
    refs: { fieldMetadataId: 'field', viewId: 'views' },
    parent: { key: 'viewId', kind: 'views' },
    listFilters: ['viewId'],
  },
  viewFilterGroups: {
    kind: 'viewFilterGroups', entity: 'ViewFilterGroup', required: ['viewId'],
    defaults: { parentViewFilterGroupId: null, logicalOperator: 'AND', positionInViewFilterGroup: null },
    keys: ['viewId', 'parentViewFilterGroupId', 'logicalOperator', 'positionInViewFilterGroup'],
    immutable: ['viewId'],
    enums: { logicalOperator: ['AND', 'OR', 'NOT'] },
    refs: { viewId: 'views', parentViewFilterGroupId: 'viewFilterGroups' },
    parent: { key: 'viewId', kind: 'views' },
    listFilters: ['viewId'],
  },
  pageLayouts: {
    kind: 'pageLayouts', entity: 'PageLayout', required: ['name'],
    defaults: { type: 'RECORD_PAGE', objectMetadataId: null },
    keys: ['name', 'type', 'objectMetadataId'],
    immutable: [],
    enums: { type: ['RECORD_INDEX', 'RECORD_PAGE', 'DASHBOARD', 'STANDALONE_PAGE'] },
    refs: { objectMetadataId: 'object' },
    listFilters: ['objectMetadataId'],
  },
  pageLayoutTabs: {
    kind: 'pageLayoutTabs', entity: 'PageLayoutTab', required: ['title', 'pageLayoutId'],
    defaults: { position: 0 },
    keys: ['title', 'position', 'pageLayoutId'],
    immutable: ['pageLayoutId'],
    enums: {},
    refs: { pageLayoutId: 'pageLayouts' },
    parent: { key: 'pageLayoutId', kind: 'pageLayouts' },
    listFilters: ['pageLayoutId'],
    // page-layout-tab.controller.ts findMany (real-2.21 page-layout-children-per-parent)
    listRequires: { key: 'pageLayoutId', code: 'INVALID_PAGE_LAYOUT_TAB_DATA', message: 'Page layout ID is required' },
  },
  pageLayoutWidgets: {
    kind: 'pageLayoutWidgets', entity: 'PageLayoutWidget', required: ['pageLayoutTabId', 'title', 'gridPosition'],
    defaults: { type: 'VIEW', objectMetadataId: null, configuration: null },
    keys: ['pageLayoutTabId', 'title', 'type', 'objectMetadataId', 'gridPosition', 'configuration'],
    immutable: ['pageLayoutTabId'],
    enums: { type: ['VIEW', 'IFRAME', 'FIELDS', 'GRAPH', 'TIMELINE', 'TASKS', 'NOTES', 'FILES', 'EMAILS', 'CALENDAR'] },
    refs: { pageLayoutTabId: 'pageLayoutTabs', objectMetadataId: 'object' },
    parent: { key: 'pageLayoutTabId', kind: 'pageLayoutTabs' },
    listFilters: ['pageLayoutTabId'],
    // page-layout-widget.controller.ts findMany
    listRequires: { key: 'pageLayoutTabId', code: 'INVALID_PAGE_LAYOUT_WIDGET_DATA', message: 'Page layout tab ID is required' },
  },
};

export const isConfigKind = (name: string | undefined): name is ConfigKind => !!name && Object.hasOwn(KINDS, name);
