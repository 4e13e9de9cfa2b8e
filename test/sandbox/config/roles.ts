/**
 * Roles and permissions of a workspace (M/role, M/object-permission, M/role-permission-flag): the standard
 * "Admin" (not editable, everything allowed) and "Member" roles of a fresh workspace, custom roles, per-object and
 * per-field permissions, permission flags, and which member holds which role (a member without an assignment
 * holds the default role, Member). Shapes follow the 2.21 GraphQL DTOs (RoleDTO, ObjectPermissionDTO,
 * FieldPermissionDTO, RolePermissionFlagDTO); inferred from source, not recorded on a real server.
 */
import { randomUUID } from 'node:crypto';

export interface ObjectPermission {
  objectMetadataId: string;
  canReadObjectRecords: boolean | null;
  canUpdateObjectRecords: boolean | null;
  canSoftDeleteObjectRecords: boolean | null;
  canDestroyObjectRecords: boolean | null;
}

export interface FieldPermission {
  id: string;
  objectMetadataId: string;
  fieldMetadataId: string;
  canReadFieldValue: boolean | null;
  canUpdateFieldValue: boolean | null;
}

export interface Role {
  id: string;
  label: string;
  description: string | null;
  icon: string | null;
  isEditable: boolean;
  canUpdateAllSettings: boolean;
  canAccessAllTools: boolean;
  canReadAllObjectRecords: boolean;
  canUpdateAllObjectRecords: boolean;
  canSoftDeleteAllObjectRecords: boolean;
  canDestroyAllObjectRecords: boolean;
  canBeAssignedToUsers: boolean;
  canBeAssignedToAgents: boolean;
  canBeAssignedToApiKeys: boolean;
  objectPermissions: ObjectPermission[];
  fieldPermissions: FieldPermission[];
  permissionFlags: string[];
}

/** Role settings a create or update may set. */
export const ROLE_SETTINGS = [
  'label', 'description', 'icon', 'canUpdateAllSettings', 'canAccessAllTools', 'canReadAllObjectRecords', 'canUpdateAllObjectRecords',
  'canSoftDeleteAllObjectRecords', 'canDestroyAllObjectRecords', 'canBeAssignedToUsers', 'canBeAssignedToAgents', 'canBeAssignedToApiKeys',
] as const;

/** PermissionFlagType values of 2.21's settings and tools permissions (twenty-shared/constants). */
export const PERMISSION_FLAGS = [
  'API_KEYS_AND_WEBHOOKS', 'WORKSPACE', 'WORKSPACE_MEMBERS', 'ROLES', 'DATA_MODEL', 'SECURITY', 'WORKFLOWS', 'IMPERSONATE', 'SSO_BYPASS',
  'APPLICATIONS', 'LAYOUTS', 'BILLING', 'AI_SETTINGS', 'AI', 'VIEWS', 'UPLOAD_FILE', 'EXPORT_CSV', 'IMPORT_CSV', 'SEND_EMAIL_TOOL',
  'HTTP_REQUEST_TOOL', 'CONNECTED_ACCOUNTS', 'PROFILE_INFORMATION',
];

function role(label: string, editable: boolean, all: boolean, extra: Partial<Role> = {}): Role {
  return {
    id: randomUUID(), label, description: null, icon: editable ? 'IconUser' : 'IconUserCog', isEditable: editable,
    canUpdateAllSettings: all, canAccessAllTools: all, canReadAllObjectRecords: true, canUpdateAllObjectRecords: true,
    canSoftDeleteAllObjectRecords: true, canDestroyAllObjectRecords: all, canBeAssignedToUsers: true, canBeAssignedToAgents: false,
    canBeAssignedToApiKeys: true, objectPermissions: [], fieldPermissions: [], permissionFlags: [], ...extra,
  };
}

export class RoleStore {
  readonly roles = new Map<string, Role>();
  /** workspace member id → role id */
  readonly assignments = new Map<string, string>();
  /** false makes every role mutation answer as if API keys were refused (to test the report path) */
  apiKeyMutations = true;

  constructor() {
    for (const r of [role('Admin', false, true, { description: 'Admin role' }), role('Member', true, false, { description: 'Member role' })]) this.roles.set(r.id, r);
  }

  byLabel(label: string): Role | undefined {
    return [...this.roles.values()].find((r) => r.label === label);
  }

  get defaultRole(): Role {
    return this.byLabel('Member') ?? [...this.roles.values()][0];
  }

  roleOf(memberId: string): Role {
    return this.roles.get(this.assignments.get(memberId) ?? '') ?? this.defaultRole;
  }

  create(input: Partial<Role>): Role {
    const r = role(String(input.label), true, false);
    for (const k of ROLE_SETTINGS) if (input[k] !== undefined) (r as any)[k] = input[k];
    if (typeof input.id === 'string') r.id = input.id;
    this.roles.set(r.id, r);
    return r;
  }
}
