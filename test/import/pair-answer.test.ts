/**
 * A batch upsert's answer is paired with the records sent by evidence (id, then unique value), never by position:
 * a real 2.21 server lists merged rows first, then inserted ones (twenty-api.md §13). Unit cases, then merges at the
 * start, the middle and the end of one batch against the sandbox, which answers in the real server's order.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { importRecords, loadLedger } from '../../sdk/import/index.js';
import { looseUniqueKey, pairAnswer } from '../../sdk/import/pair-answer.js';
import type { Item } from '../../sdk/import/send.js';
import type { Sandbox } from '../sandbox/server.js';
import { cleanupRuns, company, COMPANY, makeRun, planned, rowsOf, startTarget, targetClient, uuid } from './helpers.js';

const item = (id: string, domain: string): Item => ({ sourceId: id, payload: { id, domainName: { primaryLinkUrl: domain } } });
const row = (id: string, domain: string) => ({ id, domainName: { primaryLinkUrl: domain } });
const FIELDS = ['domainName.primaryLinkUrl'];

describe('pairAnswer', () => {
  const cases: Array<[string, { items: Item[]; rows: Array<Record<string, unknown>>; want: Array<[string, string]>; unpaired: string[] }]> = [
    ['same order', { items: [item('a', 'a.com'), item('b', 'b.com')], rows: [row('a', 'a.com'), row('b', 'b.com')], want: [['a', 'a'], ['b', 'b']], unpaired: [] }],
    ['merged first, inserted after', {
      items: [item('a', 'a.com'), item('b', 'b.com'), item('c', 'c.com')],
      rows: [row('X', 'https://b.com'), row('a', 'a.com'), row('c', 'c.com')],
      want: [['a', 'a'], ['c', 'c'], ['b', 'X']], unpaired: [],
    }],
    ['unique value normalised by the server (case, trailing slash)', {
      items: [item('a', 'https://Apple.COM/'), item('b', 'b.com')], rows: [row('X', 'https://apple.com'), row('b', 'b.com')],
      want: [['b', 'b'], ['a', 'X']], unpaired: [],
    }],
    ['no evidence: left unpaired rather than guessed', {
      items: [item('a', 'a.com'), item('b', 'b.com')], rows: [row('b', 'b.com'), row('X', 'other.com')],
      want: [['b', 'b']], unpaired: ['a'],
    }],
    ['two records sharing a value are ambiguous', {
      items: [item('a', 'same.com'), item('b', 'same.com')], rows: [row('X', 'same.com'), row('Y', 'same.com')],
      want: [], unpaired: ['a', 'b'],
    }],
  ];
  it.each(cases)('%s', (_name, { items, rows, want, unpaired }) => {
    const got = pairAnswer(items, rows, FIELDS);
    expect(got.pairs.map((p) => [p.item.sourceId, p.row.id])).toEqual(want);
    expect(got.unpaired.map((i) => i.sourceId)).toEqual(unpaired);
  });

  it('compares unique values loosely only for pairing', () => {
    expect(looseUniqueKey('HTTPS://Apple.com/')).toBe('apple.com');
    expect(looseUniqueKey('')).toBeNull();
    expect(looseUniqueKey(null)).toBeNull();
  });
});

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});
afterAll(cleanupRuns);

describe('merges inside one batch', () => {
  it('maps each merged record to the record it matched, wherever it sits in the batch', async () => {
    sandbox = await startTarget();
    const n = 20;
    const data = Array.from({ length: n }, (_, i) => company(i + 1));
    // Existing target companies holding the domains of records 1 (start), 10 (middle) and 20 (end).
    const existing = new Map([[1, uuid('eeeeeeee', 1)], [10, uuid('eeeeeeee', 10)], [20, uuid('eeeeeeee', 20)]]);
    sandbox.workspace('target').insertRaw('company', [...existing].map(([k, id]) => ({
      ...structuredClone(data[k - 1].record), id, name: `Existing ${k}`,
      domainName: { primaryLinkUrl: `https://c${k}.example.com`, primaryLinkLabel: '', secondaryLinks: [] },
    })));
    const run = makeRun({ order: [planned('companies', 'company', n)], skipped: [], warnings: [], ready: true, blockers: [] }, { companies: data });
    const result = await importRecords({ client: targetClient(sandbox), run, batchSize: 50 });

    expect(result.status).toBe('completed');
    expect(result.objects[0]).toMatchObject({ imported: n - 3, merged: 3, failed: 0 });
    const ledger = await loadLedger(run);
    for (let k = 1; k <= n; k++) {
      const sourceId = uuid(COMPANY, k);
      const entry = ledger.done.get('companies')!.get(sourceId);
      expect({ k, entry }).toEqual({ k, entry: existing.get(k) ?? sourceId });
    }
    // Nothing was merged into a record it does not match: each target row holds its own domain.
    for (const r of rowsOf(sandbox, 'company')) {
      const k = Number(/c(\d+)\.example/.exec((r.domainName as { primaryLinkUrl: string }).primaryLinkUrl)![1]);
      expect([r.id, k]).toEqual([existing.get(k) ?? uuid(COMPANY, k), k]);
    }
  });
});
