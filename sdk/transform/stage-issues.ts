/**
 * Re-running a stage must not leave its previous issues in errors.jsonl next to the new ones: this rewrites the
 * file without one stage's lines (streaming, then an atomic rename), keeping every other stage's.
 */
import { createReadStream, createWriteStream, existsSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { RunFolder, StageName } from '../run/run-folder.js';

/**
 * @example
 * await dropStageIssues(run, 'transform'); // errors.jsonl now holds no transform lines
 */
export async function dropStageIssues(run: RunFolder, stage: StageName, code?: string): Promise<number> {
  const path = run.path('errors.jsonl');
  if (!existsSync(path)) return 0;
  const tmp = `${path}.tmp-${process.pid}`;
  const out = createWriteStream(tmp);
  let dropped = 0;
  for await (const line of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
    if (!line) continue;
    let isStage = false;
    try {
      const issue = JSON.parse(line) as { stage?: string; code?: string };
      // `code` narrows it to one kind (the transform's FILE_NOT_COPIED lines, filed under stage `files`).
      isStage = issue.stage === stage && (code === undefined || issue.code === code);
    } catch {
      // A torn line from a killed writer: dropped with the rewrite, it was never a whole issue.
      dropped += 1;
      continue;
    }
    if (isStage) dropped += 1;
    else if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(tmp, path);
  return dropped;
}
