/**
 * The trash of a Twenty 1.x source, read through GraphQL: its REST answers an empty page for
 * `deletedAt[is]:NOT_NULL` (seen on a real 1.2.0), so `--include-deleted` would have lost every trashed record.
 */
import { describe, expect, it } from 'vitest';
import { createTwentyClient } from '../../sdk/client/index.js';
import { listDeletedPagesGraphql, selectionOf } from '../../sdk/export/graphql-trash.js';
import type { SchemaField, SchemaObject } from '../../sdk/metadata/types.js';

const base = { description: null, icon: null, isCustom: false, isSystem: false, isActive: true, isNullable: true, isUnique: false, defaultValue: null, options: null, settings: null };
const f = (name: string, type: string, extra: Partial<SchemaField> = {}): SchemaField => ({ ...base, id: name, name, label: name, type, ...extra });
const company: SchemaObject = {
  id: 'o', nameSingular: 'company', namePlural: 'companies', labelSingular: 'Company', labelPlural: 'Companies', description: null, icon: null,
  isCustom: false, isSystem: false, isActive: true, isRemote: false,
  fields: [
    f('id', 'UUID'), f('name', 'TEXT'), f('domainName', 'LINKS'), f('annualRecurringRevenue', 'CURRENCY'), f('createdBy', 'ACTOR'), f('searchVector', 'TS_VECTOR'),
    f('accountOwner', 'RELATION', { relation: { kind: 'MANY_TO_ONE', targetObject: 'workspaceMember', inverseField: null, joinColumn: 'accountOwnerId' } }),
    f('people', 'RELATION', { relation: { kind: 'ONE_TO_MANY', targetObject: 'person', inverseField: 'company' } }),
    f('old', 'TEXT', { isActive: false }),
  ],
};

describe('the trash of a 1.x source', () => {
  it('selects every column as REST would give it: composites with sub-fields, links as join columns', () => {
    expect(company.fields.map(selectionOf)).toEqual([
      'id', 'name', 'domainName { primaryLinkUrl primaryLinkLabel secondaryLinks }', 'annualRecurringRevenue { amountMicros currencyCode }',
      'createdBy { source workspaceMemberId name context }', null, 'accountOwnerId', null, null,
    ]);
  });

  it('pages through /graphql with the deletedAt filter and the cursor', async () => {
    const sent: string[] = [];
    const rows = [{ id: 'c1', name: 'Gone', deletedAt: '2026-01-01T00:00:00.000Z' }, { id: 'c2', name: 'Also gone' }];
    const fetchImpl: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      const body = JSON.parse(String(init?.body ?? (input instanceof Request ? await input.text() : '{}')));
      sent.push(`${new URL(url).pathname} ${body.query}`);
      const first = !body.query.includes('after:');
      const node = first ? rows[0] : rows[1];
      return new Response(JSON.stringify({ data: { companies: { totalCount: 2, pageInfo: { hasNextPage: first, endCursor: first ? 'Y3Vyc29yMQ==' : null }, edges: [{ node }] } } }), { headers: { 'content-type': 'application/json' } });
    };
    const client = createTwentyClient({ baseUrl: 'http://localhost:3000', apiKey: 'k', api: 'core', fetch: fetchImpl, rateLimit: false, retry: false });
    const pages = [];
    for await (const p of listDeletedPagesGraphql(client, company, { pageSize: 1 })) pages.push(p);
    expect(pages.map((p) => p.records.map((r) => r.id))).toEqual([['c1'], ['c2']]);
    expect(pages[0]).toMatchObject({ totalCount: 2, pageNumber: 1, hasNextPage: true, endCursor: 'Y3Vyc29yMQ==' });
    expect(sent[0]).toMatch(/^\/graphql query TwentyMigrateTrash \{ companies\(filter: \{ deletedAt: \{ is: NOT_NULL \} \}, first: 1\)/);
    expect(sent[1]).toContain('after: "Y3Vyc29yMQ=="');
  });
});
