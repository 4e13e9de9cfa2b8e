/**
 * Every recorded list exchange (`list-*`, the batch `*-check` lists, the custom-object list) replayed at
 * the function level: the same query against a dataset built to hold the recorded rows where the real
 * workspace held them must give the recorded error body, or the recorded totalCount, pageInfo and rows.
 */
import { describe, expect, it } from 'vitest';
import { hasShared, listTranscripts, type Transcript } from '../../support/shared.js';
import { SandboxHttpError } from '../http-error.js';
import type { ModelObject } from '../model/types.js';
import { decodeCursor } from './cursor.js';
import { filterMentionsDeletedAt, matchesFilter, parseDepth, parseFilter, parseLimit, parseOrderBy, paginate } from './index.js';
import { objectNamed, type Row } from './test-fixtures.js';

/** The list pipeline a server runs, built from this module's functions only. */
const runList = (object: ModelObject, rows: Row[], query: Record<string, string>) => {
  try {
    parseDepth(query.depth);
    const limit = parseLimit(query.limit);
    const filter = query.filter === undefined ? undefined : parseFilter(query.filter, object);
    const orderBy = parseOrderBy(query.order_by, object);
    const withDeleted = filterMentionsDeletedAt(filter);
    const visible = rows.filter((r) => (withDeleted || r.deletedAt == null) && matchesFilter(r, filter));
    const page = paginate(visible, { orderBy, limit, startingAfter: query.starting_after, endingBefore: query.ending_before });
    return { status: 200, body: { data: { [object.namePlural]: page.records }, totalCount: visible.length, pageInfo: page.pageInfo } };
  } catch (e) {
    if (e instanceof SandboxHttpError) return { status: e.status, body: e.body };
    throw e;
  }
};

const transcripts = listTranscripts();
const byName = new Map(transcripts.map((t) => [t.name, t]));

/** Rows recorded in a transcript's list body, plus `{id, ...}` partial rows decoded from its cursors. */
const recordedRowsWithDuplicates = (t: Transcript): Row[] => {
  const plural = t.request.path.split('/').pop()!;
  const rows: Row[] = [...(t.response.body?.data?.[plural] ?? [])];
  for (const cursor of [t.response.body?.pageInfo?.startCursor, t.response.body?.pageInfo?.endCursor, t.request.query?.starting_after, t.request.query?.ending_before]) {
    if (typeof cursor === 'string') rows.push({ deletedAt: null, ...decodeCursor(cursor) } as Row);
  }
  return rows;
};

/** A transcript's rows, merged by id. */
const recordedRows = (t: Transcript): Row[] => [...mergeRows(recordedRowsWithDuplicates(t)).values()];

/** Merges rows by id; full recorded rows win over cursor-decoded partial ones. */
const mergeRows = (rows: Row[]): Map<string, Row> => {
  const byId = new Map<string, Row>();
  for (const row of rows) {
    const known = byId.get(row.id as string);
    if (!known || Object.keys(row).length > Object.keys(known).length) byId.set(row.id as string, row);
  }
  return byId;
};

const filler = (id: string, i: number, extra: Row = {}): Row => ({ id, name: `Filler Co ${i}`, deletedAt: null, ...extra });

/**
 * SOURCE companies: 599 rows. The recorded ids keep their recorded places: a000, a018, a023, a026 are the
 * first four; a54d is the 200th (list-limit-500-clamped); fillers keep names that sort below "uTest".
 */
const sourceCompanies = (): Row[] => {
  const known = mergeRows(
    transcripts.filter((t) => t.auth === 'SOURCE' && t.request.path === '/rest/companies' && t.response.status === 200).flatMap(recordedRowsWithDuplicates),
  );
  const rows = [...known.values()];
  const below200 = rows.filter((r) => (r.id as string) < '20202020-a54d').length; // a000..a305 except a54d itself
  for (let i = 0; i < 199 - below200; i++) {
    rows.push(filler(`20202020-a4${i.toString(16).padStart(2, '0')}-4000-8000-${String(i).padStart(12, '0')}`, i));
  }
  while (rows.length < 599) rows.push(filler(`f0000000-0000-4000-8000-${String(rows.length).padStart(12, '0')}`, rows.length));
  return rows;
};

/** SOURCE people: 1200 rows, the recorded ones first in id order. */
const sourcePeople = (): Row[] => {
  const known = mergeRows(
    transcripts.filter((t) => t.auth === 'SOURCE' && t.request.path === '/rest/people' && t.response.status === 200).flatMap(recordedRowsWithDuplicates),
  );
  const rows: Row[] = [...known.values()].map((r) => ({ emails: { primaryEmail: `${r.id}@example.com`, additionalEmails: [] }, ...r }));
  while (rows.length < 1200) {
    const n = rows.length;
    rows.push({ id: `f0000000-0000-4000-8000-${String(n).padStart(12, '0')}`, deletedAt: null, emails: { primaryEmail: `p${n}@example.com`, additionalEmails: [] } });
  }
  return rows;
};

