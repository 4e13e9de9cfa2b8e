/**
 * The sandbox's files as Twenty 2.21 keeps them: GraphQL multipart uploads on /metadata (files-field.resolver.ts),
 * FILES values bound to uploads by the rules of files-field-sync.ts (messages as the server words them), signed
 * downloads served as streams, and rich-text image URLs re-signed on read.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundaryOf, parseMultipart } from './files/multipart.js';
import { startSandbox, type Sandbox } from './server.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ workspaces: [{ name: 'ws', rateLimit: false, timeline: false }] });
});
afterAll(() => sandbox.close());

const ws = () => sandbox.workspace('ws');
const fieldOf = (object: string, field: string) => ws().index.bySingular.get(object)!.fields.find((f) => f.name === field)!;
const auth = () => ({ authorization: `Bearer ${ws().apiKey}` });

const UPLOAD = `mutation UploadFilesFieldFile($file: Upload!, $fieldMetadataId: String!) {
  uploadFilesFieldFile(file: $file, fieldMetadataId: $fieldMetadataId) { id path size createdAt url }
}`;

async function upload(bytes: Buffer | Blob, filename: string, variables: Record<string, unknown>, query = UPLOAD, headers: Record<string, string> = auth()) {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query, variables: { file: null, ...variables } }));
  form.append('map', JSON.stringify({ 0: ['variables.file'] }));
  form.append('0', bytes instanceof Blob ? bytes : new Blob([new Uint8Array(bytes)]), filename);
  const res = await fetch(`${sandbox.url}/metadata`, { method: 'POST', headers, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

const uploadFor = async (object: string, field: string, bytes: Buffer, filename: string) => {
  const r = await upload(bytes, filename, { fieldMetadataId: fieldOf(object, field).id });
  expect(r.body.errors).toBeUndefined();
  return r.body.data.uploadFilesFieldFile as { id: string; path: string; size: number; createdAt: string; url: string };
};

async function rest(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sandbox.url}/rest${path}`, { method, headers: { ...auth(), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

const sha = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('uploads on POST /metadata (GraphQL multipart)', () => {
  it('answers the FileWithSignedUrl of uploadFilesFieldFile; the signed url serves the bytes without a key', async () => {
    const bytes = Buffer.from('%PDF-1.4 hello');
    const file = await uploadFor('attachment', 'file', bytes, 'Contract.pdf');
    expect(file).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/), size: bytes.length, createdAt: expect.any(String),
      path: `files-field/20202020-15db-460e-8166-c7b5d87ad4be/${file.id}.pdf`,
      url: expect.stringMatching(new RegExp(`/file/files-field/${file.id}\\?token=`)),
    });
    const res = await fetch(file.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
  });

  it('answers only the selected fields, and uploads by universalIdentifier too', async () => {
    const query = `mutation ($file: Upload!, $fieldMetadataUniversalIdentifier: String!) {
      uploadFilesFieldFileByUniversalIdentifier(file: $file, fieldMetadataUniversalIdentifier: $fieldMetadataUniversalIdentifier) { id url }
    }`;
    const r = await upload(Buffer.from('x'), 'a.txt', { fieldMetadataUniversalIdentifier: '20202020-a7c9-4e3d-8f1b-2d5a6b7c8e9f' }, query);
    expect(Object.keys(r.body.data.uploadFilesFieldFileByUniversalIdentifier)).toEqual(['id', 'url']);
    expect(ws().files.get(r.body.data.uploadFilesFieldFileByUniversalIdentifier.id)).toMatchObject({ temporary: true, path: expect.stringContaining('20202020-a7c9-4e3d-8f1b-2d5a6b7c8e9f') });
  });

  it('answers GraphQL errors: unknown field, other operation, no key; a malformed body is a 400', async () => {
    const unknown = await upload(Buffer.from('x'), 'a.txt', { fieldMetadataId: randomUUID() });
    expect(unknown.body.errors[0]).toMatchObject({ message: expect.stringContaining('Could not find any entity of type "FieldMetadataEntity"'), extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    const other = await upload(Buffer.from('x'), 'a.txt', {}, 'mutation ($file: Upload!) { uploadImage(file: $file) }');
    expect(other.body.errors[0]).toMatchObject({ message: expect.stringContaining('uploadFilesFieldFile'), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const anonymous = await upload(Buffer.from('x'), 'a.txt', { fieldMetadataId: fieldOf('attachment', 'file').id }, UPLOAD, {});
    expect(anonymous.body.errors[0]).toMatchObject({ message: 'Missing authentication token', extensions: { code: 'UNAUTHENTICATED' } });
    const before = ws().files.size;
    const torn = await fetch(`${sandbox.url}/metadata`, {
      method: 'POST', headers: { ...auth(), 'content-type': 'multipart/form-data; boundary=XyZ' },
      body: `--XyZ\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: UPLOAD, variables: { file: null, fieldMetadataId: fieldOf('attachment', 'file').id } })}\r\n--XyZ\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}\r\n--XyZ\r\nContent-Disposition: form-data; name="0"; filename="cut.bin"\r\n\r\nonly half`,
    });
    expect(torn.status).toBe(400);
    expect(ws().files.size).toBe(before); // a body that ends early stores nothing
  });

  it('streams a large upload to disk and back (no whole-body buffering)', async () => {
    const size = 24 * 1024 * 1024 + 3;
    const chunk = Buffer.alloc(1 << 20, 7);
    const hash = createHash('sha256');
    const parts: Uint8Array[] = [];
    for (let left = size; left > 0; left -= chunk.length) {
      const piece = chunk.subarray(0, Math.min(chunk.length, left));
      hash.update(piece);
      parts.push(piece);
    }
    const r = await upload(new Blob(parts), 'big.bin', { fieldMetadataId: fieldOf('attachment', 'file').id });
    const big = r.body.data.uploadFilesFieldFile;
    expect(big.size).toBe(size);
    const down = createHash('sha256');
    let n = 0;
    for await (const c of (await fetch(big.url)).body!) {
      down.update(c);
      n += c.length;
    }
    expect([n, down.digest('hex')]).toEqual([size, hash.digest('hex')]);
  });
});

describe('FILES values follow files-field-sync.ts', () => {
  it('binds a temporary upload to the record that references it, then refuses it elsewhere', async () => {
    const file = await uploadFor('attachment', 'file', Buffer.from('%PDF-1.4 a'), 'NDA.pdf');
    const created = await rest('POST', '/attachments', { name: 'NDA.pdf', file: [{ fileId: file.id, label: 'NDA.pdf' }] });
    expect(created.status).toBe(201);
    const stored = created.body.data.createAttachment.file;
    // extension is path.extname(file.path): with its dot, as the server code sets it
    expect(stored).toEqual([{ label: 'NDA.pdf', fileId: file.id, extension: '.pdf', url: expect.stringContaining(`/file/files-field/${file.id}?token=`) }]);
    expect(ws().files.get(file.id)).toMatchObject({ temporary: false });

    const again = await rest('POST', '/attachments', { name: 'copy', file: [{ fileId: file.id, label: 'copy' }] });
    expect(again).toEqual({ status: 400, body: { statusCode: 400, error: 'BadRequestException', messages: [`File ${file.id} is already associated with a permanent files field`] } });

    // The same value written again to the same record is an update of its label: accepted.
    const id = created.body.data.createAttachment.id;
    const relabel = await rest('PATCH', `/attachments/${id}`, { file: [{ fileId: file.id, label: 'NDA (signed).pdf' }] });
    expect(relabel.status).toBe(200);
    expect(relabel.body.data.updateAttachment.file[0]).toMatchObject({ label: 'NDA (signed).pdf', extension: '.pdf' });
    const upsert = await rest('POST', '/batch/attachments?upsert=true', [{ id, file: [{ fileId: file.id, label: 'NDA.pdf' }] }]);
    expect(upsert.status).toBe(201);

    // Removing it deletes the file.
    await rest('PATCH', `/attachments/${id}`, { file: [] });
    expect(ws().files.has(file.id)).toBe(false);
  });

  it('refuses unknown files, files of another field, and more files than maxNumberOfValues', async () => {
    const missing = randomUUID();
    expect((await rest('POST', '/attachments', { name: 'x', file: [{ fileId: missing, label: 'x' }] })).body.messages).toEqual([`File not found: ${missing}`]);
    const avatar = await uploadFor('person', 'avatarFile', Buffer.from('png'), 'me.png');
    expect((await rest('POST', '/attachments', { name: 'x', file: [{ fileId: avatar.id, label: 'x' }] })).body.messages).toEqual([`File ${avatar.id} was not uploaded for this field`]);
    const a = await uploadFor('attachment', 'file', Buffer.from('a'), 'a.txt');
    const b = await uploadFor('attachment', 'file', Buffer.from('b'), 'b.txt');
    expect((await rest('POST', '/attachments', { name: 'x', file: [{ fileId: a.id, label: 'a' }, { fileId: b.id, label: 'b' }] })).body.messages).toEqual(['Max number of files is 1']);
    // nothing was bound by the refused writes
    expect(ws().files.get(a.id)).toMatchObject({ temporary: true });
    const person = await rest('POST', '/people', { name: { firstName: 'A', lastName: 'B' }, avatarFile: [{ fileId: avatar.id, label: 'me.png' }] });
    expect(person.status).toBe(201);
  });
});

describe('rich text served as 2.21 does', () => {
  it('re-signs top-level image URLs of /file/files-field/<id> for this server, whatever host they named', async () => {
    const image = await uploadFor('attachment', 'file', Buffer.from('png'), 'shot.png');
    const blocks = [
      { id: randomUUID(), type: 'image', props: { url: `https://elsewhere.example.com/file/files-field/${image.id}?token=old`, name: 'shot.png', attachmentFileId: image.id }, children: [] },
      { id: randomUUID(), type: 'paragraph', props: {}, content: [{ type: 'link', href: 'https://example.com', content: [] }], children: [] },
    ];
    const note = await rest('POST', '/notes', { title: 'n', bodyV2: { blocknote: JSON.stringify(blocks), markdown: `![shot.png](https://elsewhere.example.com/file/files-field/${image.id})` } });
    const read = await rest('GET', `/notes/${note.body.data.createNote.id}`);
    const served = JSON.parse(read.body.data.note.bodyV2.blocknote);
    expect(served[0].props.url).toMatch(new RegExp(`^${sandbox.url}/file/files-field/${image.id}\\?token=`));
    expect(served[0].props.attachmentFileId).toBe(image.id);
    expect(served[1]).toEqual(blocks[1]);
    expect((await fetch(served[0].props.url)).status).toBe(200);
  });
});

describe('parseMultipart', () => {
  it('finds delimiters split across chunks (one byte at a time)', async () => {
    const body = Buffer.from('preamble\r\n--b0und\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"a":1}\r\n--b0und\r\nContent-Disposition: form-data; name="0"; filename="x"; filename*=UTF-8\'\'%E5%A0%B1%E5%91%8A.pdf\r\nContent-Type: application/pdf\r\n\r\n\r\n--b0un\r\n--\r\n--b0und--\r\n');
    async function* bytes() {
      for (const b of body) yield Buffer.from([b]);
    }
    const seen: unknown[] = [];
    const data: Buffer[] = [];
    await parseMultipart(bytes(), boundaryOf('multipart/form-data; boundary=b0und')!, {
      field: (name, value) => void seen.push([name, value]),
      fileStart: (h) => void seen.push(h),
      fileChunk: (c) => void data.push(c),
      fileEnd: () => void seen.push('end'),
    });
    expect(seen).toEqual([['operations', '{"a":1}'], { name: '0', filename: '報告.pdf', contentType: 'application/pdf' }, 'end']);
    expect(Buffer.concat(data).toString()).toBe('\r\n--b0un\r\n--');
    expect(sha(Buffer.concat(data))).toBe(sha(Buffer.from('\r\n--b0un\r\n--')));
  });
});
