/**
 * Matching members by email, case-insensitively, and the unmatched-member policies.
 */
import { describe, expect, it } from 'vitest';
import { isMigrationError } from '../../sdk/errors.js';
import { matchMembers, parsePolicy, resolvePolicy, toMemberRecord } from '../../sdk/members/index.js';
import type { MemberRecord } from '../../sdk/run/contracts.js';

const m = (id: string, userEmail: string | null, name = id): MemberRecord => ({ id, userEmail, name });
const source = [m('s1', 'Ann@Acme.com'), m('s2', 'bob@acme.com'), m('s3', null, 'No Email'), m('s4', ' carl@acme.com ')];
const target = [m('t1', 'ann@acme.COM'), m('t2', 'carl@acme.com'), m('t3', 'ops@acme.com'), m('t4', 'ANN@acme.com')];

describe('matchMembers', () => {
  it('maps by email ignoring case and surrounding spaces; no email → unmatched', () => {
    const r = matchMembers(source, target);
    expect(r.mapping).toEqual({ s1: 't1', s4: 't2' });
    expect(r.unmatched.map((u) => u.id)).toEqual(['s2', 's3']);
    expect(r.matched.map((p) => [p.source.id, p.target.id])).toEqual([['s1', 't1'], ['s4', 't2']]);
  });

  it('toMemberRecord: full name, blank email → null', () => {
    expect(toMemberRecord({ id: 'x', name: { firstName: 'Ann', lastName: 'Lee' }, userEmail: 'a@b.c' })).toEqual({ id: 'x', name: 'Ann Lee', userEmail: 'a@b.c' });
    expect(toMemberRecord({ id: 'y', name: { firstName: '', lastName: 'Solo' }, userEmail: '' })).toEqual({ id: 'y', name: 'Solo', userEmail: null });
  });
});

describe('policies', () => {
  it('parsePolicy: stop (default), empty, map:EMAIL; anything else → INVALID_MEMBER_POLICY', () => {
    expect(parsePolicy(undefined)).toEqual({ kind: 'stop' });
    expect(parsePolicy('empty')).toEqual({ kind: 'empty' });
    expect(parsePolicy('map:ops@acme.com')).toEqual({ kind: 'map', email: 'ops@acme.com' });
    expect(() => parsePolicy('drop')).toThrow(/Unknown unmatched-member policy "drop"/);
    expect(() => parsePolicy('map:')).toThrow(expect.objectContaining({ code: 'INVALID_MEMBER_POLICY' }));
  });

  it('resolvePolicy: map finds the target member case-insensitively', () => {
    expect(resolvePolicy(undefined, target)).toEqual({ policy: { kind: 'stop' } });
    expect(resolvePolicy({ kind: 'empty' }, target)).toEqual({ policy: { kind: 'empty' } });
    expect(resolvePolicy({ kind: 'map', email: 'OPS@acme.com' }, target).mapTo).toBe('t3');
  });

  it('resolvePolicy: map to someone who is not a target member → MAP_TARGET_NOT_A_MEMBER naming the members', () => {
    let error: unknown;
    try {
      resolvePolicy({ kind: 'map', email: 'bob@acme.com' }, target);
    } catch (e) {
      error = e;
    }
    expect(isMigrationError(error, 'MAP_TARGET_NOT_A_MEMBER')).toBe(true);
    expect((error as Error).message).toContain('bob@acme.com');
    expect((error as Error).message).toContain('ops@acme.com');
  });
});
