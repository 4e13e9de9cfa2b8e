/**
 * File names in the upload's multipart header: a name with `(` once made a real 2.21 drop the file ("File missing
 * in the request"), because `filename*` carried characters RFC 5987 forbids. Every name must upload, and the
 * sandbox's parser is as strict as the real one (busboy).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { dispositionFor, uploadFilesFieldFile } from '../../sdk/files/transfer.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';

let sandbox: Sandbox | undefined;
afterAll(() => sandbox?.close());

describe('dispositionFor', () => {
  it.each([
    ['plain.pdf', 'form-data; name="0"; filename="plain.pdf"'],
    ['Q3 review (final).pdf', 'form-data; name="0"; filename="Q3 review (final).pdf"'],
    ['Rapport été (v2).pdf', `form-data; name="0"; filename="Rapport _t_ (v2).pdf"; filename*=UTF-8''Rapport%20%C3%A9t%C3%A9%20%28v2%29.pdf`],
    ["it's*ok!.txt", `form-data; name="0"; filename="it's*ok!.txt"`],
    ['報告書 (1).pdf', `form-data; name="0"; filename="___ (1).pdf"; filename*=UTF-8''%E5%A0%B1%E5%91%8A%E6%9B%B8%20%281%29.pdf`],
  ])('%s', (name, want) => expect(dispositionFor(name)).toBe(want));
});

describe('uploads with unusual names', () => {
  it('every name uploads, and keeps its bytes', async () => {
    sandbox = await startSandbox({ workspaces: [{ name: 'target', model: 'fresh', rateLimit: false, timeline: false }] });
    const ws = sandbox.workspace('target');
    const field = ws.index.bySingular.get('attachment')!.fields.find((f) => f.name === 'file')!;
    for (const name of ['Q3 review (final).txt', 'Rapport été (v2).txt', "it's*here!.txt", '報告書 (1).txt']) {
      const bytes = Buffer.from(`bytes of ${name}`);
      async function* body() {
        yield bytes;
      }
      const r = await uploadFilesFieldFile({ url: sandbox.url, apiKey: ws.apiKey }, { fieldMetadataId: field.id, filename: name, mimeType: 'text/plain', body: body(), size: bytes.length });
      expect({ name, size: r.size }).toEqual({ name, size: bytes.length });
    }
  });
});
