/**
 * The two ACTIVE example workflows a Twenty 2.21 sign-up writes (prefill-workflows.util.ts): "Quick Lead" (a manual
 * trigger opening a form) and "Create company when adding a new person" (a `person.upserted` database event on
 * `emails`), each with its `workflowVersion` (trigger and steps as JSON) and, for the second, its
 * `workflowAutomatedTrigger`. Ids are uuid v5 of the workspace id, as Twenty derives them: for the recorded TARGET
 * workspace this gives exactly the recorded ids (side-effect-workflows-list).
 * The steps keep ids, names, types, inputs and branches; the large generated `outputSchema`s are left empty.
 */
import { createHash } from 'node:crypto';
import type { Row } from '../records/table.js';
import type { SandboxWorkspace } from '../workspace.js';

/** RFC 4122 name-based uuid (SHA-1), as the `uuid` package's v5. */
export function uuidV5(name: string, namespace: string): string {
  const bytes = createHash('sha1').update(Buffer.concat([Buffer.from(namespace.replace(/-/g, ''), 'hex'), Buffer.from(name)])).digest();
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const h = bytes.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const WORKFLOW_NS = '8b213cac-a68b-4ffe-817a-3ec994e9932d';
const LOGIC_FUNCTION_NS = 'd41b0a2d-aa97-44dc-ad5d-89774164af27';

export function workflowPrefillIds(workspaceId: string) {
  const id = (key: string) => uuidV5(`${key}:${workspaceId}`, WORKFLOW_NS);
  return {
    quickLeadWorkflowId: id('quickLeadWorkflow'),
    quickLeadWorkflowVersionId: id('quickLeadWorkflowVersion'),
    createCompanyWorkflowId: id('createCompanyWorkflow'),
    createCompanyWorkflowVersionId: id('createCompanyWorkflowVersion'),
    createCompanyAutomatedTriggerId: id('createCompanyAutomatedTrigger'),
  };
}

const logicFunctionId = (workspaceId: string, name: string) =>
  uuidV5(`${workspaceId}:create-company-when-adding-new-person:${name}`, LOGIC_FUNCTION_NS);

const noRetry = { retryOnFailure: { value: 0 }, continueOnFailure: { value: false } };
const step = (id: string, name: string, type: string, input: unknown, nextStepIds?: string[] | null, extra: Row = {}) => ({
  id, name, type, valid: false, ...extra, settings: { input, outputSchema: {}, errorHandlingOptions: noRetry }, __typename: 'WorkflowAction',
  ...(nextStepIds === undefined ? {} : { nextStepIds }),
});

/** Skips people made by the mail and calendar sync, which link their company themselves (build-person-sync-source-filter.util.ts). */
function personSyncSourceFilter(createdByFieldId: string) {
  const group = '2d9c1f3a-6b4e-4c8a-9f12-7a3b5c6d8e90';
  const base = {
    type: 'ACTOR', operand: 'IS_NOT', stepOutputKey: '{{trigger.properties.after.createdBy.source}}', stepFilterGroupId: group,
    compositeFieldSubFieldName: 'source', fieldMetadataId: createdByFieldId,
  };
  return {
    stepFilterGroups: [{ id: group, logicalOperator: 'AND' }],
    stepFilters: [
      { ...base, id: '3e8b2a4c-7c5f-4d9b-8a23-6b4c5d7e9f01', value: JSON.stringify(['EMAIL']), positionInStepFilterGroup: 0 },
      { ...base, id: '4f9c3b5d-8d6a-4e0c-9b34-7c5d6e8f0a12', value: JSON.stringify(['CALENDAR']), positionInStepFilterGroup: 1 },
    ],
  };
}

function createCompanySteps(workspaceId: string, domainNameFieldId: string) {
  const [personal, business, extract, search, match, ifElse, attachExisting, create, attachNew] = [
    'c30d7cbe-00e0-4966-bc1a-99b0a11a2cca', '01f3db05-aae5-4e4b-b361-96684f09c704', '1b01193b-8300-4d79-940b-44464bf45505',
    'becb3acf-79bb-4672-8a42-3696e94957b5', '9d0b6ef2-aad2-4853-92e1-95f2abf10d5b', '0c99a900-656a-40e8-977e-5a7357be33b9',
    'ffdd4271-75d4-4805-b1f8-2167a113c3b2', 'ddafb9db-a94f-40b9-a5c9-becce857edf7', 'd5d5d6e1-391f-4142-83c1-670f7087f079',
  ];
  const email = '{{trigger.properties.after.emails.primaryEmail}}';
  const boolFilter = (id: string, key: string, value: string, groupId: string) => ({
    stepFilters: [{ id, type: 'boolean', value, operand: 'IS', isFullRecord: false, stepOutputKey: `{{${key}}}`, stepFilterGroupId: groupId, positionInStepFilterGroup: 0 }],
    stepFilterGroups: [{ id: groupId, logicalOperator: 'AND' }],
  });
  const at = (x: number, y: number) => ({ position: { x, y } });
  return [
    step(personal, 'Is this a personal email?', 'CODE',
      { logicFunctionId: logicFunctionId(workspaceId, 'is-personal-email'), logicFunctionInput: { primaryEmail: email } }, [business], at(0, 130)),
    step(business, 'If business email', 'FILTER',
      boolFilter('0e595385-9e18-4869-abfd-cf72952b124c', `${personal}.isPersonal`, 'false', '5204d5f5-7b23-428c-9f84-c37971d497d3'), [extract], at(0, 260)),
    step(extract, 'Extract domain from email', 'CODE',
      { logicFunctionId: logicFunctionId(workspaceId, 'extract-domain'), logicFunctionInput: { email } }, [search], at(0, 390)),
    step(search, 'Search Company', 'FIND_RECORDS', {
      limit: 25, objectName: 'company',
      filter: {
        recordFilters: [{
          id: 'a9b917a0-5c4c-4e8f-bf91-160d0b888693', type: 'LINKS', label: 'Domain Name', value: `{{${extract}.domain}}`, operand: 'CONTAINS',
          displayValue: `{{${extract}.domain}}`, subFieldName: 'primaryLinkUrl', fieldMetadataId: domainNameFieldId,
          recordFilterGroupId: '194e151c-cf46-4e8f-a48b-649c36082dfa',
        }],
        recordFilterGroups: [{ id: '194e151c-cf46-4e8f-a48b-649c36082dfa', logicalOperator: 'AND' }],
      },
    }, [match], at(0, 520)),
    step(match, 'Find exact company match', 'CODE', {
      logicFunctionId: logicFunctionId(workspaceId, 'find-matching-company-by-domain'),
      logicFunctionInput: { companies: `{{${search}.all}}`, domain: `{{${extract}.domain}}` },
    }, [ifElse], at(0, 650)),
    step(ifElse, 'If a company already exists', 'IF_ELSE', {
      branches: [
        { id: '1344c151-15ff-40e2-a1a3-925fabaf5b1c', nextStepIds: [attachExisting], filterGroupId: 'f5c41047-2a6e-49fb-968a-fa7789a90ee5' },
        { id: 'fe6dd152-1103-4324-af51-3ff994d1f8a7', nextStepIds: [create] },
      ],
      ...boolFilter('290cc6a3-08fd-4be5-b42e-966d0bb90ff7', `${match}.hasMatch`, 'true', 'f5c41047-2a6e-49fb-968a-fa7789a90ee5'),
    }, undefined, at(0, 780)),
    step(attachExisting, 'Attach person to existing company', 'UPDATE_RECORD', {
      objectName: 'person', objectRecord: { companyId: `{{${match}.companyId}}` }, fieldsToUpdate: ['companyId'],
      objectRecordId: '{{trigger.properties.after.id}}',
    }, undefined, at(-200, 910)),
    step(create, 'Create a new company', 'CREATE_RECORD', {
      objectName: 'company',
      objectRecord: { name: `{{${extract}.domain}}`, domainName: { primaryLinkUrl: `{{${extract}.url}}`, primaryLinkLabel: `{{${extract}.domain}}` } },
    }, [attachNew], at(200, 910)),
    step(attachNew, 'Attach person to this company', 'UPDATE_RECORD', {
      objectName: 'person', objectRecord: { companyId: `{{${create}.id}}` }, fieldsToUpdate: ['companyId'],
      objectRecordId: '{{trigger.properties.after.id}}',
    }, undefined, at(200, 1040)),
  ];
}

function quickLeadSteps() {
  const [form, company, person] = ['6e089bc9-aabd-435f-865f-f31c01c8f4a7', '0715b6cd-7cc1-4b98-971b-00f54dfe643b', '6f553ea7-b00e-4371-9d88-d8298568a246'];
  const input = (id: string, name: string, label: string, placeholder: string) => ({ id, name, type: 'TEXT', label, placeholder });
  return [
    step(form, 'Quick Lead Form', 'FORM', [
      input('14d669f0-5249-4fa4-b0bb-f8bd408328d5', 'firstName', 'First name', 'Tim'),
      input('4eb6ce85-d231-4aef-9837-744490c026d0', 'lastName', 'Last Name', 'Apple'),
      input('adbf0e9f-1427-49be-b4fb-092b34d97350', 'email', 'Email', 'timapple@apple.com'),
      input('4ffc7992-9e65-4a4d-9baf-b52e62f2c273', 'jobTitle', 'Job title', 'CEO'),
      input('42f11926-04ea-4924-94a4-2293cc748362', 'companyName', 'Company name', 'Apple'),
      input('d6ca80ee-26cd-466d-91bf-984d7205451c', 'companyDomain', 'Company domain', 'https://www.apple.com'),
    ], [company]),
    step(company, 'Create Company', 'CREATE_RECORD', {
      objectName: 'company',
      objectRecord: { name: `{{${form}.companyName}}`, domainName: { primaryLinkUrl: `{{${form}.companyDomain}}`, primaryLinkLabel: '' } },
    }, [person]),
    step(person, 'Create Person', 'CREATE_RECORD', {
      objectName: 'person',
      objectRecord: {
        name: { lastName: `{{${form}.lastName}}`, firstName: `{{${form}.firstName}}` },
        emails: { primaryEmail: `{{${form}.email}}`, additionalEmails: [] },
        companyId: `{{${company}.id}}`,
      },
    }, null),
  ];
}

export interface WorkflowPrefill {
  workflow: Row[];
  workflowVersion: Row[];
  workflowAutomatedTrigger: Row[];
}

export function prefillWorkflowRows(ws: SandboxWorkspace): WorkflowPrefill {
  const ids = workflowPrefillIds(ws.workspaceId);
  const fieldId = (object: string, name: string) => {
    const field = ws.index.bySingular.get(object)?.fields.find((f) => f.name === name);
    if (!field) throw new Error(`sandbox workspace ${ws.name} has no field ${object}.${name}: the sign-up prefill needs it`);
    return field.id;
  };
  const createdByFieldId = fieldId('person', 'createdBy');
  const system = (context: unknown) => ({ source: 'SYSTEM', workspaceMemberId: null, name: 'System', context });
  const workflow = (id: string, name: string, versionId: string, position: number): Row => ({
    id, name, lastPublishedVersionId: versionId, statuses: ['ACTIVE'], position, createdBy: system({}), updatedBy: system(null),
  });
  const createCompanyTrigger = {
    name: 'Record is created or updated',
    type: 'DATABASE_EVENT',
    settings: { eventName: 'person.upserted', fields: ['emails'], outputSchema: {}, filter: personSyncSourceFilter(createdByFieldId) },
    nextStepIds: ['c30d7cbe-00e0-4966-bc1a-99b0a11a2cca'],
  };
  const quickLeadTrigger = {
    name: 'Launch manually',
    type: 'MANUAL',
    settings: { outputSchema: {}, icon: 'IconUserPlus', availability: { type: 'GLOBAL' } },
    nextStepIds: ['6e089bc9-aabd-435f-865f-f31c01c8f4a7'],
  };
  return {
    workflow: [
      workflow(ids.quickLeadWorkflowId, 'Quick Lead', ids.quickLeadWorkflowVersionId, 1),
      workflow(ids.createCompanyWorkflowId, 'Create company when adding a new person', ids.createCompanyWorkflowVersionId, 2),
    ],
    workflowVersion: [
      { id: ids.quickLeadWorkflowVersionId, name: 'v1', trigger: quickLeadTrigger, steps: quickLeadSteps(), status: 'ACTIVE', position: 1, workflowId: ids.quickLeadWorkflowId },
      {
        id: ids.createCompanyWorkflowVersionId, name: 'v1', trigger: createCompanyTrigger,
        steps: createCompanySteps(ws.workspaceId, fieldId('company', 'domainName')), status: 'ACTIVE', position: 2, workflowId: ids.createCompanyWorkflowId,
      },
    ],
    workflowAutomatedTrigger: [{
      id: ids.createCompanyAutomatedTriggerId, workflowId: ids.createCompanyWorkflowId, type: 'DATABASE_EVENT',
      settings: { eventName: 'person.upserted', fields: ['emails'], filter: personSyncSourceFilter(createdByFieldId) },
    }],
  };
}
