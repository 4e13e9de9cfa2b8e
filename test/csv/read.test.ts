/**
 * Reading CSV files back (sdk/csv/read.ts, mapping.ts, records.ts, plan.ts): the files `csv export` writes from a
 * seeded sandbox, as they are and as a spreadsheet saves them again (`;`, CRLF, no BOM), must give back the source's
 * records; bad files must be refused with the file, the line and what to do.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../sdk/migrate.js';
import { csvExport, type CsvExportResult } from '../../sdk/csv/export.js';
import { planCsvImport } from '../../sdk/csv/plan.js';
import { readCsv } from '../../sdk/csv/read.js';
import { readMembersCsv } from '../../sdk/csv/members.js';
import { readMappingFile } from '../../sdk/csv/mapping.js';
import { readWorkspaceSchema } from '../../sdk/metadata/index.js';
import type { WorkspaceSchema } from '../../sdk/metadata/types.js';
import { listRecords } from '../../sdk/client/index.js';
import { compareRecord } from '../../sdk/verify/compare.js';
import { isMigrationError } from '../../sdk/errors.js';
import { cleanupDirs, migrationOptions, startPair, tempDir, type Pair } from '../migrate/helpers.js';
import { isMemberEmailColumn, keepColumns } from './reshape.js';

let pair: Pair;
let dir: string;
let exported: CsvExportResult;
let schema: WorkspaceSchema;
const OBJECTS = ['companies', 'people', 'opportunities', 'notes', 'tasks', 'pets'];
const source = new Map<string, Map<string, Record<string, unknown>>>();

beforeAll(async () => {
  pair = await startPair({ records: 150, seed: 51 });
  dir = tempDir();
  const m = await connect(migrationOptions(pair, dir));
  exported = await csvExport(m.source, { dir: join(dir, 'csv'), objects: OBJECTS });
  schema = await readWorkspaceSchema({ metadata: m.source.metadata, core: m.source.core, capabilities: m.source.info.capabilities });
  for (const o of OBJECTS) {
    const rows = new Map<string, Record<string, unknown>>();
    for await (const r of listRecords(m.source.core, o)) rows.set(String(r.id), r);
    source.set(o, rows);
  }
}, 120_000);

afterAll(async () => {
  await pair?.close();
  cleanupDirs();
});

/** Every value read from the files equals the source's (what a CSV can carry). */
async function expectSameAsSource(paths: string[]) {
  const plan = await planCsvImport(paths, schema);
  for (const f of plan.files) expect({ file: f.file, unmapped: f.mapping.unmapped, issues: f.issues }).toEqual({ file: f.file, unmapped: [], issues: {} });
  let compared = 0;
  for (const [object, r] of plan.records) {
    const rows = source.get(object)!;
    expect(r.records.length, object).toBe(rows.size);
    for (const rec of r.records) {
      const differ = compareRecord(rec, rows.get(String(rec.id))!, new Set());
      expect({ object, id: rec.id, differ }).toEqual({ object, id: rec.id, differ: [] });
      compared += 1;
    }
  }
  return { plan, compared };
}

describe('files saved again by LibreOffice 7.4 (test/fixtures/csv-spreadsheets)', () => {
  const fixtures = join(__dirname, '..', 'fixtures', 'csv-spreadsheets');
  const filesIn = (folder: string) => readdirSync(join(fixtures, folder)).filter((f) => f.endsWith('.csv')).sort().map((f) => join(fixtures, folder, f));
  it.each(['libreoffice-semicolon', 'libreoffice-comma'])('%s: read back to the same records as the files Twenty wrote', async (folder) => {
    const original = await planCsvImport(filesIn('twenty'), schema);
    const resaved = await planCsvImport(filesIn(folder), schema);
    expect(resaved.files.map((f) => f.format)).toEqual(resaved.files.map(() => ({ delimiter: folder.endsWith('semicolon') ? ';' : ',', bom: false, lineEnd: 'LF' })));
    for (const f of resaved.files) expect({ file: f.file, unmapped: f.mapping.unmapped, issues: f.issues }).toEqual({ file: f.file, unmapped: [], issues: {} });
    expect(original.records.size).toBe(6);
    // LibreOffice reads a cell of digits as a number: a text such as the post code "00000" comes back as "0". That is
    // the only change it makes, and it cannot be seen in the file itself (README: open the file with text columns).
    const changed: string[] = [];
    for (const [object, r] of original.records) {
      const back = new Map(resaved.records.get(object)!.records.map((x) => [String(x.id), x]));
      expect(back.size, object).toBe(r.records.length);
      for (const rec of r.records) {
        for (const d of compareRecord(rec, back.get(String(rec.id))!, new Set())) {
          expect({ object, field: d.field, lostZeros: typeof d.expected === 'string' && /^0\d*$/.test(d.expected) && d.actual === String(Number(d.expected)) }).toEqual({ object, field: d.field, lostZeros: true });
          changed.push(`${object}.${d.field}`);
        }
      }
    }
    expect(changed.length).toBeGreaterThan(0);
    expect(new Set(changed)).toEqual(new Set(changed.filter((c) => /addressPostcode$/.test(c))));
  });
});

