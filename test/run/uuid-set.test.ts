import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UuidList, UuidMap, UuidSet } from '../../sdk/run/uuid-set.js';

const A = '0f8fad5b-d9cb-469f-a165-70867728950e';
const B = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

describe('UuidSet', () => {
  it('adds, finds and counts ids', () => {
    const s = new UuidSet();
    expect(s.has(A)).toBe(false);
    expect(s.add(A)).toBe(s);
    s.add(A);
    expect(s.has(A)).toBe(true);
    expect(s.has(B)).toBe(false);
    expect(s.size).toBe(1);
    s.add(B);
    expect(s.size).toBe(2);
  });

  it('gives back exactly the ids added, in insertion order', () => {
    const s = new UuidSet();
    const ids = [B, 'c1', A, '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', ''];
    for (const id of ids) s.add(id);
    expect([...s]).toEqual(ids);
    expect([...s.keys()]).toEqual(ids);
    expect(ids.every((id) => s.has(id))).toBe(true);
  });

  it('compares ids exactly as given, like a Set<string> (case is not folded)', () => {
    const s = new UuidSet();
    s.add(A.toUpperCase());
    expect(s.has(A)).toBe(false);
    expect(s.has(A.toUpperCase())).toBe(true);
    s.add(A);
    expect(s.size).toBe(2);
    expect([...s]).toEqual([A.toUpperCase(), A]);
    // near-UUIDs are other ids, not parsed
    for (const odd of [A.replace(/-/g, ''), `{${A}}`, A.slice(0, 35) + 'g', A.replace('-', '_'), ` ${A}`.slice(0, 36)]) {
      expect(s.has(odd)).toBe(false);
      s.add(odd);
      expect(s.has(odd)).toBe(true);
    }
    expect(s.size).toBe(7);
  });

  it('grows past many resizes and matches a Set<string>', () => {
    const s = new UuidSet();
    const ref = new Set<string>();
    for (let i = 0; i < 50_000; i++) {
      const id = i % 1000 === 7 ? `custom-${i}` : randomUUID();
      s.add(id);
      ref.add(id);
      if (i % 3 === 0) {
        s.add(id); // repeats change nothing
      }
    }
    expect(s.size).toBe(ref.size);
    expect([...s]).toEqual([...ref]);
    for (const id of ref) expect(s.has(id)).toBe(true);
    for (let i = 0; i < 2000; i++) expect(s.has(randomUUID())).toBe(false);
  });

  it('handles ids that differ only in a few bits (time-ordered UUIDs)', () => {
    const s = new UuidSet();
    const ids = Array.from({ length: 5000 }, (_, i) => `01890a5d-ac96-774b-bcce-${i.toString(16).padStart(12, '0')}`);
    for (const id of ids) s.add(id);
    expect(s.size).toBe(ids.length);
    expect(ids.every((id) => s.has(id))).toBe(true);
    expect(s.has('01890a5d-ac96-774b-bcce-ffffffffffff')).toBe(false);
  });
});

describe('UuidList', () => {
  it('keeps every id, duplicates too, in order', () => {
    const l = new UuidList();
    const ids = [A, 'x', A, B, A.toUpperCase()];
    for (let i = 0; i < 300; i++) ids.push(randomUUID());
    for (const id of ids) l.push(id);
    expect(l.length).toBe(ids.length);
    expect([...l]).toEqual(ids);
    expect(l.get(1)).toBe('x');
  });
});

describe('UuidMap', () => {
  it('maps ids to themselves or to another id', () => {
    const m = new UuidMap();
    m.set(A, A);
    m.set(B, A);
    m.set('c1', 'c1');
    expect(m.get(A)).toBe(A);
    expect(m.get(B)).toBe(A);
    expect(m.get('c1')).toBe('c1');
    expect(m.get(A.toUpperCase())).toBeUndefined();
    expect(m.has(B)).toBe(true);
    expect(m.size).toBe(3);
    expect([...m]).toEqual([[A, A], [B, A], ['c1', 'c1']]);
    expect([...m.keys()]).toEqual([A, B, 'c1']);
  });

  it('lets a later value win, as Map.set does', () => {
    const m = new UuidMap();
    m.set(B, A);
    m.set(B, B);
    expect(m.get(B)).toBe(B);
    m.set(B, 'other');
    expect(m.get(B)).toBe('other');
    expect(m.size).toBe(1);
  });

  it('matches a Map<string, string> over many ids', () => {
    const m = new UuidMap();
    const ref = new Map<string, string>();
    for (let i = 0; i < 20_000; i++) {
      const k = randomUUID();
      const v = i % 50 === 0 ? randomUUID() : k;
      m.set(k, v);
      ref.set(k, v);
    }
    expect(m.size).toBe(ref.size);
    expect([...m]).toEqual([...ref]);
    for (const [k, v] of ref) expect(m.get(k)).toBe(v);
  });
});
