/**
 * The sync overlay (`sync/export/<plural>.jsonl`): source records as a `sync` found them since the export, appended
 * one line per record version, the last line per id winning. Everything that reads the export reads through it
 * (`withOverlay`), so the transform, the files stage, the members stage and verify see the source as it is now,
 * while export/<plural>.jsonl stays exactly what the export wrote (its line counts are promises the export state
 * makes, and rewriting a large file in place could not be made safe against a kill).
 *
 * A line `{ id, [TOMBSTONE]: at }` says the record is gone from the source (hard-deleted) and that the user asked
 * for it to go from the target too: readers skip it.
 * Appends go through RunFolder.appendJsonl (a torn last line is sealed and skipped), and repeating an append after
 * a kill only repeats a version, so a killed sync that runs again leaves the same overlay.
 */
import type { RunFolder } from '../run/run-folder.js';

export const TOMBSTONE = '__deletedFromSource';

export const overlayPath = (plural: string) => ['sync', 'export', `${plural}.jsonl`] as const;

export type OverlayLine = Record<string, unknown> & { id: string };

/** The overlay of one object: id → latest version (tombstones included), in first-seen order. */
export async function loadOverlay(run: RunFolder, plural: string): Promise<Map<string, OverlayLine>> {
  const out = new Map<string, OverlayLine>();
  if (!run.exists(...overlayPath(plural))) return out;
  for await (const line of run.readJsonl<OverlayLine>(...overlayPath(plural))) if (line && typeof line.id === 'string') out.set(line.id, line);
  return out;
}

/** Appends record versions (or tombstones) for one object. */
export function appendOverlay(run: RunFolder, plural: string, lines: OverlayLine[]): void {
  run.appendJsonl(lines, ...overlayPath(plural));
}

export const isTombstone = (line: Record<string, unknown> | undefined): boolean => Boolean(line && line[TOMBSTONE]);

/**
 * The exported records of one object with the overlay applied: each exported record replaced by its latest
 * version (or left out when tombstoned), then the records the source created since, in the order sync found them.
 *
 * @example
 * for await (const r of withOverlay(run, 'people', run.readJsonl('export', 'people.jsonl'))) transform(r);
 */
export async function* withOverlay(run: RunFolder, plural: string, base: AsyncIterable<Record<string, unknown>>): AsyncGenerator<Record<string, unknown>> {
  const overlay = await loadOverlay(run, plural);
  if (!overlay.size) {
    // a loop, not `yield*`: notebooks type-check this file with tslab's TypeScript 5.0 (non-strict)
    for await (const r of base) yield r;
    return;
  }
  const seen = new Set<string>();
  for await (const r of base) {
    const id = typeof r?.id === 'string' ? r.id : undefined;
    const newer = id ? overlay.get(id) : undefined;
    if (!newer) {
      yield r;
      continue;
    }
    if (seen.has(id!)) continue; // an export line repeated by a resumed page: its newer version is given once
    seen.add(id!);
    if (!isTombstone(newer)) yield newer;
  }
  for (const [id, line] of overlay) if (!seen.has(id) && !isTombstone(line)) yield line;
}
