/**
 * Record paths of the core document, one set per object, as Twenty 2.21 writes them. Known errors of the
 * real document are kept: `/restore/{plural}/{id}` is described though the server rejects it, the update-one
 * operationId is capitalised (`UpdateOneCompany`), and the groupBy path has no error responses.
 */
import type { ModelObject } from '../model/types.js';
import { type Json, capitalize, dataEnvelope, errorRefs, jsonBody, pageInfo, paramRef, ref, success, uuid } from './base.js';

const names = (object: ModelObject) => {
  const singular = object.nameSingular;
  const plural = object.namePlural;
  return { singular, plural, Singular: capitalize(singular), Plural: capitalize(plural) };
};

const op = (object: ModelObject, fields: Json, responses: Json): Json => ({
  tags: [object.namePlural],
  ...fields,
  responses: { ...responses, ...errorRefs() },
});

const params = (...list: string[]) => list.map(paramRef);
const arrayOf = (schema: Json): Json => ({ type: 'array', items: schema });
const idOnly = (): Json => ({ type: 'object', properties: { id: uuid() } });

/** Example ids of the duplicates/merge bodies: Twenty draws random ones per request, the sandbox fixes them. */
const EXAMPLE_ID = '7e57c0de-0000-4000-8000-000000000000';

export const recordPaths = (object: ModelObject): Record<string, Json> => {
  const { singular, plural, Singular, Plural } = names(object);
  const response = ref(`${Singular}ForResponse`);
  return {
    [`/${plural}`]: {
      get: op(
        object,
        {
          summary: `Find Many ${plural}`,
          description: `**order_by**, **filter**, **limit**, **depth**, **starting_after** or **ending_before** can be provided to request your **${plural}**`,
          operationId: `findMany${Plural}`,
          parameters: params('orderBy', 'filter', 'limit', 'depth', 'startingAfter', 'endingBefore'),
        },
        {
          '200': success({
            type: 'object',
            properties: {
              data: { type: 'object', properties: { [plural]: arrayOf(response) } },
              pageInfo: pageInfo(),
              totalCount: { type: 'integer' },
            },
          }),
        },
      ),
      post: op(
        object,
        {
          summary: `Create One ${singular}`,
          operationId: `createOne${Singular}`,
          parameters: params('depth', 'upsert'),
          requestBody: jsonBody(ref(Singular)),
        },
        { '201': success(dataEnvelope(`create${Singular}`, response)) },
      ),
      delete: op(
        object,
        { summary: `Delete Many ${plural}`, operationId: `deleteMany${Plural}`, parameters: params('filter', 'softDelete') },
        { '200': success(dataEnvelope(`delete${Plural}`, arrayOf(idOnly()))) },
      ),
      patch: op(
        object,
        {
          summary: `Update Many ${plural}`,
          operationId: `updateMany${Plural}`,
          parameters: params('depth', 'filter'),
          requestBody: jsonBody(ref(`${Singular}ForUpdate`)),
        },
        { '200': success(dataEnvelope(`update${Plural}`, arrayOf(response))) },
      ),
    },
    [`/batch/${plural}`]: {
      post: op(
        object,
        {
          summary: `Create Many ${plural}`,
          operationId: `createMany${Plural}`,
          parameters: params('depth', 'upsert'),
          requestBody: jsonBody(arrayOf(ref(Singular)), null),
        },
        { '201': success(dataEnvelope(`create${Plural}`, arrayOf(response))) },
      ),
    },
    [`/${plural}/{id}`]: {
      get: op(
        object,
        {
          summary: `Find One ${singular}`,
          description: `**depth** can be provided to request your **${singular}**`,
          operationId: `findOne${Singular}`,
          parameters: params('idPath', 'depth'),
        },
        { '200': success(dataEnvelope(singular, response)) },
      ),
      delete: op(
        object,
        { summary: `Delete One ${singular}`, operationId: `deleteOne${Singular}`, parameters: params('idPath', 'softDelete') },
        { '200': success(dataEnvelope(`delete${Singular}`, idOnly())) },
      ),
      patch: op(
        object,
        {
          summary: `Update One ${singular}`,
          operationId: `UpdateOne${Singular}`,
          parameters: params('idPath', 'depth'),
          requestBody: jsonBody(ref(`${Singular}ForUpdate`)),
        },
        { '200': success(dataEnvelope(`update${Singular}`, response)) },
      ),
    },
    [`/${plural}/duplicates`]: {
      post: op(
        object,
        {
          summary: `Find ${singular} Duplicates`,
          description: `**depth** can be provided to request your **${singular}**`,
          operationId: `find${Singular}Duplicates`,
          parameters: params('depth'),
          requestBody: jsonBody({
            type: 'object',
            properties: { data: arrayOf(ref(Singular)), ids: arrayOf(uuid()) },
            example: { ids: [EXAMPLE_ID] },
          }),
        },
        {
          '200': success({
            type: 'object',
            properties: {
              data: arrayOf({
                type: 'object',
                properties: {
                  totalCount: { type: 'number' },
                  pageInfo: pageInfo('uuid'),
                  [`${singular}Duplicates`]: arrayOf(response),
                },
              }),
            },
          }),
        },
      ),
    },
    [`/restore/${plural}/{id}`]: {
      patch: op(
        object,
        { summary: `Restore One ${singular}`, operationId: `restoreOne${Singular}`, parameters: params('idPath', 'depth') },
        { '200': success(dataEnvelope(`restore${Singular}`, response)) },
      ),
    },
    [`/restore/${plural}`]: {
      patch: op(
        object,
        { summary: `Restore Many ${plural}`, operationId: `restoreMany${Plural}`, parameters: params('filter', 'depth') },
        { '200': success(dataEnvelope(`restore${Plural}`, arrayOf(response))) },
      ),
    },
    [`/${plural}/merge`]: {
      patch: op(
        object,
        {
          summary: `Merge Many ${plural}`,
          operationId: `mergeMany${Plural}`,
          parameters: params('depth'),
          requestBody: jsonBody({
            type: 'object',
            properties: {
              ids: { type: 'array', description: 'The IDs of the records to merge', items: uuid() },
              conflictPriorityIndex: { type: 'number', description: 'The index of the record to use when conflicts occur' },
              dryRun: {
                description: 'If true, the merge will not be performed and a preview of the merge will be returned.',
                type: 'boolean',
                default: false,
              },
            },
            example: { ids: [EXAMPLE_ID], conflictPriorityIndex: 0, dryRun: false },
            required: ['ids', 'conflictPriorityIndex'],
          }),
        },
        { '200': success(dataEnvelope(`merge${Plural}`, response)) },
      ),
    },
    [`/${plural}/groupBy`]: {
      get: {
        tags: [plural],
        summary: `Group By ${plural}`,
        description: `Groups **${plural}** by specified fields and optionally computes aggregate values for each group.`,
        operationId: `groupBy${Plural}`,
        parameters: params(
          'groupBy', 'filter', 'orderBy', 'limit', 'viewId', 'aggregate', 'includeRecordsSample', 'orderByForRecords',
        ),
        responses: {
          '200': success(
            dataEnvelope(
              `${plural}GroupBy`,
              arrayOf({
                type: 'object',
                properties: {
                  groupByDimensionValues: {
                    type: 'array',
                    description: 'Array of values representing each dimension in the group',
                    items: { type: 'string' },
                  },
                  records: {
                    type: 'array',
                    description: 'Sample of records for this group (only present when include_records_sample is true)',
                    items: response,
                  },
                },
                additionalProperties: { type: 'number', description: 'Aggregate values (e.g., countNotEmptyId)' },
              }),
            ),
          ),
        },
      },
    },
  };
};

/** Not derived from the model: Twenty adds it whether or not the workspace has dashboards. */
export const dashboardDuplicatePath = (): Json => ({
  post: {
    tags: ['dashboards'],
    summary: 'Duplicate a dashboard',
    description: 'Creates a duplicate of an existing dashboard',
    operationId: 'duplicateDashboard',
    parameters: params('idPath'),
    responses: {
      '201': {
        description: 'Dashboard duplicated successfully',
        content: { 'application/json': { schema: ref('DashboardForResponse') } },
      },
      ...errorRefs(),
    },
  },
});
