/**
 * The views Twenty gives every workspace without anyone asking: each active, non-system object (standard ones at
 * sign-up, custom ones when they are created) gets its INDEX view "All {objectLabelPlural}" listing its fields, and
 * opportunities also get the "By Stage" kanban (standard views in Twenty's workspace-sync standard objects). The
 * sandbox makes them lazily, the first time a workspace's configuration is read or written after an object appears,
 * which is what a client observes. A migration must match these rather than add a second "All Companies".
 */
import type { ModelField, ModelObject } from '../model/types.js';
import type { ConfigStore } from './store.js';

/** Fields a default index view shows: the object's data fields, relations to one record included. */
const shown = (f: ModelField) =>
  f.isActive && !f.isSystem && f.type !== 'TS_VECTOR' &&
  !((f.type === 'RELATION' || f.type === 'MORPH_RELATION') && (f.settings as { relationType?: string } | null)?.relationType === 'ONE_TO_MANY');

export function ensureDefaultViews(store: ConfigStore, objects: ModelObject[]): void {
  for (const object of objects) {
    if (!object.isActive || object.isSystem || store.indexed.has(object.id)) continue;
    store.indexed.add(object.id);
    const view = store.create('views', {
      name: 'All {objectLabelPlural}', objectMetadataId: object.id, type: 'TABLE', key: 'INDEX', icon: 'IconList', position: 0,
    }, { isCustom: false });
    const fields = object.fields.filter(shown);
    // The label identifier first, as Twenty's index views show it.
    fields.sort((a, b) => Number(b.id === object.labelIdentifierFieldMetadataId) - Number(a.id === object.labelIdentifierFieldMetadataId));
    fields.forEach((f, i) => store.create('viewFields', { viewId: view.id, fieldMetadataId: f.id, position: i, isVisible: true, size: i === 0 ? 210 : 150 }));

    const stage = object.nameSingular === 'opportunity' ? object.fields.find((f) => f.name === 'stage' && f.type === 'SELECT') : undefined;
    if (!stage) continue;
    const amount = object.fields.find((f) => f.name === 'amount');
    const kanban = store.create('views', {
      name: 'By Stage', objectMetadataId: object.id, type: 'KANBAN', icon: 'IconLayoutKanban', position: 1,
      mainGroupByFieldMetadataId: stage.id, kanbanAggregateOperation: amount ? 'SUM' : 'COUNT', kanbanAggregateOperationFieldMetadataId: amount?.id,
    }, { isCustom: false });
    fields.forEach((f, i) => store.create('viewFields', { viewId: kanban.id, fieldMetadataId: f.id, position: i, isVisible: i < 4, size: 150 }));
    (stage.options ?? []).forEach((o, i) => store.create('viewGroups', { viewId: kanban.id, fieldMetadataId: stage.id, fieldValue: o.value, position: i, isVisible: true }));
  }
}
