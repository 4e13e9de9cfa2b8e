/**
 * `csv import --fill-from-source`: files such as the UI exports them (no creation date, bodies as Markdown only, no
 * note targets, no attachments), imported with the source still reachable. What the files lack comes from the
 * source; what they say wins (an edited body, a row the source does not have); the attachments' files are copied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '../../sdk/migrate.js';
import { csvExport } from '../../sdk/csv/export.js';
import { csvImport, type CsvImportResult } from '../../sdk/csv/import.js';
import { readCsv } from '../../sdk/csv/read.js';
import { cleanupDirs, migrationOptions, startPair, tempDir, type Pair } from '../migrate/helpers.js';

let pair: Pair;
let paths: string[];
let dryRun: CsvImportResult;
let filled: CsvImportResult;
const NEW_PERSON = randomUUID();
let editedNote: string;
const rows = (side: 'source' | 'target', o: string) => [...pair.sandbox.workspace(side).table(o)!.rows.values()] as Array<Record<string, any>>;
const live = (side: 'source' | 'target', o: string) => rows(side, o).filter((r) => !r.deletedAt);
const open = async () => connect(migrationOptions(pair, tempDir()));
const cell = (x: string) => (/[,"\n\r]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x);

/** The file without the columns `drop` matches, each row through `edit` (cells by header). */
function strip(path: string, drop: RegExp, edit: (row: Record<string, string>) => void = () => {}, extra: Array<Record<string, string>> = []): string {
  const f = readCsv(path);
  const keep = f.headers.map((h, i) => (drop.test(h) ? -1 : i)).filter((i) => i >= 0);
  const lines = [keep.map((i) => f.headers[i]).map(cell).join(',')];
  for (const r of [...f.rows.map((x) => Object.fromEntries(f.headers.map((h, i) => [h, x.cells[i]]))), ...extra]) {
    edit(r);
    lines.push(keep.map((i) => cell(r[f.headers[i]] ?? '')).join(','));
  }
  const out = join(tempDir(), path.split('/').pop()!);
  writeFileSync(out, lines.join('\n'));
  return out;
}

beforeAll(async () => {
  pair = await startPair({ records: 150, seed: 64, target: { workflowDelayMs: false } });
  const exported = await csvExport((await open()).source, { dir: `${tempDir()}/csv`, objects: ['companies', 'people', 'opportunities', 'notes'] });
  editedNote = live('source', 'note').find((n) => n.bodyV2?.markdown)!.id;
  const fileOf = (o: string) => exported.files.find((f) => f.object === o)!.file;
  const noDates = /^(Creation date|Last update)$/;
  paths = [
    strip(fileOf('companies'), noDates),
    strip(fileOf('people'), noDates, () => {}, [{ Id: NEW_PERSON, 'Name / First Name': 'Only', 'Name / Last Name': 'InTheFile' }]),
    strip(fileOf('opportunities'), noDates),
    strip(fileOf('notes'), /^(Creation date|Last update|Body \/ BlockNote)$/, (r) => {
      if (r.Id === editedNote) r['Body / Markdown'] = 'Rewritten in the spreadsheet.';
    }),
  ];
  const settle = { intervalMs: 10, timeoutMs: 200 };
  dryRun = await csvImport((await open()).target, paths, { runDir: tempDir(), onUnmatchedMember: { kind: 'empty' }, dryRun: true, settle });
  const m = await open();
  filled = await csvImport(m.target, paths, { runDir: tempDir(), onUnmatchedMember: { kind: 'empty' }, source: m.source, fillFromSource: true, settle });
}, 180_000);

afterAll(async () => {
  await pair?.close();
  cleanupDirs();
});

describe('csv import without --fill-from-source', () => {
  it('lists what the files lack and offers to take it from the source', () => {
    expect(dryRun.gaps.children).toEqual(expect.arrayContaining(['noteTargets', 'attachments']));
    expect(dryRun.gaps.fields.find((g) => g.object === 'notes')!.keys).toEqual(expect.arrayContaining(['createdAt', 'bodyV2']));
    const said = dryRun.notCarried.join('\n');
    expect(said).toMatch(/noteTargets: in no file .*--fill-from-source/);
    expect(said).toMatch(/note\.csv has no creation date column/);
    expect(said).toMatch(/note\.csv holds bodyV2 as Markdown only/);
  });
});

describe('csv import --fill-from-source', () => {
  it('imports and verifies green, the attachments\' files included', () => {
    expect(filled.status).toBe('ok');
    expect(filled.report!.status).toBe('pass');
    expect(filled.files!.copied).toBeGreaterThan(0);
    expect(filled.files!.failed).toBe(0);
    expect(filled.report!.checklist.find((c) => /Every file copied/.test(c.check))?.status).toBe('pass');
  });

  it('takes the creation dates and the bodies\' formatting from the source', () => {
    const target = new Map(live('target', 'note').map((n) => [n.id, n]));
    const notes = live('source', 'note').filter((n) => n.id !== editedNote);
    for (const n of notes) expect({ id: n.id, createdAt: target.get(n.id)!.createdAt, blocknote: target.get(n.id)!.bodyV2?.blocknote ?? null }).toEqual({ id: n.id, createdAt: n.createdAt, blocknote: n.bodyV2?.blocknote ?? null });
    const people = new Map(live('target', 'person').map((p) => [p.id, p]));
    for (const p of live('source', 'person')) expect(people.get(p.id)?.createdAt).toBe(p.createdAt);
  });

  it('keeps what the files say: an edited body, a row the source does not have', () => {
    const note = live('target', 'note').find((n) => n.id === editedNote)!;
    expect(note.bodyV2.markdown).toBe('Rewritten in the spreadsheet.');
    expect(filled.fill!.objects.find((o) => o.object === 'notes')!.richTextKept).toBe(1);
    expect(live('target', 'person').find((p) => p.id === NEW_PERSON)?.name).toMatchObject({ firstName: 'Only', lastName: 'InTheFile' });
    expect(filled.fill!.objects.find((o) => o.object === 'people')!.notInSource).toBe(1);
    expect(filled.notCarried.join('\n')).toMatch(/people: 1 row\(s\) have an id the source does not hold/);
  });

  it('brings the note targets and attachments of the files\' records, and only those', () => {
    const inFiles = new Set(['company', 'person', 'opportunity', 'note'].flatMap((o) => live('source', o).map((r) => r.id)));
    const wanted = live('source', 'noteTarget').filter((t) => inFiles.has(t.noteId));
    expect(wanted.length).toBeGreaterThan(0);
    const got = new Map(live('target', 'noteTarget').map((t) => [t.id, t]));
    for (const t of wanted) expect(got.get(t.id)).toMatchObject({ noteId: t.noteId, targetPersonId: t.targetPersonId ?? null, targetCompanyId: t.targetCompanyId ?? null });
    expect(got.size).toBe(wanted.length);
    const attachments = live('source', 'attachment').filter((a) => Object.entries(a).some(([k, v]) => k.endsWith('Id') && k !== 'id' && typeof v === 'string' && inFiles.has(v)));
    expect(attachments.length).toBeGreaterThan(0);
    expect(new Set(live('target', 'attachment').map((a) => a.id))).toEqual(new Set(attachments.map((a) => a.id)));
  });
});
