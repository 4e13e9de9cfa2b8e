/**
 * CSV files written by a Twenty 1.2 source, imported into a 2.21 target (issue 14 across versions). 1.2 names a note
 * target's links `Person Id`, `Company Id`…, where 2.21 has morph fields (`targetPerson`…): read against the target's
 * data model alone, those columns match nothing, and the import stops with CSV_COLUMNS_DO_NOT_MATCH instead of
 * importing link-less note targets. With the source reachable, the files are read against the source's data model
 * and the transform carries 1.2's links into 2.21's morph columns, as in the API path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../sdk/migrate.js';
import { csvExport, type CsvExportResult } from '../../sdk/csv/export.js';
import { csvImport } from '../../sdk/csv/import.js';
import { MigrationError } from '../../sdk/errors.js';
import { seedWorkspace12 } from '../sandbox/flavours/v1-2/index.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';
import { cleanupDirs, optionsBetween, tempDir } from '../migrate/helpers.js';

const OBJECTS = ['companies', 'people', 'notes', 'noteTargets'];
let source: Sandbox;
let target: Sandbox;
let files: CsvExportResult;
const open = async () => connect(optionsBetween(source, target, tempDir()));
const rows = (s: Sandbox, ws: string, o: string) => [...(s.workspace(ws).table(o)?.rows.values() ?? [])].filter((r) => !r.deletedAt);
const settle = { intervalMs: 10, timeoutMs: 200 };

beforeAll(async () => {
  source = await startSandbox({ flavour: '1.2', workspaces: [{ name: 'source', model: 'seeded-1.2', rateLimit: false, timeline: false }] });
  target = await startSandbox({ workspaces: [{ name: 'target', model: 'fresh', rateLimit: false, prefill: 'signup', workflowDelayMs: false }] });
  seedWorkspace12(source.workspace('source'), { records: 120, seed: 14, softDeletedShare: 0 });
  files = await csvExport((await open()).source, { dir: `${tempDir()}/csv`, objects: OBJECTS });
}, 60_000);

afterAll(async () => {
  await Promise.all([source?.close(), target?.close()]);
  cleanupDirs();
});

describe('csv import of files a 1.2 source wrote, into 2.21', () => {
  it('without the source, refuses the note targets file and says why: another version, and what to do', async () => {
    const error = await csvImport((await open()).target, files.files.map((f) => f.file), { runDir: tempDir(), dryRun: true, settle }).catch((e) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error.code).toBe('CSV_COLUMNS_DO_NOT_MATCH');
    expect(error.message).toMatch(/noteTarget\.csv: the file is named for noteTargets, but only \d+ of its \d+ columns match its fields in the target's data model \(not: .*Person Id/);
    expect(error.message).toMatch(/another Twenty version\? Set SOURCE_URL and SOURCE_API_KEY/);
    expect(error.message).toContain('{"noteTarget.csv": {"object": "noteTargets"}}');
  });

  it("with the source, reads them against the source's data model and lands 1.2's links in 2.21's morph columns", async () => {
    const sides = await open();
    const result = await csvImport(sides.target, files.files.map((f) => f.file), { runDir: tempDir(), source: sides.source, onUnmatchedMember: { kind: 'empty' }, settle });
    expect(result.status).toBe('ok');
    expect(result.csv.files.find((f) => f.file === 'noteTarget.csv')?.mapping.unmapped).toEqual([]);
    const got = new Map(rows(target, 'target', 'noteTarget').map((r) => [r.id, r]));
    const inFiles = new Set([...rows(source, 'source', 'person'), ...rows(source, 'source', 'company')].map((r) => r.id));
    const linked = rows(source, 'source', 'noteTarget').filter((t) => inFiles.has(t.personId as string) || inFiles.has(t.companyId as string));
    expect(linked.length).toBeGreaterThan(0);
    for (const t of linked) {
      const r = got.get(t.id as string);
      expect({ id: t.id, person: r?.targetPersonId ?? null, company: r?.targetCompanyId ?? null }).toEqual({ id: t.id, person: t.personId ?? null, company: t.companyId ?? null });
    }
    // links to the source's custom objects, which this target lacks and no file holds, are listed, not lost silently
    const toSurveys = rows(source, 'source', 'noteTarget').filter((t) => t.surveyResultId).length;
    expect(toSurveys).toBeGreaterThan(0);
    expect(result.csv.danglingReferences.filter((d) => d.object === 'surveyResults' && d.file === 'noteTarget.csv').length).toBe(toSurveys);
    expect(result.report?.status).toBe('pass');
  });
});
