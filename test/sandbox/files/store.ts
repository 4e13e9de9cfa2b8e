/**
 * Files uploaded to a sandbox workspace, kept as Twenty 2.21 keeps them: a file entity per upload with a path under
 * the field it was uploaded for (`files-field/<field universalIdentifier>/<fileId>.<ext>`), temporary until a record's
 * FILES value references it, then permanent and bound to that field (files-field.service.ts, files-field-sync.ts).
 *
 * Bytes go to a temporary directory, not to memory: a 50 MB upload costs the sandbox a file on disk, so tests can
 * check that a migration copies large files without holding them whole.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ModelField } from '../model/types.js';
import type { SandboxWorkspace, StoredFile } from '../workspace.js';

/** A file uploaded through the API (seeded files are plain StoredFiles: permanent, bound to the field holding them). */
export interface UploadedFile extends StoredFile {
  id: string;
  size: number;
  /** `files-field/<field key>/<fileId>.<ext>` */
  path: string;
  /** the universalIdentifier (or, for a field without one, the id) of the field it was uploaded for */
  fieldKey: string;
  temporary: boolean;
  createdAt: string;
  stream(): Readable;
}

export const isUploadedFile = (f: StoredFile | undefined): f is UploadedFile => !!f && 'fieldKey' in f && 'temporary' in f;

/** The key a file's path carries for its field: Twenty uses the field's universalIdentifier. */
export const fieldKeyOf = (field: ModelField) => field.universalIdentifier ?? field.id;

let dir: string | null = null;
function storageDir(): string {
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), 'twenty-sandbox-files-'));
    const d = dir;
    process.once('exit', () => rmSync(d, { recursive: true, force: true }));
  }
  return dir;
}

const MIME_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
  txt: 'text/plain', csv: 'text/csv', json: 'application/json', bin: 'application/octet-stream',
};

/** An upload being written: feed it chunks (awaiting each, for backpressure), then `finish` or `discard`. */
export class PendingUpload {
  readonly id = randomUUID();
  private readonly diskPath: string;
  private readonly out: WriteStream;
  private size = 0;

  constructor(
    private readonly ws: SandboxWorkspace,
    private readonly field: ModelField,
    private readonly filename: string,
    private readonly declaredMimeType: string | undefined,
  ) {
    this.diskPath = join(storageDir(), `${ws.name}-${this.id}`);
    this.out = createWriteStream(this.diskPath);
  }

  async write(chunk: Buffer): Promise<void> {
    this.size += chunk.length;
    if (!this.out.write(chunk)) {
      // Both listeners go once either fires: one left behind per wait would pile up on a large upload.
      await new Promise<void>((resolve, reject) => {
        const drained = () => {
          this.out.off('error', failed);
          resolve();
        };
        const failed = (error: Error) => {
          this.out.off('drain', drained);
          reject(error);
        };
        this.out.once('drain', drained);
        this.out.once('error', failed);
      });
    }
  }

  async finish(): Promise<UploadedFile> {
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const ext = extname(this.filename).slice(1).toLowerCase();
    const fieldKey = fieldKeyOf(this.field);
    const diskPath = this.diskPath;
    const file: UploadedFile = {
      id: this.id,
      name: this.filename,
      // Twenty sniffs the type from the bytes; the declared type or the extension is close enough here.
      mimeType: this.declaredMimeType && this.declaredMimeType !== 'application/octet-stream' ? this.declaredMimeType : (MIME_BY_EXTENSION[ext] ?? 'application/octet-stream'),
      size: this.size,
      path: `files-field/${fieldKey}/${this.id}${ext ? `.${ext}` : ''}`,
      fieldKey,
      temporary: true,
      createdAt: new Date().toISOString(),
      stream: () => createReadStream(diskPath),
      get bytes() {
        return readFileSync(diskPath);
      },
    };
    this.ws.files.set(file.id, file);
    return file;
  }

  discard(): void {
    this.out.destroy();
    rmSync(this.diskPath, { force: true });
  }
}
