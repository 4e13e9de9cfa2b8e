/**
 * A workspace's configuration as the sandbox keeps it: views and page layouts (`store`), roles (`roles`). Default
 * views appear lazily for every active non-system object (see defaults.ts): call `ready()` before serving.
 */
import type { WorkspaceModel } from '../model/types.js';
import { ensureDefaultViews } from './defaults.js';
import { RoleStore } from './roles.js';
import { ConfigStore } from './store.js';

export { KINDS, isConfigKind, type ConfigKind } from './kinds.js';
export type { ConfigEntity } from './store.js';
export type { Role } from './roles.js';

export class WorkspaceConfig {
  readonly store: ConfigStore;
  readonly roles = new RoleStore();

  constructor(workspaceId: string, private readonly model: () => WorkspaceModel) {
    this.store = new ConfigStore(workspaceId, model);
  }

  /** Adds the default views of objects that appeared since the last call; returns the store. */
  ready(): ConfigStore {
    ensureDefaultViews(this.store, this.model().objects);
    return this.store;
  }
}
