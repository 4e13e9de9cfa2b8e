/**
 * What scripts/real/record.ts asks a real Twenty 2.21 server, one scenario per behaviour the migration depends on.
 * Every id a scenario writes is a test id (`7e57c0de-…`); reset the kit after recording.
 */
import type { Scenario } from '../../test/fixtures/real-2.21/scenario.js';

const COMPANY = (n: number) => `7e57c0de-0000-4000-8000-${String(n).padStart(12, '0')}`;
const PERSON = (n: number) => `7e57c0de-0001-4000-8000-${String(n).padStart(12, '0')}`;
const NOTE = (n: number) => `7e57c0de-0004-4000-8000-${String(n).padStart(12, '0')}`;
const PET = (n: number) => `7e57c0de-0003-4000-8000-${String(n).padStart(12, '0')}`;
/** Twenty's example company Airbnb in every signed-up workspace (prefill-companies.util.ts). */
const AIRBNB_DOMAIN = 'https://airbnb.com';

export const SCENARIOS: Scenario[] = [
  {
    name: 'trigger-pause-restore',
    description:
      'An API key can soft-delete a workflowAutomatedTrigger and restore it. While it is trashed, creating a person starts no run of ' +
      '"Create company when adding a new person"; once restored, the next person starts one. The workflow stays ACTIVE throughout.',
    steps: [
      { auth: 'TARGET', request: { method: 'GET', path: '/rest/workflowAutomatedTriggers' }, capture: { trigger: 'data.workflowAutomatedTriggers.0.id' }, check: ['status', 'body.totalCount', 'body.data.workflowAutomatedTriggers.0.type', 'body.data.workflowAutomatedTriggers.0.settings.eventName'] },
      { auth: 'TARGET', request: { method: 'DELETE', path: '/rest/workflowAutomatedTriggers/{{trigger}}', query: { soft_delete: 'true' } }, check: ['status', 'body.data.deleteWorkflowAutomatedTrigger.id'] },
      { auth: 'TARGET', request: { method: 'GET', path: '/rest/workflowAutomatedTriggers' }, check: ['status', 'body.totalCount'] },
      { auth: 'TARGET', request: { method: 'GET', path: '/rest/workflows', query: { filter: 'name[eq]:"Create company when adding a new person"' } }, check: ['status', 'body.data.workflows.0.statuses'] },
      { auth: 'TARGET', request: { method: 'POST', path: '/rest/people', body: { id: PERSON(101), name: { firstName: 'Paused', lastName: 'Trigger' }, emails: { primaryEmail: 'paused@paused-trigger.test', additionalEmails: [] } } }, check: ['status'] },
      { auth: 'TARGET', waitMs: 12_000, request: { method: 'GET', path: '/rest/workflowRuns', query: { limit: '0' } }, check: ['status', 'body.totalCount'] },
      { auth: 'TARGET', request: { method: 'PATCH', path: '/rest/restore/workflowAutomatedTriggers', query: { filter: 'id[in]:[{{trigger}}]' } }, check: ['status', 'body.data.restoreWorkflowAutomatedTriggers.0.id', 'body.data.restoreWorkflowAutomatedTriggers.0.deletedAt'] },
      { auth: 'TARGET', request: { method: 'POST', path: '/rest/people', body: { id: PERSON(102), name: { firstName: 'Restored', lastName: 'Trigger' }, emails: { primaryEmail: 'restored@restored-trigger.test', additionalEmails: [] } } }, check: ['status'] },
      { auth: 'TARGET', waitMs: 12_000, request: { method: 'GET', path: '/rest/workflowRuns', query: { limit: '0' } }, check: ['status', 'body.totalCount'] },
    ],
  },
  {
    name: 'batch-upsert-answer-order',
    description:
      'A batch upsert whose middle record matches an existing company by domain answers the matched row first, then the inserted ones: not in request order.',
    steps: [
      {
        auth: 'TARGET',
        request: {
          method: 'POST', path: '/rest/batch/companies', query: { upsert: 'true' },
          body: [
            { id: COMPANY(201), name: 'First new', domainName: { primaryLinkUrl: 'https://first-new.test' } },
            { id: COMPANY(202), name: 'Airbnb (merged)', domainName: { primaryLinkUrl: AIRBNB_DOMAIN } },
            { id: COMPANY(203), name: 'Last new', domainName: { primaryLinkUrl: 'https://last-new.test' } },
          ],
        },
        check: ['status', 'body.data.createCompanies.length', 'body.data.createCompanies.0.name', 'body.data.createCompanies.1.id', 'body.data.createCompanies.2.id'],
      },
    ],
  },
  {
    name: 'page-layout-children-per-parent',
    description: 'Page layout tabs are listed per layout and widgets per tab: without the parent id both lists answer 400.',
    steps: [
      { auth: 'TARGET', request: { method: 'GET', path: '/rest/metadata/pageLayoutTabs' }, check: ['status', 'body'] },
      { auth: 'TARGET', request: { method: 'GET', path: '/rest/metadata/pageLayoutWidgets' }, check: ['status', 'body'] },
      { auth: 'TARGET', request: { method: 'GET', path: '/rest/metadata/pageLayouts', query: { pageLayoutType: 'DASHBOARD' } }, capture: { layout: '0.id' }, check: ['status'] },
      { auth: 'TARGET', request: { method: 'GET', path: '/rest/metadata/pageLayoutTabs', query: { pageLayoutId: '{{layout}}' } }, capture: { tab: '0.id' }, check: ['status'] },
      { auth: 'TARGET', request: { method: 'GET', path: '/rest/metadata/pageLayoutWidgets', query: { pageLayoutTabId: '{{tab}}' } }, check: ['status'] },
    ],
  },
  {
    name: 'created-by-empty-name',
    description: "A create whose createdBy has an empty name stores the API key's actor instead (source API, no member).",
    steps: [
      {
        auth: 'TARGET',
        request: { method: 'POST', path: '/rest/companies', body: { id: COMPANY(211), name: 'Empty creator', createdBy: { source: 'IMPORT', workspaceMemberId: null, name: '' } } },
        check: ['status', 'body.data.createCompany.createdBy.source', 'body.data.createCompany.createdBy.workspaceMemberId'],
      },
    ],
  },
  {
    name: 'rich-text-null-fails-batch',
    description: 'A rich text sent as null fails the whole batch; left out, the note is created with an empty body.',
    steps: [
      { auth: 'TARGET', request: { method: 'POST', path: '/rest/batch/notes', body: [{ id: NOTE(221), title: 'Null body', bodyV2: null }, { id: NOTE(222), title: 'Fine' }] }, check: ['status', 'body.messages'] },
      { auth: 'TARGET', request: { method: 'POST', path: '/rest/batch/notes', body: [{ id: NOTE(221), title: 'No body' }] }, check: ['status', 'body.data.createNotes.0.bodyV2.blocknote', 'body.data.createNotes.0.bodyV2.markdown'] },
    ],
  },
  {
    name: 'note-target-without-target',
    description: 'A noteTarget pointing at no record is accepted (the seeded workspace holds two).',
    steps: [
      { auth: 'TARGET', request: { method: 'POST', path: '/rest/notes', body: { id: NOTE(231), title: 'Lonely' } }, check: ['status'] },
      { auth: 'TARGET', request: { method: 'POST', path: '/rest/noteTargets', body: { id: NOTE(232), noteId: NOTE(231) } }, check: ['status', 'body.data.createNoteTarget.targetPersonId', 'body.data.createNoteTarget.targetCompanyId'] },
    ],
  },
  {
    name: 'empty-text-not-null-default',
    description:
      "The seeded custom company.tagline is NOT NULL with default ''. Sent as '' it becomes null and the insert fails; left out, the default applies.",
    steps: [
      { auth: 'SOURCE', request: { method: 'POST', path: '/rest/companies', body: { id: COMPANY(241), name: 'Empty tagline', tagline: '' } }, check: ['status', 'body.messages'] },
      { auth: 'SOURCE', request: { method: 'POST', path: '/rest/batch/companies', body: [{ id: COMPANY(242), name: 'Fine' }, { id: COMPANY(243), name: 'Empty tagline', tagline: '' }] }, check: ['status', 'body.messages'] },
      { auth: 'SOURCE', request: { method: 'POST', path: '/rest/companies', body: { id: COMPANY(244), name: 'No tagline' } }, check: ['status', 'body.data.createCompany.tagline'] },
      { auth: 'SOURCE', request: { method: 'DELETE', path: `/rest/companies/${COMPANY(244)}` }, check: ['status'] },
    ],
  },
  {
    name: 'normalised-on-write',
    description: 'What Twenty rewrites on write: e-mails, link origins, phones and date-times (see the recorded values).',
    steps: [
      {
        auth: 'TARGET',
        request: {
          method: 'POST', path: '/rest/people',
          body: {
            id: PERSON(251), name: { firstName: 'Norma', lastName: 'Lised' },
            emails: { primaryEmail: 'Norma.Lised@Example.COM', additionalEmails: ['Other.Address@Example.ORG'] },
            linkedinLink: { primaryLinkUrl: 'HTTPS://WWW.LinkedIn.COM/In/Norma/', primaryLinkLabel: '', secondaryLinks: [{ url: 'https://Example.COM/', label: '' }] },
            phones: { primaryPhoneNumber: '06 12 34 56 78', primaryPhoneCountryCode: 'FR', primaryPhoneCallingCode: '+33', additionalPhones: [] },
            createdAt: '2024-03-04T05:06:07.123456Z',
          },
        },
        check: [
          'status', 'body.data.createPerson.emails.primaryEmail', 'body.data.createPerson.emails.additionalEmails',
          'body.data.createPerson.linkedinLink.primaryLinkUrl', 'body.data.createPerson.linkedinLink.secondaryLinks',
          'body.data.createPerson.phones', 'body.data.createPerson.createdAt',
        ],
      },
    ],
  },
  {
    name: 'unique-value-blocked-by-trash',
    description: "A trashed company's domain still blocks a live one: unique indexes ignore deletedAt.",
    steps: [
      { auth: 'TARGET', request: { method: 'POST', path: '/rest/companies', body: { id: COMPANY(261), name: 'Trashed', domainName: { primaryLinkUrl: 'https://trashed-unique.test' } } }, check: ['status'] },
      { auth: 'TARGET', request: { method: 'DELETE', path: `/rest/companies/${COMPANY(261)}`, query: { soft_delete: 'true' } }, check: ['status'] },
      { auth: 'TARGET', request: { method: 'POST', path: '/rest/companies', body: { id: COMPANY(262), name: 'Live', domainName: { primaryLinkUrl: 'https://trashed-unique.test' } } }, check: ['status', 'body.messages'] },
    ],
  },
  {
    name: 'raw-json-values',
    description: 'RAW_JSON on write: a string holding JSON is parsed ("42" → 42); a bare scalar is refused; an object is kept; {} reads back as null.',
    steps: [
      { auth: 'SOURCE', request: { method: 'POST', path: '/rest/pets', body: { id: PET(271), name: 'Json string', extraData: '42' } }, check: ['status', 'body.data.createPet.extraData'] },
      { auth: 'SOURCE', request: { method: 'POST', path: '/rest/pets', body: { id: PET(272), name: 'Json scalar', extraData: true } }, check: ['status', 'body.messages'] },
      { auth: 'SOURCE', request: { method: 'POST', path: '/rest/pets', body: { id: PET(273), name: 'Json object', extraData: { a: [1, 'b'], c: null } } }, check: ['status', 'body.data.createPet.extraData'] },
      { auth: 'SOURCE', request: { method: 'POST', path: '/rest/pets', body: { id: PET(274), name: 'Json empty', extraData: {} } }, check: ['status', 'body.data.createPet.extraData'] },
      { auth: 'SOURCE', request: { method: 'POST', path: '/rest/pets', body: { id: PET(275), name: 'Json text', extraData: '"hello"' } }, check: ['status', 'body.data.createPet.extraData'] },
      { auth: 'SOURCE', request: { method: 'POST', path: '/rest/pets', body: { id: PET(276), name: 'Json array', extraData: [1, 2] } }, check: ['status', 'body.data.createPet.extraData'] },
    ],
  },
  {
    name: 'phones-re-parsed',
    description:
      'PHONES on write (transform-phones-value.util.ts, libphonenumber-js 1.11.5): numbers typed as a 1.x server kept them become national ' +
      'significant numbers, a missing country or calling code is inferred, and a number it cannot parse, or codes that conflict, refuse the record.',
    steps: [
      ...([
        [301, { primaryPhoneNumber: '0711 4567890', primaryPhoneCountryCode: 'DE', primaryPhoneCallingCode: '+49', additionalPhones: null }],
        [302, { primaryPhoneNumber: '(415) 555-5678', primaryPhoneCountryCode: 'US', primaryPhoneCallingCode: '+1', additionalPhones: [] }],
        [303, { primaryPhoneNumber: '06 1234 5678', primaryPhoneCountryCode: '', primaryPhoneCallingCode: '+39', additionalPhones: [] }],
        [304, { primaryPhoneNumber: '020 7567 8901', primaryPhoneCountryCode: 'GB', primaryPhoneCallingCode: '', additionalPhones: [] }],
        [305, { primaryPhoneNumber: '+33 6 12 34 56 78', primaryPhoneCountryCode: '', primaryPhoneCallingCode: '', additionalPhones: [] }],
        [306, { primaryPhoneNumber: '', primaryPhoneCountryCode: '', primaryPhoneCallingCode: '', additionalPhones: [{ number: '0131 567 8901', countryCode: 'GB', callingCode: '+44' }, { number: '+1 (555) 012-3456' }] }],
        [307, { primaryPhoneNumber: 'not a number', primaryPhoneCountryCode: 'US', primaryPhoneCallingCode: '+1', additionalPhones: [] }],
        [308, { primaryPhoneNumber: '06 12 34 56 78', primaryPhoneCountryCode: 'FR', primaryPhoneCallingCode: '+1', additionalPhones: [] }],
        [309, { primaryPhoneNumber: '5550123', primaryPhoneCountryCode: '', primaryPhoneCallingCode: '', additionalPhones: [] }],
      ] as const).map(([n, phones]) => ({
        auth: 'TARGET' as const,
        request: { method: 'POST', path: '/rest/people', body: { id: PERSON(n), name: { firstName: 'Phone', lastName: String(n) }, phones } },
        check: ['status', 'body.data.createPerson.phones', 'body.messages'],
      })),
    ],
  },
  {
    name: 'upsert-merge-created-at',
    description: 'An upsert that matches an existing record by a unique value writes the sent createdAt over the existing one, and keeps its createdBy.',
    steps: [
      { auth: 'TARGET', request: { method: 'POST', path: '/rest/companies', body: { id: COMPANY(311), name: 'Existing', domainName: { primaryLinkUrl: 'https://merge-created-at.test' } } }, check: ['status', 'body.data.createCompany.name'] },
      {
        auth: 'TARGET',
        request: { method: 'POST', path: '/rest/companies', query: { upsert: 'true' }, body: { id: COMPANY(312), name: 'Merged', domainName: { primaryLinkUrl: 'https://merge-created-at.test' }, createdAt: '2020-01-02T03:04:05.000Z', createdBy: { source: 'IMPORT', name: 'Someone else' } } },
        check: ['status', 'body.data.createCompany.id', 'body.data.createCompany.name', 'body.data.createCompany.createdAt', 'body.data.createCompany.createdBy.source'],
      },
    ],
  },
  {
    name: 'soft-delete-cascades',
    description:
      'Soft-deleting a note also soft-deletes its noteTargets (CASCADE relations follow the trash), and restoring the note restores them: ' +
      'seen on a real sync, where a note trashed in the source came with its noteTarget.',
    steps: [
      { auth: 'TARGET', request: { method: 'POST', path: '/rest/companies', body: { id: COMPANY(321), name: 'Cascade target' } }, check: ['status'] },
      { auth: 'TARGET', request: { method: 'POST', path: '/rest/notes', body: { id: NOTE(322), title: 'Cascading note' } }, check: ['status'] },
      { auth: 'TARGET', request: { method: 'POST', path: '/rest/noteTargets', body: { id: NOTE(323), noteId: NOTE(322), targetCompanyId: COMPANY(321) } }, check: ['status'] },
      { auth: 'TARGET', request: { method: 'DELETE', path: `/rest/notes/${NOTE(322)}`, query: { soft_delete: 'true' } }, check: ['status'] },
      { auth: 'TARGET', request: { method: 'GET', path: '/rest/noteTargets', query: { filter: `and(id[eq]:${NOTE(323)},deletedAt[is]:NOT_NULL)` } }, check: ['status', 'body.data.noteTargets.length', 'body.totalCount'] },
      { auth: 'TARGET', request: { method: 'PATCH', path: '/rest/restore/notes', query: { filter: `id[eq]:${NOTE(322)}` } }, check: ['status'] },
      { auth: 'TARGET', request: { method: 'GET', path: '/rest/noteTargets', query: { filter: `id[eq]:${NOTE(323)}` } }, check: ['status', 'body.data.noteTargets.length', 'body.data.noteTargets.0.deletedAt'] },
    ],
  },
  {
    name: 'reserved-field-name',
    description:
      'A field named with one of the names 2.x reserves (RESERVED_METADATA_NAME_KEYWORDS: type, plans, addresses…) is refused with ' +
      'INVALID_FIELD_INPUT "This name is reserved…": seen when schema apply sent a 1.2 attachment\'s `type`. Any object will do.',
    steps: [
      { auth: 'TARGET', request: { method: 'GET', path: '/rest/metadata/objects', query: { limit: '1' } }, capture: { object: 'data.0.id' }, check: ['status', 'body.data.length'] },
      {
        auth: 'TARGET',
        request: { method: 'POST', path: '/rest/metadata/fields', body: { objectMetadataId: '{{object}}', type: 'TEXT', name: 'plans', label: 'Plans' } },
        check: ['status', 'body.error', 'body.errors.fieldMetadata.0.errors.0.code', 'body.errors.fieldMetadata.0.errors.0.message', 'body.errors.fieldMetadata.0.errors.0.value'],
      },
    ],
  },
];
