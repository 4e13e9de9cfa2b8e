/**
 * A Twenty 1.x attachment (file as the path `fullPath`, kind as the text `type`, uploader as `author`) written as
 * 2.x holds it: the FILES value `file` with the files stage's copy, `fileCategory`, `createdBy`.
 */
import { describe, expect, it } from 'vitest';
import { fileKey, type FileLedgerEntry, type FilesMap } from '../../sdk/files/ledger.js';
import { carriedAs, fileCategoryOf, keepsLegacyPath, legacyPathJobOf, parseLegacyPath } from '../../sdk/files/legacy-paths.js';
import type { SchemaField, SchemaObject } from '../../sdk/metadata/types.js';
import { schemaGaps } from '../../sdk/plan/schema-gaps.js';
import { objectTransformer } from '../../sdk/transform/index.js';

const base = { description: null, icon: null, isCustom: false, isSystem: false, isActive: true, isNullable: true, isUnique: false, defaultValue: null, options: null, settings: null };
const f = (name: string, type: string, extra: Partial<SchemaField> = {}): SchemaField => ({ ...base, id: name, name, label: name, type, ...extra });
const attachment = (fields: SchemaField[]): SchemaObject => ({
  id: 'o', nameSingular: 'attachment', namePlural: 'attachments', labelSingular: 'Attachment', labelPlural: 'Attachments', description: null, icon: null,
  isCustom: false, isSystem: false, isActive: true, isRemote: false, fields: [f('id', 'UUID'), f('name', 'TEXT'), ...fields],
});
const v12 = attachment([
  f('fullPath', 'TEXT'), f('type', 'TEXT'),
  f('author', 'RELATION', { relation: { kind: 'MANY_TO_ONE', targetObject: 'workspaceMember', inverseField: null, joinColumn: 'authorId' } }),
]);
const v221 = attachment([
  f('fullPath', 'TEXT', { isSystem: true }), f('file', 'FILES'), f('createdBy', 'ACTOR'),
  f('fileCategory', 'SELECT', { options: ['ARCHIVE', 'AUDIO', 'IMAGE', 'PRESENTATION', 'SPREADSHEET', 'TEXT_DOCUMENT', 'VIDEO', 'OTHER'].map((value, position) => ({ value, label: value, position, color: 'gray' })) as never }),
]);

const ID = 'a0000000-0000-4000-8000-000000000001';
const FILE = '0f9d2a4e-3b1c-4d5e-8f60-7a8b9c0d1e2f';
const MEMBER = 'b0000000-0000-4000-8000-000000000001';
const record = { id: ID, name: 'Contract.pdf', fullPath: `attachment/${FILE}.pdf`, type: 'TextDocument', authorId: MEMBER };

const filesWith = (entries: FileLedgerEntry[]): FilesMap => {
  const byKey = new Map(entries.map((e) => [e.key, e]));
  return {
    ran: true, size: entries.length,
    forValue: (o, fl, r, s) => byKey.get(fileKey(o, fl, r, s)),
    forBody: () => undefined,
    attempted: (o, fl, r, s) => byKey.has(fileKey(o, fl, r, s)),
    attemptedBody: () => false,
  };
};

describe('1.x file paths', () => {
  it('reads the file id and extension from a bare or signed path', () => {
    expect(parseLegacyPath(`attachment/${FILE}.pdf`)).toEqual({ fileId: FILE, extension: 'pdf' });
    expect(parseLegacyPath(`http://old.acme.com/files/attachment/eyJ.a.b/${FILE.toUpperCase()}.PNG?x=1`)).toEqual({ fileId: FILE, extension: 'png' });
    expect(parseLegacyPath('notes/readme')).toBeNull();
    expect(parseLegacyPath(null)).toBeNull();
  });

  it('makes one copy job per attachment, for the 2.x file field, signed later by the source', () => {
    expect(keepsLegacyPath(v12)).toBe(true);
    expect(keepsLegacyPath(v221)).toBe(false);
    expect(legacyPathJobOf(v12, record)).toEqual({
      key: fileKey('attachments', 'file', ID, FILE), kind: 'field', object: 'attachments', objectSingular: 'attachment', field: 'file',
      recordId: ID, sourceFileId: FILE, label: 'Contract.pdf', extension: 'pdf', legacyPath: true,
    });
  });

  it('maps the 1.x type to a fileCategory the target has', () => {
    expect(fileCategoryOf('TextDocument', v221.fields.find((x) => x.name === 'fileCategory')!.options)).toBe('TEXT_DOCUMENT');
    expect(fileCategoryOf('Hologram', [{ value: 'OTHER' }])).toBeNull();
  });

  it('does not announce fullPath, type and author as dropped: 2.x holds them elsewhere', () => {
    expect(['fullPath', 'type', 'author', 'name'].map((n) => carriedAs(v12, v221, n))).toEqual(['file', 'fileCategory', 'createdBy', null]);
    const source = { objects: [v12] } as never;
    const target = { objects: [v221] } as never;
    expect(schemaGaps(source, target, 'attachments').filter((g) => g.kind === 'missing-field')).toEqual([]);
  });

  it('writes the copied file, the category and the uploader', () => {
    const copy: FileLedgerEntry = {
      key: fileKey('attachments', 'file', ID, FILE), object: 'attachments', field: 'file', recordId: ID, sourceFileId: FILE, kind: 'field',
      status: 'copied', label: 'Contract.pdf', targetFileId: 'c0000000-0000-4000-8000-000000000009', targetUrl: 'http://t/file/x', size: 3, sha256: 'a'.repeat(64), at: '2026-01-01T00:00:00.000Z',
    };
    const members = { policy: { kind: 'empty' }, source: [], target: [{ id: MEMBER, name: 'Tim Apple', email: 'tim@apple.dev' }], mapping: { [MEMBER]: MEMBER }, unmatched: [] } as never;
    const t = objectTransformer({ source: v12, target: v221, imported: new Set(['attachment']), deferred: [], members, files: filesWith([copy]) });
    const out = t.transform(record);
    expect(out.issues).toEqual([]);
    expect(out.line?.record).toMatchObject({
      id: ID, name: 'Contract.pdf', file: [{ fileId: 'c0000000-0000-4000-8000-000000000009', label: 'Contract.pdf' }], fileCategory: 'TEXT_DOCUMENT',
      createdBy: { source: 'MANUAL', workspaceMemberId: MEMBER, name: 'Tim Apple' },
    });
    expect(out.line?.record).not.toHaveProperty('fullPath');
    expect(out.dropped).toEqual([]);
  });

  it('reports an attachment whose file the files stage never copied, and still writes the record', () => {
    const t = objectTransformer({ source: v12, target: v221, imported: new Set(['attachment']), deferred: [], members: undefined, files: filesWith([]) });
    const out = t.transform(record);
    expect(out.line?.record).not.toHaveProperty('file');
    expect(out.warnings).toEqual([expect.objectContaining({ code: 'FILE_NOT_COPIED', recordId: ID, field: 'fullPath' })]);
  });
});
