/**
 * The two recorded workspaces as the replay needs them before its first request:
 * SOURCE ("Apple", seeded: 599 companies, 1200 people, 400 attachments, pets...) and TARGET (signed up: 5 companies,
 * 2 workflows). Recorded records keep their ids and their places in id order; fillers make up the recorded counts.
 */
import type { Row } from '../records/table.js';
import type { SandboxWorkspace } from '../workspace.js';
import type { Transcript } from '../../support/shared.js';
import { decodeCursor } from '../query/cursor.js';
import { cloneRow, fillerId, harvest } from './prime.js';

/** Recorded totals of the SOURCE workspace (list-limit-2, attachments-list-file-field, README). */
const SOURCE_TOTALS: Record<string, number> = { company: 599, person: 1200, attachment: 400 };

/** Ids named in cursors of SOURCE company lists: records that existed though no answer shows them whole. */
function cursorRows(transcripts: Transcript[]): Row[] {
  const rows: Row[] = [];
  for (const t of transcripts) {
    if (t.auth !== 'SOURCE' || t.request.path !== '/rest/companies') continue;
    const p = t.response.body?.pageInfo;
    for (const c of [p?.startCursor, p?.endCursor, t.request.query?.starting_after, t.request.query?.ending_before]) {
      if (typeof c === 'string') rows.push(decodeCursor(c) as Row);
    }
  }
  return rows;
}

/**
 * A 600-byte PDF standing for the recorded attachment (file-download-signed-url downloads 600 bytes of
 * application/pdf).
 */
export const pdfBytes = (size = 600): Buffer => {
  const head = Buffer.from('%PDF-1.4\n% sandbox replay fixture\n');
  const tail = Buffer.from('\n%%EOF\n');
  return Buffer.concat([head, Buffer.alloc(size - head.length - tail.length, 0x20), tail]);
};

export function primeSource(ws: SandboxWorkspace, transcripts: Transcript[]): void {
  const found = harvest(ws, transcripts.filter((t) => t.auth === 'SOURCE'));
  const companies = found.get('company')!;
  const template = companies.get('20202020-a000-4485-94de-70c2a98daef2')!;
  const company = ws.index.bySingular.get('company')!;
  for (const partial of cursorRows(transcripts)) {
    if (!companies.has(partial.id as string)) companies.set(partial.id as string, cloneRow(ws, company, template, partial));
  }
  // list-limit-500-clamped ends its 200-row page at a54d: exactly 199 companies sort before it.
  const boundary = '20202020-a54d-4788-ad29-87923e682305';
  const before = [...companies.keys()].filter((id) => id < boundary).length;
  for (let i = 0; i < 199 - before; i++) {
    const id = `20202020-a4${i.toString(16).padStart(2, '0')}-4000-8000-${String(i).padStart(12, '0')}`;
    companies.set(id, cloneRow(ws, company, template, { id, name: `Filler Co ${i}` }));
  }
  for (const [object, total] of Object.entries(SOURCE_TOTALS)) {
    const rows = found.get(object)!;
    const model = ws.index.bySingular.get(object)!;
    const first = rows.values().next().value!;
    for (let n = 0; rows.size < total; n++) {
      const overrides: Row = { id: fillerId(n), name: object === 'person' ? { firstName: 'Filler', lastName: `${n}` } : `Filler ${n}` };
      if (object === 'person') overrides.emails = { primaryEmail: `filler.${n}@example.com`, additionalEmails: [] };
      rows.set(overrides.id as string, cloneRow(ws, model, first, overrides));
    }
  }
  for (const [object, rows] of found) ws.insertRaw(object, rows.values());
  for (const a of found.get('attachment')!.values()) {
    for (const file of (a.file as Array<{ fileId: string; label: string }> | null) ?? []) {
      ws.files.set(file.fileId, { name: file.label, mimeType: 'application/pdf', bytes: pdfBytes() });
    }
  }
}

/** TARGET's prefilled rows: Notion (the first company by id) and four more, and the two active workflows. */
export function primeTarget(ws: SandboxWorkspace, transcripts: Transcript[]): void {
  const pristine = transcripts.filter((t) => t.name === 'rate-limit-recovered' || t.name === 'side-effect-workflows-list');
  const found = harvest(ws, pristine);
  const companies = found.get('company')!;
  const notion = companies.get('06290608-8bf0-4806-99ae-a715a6a93fad')!;
  const company = ws.index.bySingular.get('company')!;
  for (let n = 1; n <= 4; n++) {
    const id = fillerId(n);
    companies.set(id, cloneRow(ws, company, notion, { id, name: `Prefilled ${n}`, position: 5 - n }));
  }
  for (const [object, rows] of found) ws.insertRaw(object, rows.values());
}
