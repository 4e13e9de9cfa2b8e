/**
 * `config/ledger.json`: which target item each source configuration item became (views, page layouts, workflows,
 * roles, webhooks). Re-runs read it first, then fall back to matching by stable keys, so nothing is created twice
 * even when the ledger is lost; ids the ledger names that no longer exist in the target are forgotten.
 */
import type { RunFolder } from '../run/run-folder.js';

export interface ConfigLedger {
  views: Record<string, string>;
  pageLayouts: Record<string, string>;
  workflows: Record<string, string>;
  roles: Record<string, string>;
  webhooks: Record<string, string>;
}

const FILE = ['config', 'ledger.json'] as const;

export function loadConfigLedger(run: RunFolder): ConfigLedger {
  const empty: ConfigLedger = { views: {}, pageLayouts: {}, workflows: {}, roles: {}, webhooks: {} };
  return { ...empty, ...(run.readJson<Partial<ConfigLedger>>(...FILE) ?? {}) };
}

export function saveConfigLedger(run: RunFolder, ledger: ConfigLedger): void {
  run.writeJson(ledger, ...FILE);
}