describe('csv import reads the files Twenty exports', () => {
  it('recognises each file\'s object and maps every column', async () => {
    const plan = await planCsvImport(exported.files.map((f) => f.file), schema);
    expect(plan.files.every((f) => f.format.bom && f.format.delimiter === ',' && f.format.lineEnd === 'LF')).toBe(true);
    expect(plan.files.map((f) => [f.file, f.mapping.object, f.mapping.by])).toEqual(expect.arrayContaining([['company.csv', 'companies', 'file name'], ['person.csv', 'people', 'file name']]));
    // imported after what they refer to, whatever order the files were given in
    expect(plan.order.indexOf('companies')).toBeLessThan(plan.order.indexOf('people'));
    expect(plan.order.indexOf('people')).toBeLessThan(plan.order.indexOf('opportunities'));
  });

  it('gives back the source\'s records, value for value', async () => {
    const { compared } = await expectSameAsSource(exported.files.map((f) => f.file));
    expect(compared).toBeGreaterThan(90);
  });

  it('reads them after a spreadsheet saved them again: `;` separators, CRLF, no BOM', async () => {
    mkdirSync(join(dir, 'resaved'), { recursive: true });
    const resaved = exported.files.map((f) => ({ from: f.file, path: join(dir, 'resaved', f.file.split('/').pop()!) }));
    // what LibreOffice writes for a `;` locale: the same cells, `;` between them, CRLF line ends, no BOM
    for (const r of resaved) {
      const csv = readCsv(r.from);
      const quote = (c: string) => (/[;"\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
      const lines = [csv.headers, ...csv.rows.map((x) => x.cells)].map((cells) => cells.map(quote).join(';'));
      writeFileSync(r.path, lines.join('\r\n') + '\r\n');
    }
    const again = readCsv(resaved[0].path);
    expect(again).toMatchObject({ delimiter: ';', bom: false, lineEnd: 'CRLF' });
    await expectSameAsSource(resaved.map((r) => r.path));
  });

  it('recognises a file by its headers when its name says nothing, and reports columns it cannot map', async () => {
    const csv = readFileSync(exported.files.find((f) => f.object === 'people')!.file, 'utf8');
    const [header, ...rest] = csv.split('\n');
    const path = join(dir, 'contacts-export.csv');
    writeFileSync(path, [`${header},Favourite colour`, ...rest.map((l) => `${l},blue`)].join('\n'));
    const plan = await planCsvImport([path], schema);
    expect(plan.files[0].mapping).toMatchObject({ object: 'people', by: 'headers', unmapped: ['Favourite colour'] });
    // a person's company is in no file here: listed, as the target must already hold it
    expect(plan.danglingReferences.some((d) => d.object === 'companies' && d.column === 'Company Id')).toBe(true);
  });
});

describe('bad files get a clear error: the file, the line, what to do', () => {
  const write = (name: string, content: string | Buffer) => {
    const path = join(dir, 'bad', name);
    writeFileSync(path, content, { flag: 'w' });
    return path;
  };
  const rejectionOf = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (error) {
      return error;
    }
    throw new Error('no error');
  };
  const errorOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return error;
    }
    throw new Error('no error');
  };
  beforeAll(() => {
    mkdirSync(join(dir, 'bad'), { recursive: true });
  });

  it('a file cut short (a quoted cell never closed)', () => {
    const text = readFileSync(exported.files.find((f) => f.object === 'notes')!.file, 'utf8');
    const cut = text.slice(0, text.indexOf('"', 200) + 5);
    const e = errorOf(() => readCsv(write('note.csv', cut)));
    expect(isMigrationError(e, 'CSV_MALFORMED')).toBe(true);
    expect((e as Error).message).toMatch(/note\.csv: line \d+: a quoted cell is never closed: the file is probably cut short.*Export it again/);
  });

  it('a file in another encoding than UTF-8', () => {
    const e = errorOf(() => readCsv(write('company.csv', Buffer.concat([Buffer.from('Id,Name\n20202020-0000-4000-8000-000000000001,'), Buffer.from('Café Zürich', 'latin1')]))));
    expect(isMigrationError(e, 'CSV_NOT_UTF8')).toBe(true);
    expect((e as Error).message).toMatch(/company\.csv: line 2 is not UTF-8 .*Save the file again as "CSV UTF-8"/);
  });

  it('duplicate headers', () => {
    const e = errorOf(() => readCsv(write('person.csv', 'Id,Job Title,job title\n')));
    expect((e as Error).message).toMatch(/person\.csv: line 1: the column "job title" appears twice \(columns 2 and 3\)/);
  });

  it('a file of no known object', async () => {
    const e = await rejectionOf(planCsvImport([write('export.csv', 'Colour,Size,Weight\nred,2,3\n')], schema));
    expect(isMigrationError(e, 'CSV_UNKNOWN_OBJECT')).toBe(true);
    expect((e as Error).message).toMatch(/export\.csv: its columns \(Colour, Size, Weight\) match no object .*--object/);
  });

  it('a Twenty export of an object the target lacks: says to create it first', async () => {
    const e = await rejectionOf(planCsvImport([write('starship.csv', '\uFEFFId,Name,Warp Factor\n20202020-0000-4000-8000-000000000003,Enterprise,9\n')], schema));
    expect(isMigrationError(e, 'CSV_OBJECT_NOT_IN_TARGET')).toBe(true);
    expect((e as Error).message).toMatch(/starship\.csv: the file is named for an object "starship", which the target's data model does not have\. Create it first/);
  });

  it('ids that are not UUIDs, and values that cannot be read: named by line and column', async () => {
    const path = write('company.csv', '\uFEFFId,Name,Employees,Domain Name / Link URL\n42,Acme,10,acme.com\n20202020-0000-4000-8000-000000000002,Beta,many,beta.com\n');
    const plan = await planCsvImport([path], schema);
    expect(plan.files[0].issues.CSV_ID_NOT_UUID.samples[0]).toMatchObject({ file: 'company.csv', line: 2, column: 'Id' });
    expect(plan.files[0].issues.CSV_NOT_A_NUMBER.samples[0]).toMatchObject({ file: 'company.csv', line: 3, column: 'Employees', message: expect.stringContaining('"many" is not a number') });
    expect(plan.records.get('companies')!.records).toEqual([{ id: '20202020-0000-4000-8000-000000000002', name: 'Beta', domainName: { primaryLinkUrl: 'beta.com' } }]);
  });

  it('relations by a unique value: a company\'s domain or a person\'s e-mail in place of an id', async () => {
    const companies = write('company.csv', 'Id,Name,Domain Name / Link URL\n20202020-0000-4000-8000-000000000010,Acme,https://www.acme.com/\n');
    const people = write('person.csv', 'Id,Name / First Name,Emails / Primary Email,Company Id\n20202020-0000-4000-8000-000000000011,Ann,ann@acme.com,acme.com\n20202020-0000-4000-8000-000000000012,Bob,bob@x.com,nowhere.example\n');
    const plan = await planCsvImport([people, companies], schema);
    const rows = plan.records.get('people')!.records;
    expect(rows.find((r) => r.id === '20202020-0000-4000-8000-000000000011')!.companyId).toBe('20202020-0000-4000-8000-000000000010');
    expect(rows.find((r) => r.id === '20202020-0000-4000-8000-000000000012')!.companyId).toBeUndefined();
    expect(plan.files.find((f) => f.file === 'person.csv')!.issues.CSV_RELATION_NOT_FOUND.samples[0]).toMatchObject({ file: 'person.csv', line: 3, column: 'Company Id', message: expect.stringContaining('"nowhere.example" is not an id and names no company of the files') });
    expect(plan.order).toEqual(['companies', 'people']);
  });

  it('a member id with no e-mail anywhere is listed', async () => {
    // the file as Twenty's own export writes it: member ids, no e-mail columns
    const bare = join(dir, 'bad', 'person.csv');
    expect(keepColumns(exported.files.find((f) => f.object === 'people')!.file, bare, (h, all) => !isMemberEmailColumn(h, all))).toBeGreaterThan(0);
    const plan = await planCsvImport([bare], schema);
    const without = plan.files[0].membersWithoutEmail;
    expect(without.length).toBeGreaterThan(0);
    // Guide step 5 with the source gone: the user's members file, as a spreadsheet saves it (`;`, CRLF), gives them
    const membersFile = write('members.csv', ['Member Id;E-mail', ...without.map((id, i) => `${id};member-${i}@example.org`)].join('\r\n'));
    const emails = readMembersCsv(membersFile);
    const given = await planCsvImport([bare], schema, { memberEmails: emails });
    expect(given.files[0].membersWithoutEmail).toEqual([]);
    expect(emails.get(without[0])).toBe('member-0@example.org');
  });

  it('a mapping file that is not JSON, or names an object the data model lacks', async () => {
    const e = errorOf(() => readMappingFile(write('map.json', '{"person.csv": {"object": "people",}}')));
    expect(isMigrationError(e) && e.code).toBe('CSV_MAPPING_INVALID');
    expect((e as Error).message).toMatch(/map\.json: the mapping file is not valid JSON .*csv import --dry-run writes one/);
    const shape = errorOf(() => readMappingFile(write('map.json', '{"person.csv": {"columns": {"Name": 3}}}')));
    expect((shape as Error).message).toContain('"person.csv".columns["Name"] is neither a field name nor null');
    const mapping = readMappingFile(write('map.json', '{"export.csv": {"object": "starships"}}'));
    const unknown = await rejectionOf(planCsvImport([write('export.csv', 'Name\nEnterprise\n')], schema, { mapping }));
    expect(isMigrationError(unknown) && unknown.code).toBe('CSV_OBJECT_NOT_FOUND');
    expect((unknown as Error).message).toMatch(/export\.csv: the mapping file names the object "starships", which the target's data model does not have\. Use an object's API name/);
  });
});
