/**
 * Metadata entities whose schemas follow the common pattern: webhooks, the view family and page layouts. The
 * irregularities are Twenty's: a webhook update defaults `operations` to `[]`, and a widget's `type` lists ten
 * values on create but four on update and in responses.
 */
import { type Json, ref, uuid } from './base.js';
import { type MetadataEntity, bool, num, object, standard, str, strEnum } from './metadata-builders.js';

const AGGREGATES = strEnum('AVG', 'COUNT', 'MAX', 'MIN', 'SUM');
const FILTER_OPERANDS = strEnum(
  'IS', 'IS_NOT_NULL', 'IS_NOT', 'LESS_THAN_OR_EQUAL', 'GREATER_THAN_OR_EQUAL', 'IS_BEFORE', 'IS_AFTER', 'CONTAINS',
  'DOES_NOT_CONTAIN', 'IS_EMPTY', 'IS_NOT_EMPTY', 'IS_RELATIVE', 'IS_IN_PAST', 'IS_IN_FUTURE', 'IS_TODAY', 'VECTOR_SEARCH',
);
const CONFIGURATION: Json = { type: 'object', description: 'Widget-specific configuration' };
const GRID_POSITION = object(
  'Grid position for widget placement',
  { row: { ...num(), minimum: 0 }, column: { ...num(), minimum: 0 }, rowSpan: { ...num(), minimum: 1 }, columnSpan: { ...num(), minimum: 1 } },
  ['row', 'column', 'rowSpan', 'columnSpan'],
);
const WIDGET_TYPES_SHORT = strEnum('VIEW', 'IFRAME', 'FIELDS', 'GRAPH');

export const webhookEntity = (): MetadataEntity =>
  standard('webhook', 'webhooks', {
    description: 'A webhook',
    properties: { targetUrl: str(), operations: { type: 'array', items: str() }, description: str(), secret: str() },
    defaults: { operations: ['*.*'] },
    required: ['targetUrl'],
    updateOverrides: { operations: { type: 'array', items: str(), default: [] } },
  });

/** Views, view fields, filters, sorts, groups, filter groups, then page layouts, tabs and widgets. */
export const viewAndPageLayoutEntities = (): MetadataEntity[] => [
  standard('view', 'views', {
    description: 'A view',
    properties: {
      name: str(),
      objectMetadataId: uuid(),
      type: strEnum('TABLE', 'KANBAN'),
      key: str(),
      icon: str(),
      position: num(),
      isCompact: bool(),
      openRecordIn: strEnum('SIDE_PANEL', 'RECORD_PAGE'),
      kanbanAggregateOperation: AGGREGATES,
      kanbanAggregateOperationFieldMetadataId: uuid(),
      anyFieldFilterValue: str(),
    },
    defaults: { type: 'TABLE', key: 'INDEX', position: 0, isCompact: false, openRecordIn: 'SIDE_PANEL' },
    required: ['name', 'objectMetadataId', 'icon'],
    immutable: ['objectMetadataId'],
  }),
  standard('viewField', 'viewFields', {
    description: 'A view field',
    properties: { fieldMetadataId: uuid(), viewId: uuid(), isVisible: bool(), size: num(), position: num(), aggregateOperation: AGGREGATES },
    defaults: { isVisible: true, size: 0, position: 0 },
    required: ['fieldMetadataId', 'viewId'],
    immutable: ['fieldMetadataId', 'viewId'],
  }),
  standard('viewFilter', 'viewFilters', {
    description: 'A view filter',
    properties: {
      fieldMetadataId: uuid(),
      viewId: uuid(),
      operand: FILTER_OPERANDS,
      value: { type: 'object', description: 'Filter value (JSON format)' },
      viewFilterGroupId: uuid(),
      positionInViewFilterGroup: num(),
      subFieldName: str(),
    },
    defaults: { operand: 'CONTAINS' },
    required: ['fieldMetadataId', 'viewId', 'value'],
    immutable: ['fieldMetadataId', 'viewId'],
  }),
  standard('viewSort', 'viewSorts', {
    description: 'A view sort',
    properties: { fieldMetadataId: uuid(), viewId: uuid(), direction: strEnum('ASC', 'DESC') },
    defaults: { direction: 'ASC' },
    required: ['fieldMetadataId', 'viewId'],
    immutable: ['fieldMetadataId', 'viewId'],
  }),
  standard('viewGroup', 'viewGroups', {
    description: 'A view group',
    properties: { fieldMetadataId: uuid(), viewId: uuid(), fieldValue: str(), isVisible: bool(), position: num() },
    defaults: { isVisible: true, position: 0 },
    required: ['fieldMetadataId', 'viewId', 'fieldValue'],
    immutable: ['fieldMetadataId', 'viewId'],
  }),
  standard('viewFilterGroup', 'viewFilterGroups', {
    description: 'A view filter group',
    properties: { viewId: uuid(), parentViewFilterGroupId: uuid(), logicalOperator: strEnum('AND', 'OR', 'NOT'), positionInViewFilterGroup: num() },
    defaults: { logicalOperator: 'AND' },
    required: ['viewId'],
    immutable: ['viewId'],
  }),
  standard('pageLayout', 'pageLayouts', {
    description: 'A page layout',
    properties: { name: str(), type: strEnum('RECORD_INDEX', 'RECORD_PAGE', 'DASHBOARD', 'STANDALONE_PAGE'), objectMetadataId: uuid() },
    defaults: { type: 'RECORD_PAGE' },
    required: ['name'],
    responseExtra: { tabs: { type: 'array', items: ref('PageLayoutTabForResponse') } },
  }),
  standard('pageLayoutTab', 'pageLayoutTabs', {
    description: 'A page layout tab',
    properties: { title: str(), position: num(), pageLayoutId: uuid() },
    defaults: { position: 0 },
    required: ['title', 'pageLayoutId'],
    immutable: ['pageLayoutId'],
  }),
  standard('pageLayoutWidget', 'pageLayoutWidgets', {
    description: 'A page layout widget',
    properties: {
      pageLayoutTabId: uuid(),
      title: str(),
      type: strEnum('VIEW', 'IFRAME', 'FIELDS', 'GRAPH', 'TIMELINE', 'TASKS', 'NOTES', 'FILES', 'EMAILS', 'CALENDAR'),
      objectMetadataId: uuid(),
      gridPosition: ref('GridPosition'),
      configuration: CONFIGURATION,
    },
    defaults: { type: 'VIEW' },
    required: ['pageLayoutTabId', 'title', 'gridPosition'],
    immutable: ['pageLayoutTabId'],
    updateOverrides: { type: WIDGET_TYPES_SHORT },
    responseOverrides: { type: WIDGET_TYPES_SHORT },
    before: { GridPosition: GRID_POSITION },
  }),
];
