import { describe, expect, it } from 'vitest';
import { orderObjects, type DependencyEdge } from '../../sdk/plan/order.js';

const edge = (from: string, to: string, joinColumn: string, nullable = true): DependencyEdge => ({ from, to, joinColumn, nullable });
const before = (order: string[], a: string, b: string) => order.indexOf(a) < order.indexOf(b);

describe('orderObjects', () => {
  it('puts targets before the objects pointing at them', () => {
    const r = orderObjects({
      nodes: ['opportunity', 'person', 'company'],
      edges: [edge('person', 'company', 'companyId'), edge('opportunity', 'company', 'companyId'), edge('opportunity', 'person', 'pointOfContactId')],
    });
    expect(r.order).toEqual(['company', 'person', 'opportunity']);
    expect(r.deferred).toEqual([]);
  });

  it('ignores edges to unknown nodes and defers self-references (a record may come before its parent)', () => {
    const r = orderObjects({ nodes: ['a'], edges: [edge('a', 'a', 'parentId'), edge('a', 'member', 'ownerId')] });
    expect(r).toEqual({ order: ['a'], deferred: [edge('a', 'a', 'parentId')], impossible: [] });
  });

  it.each([
    ['the nullable side of A → B → A', [edge('a', 'b', 'bId', false), edge('b', 'a', 'aId', true)], ['b.aId']],
    ['one of two nullable edges', [edge('a', 'b', 'bId'), edge('b', 'a', 'aId')], ['a.bId']],
    ['the one column that breaks two cycles', [edge('a', 'b', 'bId'), edge('b', 'a', 'aId'), edge('b', 'c', 'cId'), edge('c', 'a', 'aId2')], ['a.bId']],
  ])('defers %s', (_name, edges, want) => {
    const r = orderObjects({ nodes: ['a', 'b', 'c'], edges });
    expect(r.deferred.map((e) => `${e.from}.${e.joinColumn}`)).toEqual(want);
    const kept = edges.filter((e) => !r.deferred.includes(e));
    for (const e of kept) expect(before(r.order, e.to, e.from)).toBe(true);
  });

  it('prefers deferring columns of objects with fewer records', () => {
    const r = orderObjects({ nodes: ['a', 'b'], edges: [edge('a', 'b', 'bId'), edge('b', 'a', 'aId')], records: (n) => (n === 'a' ? 1000 : 3) });
    // b has 3 records to patch, a 1,000: b is created first, without its aId.
    expect(r.deferred.map((e) => `${e.from}.${e.joinColumn}`)).toEqual(['b.aId']);
    expect(r.order).toEqual(['b', 'a']);
  });

  it('reports a cycle of required columns as impossible', () => {
    const r = orderObjects({ nodes: ['a', 'b'], edges: [edge('a', 'b', 'bId', false), edge('b', 'a', 'aId', false)] });
    expect(r.impossible).toHaveLength(1);
  });
});
