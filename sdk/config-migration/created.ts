/**
 * `config/created.jsonl`: every view, dashboard layout, workflow, role and webhook the configuration stage created
 * in the target, appended as soon as the part that created it is saved. `result.json` is rewritten on each run
 * (a second run calls the same view "unchanged"), so this journal is what `undo` reads to remove exactly what this
 * run folder created, and nothing it only matched or updated.
 */
import type { RunFolder } from '../run/run-folder.js';
import type { ConfigItem, ConfigKindName } from './context.js';

export const CREATED_FILE = ['config', 'created.jsonl'] as const;

export interface CreatedConfig {
  kind: ConfigKindName;
  key: string;
  targetId: string;
  sourceId?: string;
  at: string;
}

export async function readCreatedConfig(run: RunFolder): Promise<CreatedConfig[]> {
  const byTarget = new Map<string, CreatedConfig>();
  for await (const c of run.readJsonl<CreatedConfig>(...CREATED_FILE)) if (c?.targetId && !byTarget.has(`${c.kind}/${c.targetId}`)) byTarget.set(`${c.kind}/${c.targetId}`, c);
  return [...byTarget.values()];
}

/** Appends the items created since the last call (dry runs and ids a dry run made up are never recorded). */
export function journalCreated(run: RunFolder, items: ConfigItem[], seen: Set<string>): void {
  const rows: CreatedConfig[] = [];
  for (const i of items) {
    if (i.action !== 'created' || !i.targetId || i.targetId.startsWith('dry-run')) continue;
    const key = `${i.kind}/${i.targetId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({ kind: i.kind, key: i.key, targetId: i.targetId, ...(i.sourceId ? { sourceId: i.sourceId } : {}), at: new Date().toISOString() });
  }
  if (rows.length) run.appendJsonl(rows, ...CREATED_FILE);
}
