/**
 * Roles and permissions, through GraphQL `/metadata` (M/role/role.resolver.ts): read with `getRoles`; recreated
 * with `createOneRole`/`updateOneRole`, `upsertObjectPermissions`, `upsertFieldPermissions` and
 * `upsertPermissionFlags`, which accept an API key holding the ROLES permission (read from the resolver's guards,
 * not exercised on a real server). Roles are matched by label; "Admin" and other non-editable roles are left as
 * they are. Assigning a role to a member (`updateWorkspaceMemberRole`) needs a logged-in user, so assignments are
 * always listed as manual steps. When the target refuses role mutations, every role is reported instead, and
 * `rolesMarkdown` gives a precise description (settings, per-object and per-field permissions, flags, members by
 * e-mail) to recreate each in minutes.
 */
import type { ConfigContext, ConfigItem, ConfigSide } from './context.js';
import { graphql } from '../client/index.js';

export interface RoleInfo {
  id: string;
  label: string;
  description?: string | null;
  icon?: string | null;
  isEditable: boolean;
  settings: Record<string, boolean>;
  members: Array<{ id: string; email: string | null; name: string }>;
  flags: string[];
  objectPermissions: Array<Record<string, unknown> & { objectMetadataId: string }>;
  fieldPermissions: Array<Record<string, unknown> & { objectMetadataId: string; fieldMetadataId: string }>;
}

export const ROLE_SETTINGS = [
  'canUpdateAllSettings', 'canAccessAllTools', 'canReadAllObjectRecords', 'canUpdateAllObjectRecords', 'canSoftDeleteAllObjectRecords',
  'canDestroyAllObjectRecords', 'canBeAssignedToUsers', 'canBeAssignedToAgents', 'canBeAssignedToApiKeys',
] as const;
const OBJECT_PERMS = ['canReadObjectRecords', 'canUpdateObjectRecords', 'canSoftDeleteObjectRecords', 'canDestroyObjectRecords'] as const;
const FIELD_PERMS = ['canReadFieldValue', 'canUpdateFieldValue'] as const;

const MEMBERS = 'workspaceMembers { id name { firstName lastName } userEmail }';
const PERMS = `permissionFlags { id flag } objectPermissions { objectMetadataId ${OBJECT_PERMS.join(' ')} }`;
const FULL = `query GetRoles { getRoles { id label description icon isEditable ${ROLE_SETTINGS.join(' ')} ${MEMBERS} ${PERMS} fieldPermissions { objectMetadataId fieldMetadataId ${FIELD_PERMS.join(' ')} } } }`;
/** For servers whose RoleDTO lacks the newer keys (field permissions, tools, assignability). */
const MINIMAL = `query GetRoles { getRoles { id label description isEditable canUpdateAllSettings canReadAllObjectRecords canUpdateAllObjectRecords canSoftDeleteAllObjectRecords canDestroyAllObjectRecords ${MEMBERS} ${PERMS} } }`;

export interface RolesRead {
  roles: RoleInfo[];
  /** why the roles could not be read (roles is then empty) */
  error?: string;
}

export async function readRoles(side: ConfigSide): Promise<RolesRead> {
  let result = await graphql<{ getRoles: any[] }>(side.root, FULL);
  if (result.error && /cannot query field/i.test(result.error.message)) result = await graphql<{ getRoles: any[] }>(side.root, MINIMAL);
  if (result.error) return { roles: [], error: `${result.error.code}: ${result.error.message}` };
  return {
    roles: result.data.getRoles.map((r) => ({
      id: r.id, label: r.label, description: r.description ?? null, icon: r.icon ?? null, isEditable: r.isEditable !== false,
      settings: Object.fromEntries(ROLE_SETTINGS.filter((k) => typeof r[k] === 'boolean').map((k) => [k, r[k]])),
      members: (r.workspaceMembers ?? []).map((m: any) => ({ id: m.id, email: m.userEmail ?? null, name: `${m.name?.firstName ?? ''} ${m.name?.lastName ?? ''}`.trim() })),
      flags: (r.permissionFlags ?? []).map((f: any) => String(f.flag)).sort(),
      objectPermissions: r.objectPermissions ?? [],
      fieldPermissions: r.fieldPermissions ?? [],
    })),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const perms = (p: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, p[k] ?? null]));

