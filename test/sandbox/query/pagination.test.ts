/** order_by, cursors, limit/depth and paginate beyond the recordings. */
import { describe, expect, it } from 'vitest';
import { SandboxHttpError } from '../http-error.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { compareRecords, parseOrderBy, sortRecords } from './order-by.js';
import { paginate } from './paginate.js';
import { parseDepth, parseLimit } from './params.js';
import { objectNamed, type Row } from './test-fixtures.js';

const company = objectNamed('company');
const person = objectNamed('person');
const pet = objectNamed('pet');

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof SandboxHttpError) return (e.body.messages as string[])[0]!;
    throw e;
  }
  throw new Error('did not throw');
};

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('parseLimit / parseDepth', () => {
  it.each<[string | undefined, number]>([
    [undefined, 60],
    ['', 60],
    ['0', 0],
    ['2', 2],
    ['200', 200],
    ['201', 200],
    ['500', 200],
    ['1e2', 100],
  ])('limit %s → %s', (raw, want) => expect(parseLimit(raw)).toBe(want));

  it.each(['abc', '-1', '1x'])('limit %s → 400', (raw) => {
    expect(messageOf(() => parseLimit(raw))).toBe(`limit '${raw}' is invalid. Should be an integer`);
  });

  it.each<[string | undefined, number]>([
    [undefined, 0],
    ['0', 0],
    ['1', 1],
  ])('depth %s → %s', (raw, want) => expect(parseDepth(raw)).toBe(want));

  it.each(['2', '3', '-1', 'abc'])('depth %s → 400', (raw) => {
    expect(messageOf(() => parseDepth(raw))).toBe(`'depth=${raw}' parameter invalid. Allowed values are 0, 1`);
  });
});

describe('parseOrderBy', () => {
  it('defaults to id ascending', () => {
    expect(parseOrderBy(undefined, company).map((i) => [i.key, i.direction])).toEqual([['id', 'AscNullsFirst']]);
  });

  it('parses several items, sub-fields and default directions, and appends id', () => {
    const items = parseOrderBy('employees[DescNullsLast],domainName.primaryLinkUrl,name[AscNullsLast]', company);
    expect(items.map((i) => [i.key, i.subField, i.direction])).toEqual([
      ['employees', undefined, 'DescNullsLast'],
      ['domainName', 'primaryLinkUrl', 'AscNullsFirst'],
      ['name', undefined, 'AscNullsLast'],
      ['id', undefined, 'AscNullsFirst'],
    ]);
  });

  it('does not append id twice', () => {
    expect(parseOrderBy('id[DescNullsFirst]', company).map((i) => [i.key, i.direction])).toEqual([['id', 'DescNullsFirst']]);
  });

  it.each<[string, string]>([
    [
      'name[Sideways]',
      "'order_by' direction 'Sideways' invalid. Allowed values are 'AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', 'DescNullsLast'. eg: ?order_by=field_1[AscNullsFirst],field_2[DescNullsLast],field_3",
    ],
    ['nope', 'Object company doesn\'t have any "nope" field.'],
    ['domainName.nope', 'Sub field metadata nope not found for composite type LINKS'],
  ])('%s → 400', (raw, message) => expect(messageOf(() => parseOrderBy(raw, company))).toBe(message));
});

describe('compareRecords', () => {
  const rows: Row[] = [
    { id: id(1), name: 'beta', employees: 5 },
    { id: id(2), name: 'Alpha', employees: null },
    { id: id(3), name: 'alpha', employees: 50 },
    { id: id(4), name: null, employees: 5 },
    { id: id(5), name: 'Zeta', employees: 100 },
  ];
  const order = (raw: string, object = company, data = rows) => [...data].sort(compareRecords(parseOrderBy(raw, object))).map((r) => r.id);

  it.each<[string, number[]]>([
    ['name', [4, 2, 5, 3, 1]], // C collation: NULL first, upper case before lower case
    ['name[AscNullsLast]', [2, 5, 3, 1, 4]],
    ['name[DescNullsFirst]', [4, 1, 3, 5, 2]],
    ['name[DescNullsLast]', [1, 3, 5, 2, 4]],
    ['employees[DescNullsLast]', [5, 3, 1, 4, 2]], // numbers as numbers; ties broken by id
    ['employees,name[DescNullsLast]', [2, 1, 4, 3, 5]],
  ])('%s', (raw, want) => expect(order(raw)).toEqual(want.map(id)));

  it('orders dates as instants, SELECT by option position, composite sub-fields', () => {
    const pets: Row[] = [
      { id: id(1), species: 'CAT', birthday: '2020-05-01', location: { addressCity: 'Paris' } },
      { id: id(2), species: 'DOG', birthday: '2019-01-01', location: { addressCity: 'Berlin' } },
      { id: id(3), species: 'BIRD', birthday: null, location: null },
    ];
    expect(order('species', pet, pets)).toEqual([2, 1, 3].map(id)); // DOG(0) < CAT(1) < BIRD(2)
    expect(order('birthday[AscNullsLast]', pet, pets)).toEqual([2, 1, 3].map(id));
    expect(order('location.addressCity[AscNullsLast]', pet, pets)).toEqual([2, 1, 3].map(id));
    const people: Row[] = [
      { id: id(1), createdAt: '2024-01-01T00:00:00.000Z' },
      { id: id(2), createdAt: '2023-12-31T23:00:00-02:00' }, // = 2024-01-01T01:00Z
    ];
    expect(order('createdAt', person, people)).toEqual([1, 2].map(id));
  });
});

