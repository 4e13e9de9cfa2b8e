/**
 * The role operations of GraphQL `POST /metadata` (M/role/role.resolver.ts): `getRoles`, `createOneRole`,
 * `updateOneRole`, `deleteOneRole`, `upsertObjectPermissions`, `upsertFieldPermissions`, `upsertPermissionFlags`,
 * `updateWorkspaceMemberRole`. No GraphQL engine: the operation is recognised by its root field, arguments come
 * from `variables` (`createOneRole(createRoleInput: $input)` reads `variables.input`), and whole objects are
 * answered whatever the selection set asks for.
 *
 * Guards as in the resolver (read from source, not recorded): the class needs the ROLES permission (an admin key
 * has it); role and permission mutations accept API keys; `updateWorkspaceMemberRole` needs a user session, so an
 * API key gets a FORBIDDEN GraphQL error. `ws.config.roles.apiKeyMutations = false` makes every mutation refuse
 * keys, for tests of the report path. GraphQL errors come back with HTTP 200 and `{errors:[…], data:null}`.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../config/index.js';
import { PERMISSION_FLAGS, ROLE_SETTINGS } from '../config/roles.js';
import type { SandboxWorkspace } from '../workspace.js';
import { json, type RouteResponse } from './context.js';

const OPERATIONS = new Set([
  'getRoles', 'createOneRole', 'updateOneRole', 'deleteOneRole', 'upsertObjectPermissions', 'upsertFieldPermissions',
  'upsertPermissionFlags', 'updateWorkspaceMemberRole',
]);

class GraphqlError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

/** The root field of the operation and its arguments (from `arg: $var` pairs and `variables`). */
function parseOperation(query: string, variables: Record<string, unknown>): { field: string; args: Record<string, any> } | undefined {
  const open = query.indexOf('{');
  const m = open >= 0 ? /^\s*(\w+)\s*(\(([^)]*)\))?/.exec(query.slice(open + 1)) : null;
  if (!m || !OPERATIONS.has(m[1])) return undefined;
  const args: Record<string, any> = {};
  for (const [, name, variable] of (m[3] ?? '').matchAll(/(\w+)\s*:\s*\$(\w+)/g)) args[name] = variables[variable];
  return { field: m[1], args };
}

function renderRole(ws: SandboxWorkspace, role: Role) {
  const members = [...(ws.table('workspaceMember')?.rows.values() ?? [])].filter((m) => !m.deletedAt && ws.config.roles.roleOf(m.id as string).id === role.id);
  const { permissionFlags, objectPermissions, fieldPermissions, ...settings } = structuredClone(role);
  return {
    ...settings,
    workspaceMembers: members.map((m) => ({ id: m.id, name: m.name, userEmail: m.userEmail, avatarUrl: m.avatarUrl ?? null })),
    permissionFlags: permissionFlags.map((flag) => ({ id: `${role.id}:${flag}`, roleId: role.id, flag })),
    objectPermissions: objectPermissions.map((p) => ({ ...p, roleId: role.id })),
    fieldPermissions: fieldPermissions.map((p) => ({ ...p, roleId: role.id })),
  };
}

function editableRole(ws: SandboxWorkspace, roleId: unknown): Role {
  const role = ws.config.roles.roles.get(String(roleId));
  if (!role) throw new GraphqlError('Role not found', 'NOT_FOUND');
  if (!role.isEditable) throw new GraphqlError('Role is not editable', 'FORBIDDEN');
  return role;
}

function fieldOf(ws: SandboxWorkspace, objectId: unknown, fieldId?: unknown) {
  const object = ws.index.byId.get(String(objectId));
  if (!object) throw new GraphqlError(`Object metadata ${String(objectId)} not found`, 'BAD_USER_INPUT');
  if (fieldId !== undefined && !object.fields.some((f) => f.id === fieldId)) {
    throw new GraphqlError(`Field metadata ${String(fieldId)} not found on object ${object.nameSingular}`, 'BAD_USER_INPUT');
  }
}

