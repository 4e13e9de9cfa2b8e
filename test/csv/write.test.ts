/**
 * `csv export`'s files are Twenty 2.21's own: compared byte for byte with the front-end's generateCsv (ported in
 * generate-csv-2.21.ts, on the same json-2-csv), on a hand-made record holding every edge the format has, and on
 * every object of a seeded sandbox workspace.
 */
import { describe, expect, it } from 'vitest';
import { csvColumns, csvWriter, twentyCsv, ZWJ } from '../../sdk/csv/write.js';
import type { SchemaField, SchemaObject } from '../../sdk/metadata/types.js';
import { frontEndCase, generateCsv, processRecordsForCsvExport, uiColumns } from './generate-csv-2.21.js';
import { startSandbox } from '../sandbox/server.js';
import { seedWorkspace } from '../sandbox/seed-workspace.js';
import { readWorkspaceSchema } from '../../sdk/metadata/index.js';
import { createTwentyClient, listRecords } from '../../sdk/client/index.js';

const field = (name: string, label: string, type: string, extra: Partial<SchemaField> = {}): SchemaField => ({
  id: name, name, label, type, isCustom: false, isSystem: false, isActive: true, isNullable: true, isUnique: false, defaultValue: null, options: null, settings: null, ...extra,
});
const object = (fields: SchemaField[]): SchemaObject => ({
  id: 'o', nameSingular: 'deal', namePlural: 'deals', labelSingular: 'Deal', labelPlural: 'Deals', isCustom: true, isSystem: false, isActive: true, isRemote: false, fields,
} as SchemaObject);
describe('csv export writes Twenty 2.21\'s format', () => {
  const deal = object([
    field('id', 'Id', 'UUID'),
    field('big', 'Deal, big', 'CURRENCY'),
    field('calc', '=Calc', 'TEXT'),
    field('company', 'Company', 'RELATION', { relation: { kind: 'MANY_TO_ONE', targetObject: 'company', inverseField: null, joinColumn: 'companyId' } }),
    field('phones', 'Phones', 'PHONES'),
    field('createdBy', 'Created by', 'ACTOR'),
    field('n', 'N', 'NUMBER'),
    field('b', 'B', 'BOOLEAN'),
    field('tags', 'Tags', 'MULTI_SELECT'),
    field('price', '=Price', 'CURRENCY'),
  ]);
  const records = [
    { id: 'a', big: { amountMicros: null, currencyCode: 'USD' }, calc: '-5', companyId: null, phones: { primaryPhoneNumber: '+33612', primaryPhoneCountryCode: 'FR', primaryPhoneCallingCode: '+33', additionalPhones: [] }, createdBy: { source: 'MANUAL', workspaceMemberId: 'w', name: 'John Doe', context: {} }, n: -3.5, b: false, tags: ['A', 'B'], price: { amountMicros: 1234560000, currencyCode: '' } },
    { id: 'b', big: { amountMicros: 12500000, currencyCode: 'EUR' }, calc: 'line1\nline2', companyId: 'c1', phones: { primaryPhoneNumber: '', primaryPhoneCountryCode: '', primaryPhoneCallingCode: '', additionalPhones: null }, createdBy: { source: 'API', workspaceMemberId: null, name: '', context: { provider: 'x' } }, n: 0, b: true, tags: [], price: { amountMicros: 0, currencyCode: 'USD' } },
  ];

  it('byte for byte, on every edge: BOM, quoting, a label with a comma, the injection guard, empty amounts, JSON cells', () => {
    const ours = twentyCsv(deal, records);
    expect(ours).toBe(generateCsv(uiColumns(deal), processRecordsForCsvExport(deal.fields, records)));
    expect(ours.startsWith('\uFEFFId,"""Deal, big"" / Amount","""Deal, big"" / Currency",\u200D=Calc,Company Id,')).toBe(true);
    expect(ours).toContain(`a,0,USD,${ZWJ}-5,,${ZWJ}+33612,FR,${ZWJ}+33,[],MANUAL,w,John Doe,{},-3.5,false,"[""A"",""B""]",1234.56,`);
    expect(ours.endsWith('\n')).toBe(false);
    expect(ours).not.toContain('\r\n');
  });

  it('adds the member e-mail next to each member id column when asked (the guide\'s step 5)', () => {
    const withOwner = object([...deal.fields, field('owner', 'Account Owner', 'RELATION', { relation: { kind: 'MANY_TO_ONE', targetObject: 'workspaceMember', inverseField: null, joinColumn: 'ownerId' } })]);
    const headers = csvColumns(withOwner, { memberEmails: true }).map((c) => c.header);
    expect(headers).toEqual(expect.arrayContaining(['Account Owner Id', 'Account Owner Email', 'Created by / Workspace Member', 'Created by / Workspace Member Email']));
    expect(headers.indexOf('Account Owner Email')).toBe(headers.indexOf('Account Owner Id') + 1);
    const text = twentyCsv(withOwner, [{ ...records[0], ownerId: 'm1' }], { memberEmails: (id) => (id === 'm1' ? 'ann@acme.com' : id === 'w' ? 'w@acme.com' : undefined) });
    expect(text).toMatch(/,m1,ann@acme\.com$/);
    expect(text).toContain(',w,w@acme.com,John Doe,');
  });

  it('matches the front-end\'s export on every object of a seeded workspace', async () => {
    const sandbox = await startSandbox({ workspaces: [{ name: 'source', model: 'seeded', rateLimit: false }] });
    try {
      const ws = sandbox.workspace('source');
      seedWorkspace(ws, { records: 120, seed: 5 });
      const core = createTwentyClient({ baseUrl: sandbox.url, apiKey: ws.apiKey, rateLimit: false });
      const metadata = createTwentyClient({ baseUrl: sandbox.url, apiKey: ws.apiKey, api: 'metadata', rateLimit: false });
      const schema = await readWorkspaceSchema({ metadata, core });
      let compared = 0;
      for (const whole of schema.objects.filter((x) => ['companies', 'people', 'opportunities', 'notes', 'tasks', 'pets'].includes(x.namePlural))) {
        const rows: Array<Record<string, unknown>> = [];
        for await (const r of listRecords(core, whole.namePlural, { pageSize: 60 })) rows.push(r);
        const c = frontEndCase(whole, rows);
        if (!c) continue;
        expect(twentyCsv(c.object, c.records), whole.namePlural).toBe(c.theirs);
        // as csv export writes it, a page at a time (pages of 7, 1 and the rest): the same bytes
        const writer = csvWriter(c.object);
        const pages = [c.records.slice(0, 7), c.records.slice(7, 8), [], c.records.slice(8)];
        expect(writer.start + pages.map((p) => writer.rows(p)).join(''), `${whole.namePlural} by pages`).toBe(c.theirs);
        compared += 1;
      }
      expect(compared).toBeGreaterThanOrEqual(4);
    } finally {
      await sandbox.close();
    }
  });
});
