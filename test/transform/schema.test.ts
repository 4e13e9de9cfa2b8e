import { describe, expect, it } from 'vitest';
import { findObject } from '../../sdk/plan/objects.js';
import { issuesFromZod } from '../../sdk/transform/issues.js';
import { buildRecordSchema } from '../../sdk/transform/schema.js';
import { id, target } from './fixtures.js';

const check = (plural: string, record: Record<string, unknown>) => {
  const result = buildRecordSchema(findObject(target, plural)!).safeParse(record);
  return result.success ? [] : issuesFromZod(result.error, record, { object: plural, recordId: null }).map((i) => ({ field: i.field, code: i.code, message: i.message }));
};

const blocks = (href: string) => JSON.stringify([{ type: 'paragraph', content: [{ type: 'link', href, content: [{ type: 'text', text: 'x' }] }] }]);

describe('buildRecordSchema', () => {
  it.each<[string, string, Record<string, unknown>, string | null, string]>([
    ['a select value the target lacks', 'opportunities', { stage: 'WON' }, 'stage', 'INVALID_OPTION'],
    ['a multi-select value the target lacks', 'pets', { traits: ['PLAYFUL', 'GRUMPY'] }, 'traits.1', 'INVALID_OPTION'],
    ['a rating out of range', 'pets', { soundSwag: 'RATING_6' }, 'soundSwag', 'INVALID_OPTION'],
    ['a bad primary e-mail', 'people', { emails: { primaryEmail: 'bob@', additionalEmails: [] } }, 'emails.primaryEmail', 'INVALID_EMAIL'],
    ['a bad additional e-mail', 'people', { emails: { additionalEmails: ['a b@c.d'] } }, 'emails.additionalEmails.0', 'INVALID_EMAIL'],
    ['null in a non-nullable field without default', 'opportunities', { stage: null }, 'stage', 'REQUIRED'],
    ['a missing required join column', 'messageParticipants', {}, 'messageId', 'REQUIRED'],
    ['a non-UUID join column', 'people', { companyId: 'acme' }, 'companyId', 'INVALID_FORMAT'],
    ['a non-UUID id', 'companies', { id: 'legacy-123' }, 'id', 'INVALID_FORMAT'],
    ['an unknown field', 'companies', { nonExistingField: 1 }, 'nonExistingField', 'UNKNOWN_FIELD'],
    ['an unknown composite sub-field', 'companies', { address: { addressStreet3: 'x' } }, 'address.addressStreet3', 'UNKNOWN_FIELD'],
    ['a string in a NUMBER', 'companies', { employees: 'many' }, 'employees', 'INVALID_NUMBER'],
    ['a fraction in an int NUMBER', 'surveyResults', { participants: 1.5 }, 'participants', 'INVALID_NUMBER'],
    ['currency not in integer micros', 'opportunities', { amount: { amountMicros: 1.5, currencyCode: 'USD' } }, 'amount.amountMicros', 'INVALID_NUMBER'],
    ['a lower-case currency code', 'opportunities', { amount: { amountMicros: 1, currencyCode: 'usd' } }, 'amount.currencyCode', 'INVALID_FORMAT'],
    ['an actor source outside the enum', 'companies', { createdBy: { source: 'MIGRATION', name: 'x' } }, 'createdBy.source', 'INVALID_OPTION'],
    ['a dd.MM.yyyy date-time', 'opportunities', { closeDate: '31.12.2020' }, 'closeDate', 'INVALID_DATE'],
    ['a date that is not one', 'pets', { birthday: '2020-13-45' }, 'birthday', 'INVALID_DATE'],
    ['blocknote that is not JSON', 'notes', { bodyV2: { blocknote: '[{', markdown: '' } }, 'bodyV2.blocknote', 'INVALID_RICH_TEXT'],
    ['a javascript: link in rich text', 'notes', { bodyV2: { blocknote: blocks('javascript:alert(1)'), markdown: '' } }, 'bodyV2.blocknote', 'INVALID_RICH_TEXT'],
    ['a boolean given as a string', 'companies', { visaSponsorship: 'yes' }, 'visaSponsorship', 'INVALID_TYPE'],
    ['a bad calling code', 'people', { phones: { primaryPhoneCallingCode: '1' } }, 'phones.primaryPhoneCallingCode', 'INVALID_FORMAT'],
    ['a noteTarget pointing at two records', 'noteTargets', { noteId: id(1), targetPersonId: id(2), targetCompanyId: id(3) }, 'targetPersonId', 'MORPH_MULTIPLE_TARGETS'],
  ])('refuses %s', (_name, plural, record, field, code) => {
    const issues = check(plural, record);
    expect(issues.map((i) => [i.field, i.code])).toContainEqual([field, code]);
    for (const i of issues) expect(i.message).toMatch(new RegExp(`^${plural}`));
  });

  it('accepts partial composites, empty values and every Twenty JSON shape', () => {
    expect(
      check('people', {
        id: id(1), createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000+02:00', position: -1.5,
        createdBy: { source: 'IMPORT', workspaceMemberId: id(2), name: 'Ann' },
        name: { firstName: 'Zoë' }, emails: { primaryEmail: '', additionalEmails: null }, phones: { primaryPhoneNumber: '5551234567', primaryPhoneCountryCode: 'US', primaryPhoneCallingCode: '+1', additionalPhones: [] },
        linkedinLink: { primaryLinkUrl: '', primaryLinkLabel: '', secondaryLinks: [{ url: 'https://x.y', label: 'x' }] },
        companyId: null, jobTitle: '', workPreference: [], performanceRating: null, whatsapp: { primaryPhoneNumber: '' },
      }),
    ).toEqual([]);
    expect(
      check('pets', {
        species: 'DOG', traits: ['PLAYFUL'], age: 3, birthday: '2019-01-01', isGoodWithKids: true, soundSwag: 'RATING_5', interestingFacts: ['a'],
        extraData: { any: ['json'] }, averageCostOfKibblePerMonth: { amountMicros: 2_000_000_000, currencyCode: 'USD' }, location: { addressCity: 'Oakland', addressLat: 37.8 },
      }),
    ).toEqual([]);
    expect(check('notes', { bodyV2: { blocknote: blocks('https://example.com'), markdown: '[x](https://example.com)' } })).toEqual([]);
    // Real servers hold link rows pointing at no record; they are copied as they are.
    expect(check('noteTargets', { noteId: id(1) })).toEqual([]);
    expect(check('surveyResults', { averageEstimatedNumberOfAtomsInTheUniverse: '1000000000000000000000' })).toEqual([]);
  });
});
