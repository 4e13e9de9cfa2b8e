/** Filter grammar and evaluation beyond the recordings (Twenty 2.21 source behaviour). */
import { describe, expect, it } from 'vitest';
import { SandboxHttpError } from '../http-error.js';
import { filterMentionsDeletedAt, matchesFilter, parseFilter } from './filter.js';
import { objectNamed, type Row } from './test-fixtures.js';

const company = objectNamed('company');
const person = objectNamed('person');
const pet = objectNamed('pet');

const companies: Row[] = [
  { id: 'c1', name: 'Acme', employees: 10, createdAt: '2024-01-01T00:00:00.000Z', deletedAt: null, tagline: '', visaSponsorship: true, workPolicy: ['ON_SITE'], domainName: { primaryLinkUrl: 'acme.com', primaryLinkLabel: '', secondaryLinks: [] }, accountOwnerId: 'AAAAAAAA-0000-4000-8000-000000000001', createdBy: { source: 'API', name: 'Key', workspaceMemberId: null, context: {} } },
  { id: 'c2', name: 'acme labs', employees: 200, createdAt: '2024-06-01T12:00:00.000Z', deletedAt: null, tagline: 'We build', visaSponsorship: false, workPolicy: ['REMOTE_WORK', 'HYBRID'], domainName: { primaryLinkUrl: '', primaryLinkLabel: '', secondaryLinks: [] }, accountOwnerId: null, createdBy: { source: 'IMPORT', name: '', workspaceMemberId: null, context: {} } },
  { id: 'c3', name: 'Globex', employees: null, createdAt: '2025-01-01T00:00:00.000Z', deletedAt: '2025-02-01T00:00:00.000Z', tagline: null, visaSponsorship: false, workPolicy: [], domainName: null, accountOwnerId: null, createdBy: { source: 'MANUAL', name: 'Tim', workspaceMemberId: null, context: {} } },
  { id: 'c4', name: '9 to 5', employees: 9, createdAt: '2023-12-31T23:59:59.999Z', deletedAt: null, tagline: 'x_y%z', visaSponsorship: null, workPolicy: null, domainName: { primaryLinkUrl: 'nine.io', primaryLinkLabel: '', secondaryLinks: [] }, accountOwnerId: null, createdBy: null },
];

const ids = (filter: string, object = company, rows = companies) => {
  const node = parseFilter(filter, object);
  return rows.filter((r) => matchesFilter(r, node)).map((r) => r.id);
};

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof SandboxHttpError) return (e.body.messages as string[])[0]!;
    throw e;
  }
  throw new Error('did not throw');
};

