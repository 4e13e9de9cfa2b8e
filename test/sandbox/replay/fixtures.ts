/**
 * The two recorded workspaces as the replay needs them before its first request:
 * SOURCE ("Apple", seeded: 599 companies, 1200 people, 400 attachments, pets...), primed from the recordings (recorded
 * records keep their ids and their places in id order; fillers make up the recorded counts), and TARGET (signed up),
 * which the sandbox's sign-up prefill fills.
 */
import type { Row } from '../records/table.js';
import type { SandboxWorkspace } from '../workspace.js';
import type { Transcript } from '../../support/shared.js';
import { decodeCursor } from '../query/cursor.js';
import { workflowPrefillIds } from '../prefill/workflows.js';
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

/**
 * TARGET is a sandbox workspace with `prefill: 'signup'` (its companies, people and workflows are sign-up's). Sign-up
 * derives the workflow ids from the workspace id (uuid v5), so the recorded ones map onto the sandbox's: recorded id →
 * sandbox id, for the replay's id map. The recorded workspace id is in any TARGET metadata answer.
 */
export function prefilledTargetIds(ws: SandboxWorkspace, transcripts: Transcript[]): Map<string, string> {
  const objects = transcripts.find((t) => t.name === 'metadata-objects-list-target')!.response.body.data as Array<{ workspaceId: string }>;
  const recorded = workflowPrefillIds(objects[0].workspaceId);
  const mine = workflowPrefillIds(ws.workspaceId);
  return new Map(Object.entries(recorded).map(([key, id]) => [id, mine[key as keyof typeof mine]]));
}