describe('cursors', () => {
  it('encode the order-by keys then id, composites whole', () => {
    const record = { id: id(1), name: 'webOS', domainName: { primaryLinkUrl: 'x.io' }, employees: 3 };
    const decode = (c: string) => Buffer.from(c, 'base64').toString();
    expect(decode(encodeCursor(record, parseOrderBy(undefined, company)))).toBe(`{"id":"${id(1)}"}`);
    expect(decode(encodeCursor(record, parseOrderBy('name[DescNullsLast]', company)))).toBe(`{"name":"webOS","id":"${id(1)}"}`);
    expect(decode(encodeCursor(record, parseOrderBy('domainName.primaryLinkUrl,employees', company)))).toBe(
      `{"domainName":{"primaryLinkUrl":"x.io"},"employees":3,"id":"${id(1)}"}`,
    );
    expect(decode(encodeCursor({ ...record, name: undefined }, parseOrderBy('name', company)))).toBe(`{"id":"${id(1)}"}`);
  });

  it('decode round-trips and rejects garbage', () => {
    const orderBy = parseOrderBy('name', company);
    expect(decodeCursor(encodeCursor({ id: id(1), name: 'x' }, orderBy))).toEqual({ name: 'x', id: id(1) });
    expect(messageOf(() => decodeCursor('not-a-cursor'))).toBe('Invalid cursor');
  });
});

describe('paginate', () => {
  const rows: Row[] = Array.from({ length: 7 }, (_, i) => ({ id: id(7 - i), name: i % 2 ? null : `n${i}` }));
  const orderBy = parseOrderBy(undefined, company);
  const ids = (page: { records: Row[] }) => page.records.map((r) => r.id);

  it('walks forward to the end and back to the start', () => {
    const p1 = paginate(rows, { orderBy, limit: 3 });
    expect(ids(p1)).toEqual([1, 2, 3].map(id));
    expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const p2 = paginate(rows, { orderBy, limit: 3, startingAfter: p1.pageInfo.endCursor! });
    expect(ids(p2)).toEqual([4, 5, 6].map(id));
    expect(p2.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const p3 = paginate(rows, { orderBy, limit: 3, startingAfter: p2.pageInfo.endCursor! });
    expect(ids(p3)).toEqual([id(7)]);
    expect(p3.pageInfo.hasNextPage).toBe(false);
    // backward from page 3: ending_before = its startCursor
    const b2 = paginate(rows, { orderBy, limit: 3, endingBefore: p3.pageInfo.startCursor! });
    expect(ids(b2)).toEqual([4, 5, 6].map(id));
    expect(b2.pageInfo).toEqual({
      startCursor: encodeCursor(b2.records[2]!, orderBy),
      endCursor: encodeCursor(b2.records[0]!, orderBy),
      hasNextPage: false,
      hasPreviousPage: true,
    });
    const b1 = paginate(rows, { orderBy, limit: 3, endingBefore: encodeCursor(b2.records[0]!, orderBy) });
    expect(ids(b1)).toEqual([1, 2, 3].map(id));
    expect(b1.pageInfo.hasPreviousPage).toBe(false);
  });

  it('exactly `limit` rows left → hasNextPage false', () => {
    expect(paginate(rows, { orderBy, limit: 7 }).pageInfo.hasNextPage).toBe(false);
  });

  it('limit 0: empty data, null cursors, hasNextPage only when rows exist', () => {
    expect(paginate(rows, { orderBy, limit: 0 })).toEqual({
      records: [],
      pageInfo: { startCursor: null, endCursor: null, hasNextPage: true, hasPreviousPage: false },
    });
    expect(paginate([], { orderBy, limit: 0 }).pageInfo.hasNextPage).toBe(false);
    expect(paginate(rows, { orderBy, limit: 0, endingBefore: encodeCursor(rows[0]!, orderBy) }).pageInfo).toEqual({
      startCursor: null,
      endCursor: null,
      hasNextPage: false,
      hasPreviousPage: true,
    });
  });

  it('a cursor of a row that no longer exists still positions the page', () => {
    const cursor = encodeCursor({ id: '00000000-0000-4000-8000-000000000003a' }, orderBy);
    expect(ids(paginate(rows, { orderBy, limit: 2, startingAfter: cursor }))).toEqual([4, 5].map(id));
  });

  it('pages through a custom order with NULLs', () => {
    const nameOrder = parseOrderBy('name[DescNullsLast]', company);
    const seen: unknown[] = [];
    let after: string | undefined;
    for (;;) {
      const page = paginate(rows, { orderBy: nameOrder, limit: 2, startingAfter: after });
      seen.push(...ids(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(seen).toEqual(sortRecords(rows, nameOrder).map((r) => r.id));
    expect(seen.slice(0, 4)).toEqual([1, 3, 5, 7].map(id)); // n6, n4, n2, n0 then the NULL names
  });

  it('handles 100k rows: one sort, binary-searched cursor', () => {
    const big: Row[] = Array.from({ length: 100_000 }, (_, i) => ({ id: id((i * 7919) % 100_000), employees: i % 1000 }));
    const order = parseOrderBy('employees[DescNullsLast]', company);
    const t0 = performance.now();
    const sorted = sortRecords(big, order);
    let after: string | undefined;
    for (let i = 0; i < 50; i++) {
      const page = paginate(sorted, { orderBy: order, limit: 200, startingAfter: after, presorted: true });
      after = page.pageInfo.endCursor!;
    }
    const page = paginate(sorted, { orderBy: order, limit: 1, startingAfter: after, presorted: true });
    expect(page.records[0]).toBe(sorted[10_000]);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});
