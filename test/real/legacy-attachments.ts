/**
 * The real 1.2.0 seed has no attachments, so the cross-version test adds some the way 1.2's own front end does
 * (useUploadAttachmentFile.tsx): `uploadFile(file, fileFolder: Attachment)` on `/graphql` (multipart), then an
 * attachment record `{ name, fullPath: <returned path>, type, authorId, <target>Id }`.
 */
import type { Instance } from './env.js';
import { call } from './checker/http.js';

const UPLOAD = `mutation Upload($file: Upload!) { uploadFile(file: $file, fileFolder: Attachment) { path } }`;

async function uploadLegacy(src: Instance, filename: string, bytes: Buffer, mime: string): Promise<string> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: UPLOAD, variables: { file: null } }));
  form.append('map', JSON.stringify({ 0: ['variables.file'] }));
  form.append('0', new Blob([new Uint8Array(bytes)], { type: mime }), filename);
  const { json } = await call(src, '/graphql', { method: 'POST', form });
  const path = json?.data?.uploadFile?.path ?? json?.data?.uploadFile;
  if (json?.errors?.length || typeof path !== 'string') throw new Error(`1.x upload ${filename}: ${JSON.stringify(json).slice(0, 300)}`);
  return path;
}

export interface LegacyAttachment { id: string; name: string; bytes: number }

/** Adds `n` attachments (text, PDF-like, PNG-like bytes) to people and companies of a 1.x source. */
export async function addLegacyAttachments(src: Instance, n = 6): Promise<LegacyAttachment[]> {
  const people = (await call(src, '/rest/people?limit=3')).json.data.people as Array<{ id: string }>;
  const companies = (await call(src, '/rest/companies?limit=3')).json.data.companies as Array<{ id: string }>;
  const members = (await call(src, '/rest/workspaceMembers?limit=5')).json.data.workspaceMembers as Array<{ id: string }>;
  const kinds = [
    { ext: 'txt', mime: 'text/plain', type: 'TextDocument' },
    { ext: 'pdf', mime: 'application/pdf', type: 'TextDocument' },
    { ext: 'png', mime: 'image/png', type: 'Image' },
  ];
  const out: LegacyAttachment[] = [];
  for (let i = 0; i < n; i++) {
    const k = kinds[i % kinds.length];
    const name = `legacy-${i + 1}.${k.ext}`;
    const bytes = Buffer.from(`twenty-migrate 1.x attachment ${i + 1}\n${'x'.repeat(1000 * (i + 1))}`);
    const fullPath = await uploadLegacy(src, name, bytes, k.mime);
    const link = i % 2 ? { companyId: companies[i % companies.length].id } : { personId: people[i % people.length].id };
    const { status, json } = await call(src, '/rest/attachments', { method: 'POST', body: { name, fullPath, type: k.type, authorId: members[i % members.length].id, ...link } });
    if (status >= 300) throw new Error(`1.x attachment ${name}: HTTP ${status} ${JSON.stringify(json).slice(0, 300)}`);
    out.push({ id: json.data.createAttachment.id, name, bytes: bytes.length });
  }
  return out;
}
