/**
 * Reading exported records back (members stage, transform stage, verification), one line at a time.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { RunFolder } from '../run/run-folder.js';
import { exportFileOf, readExportState } from './state.js';
import { overlayPath, withOverlay } from './overlay.js';

/**
 * The records of export/<plural>.jsonl, streamed, with what a `sync` found since (overlay.ts). Only the lines the export state counts are read: while an
 * export runs or after a kill, lines past `count` are not confirmed (a page about to be written again).
 *
 * @example
 * for await (const company of readExported(run, 'companies')) console.log(company.id);
 */
export async function* readExported(run: RunFolder, namePlural: string): AsyncGenerator<Record<string, unknown>> {
  for await (const r of withOverlay(run, namePlural, confirmedLines(run, namePlural))) yield r;
}

async function* confirmedLines(run: RunFolder, namePlural: string): AsyncGenerator<Record<string, unknown>> {
  const file = exportFileOf(run, namePlural);
  if (!existsSync(file)) return;
  const limit = readExportState(run).objects[namePlural]?.count ?? 0;
  if (limit === 0) return;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      if (n++ >= limit) break;
      yield JSON.parse(line) as Record<string, unknown>;
    }
  } finally {
    lines.close();
  }
}

/**
 * How many records the export holds for one object, the sync overlay applied: the export state's count, or, once
 * a sync found changes, the records `readExported` gives (read locally).
 */
export async function countExported(run: RunFolder, namePlural: string): Promise<number | undefined> {
  const base = readExportState(run).objects[namePlural]?.count;
  if (!run.exists(...overlayPath(namePlural))) return base;
  let n = 0;
  for await (const r of readExported(run, namePlural)) if (r) n += 1;
  return n;
}