describe('parseFilter + matchesFilter', () => {
  it.each<[string, string, string[]]>([
    ['eq with double quotes', 'name[eq]:"Acme"', ['c1']],
    ['eq with single quotes', "name[eq]:'Acme'", ['c1']],
    ['eq unquoted', 'name[eq]:Acme', ['c1']],
    ['text is case sensitive', 'name[eq]:"acme"', []],
    ['neq skips NULL rows (SQL)', 'employees[neq]:10', ['c2', 'c4']],
    ['numbers compare as numbers, not strings', 'employees[gt]:9', ['c1', 'c2']],
    ['gte / lte', 'and(employees[gte]:9,employees[lte]:10)', ['c1', 'c4']],
    ['lt with a quoted number', 'employees[lt]:"100"', ['c1', 'c4']],
    ['root-level commas are AND', 'employees[gte]:9,name[startsWith]:"A"', ['c1']],
    ['or', 'or(name[eq]:"Acme",employees[eq]:200)', ['c1', 'c2']],
    ['not', 'not(name[eq]:"Acme")', ['c2', 'c3', 'c4']],
    ['not keeps NULL unknown', 'not(employees[eq]:10)', ['c2', 'c4']],
    ['nested and/or/not', 'and(or(name[ilike]:"acme%",name[eq]:"Globex"),not(employees[gt]:100))', ['c1']], // Globex: employees NULL → not(unknown) excludes it
    ['in list, quoted', 'name[in]:["Acme","Globex"]', ['c1', 'c3']],
    ['in list, unquoted', 'name[in]:[Acme,9 to 5]', ['c1', 'c4']],
    ['in on numbers', 'employees[in]:[9,200]', ['c2', 'c4']],
    ['like is case sensitive, % wildcard', 'name[like]:"%cme%"', ['c1', 'c2']],
    ['like anchors the whole value', 'name[like]:"cme"', []],
    ['like _ wildcard', 'name[like]:"_cme"', ['c1']],
    ['like escaped %', 'tagline[like]:"x_y\\%z"', ['c4']],
    ['ilike ignores case', 'name[ilike]:"ACME%"', ['c1', 'c2']],
    ['startsWith', 'name[startsWith]:"acme"', ['c2']],
    ['endsWith', 'name[endsWith]:"labs"', ['c2']],
    ['startsWith takes % literally', 'tagline[startsWith]:"x_y%"', ['c4']],
    ['dates compare as instants', 'createdAt[gte]:"2024-01-01"', ['c1', 'c2', 'c3']],
    ['dates with offsets', 'createdAt[lt]:"2024-01-01T01:00:00+01:00"', ['c4']],
    ['date eq to the millisecond', 'createdAt[eq]:"2024-06-01T12:00:00Z"', ['c2']],
    ['boolean eq', 'visaSponsorship[eq]:true', ['c1']],
    ['boolean eq false', 'visaSponsorship[eq]:false', ['c2', 'c3']],
    ['is NULL', 'employees[is]:NULL', ['c3']],
    ['is NOT_NULL', 'employees[is]:NOT_NULL', ['c1', 'c2', 'c4']],
    ['is NULL on text also matches empty string', 'tagline[is]:NULL', ['c1', 'c3']],
    ['is NULL on a composite sub-field', 'domainName.primaryLinkUrl[is]:NULL', ['c2', 'c3']],
    ['is NOT_NULL on a composite sub-field', 'domainName.primaryLinkUrl[is]:NOT_NULL', ['c1', 'c4']],
    ['composite sub-field eq', 'domainName.primaryLinkUrl[eq]:"acme.com"', ['c1']],
    ['actor sub-field', 'createdBy.source[eq]:"IMPORT"', ['c2']],
    ['actor name null-equivalent', 'createdBy.name[is]:NULL', ['c2', 'c4']],
    ['join column, uuid compared case-insensitively', 'accountOwnerId[eq]:aaaaaaaa-0000-4000-8000-000000000001', ['c1']],
    ['join column is NULL', 'accountOwnerId[is]:NULL', ['c2', 'c3', 'c4']],
    ['multi-select containsAny', 'workPolicy[containsAny]:[HYBRID,ON_SITE]', ['c1', 'c2']],
    ['multi-select is NULL matches empty arrays', 'workPolicy[is]:NULL', ['c3', 'c4']],
    ['value may contain colons and brackets', 'name[eq]:"a:b[c]"', []],
    ['value with parentheses inside quotes', 'or(name[eq]:"Acme (old)",name[eq]:"Acme")', ['c1']],
    ['commas inside quotes do not split', 'or(name[eq]:"Acme, Inc",name[eq]:"Globex")', ['c3']],
  ])('%s: %s', (_label, filter, want) => {
    expect(ids(filter)).toEqual(want);
  });

  it('filters people on FULL_NAME and EMAILS sub-fields', () => {
    const people: Row[] = [
      { id: 'p1', name: { firstName: 'Ada', lastName: 'Lovelace' }, emails: { primaryEmail: 'ada@x.io', additionalEmails: ['a@y.io'] }, companyId: 'c1' },
      { id: 'p2', name: { firstName: 'Alan', lastName: '' }, emails: { primaryEmail: '', additionalEmails: [] }, companyId: null },
    ];
    expect(ids('name.firstName[startsWith]:"A"', person, people)).toEqual(['p1', 'p2']);
    expect(ids('name.lastName[is]:NULL', person, people)).toEqual(['p2']);
    expect(ids('emails.primaryEmail[ilike]:"%@X.IO"', person, people)).toEqual(['p1']);
    expect(ids('companyId[in]:[c1,c2]', person, people)).toEqual(['p1']);
    expect(ids('emails.additionalEmails[is]:NULL', person, people)).toEqual(['p2']);
  });

  it('filters pets on SELECT, RATING, ARRAY and NUMBER fields', () => {
    const pets: Row[] = [
      { id: 'a', species: 'DOG', soundSwag: 'RATING_3', interestingFacts: ['barks'], age: 3 },
      { id: 'b', species: 'CAT', soundSwag: 'RATING_1', interestingFacts: [], age: 12 },
    ];
    expect(ids('species[in]:[CAT,FISH]', pet, pets)).toEqual(['b']);
    expect(ids('soundSwag[eq]:RATING_3', pet, pets)).toEqual(['a']);
    expect(ids('interestingFacts[containsAny]:[barks]', pet, pets)).toEqual(['a']);
    expect(ids('age[gt]:5', pet, pets)).toEqual(['b']);
  });
});

