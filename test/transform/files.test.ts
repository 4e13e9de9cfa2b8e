/**
 * The transform once the files stage ran: FILES values get the target's file ids from files/ledger.jsonl, items
 * without a copy are left out and reported (the record is still written), and rich-text bodies point at the
 * target's copies (block url and attachmentFileId, nested blocks, links, markdown), byte for byte otherwise.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appendFilesLedger, fileKey, type FileLedgerEntry } from '../../sdk/files/ledger.js';
import { findBodyFiles, rewriteRichText } from '../../sdk/files/rich-text.js';
import type { TransformedRecord } from '../../sdk/run/contracts.js';
import type { RecordIssue } from '../../sdk/run/run-folder.js';
import { transformRecords } from '../../sdk/transform/transform-records.js';
import { exported, id, members, planFor, source, target, tempRun } from './fixtures.js';

const SRC = 'https://src.example.com';
const TGT = 'https://tgt.example.com';
const F1 = 'f11e0000-0001-4a7c-8001-000000000001';
const F2 = 'f11e0000-0002-4a7c-8001-000000000002';
const T1 = '7a7a0000-0001-4a7c-8001-000000000001';

const copied = (object: string, field: string, recordId: string, sourceFileId: string, targetFileId: string, kind: 'field' | 'body' = 'field'): FileLedgerEntry => ({
  key: fileKey(object, field, recordId, sourceFileId), object, field, recordId, sourceFileId, kind, status: 'copied', label: 'x',
  targetFileId, targetUrl: `${TGT}/file/files-field/${targetFileId}`, size: 3, sha256: 'a'.repeat(64), at: '2026-01-01T00:00:00.000Z',
});

const body = (fileId: string) => ({
  blocknote: JSON.stringify([
    { id: 'b1', type: 'paragraph', props: {}, content: [{ type: 'text', text: 'Intro ✓', styles: {} }], children: [
      { id: 'b2', type: 'image', props: { url: `${SRC}/file/files-field/${fileId}?token=eyJabc.def.ghi`, name: 'shot.png', attachmentFileId: fileId }, children: [] },
    ] },
    { id: 'b3', type: 'paragraph', props: {}, content: [{ type: 'link', href: `${SRC}/file/files-field/${fileId}`, content: [] }, { type: 'link', href: `${SRC}/object/person/${id(1, 1)}`, content: [] }], children: [] },
  ]),
  markdown: `Intro ✓\n\n![shot.png](${SRC}/file/files-field/${fileId}?token=eyJabc.def.ghi)`,
});

describe('rich-text file references', () => {
  it('finds them in nested blocks, links and markdown; rewrites them all, tokens dropped', () => {
    const value = body(F1);
    expect([...findBodyFiles(value).keys()]).toEqual([F1]);
    const r = rewriteRichText(value, (fid) => (fid === F1 ? { fileId: T1, url: `${TGT}/file/files-field/${T1}` } : undefined));
    expect(r.missing).toEqual([]);
    expect(r.rewritten).toBe(4);
    expect(r.value.blocknote).toBe(value.blocknote.split(`${SRC}/file/files-field/${F1}?token=eyJabc.def.ghi`).join(`${TGT}/file/files-field/${T1}`).split(`${SRC}/file/files-field/${F1}`).join(`${TGT}/file/files-field/${T1}`).split(F1).join(T1));
    expect(r.value.markdown).toBe(`Intro ✓\n\n![shot.png](${TGT}/file/files-field/${T1})`);
    expect(r.value.blocknote).toContain(`${SRC}/object/person/${id(1, 1)}`);
    const untouched = { blocknote: '[{"id":"x","type":"paragraph"}]', markdown: 'hi' };
    expect(rewriteRichText(untouched, () => undefined).value).toEqual(untouched);
  });
});

describe('transformRecords after the files stage', () => {
  it('writes the target file ids, reports what has no copy, rewrites bodies', async () => {
    const run = tempRun();
    const person = (n: number, fileId: string) =>
      exported(id(n, 1), {
        name: { firstName: 'P', lastName: String(n) }, emails: { primaryEmail: `p${n}@example.com`, additionalEmails: [] }, jobTitle: 'CTO', companyId: null,
        avatarFile: [{ label: 'me.png', fileId, extension: 'png', url: `${SRC}/file/files-field/${fileId}?token=t` }],
      });
    run.appendJsonl([person(1, F1), person(2, F2)], 'export', 'people.jsonl');
    run.appendJsonl([exported(id(5, 5), { title: 'Note', bodyV2: body(F1) })], 'export', 'notes.jsonl');
    appendFilesLedger(run, [copied('people', 'avatarFile', id(1, 1), F1, T1)]);

    const result = await transformRecords({ run, source, target, plan: planFor({ people: 2, notes: 1 }), members: members() });
    const lines = (plural: string) => readFileSync(run.path('transform', `${plural}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TransformedRecord);
    const [p1, p2] = lines('people');
    expect(p1.record.avatarFile).toEqual([{ fileId: T1, label: 'me.png' }]);
    expect(p2.record.avatarFile).toEqual([]); // written, without the file that has no copy
    const people = result.objects.find((o) => o.object === 'people')!;
    expect(people).toMatchObject({ valid: 2, invalid: 0, files: { written: 1, missing: 1 } });
    expect(people.dropped.avatarFile).toBeUndefined();

    const [note] = lines('notes');
    const bodyV2 = note.record.bodyV2 as { blocknote: string; markdown: string };
    expect(bodyV2.blocknote).not.toContain(F1);
    expect(JSON.parse(bodyV2.blocknote)[0].children[0].props).toMatchObject({ attachmentFileId: T1, url: `${TGT}/file/files-field/${T1}` });
    expect(result.objects.find((o) => o.object === 'notes')!.files).toMatchObject({ bodyRewritten: 4, bodyMissing: 0 });

    const issues = readFileSync(run.path('errors.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RecordIssue);
    expect(issues).toEqual([expect.objectContaining({ stage: 'files', object: 'people', recordId: id(2, 1), field: 'avatarFile', code: 'FILE_NOT_COPIED' })]);
    // run again: the issue is replaced, not repeated
    await transformRecords({ run, source, target, plan: planFor({ people: 2, notes: 1 }), members: members() });
    expect(readFileSync(run.path('errors.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
