/**
 * Fills a sandbox workspace with a generated, deterministic workspace's worth of records and files.
 */
import { cascadingChildren } from './records/write.js';
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
  trashWithParents(ws);
  return { records, files: seed.files.size, perObject };
}

/**
 * A record in the trash takes its CASCADE children with it on a real 2.21 (recorded: soft-delete-cascades), so a
 * seeded workspace never holds a live note target, task target or attachment of a trashed record: they are trashed
 * at the same moment as it.
 */
function trashWithParents(ws: SandboxWorkspace): void {
  // children by parent id, per child object and join column: built once (seeds of 100k records stay linear)
  const byParent = new Map<string, Map<unknown, Array<Record<string, unknown>>>>();
  const childrenOf = (other: string, column: string, parentId: unknown) => {
    const key = `${other}.${column}`;
    let index = byParent.get(key);
    if (!index) {
      index = new Map();
      for (const c of ws.table(other)!.rows.values()) if (c[column]) (index.get(c[column]) ?? index.set(c[column], []).get(c[column])!).push(c);
      byParent.set(key, index);
    }
    return index.get(parentId) ?? [];
  };
  const queue = ws.model.objects.flatMap((o) => [...(ws.table(o.nameSingular)?.rows.values() ?? [])].filter((r) => r.deletedAt).map((r) => ({ o, r })));
  while (queue.length) {
    const { o, r } = queue.pop()!;
    for (const { other, column } of cascadingChildren(ws, o)) {
      const table = ws.table(other.nameSingular)!;
      for (const child of childrenOf(other.nameSingular, column, r.id)) {
        const now = table.rows.get(child.id as string);
        if (!now || now.deletedAt) continue;
        const trashed = { ...now, deletedAt: r.deletedAt, updatedAt: r.deletedAt };
        table.put(trashed);
        queue.push({ o: other, r: trashed });
      }
    }
  }
}