describe('parseFilter errors (Twenty 2.21 messages)', () => {
  it.each<[string, string]>([
    ['name=Google', "'filter' invalid for 'name=Google'. eg: price[gte]:10"],
    ['', "'filter' invalid for 'and()'. eg: price[gte]:10"],
    ['name[eq]"x"', `'filter' invalid for 'name[eq]"x"'. eg: price[gte]:10`],
    [
      'name[equals]:"x"',
      `'filter' invalid for 'name[equals]:"x"', comparator equals not in eq, neq, in, containsAny, is, gt, gte, lt, lte, startsWith, endsWith, like, ilike`,
    ],
    ['or(name[eq]:1', "'filter' invalid. 1 close bracket is missing in the query"],
    ['name[eq]:1))', "'filter' invalid. 2 open brackets are missing in the query"],
    [
      'name[in]:"Google"',
      `'filter' invalid for 'in' operator. Received '"Google"' but array value expected eg: 'field[in]:[value_1,value_2]'`,
    ],
    [
      'workPolicy[containsAny]:REMOTE',
      "'filter' invalid for 'containsAny' operator. Received 'REMOTE' but array value expected eg: 'field[containsAny]:[value_1,value_2]'",
    ],
    ['not(name[eq]:1,name[eq]:2)', "'filter' invalid. 'not' conjunction should contain only 1 condition. eg: not(field[eq]:1)"],
    ['nonExistingField[eq]:"x"', 'Object company doesn\'t have any "nonExistingField" field.'],
    ['and(name[eq]:1,nope[eq]:2)', 'Object company doesn\'t have any "nope" field.'],
    ['domainName.nope[eq]:1', 'Sub field "nope" not found for composite type: LINKS'],
    ['domainName[eq]:1', 'Sub field "eq" not found for composite type: LINKS'],
    ['accountOwner[eq]:1', 'Cannot filter by relation field "accountOwner": use "accountOwnerId" instead'],
    ['people[eq]:1', 'Cannot filter by relation field "people"'],
    ['name.first[eq]:1', 'Operator "first" is not supported'],
  ])('%s', (filter, message) => {
    expect(messageOf(() => parseFilter(filter, company))).toBe(message);
  });

  it('answers 400 BadRequestException', () => {
    try {
      parseFilter('name=Google', company);
    } catch (e) {
      expect((e as SandboxHttpError).status).toBe(400);
      expect((e as SandboxHttpError).body.error).toBe('BadRequestException');
    }
  });
});

describe('filterMentionsDeletedAt', () => {
  it.each<[string | undefined, boolean]>([
    [undefined, false],
    ['name[eq]:"x"', false],
    ['deletedAt[is]:NOT_NULL', true],
    ['deletedAt[is]:NULL', true],
    ['or(name[eq]:"x",not(deletedAt[gt]:"2020-01-01"))', true],
  ])('%s → %s', (filter, want) => {
    expect(filterMentionsDeletedAt(filter === undefined ? undefined : parseFilter(filter, company))).toBe(want);
  });

  it('deletedAt filters see soft-deleted rows once the caller stops hiding them', () => {
    expect(ids('deletedAt[is]:NOT_NULL')).toEqual(['c3']);
  });
});
