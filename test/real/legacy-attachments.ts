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

/** A 1×1 transparent PNG. */
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** A one-page PDF with `text` on it (objects and xref written out, so PDF readers and sniffers accept it). */
function minimalPdf(text: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    (() => { const stream = `BT /F1 12 Tf 10 50 Td (${text}) Tj ET`; return `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`; })(),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export interface LegacyAttachment { id: string; name: string; bytes: number }

/** Adds `n` attachments (text, PDF-like, PNG-like bytes) to people and companies of a 1.x source. */
export async function addLegacyAttachments(src: Instance, n = 6): Promise<LegacyAttachment[]> {
  const people = (await call(src, '/rest/people?limit=3')).json.data.people as Array<{ id: string }>;
  const companies = (await call(src, '/rest/companies?limit=3')).json.data.companies as Array<{ id: string }>;
  const members = (await call(src, '/rest/workspaceMembers?limit=5')).json.data.workspaceMembers as Array<{ id: string }>;
  // Real formats: 2.21 sniffs the bytes and refuses a .pdf or .png that is not one (1.2 did not check).
  const kinds = [
    { ext: 'txt', mime: 'text/plain', type: 'TextDocument', bytes: (i: number) => Buffer.from(`twenty-migrate 1.x attachment ${i}\n${'x'.repeat(1000 * i)}`) },
    { ext: 'pdf', mime: 'application/pdf', type: 'TextDocument', bytes: (i: number) => minimalPdf(`twenty-migrate 1.x attachment ${i}`) },
    { ext: 'png', mime: 'image/png', type: 'Image', bytes: () => PNG_1X1 },
  ];
  const out: LegacyAttachment[] = [];
  for (let i = 0; i < n; i++) {
    const k = kinds[i % kinds.length];
    const name = `legacy-${i + 1}.${k.ext}`;
    const bytes = k.bytes(i + 1);
    const fullPath = await uploadLegacy(src, name, bytes, k.mime);
    const link = i % 2 ? { companyId: companies[i % companies.length].id } : { personId: people[i % people.length].id };
    const { status, json } = await call(src, '/rest/attachments', { method: 'POST', body: { name, fullPath, type: k.type, authorId: members[i % members.length].id, ...link } });
    if (status >= 300) throw new Error(`1.x attachment ${name}: HTTP ${status} ${JSON.stringify(json).slice(0, 300)}`);
    out.push({ id: json.data.createAttachment.id, name, bytes: bytes.length });
  }
  return out;
}
