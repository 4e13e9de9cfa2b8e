/**
 * Fixtures for the files tests: a seeded source (attachments of several types, avatars, a custom FILES field, one
 * large file) to which notes with embedded images are added as the 2.21 editor leaves them: each image is the `file`
 * of an attachment of the note, and the body's image block names it by URL and `attachmentFileId`; one more image
 * is only in a body (its attachment was deleted). Then the stages in migration order, with the files stage between
 * export and transform.
 */
import { createHash, randomUUID } from 'node:crypto';
import { copyFiles, type CopyFilesOptions, type CopyFilesResult } from '../../sdk/files/index.js';
import { connect, exportStage, importStage, membersStage, planStage, schemaStage, transformStage, verifyStage, type Migration } from '../../sdk/migrate.js';
import { smallFileBytes } from '../sandbox/seed/file-bytes.js';
import type { SandboxWorkspace } from '../sandbox/workspace.js';
import { migrationOptions, startPair, tempDir, type Pair } from '../migrate/helpers.js';

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export interface EmbeddedImage {
  noteId: string;
  fileId: string;
  /** the attachment holding it; null for the body-only image */
  attachmentId: string | null;
  name: string;
}

const ACTOR = { source: 'MANUAL', workspaceMemberId: null, name: 'Tim A', context: null };

/** Adds `count` images to the bodies of the first notes, plus one body-only image, as the editor stores them. */
export function embedImages(ws: SandboxWorkspace, count: number): EmbeddedImage[] {
  const notes = [...ws.table('note')!.rows.values()].filter((n) => !n.deletedAt).slice(0, count + 1);
  const images: EmbeddedImage[] = [];
  const now = '2025-12-01T10:00:00.000Z';
  notes.forEach((note, i) => {
    const fileId = randomUUID();
    const name = `whiteboard ${i}.png`;
    ws.files.set(fileId, { name, mimeType: 'image/png', bytes: smallFileBytes(1000 + i, 'png', name) });
    const bodyOnly = i === count;
    const attachmentId = bodyOnly ? null : randomUUID();
    if (attachmentId) {
      ws.insertRaw('attachment', [{
        id: attachmentId, createdAt: now, updatedAt: now, deletedAt: null, position: 0, name, createdBy: ACTOR, updatedBy: ACTOR,
        file: [{ fileId, label: name, extension: 'png' }], fullPath: '', fileCategory: 'IMAGE',
        ...Object.fromEntries(ws.index.joinColumns(ws.index.bySingular.get('attachment')!).map((j) => [j.column, null])),
        targetNoteId: note.id,
      }]);
    }
    // Stored without a token: the server signs image URLs on every read (rich-text-v2 result getter).
    const url = `${ws.serverUrl}/file/files-field/${fileId}`;
    const body = note.bodyV2 as { blocknote: string | null; markdown: string | null } | null;
    const blocks = body?.blocknote ? (JSON.parse(body.blocknote) as unknown[]) : [];
    blocks.push({
      id: randomUUID(), type: 'image',
      props: { textAlignment: 'left', backgroundColor: 'default', name, url, caption: '', showPreview: true, previewWidth: 512, attachmentFileId: fileId },
      children: [],
    });
    // A link to a record (kept as is: ids do not change) next to it.
    blocks.push({ id: randomUUID(), type: 'paragraph', props: {}, content: [{ type: 'link', href: `${ws.serverUrl}/object/note/${note.id}`, content: [{ type: 'text', text: 'self', styles: {} }] }], children: [] });
    const markdown = `${body?.markdown ?? ''}\n\n![${name}](${url})`;
    ws.insertRaw('note', [{ ...note, bodyV2: { blocknote: JSON.stringify(blocks), markdown } }]);
    images.push({ noteId: note.id as string, fileId, attachmentId, name });
  });
  return images;
}

export interface FilesPair extends Pair {
  images: EmbeddedImage[];
}

export async function startFilesPair(options: { records?: number; largeFileBytes?: number; images?: number; seed?: number } = {}): Promise<FilesPair> {
  const pair = await startPair({ records: options.records ?? 300, seed: options.seed ?? 5, seedOptions: { largeFileBytes: options.largeFileBytes, softDeletedShare: 0.03 } });
  const images = embedImages(pair.sandbox.workspace('source'), options.images ?? 3);
  return { ...pair, images };
}

/** Connects and runs schema, export, members and plan: everything before the files stage. */
export async function prepare(pair: Pair, runDir = tempDir('twenty-migrate-files-')): Promise<Migration> {
  const m = await connect(migrationOptions(pair, runDir));
  await schemaStage(m, { apply: true });
  await exportStage(m, { includeDeleted: true });
  await membersStage(m, { kind: 'map', email: 'admin@target.example' });
  await planStage(m);
  return m;
}

export const filesStage = (m: Migration, extra: Partial<CopyFilesOptions> = {}): Promise<CopyFilesResult> =>
  copyFiles({ source: m.source.core, target: m.target.config, run: m.run, ...extra });

/** transform → import → verify, after the files stage. */
export async function finish(m: Migration) {
  const transform = await transformStage(m);
  const imported = await importStage(m);
  const report = await verifyStage(m);
  return { transform, imported, report };
}

/** Uploads the target holds (temporary or referenced), by id. */
export const targetUploads = (pair: Pair) => [...pair.sandbox.workspace('target').files.entries()].filter(([, f]) => 'temporary' in f);
