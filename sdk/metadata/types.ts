/**
 * A version-neutral model of a Twenty workspace's data model, as every stage of the SDK sees it.
 *
 * Twenty's REST metadata answers in two shapes (legacy `{data:{objects}}` and new `{data:[...]}`), has no
 * `isCustom` flag in 2.21 and does not say where a relation points; `readWorkspaceSchema` hides all of that and
 * produces this model, with relation targets filled in from the workspace's own OpenAPI document.
 */

export type FieldType =
  | 'ACTOR' | 'ADDRESS' | 'ARRAY' | 'BOOLEAN' | 'CURRENCY' | 'DATE' | 'DATE_TIME' | 'EMAILS' | 'FILES'
  | 'FULL_NAME' | 'LINKS' | 'MORPH_RELATION' | 'MULTI_SELECT' | 'NUMBER' | 'NUMERIC' | 'PHONES' | 'POSITION'
  | 'RATING' | 'RAW_JSON' | 'RELATION' | 'RICH_TEXT' | 'RICH_TEXT_V2' | 'SELECT' | 'TEXT' | 'TS_VECTOR' | 'UUID'
  | (string & {});

export interface SchemaOption {
  value: string;
  label: string;
  color?: string;
  position?: number;
  id?: string;
}

export interface SchemaRelation {
  /** MANY_TO_ONE holds a join column; ONE_TO_MANY is the inverse side and is never written. */
  kind: 'MANY_TO_ONE' | 'ONE_TO_MANY';
  /** nameSingular of the object the relation points at; null when the server did not reveal it */
  targetObject: string | null;
  /** name of the inverse field on the target object; null when unknown */
  inverseField: string | null;
  /** column holding the target id on MANY_TO_ONE relations, e.g. `companyId` */
  joinColumn?: string;
  onDelete?: string;
  /** set on MORPH_RELATION fields: fields sharing it form one polymorphic relation */
  morphId?: string;
  /** set on ONE_TO_MANY sides of junction (many-to-many) relations */
  junctionTargetFieldId?: string;
  /**
   * name of the field that `junctionTargetFieldId` designates, on the junction object (`targetObject`): ids differ
   * between workspaces, names do not
   */
  junctionTargetField?: string;
}

export interface SchemaField {
  id: string;
  name: string;
  label: string;
  type: FieldType;
  description?: string | null;
  icon?: string | null;
  /** standard fields share a universalIdentifier across workspaces; custom ones do not */
  universalIdentifier?: string;
  isCustom: boolean;
  isSystem: boolean;
  isActive: boolean;
  isNullable: boolean;
  isUnique: boolean;
  defaultValue: unknown;
  options: SchemaOption[] | null;
  settings: Record<string, unknown> | null;
  relation?: SchemaRelation;
  /** when the server created the field: both sides of a relation share it (see relations.ts) */
  createdAt?: string;
}

export interface SchemaObject {
  id: string;
  nameSingular: string;
  namePlural: string;
  labelSingular: string;
  labelPlural: string;
  description?: string | null;
  icon?: string | null;
  universalIdentifier?: string;
  isCustom: boolean;
  isSystem: boolean;
  isActive: boolean;
  isRemote: boolean;
  /** name of the field shown as the record's label (e.g. `name`) */
  labelIdentifierField?: string;
  fields: SchemaField[];
}

export interface WorkspaceSchema {
  /** server URL the schema was read from (no key) */
  serverUrl: string;
  metadataFormat: 'legacy' | 'new';
  objects: SchemaObject[];
  /** things the reader had to guess or could not resolve, each naming the object/field */
  warnings: string[];
  /** true for a dry run's projection: the target as `schema apply` would leave it, not as it is */
  projected?: boolean;
}
