/**
 * Fills a sandbox workspace with a generated, deterministic workspace's worth of records and files.
 */
import { generateSeed, type SeedOptions } from './seed/index.js';
import type { SandboxWorkspace } from './workspace.js';

export interface SeedSummary {
  records: number;
  files: number;
  perObject: Record<string, number>;
}

export function seedWorkspace(ws: SandboxWorkspace, options: SeedOptions): SeedSummary {
  const seed = generateSeed(ws.model, options);
  const perObject: Record<string, number> = {};
  let records = 0;
  const insert = (namePlural: string, rows: Iterable<Record<string, unknown>>) => {
    const object = ws.index.byPlural.get(namePlural);
    if (!object) throw new Error(`seed produced records for ${namePlural}, which workspace ${ws.name} does not have`);
    const n = ws.insertRaw(object.nameSingular, rows);
    perObject[namePlural] = (perObject[namePlural] ?? 0) + n;
    records += n;
  };
  if (seed.members.length) insert('workspaceMembers', seed.members);
  for (const o of seed.objects) insert(o.namePlural, o.records());
  for (const [id, file] of seed.files) ws.files.set(id, file);
  return { records, files: seed.files.size, perObject };
}