function run(ws: SandboxWorkspace, field: string, args: Record<string, any>): unknown {
  const roles = ws.config.roles;
  if (field === 'getRoles') return [...roles.roles.values()].map((r) => renderRole(ws, r));
  if (field === 'updateWorkspaceMemberRole' || !roles.apiKeyMutations) {
    throw new GraphqlError('This operation requires a user session: API keys are not allowed', 'FORBIDDEN');
  }
  switch (field) {
    case 'createOneRole': {
      const input = args.createRoleInput ?? {};
      if (typeof input.label !== 'string' || !input.label) throw new GraphqlError('label should not be empty', 'BAD_USER_INPUT');
      if (roles.byLabel(input.label)) throw new GraphqlError(`A role with label ${input.label} already exists`, 'BAD_USER_INPUT');
      return renderRole(ws, roles.create(input));
    }
    case 'updateOneRole': {
      const { id, update = {} } = args.updateRoleInput ?? {};
      const role = editableRole(ws, id);
      for (const k of ROLE_SETTINGS) if (update[k] !== undefined) (role as any)[k] = update[k];
      return renderRole(ws, role);
    }
    case 'deleteOneRole': {
      const role = editableRole(ws, args.roleId);
      roles.roles.delete(role.id);
      for (const [member, roleId] of roles.assignments) if (roleId === role.id) roles.assignments.delete(member);
      return role.id;
    }
    case 'upsertObjectPermissions': {
      const { roleId, objectPermissions = [] } = args.upsertObjectPermissionsInput ?? {};
      const role = editableRole(ws, roleId);
      for (const p of objectPermissions) {
        fieldOf(ws, p.objectMetadataId);
        const next = {
          objectMetadataId: p.objectMetadataId, canReadObjectRecords: p.canReadObjectRecords ?? null, canUpdateObjectRecords: p.canUpdateObjectRecords ?? null,
          canSoftDeleteObjectRecords: p.canSoftDeleteObjectRecords ?? null, canDestroyObjectRecords: p.canDestroyObjectRecords ?? null,
        };
        role.objectPermissions = [...role.objectPermissions.filter((o) => o.objectMetadataId !== p.objectMetadataId), next];
      }
      return renderRole(ws, role).objectPermissions;
    }
    case 'upsertFieldPermissions': {
      const { roleId, fieldPermissions = [] } = args.upsertFieldPermissionsInput ?? {};
      const role = editableRole(ws, roleId);
      for (const p of fieldPermissions) {
        fieldOf(ws, p.objectMetadataId, p.fieldMetadataId);
        const existing = role.fieldPermissions.find((f) => f.fieldMetadataId === p.fieldMetadataId);
        const next = {
          id: existing?.id ?? randomUUID(), objectMetadataId: p.objectMetadataId, fieldMetadataId: p.fieldMetadataId,
          canReadFieldValue: p.canReadFieldValue ?? null, canUpdateFieldValue: p.canUpdateFieldValue ?? null,
        };
        role.fieldPermissions = [...role.fieldPermissions.filter((f) => f.fieldMetadataId !== p.fieldMetadataId), next];
      }
      return renderRole(ws, role).fieldPermissions;
    }
    case 'upsertPermissionFlags': {
      const { roleId, permissionFlagKeys = [] } = args.upsertPermissionFlagsInput ?? {};
      const role = editableRole(ws, roleId);
      const unknown = (permissionFlagKeys as string[]).filter((f) => !PERMISSION_FLAGS.includes(f));
      if (unknown.length) throw new GraphqlError(`Invalid permission flags: ${unknown.join(', ')}`, 'BAD_USER_INPUT');
      // The service replaces the role's flags with the given list.
      role.permissionFlags = [...new Set(permissionFlagKeys as string[])];
      return renderRole(ws, role).permissionFlags;
    }
  }
  throw new GraphqlError(`Unknown operation ${field}`, 'BAD_USER_INPUT');
}

/** Answers a role operation, or undefined when the body holds no operation of this module (let others try). */
export function handleRolesGraphql(ws: SandboxWorkspace, body: unknown): RouteResponse | undefined {
  const { query, variables } = (body ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
  if (typeof query !== 'string') return undefined;
  const op = parseOperation(query, variables ?? {});
  if (!op) return undefined;
  ws.config.ready();
  try {
    return json(200, { data: { [op.field]: run(ws, op.field, op.args) } });
  } catch (e) {
    if (!(e instanceof GraphqlError)) throw e;
    return json(200, { errors: [{ message: e.message, extensions: { code: e.code, userFriendlyMessage: e.message } }], data: null });
  }
}
