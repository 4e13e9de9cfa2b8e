/**
 * Files are compared by their bytes: each FILES item of a source record (attachment `file`, person
 * `avatarFile`, custom FILES fields) is downloaded from its signed URL (no auth header, twenty-api.md §9) on
 * both sides and the sha256 compared. `fileId` and `url` necessarily differ (the target holds its own copy), so
 * they are not compared; labels and extensions are. The same goes for files linked from rich-text bodies: each
 * target link must be a different file (the target's copy, not the source's) with the same bytes.
 */
import { createHash } from 'node:crypto';
import { download, pool, type Json } from './http.js';
import type { Finding } from './report.js';

export interface FileTask {
  object: string;
  id: string;
  field: string;
  index: number;
  sourceUrl: string;
  targetUrl: string | null;
  /** body links: the target link must name another file than the source's */
  mustDiffer?: boolean;
}

/**
 * 2.21's upload stores the extension with its dot (`.pdf`, seen on files uploaded through the API), while
 * seeded rows hold `pdf`: the same extension, written the way Twenty writes it.
 */
const ext = (e: unknown) => String(e ?? '').replace(/^\./, '').toLowerCase();

const fileIdOf = (url: string) => /\/file\/[^/]+\/([0-9a-f-]{36})/i.exec(url)?.[1] ?? url.split('?')[0];

export interface FilesCheck {
  items: Finding[];
  tasks: FileTask[];
}

/** Compares the FILES items of one field; returns problems with the items and the downloads to make. */
export function compareFilesField(object: string, id: string, field: string, source: Json, target: Json): FilesCheck {
  const s: Json[] = Array.isArray(source) ? source : [];
  const t: Json[] = Array.isArray(target) ? target : [];
  const out: FilesCheck = { items: [], tasks: [] };
  const cls = `${object}.${field} (FILES)`;
  if (s.length !== t.length) {
    out.items.push({ class: cls, object, id, field, type: 'FILES', source: s.map((f) => f.label), target: t.map((f) => f.label), note: `count ${s.length} vs ${t.length}` });
  }
  s.forEach((sf, i) => {
    const tf = t[i];
    if (tf && (String(sf.label ?? '') !== String(tf.label ?? '') || ext(sf.extension) !== ext(tf.extension))) {
      out.items.push({ class: cls, object, id, field, type: 'FILES', source: { label: sf.label, extension: sf.extension }, target: { label: tf.label, extension: tf.extension }, note: 'label/extension' });
    }
    if (sf.url) out.tasks.push({ object, id, field, index: i, sourceUrl: String(sf.url), targetUrl: tf?.url ? String(tf.url) : null });
  });
  return out;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Downloads both sides of each task and reports those whose bytes differ or cannot be fetched. */
export async function runFileTasks(tasks: FileTask[], concurrency = 6): Promise<Finding[]> {
  const problems: Finding[] = [];
  await pool(tasks, concurrency, async (t) => {
    const cls = `${t.object}.${t.field} (${t.mustDiffer ? 'body link' : 'FILES bytes'})`;
    const base = { class: cls, object: t.object, id: t.id, field: t.field };
    if (!t.targetUrl) {
      problems.push({ ...base, note: `item ${t.index}: no target file` });
      return;
    }
    if (t.mustDiffer && fileIdOf(t.sourceUrl) === fileIdOf(t.targetUrl)) {
      problems.push({ ...base, source: fileIdOf(t.sourceUrl), target: fileIdOf(t.targetUrl), note: 'the target body still links the source file' });
      return;
    }
    const [s, d] = [await download(t.sourceUrl), await download(t.targetUrl)];
    if (s.status !== 200) {
      problems.push({ ...base, note: `source download HTTP ${s.status} (cannot compare)` });
      return;
    }
    if (d.status !== 200) {
      problems.push({ ...base, source: `${s.bytes.length} bytes`, note: `target download HTTP ${d.status}` });
      return;
    }
    if (sha(s.bytes) !== sha(d.bytes)) {
      problems.push({ ...base, source: `${s.bytes.length} bytes ${sha(s.bytes).slice(0, 12)}`, target: `${d.bytes.length} bytes ${sha(d.bytes).slice(0, 12)}`, note: 'sha256 differs' });
    }
  });
  return problems;
}