/** What must change in `have` (a target role) for it to match `want` (a source role), in target ids. */
export function roleDiff(ctx: ConfigContext, want: RoleInfo, have: RoleInfo | undefined) {
  const settings = Object.fromEntries(Object.entries(want.settings).filter(([k, v]) => have?.settings[k] !== v));
  if (!have || (want.description ?? null) !== (have.description ?? null)) settings.description = want.description as never;
  const objects = want.objectPermissions.flatMap((p) => {
    const objectMetadataId = ctx.maps.objects.get(p.objectMetadataId);
    if (!objectMetadataId) return [];
    const current = have?.objectPermissions.find((x) => x.objectMetadataId === objectMetadataId);
    return current && same(perms(current, OBJECT_PERMS), perms(p, OBJECT_PERMS)) ? [] : [{ objectMetadataId, ...perms(p, OBJECT_PERMS) }];
  });
  const fields = want.fieldPermissions.flatMap((p) => {
    const objectMetadataId = ctx.maps.objects.get(p.objectMetadataId);
    const fieldMetadataId = ctx.maps.fields.get(p.fieldMetadataId);
    if (!objectMetadataId || !fieldMetadataId) return [];
    const current = have?.fieldPermissions.find((x) => x.fieldMetadataId === fieldMetadataId);
    return current && same(perms(current, FIELD_PERMS), perms(p, FIELD_PERMS)) ? [] : [{ objectMetadataId, fieldMetadataId, ...perms(p, FIELD_PERMS) }];
  });
  const flags = same(want.flags, have?.flags ?? []) ? null : want.flags;
  const unmapped = [
    ...want.objectPermissions.filter((p) => !ctx.maps.objects.get(p.objectMetadataId)).map((p) => `object ${ctx.maps.sourceNames.get(p.objectMetadataId)?.name ?? p.objectMetadataId}`),
    ...want.fieldPermissions.filter((p) => !ctx.maps.fields.get(p.fieldMetadataId)).map((p) => `field ${ctx.maps.sourceNames.get(p.fieldMetadataId)?.name ?? p.fieldMetadataId}`),
  ];
  return { settings, objects, fields, flags, unmapped, empty: !Object.keys(settings).length && !objects.length && !fields.length && !flags };
}

/** Members of a source role who do not hold the matching target role: each one is a manual assignment. */
export function pendingAssignments(ctx: ConfigContext, want: RoleInfo, have: RoleInfo | undefined): string[] {
  return want.members
    .filter((m) => {
      const target = ctx.maps.members.get(m.id);
      return !target || !have?.members.some((x) => x.id === target);
    })
    .map((m) => m.email ?? m.name);
}

const CREATE = 'mutation CreateOneRole($input: CreateRoleInput!) { createOneRole(createRoleInput: $input) { id label } }';
const UPDATE = 'mutation UpdateOneRole($input: UpdateRoleInput!) { updateOneRole(updateRoleInput: $input) { id } }';
const OBJECTS = 'mutation UpsertObjectPermissions($input: UpsertObjectPermissionsInput!) { upsertObjectPermissions(upsertObjectPermissionsInput: $input) { objectMetadataId } }';
const FIELDS = 'mutation UpsertFieldPermissions($input: UpsertFieldPermissionsInput!) { upsertFieldPermissions(upsertFieldPermissionsInput: $input) { fieldMetadataId } }';
const FLAGS = 'mutation UpsertPermissionFlags($input: UpsertPermissionFlagsInput!) { upsertPermissionFlags(upsertPermissionFlagsInput: $input) { flag } }';

export interface RolesOutcome {
  items: ConfigItem[];
  source: RoleInfo[];
  /** why roles were only reported, when they were */
  refused?: string;
}

