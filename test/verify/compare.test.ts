/** Field comparison of what was sent with what the target stores, with the server's own rewrites accepted. */
import { describe, expect, it } from 'vitest';
import { compareRecord } from '../../sdk/verify/compare.js';

const none = new Set<string>();

describe('compareRecord', () => {
  it("accepts the key's actor where the createdBy sent had no name (the source sent is kept)", () => {
    const sent = { createdBy: { source: 'MANUAL', workspaceMemberId: null, name: '' } };
    expect(compareRecord(sent, { createdBy: { source: 'MANUAL', workspaceMemberId: null, name: 'migration key', context: {} } }, none)).toEqual([]);
  });
  it('still reports a createdBy whose source or member changed', () => {
    const sent = { createdBy: { source: 'MANUAL', workspaceMemberId: null, name: '' } };
    expect(compareRecord(sent, { createdBy: { source: 'WORKFLOW', workspaceMemberId: null, name: 'x' } }, none)).not.toEqual([]);
    const named = { createdBy: { source: 'MANUAL', workspaceMemberId: null, name: 'Ann' } };
    expect(compareRecord(named, { createdBy: { source: 'MANUAL', workspaceMemberId: null, name: 'migration key' } }, none)).toEqual([
      { field: 'createdBy.name', expected: 'Ann', actual: 'migration key' },
    ]);
  });
  it('compares timestamps at millisecond precision and ids case-insensitively', () => {
    expect(compareRecord({ createdAt: '2024-03-04T05:06:07.123Z', id: 'ABCDEF01-0000-4000-8000-000000000000' }, { createdAt: '2024-03-04T05:06:07.123Z', id: 'abcdef01-0000-4000-8000-000000000000' }, none)).toEqual([]);
  });
});

describe('compareRecord and the write rules', () => {
  it('accepts a RAW_JSON scalar sent as JSON text and stored parsed', () => {
    expect(compareRecord({ extraData: '42' }, { extraData: 42 }, none)).toEqual([]);
    expect(compareRecord({ extraData: '"hello"' }, { extraData: 'hello' }, none)).toEqual([]);
    expect(compareRecord({ extraData: '42' }, { extraData: 43 }, none)).not.toEqual([]);
    expect(compareRecord({ extraData: {} }, { extraData: null }, none)).toEqual([]);
  });
});
