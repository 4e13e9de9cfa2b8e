/**
 * The SDK type-checks against both versions a real migration crosses: the Twenty 1.2.0 source
 * (generated/source-1.2/, typed from the documents recorded from a real 1.2 server) and the 2.21 target
 * (generated/target/). The typed client is created over each version's `paths`, and the record shapes the SDK
 * reads are asserted to differ where the versions differ. The assertions are types (`expectTypeOf`): `npm test`
 * type-checks this file before vitest runs, so it fails when a regenerated client loses one of these differences
 * (or gains one the SDK does not expect).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { paths as Core12 } from '../../generated/source-1.2/core.js';
import type { paths as Metadata12 } from '../../generated/source-1.2/metadata.js';
import type { paths as Core221 } from '../../generated/target/core.js';
import type { paths as Metadata221 } from '../../generated/target/metadata.js';
import { createTwentyClient, listRecords, request, type TwentyClient } from '../../sdk/client/index.js';

/** A server that answers every request with `body` (the shapes below are what 1.2 and 2.21 send). */
const answering = (body: unknown): typeof fetch => async () =>
  new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });

function clientOver<Paths extends {}>(body: unknown, api: 'core' | 'metadata' = 'core'): TwentyClient<Paths> {
  return createTwentyClient<Paths>({ baseUrl: 'http://localhost:3000', apiKey: 'test-key', api, fetch: answering(body), rateLimit: false, retry: false });
}

const page = (plural: string, rows: object[]) => ({ data: { [plural]: rows }, pageInfo: { hasNextPage: false }, totalCount: rows.length });
const note = 'f0d5bd8f-0f2a-4bd6-9a3e-3c7b0a6a0001';
const person = 'f0d5bd8f-0f2a-4bd6-9a3e-3c7b0a6a0002';