export async function migrateRoles(ctx: ConfigContext): Promise<RolesOutcome> {
  const src = await readRoles(ctx.source);
  if (src.error) return { items: [{ kind: 'role', key: 'roles', action: 'failed', detail: `cannot read the source's roles: ${src.error}` }], source: [] };
  const tgt = await readRoles(ctx.target);
  let refused = tgt.error ? `cannot read the target's roles: ${tgt.error}` : undefined;
  const items: ConfigItem[] = [];
  for (const role of src.roles) {
    const item: ConfigItem = { kind: 'role', key: `role "${role.label}"`, action: 'unchanged', sourceId: role.id };
    items.push(item);
    let have = tgt.roles.find((r) => r.id === ctx.ledger.roles[role.id]) ?? tgt.roles.find((r) => r.label === role.label);
    const diff = roleDiff(ctx, role, have);
    const assign = pendingAssignments(ctx, role, have);
    const manualAssign = assign.length ? `Settings → Roles → ${role.label} → Assign to: ${assign.join(', ')}` : undefined;
    if (have && !have.isEditable) {
      Object.assign(item, { targetId: have.id, action: diff.empty ? 'unchanged' : 'reported', detail: diff.empty ? undefined : 'the target role is not editable; its permissions differ from the source', manual: manualAssign });
      continue;
    }
    if (diff.empty) {
      if (have) ctx.ledger.roles[role.id] = have.id;
      Object.assign(item, { targetId: have?.id, manual: manualAssign });
      continue;
    }
    if (refused || ctx.dryRun) {
      Object.assign(item, { action: 'reported', detail: refused ?? `would ${have ? 'update' : 'create'} the role`, manual: `Recreate role "${role.label}" as described in config/roles.md${manualAssign ? `; ${manualAssign}` : ''}` });
      continue;
    }
    const call = async (query: string, input: Record<string, unknown>) => {
      const r = await graphql<Record<string, any>>(ctx.target.root, query, { input });
      if (r.error) throw Object.assign(new Error(r.error.message), { graphqlCode: r.error.code });
      return r.data;
    };
    try {
      if (!have) {
        const created = await call(CREATE, { label: role.label, description: role.description ?? undefined, icon: role.icon ?? undefined, ...role.settings });
        have = { ...role, id: created.createOneRole.id, members: [], flags: [], objectPermissions: [], fieldPermissions: [] };
        item.action = 'created';
      } else if (Object.keys(diff.settings).length) {
        await call(UPDATE, { id: have.id, update: diff.settings });
        item.action = 'updated';
      } else item.action = 'updated';
      const after = roleDiff(ctx, role, have);
      if (after.objects.length) await call(OBJECTS, { roleId: have.id, objectPermissions: after.objects });
      if (after.fields.length) await call(FIELDS, { roleId: have.id, fieldPermissions: after.fields });
      if (after.flags) await call(FLAGS, { roleId: have.id, permissionFlagKeys: after.flags });
      ctx.ledger.roles[role.id] = have.id;
      Object.assign(item, { targetId: have.id, manual: manualAssign, detail: diff.unmapped.length ? `permissions on items missing in the target: ${diff.unmapped.join(', ')}` : undefined });
      if (diff.unmapped.length) item.action = 'failed';
    } catch (e) {
      const code = (e as { graphqlCode?: string }).graphqlCode;
      if (code === 'FORBIDDEN' || code === 'UNAUTHENTICATED') refused = `the target refused role changes for this API key (${(e as Error).message})`;
      Object.assign(item, {
        action: refused ? 'reported' : 'failed', detail: refused ?? (e as Error).message,
        manual: `Recreate role "${role.label}" as described in config/roles.md${manualAssign ? `; ${manualAssign}` : ''}`,
      });
    }
  }
  return { items, source: src.roles, refused };
}

/** A role, its permissions and members in Markdown, detailed enough to recreate it by hand. */
export function rolesMarkdown(ctx: ConfigContext, roles: RoleInfo[]): string {
  const name = (id: string) => ctx.maps.sourceNames.get(id)?.name ?? id;
  const yes = (v: unknown) => (v === true ? 'yes' : v === false ? 'no' : 'inherit');
  const lines = ['# Roles of the source workspace', '', 'Recreate in the target under Settings → Roles; assign members under Settings → Roles → <role> → Assignment.', ''];
  for (const r of roles) {
    lines.push(`## ${r.label}${r.isEditable ? '' : ' (standard, not editable)'}`, '');
    if (r.description) lines.push(r.description, '');
    lines.push('| Setting | Value |', '|---|---|', ...Object.entries(r.settings).map(([k, v]) => `| ${k} | ${yes(v)} |`), '');
    lines.push(`Permission flags: ${r.flags.length ? r.flags.join(', ') : 'none'}`, '');
    if (r.objectPermissions.length) {
      lines.push('| Object | Read | Update | Soft-delete | Destroy |', '|---|---|---|---|---|');
      for (const p of r.objectPermissions) lines.push(`| ${name(p.objectMetadataId)} | ${OBJECT_PERMS.map((k) => yes(p[k])).join(' | ')} |`);
      lines.push('');
    }
    if (r.fieldPermissions.length) {
      lines.push('| Field | Read | Update |', '|---|---|---|');
      for (const p of r.fieldPermissions) lines.push(`| ${name(p.fieldMetadataId)} | ${yes(p.canReadFieldValue)} | ${yes(p.canUpdateFieldValue)} |`);
      lines.push('');
    }
    lines.push(`Members: ${r.members.length ? r.members.map((m) => m.email ?? m.name).join(', ') : 'none'}`, '');
  }
  return lines.join('\n');
}
