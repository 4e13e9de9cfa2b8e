/**
 * Removing the configuration this run folder created (config/created.jsonl), each through the API that created
 * it: views and dashboard page layouts through `/rest/metadata` (their fields, filters, sorts, groups and widgets
 * go with them), workflows through `/rest/workflows` (a workflow's versions, triggers and runs belong to it), roles
 * through GraphQL `deleteOneRole` (members holding the role go back to the default one), webhooks through
 * `/rest/metadata/webhooks`. Views, layouts, roles and webhooks the stage only matched or updated are not touched.
 */
import { graphql, request } from '../client/index.js';
import type { CreatedConfig } from '../config-migration/created.js';
import type { ConfigSide } from '../config-migration/context.js';

export interface ConfigUndo {
  kind: CreatedConfig['kind'];
  key: string;
  targetId: string;
  status: 'removed' | 'already-gone' | 'would-remove' | 'failed';
  message?: string;
}

const DELETE_ROLE = 'mutation DeleteOneRole($roleId: UUID!) { deleteOneRole(roleId: $roleId) }';

async function removeOne(target: ConfigSide, c: CreatedConfig): Promise<{ error?: { message: string; status: number | null } }> {
  switch (c.kind) {
    case 'view':
      return request(target.metadata, 'DELETE', '/views/{id}', { path: { id: c.targetId } });
    case 'dashboard':
      return request(target.metadata, 'DELETE', '/pageLayouts/{id}', { path: { id: c.targetId } });
    case 'workflow':
      return request(target.core, 'DELETE', '/workflows/{id}', { path: { id: c.targetId } });
    case 'webhook':
      return request(target.metadata, 'DELETE', '/webhooks/{id}', { path: { id: c.targetId } });
    case 'role': {
      const r = await graphql(target.root, DELETE_ROLE, { roleId: c.targetId });
      return r.error ? { error: { message: r.error.message, status: /not found/i.test(r.error.message) ? 404 : null } } : {};
    }
    default:
      return { error: { message: `no way to remove a ${String(c.kind)}`, status: null } };
  }
}

/**
 * Newest first, so a dashboard's layout goes before anything it was made after.
 *
 * @example
 * await undoConfig(m.target.config, created, { dryRun: true }); // [{ kind: 'view', key: 'view company/"Big"', status: 'would-remove', … }]
 */
export async function undoConfig(target: ConfigSide, created: CreatedConfig[], options: { dryRun?: boolean; done?: Set<string> } = {}): Promise<ConfigUndo[]> {
  const out: ConfigUndo[] = [];
  for (const c of [...created].sort((a, b) => b.at.localeCompare(a.at))) {
    const base = { kind: c.kind, key: c.key, targetId: c.targetId };
    if (options.done?.has(`${c.kind}/${c.targetId}`)) {
      out.push({ ...base, status: 'already-gone', message: 'removed by an earlier undo' });
      continue;
    }
    if (options.dryRun) {
      out.push({ ...base, status: 'would-remove' });
      continue;
    }
    const r = await removeOne(target, c);
    if (!r.error) out.push({ ...base, status: 'removed' });
    else if (r.error.status === 404) out.push({ ...base, status: 'already-gone', message: 'not in the target any more' });
    else out.push({ ...base, status: 'failed', message: r.error.message });
  }
  return out;
}
