/**
 * The part of Twenty 1.2.0's `/metadata` GraphQL schema the sandbox answers: the types' field names, read from the
 * recorded introspection (Object, Field: test/fixtures/real-1.2/connect-and-schema.json) and from the 1.2 DTOs
 * (Role: role.dto.ts, WorkspaceMember: workspace-member.dto.ts, PermissionFlag, ObjectPermission, Relation).
 * A selection naming a field its type lacks is refused before anything runs, with graphql-js's message and location.
 */
import { didYouMean, suggestionList, type Selection } from './graphql-document.js';

/** A field's type: another type of this table, `leaf` (scalar, enum, JSON) or `opaque` (not modelled: any selection). */
type FieldType = string;
const leaf = 'leaf';
const opaque = 'opaque';

const fields = (type: string, names: string): Record<string, FieldType> => Object.fromEntries(names.split(/\s+/).map((n) => [n, type]));

export const SCHEMA: Record<string, Record<string, FieldType>> = {
  Query: { objects: 'ObjectConnection', object: 'Object', fields: 'FieldConnection', field: 'Field', getRoles: 'Role', __type: '__Type' },
  __Type: { ...fields(leaf, 'name kind description'), fields: '__Field' },
  __Field: fields(leaf, 'name description'),
  ObjectConnection: { edges: 'ObjectEdge', pageInfo: 'PageInfo' },
  ObjectEdge: { node: 'Object', cursor: leaf },
  FieldConnection: { edges: 'FieldEdge', pageInfo: 'PageInfo' },
  FieldEdge: { node: 'Field', cursor: leaf },
  PageInfo: fields(leaf, 'hasNextPage hasPreviousPage startCursor endCursor'),
  Object: {
    ...fields(leaf, `id dataSourceId nameSingular namePlural labelSingular labelPlural description icon shortcut isCustom isRemote isActive
      isSystem isSearchable createdAt updatedAt labelIdentifierFieldMetadataId imageIdentifierFieldMetadataId isLabelSyncedWithName duplicateCriteria`.trim()),
    standardOverrides: opaque, fieldsList: 'Field', indexMetadataList: opaque, fields: 'FieldConnection', indexMetadatas: opaque,
  },
  Field: {
    ...fields(leaf, 'id type name label description icon isCustom isActive isSystem isNullable isUnique defaultValue options settings isLabelSyncedWithName createdAt updatedAt'),
    standardOverrides: opaque, relation: 'Relation', morphRelations: 'Relation', object: 'Object',
  },
  Relation: { type: leaf, sourceObjectMetadata: 'Object', targetObjectMetadata: 'Object', sourceFieldMetadata: 'Field', targetFieldMetadata: 'Field' },
  Role: {
    ...fields(leaf, `id label description icon isEditable canUpdateAllSettings canAccessAllTools canReadAllObjectRecords canUpdateAllObjectRecords
      canSoftDeleteAllObjectRecords canDestroyAllObjectRecords`.trim()),
    workspaceMembers: 'WorkspaceMember', permissionFlags: 'PermissionFlag', objectPermissions: 'ObjectPermission',
  },
  WorkspaceMember: { ...fields(leaf, 'id userEmail colorScheme avatarUrl locale timeZone dateFormat timeFormat userWorkspaceId'), name: 'FullName', roles: 'Role' },
  FullName: fields(leaf, 'firstName lastName'),
  PermissionFlag: fields(leaf, 'id roleId flag'),
  ObjectPermission: fields(leaf, 'objectMetadataId canReadObjectRecords canUpdateObjectRecords canSoftDeleteObjectRecords canDestroyObjectRecords'),
};

export interface GraphqlError {
  message: string;
  locations?: Array<{ line: number; column: number }>;
  extensions?: { code: string };
}

/**
 * The validation errors of a selection on `type`, in document order (FieldsOnCorrectTypeRule; a leaf given a
 * selection, or an object given none, as ScalarLeafsRule words it).
 */
export function validate(selections: Selection[], type = 'Query'): GraphqlError[] {
  const known = SCHEMA[type];
  const errors: GraphqlError[] = [];
  for (const s of selections) {
    const at = { locations: [{ line: s.line, column: s.column }] };
    if (s.name === '__typename') continue;
    const fieldType = known[s.name];
    if (!fieldType) {
      errors.push({ message: `Cannot query field "${s.name}" on type "${type}".${didYouMean(suggestionList(s.name, Object.keys(known)))}`, ...at });
      continue;
    }
    if (fieldType === leaf && s.selections) errors.push({ message: `Field "${s.name}" must not have a selection since its type has no subfields.`, ...at });
    else if (fieldType !== leaf && fieldType !== opaque && !s.selections) {
      errors.push({ message: `Field "${s.name}" of type "${fieldType}" must have a selection of subfields. Did you mean "${s.name} { ... }"?`, ...at });
    } else if (s.selections && fieldType !== opaque) errors.push(...validate(s.selections, fieldType));
  }
  return errors;
}
