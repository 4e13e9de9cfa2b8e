/**
 * Which records carry files, and the files themselves. Whether record i of a FILES field has files, and
 * which, is a pure function of (seed, object, field, i): the record generator and the file table both ask
 * the planner, so the table can be built without generating records and records stay lazily generated.
 */
import type { ModelField, ModelObject } from '../model/types.js';
import { Readable } from 'node:stream';
import { EXTENSIONS, MIME_TYPES, pseudoRandomBytes, pseudoRandomChunks, smallFileBytes, type Extension } from './file-bytes.js';
import { hashString, mix, streamFor, uuidFor } from './random.js';

/** One value of a FILES field as stored (the sandbox adds the signed `url` when serving). */
export interface FileRef {
  fileId: string;
  label: string;
  extension: string;
}

/** A file's content. `bytes` is computed on each read (not kept), so a large file costs memory only while used. */
export class SeedFile {
  constructor(
    readonly name: string,
    readonly extension: Extension,
    readonly mimeType: string,
    private readonly make: () => Buffer,
    /** set for the large file: its size, and its bytes as a stream of chunks (never whole in memory) */
    private readonly large?: { size: number; chunks: () => Iterable<Buffer> },
  ) {}

  get bytes(): Buffer {
    return this.make();
  }

  get size(): number {
    return this.large?.size ?? this.make().length;
  }

  /** The bytes as a stream: chunked for the large file, so serving it costs no more than a chunk. */
  stream(): Readable {
    return this.large ? Readable.from(this.large.chunks()) : Readable.from([this.make()]);
  }
}

const LABELS: Record<Extension, string[]> = {
  pdf: ['Proposal', 'Signed NDA', 'Invoice 2024-117', 'Master Services Agreement', 'Résumé – José Núñez', '報告書', 'Q3 review (final)'],
  png: ['logo', 'Screenshot 2024-05-02 at 10.14.33', 'Whiteboard photo', 'org chart', 'signature 🖊'],
  txt: ['notes', 'call transcript', 'README', 'meeting minutes'],
  csv: ['export', 'leads, Q3', 'price list', 'attendees'],
  json: ['config', 'webhook payload', 'settings'],
  bin: ['backup'],
};
const EXTENSION_WEIGHTS = [30, 25, 15, 15, 15];

export interface FilePlanOptions {
  /** if set, attachment #0 holds a file of this many bytes instead of a small one */
  largeFileBytes?: number;
}

export class FilePlanner {
  constructor(private readonly seedKey: number, private readonly options: FilePlanOptions) {}

  /** How likely a record is to have files in this field, and how many at most. */
  private policy(object: ModelObject, field: ModelField): { probability: number; max: number } {
    const max = Math.max(1, Math.min(3, Number((field.settings as { maxNumberOfValues?: number } | null)?.maxNumberOfValues ?? 1)));
    // An attachment is its file; avatars are rare; custom FILES fields are sometimes filled.
    if (object.nameSingular === 'attachment' && field.name === 'file') return { probability: 1, max: 1 };
    return { probability: field.isSystem ? 0.05 : 0.3, max };
  }

  /** The files of record `index` in this field ([] when none). */
  filesOf(object: ModelObject, field: ModelField, index: number): FileRef[] {
    const key = mix(this.seedKey, hashString(`files:${object.nameSingular}.${field.name}`));
    const rng = streamFor(key, index);
    const { probability, max } = this.policy(object, field);
    if (!rng.chance(probability)) return [];
    const isLarge = this.options.largeFileBytes !== undefined && object.nameSingular === 'attachment' && index === 0;
    const count = isLarge ? 1 : rng.between(1, max);
    const refs: FileRef[] = [];
    for (let slot = 0; slot < count; slot++) {
      const extension: Extension = isLarge ? 'bin' : rng.weighted(EXTENSIONS, EXTENSION_WEIGHTS);
      const label = `${rng.pick(LABELS[extension])}.${extension}`;
      // Ids are unique per (object, field, index, slot): up to 8 slots per record.
      refs.push({ fileId: uuidFor(key, index * 8 + slot), label, extension });
    }
    return refs;
  }

  /** The content behind a FileRef (only the large file is a `.bin`). */
  fileFor(ref: FileRef): SeedFile {
    const ext = ref.extension as Extension;
    const seed = mix(this.seedKey, hashString(ref.fileId));
    const large = this.options.largeFileBytes;
    const make =
      ext === 'bin' && large !== undefined
        ? () => pseudoRandomBytes(seed, large)
        : () => smallFileBytes(seed, ext, ref.label.replace(/\.[a-z]+$/, ''));
    const streamed = ext === 'bin' && large !== undefined ? { size: large, chunks: () => pseudoRandomChunks(seed, large) } : undefined;
    return new SeedFile(ref.label, ext, MIME_TYPES[ext], make, streamed);
  }
}
