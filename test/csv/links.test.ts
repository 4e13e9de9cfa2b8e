/**
 * References the files themselves do not resolve, against what the target already holds, and files without an Id
 * column: a people file imported after its companies, naming them by domain; an id of a company that is in the
 * target but in no file; rows that get the same ids on every run, so a second import duplicates nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '../../sdk/migrate.js';
import { csvExport } from '../../sdk/csv/export.js';
import { csvImport, type CsvImportResult } from '../../sdk/csv/import.js';
import { cleanupDirs, migrationOptions, startPair, tempDir, type Pair } from '../migrate/helpers.js';

let pair: Pair;
let companies: Array<Record<string, any>>;
let first: CsvImportResult;
let again: CsvImportResult;
let peopleFile: string;
let idsAfterFirst: string[];
const settle = { intervalMs: 10, timeoutMs: 200 };
const live = (side: 'source' | 'target', o: string) => [...pair.sandbox.workspace(side).table(o)!.rows.values()].filter((r: any) => !r.deletedAt) as Array<Record<string, any>>;
const open = async () => connect(migrationOptions(pair, tempDir()));

beforeAll(async () => {
  pair = await startPair({ records: 60, seed: 65, target: { workflowDelayMs: false } });
  // the companies go in first, on their own
  const exported = await csvExport((await open()).source, { dir: `${tempDir()}/csv`, objects: ['companies'] });
  await csvImport((await open()).target, [exported.files[0].file], { runDir: tempDir(), onUnmatchedMember: { kind: 'empty' }, settle });
  companies = live('target', 'company').filter((c) => c.domainName?.primaryLinkUrl);
  // then a hand-made people file: no Id column, companies named by domain (bare, as people type them) or by id
  const bare = (url: string) => url.replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/$/, '');
  const lines = ['Name / First Name,Name / Last Name,Emails / Primary Email,Company Id,Job Title'];
  lines.push(`Ann,Able,ann@example.org,${bare(companies[0].domainName.primaryLinkUrl)},CEO`);
  lines.push(`Bob,Baker,bob@example.org,${companies[1].id},CTO`);
  lines.push(`Cy,Cole,cy@example.org,nowhere.invalid,CFO`);
  lines.push(`Di,Dunn,,,Intern`);
  peopleFile = join(tempDir(), 'people.csv');
  writeFileSync(peopleFile, lines.join('\r\n'));
  const dir = tempDir();
  first = await csvImport((await open()).target, [peopleFile], { runDir: dir, object: 'people', onUnmatchedMember: { kind: 'empty' }, settle });
  idsAfterFirst = live('target', 'person').map((p) => p.id).sort();
  again = await csvImport((await open()).target, [peopleFile], { runDir: tempDir(), object: 'people', onUnmatchedMember: { kind: 'empty' }, settle });
}, 120_000);

afterAll(async () => {
  await pair?.close();
  cleanupDirs();
});

describe('csv import against what the target holds', () => {
  it('links a company named by its domain to the target\'s company, and knows an id the target holds', () => {
    const people = live('target', 'person');
    expect(people.find((p) => p.emails?.primaryEmail === 'ann@example.org')!.companyId).toBe(companies[0].id);
    expect(people.find((p) => p.emails?.primaryEmail === 'bob@example.org')!.companyId).toBe(companies[1].id);
    expect(first.csv.linkedInTarget).toBe(1);
    expect(first.csv.referencesInTarget).toBe(1);
    expect(first.csv.danglingReferences).toEqual([]);
    expect(first.lookupRequests).toBeGreaterThan(0);
  });

  it('reports a value the target does not hold either, by file, line and column', () => {
    const issue = first.csv.files[0].issues.CSV_RELATION_NOT_FOUND.samples[0];
    expect(issue).toMatchObject({ file: 'people.csv', line: 4, column: 'Company Id' });
    expect(issue.message).toMatch(/"nowhere\.invalid" is not an id and names no company of the target/);
    expect(first.status).toBe('ok');
  });

  it('gives rows without an Id column the same ids on every run: a second import, even from another run folder, adds nothing', () => {
    const made = live('target', 'person').filter((p) => /@example\.org$/.test(p.emails?.primaryEmail ?? '') || p.name?.firstName === 'Di');
    expect(made.length).toBe(4);
    expect(again.status).toBe('ok');
    expect(live('target', 'person').filter((p) => /@example\.org$/.test(p.emails?.primaryEmail ?? '') || p.name?.firstName === 'Di').length).toBe(4);
    expect(live('target', 'person').map((p) => p.id).sort()).toEqual(idsAfterFirst);
  });
});
