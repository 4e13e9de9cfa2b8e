import { describe, expect, it } from 'vitest';
import type { SchemaField } from '../../sdk/metadata/types.js';
import { fromSourceVersion, versionConversion } from '../../sdk/transform/versions.js';

const field = (type: string): SchemaField => ({
  id: 'f', name: 'x', label: 'X', type, description: null, icon: null, isCustom: false, isSystem: false, isActive: true,
  isNullable: true, isUnique: false, defaultValue: null, options: null, settings: null,
});

describe('values of an older Twenty in the target version\'s shape (seen on a real 1.2.0 source)', () => {
  it('turns 1.2\'s string micros into a number, and keeps 2.21\'s as they are', () => {
    const c = field('CURRENCY');
    expect(fromSourceVersion(c, c, { amountMicros: '2500000000000', currencyCode: 'USD' })).toEqual({ amountMicros: 2500000000000, currencyCode: 'USD' });
    expect(fromSourceVersion(c, c, { amountMicros: 5, currencyCode: 'EUR' })).toEqual({ amountMicros: 5, currencyCode: 'EUR' });
    // beyond 2^53 the string stays (validation names it) rather than losing digits
    expect(fromSourceVersion(c, c, { amountMicros: '123456789012345678901', currencyCode: 'USD' })).toEqual({ amountMicros: '123456789012345678901', currencyCode: 'USD' });
    expect(versionConversion(c, c, { amountMicros: 'abc' })).toBeNull();
  });

  it('wraps 1.2\'s legacy string rich text as the 2.21 composite', () => {
    const doc = '[{"id":"a","type":"paragraph","content":[]}]';
    expect(fromSourceVersion(field('RICH_TEXT'), field('RICH_TEXT'), doc)).toEqual({ blocknote: doc });
    expect(fromSourceVersion(field('RICH_TEXT'), field('RICH_TEXT'), '')).toBeNull();
    const composite = { blocknote: doc, markdown: 'x' };
    expect(fromSourceVersion(field('RICH_TEXT_V2'), field('RICH_TEXT'), composite)).toBe(composite);
  });

  it('sends 1.2\'s null lists as the [] 2.21 stores', () => {
    expect(fromSourceVersion(field('EMAILS'), field('EMAILS'), { primaryEmail: 'a@b.c', additionalEmails: null })).toEqual({ primaryEmail: 'a@b.c', additionalEmails: [] });
    expect(fromSourceVersion(field('PHONES'), field('PHONES'), { primaryPhoneNumber: '1', additionalPhones: null })).toEqual({ primaryPhoneNumber: '1', additionalPhones: [] });
    expect(fromSourceVersion(field('MULTI_SELECT'), field('MULTI_SELECT'), null)).toEqual([]);
    expect(fromSourceVersion(field('ARRAY'), field('ARRAY'), null)).toEqual([]); // pets.interestingFacts, found by the 1.2 sandbox
    expect(fromSourceVersion(field('TEXT'), field('TEXT'), null)).toBeNull();
  });

  it('reads 1.2\'s midnight-UTC dates as the calendar date 2.21 stores', () => {
    expect(fromSourceVersion(field('DATE'), field('DATE'), '2019-01-01T00:00:00.000Z')).toBe('2019-01-01');
    expect(fromSourceVersion(field('DATE'), field('DATE'), '2019-01-01')).toBe('2019-01-01');
    expect(fromSourceVersion(field('DATE_TIME'), field('DATE_TIME'), '2019-01-01T00:00:00.000Z')).toBe('2019-01-01T00:00:00.000Z');
  });
});
