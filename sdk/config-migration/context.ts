/**
 * What every configuration step works with: both instances (REST core, REST metadata, GraphQL root clients), both
 * data models, the member mapping, the id maps between them, and where results go. Steps return `ConfigItem`
 * values; nothing throws for an item the target refuses (it becomes `failed` with the server's message).
 */
import type { RunFolder } from '../run/run-folder.js';
import type { TwentyClient } from '../client/index.js';
import type { WorkspaceSchema } from '../metadata/types.js';
import type { MembersFile } from '../run/contracts.js';
import type { IdMaps } from './id-map.js';
import type { ConfigLedger } from './ledger.js';

export interface ConfigSide {
  /** `/rest` */
  core: TwentyClient;
  /** `/rest/metadata` */
  metadata: TwentyClient;
  /** server root, for GraphQL `POST /metadata` */
  root: TwentyClient;
}

export type ConfigKindName = 'view' | 'workflow' | 'dashboard' | 'role' | 'webhook';

export type ItemAction = 'created' | 'updated' | 'unchanged' | 'reported' | 'failed';

/** One configuration item and what the stage did with it. */
export interface ConfigItem {
  kind: ConfigKindName;
  /** stable, human-readable key, e.g. `view company/"Big customers"`, `workflow "Onboarding"` */
  key: string;
  action: ItemAction;
  sourceId?: string;
  targetId?: string;
  /** what changed, what failed, or why it is only reported */
  detail?: string;
  /** the manual step left to the user, if any */
  manual?: string;
}

export interface ConfigContext {
  source: ConfigSide;
  target: ConfigSide;
  sourceSchema: WorkspaceSchema;
  targetSchema: WorkspaceSchema;
  members?: MembersFile;
  maps: IdMaps;
  ledger: ConfigLedger;
  /** target server URL, for manual steps */
  targetUrl: string;
  /** the source's Twenty version as connect found it (null: not stated); older sources lack some parts */
  sourceVersion?: string | null;
  dryRun: boolean;
  /** the run folder, for planned record rewrites (see run/rewrites.ts) */
  run: RunFolder;
}

export const errorText = (e: unknown): string => {
  if (e && typeof e === 'object' && 'messages' in e && Array.isArray((e as { messages: unknown }).messages)) {
    return ((e as { messages: unknown[] }).messages).join('; ');
  }
  return e instanceof Error ? e.message : String(e);
};
