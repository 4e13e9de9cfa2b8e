import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UuidOwners } from '../../sdk/run/uuid-owners.js';

describe('UuidOwners', () => {
  it('keeps the first owner of each value', () => {
    const o = new UuidOwners();
    const [a, b] = [randomUUID(), randomUUID()];
    expect(o.get('ann@acme.com')).toBeUndefined();
    expect(o.claim('ann@acme.com', a)).toBeUndefined();
    expect(o.claim('ann@acme.com', b)).toBe(a);
    expect(o.get('ann@acme.com')).toBe(a);
    expect(o.get('Ann@acme.com')).toBeUndefined(); // values compare exactly; callers normalise first
    expect(o.size).toBe(1);
  });

  it('keeps owners that are not UUIDs, the empty one too', () => {
    const o = new UuidOwners();
    o.claim('x', '');
    o.claim('y', 'p1');
    o.claim('', 'p2');
    expect([o.get('x'), o.get('y'), o.get('')]).toEqual(['', 'p1', 'p2']);
  });

  it('matches a Map over many similar values (no false match in 200,000)', () => {
    const o = new UuidOwners();
    const ref = new Map<string, string>();
    for (let i = 0; i < 200_000; i++) {
      const value = i % 2 ? `person${i}@example.com` : `https://www.company-${i}.com`;
      const id = randomUUID();
      if (o.claim(value, id) !== undefined) throw new Error(`false match for ${value}`);
      ref.set(value, id);
    }
    expect(o.size).toBe(ref.size);
    expect([...ref].filter(([value, id]) => o.get(value) !== id)).toEqual([]);
    expect(Array.from({ length: 20_000 }, (_, i) => o.get(`person${i}@example.org`)).filter((v) => v !== undefined)).toEqual([]);
  });
});