describe('the typed client over Twenty 1.2 and 2.21', () => {
  it('lists noteTargets: a 1.2 link is personId, a 2.21 link targetPersonId', async () => {
    const source = clientOver<Core12>(page('noteTargets', [{ id: 'a', noteId: note, personId: person }]));
    const target = clientOver<Core221>(page('noteTargets', [{ id: 'b', noteId: note, targetPersonId: person }]));
    const s = await source.GET('/noteTargets', { params: { query: { limit: 60, depth: 0 } } });
    const t = await target.GET('/noteTargets', { params: { query: { limit: 200, depth: 0 } } });
    const fromSource = s.data?.data?.noteTargets?.[0];
    const fromTarget = t.data?.data?.noteTargets?.[0];
    expect([fromSource?.noteId, fromSource?.personId]).toEqual([note, person]);
    expect([fromTarget?.noteId, fromTarget?.targetPersonId]).toEqual([note, person]);

    type SourceLink = NonNullable<typeof fromSource>;
    type TargetLink = NonNullable<typeof fromTarget>;
    // 1.2: one column per linkable object, named after it (custom objects too: rocketId, petId)
    expectTypeOf<SourceLink>().toHaveProperty('personId');
    expectTypeOf<SourceLink>().toHaveProperty('companyId');
    expectTypeOf<SourceLink>().toHaveProperty('opportunityId');
    expectTypeOf<SourceLink>().toHaveProperty('rocketId');
    expectTypeOf<SourceLink>().not.toHaveProperty('targetPersonId');
    expectTypeOf<SourceLink>().not.toHaveProperty('position');
    // 2.21: the morph relation's columns, target<Object>Id
    expectTypeOf<TargetLink>().toHaveProperty('targetPersonId');
    expectTypeOf<TargetLink>().toHaveProperty('targetCompanyId');
    expectTypeOf<TargetLink>().toHaveProperty('targetOpportunityId');
    expectTypeOf<TargetLink>().not.toHaveProperty('personId');
    expectTypeOf<TargetLink>().not.toHaveProperty('companyId');
    // both: the note side kept its name
    expectTypeOf<SourceLink['noteId']>().toEqualTypeOf<TargetLink['noteId']>();
  });

  it('lists companies and people with the same envelope and different standard fields', async () => {
    const source = clientOver<Core12>(page('companies', [{ id: 'c', name: 'Acme', xLink: { primaryLinkUrl: 'https://x.com/acme' } }]));
    const target = clientOver<Core221>(page('companies', [{ id: 'c', name: 'Acme' }]));
    const s = await source.GET('/companies', { params: { query: { limit: 60 } } });
    const t = await target.GET('/companies', { params: { query: { limit: 60 } } });
    expect(s.data?.data?.companies?.[0]?.xLink?.primaryLinkUrl).toBe('https://x.com/acme');
    expect(t.data?.totalCount).toBe(1);

    type SourceCompany = NonNullable<NonNullable<NonNullable<typeof s.data>['data']>['companies']>[number];
    type TargetCompany = NonNullable<NonNullable<NonNullable<typeof t.data>['data']>['companies']>[number];
    type SourcePerson = NonNullable<NonNullable<Core12['/people']['get']['responses'][200]['content']['application/json']['data']>['people']>[number];
    type TargetPerson = NonNullable<NonNullable<Core221['/people']['get']['responses'][200]['content']['application/json']['data']>['people']>[number];
    // the list envelope the SDK pages through (listPages) is the same
    expectTypeOf<keyof NonNullable<typeof s.data>>().toEqualTypeOf<keyof NonNullable<typeof t.data>>();
    expectTypeOf<NonNullable<typeof s.data>['pageInfo']>().toEqualTypeOf<NonNullable<typeof t.data>['pageInfo']>();
    expectTypeOf<SourceCompany['name']>().toEqualTypeOf<TargetCompany['name']>();
    // standard on 1.2, gone from a fresh 2.21 workspace (the plan creates them as custom fields: issue 12)
    expectTypeOf<SourceCompany>().toHaveProperty('xLink');
    expectTypeOf<SourceCompany>().toHaveProperty('annualRecurringRevenue');
    expectTypeOf<SourceCompany>().toHaveProperty('employees');
    expectTypeOf<TargetCompany>().not.toHaveProperty('xLink');
    expectTypeOf<TargetCompany>().not.toHaveProperty('annualRecurringRevenue');
    expectTypeOf<TargetCompany>().not.toHaveProperty('employees');
    // new in 2.x
    expectTypeOf<TargetCompany>().toHaveProperty('updatedBy');
    expectTypeOf<SourceCompany>().not.toHaveProperty('updatedBy');
    expectTypeOf<SourcePerson>().toHaveProperty('city');
    expectTypeOf<TargetPerson>().not.toHaveProperty('city');
    expectTypeOf<TargetPerson>().toHaveProperty('avatarFile');
    expectTypeOf<SourcePerson>().not.toHaveProperty('avatarFile');
  });

  it('has views in core on 1.2 and in metadata on 2.21, and restore/merge/groupBy only on 2.21', () => {
    expectTypeOf<Core12>().toHaveProperty('/views');
    expectTypeOf<Core12>().toHaveProperty('/favorites');
    expectTypeOf<Core221>().not.toHaveProperty('/views');
    expectTypeOf<Core221>().not.toHaveProperty('/favorites');
    expectTypeOf<Metadata221>().toHaveProperty('/views');
    expectTypeOf<Metadata12>().not.toHaveProperty('/views');
    expectTypeOf<Core221>().toHaveProperty('/restore/companies');
    expectTypeOf<Core221>().toHaveProperty('/companies/merge');
    expectTypeOf<Core221>().toHaveProperty('/companies/groupBy');
    expectTypeOf<Core12>().not.toHaveProperty('/restore/companies');
    expectTypeOf<Core12>().not.toHaveProperty('/companies/merge');
    expectTypeOf<Core12>().not.toHaveProperty('/companies/groupBy');
    // both: one record, many, batches, duplicates
    for (const path of ['/companies', '/companies/{id}', '/batch/companies', '/companies/duplicates'] as const) {
      expectTypeOf<Core12>().toHaveProperty(path);
      expectTypeOf<Core221>().toHaveProperty(path);
    }
  });

  it('reads metadata objects in the same envelope; 1.2 describes their fields as a connection, 2.21 as a list', async () => {
    const objects = { data: { objects: [{ id: 'o', nameSingular: 'company', namePlural: 'companies' }] } };
    const source = clientOver<Metadata12>(objects, 'metadata');
    const target = clientOver<Metadata221>(objects, 'metadata');
    const s = await source.GET('/objects');
    const t = await target.GET('/objects');
    expect(s.data?.data?.objects?.[0]?.namePlural).toBe('companies');
    expect(t.data?.data?.objects?.[0]?.namePlural).toBe('companies');

    type SourceObject = NonNullable<NonNullable<NonNullable<typeof s.data>['data']>['objects']>[number];
    type TargetObject = NonNullable<NonNullable<NonNullable<typeof t.data>['data']>['objects']>[number];
    expectTypeOf<SourceObject['namePlural']>().toEqualTypeOf<TargetObject['namePlural']>();
    expectTypeOf<NonNullable<SourceObject['fields']>>().toHaveProperty('edges');
    expectTypeOf<NonNullable<TargetObject['fields']>>().toBeArray();
  });

  it("passes either version's client to the SDK's untyped helpers (listRecords, request)", async () => {
    const source = clientOver<Core12>(page('noteTargets', [{ id: 'a', noteId: note, personId: person }]));
    const target = clientOver<Core221>(page('noteTargets', [{ id: 'b', noteId: note, targetPersonId: person }]));
    const rows: Record<string, unknown>[] = [];
    for (const client of [source, target] as const) for await (const row of listRecords(client, 'noteTargets')) rows.push(row);
    expect(rows.map((r) => r.personId ?? r.targetPersonId)).toEqual([person, person]);
    const one = await request<{ totalCount?: number }>(source, 'GET', '/{namePlural}', { path: { namePlural: 'noteTargets' } });
    expect(one.data?.totalCount).toBe(1);
  });
});
