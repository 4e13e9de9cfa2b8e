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

/**
 * `store` turns each generated record (2.21's shape) into the row to keep, e.g. as an older version stores it
 * (flavours/v1-2/seed.ts); by default the record itself.
 */
export function seedWorkspace(ws: SandboxWorkspace, options: SeedOptions, store?: (namePlural: string, record: Record<string, unknown>) => Record<string, unknown>): SeedSummary {
  const seed = generateSeed(ws.model, options);
  const perObject: Record<string, number> = {};
  let records = 0;
  const insert = (namePlural: string, rows: Iterable<Record<string, unknown>>) => {
    const object = ws.index.byPlural.get(namePlural);
    if (!object) throw new Error(`seed produced records for ${namePlural}, which workspace ${ws.name} does not have`);
    const n = ws.insertRaw(object.nameSingular, store ? [...rows].map((r) => store(namePlural, r)) : rows);
    perObject[namePlural] = (perObject[namePlural] ?? 0) + n;
    records += n;
  };
  if (seed.members.length) insert('workspaceMembers', seed.members);
  for (const o of seed.objects) insert(o.namePlural, o.records());
  for (const [id, file] of seed.files) ws.files.set(id, file);
  return { records, files: seed.files.size, perObject };
}