/** SOURCE pets: the recorded CURIOUS pet and pets without that trait. */
const sourcePets = (): Row[] => [
  ...recordedRows(byName.get('list-filter-containsany')!),
  { id: '20202020-0000-4000-8000-000000000001', deletedAt: null, traits: ['FRIENDLY'] },
  { id: '20202020-ffff-4000-8000-000000000002', deletedAt: null, traits: [] },
  { id: '20202020-ffff-4000-8000-000000000003', deletedAt: null, traits: null },
];

/** TARGET companies: the 5 prefilled ones, plus the soft-deleted test company when the recording had it. */
const targetCompanies = (withSoftDeleted: boolean): Row[] => {
  const rows: Row[] = Array.from({ length: 5 }, (_, i) => filler(`0000000${i}-0000-4000-8000-000000000000`, i));
  if (withSoftDeleted) rows.push(...recordedRows(byName.get('list-filter-deleted-not-null')!));
  return rows;
};

const goldenWidget: ModelObject = {
  ...objectNamed('company'),
  nameSingular: 'goldenWidget',
  namePlural: 'goldenWidgets',
  fields: objectNamed('company').fields.filter((f) => ['id', 'name', 'deletedAt', 'createdAt', 'position'].includes(f.name)),
};

/** transcript → [object, dataset] */
const cases: Record<string, () => [ModelObject, Row[]]> = {
  'list-limit-2': () => [objectNamed('company'), sourceCompanies()],
  'list-next-page-starting-after': () => [objectNamed('company'), sourceCompanies()],
  'list-ending-before': () => [objectNamed('company'), sourceCompanies()],
  'list-ending-before-has-previous': () => [objectNamed('company'), sourceCompanies()],
  'list-limit-500-clamped': () => [objectNamed('company'), sourceCompanies()],
  'list-order-by': () => [objectNamed('company'), sourceCompanies()],
  'list-filter-eq-name': () => [objectNamed('company'), sourceCompanies()],
  'list-filter-in-name': () => [objectNamed('company'), sourceCompanies()],
  'list-empty-result': () => [objectNamed('company'), sourceCompanies()],
  'list-fields-param-ignored': () => [objectNamed('company'), sourceCompanies()],
  'list-invalid-limit': () => [objectNamed('company'), sourceCompanies()],
  'list-limit-0': () => [objectNamed('company'), sourceCompanies()],
  'list-filter-unknown-field': () => [objectNamed('company'), sourceCompanies()],
  'list-filter-bad-syntax': () => [objectNamed('company'), sourceCompanies()],
  'list-order-by-invalid-direction': () => [objectNamed('company'), sourceCompanies()],
  'list-filter-containsany': () => [objectNamed('pet'), sourcePets()],
  'list-filter-composite-subfield': () => [objectNamed('person'), sourcePeople()],
  'list-depth-1-people': () => [objectNamed('person'), sourcePeople()],
  'list-depth-2-invalid': () => [objectNamed('person'), sourcePeople()],
  'list-filter-deleted-not-null': () => [objectNamed('company'), targetCompanies(true)],
  'list-filter-deleted-not-null-after-hard-delete': () => [objectNamed('company'), targetCompanies(false)],
  'batch-create-one-duplicate-id-check': () => [objectNamed('company'), targetCompanies(false)],
  'batch-create-one-unknown-field-check': () => [objectNamed('company'), targetCompanies(false)],
  'metadata-custom-object-list-depth-1': () => [goldenWidget, recordedRows(byName.get('metadata-custom-object-list-depth-1')!)],
};

describe.skipIf(!hasShared)('list transcripts replayed through the query engine', () => {
  it('covers every list-* transcript', () => {
    const listNames = transcripts.filter((t) => t.name.startsWith('list-')).map((t) => t.name);
    expect(listNames.filter((n) => !(n in cases))).toEqual([]);
  });

  it.each(Object.keys(cases))('%s', (name) => {
    const t = byName.get(name)!;
    const [object, rows] = cases[name]!();
    const got = runList(object, rows, t.request.query ?? {});
    expect(got.status).toBe(t.response.status);
    if (t.response.status !== 200) {
      expect(got.body).toEqual(t.response.body);
      return;
    }
    const body = got.body as { data: Record<string, Row[]>; totalCount: number; pageInfo: unknown };
    expect(body.totalCount).toBe(t.response.body.totalCount);
    expect(body.pageInfo).toEqual(t.response.body.pageInfo);
    const gotIds = body.data[object.namePlural]!.map((r) => r.id);
    const wantIds = (t.response.body.data[object.namePlural] as Row[]).map((r) => r.id);
    if (t.trimmed?.length) expect(gotIds.slice(0, wantIds.length)).toEqual(wantIds);
    else expect(gotIds).toEqual(wantIds);
  });

  it('list-limit-500-clamped returns 200 rows', () => {
    const t = byName.get('list-limit-500-clamped')!;
    const body = runList(objectNamed('company'), sourceCompanies(), t.request.query!).body as { data: { companies: Row[] } };
    expect(body.data.companies).toHaveLength(200);
  });
});
