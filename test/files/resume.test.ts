/**
 * The files stage stopped and started again, and the ways a file can fail to come: an abort mid-copy then a resume
 * (no file uploaded twice, all present), signed URLs expired since the export (403: the record is read again for a
 * fresh URL), a file the source no longer has (reported, the record still migrates without it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readFilesLedger } from '../../sdk/files/ledger.js';
import { verifyFiles } from '../../sdk/verify/files.js';
import { cleanupDirs, issuesOf } from '../migrate/helpers.js';
import { filesStage, finish, prepare, startFilesPair, targetUploads, type FilesPair } from './helpers.js';

const pairs: FilesPair[] = [];
afterAll(async () => {
  for (const p of pairs) await p.close();
  cleanupDirs();
});
const start = async () => {
  const p = await startFilesPair({ records: 200, images: 2, seed: 9 });
  pairs.push(p);
  return p;
};

describe('files stage, interrupted and resumed', () => {
  it('an abort mid-copy then a run again: every file copied once, none uploaded twice', async () => {
    const pair = await start();
    const m = await prepare(pair);
    const controller = new AbortController();
    let seen = 0;
    const first = await filesStage(m, {
      concurrency: 1, signal: controller.signal,
      onProgress: (e) => {
        if (e.type === 'file' && ++seen === 5) controller.abort(new Error('killed'));
      },
    });
    expect(first.status).toBe('aborted');
    expect(first.copied).toBe(5);
    expect(m.run.manifest().stages.files).toMatchObject({ status: 'failed', summary: expect.stringContaining('run again') });
    expect(targetUploads(pair)).toHaveLength(5);

    const second = await filesStage(m, { concurrency: 3 });
    expect(second).toMatchObject({ status: 'completed', alreadyCopied: 5, failed: 0 });
    expect(second.copied).toBe(second.found - 5);
    // one upload per file: the five of the first run were not sent again
    expect(targetUploads(pair)).toHaveLength(second.found);
    const ledger = await readFilesLedger(m.run);
    expect(ledger.size).toBe(second.found);
    expect(new Set([...ledger.values()].map((e) => e.targetFileId)).size).toBe(second.found);

    const { report } = await finish(m);
    expect(report.status).toBe('pass');
    const files = await verifyFiles({ run: m.run, target: m.target.core });
    expect(files.counts).toEqual({ pass: second.found, fail: 0, warn: 0 });
    // every upload is now referenced by a record's FILES value, but the body-only image (referenced from a body only)
    const temporary = targetUploads(pair).filter(([, f]) => (f as unknown as { temporary: boolean }).temporary).map(([id]) => id);
    const bodyOnly = [...ledger.values()].filter((e) => e.kind === 'body').map((e) => e.targetFileId);
    expect(temporary).toEqual(bodyOnly);
    expect(bodyOnly).toHaveLength(1);
  }, 60_000);

  it('signed URLs expired since the export (403): fresh ones are read from the source records', async () => {
    const pair = await start();
    const m = await prepare(pair);
    // What a day-old export looks like: every token refused (file-download-no-token-403).
    for (const plural of ['attachments', 'people', 'surveyResults', 'notes']) {
      const path = m.run.path('export', `${plural}.jsonl`);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/token=[A-Za-z0-9._-]+/g, 'token=expired'));
    }
    const refreshed: string[] = [];
    const files = await filesStage(m, {
      fetch: (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        if (url.includes('/file/files-field/') && !url.includes('token=expired')) refreshed.push(url);
        return fetch(input, init);
      },
    });
    expect(files).toMatchObject({ status: 'completed', failed: 0 });
    expect(files.copied).toBe(files.found);
    expect(refreshed.length).toBeGreaterThanOrEqual(files.found - 1);
    await finish(m);
    expect((await verifyFiles({ run: m.run, target: m.target.core })).status).toBe('pass');
  }, 60_000);

  it('a file the source no longer has: reported (errors.jsonl, verifyFiles), the record migrates without it', async () => {
    const pair = await start();
    const source = pair.sandbox.workspace('source');
    const m = await prepare(pair);
    const attachment = [...source.table('attachment')!.rows.values()].find((a) => !a.deletedAt && !pair.images.some((i) => i.attachmentId === a.id))!;
    const lost = (attachment.file as Array<{ fileId: string }>)[0].fileId;
    source.files.delete(lost);
    const files = await filesStage(m);
    expect(files.failed).toBe(1);
    expect(files.failures[0]).toMatchObject({ object: 'attachments', field: 'file', recordId: attachment.id, sourceFileId: lost, code: 'FILE_DOWNLOAD_NOT_FOUND' });
    const { report } = await finish(m);
    // The record is there, with an empty file list; verification of records passes, the file check does not.
    expect(report.objects.find((o) => o.object === 'attachments')!.found).toBe(report.objects.find((o) => o.object === 'attachments')!.sourceCount);
    expect(pair.sandbox.workspace('target').table('attachment')!.rows.get(attachment.id as string)!.file).toEqual([]);
    const issues = (await issuesOf(m.run.dir)).filter((i) => i.stage === 'files');
    expect(issues).toEqual([expect.objectContaining({ object: 'attachments', recordId: attachment.id, code: 'FILE_DOWNLOAD_NOT_FOUND' })]);
    const verified = await verifyFiles({ run: m.run, target: m.target.core });
    expect(verified.counts.fail).toBe(1);
    expect(verified.rows.find((r) => r.status === 'fail')).toMatchObject({ sourceFileId: lost, problem: expect.stringContaining('not copied') });
  }, 60_000);
});
