/**
 * The sandbox's model of a workspace's data model.
 *
 * Objects and fields have exactly the shape Twenty 2.21 answers on `GET /rest/metadata/objects`
 * (see ../shared/twenty-2.21/openapi/*-objects.json), plus one internal property that the REST
 * metadata API does not expose: `relation` on RELATION and MORPH_RELATION fields, naming the target
 * object and the inverse field (GraphQL `/metadata` has it; REST does not, so it is stripped on output).
 *
 * A Twenty 1.2 model (models/seeded-1.2.json, served by the 1.2 flavour, ../flavours/v1-2/) has the 1.2 GraphQL
 * shape instead: `isCustom` and `dataSourceId`, no `universalIdentifier`; its `applicationId`s are internal (1.2 has
 * no applications) so that the seed tells custom from standard the same way in both.
 */

export type FieldType =
  | 'ACTOR' | 'ADDRESS' | 'ARRAY' | 'BOOLEAN' | 'CURRENCY' | 'DATE' | 'DATE_TIME' | 'EMAILS' | 'FILES'
  | 'FULL_NAME' | 'LINKS' | 'MORPH_RELATION' | 'MULTI_SELECT' | 'NUMBER' | 'NUMERIC' | 'PHONES' | 'POSITION'
  | 'RATING' | 'RAW_JSON' | 'RELATION' | 'RICH_TEXT' | 'SELECT' | 'TEXT' | 'TS_VECTOR' | 'UUID'
  /** Twenty 1.x only: the `{blocknote, markdown}` body (1.x `RICH_TEXT` is a plain string of BlockNote JSON) */
  | 'RICH_TEXT_V2';

export interface SelectOption {
  id?: string;
  value: string;
  label: string;
  color?: string;
  position?: number;
}

export interface RelationSettings {
  relationType: 'MANY_TO_ONE' | 'ONE_TO_MANY';
  onDelete?: 'SET_NULL' | 'CASCADE' | 'RESTRICT';
  joinColumnName?: string;
  junctionTargetFieldId?: string;
}

/** Internal only: where a relation field points. */
export interface RelationTarget {
  /** nameSingular of the target object */
  targetObject: string;
  /** name of the inverse field on the target object */
  targetField: string;
}

export interface ModelField {
  id: string;
  universalIdentifier?: string;
  applicationId?: string;
  type: FieldType;
  name: string;
  label: string;
  description?: string | null;
  icon?: string | null;
  isActive: boolean;
  isSystem: boolean;
  isUIEditable?: boolean;
  isUIReadOnly?: boolean;
  isNullable: boolean;
  isUnique: boolean;
  defaultValue?: unknown;
  options?: SelectOption[] | null;
  settings?: Record<string, unknown> | null;
  morphId?: string | null;
  workspaceId?: string;
  objectMetadataId: string;
  isLabelSyncedWithName?: boolean;
  createdAt?: string;
  updatedAt?: string;
  relation?: RelationTarget;
  /** Twenty 1.x only (2.21 dropped it) */
  isCustom?: boolean;
  /**
   * Internal only: many-to-one fields of one group are alternatives of a single link, and a seeded row fills exactly
   * one of them. 2.21 says so with `morphId`; 1.2's noteTarget/taskTarget/attachment/timelineActivity links
   * (`person`, `company`, … `<custom>`) are plain RELATIONs, grouped here by the model generator.
   */
  linkGroup?: string;
}

export interface ModelObject {
  id: string;
  universalIdentifier?: string;
  applicationId?: string;
  nameSingular: string;
  namePlural: string;
  labelSingular: string;
  labelPlural: string;
  description?: string | null;
  icon?: string | null;
  shortcut?: string | null;
  isRemote: boolean;
  isActive: boolean;
  isSystem: boolean;
  isUIEditable?: boolean;
  isUICreatable?: boolean;
  isUIReadOnly?: boolean;
  isSearchable?: boolean;
  isLabelSyncedWithName?: boolean;
  workspaceId?: string;
  labelIdentifierFieldMetadataId?: string | null;
  imageIdentifierFieldMetadataId?: string | null;
  duplicateCriteria?: unknown;
  createdAt?: string;
  updatedAt?: string;
  /** Twenty 1.x only */
  isCustom?: boolean;
  dataSourceId?: string;
  fields: ModelField[];
}

/** A workspace's whole data model, as the sandbox keeps it. */
export interface WorkspaceModel {
  /** which metadata response shape the workspace answers in (Twenty's IS_REST_METADATA_API_NEW_FORMAT_DIRECT flag) */
  metadataFormat: 'legacy' | 'new';
  /** the workspace's standard application id (standard objects and fields carry it) */
  standardApplicationId: string;
  /** the workspace's custom application id (custom objects and fields carry it) */
  customApplicationId: string;
  objects: ModelObject[];
}
