/**
 * Views of a Twenty 1.x source in the 2.x shape. The rows are the real 1.2.0 seed's (trimmed): its opportunity
 * kanban "By Stage" and the "Me" filter of its task view.
 */
import { describe, expect, it } from 'vitest';
import { filterValueFrom1x, operandFrom1x, viewBundleFrom1x } from '../../sdk/config-migration/views-1x.js';
import { filterKeys } from '../../sdk/config-migration/views.js';

const STAGE = 'd8d45b86-a3d9-451e-a698-950ed5403fd4';
const byStage = {
  name: 'By Stage', objectMetadataId: '51990423-39d7-467a-8c22-259f996d64cc', type: 'kanban', key: null, icon: 'IconLayoutKanban',
  kanbanFieldMetadataId: STAGE, position: 2, isCompact: false, openRecordIn: 'SIDE_PANEL', kanbanAggregateOperation: 'MIN',
  kanbanAggregateOperationFieldMetadataId: 'e17b3713-7b62-4a9e-aed8-1b1642f6d07e', anyFieldFilterValue: '', id: '08e36677-bfbb-4265-bae1-b4f4263140c4',
};
const group = { fieldMetadataId: STAGE, isVisible: true, fieldValue: 'CUSTOMER', position: 4, id: '6d68ad16-b6ba-4d01-8067-bd2675dfd5eb', viewId: byStage.id };
const me = {
  fieldMetadataId: 'c330e566-4684-4b5a-ab17-73088c655471', operand: 'is', value: '{"isCurrentWorkspaceMemberSelected":true,"selectedRecordIds":[]}',
  displayValue: 'Me', viewFilterGroupId: null, positionInViewFilterGroup: null, subFieldName: '', id: 'd6bf3166-9b6d-480a-9aef-cbd4509af0e0', viewId: byStage.id,
};

describe('views of a 1.x source', () => {
  it('takes a kanban\'s grouping field into mainGroupByFieldMetadataId and spells its type as 2.x does', () => {
    const b = viewBundleFrom1x(byStage, { fields: [], filters: [], filterGroups: [], sorts: [{ id: 's', viewId: byStage.id, fieldMetadataId: STAGE, direction: 'desc' }], groups: [group] });
    expect(b.view).toMatchObject({ type: 'KANBAN', mainGroupByFieldMetadataId: STAGE, visibility: 'WORKSPACE', kanbanAggregateOperation: 'MIN' });
    expect(b.view).not.toHaveProperty('kanbanFieldMetadataId');
    expect(b.groups).toEqual([{ isVisible: true, fieldValue: 'CUSTOMER', position: 4, id: group.id, viewId: byStage.id }]);
    expect(b.sorts[0].direction).toBe('DESC');
  });

  it('turns filter operands and JSON-text values into 2.x operands and JSON', () => {
    const b = viewBundleFrom1x({ ...byStage, type: 'table', kanbanFieldMetadataId: '' }, { fields: [], filters: [me], filterGroups: [], sorts: [], groups: [] });
    expect(b.view).not.toHaveProperty('mainGroupByFieldMetadataId');
    expect(b.filters[0]).toMatchObject({ operand: 'IS', value: { isCurrentWorkspaceMemberSelected: true, selectedRecordIds: [] } });
    expect(['isNot', 'lessThan', 'greaterThan', 'isNotEmpty', 'isInPast', 'doesNotContain', 'IS_AFTER'].map(operandFrom1x)).toEqual([
      'IS_NOT', 'LESS_THAN_OR_EQUAL', 'GREATER_THAN_OR_EQUAL', 'IS_NOT_EMPTY', 'IS_IN_PAST', 'DOES_NOT_CONTAIN', 'IS_AFTER',
    ]);
    expect(filterValueFrom1x('acme')).toBe('acme');
    expect(filterValueFrom1x('"acme"')).toBe('acme');
  });

  it('keys a filter by its value whatever the key order jsonb gives it back in (found on the real 2.21: the "Me" filter was recreated on every run)', () => {
    const sent = { ...me, operand: 'IS', value: { isCurrentWorkspaceMemberSelected: true, selectedRecordIds: [] } };
    const readBack = { ...sent, value: { selectedRecordIds: [], isCurrentWorkspaceMemberSelected: true } };
    expect(filterKeys([readBack], new Map())).toEqual(filterKeys([sent], new Map()));
    expect(filterKeys([{ ...sent, value: { isCurrentWorkspaceMemberSelected: false, selectedRecordIds: [] } }], new Map())).not.toEqual(filterKeys([sent], new Map()));
  });
});
