/** The transform sends what a real 2.21 server keeps (test/fixtures/real-2.21/ has each rule's recording). */
import { describe, expect, it } from 'vitest';
import type { SchemaField } from '../../sdk/metadata/types.js';
import { LEAVE_OUT, normaliseLink, toWritable } from '../../sdk/transform/write-rules.js';

const field = (type: string, extra: Partial<SchemaField> = {}): SchemaField =>
  ({ id: 'f', name: 'f', type, isActive: true, isNullable: true, defaultValue: null, ...extra }) as unknown as SchemaField;

describe('toWritable', () => {
  const cases: Array<[string, SchemaField, unknown, unknown]> = [
    ["'' in a NOT NULL text with a default", field('TEXT', { isNullable: false, defaultValue: "''" }), '', LEAVE_OUT],
    ['null in a NOT NULL select with a default', field('SELECT', { isNullable: false, defaultValue: "'A'" }), null, LEAVE_OUT],
    ["'' in a nullable text", field('TEXT'), '', ''],
    ['a null rich text', field('RICH_TEXT_V2'), null, LEAVE_OUT],
    ['a RAW_JSON number', field('RAW_JSON'), 42, '42'],
    ['a RAW_JSON boolean', field('RAW_JSON'), true, 'true'],
    ['a RAW_JSON string', field('RAW_JSON'), 'hello', '"hello"'],
    ['a RAW_JSON object', field('RAW_JSON'), { a: [1] }, { a: [1] }],
    ['a RAW_JSON array', field('RAW_JSON'), [1, 2], [1, 2]],
    ['mixed-case e-mails', field('EMAILS'), { primaryEmail: 'Ann@ACME.com', additionalEmails: ['B@X.ORG'] }, { primaryEmail: 'ann@acme.com', additionalEmails: ['b@x.org'] }],
    ['links', field('LINKS'), { primaryLinkUrl: 'HTTPS://Acme.COM/Path/', secondaryLinks: [{ url: 'https://B.com/', label: '' }] }, { primaryLinkUrl: 'https://acme.com/Path', secondaryLinks: [{ url: 'https://b.com', label: '' }] }],
    ['micro-second date-times', field('DATE_TIME'), '2024-03-04T05:06:07.123456Z', '2024-03-04T05:06:07.123Z'],
    ['offset date-times', field('DATE_TIME'), '2024-03-04T07:06:07+02:00', '2024-03-04T05:06:07.000Z'],
  ];
  it.each(cases)('%s', (_name, f, value, want) => expect(toWritable(f, value)).toEqual(want));

  it('leaves link text that is not a URL alone, but for a trailing slash', () => {
    expect(normaliseLink('Acme.com/')).toBe('Acme.com');
    expect(normaliseLink('mailto:A@B.com')).toBe('mailto:A@B.com');
  });
});
